import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { largestComponentBox } from './box';
import { graphCutSegment, thresholdSegment } from './graphcut';
import { maskIou } from './metrics';

/** 64×64 RGB: a reddish 20×20 square at (22,22) on a noisy green/blue checker, and a clean Gaussian saliency blob on it. */
function scene(seed = 5) {
  const H = 64;
  const W = 64;
  const rnd = mulberry32(seed);
  const image = new Float32Array(H * W * 3);
  const truth = new Uint8Array(H * W);
  const saliency = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const inside = x >= 22 && x < 42 && y >= 22 && y < 42;
      truth[p] = inside ? 1 : 0;
      const base = inside ? [0.8, 0.25, 0.2] : ((x >> 3) + (y >> 3)) % 2 ? [0.2, 0.6, 0.3] : [0.25, 0.35, 0.7];
      for (let d = 0; d < 3; d++) image[p * 3 + d] = Math.min(1, Math.max(0, base[d] + 0.06 * (rnd() - 0.5)));
      saliency[p] = Math.exp(-((x - 31.5) ** 2 + (y - 31.5) ** 2) / (2 * 8 ** 2));
    }
  }
  return { H, W, image, truth, saliency };
}

describe('graph-cut localisation from a saliency map', () => {
  it('recovers the synthetic square from a clean blob: IoU > 0.9, box within 1 px of (22,22,20,20)', () => {
    const { H, W, image, truth, saliency } = scene();
    const seg = graphCutSegment(image, 3, saliency, H, W);
    // 95% / 30% quantile seeds: 5% of 4096 px are object seeds, 30% background.
    expect(seg.seeds.fgCount).toBeGreaterThanOrEqual(200);
    expect(seg.seeds.fgCount).toBeLessThanOrEqual(210);
    expect(seg.seeds.bgCount).toBeGreaterThanOrEqual(1228);
    const iou = maskIou(seg.mask, truth);
    expect(iou).toBeGreaterThan(0.9);
    const box = largestComponentBox(seg.mask, H, W)!;
    for (const [k, v] of [
      ['x', 22],
      ['y', 22],
      ['width', 20],
      ['height', 20],
    ] as const)
      expect(Math.abs(box[k] - v)).toBeLessThanOrEqual(1);
  });

  it('the thresholding baseline keeps only the blob core (5% of pixels): IoU ≈ 205/400 ≈ 0.51', () => {
    const { image: _i, truth, saliency } = scene();
    const seg = thresholdSegment(saliency, 0.95);
    const iou = maskIou(seg.mask, truth);
    expect(iou).toBeGreaterThan(0.45);
    expect(iou).toBeLessThan(0.56);
  });

  it('works on grey (1-channel) images: a bright disc on a dark noisy field, IoU > 0.9', () => {
    const H = 48;
    const W = 48;
    const rnd = mulberry32(9);
    const image = new Float32Array(H * W);
    const truth = new Uint8Array(H * W);
    const sal = new Float32Array(H * W);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const r2 = (x - 30) ** 2 + (y - 18) ** 2;
        truth[y * W + x] = r2 <= 49 ? 1 : 0;
        image[y * W + x] = (r2 <= 49 ? 0.85 : 0.3) + 0.08 * (rnd() - 0.5);
        sal[y * W + x] = Math.exp(-r2 / (2 * 6 ** 2)) + 0.02 * rnd();
      }
    }
    const seg = graphCutSegment(image, 1, sal, H, W);
    expect(maskIou(seg.mask, truth)).toBeGreaterThan(0.9);
  });

  it('a flat saliency map gives no seeds and an empty mask rather than a guess', () => {
    const seg = graphCutSegment(new Float32Array(16 * 16), 1, new Float32Array(16 * 16).fill(0.5), 16, 16);
    expect(seg.seeds.fgCount).toBe(0);
    expect(seg.mask.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
