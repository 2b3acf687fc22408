// The single list of evaluation metrics as plain data: ids, what each needs,
// which way is better, the options it reads. Each metric's score function is
// in scores.ts, paired with this list by its type (a metric without a score,
// or a score without a metric, does not compile). Kept free of tensors: the
// renderer imports this file until it reads the `catalog` operation instead.
import type { MetricDescriptor } from './catalog-types';
import type { ParamSpec } from './types';
import { StudioError } from './errors';

export type { MetricDescriptor };

const STEPS: ParamSpec = {
  name: 'steps',
  type: 'int',
  default: 20,
  min: 1,
  max: 1000,
  help: 'Deletion/insertion levels after the first (pixels change N/steps at a time).',
};
const DELETION_SUBSTRATE: ParamSpec = {
  name: 'deletionSubstrate',
  type: 'enum',
  default: 'zero',
  options: ['zero', 'blur', 'mean'],
  help: 'What deleted pixels become.',
};
const INSERTION_SUBSTRATE: ParamSpec = {
  name: 'insertionSubstrate',
  type: 'enum',
  default: 'blur',
  options: ['zero', 'blur', 'mean'],
  help: 'What the insertion curve starts from.',
};
const BATCH: ParamSpec = { name: 'batch', type: 'int', default: 32, min: 1, max: 1024, help: 'Perturbed images per forward pass (across images).' };
const TOLERANCE: ParamSpec = {
  name: 'tolerance',
  type: 'float',
  default: 0,
  min: 0,
  max: 1000,
  help: 'Pointing-game tolerance in model-input pixels (the paper uses 15 at full resolution).',
};
const IOU_THRESHOLD: ParamSpec = { name: 'iouThreshold', type: 'float', default: 0.5, min: 0, max: 1, help: 'IoU region: map ≥ this fraction of its maximum.' };
const IOU_TOP: ParamSpec = {
  name: 'iouTopPercent',
  type: 'float',
  default: 0,
  min: 0,
  max: 100,
  help: 'When > 0, the IoU region is the top k% pixels instead.',
};

const RISE = 'Petsiuk, Das & Saenko 2018, RISE (arXiv:1806.07421)';
const GRADCAM_PP = 'Chattopadhyay et al. 2018, Grad-CAM++ (arXiv:1710.11063)';

const DEFS = [
  {
    id: 'deletion',
    label: 'Deletion AUC',
    paper: RISE,
    higherIsBetter: false,
    params: [STEPS, DELETION_SUBSTRATE, BATCH],
    help: 'Area under the target probability as the most salient pixels are replaced by the substrate (zero by default).',
  },
  {
    id: 'insertion',
    label: 'Insertion AUC',
    paper: RISE,
    higherIsBetter: true,
    params: [STEPS, INSERTION_SUBSTRATE, BATCH],
    help: 'Area under the target probability as the most salient pixels are restored onto the substrate (blur by default).',
  },
  {
    id: 'average-drop',
    label: 'Average Drop %',
    paper: GRADCAM_PP,
    higherIsBetter: false,
    params: [BATCH],
    help: 'max(0, Y − O)/Y · 100, Y the target probability of x, O that of x ⊙ map (map in [0,1]).',
  },
  {
    id: 'average-increase',
    label: 'Average Increase %',
    paper: GRADCAM_PP,
    higherIsBetter: true,
    params: [BATCH],
    help: '100 · 1[O > Y]: how often the explanation map raises the confidence.',
  },
  {
    id: 'adcc',
    label: 'ADCC',
    paper: 'Poppi, Cornia, Baraldi & Cucchiara 2021 (arXiv:2104.10252)',
    reexplains: true,
    higherIsBetter: true,
    params: [BATCH],
    parts: ['coherency', 'complexity'],
    help: 'Harmonic mean of Coherency, 1 − Complexity and 1 − Average Drop; re-runs the method on x ⊙ map.',
  },
  {
    id: 'pointing-game',
    label: 'Pointing game',
    paper: 'Zhang et al. 2016, Top-down Neural Attention by Excitation Backprop (arXiv:1608.00507)',
    needsMask: true,
    higherIsBetter: true,
    params: [TOLERANCE],
    help: '1 when the map maximum falls in the mask (within the tolerance), else 0.',
  },
  {
    id: 'iou',
    label: 'IoU',
    paper: 'Zhou et al. 2016, Learning Deep Features for Discriminative Localization (arXiv:1512.04150)',
    needsMask: true,
    higherIsBetter: true,
    params: [IOU_THRESHOLD, IOU_TOP],
    help: 'Intersection over union of the thresholded map (≥ 0.5·max by default) with the mask.',
  },
  {
    id: 'energy-pointing-game',
    label: 'Energy pointing game',
    paper: 'Wang et al. 2020, Score-CAM (arXiv:1910.01279)',
    needsMask: true,
    higherIsBetter: true,
    help: 'Share of the map’s positive energy inside the mask.',
  },
] as const satisfies readonly MetricDescriptor[];

export type MetricId = (typeof DEFS)[number]['id'];

/** A metric with the older spellings of its flags, which the renderer and the CLI still read. */
export interface MetricEntry extends MetricDescriptor {
  /** @deprecated needsMask and reexplains say it. model: forward passes; reexplain: re-runs the method; mask: a ground-truth mask. */
  needs: 'model' | 'reexplain' | 'mask';
  /** @deprecated higherIsBetter says it. */
  better: 'higher' | 'lower';
}

export const METRICS: readonly MetricEntry[] = DEFS.map((d: MetricDescriptor) => ({
  ...d,
  needs: d.needsMask ? 'mask' : d.reexplains ? 'reexplain' : 'model',
  better: d.higherIsBetter ? 'higher' : 'lower',
}));

/** The options the metrics read (CLI --set k=v), each once, in the order the metrics list them. */
export const METRIC_PARAMS: readonly ParamSpec[] = [...new Map(METRICS.flatMap((m) => m.params ?? []).map((p) => [p.name, p])).values()];

export function getMetric(id: string): MetricEntry {
  const m = METRICS.find((x) => x.id === id);
  if (!m) throw new StudioError('unknown-metric', `unknown metric "${id}" (known: ${METRICS.map((x) => x.id).join(', ')})`);
  return m;
}

/** The metric as the catalog gives it: the descriptor without the older spellings. */
export function describeMetric({ needs: _needs, better: _better, ...d }: MetricEntry): MetricDescriptor {
  return { ...d, ...(d.params && { params: d.params.map((p) => ({ ...p })) }), ...(d.parts && { parts: [...d.parts] }) };
}
