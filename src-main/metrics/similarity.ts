// Correlations between two maps of equal length, in float64.
import { StudioError } from '../api/errors';

/**
 * Pearson's r. Zero variance leaves r undefined; we return 1 for two identical
 * arrays (a map compared with itself) and 0 otherwise (no linear association
 * can be measured), so scores built on r stay finite.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new StudioError('internal', `pearson: lengths differ (${n} vs ${b.length})`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) {
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return 0;
    return 1;
  }
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata 'average'). */
export function rankData(a: ArrayLike<number>): Float64Array {
  const n = a.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j]);
  const ranks = new Float64Array(n);
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && a[order[e]] === a[order[s]]) e++;
    const r = (s + e + 1) / 2; // mean of ranks s+1..e
    for (let k = s; k < e; k++) ranks[order[k]] = r;
    s = e;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's r of the average ranks (scipy.stats.spearmanr). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(rankData(a), rankData(b));
}
