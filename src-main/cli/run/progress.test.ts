import { describe, expect, it } from 'vitest';
import { eta, parseProgress, Progress } from './progress';

describe('progress', () => {
  it('defaults: none with --json, bar on a TTY, lines otherwise', () => {
    expect(parseProgress(undefined, true, true)).toBe('none');
    expect(parseProgress(undefined, false, true)).toBe('bar');
    expect(parseProgress(undefined, false, false)).toBe('lines');
    expect(() => parseProgress('fancy', false)).toThrow(/bar, json, lines or none/);
  });

  it('ETA from the rate of the samples done here: 4 of 10 done, 2 of them here in 6 s → 6 left × 3 s = 18 s', () => {
    expect(eta(4, 10, 2, 6)).toBe(18);
    expect(eta(4, 10, 0, 6)).toBeNull();
  });

  it('json: one event per line on stderr', () => {
    const lines: string[] = [];
    const p = new Progress('json', 6, { index: 1, count: 3 }, (s) => void lines.push(s));
    p.update(2);
    expect(JSON.parse(lines[0])).toMatchObject({ event: 'progress', done: 2, total: 6, shard: 1, shards: 3 });
    expect(lines[0].endsWith('\n')).toBe(true);
  });
});
