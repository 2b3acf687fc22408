// Controls evaluated beside every method: maps that know nothing about the
// model, so a metric that scores them as well as real methods measures nothing.
//  - random-map: uniform noise, seeded by the `seed` parameter and the input's
//    content, so it is reproducible yet different for x and x ⊙ m (a fixed
//    draw would make ADCC's coherency a perfect 1 for noise).
//  - fake-cam: Poppi et al.'s Fake-CAM (explainers/cam/fake-cam.ts).
//  - sobel: the Sobel gradient magnitude of the input (channel mean, edges
//    replicated) — Adebayo et al.'s point that an edge detector already looks
//    like a saliency map.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { fakeCam } from '../explainers/cam/fake-cam';
import { getMethod } from '../explainers/registry';
import type { Method } from '../explainers/types';
import { mulberry32 } from '../shared/random';

/** FNV-1a over the float bits of the input: a content hash for seeding. */
function contentHash(data: Float32Array): number {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193);
  return h >>> 0;
}

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

export const randomMap: Method = {
  id: 'random-map',
  label: 'Random map (control)',
  family: 'control',
  paper: 'Uniform noise: the floor any method must beat (Adebayo et al. 2018; Poppi et al. 2021)',
  needsLayer: false,
  usesGradients: false,
  params: [{ name: 'seed', type: 'int', default: 0, min: 0, max: 2 ** 31 - 1, help: 'Mixed with a hash of the input, so each input gets its own reproducible draw.' }],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const rand = mulberry32(((ctx.params.seed as number) ^ contentHash((await ctx.input.data()) as Float32Array)) >>> 0);
    ctx.progress(1, 1);
    return { map: Float32Array.from({ length: h * w }, rand), shape: [h, w] };
  },
};

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

export const CONTROLS: readonly Method[] = [randomMap, fakeCam, sobelEdges];
export const DEFAULT_CONTROL_IDS = CONTROLS.map((m) => m.id);

/** A registry method or a control, by id. */
export function getEvalMethod(id: string): Method {
  const c = CONTROLS.find((m) => m.id === id);
  if (c) return c;
  try {
    return getMethod(id);
  } catch {
    throw new StudioError('unknown-method', `unknown method "${id}" (controls: ${DEFAULT_CONTROL_IDS.join(', ')}; others: see \`methods\`)`);
  }
}
