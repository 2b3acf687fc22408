// XRAI (Kapishnikov, Bolukbasi, Viégas & Terry 2019): Integrated Gradients
// over a black and a white baseline, aggregated over over-segmented regions
// (Felzenszwalb at several scales, each segment dilated), which are added
// greedily by attribution density. Follows PAIR-code saliency `xrai.py`.
//
// Documented choices: attr = mean of the two signed, channel-summed IG maps
// (the registry's IG returns channel sums; the reference takes the max over
// channels, which is the same thing for grey models). Segmentation runs on the
// input min-max scaled to [-1,1] and resized to 224×224 as in the reference, so
// `scales`, `sigma` and `minSize` keep their reference meaning at any input
// size; the labels come back by nearest neighbour. The dilation radius (5 px)
// and the minimum number of new pixels a region must add (50) are reference
// values for 224² images and are scaled to the input size here.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { yieldToLoop } from '../core/jobs';
import { felzenszwalb } from '../segmentation/felzenszwalb';
import { integratedGradients } from './integrated-gradients';
import { resolveParams } from './resolve-params';
import type { Method } from './types';

const SEG_SIDE = 224;

/** Candidate regions as CSR lists both ways: mask → pixels and pixel → masks. */
export interface Masks {
  count: number;
  maskStart: Int32Array;
  maskPix: Int32Array;
  pixStart: Int32Array;
  pixMask: Int32Array;
}

/** Offsets (dy, dx) of a disk of radius r (skimage `disk`: dy² + dx² ≤ r²). */
function disk(r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dy * dy + dx * dx <= r * r) out.push([dy, dx]);
  return out;
}

/** One mask per segment per label map, each dilated by a disk of `radius` pixels. */
export function buildMasks(labelMaps: Int32Array[], h: number, w: number, radius: number): Masks {
  const offs = disk(radius);
  const perPixel: number[][] = Array.from({ length: h * w }, () => []);
  let count = 0;
  for (const labels of labelMaps) {
    // Relabel densely: nearest-neighbour resampling can drop a segment entirely.
    const dense = new Map<number, number>();
    for (const l of labels) if (!dense.has(l)) dense.set(l, count + dense.size);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const list = perPixel[y * w + x];
        const start = list.length;
        for (const [dy, dx] of offs) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const m = dense.get(labels[yy * w + xx]) as number;
          if (list.indexOf(m, start) < 0) list.push(m);
        }
      }
    }
    count += dense.size;
  }
  const pixStart = new Int32Array(h * w + 1);
  for (let p = 0; p < h * w; p++) pixStart[p + 1] = pixStart[p] + perPixel[p].length;
  const pixMask = new Int32Array(pixStart[h * w]);
  const maskStart = new Int32Array(count + 1);
  for (let p = 0; p < h * w; p++) {
    pixMask.set(perPixel[p], pixStart[p]);
    for (const m of perPixel[p]) maskStart[m + 1]++;
  }
  for (let m = 0; m < count; m++) maskStart[m + 1] += maskStart[m];
  const fill = maskStart.slice(0, count);
  const maskPix = new Int32Array(pixMask.length);
  for (let p = 0; p < h * w; p++) for (const m of perPixel[p]) maskPix[fill[m]++] = p;
  return { count, maskStart, maskPix, pixStart, pixMask };
}

export interface XraiResult {
  /** Per pixel, the density (mean attr over the newly added pixels) of the region that added it. */
  map: Float32Array;
  /** Densities of the regions in the order they were added. */
  gains: number[];
  coveredFraction: number;
}

/** The greedy of `_xrai`: repeatedly add the region whose not-yet-covered pixels have the highest
 * mean attribution. Sums and counts over uncovered pixels are kept per mask and updated only for the
 * masks touching newly covered pixels, so the whole run costs O(Σ mask sizes + regions × masks). */
export function xraiGreedy(attr: Float32Array, masks: Masks, areaThreshold: number, minPixelDiff: number): XraiResult {
  const n = attr.length;
  const cnt = new Int32Array(masks.count);
  const sum = new Float64Array(masks.count);
  for (let m = 0; m < masks.count; m++) {
    cnt[m] = masks.maskStart[m + 1] - masks.maskStart[m];
    for (let i = masks.maskStart[m]; i < masks.maskStart[m + 1]; i++) sum[m] += attr[masks.maskPix[i]];
  }
  const alive = new Uint8Array(masks.count).fill(1);
  const covered = new Uint8Array(n);
  const map = new Float32Array(n);
  const gains: number[] = [];
  let nCovered = 0;
  while (nCovered / n <= areaThreshold) {
    let best = -1;
    let bestGain = -Infinity;
    for (let m = 0; m < masks.count; m++) {
      if (!alive[m]) continue;
      if (cnt[m] < minPixelDiff)
        alive[m] = 0; // adds too little: dropped for good, as in the reference
      else if (sum[m] / cnt[m] > bestGain) [best, bestGain] = [m, sum[m] / cnt[m]];
    }
    if (best < 0) break;
    alive[best] = 0;
    for (let i = masks.maskStart[best]; i < masks.maskStart[best + 1]; i++) {
      const p = masks.maskPix[i];
      if (covered[p]) continue;
      covered[p] = 1;
      nCovered++;
      map[p] = bestGain;
      for (let j = masks.pixStart[p]; j < masks.pixStart[p + 1]; j++) {
        cnt[masks.pixMask[j]]--;
        sum[masks.pixMask[j]] -= attr[p];
      }
    }
    gains.push(bestGain);
  }
  // What no region covered gets its own mean, as the reference does.
  let rest = 0;
  for (let p = 0; p < n; p++) if (!covered[p]) rest += attr[p];
  for (let p = 0; p < n; p++) if (!covered[p]) map[p] = rest / (n - nCovered);
  return { map, gains, coveredFraction: nCovered / n };
}

