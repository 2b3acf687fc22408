// The pool's scheduling and exchange bookkeeping, without workers.
import { describe, expect, it } from 'vitest';
import { JobSlots } from './job-slots';
import { ShareGroups } from './share-groups';
import type { Items } from './share-wire';

describe('JobSlots', () => {
  it('gives a parallel job every idle job worker, a plain job one, and queues the rest for the first to free', async () => {
    const s = new JobSlots(4); // interactive + 3 job workers
    expect(await s.acquire('a', false)).toEqual([1]);
    expect(await s.acquire('b', true)).toEqual([2, 3]);
    const order: string[] = [];
    const c = s.acquire('c', true).then((t) => (order.push('c'), t));
    const d = s.acquire('d', false).then((t) => (order.push('d'), t));
    await Promise.resolve();
    expect(order).toEqual([]);
    s.release(3);
    expect(await c).toEqual([3]); // only one was idle: c runs unshared
    s.release(1);
    expect(await d).toEqual([1]);
    expect(order).toEqual(['c', 'd']);
    expect(s.busy).toEqual([0, 1, 1, 1]);
  });

  it('a waiting job cancelled leaves the queue, rejected; a single worker runs jobs itself', async () => {
    const s = new JobSlots(3);
    await s.acquire('a', true);
    const w = s.acquire('w', false);
    expect(s.cancelWaiting('w')).toBe(true);
    await expect(w).rejects.toMatchObject({ code: 'cancelled' });
    expect(s.cancelWaiting('w')).toBe(false);
    expect(await new JobSlots(1).acquire('x', true)).toEqual([0]);
  });
});

describe('ShareGroups', () => {
  const setup = () => {
    const got: { k: number; stage: number; items: Items; ended: boolean }[] = [];
    const to = { answerExchange: (k: number, _g: string, stage: number, items: Items, ended = false) => void got.push({ k, stage, items, ended }) };
    return { got, groups: new ShareGroups(to) };
  };

  it('answers a stage when every live replica posted, each with the others’ items', () => {
    const { got, groups } = setup();
    groups.open('j', [1, 2, 3]);
    groups.posted(1, { group: 'j', stage: 0, index: 0, items: [[0, 'a']] });
    groups.posted(2, { group: 'j', stage: 0, index: 1, items: [[1, 'b']] });
    expect(got).toEqual([]);
    groups.posted(3, { group: 'j', stage: 0, index: 2, items: [[2, 'c']] });
    expect(got.map((g) => [g.k, g.items.map(([i]) => i)])).toEqual([
      [1, [1, 2]],
      [2, [0, 2]],
      [3, [0, 1]],
    ]);
  });

  it('a lost replica is not waited for; its posted items still count; after the end, posts are told to stop', () => {
    const { got, groups } = setup();
    groups.open('j', [1, 2, 3]);
    groups.posted(3, { group: 'j', stage: 0, index: 2, items: [[2, 'c']] });
    groups.lost('j', 2);
    groups.posted(1, { group: 'j', stage: 0, index: 0, items: [[0, 'a']] });
    expect(got).toEqual([]);
    groups.lost('j', 1);
    expect(got).toEqual([{ k: 1, stage: 0, items: [[2, 'c']], ended: false }]);
    groups.end('j');
    groups.posted(1, { group: 'j', stage: 1, index: 0, items: [] });
    expect(got.at(-1)).toEqual({ k: 1, stage: 1, items: [], ended: true });
  });
});
