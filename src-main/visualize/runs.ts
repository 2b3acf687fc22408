// The engine's table of live class-model runs: start one (it resolves when it
// stops), and reach a running one by id to change its parameters or to pause,
// resume, step, reset or stop it. Frames go out as JobProgress.frame.
import type * as tf from '@tensorflow/tfjs';
import type { ClassModelAction, ClassModelRequest, ClassModelResult, ClassModelStatus, ClassScore, JobProgress, ModelInfo, ParamValues } from '../api/types';
import { StudioError } from '../api/errors';
import type { CancelSignal } from '../explainers/types';
import type { Classifier } from '../model/classifier';
import { ClassModelOptimiser, resolveClassModelParams } from './class-model';
import { ClassModelSession } from './session';
import { classLabel } from '../shared/class-label';

export interface RunDeps {
  info: ModelInfo;
  classifier: Classifier;
  /** The open image as model input, for init = "image" (the caller disposes nothing: the run does). */
  startImage: (() => tf.Tensor4D) | null;
  signal: CancelSignal;
  emit(p: JobProgress): void;
}

export class ClassModelRuns {
  private runs = new Map<string, ClassModelSession>();

  async run(req: ClassModelRequest, deps: RunDeps): Promise<ClassModelResult> {
    const t0 = performance.now();
    const { info, classifier } = deps;
    if (this.runs.has(req.jobId)) throw new StudioError('duplicate-job', `a class-model run "${req.jobId}" is already live`);
    if (!Number.isInteger(req.target) || req.target < 0 || req.target >= info.numClasses) {
      throw new StudioError(
        'bad-target',
        `target ${String(req.target)} is out of range: ${info.name} has ${info.numClasses} classes (0–${info.numClasses - 1})`,
      );
    }
    const params = resolveClassModelParams(req.params);
    if (params.init === 'image' && !deps.startImage) throw new StudioError('bad-request', 'init "image" needs an open image (imageId)');
    const image = params.init === 'image' ? deps.startImage!() : undefined;
    const opt = new ClassModelOptimiser(classifier, req.target, info.preprocess, { kind: params.init, seed: params.seed, image });
    image?.dispose();
    const session = new ClassModelSession(
      opt,
      params,
      deps.signal,
      (frame) =>
        deps.emit({
          jobId: req.jobId,
          done: frame.step,
          total: frame.steps,
          message: `step ${frame.step}/${frame.steps}: S_c ${frame.logit.toFixed(3)}`,
          frame,
        }),
      req.keepAlive === true,
    );
    this.runs.set(req.jobId, session);
    try {
      const end = await session.run();
      const label = (i: number) => classLabel(info.labels, i);
      const top: ClassScore = { index: end.score.top, label: label(end.score.top), logit: end.score.topLogit, probability: end.score.topProbability };
      return {
        jobId: req.jobId,
        status: end.status,
        target: { index: req.target, label: label(req.target), logit: end.score.logit, probability: end.score.probability },
        top,
        steps: end.score.step,
        ms: performance.now() - t0,
        params: end.params as unknown as ParamValues,
        history: end.history.map(({ step, logit, probability, top: t }) => ({ step, logit, probability, top: t })),
        image: { rgba: end.image.data, width: end.image.width, height: end.image.height },
      };
    } finally {
      this.runs.delete(req.jobId);
      opt.dispose();
    }
  }

  private get(runId: string): ClassModelSession {
    const s = this.runs.get(runId);
    if (!s) throw new StudioError('unknown-run', `no live class-model run "${runId}"`);
    return s;
  }

  update(req: { runId: string; params: ParamValues }): { params: ParamValues } {
    return { params: this.get(req.runId).update(req.params) as unknown as ParamValues };
  }

  control(req: { runId: string; action: ClassModelAction }): { status: ClassModelStatus } {
    return { status: this.get(req.runId).control(req.action) };
  }

  /** A cancelled run may be asleep (paused): wake it so it sees its token. */
  wake(runId: string): void {
    this.runs.get(runId)?.control('resume');
  }
}