/** Felzenszwalb labels of a [S,S,c] segmentation image brought back to [h,w] by nearest neighbour. */
export function segmentAt(img: Float32Array, side: number, c: number, h: number, w: number, scale: number, sigma: number, minSize: number): Int32Array {
  const { labels } = felzenszwalb(img, side, side, c, { scale, sigma, minSize });
  const out = new Int32Array(h * w);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(side - 1, Math.floor(((y + 0.5) * side) / h));
    for (let x = 0; x < w; x++) out[y * w + x] = labels[sy * side + Math.min(side - 1, Math.floor(((x + 0.5) * side) / w))];
  }
  return out;
}

export function parseScales(s: string): number[] {
  const v = s.split(',').map((t) => Number(t.trim()));
  if (!v.length || v.some((x) => !Number.isFinite(x) || x <= 0))
    throw new StudioError('bad-param', `xrai: scales must be positive numbers separated by commas, got "${s}"`);
  return v;
}

export const xrai: Method = {
  id: 'xrai',
  label: 'XRAI',
  family: 'gradient',
  paper: 'Kapishnikov, Bolukbasi, Viégas & Terry 2019, XRAI: Better Attributions Through Regions (arXiv:1906.02825)',
  needsLayer: false,
  usesGradients: true,
  parallel: 'tfjs',
  params: [
    { name: 'steps', type: 'int', default: 50, min: 1, max: 1024, help: 'Integrated Gradients steps per baseline (black and white).' },
    {
      name: 'scales',
      type: 'string',
      default: '50,100,150,250,500,1200',
      help: 'Felzenszwalb scales k, comma separated; each gives one over-segmentation (on the image at 224×224).',
    },
    { name: 'sigma', type: 'float', default: 0.8, min: 0, max: 10, help: 'Gaussian pre-smoothing σ of the segmentation, in pixels at 224×224.' },
    { name: 'minSize', type: 'int', default: 150, min: 1, max: 50176, help: 'Smallest segment, in pixels at 224×224 (the reference value).' },
    {
      name: 'dilation',
      type: 'int',
      default: 5,
      min: 0,
      max: 50,
      help: 'Disk radius each segment is dilated by, in pixels at 224 px (scaled to the input size).',
    },
    { name: 'areaThreshold', type: 'float', default: 1, min: 0, max: 1, help: 'Stop adding regions once this fraction of the image is covered.' },
    { name: 'batch', type: 'int', default: 16, min: 1, max: 256, help: 'Internal batch size: IG path points per forward/backward pass.' },
  ],
  async run(ctx) {
    ctx.signal.check();
    const p = ctx.params as { steps: number; scales: string; sigma: number; minSize: number; dilation: number; areaThreshold: number; batch: number };
    const scales = parseScales(p.scales);
    const [, h, w, c] = ctx.input.shape;
    const total = 2 * p.steps + scales.length;
    const ig = integratedGradients;
    const maps: Float32Array[] = [];
    for (const [k, baseline] of (['black', 'white'] as const).entries()) {
      const out = await ig.run({
        ...ctx,
        params: resolveParams(ig, { steps: p.steps, baseline, batch: p.batch }),
        progress: (done) => ctx.progress(k * p.steps + done, total, `Integrated Gradients (${baseline} baseline)`),
      });
      maps.push(out.map);
      await yieldToLoop();
      ctx.signal.check();
    }
    const attr = maps[0].map((v, i) => (v + maps[1][i]) / 2);

    // The segmentation image: the model-space input resized to 224² and scaled to [-1, 1].
    const small = tf.tidy(() => {
      const r = tf.image.resizeBilinear(ctx.input, [SEG_SIDE, SEG_SIDE], false, true);
      const [lo, hi] = [r.min(), r.max()];
      return r.sub(lo).div(hi.sub(lo).maximum(1e-12)).mul(2).sub(1);
    });
    const img = (await small.data()) as Float32Array;
    small.dispose();
    const labelMaps: Int32Array[] = [];
    for (const [i, scale] of scales.entries()) {
      labelMaps.push(segmentAt(img, SEG_SIDE, c, h, w, scale, p.sigma, p.minSize));
      ctx.progress(2 * p.steps + i + 1, total, 'segmenting');
      await yieldToLoop();
      ctx.signal.check();
    }
    const side = Math.sqrt(h * w) / SEG_SIDE;
    const radius = Math.round(p.dilation * side);
    const minPixelDiff = Math.max(1, Math.round(50 * side * side));
    const masks = buildMasks(labelMaps, h, w, radius);
    const res = xraiGreedy(attr, masks, p.areaThreshold, minPixelDiff);
    return {
      map: res.map,
      shape: [h, w],
      extras: {
        regions: res.gains.length,
        candidates: masks.count,
        coveredFraction: res.coveredFraction,
        dilationRadius: radius,
        minPixelDiff,
        order: res.gains.slice(0, 20),
      },
    };
  },
};
