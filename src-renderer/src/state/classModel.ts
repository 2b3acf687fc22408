// The class-model view's state: plain data and named pure actions, kept apart
// from the main store (the view owns one run at a time). Frames come from the
// engine's progress stream; the chart reads `history`, export reads `frames`.
import type { ClassModelFrame, ClassModelResult, ClassModelStatus, ParamValues } from '../../../src-main/api/types';
import { CLASS_MODEL_PARAMS } from '../../../src-main/api/class-model-params';
import type { Provenance } from './provenance';

export interface ScorePoint {
  step: number;
  logit: number;
  probability: number;
}

export interface ClassModelView {
  runId: string | null;
  status: ClassModelStatus | 'idle' | 'starting';
  target: number;
  params: ParamValues;
  frame: ClassModelFrame | null;
  history: ScorePoint[];
  /** Frames kept for export (every one streamed, up to MAX_FRAMES; then every other is dropped). */
  frames: ClassModelFrame[];
  result: ClassModelResult | null;
  /** The model (and, for init = image, the image) the run's frames came from. */
  from: Provenance | null;
}

export const MAX_FRAMES = 120;

export const defaultParams = (): ParamValues => Object.fromEntries(CLASS_MODEL_PARAMS.map((p) => [p.name, p.default]));

export const initialClassModel: ClassModelView = {
  runId: null,
  status: 'idle',
  target: 0,
  params: defaultParams(),
  frame: null,
  history: [],
  frames: [],
  result: null,
  from: null,
};

export const classModel = {
  targetSet: (s: ClassModelView, target: number): ClassModelView => ({ ...s, target }),
  paramSet: (s: ClassModelView, name: string, value: number | string | boolean): ClassModelView => ({ ...s, params: { ...s.params, [name]: value } }),
  started: (s: ClassModelView, runId: string, from: Provenance | null = null): ClassModelView => ({
    ...s,
    runId,
    status: 'starting',
    frame: null,
    history: [],
    frames: [],
    result: null,
    from,
  }),
  /**
   * Another model is open: the run (stopped by the controller) and its frames
   * belong to the old one and go; its late frames and end are ignored. The
   * parameters stay; a target the new model lacks falls back to class 0.
   */
  modelChanged: (s: ClassModelView, numClasses: number | null): ClassModelView => ({
    ...initialClassModel,
    params: s.params,
    target: numClasses !== null && s.target < numClasses ? s.target : 0,
  }),
  framed(s: ClassModelView, runId: string, f: ClassModelFrame): ClassModelView {
    if (runId !== s.runId) return s;
    // A reset sends step 0 again: the chart restarts with it.
    const kept = s.history.filter((p) => p.step < f.step);
    const history = [...kept, { step: f.step, logit: f.logit, probability: f.probability }];
    let frames = [...s.frames.filter((x) => x.step < f.step), f];
    if (frames.length > MAX_FRAMES) frames = frames.filter((_, i) => i % 2 === 0 || i === frames.length - 1);
    return { ...s, status: f.status, frame: f, history, frames };
  },
  ended: (s: ClassModelView, runId: string, result: ClassModelResult | null): ClassModelView =>
    runId !== s.runId ? s : { ...s, runId: null, status: result ? result.status : 'idle', result },
};

/**
 * Start is offered with no run, and also once a run has ended or finished its
 * steps: a finished run is kept alive (raising steps continues it), but it must
 * not hold Start hostage until Stop. Starting then replaces it.
 */
export function canStart(s: Pick<ClassModelView, 'runId' | 'status'>): boolean {
  return s.runId === null || s.status === 'done' || s.status === 'stopped';
}

/** The run as a user can reopen it: parameters, the S_c/probability history, and the frames' steps. */
export function runJson(s: ClassModelView, model: string, framePngs: string[] = []): string {
  return JSON.stringify(
    {
      model,
      target: s.target,
      params: s.params,
      history: s.history,
      frames: s.frames.map((f, i) => ({ step: f.step, logit: f.logit, probability: f.probability, png: framePngs[i] })),
    },
    null,
    1,
  );
}
