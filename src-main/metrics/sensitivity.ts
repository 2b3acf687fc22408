// Max- and average-sensitivity (Yeh et al. 2019, arXiv:1901.09392), in
// Quantus' normalised form: the method is re-run at N inputs x + δ, δ drawn
// uniformly from [−r, r] per element (an L∞ ball, seeded), and
//   SENS_max = max_k ‖Φ(x + δ_k) − Φ(x)‖₂ / ‖Φ(x)‖₂,   SENS_avg = the mean.
// Dividing by ‖Φ(x)‖₂ makes methods of different scales comparable (Yeh et al.
// report the raw norm). Lower is more robust. A zero map has no relative change: NaN.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../shared/random';

export type Explain = (x: tf.Tensor4D, target: number) => Promise<Float32Array>;

export interface SensitivityOptions {
  samples: number;
  /** Half-width of the uniform noise, in model-input units. */
  radius: number;
  seed: number;
}

export function l2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

export function l2Distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** x + noise, noise filled by `draw` (element by element, so a seed gives the same inputs on any backend). */
export async function explainPerturbed(explain: Explain, input: tf.Tensor4D, target: number, noise: Float32Array): Promise<Float32Array> {
  const x = tf.tidy(() => input.add(tf.tensor(noise, input.shape)) as tf.Tensor4D);
  try {
    return await explain(x, target);
  } finally {
    x.dispose();
  }
}

export async function sensitivity(
  explain: Explain,
  input: tf.Tensor4D,
  target: number,
  map: Float32Array,
  opts: SensitivityOptions,
  signal?: { check(): void },
): Promise<{ max: number; avg: number }> {
  const norm = l2(map);
  if (!(norm > 0) || opts.samples < 1) return { max: NaN, avg: NaN };
  const rand = mulberry32(opts.seed);
  const noise = new Float32Array(input.size);
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < opts.samples; k++) {
    for (let i = 0; i < noise.length; i++) noise[i] = (2 * rand() - 1) * opts.radius;
    const m = await explainPerturbed(explain, input, target, noise);
    signal?.check();
    const r = l2Distance(m, map) / norm;
    max = Math.max(max, r);
    sum += r;
  }
  return { max, avg: sum / opts.samples };
}
