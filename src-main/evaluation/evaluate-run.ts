// One evaluation as the engine's evaluate job runs it: images in chunks
// (maps of every method, then metrics/evaluate.ts batched across the chunk),
// then the summary (mean ± std), the mean deletion/insertion curves and, when
// asked (the CLI's curves.json), each image's.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { EvaluateResult, EvaluationSpec, ImageCurve, ImageCurves, MeanCurves, MetricStats } from '../api/evaluate-types';
import type { JobProgress, MethodDescriptor, ModelInfo, ParamValues } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import { ownParams, resolveParams } from '../explainers/resolve-params';
import type { Classifier } from '../model/classifier';
import type { Curve } from '../metrics/deletion-insertion';
import { type EvalCell, evaluate, type EvaluateOptions, summarise } from '../metrics/evaluate';
import { getMetric, METRIC_PARAMS, METRICS } from '../api/metrics';
import { evalMethod, modelInput, topClasses } from '../metrics/run-method';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import { type EvalSource, loadMask, maskDir } from './sources';
import { classLabel } from '../shared/class-label';

export type ModelFacts = Pick<ModelInfo, 'name' | 'preprocess' | 'labels' | 'defaultLayer'>;

/** A job context whose progress also says the stage and the images finished (JobProgress.phase, .step). */
export type StagedContext = Omit<BatchContext, 'progress'> & {
  progress(done: number, total: number, message?: string, detail?: Pick<JobProgress, 'phase' | 'step'>): void;
};

export interface EvaluationRun {
  methods: string[];
  metrics: string[];
  options: ParamValues;
  /** One per image: its name, target and cells[method]. */
  rows: { image: string; target: number; cells: EvalCell[] }[];
  seconds: number;
}

const METRIC_SCHEMA: MethodDescriptor = {
  id: 'evaluate',
  label: 'evaluation',
  family: 'control',
  paper: '',
  needsLayer: false,
  usesGradients: false,
  params: [...METRIC_PARAMS],
};

/** Metric options (validated against METRIC_PARAMS, defaults filled in) and their form for metrics/evaluate.ts. */
export function metricOptions(values: ParamValues = {}): { options: ParamValues; evalOptions: Omit<EvaluateOptions, 'preprocess'> } {
  const m = resolveParams(METRIC_SCHEMA, values);
  return {
    options: m,
    evalOptions: {
      steps: m.steps as number,
      deletionSubstrate: m.deletionSubstrate as string,
      insertionSubstrate: m.insertionSubstrate as string,
      batch: m.batch as number,
      tolerance: m.tolerance as number,
      sensitivitySamples: m.sensitivitySamples as number,
      sensitivityRadius: m.sensitivityRadius as number,
      lipschitzSigma: m.lipschitzSigma as number,
      mprtSamples: m.mprtSamples as number,
      mprtSigma: m.mprtSigma as number,
      seed: m.seed as number,
      topKPercent: m.topKPercent as number,
      faithSubsets: m.faithSubsets as number,
      faithSubsetSize: m.faithSubsetSize as number,
      monotonicitySteps: m.monotonicitySteps as number,
      infidelitySamples: m.infidelitySamples as number,
      infidelitySigma: m.infidelitySigma as number,
      infidelityNormalize: m.infidelityNormalize as boolean,
      roadNoise: m.roadNoise as number,
      iouThreshold:
        (m.iouTopPercent as number) > 0
          ? { kind: 'top-percent', value: m.iouTopPercent as number }
          : { kind: 'fraction-of-max', value: m.iouThreshold as number },
    },
  };
}

/** The metrics an evaluation runs: the ones asked for (checked), or every one the masks allow except the opt-in (seconds per image) ones. */
export function chooseMetrics(ids: string[] | undefined, masks: boolean | string | undefined): string[] {
  const metrics = ids?.length ? ids : METRICS.filter((m) => !m.optIn && (!m.needsMask || masks)).map((m) => m.id);
  const needMask = metrics.filter((m) => getMetric(m).needsMask);
  if (!masks && needMask.length) throw new StudioError('bad-request', `${needMask.join(', ')} need ground-truth masks`);
  return metrics;
}

