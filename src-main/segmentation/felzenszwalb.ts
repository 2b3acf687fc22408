// Felzenszwalb & Huttenlocher 2004, "Efficient Graph-Based Image Segmentation"
// (IJCV 59(2)), written by hand: no maintained npm package segments Float32
// images of any channel count. It follows scikit-image's `felzenszwalb` (the
// implementation XRAI's reference code calls): Gaussian pre-smoothing, an
// 8-connected grid graph weighted by the Euclidean colour distance, edges in
// increasing weight, union-find merging while the weight is below
// min(Int(C1) + τ(C1), Int(C2) + τ(C2)) with τ(C) = k/|C|, then a second pass
// over the same edges that merges components smaller than minSize.
import { StudioError } from '../api/errors';
import { gaussianBlurHwc } from '../numerics/image-ops';

export interface FelzenszwalbOptions {
  /** k. As in scikit-image it is divided by 255, so images in [0,1] or [-1,1] behave like 8-bit ones in the paper. */
  scale: number;
  /** Gaussian pre-smoothing σ in pixels; 0 disables it. */
  sigma: number;
  /** Components smaller than this (in pixels) are merged into a neighbour. */
  minSize: number;
}

export interface Segmentation {
  /** Row-major [h*w] labels 0..count-1, numbered in raster order of first appearance. */
  labels: Int32Array;
  count: number;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]]; // path halving
    i = parent[i];
  }
  return i;
}

/** Segments an HWC Float32 image (any channel count). Deterministic: ties in edge weight are broken by edge index. */
export function felzenszwalb(image: Float32Array, h: number, w: number, c: number, opts: FelzenszwalbOptions): Segmentation {
  if (image.length !== h * w * c) throw new StudioError('internal', `felzenszwalb: image has ${image.length} values, expected ${h}×${w}×${c}`);
  // scipy.ndimage.gaussian_filter as scikit-image calls it: radius ⌊4σ + ½⌋, half-sample mirrored borders.
  const img = gaussianBlurHwc(image, h, w, c, { sigma: opts.sigma, truncate: 4, rounding: 'round', border: 'symmetric' });
  const k = opts.scale / 255;
  // 8-connectivity: right, down, down-right, up-right neighbours of each pixel.
  const maxEdges = 4 * h * w;
  const ea = new Int32Array(maxEdges);
  const eb = new Int32Array(maxEdges);
  const cost = new Float64Array(maxEdges);
  let m = 0;
  const add = (a: number, b: number): void => {
    let d = 0;
    for (let ch = 0; ch < c; ch++) {
      const t = img[a * c + ch] - img[b * c + ch];
      d += t * t;
    }
    ea[m] = a;
    eb[m] = b;
    cost[m++] = Math.sqrt(d);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if (x + 1 < w) add(p, p + 1);
      if (y + 1 < h) add(p, p + w);
      if (x + 1 < w && y + 1 < h) add(p, p + w + 1);
      if (x + 1 < w && y > 0) add(p, p - w + 1);
    }
  }
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => cost[a] - cost[b] || a - b);

  const n = h * w;
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  const internal = new Float64Array(n); // Int(C): the largest MST edge inside C
  for (let i = 0; i < n; i++) parent[i] = i;
  const union = (a: number, b: number): number => {
    // Union by size keeps the trees shallow; the root index does not affect labels.
    if (size[a] < size[b]) [a, b] = [b, a];
    parent[b] = a;
    size[a] += size[b];
    return a;
  };
  for (let i = 0; i < m; i++) {
    const e = order[i];
    const a = find(parent, ea[e]);
    const b = find(parent, eb[e]);
    if (a === b) continue;
    if (cost[e] < Math.min(internal[a] + k / size[a], internal[b] + k / size[b])) internal[union(a, b)] = cost[e];
  }
  // Small components join the neighbour across their cheapest remaining edge.
  for (let i = 0; i < m; i++) {
    const e = order[i];
    const a = find(parent, ea[e]);
    const b = find(parent, eb[e]);
    if (a !== b && (size[a] < opts.minSize || size[b] < opts.minSize)) union(a, b);
  }
  const labels = new Int32Array(n);
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    let l = map.get(r);
    if (l === undefined) map.set(r, (l = map.size));
    labels[i] = l;
  }
  return { labels, count: map.size };
}
