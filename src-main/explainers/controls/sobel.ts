// Sobel control: the Sobel gradient magnitude of the input (channel mean,
// edges replicated) — Adebayo et al.'s point that an edge detector already
// looks like a saliency map.
import type * as tf from '@tensorflow/tfjs';
import type { Method } from '../types';

async function channelMean(x: tf.Tensor4D): Promise<Float32Array> {
  const [, h, w, c] = x.shape;
  const d = (await x.data()) as Float32Array;
  const g = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += d[p * c + k];
    g[p] = s / c;
  }
  return g;
}

/** Sobel magnitude of a grey [h,w] image, borders replicated. */
export function sobelMagnitude(g: ArrayLike<number>, h: number, w: number): Float32Array {
  const at = (y: number, x: number): number => g[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const gx = at(y - 1, x + 1) + 2 * at(y, x + 1) + at(y + 1, x + 1) - at(y - 1, x - 1) - 2 * at(y, x - 1) - at(y + 1, x - 1);
      const gy = at(y + 1, x - 1) + 2 * at(y + 1, x) + at(y + 1, x + 1) - at(y - 1, x - 1) - 2 * at(y - 1, x) - at(y - 1, x + 1);
      out[y * w + x] = Math.hypot(gx, gy);
    }
  }
  return out;
}

export const sobelEdges: Method = {
  id: 'sobel',
  label: 'Sobel edges (control)',
  family: 'control',
  paper: 'Adebayo et al. 2018, Sanity Checks for Saliency Maps (arXiv:1810.03292): an edge detector as a model-independent baseline',
  needsLayer: false,
  usesGradients: false,
  params: [],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const map = sobelMagnitude(await channelMean(ctx.input), h, w);
    ctx.progress(1, 1);
    return { map, shape: [h, w] };
  },
};
