import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { mulberry32 } from '../../shared/random';
import { linearModel, perturbCtx, smallConvNet } from './fixtures';
import { drawMasks, masksOf, rise } from './rise';
import { describeEachBackend } from '../../testing/each-backend';

const [H, W] = [28, 28];
/** Region R: the left 10 columns (280 of 784 pixels). */
const inR = (p: number): boolean => p % W < 10;
/** A compact region: rows 6..15, columns 10..21 (120 of 784 pixels, 15%). */
const inBox = (p: number): boolean => Math.floor(p / W) >= 6 && Math.floor(p / W) < 16 && p % W >= 10 && p % W < 22;

/** The toy model: class 0's logit is the mean of the input over `region`. */
function meanOfRegion(region: (p: number) => boolean) {
  const n = Array.from({ length: H * W }, (_, q) => region(q)).filter(Boolean).length;
  return linearModel(H, W, 1, [Float32Array.from({ length: H * W }, (_, q) => (region(q) ? 1 / n : 0)), new Float32Array(H * W)]);
}

/** Share of the map's positive mass inside the region. */
function positiveMassIn(map: Float32Array, region: (p: number) => boolean): number {
  let inside = 0;
  let total = 0;
  map.forEach((v, q) => {
    total += Math.max(v, 0);
    if (region(q)) inside += Math.max(v, 0);
  });
  return inside / total;
}

describeEachBackend(['wasm', 'cpu'], 'RISE (Petsiuk et al. 2018)', () => {
  it('builds masks as the bilinear upsampling of the grid, cropped at the drawn shift', () => {
    // A 4×4 grid on 20×20: cell 5, upsampled to 25×25 (tf's half-pixel bilinear agrees away from the mirror border).
    const [s, side, up] = [4, 20, 25];
    const d = drawMasks(mulberry32(9), 3, side, side, s, 0.5);
    const m = masksOf(d, 3, side, side, s);
    const ours = m.arraySync() as number[][][][];
    const rand = mulberry32(9);
    for (let i = 0; i < 3; i++) {
      const g = Array.from({ length: s * s }, () => (rand() < 0.5 ? 1 : 0));
      const [dy, dx] = [Math.floor(rand() * 5), Math.floor(rand() * 5)];
      const big = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(g, [1, s, s, 1]), [up, up], false, true).arraySync() as number[][][][]);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const [uy, ux] = [y + dy, x + dx];
          if (uy < 3 || ux < 3 || uy >= up - 3 || ux >= up - 3) continue; // within half a cell of the edge: mirror vs clamp
          expect(ours[i][y][x][0]).toBeCloseTo(big[0][uy][ux][0], 5);
        }
      }
    }
    const ones = masksOf({ ...d, grids: d.grids.map(() => 1) }, 3, side, side, s);
    expect(Math.min(...ones.dataSync())).toBeCloseTo(1, 5);
    expect(Math.max(...ones.dataSync())).toBeCloseTo(1, 5);
    tf.dispose([m, ones]);
  });

  it('computes Σ S_i M_i / (N p), centred or not, from the seeded masks', async () => {
    const model = smallConvNet(12, 10, 3);
    const x = tf.randomUniform([1, 12, 10, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const [N, s, p, seed] = [37, 3, 0.4, 11];
    const d = drawMasks(mulberry32(seed), N, 12, 10, s, p);
    const masks = masksOf(d, N, 12, 10, s);
    const scores = tf.tidy(
      () =>
        model
          .logits(x.mul(masks) as tf.Tensor4D)
          .slice([0, 2], [N, 1])
          .reshape([N])
          .arraySync() as number[],
    );
    const mv = masks.dataSync();
    const mean = scores.reduce((a, b) => a + b, 0) / N;
    const paper = Array.from({ length: 120 }, (_, q) => scores.reduce((a, sc, i) => a + sc * mv[i * 120 + q], 0) / (N * p));
    const centred = Array.from({ length: 120 }, (_, q) => scores.reduce((a, sc, i) => a + (sc - mean) * mv[i * 120 + q], 0) / (N * p));
    masks.dispose();
    const before = tf.memory().numTensors;
    const a = await rise.run(perturbCtx(rise, model, x, 2, { samples: N, grid: s, p, seed, center: false, batch: 8 }));
    const b = await rise.run(perturbCtx(rise, model, x, 2, { samples: N, grid: s, p, seed, batch: 64 }));
    expect(tf.memory().numTensors).toBe(before);
    a.map.forEach((v, q) => expect(v).toBeCloseTo(paper[q], 4));
    b.map.forEach((v, q) => expect(v).toBeCloseTo(centred[q], 4));
    expect(b.extras?.meanScore).toBeCloseTo(mean, 5);
    x.dispose();
    model.dispose();
  });

  it('reproduces a map from its seed and changes with it', async () => {
    const model = smallConvNet(16, 16, 1);
    const x = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const run = (seed: number, fill = 'noise') => rise.run(perturbCtx(rise, model, x, 1, { samples: 64, seed, fill }));
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(Array.from(b.map)).toEqual(Array.from(a.map));
    expect(Array.from(c.map)).not.toEqual(Array.from(a.map));
    x.dispose();
    model.dispose();
  });
});

// 4000 masked forward passes: about 5× slower on cpu; the table (methods.table.test.ts) compares RISE across backends on a small run.
describe('RISE with the paper defaults (wasm)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('puts ≥ 80% of its positive mass in the region a toy model averages, with the paper defaults', async () => {
    const model = meanOfRegion(inR);
    const x = tf.ones([1, H, W, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = await rise.run(perturbCtx(rise, model, x, 0, { seed: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(out.extras?.masks).toBe(4000);
    expect(positiveMassIn(out.map, inR)).toBeGreaterThanOrEqual(0.8); // measured 0.86
    // RISE resolves about one grid cell (4 px here): a compact 10×12 box keeps ~60% (4× its 15% area), the rest in a one-cell halo.
    const box = meanOfRegion(inBox);
    expect(positiveMassIn((await rise.run(perturbCtx(rise, box, x, 0, { seed: 1 }))).map, inBox)).toBeGreaterThan(0.5);
    box.dispose();
    // The paper's estimator ranks the same way: the region's mean beats the rest's.
    const raw = await rise.run(perturbCtx(rise, model, x, 0, { seed: 1, center: false, samples: 1000 }));
    const meanOf = (f: (q: number) => boolean): number => raw.map.filter((_, q) => f(q)).reduce((a, b) => a + b, 0) / raw.map.filter((_, q) => f(q)).length;
    expect(meanOf(inR)).toBeGreaterThan(meanOf((q) => !inR(q)) + 0.015); // 0.53 vs 0.50
    x.dispose();
    model.dispose();
  });
});
