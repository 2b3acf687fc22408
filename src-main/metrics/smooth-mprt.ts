// Smooth MPRT (Hedström et al. 2023, "Sanity Checks Revisited", arXiv:2401.06465):
// the model-parameter randomisation test with each explanation denoised first —
// averaged over N inputs x + N(0, σ²) (the same seeded draws for both models) —
// then the Spearman rank correlation of |map| between the trained and the fully
// randomised model (Quantus' SmoothMPRT: abs, Spearman, last layer). Lower is
// better: the method's map depends on the parameters.
import type * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32 } from '../shared/random';
import { type Explain, explainPerturbed } from './sensitivity';
import { spearman } from './similarity';

export interface SmoothOptions {
  samples: number;
  /** Noise standard deviation, in model-input units. */
  sigma: number;
  seed: number;
}

/** The mean of Φ(x + ε_k) over k = 1..N, ε_k ~ N(0, σ²) per element from `seed`. */
export async function denoisedExplanation(
  explain: Explain,
  input: tf.Tensor4D,
  target: number,
  opts: SmoothOptions,
  signal?: { check(): void },
): Promise<Float32Array> {
  const rand = mulberry32(opts.seed);
  const noise = new Float32Array(input.size);
  let sum: Float64Array | null = null;
  for (let k = 0; k < opts.samples; k++) {
    for (let i = 0; i < noise.length; i++) noise[i] = opts.sigma * gaussian(rand);
    const m = await explainPerturbed(explain, input, target, noise);
    signal?.check();
    sum ??= new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) sum[i] += m[i];
  }
  return Float32Array.from(sum ?? [], (v) => v / opts.samples);
}

export async function smoothMprt(
  explainTrained: Explain,
  explainRandomised: Explain,
  input: tf.Tensor4D,
  target: number,
  opts: SmoothOptions,
  signal?: { check(): void },
): Promise<number> {
  const a = await denoisedExplanation(explainTrained, input, target, opts, signal);
  const b = await denoisedExplanation(explainRandomised, input, target, opts, signal);
  return spearman(a.map(Math.abs), b.map(Math.abs));
}
