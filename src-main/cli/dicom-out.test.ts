// `explain --dicom-out`: one Secondary Capture per map. --identifiable runs as a
// user runs it (a subprocess through the bin: exit 0, its warning on stderr);
// the SC contents and the refusal in-process (testing/cli-inproc.ts).
import dicomParser from 'dicom-parser';
import { decode } from 'fast-png';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remapUid } from '../io/deidentify';
import { dciodvfy } from '../io/testing/dciodvfy';
import { identifyingValues, leaks } from '../io/testing/identifying';
import { runCli } from '../testing/cli-inproc';
import { demo, HAVE_SHARED, PROJECT_ROOT, shared } from '../testing/shared-data';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
const str = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim();
/** explain on the chest demo, Grad-CAM, the maps and captures in one folder. */
const gradcamArgs = (image: string, out: string, ...more: string[]) => [
  ...['explain', '--model', demo('chest', 'model.json'), '--image', image, '--method', 'gradcam'],
  ...['--out', out, '--dicom-out', out, ...more],
];

describe.skipIf(!HAVE_SHARED)('explain --dicom-out', () => {
  const f = 'highdicom_dx_mono1_explicit_vr.dcm';

  it('writes one valid, de-identified SC per map, in one new series of the remapped study', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-dicom-out-'));
    const dir = join(out, 'sc');
    const r = await runCli([
      'explain',
      '--model',
      demo('chest', 'model.json'),
      '--image',
      shared('dicom', f),
      '--method',
      'gradcam,saliency',
      '--out',
      out,
      '--dicom-out',
      dir,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { methods: { id: string; dicom?: string }[] };
    expect(j.methods.map((m) => m.dicom)).toEqual([
      join(dir, 'highdicom_dx_mono1_explicit_vr.gradcam.sc.dcm'),
      join(dir, 'highdicom_dx_mono1_explicit_vr.saliency.sc.dcm'),
    ]);
    const source = new Uint8Array(readFileSync(shared('dicom', f)));
    const values = identifyingValues(source);
    const sets = j.methods.map((m) => {
      expect(dciodvfy(m.dicom!).filter((l) => /^Error/.test(l))).toEqual([]);
      const bytes = new Uint8Array(readFileSync(m.dicom!));
      expect(leaks(bytes, values)).toEqual([]);
      return dicomParser.parseDicom(bytes);
    });
    expect(sets.map((d) => str(d, 'x00080016'))).toEqual(['1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.7']);
    expect(str(sets[0], 'x0020000d')).toBe(str(sets[1], 'x0020000d'));
    expect(str(sets[0], 'x0020000d')).not.toBe(values.StudyInstanceUID);
    expect(str(sets[0], 'x0020000e')).toBe(str(sets[1], 'x0020000e'));
    expect(sets.map((d) => str(d, 'x00200013'))).toEqual(['1', '2']);
    expect(str(sets[0], 'x00082111')).toMatch(/^Saliency map overlay: Grad-CAM, target .+ \(\d+\)/);
    expect([sets[0].uint16('x00280010'), sets[0].uint16('x00280011')]).toEqual([169, 211]);
    // The capture's pixels are the overlay PNG's, byte for byte.
    const png = decode(readFileSync(join(out, 'highdicom_dx_mono1_explicit_vr.gradcam.png')));
    expect([png.width, png.height, png.channels]).toEqual([211, 169, 3]);
    const px = sets[0].elements.x7fe00010;
    const sc = sets[0].byteArray.subarray(px.dataOffset, px.dataOffset + 211 * 169 * 3);
    expect(Buffer.from(sc).equals(Buffer.from(png.data as Uint8Array))).toBe(true);
  });

  it('--identifiable keeps the source study UID and patient, and says so', () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-dicom-out-'));
    const r = cli(...gradcamArgs(shared('dicom', f), out, '--identifiable'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: --identifiable/);
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(out, 'highdicom_dx_mono1_explicit_vr.gradcam.sc.dcm'))));
    expect(str(ds, 'x00100010')).toBe('Dog^AVeryGood');
    expect(str(ds, 'x0020000d')).toBe('1.2.826.0.1.3680043.8.498.54401662452014863547255413372440461885');
  });

  it('--salt-file: two runs on one file remap its study alike (and to what the salt gives); without it, each run draws its own', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-dicom-salt-'));
    const salt = join(root, 'salt');
    writeFileSync(salt, 'a-secret-of-the-review-team\n');
    const study = async (run: string, ...more: string[]) => {
      const out = join(root, run);
      const r = await runCli(gradcamArgs(shared('dicom', f), out, ...more));
      expect(r.code, r.stderr).toBe(0);
      return str(dicomParser.parseDicom(new Uint8Array(readFileSync(join(out, 'highdicom_dx_mono1_explicit_vr.gradcam.sc.dcm')))), 'x0020000d');
    };
    const source = str(dicomParser.parseDicom(new Uint8Array(readFileSync(shared('dicom', f)))), 'x0020000d')!;
    const [a, b, c, d] = [await study('a', '--salt-file', salt), await study('b', '--salt-file', salt), await study('c'), await study('d')];
    expect([a, b]).toEqual([remapUid(source, 'a-secret-of-the-review-team'), remapUid(source, 'a-secret-of-the-review-team')]);
    expect(new Set([a, c, d]).size).toBe(3);
  });

  it('refuses --dicom-out for an image that is not DICOM', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-dicom-out-'));
    const r = await runCli(gradcamArgs(demo('chest', 'samples', 'phantom-01.png'), out));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--dicom-out needs a DICOM input; phantom-01.png is not one/);
  });
});
