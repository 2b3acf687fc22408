// Top-k intersection (Theiner, Müller-Budack & Ewerth 2022, arXiv:2104.14995; Quantus
// TopKIntersection): the share of the k highest-attribution pixels inside the mask. Quantus fixes
// k = 1000 at 224² (≈ 2%); here k is a percentage of the map so it scales with the input size.

/** Indices of the k largest values, largest first; ties keep pixel order. */
export function topKIndices(map: ArrayLike<number>, k: number): Uint32Array {
  const idx = Array.from({ length: map.length }, (_, i) => i);
  idx.sort((a, b) => map[b] - map[a] || a - b);
  return Uint32Array.from(idx.slice(0, Math.max(0, Math.min(k, map.length))));
}

/** |top-k ∩ mask| / k with k = max(1, round(percent/100 · n)); NaN for an empty mask. */
export function topKIntersection(map: ArrayLike<number>, mask: ArrayLike<number>, percent = 2): number {
  let any = false;
  for (let i = 0; i < mask.length; i++) if (mask[i]) any = true;
  if (!any || map.length === 0) return NaN;
  const k = Math.max(1, Math.round((Math.min(100, Math.max(0, percent)) / 100) * map.length));
  let hit = 0;
  for (const i of topKIndices(map, k)) if (mask[i]) hit++;
  return hit / k;
}
