// Seeded mutations for fuzz tests: bit flips, truncation, and edits of the
// header region (the first bytes, where formats keep their structure).
import { mulberry32 } from '../shared/random';

export type Mutation = 'flip' | 'truncate' | 'header' | 'splice';
export const MUTATIONS: readonly Mutation[] = ['flip', 'truncate', 'header', 'splice'];

/** A mutated copy of `src`: the same (seed, kind) always gives the same bytes. */
export function mutate(src: Uint8Array, kind: Mutation, seed: number, headerBytes = 512): Uint8Array {
  const r = mulberry32(seed);
  const pick = (n: number): number => Math.floor(r() * n);
  switch (kind) {
    case 'flip': {
      const out = src.slice();
      for (let i = 0, n = 1 + pick(8); i < n; i++) out[pick(out.length)] ^= 1 << pick(8);
      return out;
    }
    case 'truncate':
      return src.slice(0, pick(src.length));
    case 'header': {
      const out = src.slice();
      const span = Math.min(headerBytes, out.length);
      for (let i = 0, n = 1 + pick(16); i < n; i++) out[pick(span)] = pick(256);
      return out;
    }
    case 'splice': {
      // A run of bytes copied over another place: lengths and offsets that point at the wrong data.
      const out = src.slice();
      const len = 1 + pick(Math.min(64, out.length));
      const from = pick(out.length - len + 1);
      out.copyWithin(pick(out.length - len + 1), from, from + len);
      return out;
    }
  }
}

/** Rejects when `p` has not settled after `ms`: a hang is a failure, not a slow pass. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} did not settle in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
