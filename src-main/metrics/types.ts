// The shapes metric scoring shares: a leaf, so evaluate.ts and scores.ts do not import each other.
import type * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';
import type { IouThreshold } from './localisation';

export interface EvalImage {
  /** [1,h,w,c], owned by the caller. */
  input: tf.Tensor4D;
  target: number;
  /** Ground-truth mask [h,w] at the input resolution, or null. */
  mask?: Uint8Array | null;
  /** Raw [h,w] maps, one per method, in the order of `methods`. */
  maps: Float32Array[];
}

export interface EvalMethod {
  id: string;
  /** Re-runs the method (needed by ADCC's coherency). */
  explain?(input: tf.Tensor4D, target: number): Promise<Float32Array>;
  /** Runs the method, with the same options, on another model (the MPRT metrics' randomised copy). */
  explainOn?(model: Classifier, input: tf.Tensor4D, target: number): Promise<Float32Array>;
}

export interface EvaluateOptions {
  steps?: number;
  deletionSubstrate?: string;
  insertionSubstrate?: string;
  batch?: number;
  tolerance?: number;
  iouThreshold?: IouThreshold;
  preprocess?: PreprocessSpec;
  /** Robustness/randomisation metrics; noise levels as fractions of the pixel range. */
  sensitivitySamples?: number;
  sensitivityRadius?: number;
  lipschitzSigma?: number;
  mprtSamples?: number;
  mprtSigma?: number;
  seed?: number;
  /** Top-k intersection: k as a percentage of the map's pixels. */
  topKPercent?: number;
  faithSubsets?: number;
  faithSubsetSize?: number;
  monotonicitySteps?: number;
  infidelitySamples?: number;
  /** Fraction of the pixel range. */
  infidelitySigma?: number;
  infidelityNormalize?: boolean;
  /** ROAD imputation noise σ, model-input units. */
  roadNoise?: number;
}
