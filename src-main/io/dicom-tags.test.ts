// The tag browser's rows on the real files in ../shared/data/dicom.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DicomTagRow } from '../api/dicom-types';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { describeTag, TAG_TEXT_LIMIT } from './dicom-tags';
import { loadImageBytes } from './load';

const rowsOf = async (file: string) => {
  const img = await loadImageBytes(file, new Uint8Array(readFileSync(shared('dicom', file))));
  if (!img.dicomTags) throw new Error('no tags');
  return img.dicomTags;
};
const HAVE_DCMDUMP = existsSync('/usr/bin/dcmdump');
const find = (rows: DicomTagRow[], tag: string): DicomTagRow | undefined => rows.find((r) => r.tag === tag);

describe.skipIf(!HAVE_SHARED)('DICOM tag rows', () => {
  it('explicit VR (dog DX): tag, VR, keyword and value of known elements', async () => {
    const t = await rowsOf('highdicom_dx_mono1_explicit_vr.dcm');
    expect(t.truncated).toBe(false);
    const pick = (tag: string) => {
      const r = find(t.rows, tag);
      return r && [r.vr, r.name, r.value];
    };
    expect(pick('(0008,0060)')).toEqual(['CS', 'Modality', 'DX']);
    expect(pick('(0010,0010)')).toEqual(['PN', 'PatientName', 'Dog^AVeryGood']);
    expect(pick('(0028,0010)')).toEqual(['US', 'Rows', '169']);
    expect(pick('(0028,0011)')).toEqual(['US', 'Columns', '211']);
    expect(pick('(0018,0015)')).toEqual(['CS', 'BodyPartExamined', 'THORAX']);
    expect(pick('(0002,0010)')).toEqual(['UI', 'TransferSyntaxUID', '1.2.840.10008.1.2.1']);
    expect(pick('(7FE0,0010)')).toEqual(['OB', 'PixelData', 'pixel data, 35659 bytes']);
    // Rows are in tag order.
    const tags = t.rows.map((r) => r.tag);
    expect(tags).toEqual([...tags].sort());
    // Sequences carry their items' rows.
    const seq = t.rows.find((r) => r.vr === 'SQ' && r.items?.length);
    expect(seq?.value).toBe(`${seq?.items?.length} item${seq?.items?.length === 1 ? '' : 's'}`);
    expect(seq?.items?.[0].length).toBeGreaterThan(0);
  });

  it('implicit VR (NIH CXR): VRs come from the dictionary', async () => {
    const t = await rowsOf('nih_cxr14_dx_implicit_vr.dcm');
    expect(find(t.rows, '(0028,0010)')).toMatchObject({ vr: 'US', name: 'Rows', value: '1024' });
    expect(find(t.rows, '(0010,0020)')).toMatchObject({ vr: 'LO', name: 'PatientID', value: 'Covid0000' });
    // dcmdump (dcmtk) lists 27 top-level elements, 8 of them the file meta group.
    expect([t.rows.length, t.rows.filter((r) => !r.tag.startsWith('(0002')).length]).toEqual([27, 19]);
  });

  it.skipIf(!HAVE_DCMDUMP).each(['highdicom_dx_mono1_explicit_vr.dcm', 'pydicom_cr_mono1_16x16_explicit_vr.dcm', 'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm'])(
    "%s: the same top-level tags as dcmtk's dcmdump, and the same VRs",
    async (file) => {
      const dump = execFileSync('dcmdump', ['-q', shared('dicom', file)], { encoding: 'utf8' });
      const theirs = [...dump.matchAll(/^\(([0-9a-f]{4}),([0-9a-f]{4})\) (\w\w)/gm)]
        .map((m) => `(${m[1]},${m[2]}) ${m[3]}`.toUpperCase())
        .filter((t) => !t.startsWith('(FFFE,')); // sequence delimiters are not elements
      const ours = (await rowsOf(file)).rows.map((r) => `${r.tag} ${r.vr}`);
      expect(theirs.length).toBeGreaterThan(20);
      expect(ours).toEqual(theirs);
    },
  );

  it('names group lengths, private tags and creators; summarises long values', () => {
    expect(describeTag('x00080000')).toEqual({ tag: '(0008,0000)', name: 'GroupLength', vr: 'UL' });
    expect(describeTag('x00090010')).toEqual({ tag: '(0009,0010)', name: 'PrivateCreator', vr: 'LO' });
    expect(describeTag('x00091001')).toEqual({ tag: '(0009,1001)', name: 'Private tag', vr: 'UN' });
    expect(describeTag('x00281050')).toMatchObject({ name: 'WindowCenter', vr: 'DS' });
    expect(TAG_TEXT_LIMIT).toBeLessThan(200);
  });
});
