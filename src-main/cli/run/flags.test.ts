import { describe, expect, it } from 'vitest';
import { runFlags } from './flags';

describe('run flags', () => {
  it('resume by default; --fresh and --no-resume start over; --resume with either is refused', () => {
    expect(runFlags({}, {})).toEqual({ shard: { index: 0, count: 1 }, resume: 'auto', keepGoing: false });
    expect(runFlags({ fresh: true, 'keep-going': true }, {})).toMatchObject({ resume: 'fresh', keepGoing: true });
    expect(runFlags({ 'no-resume': true, 'shard-index': '1', 'num-shards': '2' }, {})).toMatchObject({ resume: 'fresh', shard: { index: 1, count: 2 } });
    expect(() => runFlags({ resume: true, fresh: true }, {})).toThrow(/contradict/);
  });
});
