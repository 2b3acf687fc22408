import { describe, expect, it } from 'vitest';
import type { DicomTagRow } from '../../../src-main/api/types';
import { countRows, filterTagRows } from './tagFilter';

const row = (tag: string, vr: string, name: string, value: string, items?: DicomTagRow[][]): DicomTagRow => ({
  tag,
  vr,
  name,
  value,
  ...(items ? { items } : {}),
});
const rows: DicomTagRow[] = [
  row('(0008,0060)', 'CS', 'Modality', 'DX'),
  row('(0008,1111)', 'SQ', 'ReferencedPerformedProcedureStepSequence', '2 items', [
    [row('(0008,1150)', 'UI', 'ReferencedSOPClassUID', '1.2.840.10008.3.1.2.3.3')],
    [row('(0008,1155)', 'UI', 'ReferencedSOPInstanceUID', '1.2.3')],
  ]),
  row('(0010,0010)', 'PN', 'PatientName', 'Dog^AVeryGood'),
];

describe('filterTagRows', () => {
  it('an empty query keeps every row', () => {
    expect(countRows(filterTagRows(rows, '  '))).toBe(5);
  });
  it('matches keyword, value, VR and tag (with or without punctuation)', () => {
    expect(filterTagRows(rows, 'patient').map((r) => r.tag)).toEqual(['(0010,0010)']);
    expect(filterTagRows(rows, 'averygood').map((r) => r.tag)).toEqual(['(0010,0010)']);
    expect(filterTagRows(rows, 'cs').map((r) => r.tag)).toEqual(['(0008,0060)']);
    expect(filterTagRows(rows, '0010,0010').map((r) => r.tag)).toEqual(['(0010,0010)']);
    expect(filterTagRows(rows, '00080060').map((r) => r.tag)).toEqual(['(0008,0060)']);
  });
  it('a match inside a sequence keeps the sequence with only the matching item', () => {
    const out = filterTagRows(rows, 'sopinstance');
    expect(out.map((r) => r.tag)).toEqual(['(0008,1111)']);
    expect(out[0].items?.map((i) => i.map((r) => r.tag))).toEqual([[], ['(0008,1155)']]);
    // A matching sequence keeps all its items.
    expect(countRows(filterTagRows(rows, 'procedurestep'))).toBe(3);
  });
});
