import dicomParser from 'dicom-parser';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateOffsetDays, remapUid, shiftDate } from './deidentify';
import { SC_SOP_CLASS, secondaryCapture } from './dicom-sc';
import { loadImageBytes } from './load';
import { renderOverlay } from './overlay';
import { dciodvfy } from './testing/dciodvfy';
import { identifyingValues, leaks } from './testing/identifying';
import { HAVE_SHARED, shared } from '../testing/shared-data';

const privacy = { identifiable: false, salt: 'sc-test-salt', dates: 'shift' as const };
const desc = { method: 'Grad-CAM', target: 'nodule (3)', layer: 'conv5', colormap: 'jet' };
const dir = mkdtempSync(join(tmpdir(), 'saliency-sc-'));

/** A map with a known hot corner: the overlay io/overlay.ts composes for it, at the image's size. */
async function overlayOf(source: Uint8Array) {
  const image = await loadImageBytes('source.dcm', source);
  const map = Float32Array.from({ length: 7 * 9 }, (_, i) => (i % 9) * (Math.floor(i / 9) + 1));
  return renderOverlay(image, map, [7, 9], { colormap: 'jet', opacity: 0.5, mode: 'abs' });
}

const str = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim();

describe.skipIf(!HAVE_SHARED)('DICOM Secondary Capture of an overlay', () => {
  const files = ['highdicom_dx_mono1_explicit_vr.dcm', 'nih_cxr14_dx_implicit_vr.dcm', 'pydicom_cr_mono1_16x16_explicit_vr.dcm'];

  it.each(files)('%s: dciodvfy finds no error; it references the (remapped) source; the pixels are the overlay exactly', async (f) => {
    const source = new Uint8Array(readFileSync(shared('dicom', f)));
    const src = dicomParser.parseDicom(source);
    const overlay = await overlayOf(source);
    const r = secondaryCapture(source, overlay, desc, privacy);
    const path = join(dir, `${f}.sc.dcm`);
    writeFileSync(path, r.bytes);

    const lines = dciodvfy(path);
    expect(lines.filter((l) => /^Error/.test(l))).toEqual([]);
    expect(lines).toContain('SCImage');

    const ds = dicomParser.parseDicom(r.bytes);
    expect(str(ds, 'x00080016')).toBe(SC_SOP_CLASS);
    expect(str(ds, 'x00020002')).toBe(SC_SOP_CLASS);
    expect(str(ds, 'x00080064')).toBe('WSD');
    expect(str(ds, 'x0020000d')).toBe(remapUid(str(src, 'x0020000d')!, privacy.salt));
    expect(str(ds, 'x0020000e')).not.toBe(str(src, 'x0020000e'));
    expect(str(ds, 'x00080018')).toMatch(/^2\.25\.\d+$/);
    expect(str(ds, 'x00082111')).toBe('Saliency map overlay: Grad-CAM, target nodule (3), layer conv5, colormap jet; Saliency Studio');
    const item = ds.elements.x00082112.items![0].dataSet!;
    expect(str(item, 'x00081150')).toBe(str(src, 'x00080016'));
    expect(str(item, 'x00081155')).toBe(remapUid(str(src, 'x00080018')!, privacy.salt));
    const series = ds.elements.x00081115.items![0].dataSet!;
    expect(str(series, 'x0020000e')).toBe(remapUid(str(src, 'x0020000e')!, privacy.salt));

    expect([ds.uint16('x00280010'), ds.uint16('x00280011'), ds.uint16('x00280002'), str(ds, 'x00280004')]).toEqual([overlay.height, overlay.width, 3, 'RGB']);
    const px = ds.elements.x7fe00010;
    const decoded = r.bytes.subarray(px.dataOffset, px.dataOffset + overlay.width * overlay.height * 3);
    expect(Buffer.from(decoded).equals(Buffer.from(overlay.rgb))).toBe(true);
    // The overlay is not trivially flat: the comparison above is of real content.
    expect(new Set(overlay.rgb).size).toBeGreaterThan(20);
    expect(leaks(r.bytes, identifyingValues(source))).toEqual([]);
  });

  it('identifiable (opted in): the source UIDs and patient as they are, and still valid', async () => {
    const source = new Uint8Array(readFileSync(shared('dicom', files[0])));
    const r = secondaryCapture(source, await overlayOf(source), desc, { ...privacy, identifiable: true });
    const path = join(dir, 'identifiable.sc.dcm');
    writeFileSync(path, r.bytes);
    expect(dciodvfy(path).filter((l) => /^Error/.test(l))).toEqual([]);
    const ds = dicomParser.parseDicom(r.bytes);
    expect(str(ds, 'x00100010')).toBe('Dog^AVeryGood');
    expect(str(ds, 'x00100020')).toBe('123456');
    expect(str(ds, 'x0020000d')).toBe('1.2.826.0.1.3680043.8.498.54401662452014863547255413372440461885');
    expect(str(ds.elements.x00082112.items![0].dataSet!, 'x00081155')).toBe('1.2.826.0.1.3680043.8.498.42452074182619431090433355790131769947');
  });

  it('two captures of one source in one series: same study and series, new SOP instances', async () => {
    const source = new Uint8Array(readFileSync(shared('dicom', files[0])));
    const overlay = await overlayOf(source);
    const a = secondaryCapture(source, overlay, desc, privacy);
    const b = secondaryCapture(source, overlay, { ...desc, method: 'Saliency' }, privacy, { seriesInstanceUID: a.seriesInstanceUID, instanceNumber: 2 });
    expect(b.studyInstanceUID).toBe(a.studyInstanceUID);
    expect(b.seriesInstanceUID).toBe(a.seriesInstanceUID);
    expect(b.sopInstanceUID).not.toBe(a.sopInstanceUID);
  });

  it('a keyed series: the same key and salt give the same series from separate calls, numbered as the source; another key or salt, another series', async () => {
    const source = new Uint8Array(readFileSync(shared('dicom', files[0])));
    const overlay = await overlayOf(source);
    const srcSeries = str(dicomParser.parseDicom(source), 'x0020000e')!;
    const a = secondaryCapture(source, overlay, desc, privacy, { seriesKey: 'run-1:gradcam' });
    const b = secondaryCapture(source, overlay, desc, privacy, { seriesKey: 'run-1:gradcam' });
    expect(b.seriesInstanceUID).toBe(a.seriesInstanceUID);
    expect(a.seriesInstanceUID).toBe(remapUid(`sc-series:run-1:gradcam:${remapUid(srcSeries, privacy.salt)}`, privacy.salt));
    // One capture per key and source instance: made again, it is the same instance (a PACS replaces it).
    expect(b.sopInstanceUID).toBe(a.sopInstanceUID);
    const other = secondaryCapture(source, overlay, desc, privacy, { seriesKey: 'run-1:saliency' });
    expect([other.seriesInstanceUID, other.sopInstanceUID]).not.toContain(a.seriesInstanceUID);
    expect(other.sopInstanceUID).not.toBe(a.sopInstanceUID);
    expect(secondaryCapture(source, overlay, desc, { ...privacy, salt: 'another-test-salt' }, { seriesKey: 'run-1:gradcam' }).seriesInstanceUID).not.toBe(
      a.seriesInstanceUID,
    );
    // dcmdump: the source's (0020,0013) InstanceNumber is 1002.
    expect(dicomParser.parseDicom(a.bytes).intString('x00200013')).toBe(1002);
  });

  it('shifted dates: the capture is dated as its source (shifted), not today shifted, which would give the offset away', async () => {
    const source = new Uint8Array(readFileSync(shared('dicom', files[0])));
    const src = dicomParser.parseDicom(source);
    const original = str(src, 'x00080023') || str(src, 'x00080021') || str(src, 'x00080020');
    expect(original).toMatch(/^\d{8}$/);
    const ds = dicomParser.parseDicom(secondaryCapture(source, await overlayOf(source), desc, privacy, { now: new Date('2031-05-06T07:08:09Z') }).bytes);
    const shifted = shiftDate(original!, dateOffsetDays(privacy.salt));
    expect([str(ds, 'x00080023'), str(ds, 'x00181012')]).toEqual([shifted, shifted]);
    expect(shifted).not.toBe(original);
    // Dates kept (or identifiable): the day it was made.
    const kept = dicomParser.parseDicom(
      secondaryCapture(source, await overlayOf(source), desc, { ...privacy, dates: 'keep' }, { now: new Date('2031-05-06T07:08:09Z') }).bytes,
    );
    expect(str(kept, 'x00080023')).toBe('20310506');
  });

  it('rejects RGB bytes that do not fill width×height×3', async () => {
    const source = new Uint8Array(readFileSync(shared('dicom', files[0])));
    expect(() => secondaryCapture(source, { rgb: new Uint8Array(11), width: 2, height: 2 }, desc, privacy)).toThrow(/not 2×2 RGB/);
  });
});
