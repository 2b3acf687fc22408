// A saliency overlay (8-bit RGB, as io/overlay.ts composes it) as a DICOM
// Secondary Capture Image (PS3.3 A.8.1) in the source's study: a PACS or OHIF
// files it beside the original. Patient and study come from the source — from
// its de-identified form unless the user opted in to identifiable data — so the
// export and a de-identified project agree on the StudyInstanceUID.
import { StudioError } from '../api/errors';
import { type DeidOptions, deidentifyDataset, newUid, remapUid, type RawDataset, type RawElement } from './deidentify';
import { readPart10, writePart10 } from './dicom-part10';

export const SC_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** Fixed and derived once: identifies this application as the writer (not secret). */
const IMPLEMENTATION_UID = remapUid('saliency-studio', 'implementation-class');

export interface ScOverlay {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface ScDescription {
  /** The method's label, e.g. "Grad-CAM". */
  method: string;
  /** The explained class, e.g. "nodule (3)". */
  target: string;
  layer?: string | null;
  colormap?: string;
}

export interface ScPrivacy extends DeidOptions {
  /** True: the source's patient and study attributes are copied as they are (the user opted in). */
  identifiable: boolean;
}

export interface ScResult {
  bytes: Uint8Array;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** The (possibly remapped) source instance the capture references. */
  source: { sopClassUID: string; sopInstanceUID: string; seriesInstanceUID: string };
}

const s = (vr: string, v: string | number): RawElement => ({ vr, Value: [v] });
const empty = (vr: string): RawElement => ({ vr, Value: [] });
const first = (ds: RawDataset, tag: string): string => {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'string' ? v : '';
};

/** The source's ContentDate, else SeriesDate, else StudyDate (as written). */
function sourceDate(ds: RawDataset): string | null {
  for (const tag of ['00080023', '00080021', '00080020']) {
    const v = first(ds, tag).trim();
    if (/^\d{8}$/.test(v)) return v;
  }
  return null;
}

/** The source's Instance Number (IS: a number or its text, up to 2³¹−1), 1 where it has none. */
function sourceInstanceNumber(ds: RawDataset): number {
  const n = Number(ds['00200013']?.Value?.[0]);
  return Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1 ? n : 1;
}

/**
 * Patient, study and de-identification attributes carried over from the source
 * as they are there: [tag, VR, type 2 in the SC IOD (present, empty when unknown)].
 */
const FROM_SOURCE: readonly [string, string, boolean][] = [
  ['00100010', 'PN', true],
  ['00100020', 'LO', true],
  ['00100030', 'DA', true],
  ['00100040', 'CS', true],
  ['00120062', 'CS', false],
  ['00120063', 'LO', false],
  ['00120064', 'SQ', false],
  ['00280303', 'CS', false],
  ['0020000D', 'UI', false],
  ['00080020', 'DA', true],
  ['00080030', 'TM', true],
  ['00080090', 'PN', true],
  ['00200010', 'SH', true],
  ['00080050', 'SH', true],
  ['00081030', 'LO', false],
  ['00200020', 'CS', true],
  ['00200060', 'CS', true],
  ['00080005', 'CS', false],
];

const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

export function derivationText(d: ScDescription): string {
  const parts = [`Saliency map overlay: ${d.method}`, `target ${d.target}`];
  if (d.layer) parts.push(`layer ${d.layer}`);
  if (d.colormap) parts.push(`colormap ${d.colormap}`);
  return clip(`${parts.join(', ')}; Saliency Studio`, 1024);
}

const daTm = (t: Date): [string, string] => {
  const iso = t.toISOString();
  return [iso.slice(0, 10).replace(/-/g, ''), iso.slice(11, 23).replace(/:/g, '')];
};

/** The Secondary Capture of `overlay` for the Part 10 `source`, written Explicit VR Little Endian. */
export function secondaryCapture(
  source: Uint8Array,
  overlay: ScOverlay,
  desc: ScDescription,
  privacy: ScPrivacy,
  opts: { seriesInstanceUID?: string; seriesKey?: string; instanceNumber?: number; now?: Date } = {},
): ScResult {
  const { width, height, rgb } = overlay;
  if (!(width > 0 && height > 0 && width <= 65535 && height <= 65535) || rgb.length !== width * height * 3) {
    throw new StudioError('bad-request', `Secondary Capture: ${rgb.length} bytes is not ${width}×${height} RGB`);
  }
  const read = readPart10(source).dict;
  const src = privacy.identifiable ? read : deidentifyDataset(read, privacy);
  const sourceRef = { sopClassUID: first(src, '00080016'), sopInstanceUID: first(src, '00080018'), seriesInstanceUID: first(src, '0020000E') };
  const study = first(src, '0020000D');
  if (!study || !sourceRef.sopInstanceUID || !sourceRef.sopClassUID) {
    throw new StudioError('bad-input', 'the source DICOM has no Study/SOP Instance UID or SOP Class UID to reference');
  }
  // A keyed series is a pure function of the key, the source series and the salt (shards agree);
  // its captures are numbered as their sources, so capture n overlays image n.
  const keyed = opts.seriesInstanceUID == null && opts.seriesKey != null;
  const series =
    opts.seriesInstanceUID ?? (keyed ? remapUid(`sc-series:${opts.seriesKey}:${sourceRef.seriesInstanceUID}`, privacy.salt) : newUid(privacy.salt));
  const instance = opts.instanceNumber ?? (keyed ? sourceInstanceNumber(src) : 1);
  // Keyed: one capture per run, method and source instance, so a re-run or a resumed shard replaces it in a PACS rather than adding a twin.
  const sop = keyed ? remapUid(`sc-sop:${opts.seriesKey}:${sourceRef.sopInstanceUID}`, privacy.salt) : newUid(privacy.salt);
  const now = opts.now ?? new Date();
  const [date0, time] = daTm(now);
  // Shifted dates: the capture takes the source's (already shifted) date, not today's shifted, which with any
  // record of when the run was made (run.json, a file's mtime) would give the offset away and un-shift every date.
  const date = !privacy.identifiable && privacy.dates === 'shift' ? (sourceDate(src) ?? '') : date0;

  const ds: RawDataset = {};
  for (const [tag, vr, type2] of FROM_SOURCE) {
    if (src[tag]) ds[tag] = src[tag];
    else if (type2) ds[tag] = empty(vr);
  }
  const ref = (): RawDataset => ({ '00081150': s('UI', sourceRef.sopClassUID), '00081155': s('UI', sourceRef.sopInstanceUID) });
  Object.assign(ds, {
    '00080005': ds['00080005'] ?? s('CS', 'ISO_IR 192'),
    '00080008': { vr: 'CS', Value: ['DERIVED', 'SECONDARY'] },
    '00080016': s('UI', SC_SOP_CLASS),
    '00080018': s('UI', sop),
    '00080023': s('DA', date),
    '00080033': s('TM', time),
    '00080060': s('CS', 'OT'),
    '00080064': s('CS', 'WSD'),
    '00080070': s('LO', 'Saliency Studio'),
    '0008103E': s('LO', clip(`Saliency overlay (${desc.method})`, 64)),
    '00082111': s('ST', derivationText(desc)),
    '00082112': { vr: 'SQ', Value: [ref()] },
    '00081115': { vr: 'SQ', Value: [{ '0020000E': s('UI', sourceRef.seriesInstanceUID), '0008114A': { vr: 'SQ', Value: [ref()] } }] },
    '00181012': s('DA', date),
    '00181014': s('TM', time),
    '00181016': s('LO', 'Saliency Studio'),
    '00181018': s('LO', 'Saliency Studio'),
    '0020000E': s('UI', series),
    '00200011': s('IS', 9001),
    '00200013': s('IS', instance),
    '00280002': s('US', 3),
    '00280004': s('CS', 'RGB'),
    '00280006': s('US', 0),
    '00280010': s('US', height),
    '00280011': s('US', width),
    '00280100': s('US', 8),
    '00280101': s('US', 8),
    '00280102': s('US', 7),
    '00280103': s('US', 0),
    '00280301': s('CS', 'NO'),
    '7FE00010': { vr: 'OB', Value: [evenBuffer(rgb)] },
  } satisfies RawDataset);
  const meta: RawDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': s('UI', SC_SOP_CLASS),
    '00020003': s('UI', sop),
    '00020010': s('UI', EXPLICIT_LE),
    '00020012': s('UI', IMPLEMENTATION_UID),
    '00020013': s('SH', 'SALIENCY_STUDIO'),
  };
  const sorted = Object.fromEntries(Object.entries(ds).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { bytes: writePart10(meta, sorted), studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop, source: sourceRef };
}

/** Pixel Data of even length (PS3.5 7.1.1: a value is padded to an even length). */
function evenBuffer(rgb: Uint8Array): ArrayBuffer {
  const out = new Uint8Array(rgb.length + (rgb.length % 2));
  out.set(rgb);
  return out.buffer;
}
