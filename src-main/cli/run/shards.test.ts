import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inShard, listSamples, resolveShard, shardOf } from './shards';

describe('shards', () => {
  it('shardOf = first 4 sha256 bytes, big-endian, mod n', () => {
    // sha256("abc") = ba7816bf… → 0xba7816bf = 3128432319 (digit sum 36: divisible by 3).
    expect(shardOf('abc', 3)).toBe(0);
    expect(shardOf('abc', 1000)).toBe(319);
    // sha256("digit-3.png") starts 7d3924bf = 2100896959 ≡ 1 (mod 3).
    expect(shardOf('digit-3.png', 3)).toBe(1);
  });

  it('flags, then Slurm (ID − MIN of COUNT), then Kubernetes JOB_COMPLETION_INDEX', () => {
    expect(resolveShard({}, {})).toEqual({ index: 0, count: 1 });
    expect(resolveShard({ index: '2', count: '4' }, { SLURM_ARRAY_TASK_ID: '9' })).toEqual({ index: 2, count: 4 });
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({ index: 2, count: 3 });
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(resolveShard({ count: '5' }, { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 4, count: 5 });
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '0' })).toThrow(/--num-shards/);
    expect(() => resolveShard({ index: '3', count: '3' }, {})).toThrow(/outside 0\.\.2/);
    expect(() => resolveShard({ index: 'x', count: '3' }, {})).toThrow(/--shard-index must be an integer/);
    expect(() => resolveShard({ count: '3' }, {})).toThrow(/needs --shard-index/);
  });

  it('lists a folder by posix relative id, sorted by code point, masks excluded; shards partition it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-shards-'));
    for (const f of ['b.png', 'B.png', 'a.jpg', 'a.mask.png', 'notes.txt']) writeFileSync(join(root, f), '');
    mkdirSync(join(root, 'sub'));
    const all = await listSamples(root);
    expect(all.map((s) => s.id)).toEqual(['B.png', 'a.jpg', 'b.png']);
    const parts = [0, 1, 2].map((index) => inShard(all, { index, count: 3 }).map((s) => s.id));
    expect(parts.flat().sort()).toEqual(['B.png', 'a.jpg', 'b.png']);
    expect(parts.map((p, i) => p.every((id) => shardOf(id, 3) === i))).toEqual([true, true, true]);
    await expect(listSamples(join(root, 'sub'))).rejects.toThrow(/no images/);
  });
});
