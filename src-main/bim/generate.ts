// A BIM-like benchmark set (Yang & Kim 2019), small enough to train on wasm:
// a drawn shape (the object; or an MNIST digit) pasted onto a procedural texture (the scene).
// Scene and object are drawn independently, so a model trained on the scene
// label should ignore the object and one trained on the object label should
// ignore the scene: the ground truth the BIM metrics rely on. Each sample
// also carries its twin without the object (same scene pixels) and the
// object's masks. Pure and seeded: the same seed gives the same sample.
import { StudioError } from '../api/errors';
import type { Box, DigitPool } from './types';
import { mulberry32 } from '../shared/random';
import { SHAPES } from './shapes';

export type { Box, DigitPool };

export const BIM_SIZE = 64;
export const BIM_SCENES = ['stripes-h', 'stripes-v', 'stripes-diag', 'checker', 'dots', 'blobs'] as const;
/** The objects: drawn shapes (shapes.ts); an MNIST digit pool (digitPool) pastes the same way. */
export const BIM_OBJECTS = SHAPES;

export interface BimSample {
  /** [size, size, 3] row-major RGB in 0..1, with the object. */
  image: Float32Array;
  /** The same scene without the object. */
  scene: Float32Array;
  /** 1 where the digit's stroke covers the pixel (alpha > 0.25). */
  mask: Uint8Array;
  /** Tight box around the mask: the object region the metrics score. */
  box: Box;
  /** 1 inside `box`. */
  region: Uint8Array;
  objectLabel: number;
  sceneLabel: number;
  size: number;
}

export interface BimOptions {
  size?: number;
  /** Force the scene / object class (default: uniform). */
  scene?: number;
  object?: number;
  /** Side of the pasted 28×28 digit in pixels, [min, max] (default [26, 38] at 64²). */
  scale?: [number, number];
  /** 0..1: how far the second scene colour is from the first (default 1; the trainer's warm-up uses less). */
  sceneContrast?: number;
}

type Rgb = [number, number, number];

function colour(rand: () => number): Rgb {
  return [rand(), rand(), rand()];
}

/** Texture value 0..1 at (x, y) for a scene class; parameters drawn once per image. */
function textureFn(kind: number, rand: () => number, n: number): (x: number, y: number) => number {
  const period = n * (0.09 + 0.08 * rand()); // 6–11 px at 64²: visible to small receptive fields
  const phase = rand() * Math.PI * 2;
  const w = (2 * Math.PI) / period;
  switch (BIM_SCENES[kind]) {
    case 'stripes-h':
      return (_x, y) => 0.5 + 0.5 * Math.sin(w * y + phase);
    case 'stripes-v':
      return (x) => 0.5 + 0.5 * Math.sin(w * x + phase);
    case 'stripes-diag': {
      const s = rand() < 0.5 ? 1 : -1; // either diagonal
      return (x, y) => 0.5 + 0.5 * Math.sin((w * (x + s * y)) / Math.SQRT2 + phase);
    }
    case 'checker': {
      const c = period / 2 + 1;
      const ox = rand() * c;
      const oy = rand() * c;
      return (x, y) => (Math.floor((x + ox) / c) + Math.floor((y + oy) / c)) % 2;
    }
    case 'dots': {
      const r = period * (0.18 + 0.1 * rand());
      const ox = rand() * period;
      const oy = rand() * period;
      return (x, y) => {
        const dx = ((x + ox) % period) - period / 2;
        const dy = ((y + oy) % period) - period / 2;
        return Math.hypot(dx, dy) < r ? 1 : 0;
      };
    }
    default: {
      // blobs: a few large soft Gaussians — low frequency, no orientation.
      const blobs = Array.from({ length: 6 }, () => ({ x: rand() * n, y: rand() * n, s: n * (0.08 + 0.08 * rand()), a: rand() < 0.5 ? -1 : 1 }));
      return (x, y) => {
        let v = 0.5;
        for (const b of blobs) v += 0.6 * b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s));
        return Math.min(1, Math.max(0, v));
      };
    }
  }
}

