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
// one batch of full-size masks ever exists.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../../core/jobs';
import { mulberry32 } from '../../shared/random';
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
    const rand = mulberry32(seed);
    const hidden = hiddenImage(ctx, seed);
    let weighted = tf.zeros([1, h * w]) as tf.Tensor2D; // Σ S_i M_i
    let density = tf.zeros([1, h * w]) as tf.Tensor2D; // Σ M_i
    const parts: tf.Tensor1D[] = [];
    try {
      for (let start = 0; start < N; start += batch) {
        const n = Math.min(batch, N - start);
        const draws = drawMasks(rand, n, h, w, s, p);
        const [m, xs] = tf.tidy(() => {
          const masks = masksOf(draws, n, h, w, s);
          return [masks, composite(ctx.input, hidden, masks)];
        });
        let nextW: tf.Tensor2D, nextD: tf.Tensor2D;
        try {
          const sc = await forwardTargetScore(ctx.model, xs, ctx.target, output);
          parts.push(sc);
          [nextW, nextD] = tf.tidy(() => {
            const flat = m.reshape([n, h * w]);
            return [weighted.add(tf.matMul(sc.reshape([1, n]), flat)), density.add(flat.sum(0, true))] as [tf.Tensor2D, tf.Tensor2D];
          });
        } finally {
          tf.dispose([m, xs]);
        }
        weighted.dispose();
        density.dispose();
        [weighted, density] = [nextW, nextD];
        ctx.progress(start + n, N, `masked forward passes ${start + n}/${N}`);
        await yieldToLoop();
        ctx.signal.check();
      }
      const all = tf.concat(parts);
      const scores = (await all.data()) as Float32Array;
      all.dispose();
      const mean = scores.reduce((a, b) => a + b, 0) / N;
      const sal = tf.tidy(() => (center ? weighted.sub(density.mul(mean)) : weighted).div(N * p).reshape([h * w]));
      const map = (await sal.data()) as Float32Array;
      sal.dispose();
      return { map, shape: [h, w], extras: { masks: N, grid: s, p, meanScore: mean, centered: center ? 1 : 0 } };
    } finally {
      tf.dispose([hidden, weighted, density, ...parts]);
    }
  },
};
