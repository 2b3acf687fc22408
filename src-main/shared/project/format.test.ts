import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_VERSION, decodeProject, encodeProject, MAX_EMBEDDED_BYTES, parseProject, projectText } from './format';
import { MAP, sampleSnapshot } from './fixtures';
import { ProjectFormatError } from './validate';

const META = { savedAt: '2025-06-01T12:00:00.000Z', appVersion: APP_VERSION };
const bytes = (a: Float32Array | Uint8Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** The document of the sample, as JSON would give it back, for editing in a test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests damage the JSON document field by field
const doc = (): Record<string, any> => JSON.parse(projectText(sampleSnapshot(), META));

function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectFormatError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('project format', () => {
  it('round-trips a snapshot through JSON text: equal content, float32 maps bit-exact', () => {
    const p = sampleSnapshot();
    const back = parseProject(projectText(p, META));
    expect(back.savedAt).toBe(META.savedAt);
    expect(back.appVersion).toBe(APP_VERSION);
    expect(back.project).toEqual(p);
    // Bit for bit, -0 and 1e-30 included (12 values = 48 bytes).
    expect(bytes(back.project.single.result!.map)).toEqual(bytes(MAP));
    expect(bytes(back.project.compare!.cells[0].result!.map)).toHaveLength(48);
    expect(Object.is(back.project.single.result!.map[6], -0)).toBe(true);
    expect(back.project.single.result!.grid!.data).toEqual(new Float32Array([0.5, 0.25, 0.125, 1]));
    // Free-form extras keep their non-finite numbers (JSON alone would turn NaN into null).
    expect(back.project.single.result!.extras).toEqual({ delta: 0.01, r2: NaN, weights: [1, Infinity, -2], note: 'ok' });
    expect(back.project.images[1].file!.bytes).toEqual(new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    expect(back.project.mask!.data).toEqual(sampleSnapshot().mask!.data);
  });

  it("keeps the overlay's alpha choice (flat or ramp), and leaves it unset in projects saved before it existed", () => {
    const p = sampleSnapshot();
    p.single.overlay = { ...p.single.overlay, alpha: 'flat' };
    expect(parseProject(projectText(p, META)).project.single.overlay.alpha).toBe('flat');
    expect('alpha' in parseProject(projectText(sampleSnapshot(), META)).project.single.overlay).toBe(false);
  });

  it('keeps APP_VERSION equal to package.json', () => {
    expect(APP_VERSION).toBe(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
  });

  it('gives one clear error naming the field for each kind of damage', () => {
    expect(problem(() => parseProject('{"format": "saliency-studio-project", "vers'))).toMatch(/^file: is not JSON/);
    expect(problem(() => decodeProject({ ...doc(), format: 'zip' }))).toMatch(/^format: is "zip".*not a Saliency Studio project/);
    expect(problem(() => decodeProject({ ...doc(), version: 2 }))).toBe(
      'version: is 2; this app reads version 1 (the project was saved by a newer Saliency Studio)',
    );
    const d1 = doc();
    d1.single.result.shape = [3, 3];
    expect(problem(() => decodeProject(d1))).toBe('single.result.map: has 12 values, shape 3×3 needs 9');
    const d2 = doc();
    d2.compare.cells[0].result.grid.shape = [2, 3];
    expect(problem(() => decodeProject(d2))).toBe('compare.cells[0].result.grid.data: has 4 values, shape 2×3 needs 6');
    const d3 = doc();
    delete d3.models[0].path;
    expect(problem(() => decodeProject(d3))).toBe('models[0].path: is missing: a model needs its path or its embedded files');
    const d4 = doc();
    d4.single.overlay.mode = 'log';
    expect(problem(() => decodeProject(d4))).toBe('single.overlay.mode: must be one of abs, signed, not "log"');
    const d4b = doc();
    d4b.single.overlay.alpha = 'soft';
    expect(problem(() => decodeProject(d4b))).toBe('single.overlay.alpha: must be one of ramp, flat, not "soft"');
    const d5 = doc();
    d5.single.overlay.opacity = null;
    expect(problem(() => decodeProject(d5))).toBe('single.overlay.opacity: must be a finite number, not null');
    const d6 = doc();
    d6.compare.rows[1].image = 5;
    expect(problem(() => decodeProject(d6))).toBe('compare.rows[1].image: refers to image 5, but the project has 2');
    const d7 = doc();
    d7.mask.data.b64 = 'AAAA';
    expect(problem(() => decodeProject(d7))).toBe('mask.data: has 3 values, 4×3 needs 12');
    const d8 = doc();
    d8.compare.cells[1].status = 'running';
    expect(problem(() => decodeProject(d8))).toMatch(/^compare\.cells\[1\]\.status: must be one of done, failed, cancelled, queued/);
    const d9 = doc();
    d9.single.result.map.b64 = 'AAAA';
    expect(problem(() => decodeProject(d9))).toBe('single.result.map.b64: holds 3 bytes, not a whole number of float32 values');
    const d10 = doc();
    d10.experiments[0].area = 2;
    expect(problem(() => decodeProject(d10))).toBe('experiments[0]: "row.area" must be a fraction 0…1');
  });

  it('refuses uploaded files over the cap, on save and on open, naming the largest', () => {
    const p = sampleSnapshot();
    p.models[0] = {
      name: 'big-net',
      files: [
        { name: 'model.json', bytes: new Uint8Array(10) },
        { name: 'w.bin', bytes: new Uint8Array(MAX_EMBEDDED_BYTES) },
      ],
    };
    const msg = problem(() => encodeProject(p, META));
    expect(msg).toMatch(/^models\[0\]\.files: the uploaded files come to 64\.0 MiB \(big-net: 64\.0 MiB\); a project embeds at most 64\.0 MiB/);
    // The same check on open: a hand-made file cannot smuggle more in.
    p.models[0].files![1].bytes = new Uint8Array(16);
    const d = JSON.parse(JSON.stringify(encodeProject(p, META)));
    d.images[1].file.bytes.b64 = Buffer.alloc(MAX_EMBEDDED_BYTES).toString('base64');
    expect(problem(() => decodeProject(d))).toMatch(/^images\[1\]\.file: the uploaded files come to 64\.0 MiB/);
  });
});
