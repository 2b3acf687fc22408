// De-identification after DICOM PS3.15 Annex E, Basic Profile (deidentify-table.ts),
// on a dcmjs data set (elements keyed by 8-hex tag). Pure: a new data set comes
// back. UIDs and the patient pseudonym derive from a project salt by a hash, so
// the same input gives the same output within a project (an SC export and the
// project's embedded source still share their StudyInstanceUID) and nothing
// outside it can reverse them without the salt.
import { createHash } from 'node:crypto';
import { DEID_ACTIONS, removedByPattern } from './deidentify-table';

export interface RawElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
}
export type RawDataset = Record<string, RawElement>;

export interface DeidOptions {
  /** The project's secret: the same salt, the same new UIDs and pseudonym. */
  salt: string;
  /** 'shift': dates move by a fixed per-project number of days (Modified Dates Option); 'keep': Full Dates Option. */
  dates: 'shift' | 'keep';
}

/** Marks our output, so a de-identified file is not de-identified again (which would remap its UIDs a second time). */
export const DEID_METHOD = 'Saliency Studio: PS3.15 Annex E Basic Profile';

const digest = (salt: string, what: string): Buffer => createHash('sha256').update(salt).update('\0').update(what).digest();

/** A UID under the 2.25 root (ISO/IEC 9834-8: a 128-bit integer in decimal), from the salt and the original UID. */
export function remapUid(uid: string, salt: string): string {
  const h = digest(salt, `uid:${uid.replace(/\0/g, '').trim()}`).subarray(0, 16);
  return `2.25.${BigInt(`0x${h.toString('hex')}`).toString(10)}`;
}

/** A new UID that is unique (not derived from anything): for the objects this app creates. */
export function newUid(salt: string): string {
  return remapUid(`new:${Date.now()}:${Math.random()}:${process.hrtime.bigint()}`, salt);
}

/** Letters only (A–P from the hash's nibbles): a pseudonym can never contain a digit string of the original. */
export function pseudonym(patientId: string, salt: string): string {
  const h = digest(salt, `patient:${patientId}`);
  let s = 'ANON';
  for (let i = 0; i < 5; i++) s += String.fromCharCode(65 + (h[i] >> 4)) + String.fromCharCode(65 + (h[i] & 15));
  return s;
}

/** The project's date shift: 1 to 10 years back, fixed by the salt. */
export function dateOffsetDays(salt: string): number {
  return -(365 + (digest(salt, 'dates').readUInt32BE(0) % 3288));
}

/** YYYYMMDD moved by `days`; anything else (a partial or broken date) is emptied rather than kept. */
export function shiftDate(da: string, days: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(da.trim());
  if (!m) return '';
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  if (!Number.isFinite(t)) return '';
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

function datesOf(el: RawElement, days: number): RawElement {
  const values = (el.Value ?? []).map((v) => {
    if (typeof v !== 'string') return v;
    // DT: the date part moves, the time and offset stay.
    return el.vr === 'DT' ? (v.length >= 8 ? shiftDate(v.slice(0, 8), days) + v.slice(8) : '') : shiftDate(v, days);
  });
  return { vr: el.vr, Value: values };
}

const firstString = (ds: RawDataset, tag: string): string => {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'string' ? v : '';
};

/** True when this app de-identified the data set already. */
export function isDeidentified(ds: RawDataset): boolean {
  return firstString(ds, '00120062') === 'YES' && firstString(ds, '00120063').startsWith(DEID_METHOD);
}

function walk(ds: RawDataset, opts: DeidOptions, days: number, id: string): RawDataset {
  const out: RawDataset = {};
  for (const [tag, el] of Object.entries(ds)) {
    const action = DEID_ACTIONS.get(tag);
    if (action === 'X' || (!action && removedByPattern(tag))) continue;
    if (action === 'Z') out[tag] = { vr: el.vr, Value: [] };
    else if (action === 'D') out[tag] = { vr: el.vr, Value: [el.vr === 'PN' ? { Alphabetic: `Anonymous^${id}` } : id] };
    else if (action === 'U') out[tag] = { vr: el.vr, Value: (el.Value ?? []).map((v) => (typeof v === 'string' && v ? remapUid(v, opts.salt) : v)) };
    else if (el.vr === 'SQ') out[tag] = { vr: 'SQ', Value: (el.Value ?? []).map((item) => walk(item as RawDataset, opts, days, id)) };
    else if ((el.vr === 'DA' || el.vr === 'DT') && opts.dates === 'shift') out[tag] = datesOf(el, days);
    else out[tag] = el;
  }
  return out;
}

const code = (value: string, meaning: string): RawDataset => ({
  '00080100': { vr: 'SH', Value: [value] },
  '00080102': { vr: 'SH', Value: ['DCM'] },
  '00080104': { vr: 'LO', Value: [meaning] },
});

/** The data set with the profile applied, and the Annex E attributes that say so. */
export function deidentifyDataset(ds: RawDataset, opts: DeidOptions): RawDataset {
  if (isDeidentified(ds)) return ds;
  const out = walk(ds, opts, dateOffsetDays(opts.salt), pseudonym(firstString(ds, '00100020'), opts.salt));
  const shifted = opts.dates === 'shift';
  out['00120062'] = { vr: 'CS', Value: ['YES'] };
  out['00120063'] = { vr: 'LO', Value: [`${DEID_METHOD}, dates ${shifted ? 'shifted' : 'kept'}`] };
  out['00120064'] = {
    vr: 'SQ',
    Value: [
      code('113100', 'Basic Application Confidentiality Profile'),
      shifted
        ? code('113107', 'Retain Longitudinal Temporal Information Modified Dates Option')
        : code('113106', 'Retain Longitudinal Temporal Information Full Dates Option'),
    ],
  };
  out['00280303'] = { vr: 'CS', Value: [shifted ? 'MODIFIED' : 'UNMODIFIED'] };
  return sortTags(out);
}

/** File meta to match a de-identified data set: the new SOP Instance UID, no source AE title. */
export function deidentifyMeta(meta: RawDataset, ds: RawDataset): RawDataset {
  const out: RawDataset = { ...meta };
  delete out['00020016'];
  const sop = ds['00080018']?.Value?.[0];
  if (typeof sop === 'string') out['00020003'] = { vr: 'UI', Value: [sop] };
  return out;
}

/** Ascending tag order, as Part 10 requires (dcmjs writes in key order). */
export function sortTags(ds: RawDataset): RawDataset {
  return Object.fromEntries(Object.entries(ds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
