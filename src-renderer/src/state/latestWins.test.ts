import { describe, expect, it } from 'vitest';
import { LatestWins } from './latestWins';

/** A fake engine whose replies the test releases one by one. */
function fake() {
  const sent: number[] = [];
  const resolvers: ((v: string) => void)[] = [];
  const delivered: [number, string][] = [];
  const lw = new LatestWins<number, string>(
    (q) => {
      sent.push(q);
      return new Promise((r) => resolvers.push(r));
    },
    (q, r) => delivered.push([q, r]),
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { lw, sent, delivered, reply: async (i: number, v: string) => (resolvers[i](v), settle()) };
}

describe('latest-wins live scoring', () => {
  it('sends the first edit, keeps only the newest while it runs, drops the superseded reply', async () => {
    const f = fake();
    f.lw.submit(1);
    f.lw.submit(2);
    f.lw.submit(3); // replaces 2, which is never sent
    expect(f.sent).toEqual([1]);
    await f.reply(0, 'r1'); // 1 is stale: dropped; 3 goes out
    expect(f.delivered).toEqual([]);
    expect(f.sent).toEqual([1, 3]);
    await f.reply(1, 'r3');
    expect(f.delivered).toEqual([[3, 'r3']]);
    expect(f.lw.busy).toBe(false);
  });

  it('delivers each reply when edits come slower than replies', async () => {
    const f = fake();
    f.lw.submit(1);
    await f.reply(0, 'a');
    f.lw.submit(2);
    await f.reply(1, 'b');
    expect(f.delivered).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('drop() discards the running reply and the waiting request', async () => {
    const f = fake();
    f.lw.submit(1);
    f.lw.submit(2);
    f.lw.drop();
    await f.reply(0, 'a');
    expect(f.sent).toEqual([1]);
    expect(f.delivered).toEqual([]);
  });

  it('a failure of the newest request is reported, one of a superseded request is not', async () => {
    const errors: number[] = [];
    let n = 0;
    const rejecters: ((e: Error) => void)[] = [];
    const lw = new LatestWins<number, string>(
      () => (n++, new Promise((_r, j) => rejecters.push(j))),
      () => undefined,
      (q) => errors.push(q),
    );
    lw.submit(1);
    lw.submit(2);
    rejecters[0](new Error('x'));
    await new Promise((r) => setTimeout(r, 0));
    rejecters[1](new Error('y'));
    await new Promise((r) => setTimeout(r, 0));
    expect([n, ...errors]).toEqual([2, 2]);
  });
});
