import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, StudioError, toApiError } from './errors';

describe('errors', () => {
  it('lists each code once, and every code thrown in src-main is in the list', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    // An independent reading of the source: the codes literally passed to `new StudioError(`.
    const root = join(import.meta.dirname, '..');
    const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const thrown = new Set<string>();
    for (const f of files) for (const m of readFileSync(join(root, f), 'utf8').matchAll(/new StudioError\(\s*'([a-z0-9-]+)'/g)) thrown.add(m[1]);
    expect(thrown.size).toBeGreaterThan(40);
    for (const c of thrown) expect(ERROR_CODES as readonly string[], c).toContain(c);
  });

  it('toApiError: a code and one bounded line, never a stack; odd codes become internal', () => {
    expect(toApiError(new StudioError('bad-request', 'predict: "topK" must be an integer\n    at x.js:1:1'))).toEqual({
      code: 'bad-request',
      message: 'predict: "topK" must be an integer',
    });
    expect(toApiError(Object.assign(new Error('boom'), { code: 'has spaces' }))).toEqual({ code: 'internal', message: 'boom' });
    expect(toApiError({ toString: 1 })).toEqual({ code: 'internal', message: 'unexpected error' });
    expect(toApiError('x'.repeat(5000)).message.length).toBe(1000);
  });
});