/** Bilinear sample of a 28×28 digit at fractional (u, v) in its own pixels; 0 outside. */
function sampleDigit(px: readonly number[], u: number, v: number): number {
  const x0 = Math.floor(u - 0.5);
  const y0 = Math.floor(v - 0.5);
  const fx = u - 0.5 - x0;
  const fy = v - 0.5 - y0;
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= 28 || y >= 28 ? 0 : px[y * 28 + x]);
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

export function bimSample(seed: number, pool: DigitPool, opts: BimOptions = {}): BimSample {
  const n = opts.size ?? BIM_SIZE;
  const rand = mulberry32((seed >>> 0) * 2654435761 + 977);
  const sceneLabel = opts.scene ?? Math.floor(rand() * BIM_SCENES.length);
  const objectLabel = opts.object ?? Math.floor(rand() * pool.length);
  const digits = pool[objectLabel];
  if (!digits?.length) throw new StudioError('internal', `bimSample: no digits of class ${objectLabel} in the pool`);
  const digit = digits[Math.floor(rand() * digits.length)];

  // Two colours far enough apart that the texture stays visible.
  const c1 = colour(rand);
  let c2 = colour(rand);
  for (let k = 0; k < 20 && Math.hypot(c2[0] - c1[0], c2[1] - c1[1], c2[2] - c1[2]) < 0.5; k++) c2 = colour(rand);
  const sc = opts.sceneContrast ?? 1;
  c2 = c2.map((v, c) => c1[c] + sc * (v - c1[c])) as Rgb;
  const tex = textureFn(sceneLabel, rand, n);
  const [smin, smax] = opts.scale ?? [(26 / 64) * n, (38 / 64) * n];
  const side = smin + (smax - smin) * rand();
  const ox = rand() * (n - side);
  const oy = rand() * (n - side);
  // The digit's colour: far from both scene colours, so it is visible on either.
  let ink = colour(rand);
  for (
    let k = 0;
    k < 50 && Math.min(Math.hypot(ink[0] - c1[0], ink[1] - c1[1], ink[2] - c1[2]), Math.hypot(ink[0] - c2[0], ink[1] - c2[1], ink[2] - c2[2])) < 0.45;
    k++
  )
    ink = colour(rand);
  const noise = 0.03;

  const image = new Float32Array(n * n * 3);
  const scene = new Float32Array(n * n * 3);
  const mask = new Uint8Array(n * n);
  let x0 = n,
    y0 = n,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const t = tex(x + 0.5, y + 0.5);
      const a = sampleDigit(digit, ((x + 0.5 - ox) / side) * 28, ((y + 0.5 - oy) / side) * 28);
      const alpha = Math.min(1, Math.max(0, a));
      if (alpha > 0.25) {
        mask[y * n + x] = 1;
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
      for (let c = 0; c < 3; c++) {
        // The same noise draw for both twins: they differ only where the digit is.
        const s = Math.min(1, Math.max(0, c1[c] * (1 - t) + c2[c] * t + noise * (rand() - 0.5) * 2));
        const i = (y * n + x) * 3 + c;
        scene[i] = s;
        image[i] = s * (1 - alpha) + ink[c] * alpha;
      }
    }
  }
  if (x1 < 0) throw new StudioError('internal', `bimSample: seed ${seed} pasted an empty digit`);
  const box = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  const region = new Uint8Array(n * n);
  for (let y = y0; y <= y1; y++) region.fill(1, y * n + x0, y * n + x1 + 1);
  return { image, scene, mask, box, region, objectLabel, sceneLabel, size: n };
}

/** Groups digit rows ([pixels, label]) into a pool by class. */
export function digitPool(rows: readonly (readonly [readonly number[], number])[]): DigitPool {
  const pool: number[][][] = Array.from({ length: 10 }, () => []);
  for (const [px, label] of rows) pool[label]?.push(px as number[]);
  return pool;
}
