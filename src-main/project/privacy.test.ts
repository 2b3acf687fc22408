// Issue 20 item 5: from a real DICOM with a patient name, ID and birth date,
// a project (saved and autosaved), an HTML report, a CSV and DICOM exports are
// written; no identifying value of the source is in any byte of any of them,
// nor in the project's embedded file once decoded — unless the user opted in.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../api/project-types';
import { loadImageBytes } from '../io/load';
import { identifyingValues, leaks } from '../io/testing/identifying';
import { sampleSnapshot } from '../shared/project/fixtures';
import { demo, HAVE_SHARED, PROJECT_ROOT, shared } from '../testing/shared-data';
import { inlineCodec } from './codec';
import { projectOps } from './ops';
import { ProjectStore } from './store';

const F = 'highdicom_dx_mono1_explicit_vr.dcm';
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 180_000 });

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));

function withDicom(bytes: Uint8Array): ProjectSnapshot {
  const s = sampleSnapshot();
  return { ...s, images: [{ name: F, file: { name: F, bytes } }], single: { ...s.single, image: 0 }, compare: null, mask: null };
}

describe.skipIf(!HAVE_SHARED)('privacy: nothing written carries the source patient', () => {
  const source = new Uint8Array(readFileSync(shared('dicom', F)));
  const values = identifyingValues(source);

  it('the source has the values looked for', () => {
    expect(values).toMatchObject({ PatientName: 'Dog^AVeryGood', PatientID: '123456', PatientBirthDate: '20140422' });
  });

  it('project save and autosave: de-identified embedded DICOM unless identifiable, pixels unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-privacy-'));
    const api = projectOps(new ProjectStore({ dir, codec: inlineCodec() }));
    const salt = 'a-project-salt-of-16+';
    await api.saveProject({ project: withDicom(source), name: 'private', privacy: { identifiable: false, salt, dates: 'shift' } });
    // No settings at all is private too (a fresh salt).
    await api.autosave({ project: withDicom(source) });
    for (const f of filesUnder(dir)) expect(leaks(new Uint8Array(readFileSync(f)), values), f).toEqual([]);

    const opened = await api.openProject({ name: 'private' });
    const embedded = opened.project.images[0].file!.bytes;
    expect(leaks(embedded, values)).toEqual([]);
    const [a, b] = [await loadImageBytes(F, source), await loadImageBytes(F, embedded)];
    expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    const restored = (await api.restoreAutosave()).project.images[0].file!.bytes;
    expect(leaks(restored, values)).toEqual([]);

    // Opted in: the file as it was, byte for byte.
    await api.saveProject({ project: withDicom(source), name: 'identifiable', privacy: { identifiable: true, salt, dates: 'shift' } });
    const kept = (await api.openProject({ name: 'identifiable' })).project.images[0].file!.bytes;
    expect(Buffer.from(kept).equals(Buffer.from(source))).toBe(true);
    // The check finds the values where they are: it is not blind to this file format.
    expect(leaks(kept, values)).toEqual(expect.arrayContaining(['PatientName', 'PatientID', 'PatientBirthDate']));
  });

  it('CLI evaluate (CSV, HTML report, JSON) and explain (npy, PNG, --dicom-out SCs): no value in any written byte', () => {
    const images = mkdtempSync(join(tmpdir(), 'ss-privacy-img-'));
    copyFileSync(shared('dicom', F), join(images, F));
    const out = mkdtempSync(join(tmpdir(), 'ss-privacy-out-'));
    const model = demo('chest', 'model.json');
    const e = cli(
      'evaluate',
      '--model',
      model,
      '--images',
      images,
      '--method',
      'gradcam',
      '--metric',
      'deletion',
      '--set',
      'steps=4',
      '--out',
      out,
      '--report',
      join(out, 'report.html'),
    );
    expect(e.status, e.stderr).toBe(0);
    const x = cli('explain', '--model', model, '--image', join(images, F), '--method', 'gradcam', '--out', out, '--dicom-out', join(out, 'dicom'));
    expect(x.status, x.stderr).toBe(0);
    const written = filesUnder(out);
    expect(written.map((f) => f.slice(out.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'evaluation.csv',
        'report.html',
        'dicom/highdicom_dx_mono1_explicit_vr.gradcam.sc.dcm',
        'highdicom_dx_mono1_explicit_vr.gradcam.png',
      ]),
    );
    for (const f of written) expect(leaks(new Uint8Array(readFileSync(f)), values), f).toEqual([]);
  });
});
