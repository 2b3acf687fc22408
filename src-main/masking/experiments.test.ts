import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewExperiment } from '../api/types';
import { experimentsFile, ExperimentStore } from './experiments';
import { MAX_LOG_ROWS } from '../api/masking-checks';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const row = (area: number): NewExperiment => ({
  model: 'Digits',
  image: 'digit-7.png',
  width: 28,
  height: 28,
  fill: 'zero',
  area,
  target: 7,
  classes: [{ index: 7, label: '7', logitBefore: 9, logitAfter: 4, dLogit: -5, probBefore: 0.99, probAfter: 0.6, dProb: -0.39 }],
  maskPng: PNG,
  thumbnail: PNG,
});

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ss-exp-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the experiment log', () => {
  it('lives in SALIENCY_STUDIO_DATA when set, else in XDG_DATA_HOME/saliency-studio', () => {
    expect(experimentsFile({ SALIENCY_STUDIO_DATA: '/a/b' })).toBe('/a/b/experiments.json');
    expect(experimentsFile({ XDG_DATA_HOME: '/x' })).toBe('/x/saliency-studio/experiments.json');
  });

  it('survives a restart: a new store on the same file reads the rows back in order, ids and times set', async () => {
    const file = join(dir, 'sub', 'experiments.json');
    const a = new ExperimentStore(file);
    const r1 = await a.add(row(0.1), new Date('2025-01-02T03:04:05Z'));
    await Promise.all([a.add(row(0.2)), a.add(row(0.3))]); // queued, not racing
    expect(r1.time).toBe('2025-01-02T03:04:05.000Z');
    const b = new ExperimentStore(file);
    const rows = await b.list();
    expect(rows.map((r) => r.area)).toEqual([0.1, 0.2, 0.3]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(rows[0]).toEqual(r1);
    expect(await b.delete([r1.id])).toEqual({ deleted: 1 });
    expect((await new ExperimentStore(file).list()).map((r) => r.area)).toEqual([0.2, 0.3]);
    expect(await b.delete()).toEqual({ deleted: 2 });
    expect(await new ExperimentStore(file).list()).toEqual([]);
  });

  it(`keeps the newest ${MAX_LOG_ROWS} rows`, async () => {
    const file = join(dir, 'experiments.json');
    const rows = Array.from({ length: MAX_LOG_ROWS + 2 }, (_, i) => ({ ...row(i / 1000), id: `r${i}`, time: '2025-01-01T00:00:00.000Z' }));
    await writeFile(file, JSON.stringify({ version: 1, rows }));
    const s = new ExperimentStore(file);
    expect((await s.list()).length).toBe(MAX_LOG_ROWS + 2); // what is on disk is read as is
    await s.add(row(0.9));
    const after = await new ExperimentStore(file).list();
    expect(after.length).toBe(MAX_LOG_ROWS);
    expect(after[0].id).toBe('r3');
  });

  it('drops hand-broken rows, and moves a file that is not JSON aside instead of overwriting it', async () => {
    const file = join(dir, 'experiments.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        rows: [
          { ...row(0.5), id: 'ok', time: 't' },
          { id: 'bad', area: 7 },
        ],
      }),
    );
    expect((await new ExperimentStore(file).list()).map((r) => r.id)).toEqual(['ok']);
    await writeFile(file, '{ not json');
    const s = new ExperimentStore(file);
    expect(await s.list()).toEqual([]);
    expect(s.recovered?.backup).toMatch(/experiments\.json\.corrupt-/);
    expect(await readFile(s.recovered!.backup, 'utf8')).toBe('{ not json');
    await s.add(row(0.4));
    expect((await readdir(dir)).length).toBe(2);
  });

  describe('on disk', () => {
    let umask = 0;
    beforeAll(() => void (umask = process.umask(0o022)));
    afterAll(() => void process.umask(umask));

    it('is owner-only: the folder it creates 0700, the log 0600', async () => {
      const file = join(dir, 'data', 'experiments.json');
      await new ExperimentStore(file).add(row(0.1));
      expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    });

    it('refuses a log that is a symlink and leaves its target alone', async () => {
      const target = join(dir, 'target.txt');
      await writeFile(target, 'precious');
      const file = join(dir, 'experiments.json');
      await symlink(target, file);
      const code = await new ExperimentStore(file).add(row(0.1)).then(
        () => 'added',
        (e: { code?: string }) => e.code,
      );
      expect(code).toBe('symlink-refused');
      expect(await readFile(target, 'utf8')).toBe('precious');
      expect((await lstat(file)).isSymbolicLink()).toBe(true);
    });
  });
});
