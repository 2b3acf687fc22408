// Weakly supervised segmentation from a saliency map (Simonyan et al. 2013
// §4.1): quantile seeds → foreground/background colour GMMs → one graph cut of
// the GrabCut energy (Rother et al. 2004: −log-likelihood data terms and
// contrast-sensitive 4-neighbour smoothness γ·exp(−β‖z_p − z_q‖²)).
import { fitGmm, gmmLogLikelihood } from './gmm';
import { MaxFlow } from './maxflow';
import { saliencySeeds, SEED_BG, SEED_FG, type Seeds } from './seeds';

export interface GraphCutOptions {
  fgQuantile?: number;
  bgQuantile?: number;
  /** Smoothness weight (GrabCut uses 50). */
  gamma?: number;
  /** Mixture components per colour model. */
  components?: number;
  seed?: number;
}

export interface Segmentation {
  mask: Uint8Array;
  seeds: Seeds;
}

const HARD = 1e9;
const MAX_SAMPLES = 4000;

/** Up to MAX_SAMPLES colours of the pixels with seed label `which`, evenly strided. */
function colours(image: Float32Array, c: number, labels: Uint8Array, which: number): Float32Array {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === which) idx.push(i);
  const stride = Math.max(1, Math.ceil(idx.length / MAX_SAMPLES));
  const out = new Float32Array(Math.ceil(idx.length / stride) * c);
  let o = 0;
  for (let j = 0; j < idx.length; j += stride) for (let d = 0; d < c; d++) out[o++] = image[idx[j] * c + d];
  return out;
}

/** `image` is [h·w·c] in 0…1 (c = 1 or 3), `saliency` [h·w]. Returns the object mask (1 = object). */
export function graphCutSegment(image: Float32Array, c: number, saliency: ArrayLike<number>, h: number, w: number, opts: GraphCutOptions = {}): Segmentation {
  const n = h * w;
  const seeds = saliencySeeds(saliency, opts.fgQuantile ?? 0.95, opts.bgQuantile ?? 0.3);
  if (seeds.fgCount === 0 || seeds.bgCount === 0) return { mask: new Uint8Array(n), seeds };
  const k = opts.components ?? 5;
  const fg = fitGmm(colours(image, c, seeds.labels, SEED_FG), c, k, 8, opts.seed ?? 1);
  const bg = fitGmm(colours(image, c, seeds.labels, SEED_BG), c, k, 8, (opts.seed ?? 1) + 1);
  const gamma = opts.gamma ?? 50;
  // β = 1 / (2⟨‖z_p − z_q‖²⟩) over neighbour pairs: adapts the contrast term to the image.
  const diff2 = (p: number, q: number) => {
    let s = 0;
    for (let d = 0; d < c; d++) s += (image[p * c + d] - image[q * c + d]) ** 2;
    return s;
  };
  let sum = 0;
  let pairs = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if (x + 1 < w) {
        sum += diff2(p, p + 1);
        pairs++;
      }
      if (y + 1 < h) {
        sum += diff2(p, p + w);
        pairs++;
      }
    }
  }
  const beta = sum > 0 ? pairs / (2 * sum) : 0;
  const S = n;
  const T = n + 1;
  const g = new MaxFlow(n + 2, 6 * n + 4);
  for (let p = 0; p < n; p++) {
    const label = seeds.labels[p];
    if (label === SEED_FG) g.addEdge(S, p, HARD);
    else if (label === SEED_BG) g.addEdge(p, T, HARD);
    else {
      // Cutting S→p labels p background and costs −log P(z|bg); p→T the converse. Shift so both are ≥ 0.
      const costBg = -gmmLogLikelihood(bg, image, p);
      const costFg = -gmmLogLikelihood(fg, image, p);
      const m = Math.min(costBg, costFg);
      if (costBg > m) g.addEdge(S, p, costBg - m);
      if (costFg > m) g.addEdge(p, T, costFg - m);
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if (x + 1 < w) {
        const wt = gamma * Math.exp(-beta * diff2(p, p + 1));
        g.addEdge(p, p + 1, wt, wt);
      }
      if (y + 1 < h) {
        const wt = gamma * Math.exp(-beta * diff2(p, p + w));
        g.addEdge(p, p + w, wt, wt);
      }
    }
  }
  g.solve(S, T);
  const side = g.sourceSide(S);
  return { mask: side.subarray(0, n).slice(), seeds };
}

/** The baseline: object = |saliency| at or above its q-quantile. */
export function thresholdSegment(saliency: ArrayLike<number>, q = 0.95): Segmentation {
  const seeds = saliencySeeds(saliency, q, 0);
  const mask = new Uint8Array(seeds.labels.length);
  for (let i = 0; i < mask.length; i++) mask[i] = seeds.labels[i] === SEED_FG ? 1 : 0;
  return { mask, seeds };
}
