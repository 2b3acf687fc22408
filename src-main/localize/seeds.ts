// Foreground and background seeds from a saliency map's quantiles: Simonyan et
// al. 2013 (§4.1) take pixels above the 95% quantile as object and below the
// 30% quantile as background.

/** The q-quantile (0…1) of `values`, linear between order statistics. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float32Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = Math.min(1, Math.max(0, q)) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const SEED_UNKNOWN = 0;
export const SEED_FG = 1;
export const SEED_BG = 2;

export interface Seeds {
  /** Per pixel: SEED_UNKNOWN, SEED_FG or SEED_BG. */
  labels: Uint8Array;
  fgThreshold: number;
  bgThreshold: number;
  fgCount: number;
  bgCount: number;
}

/** Seeds from |saliency|: ≥ the fgQuantile quantile is object, ≤ the bgQuantile quantile background. */
export function saliencySeeds(saliency: ArrayLike<number>, fgQuantile = 0.95, bgQuantile = 0.3): Seeds {
  const abs = Float32Array.from(saliency, Math.abs);
  const fgThreshold = quantile(abs, fgQuantile);
  const bgThreshold = quantile(abs, bgQuantile);
  const labels = new Uint8Array(abs.length);
  let fgCount = 0;
  let bgCount = 0;
  for (let i = 0; i < abs.length; i++) {
    // A flat map has fg = bg threshold: object wins only strictly above the background cut.
    if (abs[i] >= fgThreshold && abs[i] > bgThreshold) {
      labels[i] = SEED_FG;
      fgCount++;
    } else if (abs[i] <= bgThreshold) {
      labels[i] = SEED_BG;
      bgCount++;
    }
  }
  return { labels, fgThreshold, bgThreshold, fgCount, bgCount };
}
