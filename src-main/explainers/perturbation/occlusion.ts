// Occlusion (Zeiler & Fergus 2014): slide a window over the input, hide what
// it covers, and record the drop of the class score. A pixel's attribution is
// the mean drop over the windows that cover it (positive = hiding it lowers the
// score = important), as Captum's Occlusion. When the stride does not divide
// (side − window), both cover the far edge, differently: we add a last full
// window flush with the edge; Captum steps on to the next multiple of the
// stride and truncates that window at the edge. Only pixels in the last rows
// and columns differ. Pixels no window covers (stride > window, which Captum
// refuses) get 0.
import * as tf from '@tensorflow/tfjs';
import { scoreInBatchesAsync } from '../batches';
import type { Method } from '../types';
import { batchParam, fillParam, hiddenImage, outputParam, seedParam, forwardTargetScore, type Output } from './common';
import { composite } from './fill';

/** Window starts along one side: 0, s, 2s, … plus a last one flush with the edge. */
export function windowStarts(side: number, window: number, stride: number): number[] {
  const win = Math.min(window, side);
  const out: number[] = [];
  for (let s = 0; s + win <= side; s += stride) out.push(s);
  if (out[out.length - 1] + win < side) out.push(side - win);
  return out;
}

/** Default window for a side: about 1/14 of it (16 px at 224², 2 px at 28² → at least 3). */
export const autoWindow = (h: number, w: number): number => Math.max(3, Math.round(Math.min(h, w) / 14));

/** Keep masks [n,h,w,1] (0 inside the window) for windows [start, end) of the list; null = nothing hidden. */
function windowMasks(wins: ([number, number] | null)[], start: number, end: number, h: number, w: number, wy: number, wx: number): tf.Tensor4D {
  return tf.tidy(() => {
    const n = end - start;
    const rows = new Float32Array(n * h);
    const cols = new Float32Array(n * w);
    for (let i = 0; i < n; i++) {
      const win = wins[start + i];
      if (!win) continue;
      const [y0, x0] = win;
      rows.fill(1, i * h + y0, i * h + y0 + wy);
      cols.fill(1, i * w + x0, i * w + x0 + wx);
    }
    const inside = tf.tensor4d(rows, [n, h, 1, 1]).mul(tf.tensor4d(cols, [n, 1, w, 1]));
    return tf.sub(1, inside) as tf.Tensor4D;
  });
}

export const occlusion: Method = {
  id: 'occlusion',
  label: 'Occlusion',
  family: 'perturbation',
  paper: 'Zeiler & Fergus 2014, Visualizing and Understanding Convolutional Networks (arXiv:1311.2901).',
  peers:
    "Differs from Captum 0.8 where the stride does not divide (side − window): our last window is a full one flush with each edge, Captum's is truncated at the edge; only the last rows and columns differ",
  needsLayer: false,
  usesGradients: false,
  parallel: 'forward',
  params: [
    {
      name: 'window',
      type: 'int',
      default: 0,
      min: 0,
      max: 4096,
      help: 'Side of the square window in pixels of the model input; 0 = about 1/14 of the side (16 at 224², 3 at 28²).',
    },
    { name: 'stride', type: 'int', default: 0, min: 0, max: 4096, help: 'Step between windows in pixels; 0 = half the window.' },
    fillParam('zero'),
    outputParam('logit'),
    batchParam,
    seedParam,
  ],
  async run(ctx) {
    ctx.signal.check();
    const { batch, output, seed } = ctx.params as { batch: number; output: Output; seed: number };
    const [, h, w] = ctx.input.shape;
    const win = (ctx.params.window as number) || autoWindow(h, w);
    const stride = (ctx.params.stride as number) || Math.max(1, Math.ceil(win / 2));
    const [wy, wx] = [Math.min(win, h), Math.min(win, w)];
    const ys = windowStarts(h, wy, stride);
    const xs = windowStarts(w, wx, stride);
    const wins: [number, number][] = ys.flatMap((y) => xs.map((x): [number, number] => [y, x]));
    const hidden = hiddenImage(ctx, seed);
    try {
      // Item 0 is the unoccluded input, scored in the first batch rather than in a pass of its own.
      const items = [null, ...wins];
      const scores = await scoreInBatchesAsync(
        ctx,
        items.length,
        batch,
        (s, e) => composite(ctx.input, hidden, windowMasks(items, s, e, h, w, wy, wx)),
        (b) => forwardTargetScore(ctx.model, b as tf.Tensor4D, ctx.target, output),
        'occluded forward passes',
      );
      const s0 = scores[0];
      const sum = new Float64Array(h * w);
      const count = new Float64Array(h * w);
      wins.forEach(([y0, x0], i) => {
        const drop = s0 - scores[i + 1];
        for (let y = y0; y < y0 + wy; y++) {
          for (let x = x0; x < x0 + wx; x++) {
            sum[y * w + x] += drop;
            count[y * w + x]++;
          }
        }
      });
      const map = Float32Array.from(sum, (v, i) => (count[i] ? v / count[i] : 0));
      return { map, shape: [h, w], extras: { windows: wins.length, window: win, stride, scoreInput: s0 } };
    } finally {
      hidden.dispose();
    }
  },
};
