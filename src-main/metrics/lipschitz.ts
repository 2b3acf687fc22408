// Local Lipschitz estimate (Alvarez-Melis & Jaakkola 2018, arXiv:1806.08049):
//   L(x) = max_k ‖Φ(x) − Φ(x'_k)‖₂ / ‖x − x'_k‖₂,   x'_k = x + N(0, σ²) per element (seeded),
// a sampled stand-in for the paper's optimisation over a ball. Lower is more
// robust; it is in map units per input unit, so compare methods on one model.
import type * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32 } from '../shared/random';
import { type Explain, explainPerturbed, l2, l2Distance } from './sensitivity';

export interface LipschitzOptions {
  samples: number;
  /** Noise standard deviation, in model-input units. */
  sigma: number;
  seed: number;
}

export async function localLipschitz(
  explain: Explain,
  input: tf.Tensor4D,
  target: number,
  map: Float32Array,
  opts: LipschitzOptions,
  signal?: { check(): void },
): Promise<number> {
  if (opts.samples < 1 || !(opts.sigma > 0)) return NaN;
  const rand = mulberry32(opts.seed);
  const noise = new Float32Array(input.size);
  let max = -Infinity;
  for (let k = 0; k < opts.samples; k++) {
    for (let i = 0; i < noise.length; i++) noise[i] = opts.sigma * gaussian(rand);
    const m = await explainPerturbed(explain, input, target, noise);
    signal?.check();
    max = Math.max(max, l2Distance(map, m) / l2(noise));
  }
  return max;
}
