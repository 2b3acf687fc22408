// One method's independent passes split across engine workers (issue 17).
// The pool starts the same job in several idle workers ("replicas"), each told
// its index and the group's size. Every replica runs the method from the same
// request, so its set-up (seeded draws, segments, baselines) is identical; at
// each `sharedMap` the replica computes only its items (i ≡ index mod size),
// hands them to the host and receives everyone else's. The items are merged in
// index order by the method's own code, so a map does not depend on how many
// workers took part: bit-identical for any N. A replica that died leaves its
// items to be computed by each survivor. Inside an item, sharing is off: the
// other replicas are not running that item, so nested maps run locally.
import { AsyncLocalStorage } from 'node:async_hooks';

/** A replica's connection to its group (engine/worker.ts posts through the host). */
export interface ShareLink {
  readonly index: number;
  readonly size: number;
  /** Sends this replica's items of one stage; resolves with the other replicas' (those that are alive). */
  exchange(stage: number, items: [number, unknown][]): Promise<[number, unknown][]>;
}

interface ShareState {
  link: ShareLink | null;
  stage: number;
}

const current = new AsyncLocalStorage<ShareState>();

/** Runs `fn` as replica `link` of a group: its sharedMap calls split their items. */
export function withShare<T>(link: ShareLink | null, fn: () => Promise<T>): Promise<T> {
  return current.run({ link, stage: 0 }, fn);
}

export interface SharedMapOptions {
  /** Called after each item this replica computed: (items done, items this replica computes, the item's index). */
  onItem?(done: number, own: number, index: number): void;
}

/**
 * compute(0) … compute(count − 1), in any worker of the group, returned in
 * index order. Items must be structured-cloneable (typed arrays, plain data)
 * and depend only on their index and the request.
 */
export async function sharedMap<T>(count: number, compute: (i: number) => Promise<T>, opts: SharedMapOptions = {}): Promise<T[]> {
  const state = current.getStore();
  const link = state?.link && state.link.size > 1 ? state.link : null;
  const stage = state ? state.stage++ : 0;
  const local = (i: number): Promise<T> => current.run({ link: null, stage: 0 }, () => compute(i));
  const out = new Array<T>(count);
  const have = new Array<boolean>(count).fill(false);
  const mine: number[] = [];
  for (let i = 0; i < count; i++) if (!link || i % link.size === link.index) mine.push(i);
  const items: [number, unknown][] = [];
  for (let k = 0; k < mine.length; k++) {
    const i = mine[k];
    out[i] = await local(i);
    have[i] = true;
    if (link) items.push([i, out[i]]);
    opts.onItem?.(k + 1, mine.length, i);
  }
  if (!link) return out;
  for (const [i, v] of await link.exchange(stage, items)) {
    if (Number.isInteger(i) && i >= 0 && i < count && !have[i]) {
      out[i] = v as T;
      have[i] = true;
    }
  }
  // Items of a replica that died: computed here, as every survivor does.
  for (let i = 0; i < count; i++) if (!have[i]) out[i] = await local(i);
  return out;
}
