// The class-model view (Simonyan et al. 2013 §2): sliders over the optimiser's
// parameters, run controls, the live image on a Konva layer, and a live chart
// of S_c and the class probability. Exports the image, the run and its frames.
import { useMemo } from 'react';
import { Image as KonvaImage, Layer, Stage } from 'react-konva';
import { CLASS_MODEL_PARAMS } from '../../../src-main/api/class-model-params';
import { classLabel } from '../../../src-main/shared/class-label';
import { useStudio, useStudioState } from '../context';
import { filmstrip, rgbaCanvas, saveJson, savePng } from '../render/download';
import { canStart, runJson } from '../state/classModel';
import { useStore } from '../state/store';
import { Panel } from './Panel';
import { ParamForm, type SliderRange } from './ParamForm';
import { ResultSource } from './ResultSource';
import { ScoreChart } from './ScoreChart';

const SIDE = 224;

/** Slider ranges: narrower than the schema's limits, where the useful values are (seed stays a number box). */
const SLIDERS: Record<string, SliderRange> = {
  steps: [10, 5000, 10],
  lr: [0.001, 0.2, 0.001],
  l2: [0, 0.01, 0.0001],
  blurSigma: [0, 3, 0.1],
  blurEvery: [1, 20, 1],
  jitter: [0, 16, 1],
  tv: [0, 1, 0.01],
  clipNorm: [0, 90, 1],
  clipContrib: [0, 90, 1],
  frameEvery: [1, 50, 1],
};
const labelOf = (name: string) => `class model ${name}`;

export function ClassModelPanel() {
  const { classModel: cm } = useStudio();
  const model = useStudioState((s) => s.model);
  const view = useStore(cm.store, (s) => s);
  const { setTarget, setParam, start, control } = cm;
  const canvas = useMemo(() => (view.frame ? rgbaCanvas(view.frame) : null), [view.frame]);
  if (!model) return null;
  const live = view.runId !== null;
  const label = (i: number) => classLabel(model.labels, i);
  const scale = view.frame ? SIDE / Math.max(view.frame.width, view.frame.height) : 1;
  const stem = `class-model-${model.name.replace(/\W+/g, '_')}-${view.target}`;
  return (
    <Panel title="Class model" className="class-model">
      <p className="hint muted">Gradient ascent on the image (never the weights) maximising S_c − λ‖I‖² (Simonyan et al. 2013).</p>
      <label className="cm-param">
        target{' '}
        <select aria-label="class-model target" value={view.target} disabled={live} onChange={(e) => setTarget(Number(e.target.value))}>
          {Array.from({ length: model.numClasses }, (_, i) => (
            <option key={i} value={i}>
              {model.labels ? `${i}: ${label(i)}` : label(i)}
            </option>
          ))}
        </select>
      </label>
      <ParamForm params={CLASS_MODEL_PARAMS} values={view.params} disabled={false} onChange={setParam} sliders={SLIDERS} labelOf={labelOf} compact />
      <div className="button-row">
        <button type="button" className="primary" disabled={!canStart(view)} onClick={() => void start()}>
          Start
        </button>
        <button type="button" disabled={!live || view.status !== 'running'} onClick={() => void control('pause')}>
          Pause
        </button>
        <button type="button" disabled={!live || view.status === 'running'} onClick={() => void control('resume')}>
          Resume
        </button>
        <button type="button" disabled={!live || view.status === 'running'} onClick={() => void control('step')}>
          Step
        </button>
        <button type="button" disabled={!live} onClick={() => void control('reset')}>
          Reset
        </button>
        <button type="button" disabled={!live} onClick={() => void control('stop')}>
          Stop
        </button>
      </div>
      <ResultSource from={view.from} testId="cm-source">
        <p className="hint" data-testid="cm-status">
          {view.status}
          {view.frame ? ` · step ${view.frame.step}/${view.frame.steps} · classified as ${view.frame.top} (${label(view.frame.top)})` : ''}
        </p>
        <div className="cm-live">
          <Stage width={SIDE} height={SIDE} className="cm-stage">
            <Layer listening={false} imageSmoothingEnabled={false}>
              {canvas && view.frame && <KonvaImage image={canvas} width={view.frame.width * scale} height={view.frame.height * scale} />}
            </Layer>
          </Stage>
          <ScoreChart history={view.history} />
        </div>
      </ResultSource>
      <div className="button-row">
        <button
          type="button"
          disabled={!view.frame}
          onClick={() => view.frame && savePng(rgbaCanvas(view.frame, Math.max(1, Math.round(scale))), `${stem}.png`)}
        >
          Export PNG
        </button>
        <button
          type="button"
          disabled={!view.history.length}
          onClick={() =>
            saveJson(
              runJson(
                view,
                model.path,
                view.frames.map((f) => rgbaCanvas(f).toDataURL('image/png')),
              ),
              `${stem}.run.json`,
            )
          }
        >
          Export run JSON
        </button>
        <button type="button" disabled={!view.frames.length} onClick={() => savePng(filmstrip(view.frames), `${stem}.frames.png`)}>
          Export frames
        </button>
      </div>
    </Panel>
  );
}
