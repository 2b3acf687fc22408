// Test DICOM made from the real files in ../shared/data/dicom with dcmjs: copies
// with new Study/Series/SOP Instance UIDs (a two-series study folder), and a
// multi-frame file whose frame k is the real frame with k·FRAME_STEP added
// (mod 256), so that each frame can be checked by value.
import dcmjs, { type DicomDict } from 'dcmjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ../shared/data from the repository root (as testing/shared-data.ts finds it; not imported, so that io/ depends on no folder above it).
const shared = (...p: string[]): string => resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', ...p);

export const DOG = 'highdicom_dx_mono1_explicit_vr.dcm'; // DX, 211×169 8-bit MONOCHROME1, body part THORAX
export const CSPINE = 'pydicom_cr_mono1_16x16_explicit_vr.dcm'; // CR, 16×16 12-bit, CSPINE, view LL
export const HIP = 'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm'; // CR, body part HIP
export const FRAME_STEP = 50;

/** UIDs under the "2.25" (UUID-derived) root, distinct per label. */
export const testUid = (label: string): string => `2.25.${[...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e15, 7)}${label.length}`;

function read(file: string): DicomDict {
  const b = readFileSync(shared('dicom', file));
  return dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
}

const set = (d: DicomDict, tag: string, vr: string, value: unknown): void => {
  d.dict[tag] = { vr, Value: [value] };
};

export interface CopySpec {
  study: string;
  series: string;
  sop: string;
  seriesNumber: number;
  instanceNumber: number;
}

/** A real file with its UIDs and numbers replaced (meta header's SOP Instance UID too). */
export function withUids(file: string, s: CopySpec): Uint8Array {
  const d = read(file);
  set(d, '0020000D', 'UI', s.study);
  set(d, '0020000E', 'UI', s.series);
  set(d, '00080018', 'UI', s.sop);
  d.meta['00020003'] = { vr: 'UI', Value: [s.sop] };
  set(d, '00200011', 'IS', s.seriesNumber);
  set(d, '00200013', 'IS', s.instanceNumber);
  return new Uint8Array(d.write());
}

/** The dog radiograph as `frames` frames; frame k's stored value is (original + k·FRAME_STEP) mod 256. */
export function multiFrameDog(frames: number): { bytes: Uint8Array; original: Uint8Array } {
  const d = read(DOG);
  const original = new Uint8Array(d.dict['7FE00010'].Value?.[0] as ArrayBuffer);
  const all = new Uint8Array(original.length * frames);
  for (let k = 0; k < frames; k++) for (let i = 0; i < original.length; i++) all[k * original.length + i] = (original[i] + k * FRAME_STEP) % 256;
  d.dict['7FE00010'] = { vr: 'OB', Value: [all.buffer] };
  set(d, '00280008', 'IS', frames);
  // A new instance: new SOP Instance UID, so that it is not taken for the original.
  set(d, '00080018', 'UI', testUid('multi-frame'));
  d.meta['00020003'] = { vr: 'UI', Value: [testUid('multi-frame')] };
  return { bytes: new Uint8Array(d.write()), original };
}

export const STUDY_UID = testUid('study');
export const SERIES = { dog: testUid('series-dog'), cspine: testUid('series-cspine') };

/**
 * A study of two series, written into `dir`: series 1 the dog radiograph twice
 * (instances 2 and 1, written in that order), series 2 the C-spine CR once;
 * and a file that is no DICOM. Returns the file names.
 */
export function writeStudyFolder(dir: string): string[] {
  const files: [string, Uint8Array][] = [
    ['b-dog-2.dcm', withUids(DOG, { study: STUDY_UID, series: SERIES.dog, sop: testUid('dog-2'), seriesNumber: 1, instanceNumber: 2 })],
    ['a-dog-1.dcm', withUids(DOG, { study: STUDY_UID, series: SERIES.dog, sop: testUid('dog-1'), seriesNumber: 1, instanceNumber: 1 })],
    ['c-cspine-1.dcm', withUids(CSPINE, { study: STUDY_UID, series: SERIES.cspine, sop: testUid('cspine-1'), seriesNumber: 2, instanceNumber: 1 })],
    ['notes.txt', new TextEncoder().encode('not a DICOM file')],
  ];
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  return files.map(([n]) => n);
}
