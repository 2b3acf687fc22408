// Histogram of oriented gradients (Dalal & Triggs 2005) as scikit-image's
// feature.hog computes it for a 2-D image with its defaults: 9 unsigned
// orientations over [0°,180°), 8×8-pixel cells, 3×3-cell blocks, L2-Hys block
// normalisation, no sqrt transform. Gradients are central differences with the
// border rows/columns set to 0 (skimage _hog_channel_gradient); each pixel adds
// its magnitude to one bin (hard binning, bin i holds [20i, 20i+20)), divided
// by the cell's pixel count; pixels past the last whole cell are ignored.
import { StudioError } from '../api/errors';

export interface HogOptions {
  orientations?: number;
  cell?: number;
  block?: number;
}

/** Cell histograms, [cellsY, cellsX, orientations] row-major. */
export function hogCells(img: ArrayLike<number>, shape: [number, number], opts: HogOptions = {}): { hist: Float64Array; cellsY: number; cellsX: number } {
  const [h, w] = shape;
  const nb = opts.orientations ?? 9;
  const cell = opts.cell ?? 8;
  const cellsY = Math.floor(h / cell);
  const cellsX = Math.floor(w / cell);
  const hist = new Float64Array(cellsY * cellsX * nb);
  for (let y = 0; y < cellsY * cell; y++) {
    for (let x = 0; x < cellsX * cell; x++) {
      const gr = y > 0 && y < h - 1 ? img[(y + 1) * w + x] - img[(y - 1) * w + x] : 0;
      const gc = x > 0 && x < w - 1 ? img[y * w + x + 1] - img[y * w + x - 1] : 0;
      const mag = Math.hypot(gr, gc);
      if (mag === 0) continue;
      const deg = ((((Math.atan2(gr, gc) * 180) / Math.PI) % 180) + 180) % 180;
      const bin = Math.min(nb - 1, Math.floor(deg / (180 / nb)));
      hist[(Math.floor(y / cell) * cellsX + Math.floor(x / cell)) * nb + bin] += mag;
    }
  }
  for (let i = 0; i < hist.length; i++) hist[i] /= cell * cell;
  return { hist, cellsY, cellsX };
}

/** L2-Hys: L2-normalise, clip at 0.2, L2-normalise again (eps = 1e-5, as skimage). */
function l2hys(v: Float64Array): Float64Array {
  const eps2 = 1e-10;
  const norm = (a: Float64Array): number => Math.sqrt(a.reduce((s, x) => s + x * x, 0) + eps2);
  const n1 = norm(v);
  const clipped = v.map((x) => Math.min(x / n1, 0.2));
  const n2 = norm(clipped);
  return clipped.map((x) => x / n2);
}

/** The feature vector: blocks in row-major order, each [blockY, blockX, orientation] flattened. */
export function hog(img: ArrayLike<number>, shape: [number, number], opts: HogOptions = {}): Float64Array {
  const nb = opts.orientations ?? 9;
  const b = opts.block ?? 3;
  const { hist, cellsY, cellsX } = hogCells(img, shape, opts);
  const blocksY = cellsY - b + 1;
  const blocksX = cellsX - b + 1;
  if (blocksY < 1 || blocksX < 1)
    throw new StudioError('too-small', `hog: a ${shape[0]}×${shape[1]} image has fewer than ${b}×${b} cells of ${opts.cell ?? 8} px`);
  const out = new Float64Array(blocksY * blocksX * b * b * nb);
  const block = new Float64Array(b * b * nb);
  let o = 0;
  for (let by = 0; by < blocksY; by++) {
    for (let bx = 0; bx < blocksX; bx++) {
      for (let cy = 0; cy < b; cy++) {
        for (let cx = 0; cx < b; cx++) {
          const src = ((by + cy) * cellsX + bx + cx) * nb;
          block.set(hist.subarray(src, src + nb), (cy * b + cx) * nb);
        }
      }
      out.set(l2hys(block), o);
      o += block.length;
    }
  }
  return out;
}