export async function runEvaluation(
  model: Classifier,
  info: ModelFacts,
  sources: readonly EvalSource[],
  spec: EvaluationSpec,
  ctx: StagedContext,
): Promise<EvaluationRun> {
  if (!sources.length) throw new StudioError('no-images', 'no images to evaluate');
  if (!spec.methods.length) throw new StudioError('bad-request', 'no methods to evaluate');
  const metrics = chooseMetrics(spec.metrics, spec.masks);
  const { options, evalOptions } = metricOptions(spec.options);
  const ids = [...new Set(spec.methods)];
  const methods = ids.map((id) => evalMethod(id, model, { layer: spec.layer ?? info.defaultLayer, params: spec.params ?? {}, preprocess: info.preprocess }));
  // Out-of-range parameters fail here, before any work, naming the method.
  for (const m of methods) resolveParams(m.method, ownParams(m.method, spec.params));
  const target = spec.target ?? 'top';
  const chunk = Math.max(1, spec.imageBatch ?? 8);
  const n = sources.length;
  const t0 = performance.now();
  // A monotone overall progress in per-mille: within a chunk, maps fill its first half, metrics the second.
  let last = 0;
  // Structured too: the phase, and the images finished (a chunk's count once all its metrics are done).
  let finished = 0;
  const report = (s: number, e: number, f: number, msg: string, phase: 'maps' | 'metrics'): void => {
    last = Math.max(last, Math.round((1000 * (s + (e - s) * Math.min(1, f))) / n));
    ctx.progress(last, 1000, `images ${s + 1}–${e}/${n}: ${msg}`, { phase, step: { done: finished, total: n, unit: 'images' } });
  };
  // Chunks may run in other engine workers (core/share.ts); rows come back in image order.
  const chunks = Math.ceil(n / chunk);
  const done = await sharedMap(chunks, async (c) => {
    const s = c * chunk;
    const part = sources.slice(s, s + chunk);
    const e = s + part.length;
    const inputs: tf.Tensor4D[] = [];
    try {
      const masks: (Uint8Array | null)[] = [];
      for (const src of part) {
        inputs.push(modelInput(model, await src.load(), info.preprocess));
        const dir = maskDir(src, spec.masks);
        masks.push(dir && src.path ? await loadMask(dir, src.path, model.inputHeight, model.inputWidth, info.preprocess.resize) : null);
      }
      const targets = (await topClasses(model, inputs)).map((t) => (target === 'top' ? t : target));
      if (targets.some((t) => !Number.isInteger(t) || t < 0 || t >= model.numClasses))
        throw new StudioError(
          'bad-target',
          `target ${String(target)} is out of range: ${info.name} has ${model.numClasses} classes (0–${model.numClasses - 1})`,
        );
      const images = [];
      for (const [i, input] of inputs.entries()) {
        const maps = [];
        for (const [j, m] of methods.entries()) {
          maps.push(await m.explain(input, targets[i]));
          report(s, e, (0.5 * (i * methods.length + j + 1)) / (part.length * methods.length), `map ${m.id} of ${part[i].name}`, 'maps');
          await yieldToLoop();
          ctx.signal.check();
        }
        images.push({ input, target: targets[i], mask: masks[i], maps });
      }
      const sub: BatchContext = { signal: ctx.signal, progress: (d, t, msg) => report(s, e, 0.5 + (0.5 * d) / Math.max(1, t), msg ?? 'metrics', 'metrics') };
      const cells = await evaluate(model, images, methods, metrics, { ...evalOptions, preprocess: info.preprocess }, sub);
      finished += part.length;
      report(s, e, 1, 'done', 'metrics');
      return cells.map((cs, i) => ({ image: part[i].name, target: targets[i], cells: cs }));
    } finally {
      for (const t of inputs) t.dispose();
    }
  });
  ctx.signal.check();
  const rows: EvaluationRun['rows'] = done.flat();
  return { methods: ids, metrics, options, rows, seconds: (performance.now() - t0) / 1000 };
}

const finite = (v: number | undefined): number | null => (v != null && Number.isFinite(v) ? v : null);

/** Mean probability curves per method (over the images that have them), on the shared fraction axis. */
export function meanCurves(run: EvaluationRun): Record<string, MeanCurves> {
  return Object.fromEntries(
    run.methods.map((id, j) => {
      const mean = (kind: 'deletion' | 'insertion'): number[] | undefined => {
        const cs = run.rows.map((r) => r.cells[j].curves[kind]).filter((c) => c != null);
        return cs.length ? cs[0].probability.map((_, k) => cs.reduce((a, c) => a + c.probability[k], 0) / cs.length) : undefined;
      };
      const first = run.rows[0]?.cells[j].curves;
      const out: MeanCurves = { fraction: first?.deletion?.fraction ?? first?.insertion?.fraction ?? [] };
      const [del, ins] = [mean('deletion'), mean('insertion')];
      if (del) out.deletion = del;
      if (ins) out.insertion = ins;
      return [id, out];
    }),
  );
}

/** mean ± std per method and value key, non-finite as null. */
export function summaryOf(run: EvaluationRun): Record<string, Record<string, MetricStats>> {
  const raw = summarise(
    run.methods,
    run.rows.map((r) => r.cells),
  );
  return Object.fromEntries(
    Object.entries(raw).map(([m, byKey]) => [
      m,
      Object.fromEntries(Object.entries(byKey).map(([k, s]) => [k, { mean: finite(s.mean), std: finite(s.std), n: s.n }])),
    ]),
  );
}

const apiCurve = (c: Curve): ImageCurve => ({ fraction: c.fraction, probability: c.probability.map(finite), auc: finite(c.auc) });

/** Each image's deletion/insertion curves per method, non-finite as null. */
export function imageCurves(run: EvaluationRun): ImageCurves[] {
  return run.rows.map((r) => ({
    image: r.image,
    target: r.target,
    methods: Object.fromEntries(
      r.cells.map((c, j) => [run.methods[j], Object.fromEntries(Object.entries(c.curves).map(([kind, curve]) => [kind, apiCurve(curve)]))]),
    ),
  }));
}

/** The run as the API returns it; `perImage` adds each image's curves. */
export function evaluationResult(run: EvaluationRun, info: ModelFacts, extra: { jobId: string; backend: string; perImage?: boolean }): EvaluateResult {
  return {
    jobId: extra.jobId,
    model: info.name,
    backend: extra.backend,
    images: run.rows.map((r) => r.image),
    methods: run.methods,
    metrics: run.metrics,
    options: run.options,
    rows: run.rows.flatMap((r) =>
      r.cells.map((c, j) => ({
        image: r.image,
        method: run.methods[j],
        target: r.target,
        label: classLabel(info.labels, r.target),
        values: Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k, finite(v)])),
      })),
    ),
    summary: summaryOf(run),
    curves: meanCurves(run),
    ...(extra.perImage ? { imageCurves: imageCurves(run) } : {}),
    seconds: Math.round(run.seconds * 100) / 100,
  };
}
