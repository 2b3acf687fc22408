// The single list of evaluation metrics as plain data: ids, what each needs,
// which way is better, the options it reads. Each metric's score function is
// in scores.ts, paired with this list by its type (a metric without a score,
// or a score without a metric, does not compile). Kept free of tensors: the
// renderer imports this file until it reads the `catalog` operation instead.
import type { MetricDescriptor } from './catalog-types';
import type { ParamSpec } from './types';
import { StudioError } from './errors';
import {
  STEPS,
  DELETION_SUBSTRATE,
  INSERTION_SUBSTRATE,
  BATCH,
  TOLERANCE,
  IOU_THRESHOLD,
  IOU_TOP,
  SENSITIVITY_SAMPLES,
  SENSITIVITY_RADIUS,
  LIPSCHITZ_SIGMA,
  MPRT_SAMPLES,
  MPRT_SIGMA,
  TOP_K_PERCENT,
  FAITH_SUBSETS,
  FAITH_SUBSET_SIZE,
  MONOTONICITY_STEPS,
  INFIDELITY_SAMPLES,
  INFIDELITY_SIGMA,
  INFIDELITY_NORMALIZE,
  ROAD_NOISE,
  SEED,
  BHATT,
  CLEVR_XAI,
  ROAD,
  RISE,
  YEH,
  HEDSTROM,
  GRADCAM_PP,
} from './metric-params';

export type { MetricDescriptor };

