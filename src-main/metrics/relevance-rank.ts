// Relevance rank accuracy (Arras, Osman & Samek 2022, CLEVR-XAI, arXiv:2003.07258, §4.2):
// with K = |mask|, the share of the K highest-relevance pixels that fall inside the mask.
import { topKIndices } from './top-k-intersection';

/** |top-K ∩ mask| / K, K = |mask|; NaN for an empty mask. Ties break by pixel index (stable sort). */
export function relevanceRank(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) k++;
  if (k === 0) return NaN;
  let hit = 0;
  for (const i of topKIndices(map, k)) if (mask[i]) hit++;
  return hit / k;
}
