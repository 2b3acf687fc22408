import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEID_TABLE } from './deidentify-table';
import { dateOffsetDays, deidentifyDataset, isDeidentified, pseudonym, remapUid, shiftDate, type RawDataset } from './deidentify';
import { deidentifyPart10, readPart10 } from './dicom-part10';
import { loadImageBytes } from './load';
import { identifyingValues, leaks } from './testing/identifying';
import { HAVE_SHARED, shared } from '../testing/shared-data';

const opts = { salt: 'project-salt-1', dates: 'shift' as const };
const v = (ds: RawDataset, tag: string) => ds[tag]?.Value;

describe('de-identification profile (PS3.15 Annex E, basic)', () => {
  it('the table lists each tag once, as 8 upper-case hex digits, with one of X/Z/D/U', () => {
    const tags = DEID_TABLE.map(([t]) => t);
    expect(new Set(tags).size).toBe(tags.length);
    for (const [tag, , action] of DEID_TABLE) {
      expect(tag).toMatch(/^[0-9A-F]{8}$/);
      expect(['X', 'Z', 'D', 'U']).toContain(action);
    }
  });

  it('UIDs: 2.25.<128-bit decimal>, at most 64 characters, the same for the same input and salt, different otherwise', () => {
    const a = remapUid('1.2.3.4', 'salt');
    expect(a).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(BigInt(a.slice(5)) < 2n ** 128n).toBe(true);
    expect(remapUid('1.2.3.4', 'salt')).toBe(a);
    expect(remapUid('1.2.3.4\0', 'salt')).toBe(a); // UI padding is not part of the value
    expect(remapUid('1.2.3.5', 'salt')).not.toBe(a);
    expect(remapUid('1.2.3.4', 'other')).not.toBe(a);
  });

  it('dates: shifted by whole days across month and leap-year ends; offset 1 to 10 years back, fixed by the salt', () => {
    expect(shiftDate('20200301', -1)).toBe('20200229');
    expect(shiftDate('20210101', -366)).toBe('20200101');
    expect(shiftDate('2020', -1)).toBe('');
    const d = dateOffsetDays('s');
    expect(dateOffsetDays('s')).toBe(d);
    expect(d).toBeLessThanOrEqual(-365);
    expect(d).toBeGreaterThanOrEqual(-3652);
  });

  it('acts per table, recurses into sequences, drops private tags and overlay data, marks the result', () => {
    const ds: RawDataset = {
      '00080018': { vr: 'UI', Value: ['1.2.3'] },
      '00080020': { vr: 'DA', Value: ['20200125'] },
      '00080030': { vr: 'TM', Value: ['104702'] },
      '00080050': { vr: 'SH', Value: ['16387a'] },
      '00080080': { vr: 'LO', Value: ['Hospital'] },
      '00082112': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] }, '00081070': { vr: 'PN', Value: [{ Alphabetic: 'Op^Erator' }] } }] },
      '00090010': { vr: 'LO', Value: ['PRIVATE CREATOR'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
      '00100020': { vr: 'LO', Value: ['P-77'] },
      '00100030': { vr: 'DA', Value: ['19700101'] },
      '60003000': { vr: 'OW', Value: [new ArrayBuffer(8)] },
    };
    const out = deidentifyDataset(ds, opts);
    const uid = remapUid('1.2.3', opts.salt);
    expect(v(out, '00080018')).toEqual([uid]);
    // The same UID inside a sequence maps to the same new UID: references still resolve.
    expect((v(out, '00082112')?.[0] as RawDataset)['00081155'].Value).toEqual([uid]);
    expect((v(out, '00082112')?.[0] as RawDataset)['00081070']).toBeUndefined();
    expect(v(out, '00080020')).toEqual([shiftDate('20200125', dateOffsetDays(opts.salt))]);
    expect(v(out, '00080030')).toEqual(['104702']);
    expect(v(out, '00080050')).toEqual([]);
    expect(out['00080080']).toBeUndefined();
    expect(out['00090010']).toBeUndefined();
    expect(out['60003000']).toBeUndefined();
    expect(v(out, '00100030')).toEqual([]);
    const id = pseudonym('P-77', opts.salt);
    expect(id).toMatch(/^ANON[A-P]{10}$/);
    expect(v(out, '00100020')).toEqual([id]);
    expect(v(out, '00100010')).toEqual([{ Alphabetic: `Anonymous^${id}` }]);
    expect(v(out, '00120062')).toEqual(['YES']);
    expect(v(out, '00280303')).toEqual(['MODIFIED']);
    expect(Object.keys(out)).toEqual([...Object.keys(out)].sort());
    // Once marked, a second pass changes nothing (UIDs are not remapped twice).
    expect(isDeidentified(out)).toBe(true);
    expect(deidentifyDataset(out, opts)).toBe(out);
    // 'keep': the dates as they were, and the Full Dates option named.
    const kept = deidentifyDataset(ds, { ...opts, dates: 'keep' });
    expect(v(kept, '00080020')).toEqual(['20200125']);
    expect(v(kept, '00100030')).toEqual([]);
    expect(((v(kept, '00120064') ?? [])[1] as RawDataset)['00080100'].Value).toEqual(['113106']);
  });
});

describe.skipIf(!HAVE_SHARED)('de-identified Part 10 files (../shared/data/dicom)', () => {
  const files = ['highdicom_dx_mono1_explicit_vr.dcm', 'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm', 'nih_cxr14_dx_implicit_vr.dcm', 'pydicom_MR_small_RLE.dcm'];
  it.each(files)('%s: no identifying value in any byte, pixels decode as before, UIDs consistent', async (f) => {
    const source = new Uint8Array(readFileSync(shared('dicom', f)));
    const values = identifyingValues(source);
    expect(Object.keys(values).length).toBeGreaterThanOrEqual(4);
    const out = deidentifyPart10(source, opts);
    expect(leaks(out, values)).toEqual([]);
    const [before, after] = [await loadImageBytes(f, source), await loadImageBytes(f, out)];
    expect([after.width, after.height, after.channels]).toEqual([before.width, before.height, before.channels]);
    expect(Buffer.from(after.data.buffer).equals(Buffer.from(before.data.buffer))).toBe(true);
    const { meta, dict } = readPart10(out);
    expect(v(dict, '0020000D')).toEqual([remapUid(values.StudyInstanceUID, opts.salt)]);
    expect(v(meta, '00020003')).toEqual(v(dict, '00080018'));
    expect(deidentifyPart10(source, opts).length).toBe(out.length);
  });

  it('highdicom DX: the known values are what the check looks for', () => {
    const values = identifyingValues(new Uint8Array(readFileSync(shared('dicom', files[0]))));
    expect(values).toMatchObject({ PatientName: 'Dog^AVeryGood', PatientID: '123456', PatientBirthDate: '20140422', AccessionNumber: '16387a' });
  });
});
