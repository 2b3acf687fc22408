// Every data element of a parsed DICOM file as rows for the tag browser: tag,
// VR, dictionary keyword (dcmjs' data dictionary, kept by its maintainers
// against the standard, rather than a hand-typed list), and a shown value.
// Long text, long number lists and binary values are summarised; rows and
// nesting are bounded so that a hostile file cannot make the listing huge.
import dcmjs from 'dcmjs';
import type { DataSet, Element } from 'dicom-parser';
import type { DicomTagRow, DicomTagsResult } from '../api/dicom-types';

export const TAG_ROW_LIMIT = 5000;
export const TAG_DEPTH_LIMIT = 8;
export const TAG_TEXT_LIMIT = 160;
const SHOWN_NUMBERS = 16;

const DICT = dcmjs.data.DicomMetaDictionary.dictionary;
// The dictionary's lower-case VRs stand for a choice the file's encoding settles.
const AMBIGUOUS: Record<string, string> = { ox: 'OB or OW', xs: 'US or SS', lt: 'US or OW' };
const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const NUMBER_VRS: Record<string, [number, (v: DataView, o: number) => number | string]> = {
  US: [2, (v, o) => v.getUint16(o, true)],
  SS: [2, (v, o) => v.getInt16(o, true)],
  UL: [4, (v, o) => v.getUint32(o, true)],
  SL: [4, (v, o) => v.getInt32(o, true)],
  FL: [4, (v, o) => +v.getFloat32(o, true).toPrecision(7)],
  FD: [8, (v, o) => v.getFloat64(o, true)],
  SV: [8, (v, o) => String(v.getBigInt64(o, true))],
  UV: [8, (v, o) => String(v.getBigUint64(o, true))],
  AT: [4, (v, o) => hexTag(v.getUint16(o, true), v.getUint16(o + 2, true))],
};

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const hexTag = (g: number, e: number) => `(${hex4(g)},${hex4(e)})`;

/** Keyword and dictionary VR of a tag ("x00080060"). */
export function describeTag(key: string): { tag: string; name: string; vr: string } {
  const g = Number.parseInt(key.slice(1, 5), 16);
  const e = Number.parseInt(key.slice(5, 9), 16);
  const tag = hexTag(g, e);
  if (e === 0) return { tag, name: 'GroupLength', vr: 'UL' };
  if (g % 2 === 1) return { tag, name: e >= 0x10 && e <= 0xff ? 'PrivateCreator' : 'Private tag', vr: e >= 0x10 && e <= 0xff ? 'LO' : 'UN' };
  const d = DICT[tag];
  return d ? { tag, name: d.name, vr: AMBIGUOUS[d.vr] ?? d.vr } : { tag, name: 'Unknown', vr: 'UN' };
}

const clip = (s: string): string => (s.length > TAG_TEXT_LIMIT ? `${s.slice(0, TAG_TEXT_LIMIT)}… (${s.length} characters)` : s);

function shownValue(ds: DataSet, key: string, el: Element, vr: string): string {
  if (key === 'x7fe00010') {
    return el.encapsulatedPixelData ? `pixel data, encapsulated, ${el.fragments?.length ?? 0} fragment(s)` : `pixel data, ${el.length} bytes`;
  }
  if (el.length === 0) return '';
  if (TEXT_VRS.has(vr)) {
    let s = '';
    try {
      s = ds.string(key) ?? '';
    } catch {
      return `(${el.length} bytes, unreadable)`;
    }
    // Control characters never reach the page as they are.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    return clip(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '·'));
  }
  const num = NUMBER_VRS[vr === 'US or SS' ? 'US' : vr];
  if (num) {
    const [size, read] = num;
    const n = Math.floor(el.length / size);
    const end = Math.min(ds.byteArray.length, el.dataOffset + el.length);
    if (el.dataOffset + n * size > end) return `(${el.length} bytes, cut short)`;
    const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, n * size);
    const shown = Array.from({ length: Math.min(n, SHOWN_NUMBERS) }, (_, i) => read(view, i * size));
    return shown.join('\\') + (n > SHOWN_NUMBERS ? `… (${n} values)` : '');
  }
  return `binary, ${el.length} bytes`;
}

/** Rows of a data set, in tag order, with sequences' items nested. */
export function dicomTagRows(ds: DataSet): DicomTagsResult {
  let count = 0;
  let truncated = false;
  const rowsOf = (set: DataSet, depth: number): DicomTagRow[] => {
    const rows: DicomTagRow[] = [];
    for (const key of Object.keys(set.elements).sort()) {
      if (count >= TAG_ROW_LIMIT) {
        truncated = true;
        break;
      }
      const el = set.elements[key];
      const d = describeTag(key);
      const vr = el.vr ?? (el.items ? 'SQ' : d.vr);
      count++;
      const row: DicomTagRow = { tag: d.tag, vr, name: d.name, value: '' };
      if (el.items) {
        const n = el.items.length;
        row.value = `${n} item${n === 1 ? '' : 's'}`;
        if (depth < TAG_DEPTH_LIMIT) row.items = el.items.map((it) => (it.dataSet ? rowsOf(it.dataSet, depth + 1) : []));
        else truncated = true;
      } else {
        row.value = shownValue(set, key, el, vr);
      }
      rows.push(row);
    }
    return rows;
  };
  const rows = rowsOf(ds, 0);
  return { rows, count, truncated };
}
