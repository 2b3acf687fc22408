// What every explainer receives and returns. A method is a descriptor (read by
// the UI, the CLI and the tests) plus `run`.
import type * as tf from '@tensorflow/tfjs';
import type { MethodDescriptor, ParamValues, PreprocessSpec } from '../api/types';
import type { Classifier } from '../model/classifier';

import type { CancelSignal } from '../core/jobs';

export type { CancelSignal };

export interface ExplainContext {
  model: Classifier;
  /** Preprocessed input, [1, h, w, c]. Owned by the caller: do not dispose. */
  input: tf.Tensor4D;
  target: number;
  layer: string | null;
  params: ParamValues;
  /** The model's preprocessing, for methods that bring in other images (baselines). */
  preprocess?: PreprocessSpec;
  /**
   * User-drawn regions at the model-input resolution, row-major [h, w]: each
   * pixel's region label 0..count−1. LIME and KernelSHAP use them as their
   * interpretable features instead of superpixels when given.
   */
  regions?: { labels: Int32Array; count: number };
  signal: CancelSignal;
  progress(done: number, total: number, message?: string): void;
}

export interface MethodOutput {
  /** Row-major [h, w] at the model-input resolution, raw signed values. */
  map: Float32Array;
  shape: [number, number];
  extras?: Record<string, number | string | number[]>;
  /** Native-resolution map of activation-based methods (see ExplainResult.grid). */
  grid?: { data: Float32Array; shape: [number, number]; layer: string };
}

export interface Method extends MethodDescriptor {
  run(ctx: ExplainContext): Promise<MethodOutput>;
}
