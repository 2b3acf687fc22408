// The evaluation metrics' options (CLI --set k=v, METRIC_PARAMS) and the
// papers they cite: constants metrics.ts's list shares between its entries.
import type { ParamSpec } from './types';

export const STEPS: ParamSpec = {
  name: 'steps',
  type: 'int',
  default: 20,
  min: 1,
  max: 1000,
  help: 'Deletion/insertion levels after the first (pixels change N/steps at a time).',
};
export const DELETION_SUBSTRATE: ParamSpec = {
  name: 'deletionSubstrate',
  type: 'enum',
  default: 'zero',
  options: ['zero', 'blur', 'mean'],
  help: 'What deleted pixels become.',
};
export const INSERTION_SUBSTRATE: ParamSpec = {
  name: 'insertionSubstrate',
  type: 'enum',
  default: 'blur',
  options: ['zero', 'blur', 'mean'],
  help: 'What the insertion curve starts from.',
};
export const BATCH: ParamSpec = { name: 'batch', type: 'int', default: 32, min: 1, max: 1024, help: 'Perturbed images per forward pass (across images).' };
export const TOLERANCE: ParamSpec = {
  name: 'tolerance',
  type: 'float',
  default: 0,
  min: 0,
  max: 1000,
  help: 'Pointing-game tolerance in model-input pixels (the paper uses 15 at full resolution).',
};
export const IOU_THRESHOLD: ParamSpec = {
  name: 'iouThreshold',
  type: 'float',
  default: 0.5,
  min: 0,
  max: 1,
  help: 'IoU region: map ≥ this fraction of its maximum.',
};
export const IOU_TOP: ParamSpec = {
  name: 'iouTopPercent',
  type: 'float',
  default: 0,
  min: 0,
  max: 100,
  help: 'When > 0, the IoU region is the top k% pixels instead.',
};

// Robustness and randomisation. Noise levels are fractions of the pixel range
// (v in [0,1]), turned into model-input units through the model's preprocessing.
export const SENSITIVITY_SAMPLES: ParamSpec = {
  name: 'sensitivitySamples',
  type: 'int',
  default: 10,
  min: 1,
  max: 1000,
  help: 'Noisy re-explanations per image for max/avg sensitivity and the local Lipschitz estimate.',
};
// 0.02 of the range is about ±5 grey levels: invisible, so a faithful map should barely move.
export const SENSITIVITY_RADIUS: ParamSpec = {
  name: 'sensitivityRadius',
  type: 'float',
  default: 0.02,
  min: 0,
  max: 1,
  help: 'Sensitivity noise: uniform in ±this fraction of the pixel range, per element.',
};
export const LIPSCHITZ_SIGMA: ParamSpec = {
  name: 'lipschitzSigma',
  type: 'float',
  default: 0.02,
  min: 0,
  max: 1,
  help: 'Local Lipschitz noise: Gaussian σ as a fraction of the pixel range.',
};
export const MPRT_SAMPLES: ParamSpec = {
  name: 'mprtSamples',
  type: 'int',
  default: 10,
  min: 1,
  max: 1000,
  help: 'Smooth MPRT: noisy inputs each map is averaged over, per model (the paper uses 50).',
};
export const MPRT_SIGMA: ParamSpec = {
  name: 'mprtSigma',
  type: 'float',
  default: 0.1,
  min: 0,
  max: 1,
  help: 'Smooth MPRT: Gaussian σ as a fraction of the pixel range (the paper’s 0.1).',
};
export const TOP_K_PERCENT: ParamSpec = {
  name: 'topKPercent',
  type: 'float',
  default: 2,
  min: 0,
  max: 100,
  help: 'Top-k intersection: k as a percentage of the map’s pixels.',
};
export const FAITH_SUBSETS: ParamSpec = {
  name: 'faithSubsets',
  type: 'int',
  default: 50,
  min: 2,
  max: 10000,
  help: 'Faithfulness correlation: random subsets per image (Quantus uses 100).',
};
export const FAITH_SUBSET_SIZE: ParamSpec = {
  name: 'faithSubsetSize',
  type: 'int',
  default: 224,
  min: 1,
  max: 1000000,
  help: 'Faithfulness correlation: pixels per subset (Quantus’ 224).',
};
export const MONOTONICITY_STEPS: ParamSpec = {
  name: 'monotonicitySteps',
  type: 'int',
  default: 20,
  min: 1,
  max: 1000,
  help: 'Monotonicity: pixel chunks restored one after another.',
};
export const INFIDELITY_SAMPLES: ParamSpec = {
  name: 'infidelitySamples',
  type: 'int',
  default: 50,
  min: 1,
  max: 10000,
  help: 'Infidelity: Gaussian perturbations per image.',
};
export const INFIDELITY_SIGMA: ParamSpec = {
  name: 'infidelitySigma',
  type: 'float',
  default: 0.05,
  min: 0,
  max: 1,
  help: 'Infidelity: noise σ per pixel as a fraction of the pixel range.',
};
export const INFIDELITY_NORMALIZE: ParamSpec = {
  name: 'infidelityNormalize',
  type: 'bool',
  default: true,
  help: 'Infidelity: scale the map by the least-squares β first (Captum normalize=True), so map units do not matter.',
};
export const ROAD_NOISE: ParamSpec = {
  name: 'roadNoise',
  type: 'float',
  default: 0.01,
  min: 0,
  max: 10,
  help: 'ROAD: Gaussian σ added to imputed pixels, in model-input units (the reference code’s 0.01 on normalised images).',
};
export const SEED: ParamSpec = {
  name: 'seed',
  type: 'int',
  default: 0,
  min: 0,
  max: 2 ** 31 - 1,
  help: 'Seed of the metrics’ noise, random class and model randomisation.',
};

export const BHATT = 'Bhatt, Weller & Moura 2020, Evaluating and Aggregating Feature-based Model Explanations (arXiv:2005.00631)';
export const CLEVR_XAI = 'Arras, Osman & Samek 2022, CLEVR-XAI (arXiv:2003.07258)';
export const ROAD = 'Rong et al. 2022, A Consistent and Efficient Evaluation Strategy for Attribution Methods (arXiv:2202.00449)';
export const RISE = 'Petsiuk, Das & Saenko 2018, RISE (arXiv:1806.07421)';
export const YEH = 'Yeh et al. 2019, On the (In)fidelity and Sensitivity of Explanations (arXiv:1901.09392)';
export const HEDSTROM = 'Hedström et al. 2023, Sanity Checks Revisited (arXiv:2401.06465)';
export const GRADCAM_PP = 'Chattopadhyay et al. 2018, Grad-CAM++ (arXiv:1710.11063)';
