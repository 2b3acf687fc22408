// RISE (Petsiuk, Das & Saenko 2018): N random masks, each a grid×grid binary
// grid (cell on with probability p) upsampled bilinearly to (grid+1)·cell and
// cropped at a random shift of less than one cell, as the reference code does
// (skimage resize, order 1, mode 'reflect' = mirror about the edge sample).
// Saliency = Σ_i S(x ⊙ M_i + fill ⊙ (1 − M_i)) · M_i / (N · p).
//
// Documented choice: by default (`center` on) the mean masked score S̄ is
// subtracted first, Σ_i (S_i − S̄) M_i / (N p). It is the same map minus
// S̄ · (empirical mask density / p), a term that does not depend on the model
// (in expectation a constant): a control variate that removes the mask-density
// noise and makes the map signed (positive = the score is higher when the
// pixel is visible). `center` off gives the paper's estimator exactly.
//
// Masks are built per batch as R_y · G · R_xᵀ with per-mask interpolation
// matrices (the crop of a bilinear upsampling is separable), so no more than
// one batch of full-size masks ever exists. Chunks of whole batches may run in
// other engine workers (core/share.ts); each mask's draws start at a fixed
// place in the seed's sequence, so the map is the same for any N.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../../core/jobs';
import { sharedMap } from '../../core/share';
import { mulberry32At } from '../../shared/random';
import { batchRanges, reportShare } from '../batches';
import type { Method } from '../types';
import { batchParam, fillParam, forwardTargetScore, hiddenImage, outputParam, seedParam, type Output } from './common';
import { composite } from './fill';

/**
 * Row weights [side, s] of `side` consecutive samples, starting at `shift`, of a
 * length-s signal upsampled to `up` samples by linear interpolation with
 * half-pixel centres and mirror borders.
 */
export function interpRows(side: number, s: number, up: number, shift: number, out: Float32Array, offset = 0): void {
  const scale = s / up;
  for (let o = 0; o < side; o++) {
    let u = (o + shift + 0.5) * scale - 0.5;
    if (s === 1) u = 0;
    else if (u < 0) u = -u;
    else if (u > s - 1) u = 2 * (s - 1) - u;
    const i0 = Math.min(Math.floor(u), s - 1);
    const f = u - i0;
    const row = offset + o * s;
    out[row + i0] += 1 - f;
    if (f > 0) out[row + Math.min(i0 + 1, s - 1)] += f;
  }
}

export interface MaskDraws {
  grids: Float32Array; // [n, s, s] of 0/1
  ry: Float32Array; // [n, h, s]
  rx: Float32Array; // [n, w, s]
}

/** The host-side random draws of n masks (grid bits and shifts), in a fixed order per mask. */
export function drawMasks(rand: () => number, n: number, h: number, w: number, s: number, p: number): MaskDraws {
  const [ch, cw] = [Math.ceil(h / s), Math.ceil(w / s)];
  const grids = new Float32Array(n * s * s);
  const ry = new Float32Array(n * h * s);
  const rx = new Float32Array(n * w * s);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < s * s; k++) grids[i * s * s + k] = rand() < p ? 1 : 0;
    const dy = Math.floor(rand() * ch);
    const dx = Math.floor(rand() * cw);
    interpRows(h, s, (s + 1) * ch, dy, ry, i * h * s);
    interpRows(w, s, (s + 1) * cw, dx, rx, i * w * s);
  }
  return { grids, ry, rx };
}

/** The masks [n,h,w,1] of a set of draws: R_y G R_xᵀ per mask. */
export function masksOf(d: MaskDraws, n: number, h: number, w: number, s: number): tf.Tensor4D {
  return tf.tidy(() => {
    const g = tf.tensor3d(d.grids, [n, s, s]);
    const ry = tf.tensor3d(d.ry, [n, h, s]);
    const rx = tf.tensor3d(d.rx, [n, w, s]);
    return tf.matMul(tf.matMul(ry, g), rx, false, true).reshape([n, h, w, 1]) as tf.Tensor4D;
  });
}

