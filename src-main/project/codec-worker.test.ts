// The project codec in its worker thread: the same bytes as the encoder on the
// calling thread, errors that keep their codes, the caller's arrays left as they
// were, and a caller's event loop that keeps turning while a 64 MB snapshot is
// saved and reopened (on the calling thread it stops for seconds).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../api/project-types';
import { sampleSnapshot } from '../shared/project/fixtures';
import { projectText } from '../shared/project/format';
import { inlineCodec, type ProjectCodec } from './codec';
import { WorkerCodec } from './codec-client';
import { ProjectStore } from './store';

const SAVED_AT = '2025-01-01T00:00:00.000Z';
const meta = { savedAt: SAVED_AT, appVersion: '0.1.0' };
let dir: string;
const store = (codec?: ProjectCodec) => new ProjectStore({ dir, now: () => new Date(SAVED_AT), codec });

/** The sample with one comparison cell's map of `mb` megabytes (values that need all 32 bits). */
function withMap(mb: number): ProjectSnapshot {
  const p = sampleSnapshot();
  const map = new Float32Array((mb * 2 ** 20) / 4);
  for (let i = 0; i < map.length; i++) map[i] = Math.sin(i) * 1e-3;
  p.compare!.cells[0].result = { ...p.compare!.cells[0].result!, map, shape: [map.length / 1024, 1024] };
  return p;
}

/** Runs `work` while a 10 ms interval ticks; the longest gap between ticks (or from the last tick to the end). */
async function longestGap<T>(work: () => Promise<T>): Promise<{ value: T; gap: number; ticks: number }> {
  let last = performance.now();
  let gap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    gap = Math.max(gap, t - last);
    last = t;
    ticks++;
  }, 10);
  try {
    const value = await work();
    return { value, gap: Math.max(gap, performance.now() - last), ticks };
  } finally {
    clearInterval(timer);
  }
}

beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'ss-codec-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('project codec worker', () => {
  it('writes the bytes the encoder on the calling thread writes, and leaves the caller’s arrays as they were', async () => {
    const s = store();
    try {
      for (const [name, p] of [
        ['small', sampleSnapshot()],
        ['map', withMap(2)],
      ] as const) {
        const before = projectText(p, meta);
        const saved = await s.saveProject({ project: p, name });
        const bytes = await readFile(saved.path);
        expect(bytes.equals(Buffer.from(before, 'utf8'))).toBe(true);
        expect(saved.bytes).toBe(bytes.length);
        // Copied, not moved: the snapshot is still whole (a detached array would be empty).
        expect(p.compare!.cells[0].result!.map.length).toBe(name === 'small' ? 12 : 2 ** 19);
        expect((await s.openProject({ name })).project).toEqual(p);
      }
      await s.autosave({ project: sampleSnapshot() });
      expect(await readFile(s.autosaveFile, 'utf8')).toBe(projectText(sampleSnapshot(), meta));
    } finally {
      await s.close();
    }
  });

  it('sends errors back with their codes: ours as StudioErrors, the file system’s as they were', async () => {
    const codec = new WorkerCodec();
    try {
      const bad = sampleSnapshot();
      bad.single.overlay.mode = 'loud' as 'abs';
      await expect(codec.save({ path: join(dir, 'x.ssproj'), project: bad, meta })).rejects.toMatchObject({
        name: 'StudioError',
        code: 'bad-project',
        message: 'cannot save the project: single.overlay.mode: must be one of abs, signed, not "loud"',
      });
      // A folder that is a file: the system's code crosses as it was.
      await writeFile(join(dir, 'file'), 'x');
      await expect(codec.save({ path: join(dir, 'file', 'x.ssproj'), project: sampleSnapshot(), meta })).rejects.toMatchObject({ code: 'ENOTDIR' });
      await expect(codec.parse({ name: 'up.ssproj', bytes: new TextEncoder().encode('{') })).rejects.toMatchObject({ code: 'corrupt-project' });
    } finally {
      await codec.close();
    }
  });

  it('fails the call when its worker cannot start, ends when idle, and starts again on the next call', async () => {
    await expect(new WorkerCodec(join(dir, 'missing-worker.mjs')).read({ path: 'x', moveAside: false, now: SAVED_AT })).rejects.toMatchObject({
      code: 'no-build',
      message: expect.stringMatching(/^the project could not be saved or opened: its worker failed: Cannot find module /),
    });
    const codec = new WorkerCodec(undefined, 50);
    const up = { name: 'up.ssproj', bytes: new TextEncoder().encode(projectText(sampleSnapshot(), meta)) };
    expect((await codec.parse(up)).savedAt).toBe(SAVED_AT);
    expect(codec.running).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(codec.running).toBe(false);
    expect((await codec.parse(up)).project).toEqual(sampleSnapshot());
    await codec.close();
    expect(codec.running).toBe(false);
  });

  it('keeps the caller’s event loop turning (no gap over 150 ms) while 64 MB is saved and reopened', { timeout: 300_000 }, async () => {
    // The control: the same codec on the calling thread stops the loop for seconds, even for 16 MB.
    const inline = await longestGap(() => store(inlineCodec()).saveProject({ project: withMap(16), name: 'inline' }));
    expect(inline.gap).toBeGreaterThan(500);

    const s = store();
    try {
      const p = withMap(64);
      const saved = await longestGap(() => s.saveProject({ project: p, name: 'big' }));
      expect(saved.value.bytes).toBeGreaterThan((64 * 2 ** 20 * 4) / 3);
      expect(saved.gap).toBeLessThan(150);
      // The save took long enough that a stall would have shown.
      expect(saved.ticks).toBeGreaterThan(100);
      const opened = await longestGap(() => s.openProject({ name: 'big' }));
      expect(opened.gap).toBeLessThan(150);
      const map = opened.value.project.compare!.cells[0].result!.map;
      expect([map.length, map[12345], map[map.length - 1]]).toEqual([
        16 * 2 ** 20,
        Math.fround(Math.sin(12345) * 1e-3),
        Math.fround(Math.sin(map.length - 1) * 1e-3),
      ]);
    } finally {
      await s.close();
    }
  });
});
