import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJson, loadJsonSync, saveJson, saveJsonSync } from './json-file';

const obj = (v: unknown): { rows: number[] } => {
  if (!v || typeof v !== 'object' || !Array.isArray((v as { rows?: unknown }).rows)) throw new Error('no "rows" array');
  return v as { rows: number[] };
};

describe('json files', () => {
  it('round-trips, leaves no temporary file, and reports an absent file as null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-'));
    const p = join(dir, 'log.json');
    expect(await loadJson(p, obj)).toEqual({ value: null });
    await saveJson(p, { rows: [1, 2, 3] });
    saveJsonSync(join(dir, 'b.json'), { rows: [4] });
    expect((await loadJson(p, obj)).value).toEqual({ rows: [1, 2, 3] });
    expect(loadJsonSync(join(dir, 'b.json'), obj).value).toEqual({ rows: [4] });
    expect(readdirSync(dir).sort()).toEqual(['b.json', 'log.json']);
  });

  it('moves a corrupt or invalid file aside with its bytes intact and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-'));
    const p = join(dir, 'project.json');
    writeFileSync(p, '{"rows": [1, 2');
    const now = new Date('2026-11-23T10:20:30.456Z');
    const r = await loadJson(p, obj, now);
    expect(r.value).toBeNull();
    expect(r.corrupt?.backup).toBe(`${p}.corrupt-2026-11-23T10-20-30-456Z`);
    expect(r.corrupt?.reason).toMatch(/JSON/);
    expect(readFileSync(r.corrupt!.backup, 'utf8')).toBe('{"rows": [1, 2');
    expect(existsSync(p)).toBe(false);
    writeFileSync(p, '{"cols": []}');
    const s = loadJsonSync(p, obj, now);
    expect(s.corrupt?.reason).toBe('no "rows" array');
  });
});