const DEFS = [
  {
    id: 'deletion',
    family: 'faithfulness',
    label: 'Deletion AUC',
    paper: RISE,
    higherIsBetter: false,
    params: [STEPS, DELETION_SUBSTRATE, BATCH],
    help: 'Area under the target probability as the most salient pixels are replaced by the substrate (zero by default).',
  },
  {
    id: 'insertion',
    family: 'faithfulness',
    label: 'Insertion AUC',
    paper: RISE,
    higherIsBetter: true,
    params: [STEPS, INSERTION_SUBSTRATE, BATCH],
    help: 'Area under the target probability as the most salient pixels are restored onto the substrate (blur by default).',
  },
  {
    id: 'road-morf',
    family: 'faithfulness',
    optIn: true,
    label: 'ROAD MoRF',
    paper: ROAD,
    higherIsBetter: false,
    params: [ROAD_NOISE, SEED, BATCH],
    help: 'Mean target probability as the 10, 30, 50, 70, 90% most relevant pixels are removed and filled by noisy linear imputation (its fill does not reveal where pixels were removed).',
  },
  {
    id: 'road-lerf',
    family: 'faithfulness',
    optIn: true,
    label: 'ROAD LeRF',
    paper: ROAD,
    higherIsBetter: true,
    params: [ROAD_NOISE, SEED, BATCH],
    help: 'As ROAD MoRF, removing the least relevant pixels first: a faithful map keeps the probability high.',
  },
  {
    id: 'faithfulness-correlation',
    family: 'faithfulness',
    label: 'Faithfulness correlation',
    paper: BHATT,
    higherIsBetter: true,
    params: [FAITH_SUBSETS, FAITH_SUBSET_SIZE, SEED, BATCH],
    help: 'Pearson correlation, over N seeded random pixel subsets, of the subset’s summed attribution and the target-probability drop when it is blacked out.',
  },
  {
    id: 'monotonicity',
    family: 'faithfulness',
    label: 'Monotonicity',
    paper: 'Arya et al. 2019, One Explanation Does Not Fit All (arXiv:1909.03012)',
    higherIsBetter: true,
    params: [MONOTONICITY_STEPS, BATCH],
    help: 'Pixels restored onto black in increasing attribution order: the share of steps where the target probability does not fall (Quantus’ boolean is this = 1).',
  },
  {
    id: 'infidelity',
    family: 'faithfulness',
    label: 'Infidelity',
    paper: YEH,
    higherIsBetter: false,
    params: [INFIDELITY_SAMPLES, INFIDELITY_SIGMA, INFIDELITY_NORMALIZE, SEED, BATCH],
    help: 'E[(I·φ − (f(x) − f(x − I)))²] over N seeded Gaussian perturbations I per pixel, f the target probability; normalised (Captum’s β) by default.',
  },
  {
    id: 'average-drop',
    family: 'faithfulness',
    label: 'Average Drop %',
    paper: GRADCAM_PP,
    higherIsBetter: false,
    params: [BATCH],
    help: 'max(0, Y − O)/Y · 100, Y the target probability of x, O that of x ⊙ map (map in [0,1]).',
  },
  {
    id: 'average-increase',
    family: 'faithfulness',
    label: 'Average Increase %',
    paper: GRADCAM_PP,
    higherIsBetter: true,
    params: [BATCH],
    help: '100 · 1[O > Y]: how often the explanation map raises the confidence.',
  },
  {
    id: 'adcc',
    family: 'faithfulness',
    label: 'ADCC',
    paper: 'Poppi, Cornia, Baraldi & Cucchiara 2021 (arXiv:2104.10252)',
    reexplains: true,
    higherIsBetter: true,
    params: [BATCH],
    parts: ['coherency', 'complexity'],
    help: 'Harmonic mean of Coherency, 1 − Complexity and 1 − Average Drop; re-runs the method on x ⊙ map.',
  },
  {
    id: 'max-sensitivity',
    family: 'robustness',
    optIn: true,
    label: 'Max-sensitivity',
    paper: YEH,
    reexplains: true,
    higherIsBetter: false,
    params: [SENSITIVITY_SAMPLES, SENSITIVITY_RADIUS, SEED],
    help: 'max over N inputs x + U[−r, r] of ‖Φ(x+δ) − Φ(x)‖₂ / ‖Φ(x)‖₂ (Quantus’ normalised form; the paper leaves out the division).',
  },
  {
    id: 'avg-sensitivity',
    family: 'robustness',
    optIn: true,
    label: 'Avg-sensitivity',
    paper: YEH,
    reexplains: true,
    higherIsBetter: false,
    params: [SENSITIVITY_SAMPLES, SENSITIVITY_RADIUS, SEED],
    help: 'The mean over N inputs x + U[−r, r] of ‖Φ(x+δ) − Φ(x)‖₂ / ‖Φ(x)‖₂ (Quantus’ normalised form).',
  },
  {
    id: 'local-lipschitz',
    family: 'robustness',
    optIn: true,
    label: 'Local Lipschitz',
    paper: 'Alvarez-Melis & Jaakkola 2018, On the Robustness of Interpretability Methods (arXiv:1806.08049)',
    reexplains: true,
    higherIsBetter: false,
    params: [SENSITIVITY_SAMPLES, LIPSCHITZ_SIGMA, SEED],
    help: 'max over N inputs x′ = x + N(0, σ²) of ‖Φ(x) − Φ(x′)‖₂ / ‖x − x′‖₂ (map units per model-input unit).',
  },
  {
    id: 'random-logit',
    family: 'randomisation',
    label: 'Random logit',
    paper: 'Sixt, Granz & Landgraf 2020, When Explanations Lie (arXiv:1912.09818)',
    reexplains: true,
    higherIsBetter: false,
    params: [SEED],
    parts: ['otherClass'],
    help: 'SSIM of the map for the target and the map for a random other class (|map|/p99, clipped): low = class-sensitive.',
  },
  {
    id: 'smooth-mprt',
    family: 'randomisation',
    optIn: true,
    label: 'Smooth MPRT',
    paper: HEDSTROM,
    reexplains: true,
    higherIsBetter: false,
    params: [MPRT_SAMPLES, MPRT_SIGMA, SEED],
    help: 'Spearman correlation of |map| between the trained and the fully randomised model, each map averaged over N noisy inputs.',
  },
  {
    id: 'efficient-mprt',
    family: 'randomisation',
    optIn: true,
    label: 'Efficient MPRT',
    paper: HEDSTROM,
    reexplains: true,
    higherIsBetter: true,
    params: [SEED],
    help: 'H(random)/H(trained) − 1, H the entropy of the 100-bin histogram of |map|: the rise in complexity once every layer is randomised.',
  },
  {
    id: 'pointing-game',
    family: 'localisation',
    label: 'Pointing game',
    paper: 'Zhang et al. 2016, Top-down Neural Attention by Excitation Backprop (arXiv:1608.00507)',
    needsMask: true,
    higherIsBetter: true,
    params: [TOLERANCE],
    help: '1 when the map maximum falls in the mask (within the tolerance), else 0.',
  },
  {
    id: 'iou',
    family: 'localisation',
    label: 'IoU',
    paper: 'Zhou et al. 2016, Learning Deep Features for Discriminative Localization (arXiv:1512.04150)',
    needsMask: true,
    higherIsBetter: true,
    params: [IOU_THRESHOLD, IOU_TOP],
    help: 'Intersection over union of the thresholded map (≥ 0.5·max by default) with the mask.',
  },
  {
    id: 'energy-pointing-game',
    family: 'localisation',
    label: 'Energy pointing game',
    paper: 'Wang et al. 2020, Score-CAM (arXiv:1910.01279)',
    needsMask: true,
    higherIsBetter: true,
    help: 'Share of the map’s positive energy inside the mask.',
  },
  {
    id: 'sparseness',
    family: 'complexity',
    label: 'Sparseness (Gini)',
    paper: 'Chalasani et al. 2020, Concise Explanations of Neural Networks using Adversarial Training (arXiv:1810.06583)',
    higherIsBetter: true,
    help: 'Gini index of |map|: 0 when the mass is spread evenly, 1 − 1/n when it sits on one pixel.',
  },
  {
    id: 'complexity',
    family: 'complexity',
    label: 'Complexity (entropy)',
    paper: BHATT,
    higherIsBetter: false,
    help: 'Entropy (nats) of the fractional contribution |a_i|/Σ|a|: ln n for a uniform map, 0 for one pixel.',
  },
  {
    id: 'relevance-mass',
    family: 'localisation',
    label: 'Relevance mass accuracy',
    paper: CLEVR_XAI,
    needsMask: true,
    higherIsBetter: true,
    help: 'Positive relevance inside the mask over all positive relevance.',
  },
  {
    id: 'relevance-rank',
    family: 'localisation',
    label: 'Relevance rank accuracy',
    paper: CLEVR_XAI,
    needsMask: true,
    higherIsBetter: true,
    help: 'Share of the K highest-relevance pixels inside the mask, K = the mask’s size.',
  },
  {
    id: 'top-k-intersection',
    family: 'localisation',
    label: 'Top-k intersection',
    paper: 'Theiner, Müller-Budack & Ewerth 2022, Interpretable Semantic Photo Geolocation (arXiv:2104.14995)',
    needsMask: true,
    higherIsBetter: true,
    params: [TOP_K_PERCENT],
    help: 'Share of the top k% pixels inside the mask (Quantus’ k = 1000 at 224² is about 2%).',
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
