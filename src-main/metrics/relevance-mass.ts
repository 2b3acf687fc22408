// Relevance mass accuracy (Arras, Osman & Samek 2022, CLEVR-XAI, arXiv:2003.07258, §4.2):
// R_in / R_total over the positive relevance only, as the paper pools it. (The same ratio as the
// energy pointing game; listed under its own name so CLEVR-XAI's pair of metrics is complete.)

/** Σ_{mask} max(0,R) / Σ max(0,R); NaN for an empty mask, 0 for a map with no positive relevance. */
export function relevanceMass(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  let inside = 0;
  let total = 0;
  let any = false;
  for (let i = 0; i < map.length; i++) {
    if (mask[i]) any = true;
    const r = Math.max(0, map[i]);
    total += r;
    if (mask[i]) inside += r;
  }
  if (!any) return NaN;
  return total > 0 ? inside / total : 0;
}