export const rise: Method = {
  id: 'rise',
  label: 'RISE',
  family: 'perturbation',
  paper: 'Petsiuk, Das & Saenko 2018, RISE: Randomized Input Sampling for Explanation of Black-box Models (arXiv:1806.07421)',
  needsLayer: false,
  usesGradients: false,
  parallel: 'forward',
  params: [
    { name: 'samples', type: 'int', default: 4000, min: 1, max: 100000, help: 'Number of random masks N.' },
    { name: 'grid', type: 'int', default: 7, min: 1, max: 64, help: 'Side s of the coarse binary grid each mask is upsampled from.' },
    { name: 'p', type: 'float', default: 0.5, min: 0.01, max: 1, help: 'Probability that a grid cell is kept (visible).' },
    {
      name: 'center',
      type: 'bool',
      default: true,
      help: 'Subtract the mean masked score before weighting (lower variance, signed map); off = the paper’s Σ S_i M_i / (N p).',
    },
    fillParam('zero'),
    outputParam('logit'),
    batchParam,
    seedParam,
  ],
  async run(ctx) {
    ctx.signal.check();
    const {
      samples: N,
      grid: s,
      p,
      center,
      batch,
      output,
      seed,
    } = ctx.params as { samples: number; grid: number; p: number; center: boolean; batch: number; output: Output; seed: number };
    const [, h, w] = ctx.input.shape;
    const hidden = hiddenImage(ctx, seed);
    try {
      const chunks = maskChunks(N, batch);
      const parts = await sharedMap(
        chunks.length,
        async (c) => {
          const [start, end] = chunks[c];
          // Mask i's draws are the (s² + 2)·i-th onward of the seed's sequence, whichever worker makes it.
          const rand = mulberry32At(seed, start * (s * s + 2));
          const part = { weighted: new Float32Array(h * w), density: new Float32Array(h * w), scores: new Float32Array(end - start) };
          for (const [a, b] of batchRanges(end - start, batch)) {
            ctx.signal.check();
            const n = b - a;
            const draws = drawMasks(rand, n, h, w, s, p);
            const [m, xs] = tf.tidy(() => {
              const masks = masksOf(draws, n, h, w, s);
              return [masks, composite(ctx.input, hidden, masks)];
            });
            try {
              const sc = await forwardTargetScore(ctx.model, xs, ctx.target, output);
              const [ws, ds] = tf.tidy(() => {
                const flat = m.reshape([n, h * w]);
                return [tf.matMul(sc.reshape([1, n]), flat), flat.sum(0)];
              });
              const [wv, dv, sv] = await Promise.all([ws.data(), ds.data(), sc.data()]);
              tf.dispose([sc, ws, ds]);
              addInto(part.weighted, wv as Float32Array);
              addInto(part.density, dv as Float32Array);
              part.scores.set(sv as Float32Array, a);
            } finally {
              tf.dispose([m, xs]);
            }
            await yieldToLoop();
          }
          return part;
        },
        { onItem: (k, own, c) => reportShare(ctx, k, own, N, 'masked forward passes', own === chunks.length ? chunks[c][1] : undefined) },
      );
      ctx.signal.check();
      // Chunks merged in mask order: Σ S_i M_i, Σ M_i and the scores do not depend on who computed them.
      const weighted = new Float32Array(h * w);
      const density = new Float32Array(h * w);
      let total = 0;
      for (const part of parts) {
        addInto(weighted, part.weighted);
        addInto(density, part.density);
        for (const v of part.scores) total += v;
      }
      const mean = total / N;
      const map = new Float32Array(h * w);
      for (let j = 0; j < map.length; j++) map[j] = (center ? weighted[j] - Math.fround(density[j] * mean) : weighted[j]) / (N * p);
      return { map, shape: [h, w], extras: { masks: N, grid: s, p, meanScore: mean, centered: center ? 1 : 0 } };
    } finally {
      hidden.dispose();
    }
  },
};

/** acc += v, elementwise in float32. */
function addInto(acc: Float32Array, v: Float32Array): void {
  for (let j = 0; j < acc.length; j++) acc[j] += v[j];
}

/** [start, end) mask ranges of whole batches, at most 64 of them: a worker's unit of RISE. */
export function maskChunks(N: number, batch: number): [number, number][] {
  const per = Math.max(1, Math.ceil(Math.ceil(N / batch) / 64)) * batch;
  return [...batchRanges(N, per)];
}
