import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hog } from '../metrics/hog';
import { ssim } from '../metrics/ssim';
import { decodeNpy, encodeNpy } from '../shared/npy';
import { ERROR_CODES, StudioError, toApiError } from './errors';
import { decodeWire } from './wire';

const root = join(import.meta.dirname, '..', '..');

/** Every production source file (tests excluded) of the main process, the renderer, the preload and the scripts. */
function productionFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.(ts|tsx|mjs|js)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        out.push({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') });
      }
    }
  };
  for (const d of ['src-main', 'src-renderer/src', 'src-preload', 'scripts']) walk(join(root, d));
  return out;
}

const files = productionFiles();
const others = files.filter((f) => f.path !== 'src-main/api/errors.ts');

/** Files allowed a plain `throw new Error(` in shipped code: none (every error a caller can meet has a code). */
const PLAIN_THROWS_ALLOWED = new Set<string>([]);

async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    return e instanceof StudioError ? e.code : `not a StudioError: ${String(e)}`;
  }
  return 'did not throw';
}

describe('errors', () => {
  it('lists each code once, with a one-line meaning, and every code thrown anywhere is in the list', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    const source = files.find((f) => f.path === 'src-main/api/errors.ts')!.text;
    for (const c of ERROR_CODES) expect(source, c).toMatch(new RegExp(`^  '${c}', // \\S.{10,}$`, 'm'));
    // An independent reading of the source: the codes literally passed to `new StudioError(` (and the renderer's HostError).
    const thrown = new Set<string>();
    for (const f of files) {
      for (const m of f.text.matchAll(/new StudioError\(\s*'([a-z0-9-]+)'/g)) thrown.add(m[1]);
      for (const m of f.text.matchAll(/new HostError\([^;]*?,\s*'([a-z0-9-]+)'\)/g)) thrown.add(m[1]);
    }
    expect(thrown.size).toBeGreaterThan(40);
    for (const c of thrown) expect(ERROR_CODES as readonly string[], c).toContain(c);
  });

  it('every code in the list is used by at least one production file, so the list cannot rot', () => {
    const unused = ERROR_CODES.filter((c) => !others.some((f) => f.text.includes(`'${c}'`)));
    expect(unused).toEqual([]);
    // The merged synonyms stay merged.
    for (const gone of ['bad-arg', 'needs-layers-model', 'cam-unsupported', 'lrp-unsupported', 'short-weights', 'model-not-json', 'no-model-json'])
      expect(ERROR_CODES as readonly string[], gone).not.toContain(gone);
  });

  it('shipped code throws StudioError, not a plain Error (but in the files listed for their owners)', () => {
    // Scripts and testing/ helpers never run in the app; a plain Error there reaches no user.
    const shipped = others.filter((f) => !f.path.startsWith('scripts/') && !f.path.includes('/testing/'));
    const plain = shipped.filter((f) => /throw new Error\(/.test(f.text)).map((f) => f.path);
    expect(plain.filter((p) => !PLAIN_THROWS_ALLOWED.has(p))).toEqual([]);
    expect(shipped.length).toBeGreaterThan(300);
  });

  it('converted throws carry their codes', async () => {
    expect(await codeOf(() => decodeNpy(new Uint8Array(16)))).toBe('corrupt');
    const npy = encodeNpy(new Float32Array(4), [2, 2]);
    expect(await codeOf(() => decodeNpy(npy.subarray(0, npy.length - 1)))).toBe('truncated');
    expect(await codeOf(() => encodeNpy(new Float32Array(3), [2, 2]))).toBe('internal');
    expect(await codeOf(() => decodeWire('{"x":{"__typed":"toString","b64":""}}'))).toBe('bad-request');
    expect(await codeOf(() => ssim(new Float32Array(25), new Float32Array(25), [5, 5], { dataRange: 1 }))).toBe('too-small');
    expect(await codeOf(() => hog(new Float32Array(16 * 16), [16, 16]))).toBe('too-small');
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
