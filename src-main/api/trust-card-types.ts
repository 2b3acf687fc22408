// The trust card (issue 19 item 7): a few checks of one map that take seconds,
// each with a one-line reading. Plain data: it crosses every host boundary.
import type { ClassScore, ParamValues, TargetSpec } from './common';

/** The measured values; NaN where a check could not be computed, absent where it does not apply. */
export interface TrustValues {
  /** Gini index of |map| in [0, 1). */
  sparseness: number;
  /** Max relative L2 change of the map over `samples` noisy inputs, and the mean. */
  maxSensitivity: number;
  avgSensitivity: number;
  /** Noise half-width as a fraction of the pixel range, and the number of samples. */
  radius: number;
  samples: number;
  /** SSIM of the map to the map of `otherClass`. */
  randomLogitSsim: number;
  otherClass: number;
  /** ADCC of the map and of Fake-CAM on the same image; absent without a CAM layer. */
  adcc?: number;
  fakeCamAdcc?: number;
}

export type TrustStatus = 'ok' | 'warn' | 'na';

export interface TrustLine {
  check: 'sparseness' | 'max-sensitivity' | 'random-logit' | 'fake-cam-adcc';
  label: string;
  /** The value shown, formatted. */
  value: string;
  status: TrustStatus;
  reading: string;
  paper: string;
}

export interface TrustCardRequest {
  jobId: string;
  modelId: string;
  imageId: string;
  method: string;
  target?: TargetSpec;
  layer?: string | null;
  params?: ParamValues;
  /** Sensitivity samples (default 10) and noise half-width as a fraction of the pixel range (default 0.02). */
  samples?: number;
  radius?: number;
  seed?: number;
}

export interface TrustCardResult {
  jobId: string;
  method: string;
  target: ClassScore;
  /** The map the checks were computed on (the method re-run here). */
  map: Float32Array;
  shape: [number, number];
  values: TrustValues;
  lines: TrustLine[];
  ms: number;
}
