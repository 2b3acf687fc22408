// Mean structural similarity (Wang et al. 2004) with scikit-image's
// structural_similarity defaults: a 7×7 uniform window, K1 = 0.01, K2 = 0.03,
// sample covariances (× N/(N−1), N = 49), and the mean taken over the pixels
// whose window lies inside the image (skimage crops (7−1)/2 = 3 pixels from
// each border, so its filter's edge mode never matters). data_range is given.
import { StudioError } from '../api/errors';

export interface SsimOptions {
  dataRange: number;
  winSize?: number;
  k1?: number;
  k2?: number;
}

/** Window sums of a [h,w] array over every full win×win window, via a summed-area table. */
function windowSums(a: ArrayLike<number>, h: number, w: number, win: number): Float64Array {
  const sat = new Float64Array((h + 1) * (w + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += a[y * w + x];
      sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
    }
  }
  const oh = h - win + 1;
  const ow = w - win + 1;
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const at = (yy: number, xx: number): number => sat[yy * (w + 1) + xx];
      out[y * ow + x] = at(y + win, x + win) - at(y, x + win) - at(y + win, x) + at(y, x);
    }
  }
  return out;
}

export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, shape: [number, number], opts: SsimOptions): number {
  const [h, w] = shape;
  const win = opts.winSize ?? 7;
  if (a.length !== h * w || b.length !== h * w) throw new StudioError('internal', `ssim: arrays must hold ${h}×${w} values`);
  if (h < win || w < win) throw new StudioError('too-small', `ssim: images of ${h}×${w} are smaller than the ${win}×${win} window`);
  const np = win * win;
  const covNorm = np / (np - 1);
  const c1 = ((opts.k1 ?? 0.01) * opts.dataRange) ** 2;
  const c2 = ((opts.k2 ?? 0.03) * opts.dataRange) ** 2;
  const prod = (f: (i: number) => number): Float64Array => Float64Array.from({ length: h * w }, (_, i) => f(i));
  const [sa, sb] = [windowSums(a, h, w, win), windowSums(b, h, w, win)];
  const saa = windowSums(
    prod((i) => a[i] * a[i]),
    h,
    w,
    win,
  );
  const sbb = windowSums(
    prod((i) => b[i] * b[i]),
    h,
    w,
    win,
  );
  const sab = windowSums(
    prod((i) => a[i] * b[i]),
    h,
    w,
    win,
  );
  let total = 0;
  for (let i = 0; i < sa.length; i++) {
    const ux = sa[i] / np;
    const uy = sb[i] / np;
    const vx = covNorm * (saa[i] / np - ux * ux);
    const vy = covNorm * (sbb[i] / np - uy * uy);
    const vxy = covNorm * (sab[i] / np - ux * uy);
    total += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
  }
  return total / sa.length;
}
