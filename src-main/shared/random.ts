// mulberry32: a tiny, fast seeded PRNG — enough for shuffling, synthetic
// images and host-side draws. Pure, so the engine and scripts share it.
export function mulberry32(seed: number): () => number {
  return mulberry32At(seed, 0);
}

/**
 * mulberry32(seed) after `skip` draws, in O(1): its state advances by a
 * constant per draw. Lets a worker start a seeded sequence mid-way (core/share.ts).
 */
export function mulberry32At(seed: number, skip: number): () => number {
  let a = (seed + Math.imul(skip >>> 0, 0x6d2b79f5)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal via Box-Muller on a seeded uniform source. */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
