import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from './manifest';
import { openSession } from './session';

const cfg: RunConfig = { command: 'evaluate', request: { methods: ['gradcam'] }, model: 'm', images: 'i', versions: { project: '1', tfjs: '4' } };

describe('session', () => {
  it('resumes a matching run.json, refuses a different one naming the fields, starts over with fresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-session-'));
    const a = await openSession<{ id: string }>(dir, ['evaluate'], cfg, { index: 0, count: 1 }, 2, 'auto');
    await a.log.append({ id: 'x' });
    await a.finish({ counts: { expected: 2, done: 1, failed: 0 } });
    const b = await openSession<{ id: string }>(dir, ['evaluate'], cfg, { index: 0, count: 1 }, 2, 'auto');
    expect(b.rows).toEqual([{ id: 'x' }]);
    expect(b.manifest.attempts).toBe(2);
    await b.finish({});
    const other = { ...cfg, request: { methods: ['saliency'] } };
    await expect(openSession(dir, ['evaluate'], other, { index: 0, count: 1 }, 2, 'auto')).rejects.toThrow(/differs in: request\.methods/);
    await expect(openSession(dir, ['evaluate'], cfg, { index: 1, count: 2 }, 2, 'auto')).rejects.toThrow(/is shard 0 of 1, this is 1 of 2/);
    const c = await openSession<{ id: string }>(dir, ['evaluate'], other, { index: 0, count: 1 }, 2, 'fresh');
    expect(c.rows).toEqual([]);
    await c.finish({});
    expect(existsSync(join(dir, 'rows.jsonl'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ attempts: 1, config: { request: { methods: ['saliency'] } } });
  });
});
