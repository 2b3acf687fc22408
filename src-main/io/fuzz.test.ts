// Fuzzing the image loaders with the real files of ../shared/data: every
// mutated DICOM and PNG ends with a decoded image whose sample count matches
// its header, or an ImageLoadError with a known code and a one-line message —
// never a bare exception, never a hang.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { MUTATIONS, mutate, within } from '../testing/mutate';
import { ImageLoadError, loadImageBytes } from './load';

const CASES_PER_FILE = Number(process.env.FUZZ_CASES ?? 0) || undefined;

async function fuzz(files: string[], perFile: number): Promise<{ ok: number; refused: Record<string, number> }> {
  const refused: Record<string, number> = {};
  let ok = 0;
  for (const file of files) {
    const src = new Uint8Array(readFileSync(file));
    const name = file.split('/').pop()!;
    for (let i = 0; i < perFile; i++) {
      const kind = MUTATIONS[i % MUTATIONS.length];
      const bytes = mutate(src, kind, 1000 * i + name.length, 1024);
      const what = `${name} ${kind} #${i}`;
      try {
        const img = await within(loadImageBytes(name, bytes), 10_000, what);
        expect(img.data.length, what).toBe(img.width * img.height * img.channels);
        expect(img.width * img.height, what).toBeGreaterThan(0);
        ok++;
      } catch (e) {
        if (!(e instanceof ImageLoadError)) throw new Error(`${what}: not an ImageLoadError: ${String(e instanceof Error ? e.stack : e)}`);
        expect(e.message, what).not.toMatch(/\n/);
        expect(e.message.startsWith(name), what).toBe(true);
        refused[e.code] = (refused[e.code] ?? 0) + 1;
      }
    }
  }
  return { ok, refused };
}

describe.skipIf(!HAVE_SHARED)('fuzzing the image loaders', () => {
  it('DICOM: 5 real files × 120 mutations end in an image or a named error', { timeout: 300_000 }, async () => {
    const dir = shared('dicom');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.dcm'))
      .map((f) => `${dir}/${f}`);
    expect(files).toHaveLength(5);
    const r = await fuzz(files, CASES_PER_FILE ?? 120);
    console.log(`DICOM fuzz: ${r.ok} decoded, refused ${JSON.stringify(r.refused)}`);
    expect(r.ok + Object.values(r.refused).reduce((a, b) => a + b, 0)).toBe(5 * (CASES_PER_FILE ?? 120));
    expect(r.ok).toBeGreaterThan(0); // some flips land in pixel data and still decode
  });

  it('PNG/JPEG: 3 real files × 100 mutations end in an image or a named error', { timeout: 300_000 }, async () => {
    const files = [shared('images', 'skimage_camera.png'), shared('images', 'nih_cxr14_00000001_000.png'), shared('images', 'skimage_rocket.jpg')];
    const r = await fuzz(files, CASES_PER_FILE ?? 100);
    console.log(`raster fuzz: ${r.ok} decoded, refused ${JSON.stringify(r.refused)}`);
    expect(Object.values(r.refused).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
