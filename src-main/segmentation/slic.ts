// SLIC superpixels (Achanta et al. 2012, "SLIC Superpixels Compared to
// State-of-the-Art Superpixel Methods", TPAMI 34(11)), written by hand: no
// maintained npm package segments Float32 images of any channel count. It
// follows scikit-image's `slic` (what LIME users call): centres on a regular
// grid of step S = √(h·w/n), k-means restricted to a window of ±2S around each
// centre with distance d² = ‖colour − c_k‖² + (m/S)²·‖pos − p_k‖², ten
// iterations, then connectivity enforcement: every 4-connected piece smaller
// than half the nominal segment size joins a neighbouring piece. Colour images
// should come in CIELAB (`rgbToLab`), where compactness m = 10 is the usual
// value; a grey image scaled to [0, 100] behaves like the L channel.
import { StudioError } from '../api/errors';
import type { Segmentation } from './felzenszwalb';

export interface SlicOptions {
  /** Approximate number of superpixels. */
  segments: number;
  /** m: larger = more square superpixels. 10 for CIELAB. */
  compactness?: number;
  iterations?: number;
  /** Pieces smaller than this fraction of h·w/segments are merged into a neighbour. */
  minSizeFactor?: number;
}

const finv = (t: number): number => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** sRGB in [0,1] (HWC, 3 channels) → CIELAB under D65, as skimage's rgb2lab. */
export function rgbToLab(rgb: Float32Array): Float32Array {
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const [r, g, b] = [linear(rgb[i]), linear(rgb[i + 1]), linear(rgb[i + 2])];
    const x = (0.412453 * r + 0.35758 * g + 0.180423 * b) / 0.95047;
    const y = 0.212671 * r + 0.71516 * g + 0.072169 * b;
    const z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.08883;
    const [fx, fy, fz] = [finv(x), finv(y), finv(z)];
    out[i] = 116 * fy - 16;
    out[i + 1] = 500 * (fx - fy);
    out[i + 2] = 200 * (fy - fz);
  }
  return out;
}

/** Segments an HWC Float32 image into about `segments` compact superpixels. Deterministic. */
export function slic(image: Float32Array, h: number, w: number, c: number, opts: SlicOptions): Segmentation {
  if (image.length !== h * w * c) throw new StudioError('internal', `slic: image has ${image.length} values, expected ${h}×${w}×${c}`);
  const n = Math.max(1, Math.min(opts.segments, h * w));
  const m = opts.compactness ?? 10;
  const ny = Math.max(1, Math.round(h / Math.sqrt((h * w) / n)));
  const nx = Math.max(1, Math.round(n / ny));
  const [sy, sx] = [h / ny, w / nx];
  const S = Math.max(sy, sx);
  const K = ny * nx;
  const dim = c + 2; // colour, y, x
  const centres = new Float64Array(K * dim);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      const [y, x] = [Math.min(h - 1, Math.floor((i + 0.5) * sy)), Math.min(w - 1, Math.floor((j + 0.5) * sx))];
      for (let ch = 0; ch < c; ch++) centres[k * dim + ch] = image[(y * w + x) * c + ch];
      centres[k * dim + c] = y;
      centres[k * dim + c + 1] = x;
    }
  }
  const ratio = (m / S) ** 2;
  const assign = new Int32Array(h * w).fill(-1);
  const best = new Float64Array(h * w);
  for (let it = 0; it < (opts.iterations ?? 10); it++) {
    best.fill(Infinity);
    for (let k = 0; k < K; k++) {
      const cy = centres[k * dim + c];
      const cx = centres[k * dim + c + 1];
      const [y0, y1] = [Math.max(0, Math.floor(cy - 2 * S)), Math.min(h, Math.ceil(cy + 2 * S + 1))];
      const [x0, x1] = [Math.max(0, Math.floor(cx - 2 * S)), Math.min(w, Math.ceil(cx + 2 * S + 1))];
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = y * w + x;
          let d = ((y - cy) ** 2 + (x - cx) ** 2) * ratio;
          for (let ch = 0; ch < c; ch++) d += (image[p * c + ch] - centres[k * dim + ch]) ** 2;
          if (d < best[p]) {
            best[p] = d;
            assign[p] = k;
          }
        }
      }
    }
    const sums = new Float64Array(K * dim);
    const counts = new Float64Array(K);
    for (let p = 0; p < h * w; p++) {
      const k = assign[p];
      if (k < 0) continue;
      counts[k]++;
      for (let ch = 0; ch < c; ch++) sums[k * dim + ch] += image[p * c + ch];
      sums[k * dim + c] += Math.floor(p / w);
      sums[k * dim + c + 1] += p % w;
    }
    for (let k = 0; k < K; k++) if (counts[k]) for (let d = 0; d < dim; d++) centres[k * dim + d] = sums[k * dim + d] / counts[k];
  }
  return enforceConnectivity(assign, h, w, Math.floor((opts.minSizeFactor ?? 0.5) * ((h * w) / K)));
}

/**
 * Relabels 4-connected pieces of equal label; a piece smaller than minSize takes
 * the label of the piece it touches first (scanning its pixels in raster order,
 * neighbours up, left, down, right), as skimage's _enforce_label_connectivity
 * does with the adjacent segment. Labels come back dense, in raster order of first appearance.
 */
export function enforceConnectivity(assign: Int32Array, h: number, w: number, minSize: number): Segmentation {
  const piece = new Int32Array(h * w).fill(-1);
  const sizes: number[] = [];
  const members: Int32Array[] = [];
  const queue = new Int32Array(h * w);
  const nbrs = (p: number): number[] => {
    const [y, x] = [Math.floor(p / w), p % w];
    const out: number[] = [];
    if (y > 0) out.push(p - w);
    if (x > 0) out.push(p - 1);
    if (y + 1 < h) out.push(p + w);
    if (x + 1 < w) out.push(p + 1);
    return out;
  };
  for (let s = 0; s < h * w; s++) {
    if (piece[s] >= 0) continue;
    const id = sizes.length;
    let [head, tail] = [0, 0];
    queue[tail++] = s;
    piece[s] = id;
    while (head < tail) {
      const p = queue[head++];
      for (const q of nbrs(p)) {
        if (piece[q] < 0 && assign[q] === assign[s]) {
          piece[q] = id;
          queue[tail++] = q;
        }
      }
    }
    sizes.push(tail);
    members.push(queue.slice(0, tail).sort());
  }
  // Union small pieces into a neighbour; pieces are visited in raster order of their first pixel.
  const parent = Int32Array.from(sizes, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const size = Int32Array.from(sizes);
  for (let id = 0; id < sizes.length; id++) {
    const r = find(id);
    if (size[r] >= minSize) continue;
    let target = -1;
    for (const p of members[id]) {
      for (const q of nbrs(p)) {
        const t = find(piece[q]);
        if (t !== r) {
          target = t;
          break;
        }
      }
      if (target >= 0) break;
    }
    if (target < 0) continue; // the whole image is one piece
    parent[r] = target;
    size[target] += size[r];
  }
  const labels = new Int32Array(h * w);
  const dense = new Map<number, number>();
  for (let p = 0; p < h * w; p++) {
    const r = find(piece[p]);
    let l = dense.get(r);
    if (l === undefined) dense.set(r, (l = dense.size));
    labels[p] = l;
  }
  return { labels, count: dense.size };
}
