// Field checks of the DICOM export requests (used by api/spec.ts).
import type { Check } from './checks';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** {identifiable, salt, dates}: a salt long enough that pseudonyms cannot be guessed by trying salts. */
export const checkPrivacy = (v: unknown): string | null =>
  isObj(v) &&
  typeof v.identifiable === 'boolean' &&
  typeof v.salt === 'string' &&
  v.salt.length >= 16 &&
  v.salt.length <= 256 &&
  (v.dates === 'shift' || v.dates === 'keep')
    ? null
    : '"privacy" must be {identifiable: boolean, salt: 16 to 256 characters, dates: "shift" or "keep"}';

/** Optional privacy (project saves: absent means de-identified with a fresh salt). */
export const optPrivacy: Check = (a) => (a.privacy == null ? null : checkPrivacy(a.privacy));

export const checkMapAndShape: Check = (a) => {
  const s = a.shape;
  if (!(a.map instanceof Float32Array)) return '"map" must be a Float32Array';
  if (!Array.isArray(s) || s.length !== 2 || !s.every((n) => Number.isInteger(n) && n > 0 && n <= 16384))
    return '"shape" must be [height, width], each 1…16384';
  return s[0] * s[1] === a.map.length ? null : `"map" has ${a.map.length} values, "shape" ${s[0]}×${s[1]} needs ${s[0] * s[1]}`;
};

export const checkScStyle: Check = (a) => {
  const st = a.style;
  if (!isObj(st)) return '"style" must be {colormap, opacity, mode}';
  if (typeof st.colormap !== 'string' || !st.colormap) return '"style.colormap" must be a colormap name';
  if (typeof st.opacity !== 'number' || !(st.opacity >= 0 && st.opacity <= 1)) return '"style.opacity" must be a number in 0…1';
  if (!['abs', 'signed', 'raw'].includes(st.mode as string)) return '"style.mode" must be abs, signed or raw';
  if (st.alpha != null && st.alpha !== 'ramp' && st.alpha !== 'flat') return '"style.alpha" must be ramp or flat';
  if (st.threshold != null && (typeof st.threshold !== 'number' || !(st.threshold >= 0 && st.threshold <= 1)))
    return '"style.threshold" must be a number in 0…1';
  const p = st.clipPercentile;
  return p == null || (typeof p === 'number' && p > 0 && p <= 100) ? null : '"style.clipPercentile" must be in (0, 100]';
};

/** Free text that ends up in DerivationDescription: bounded. */
export const shortText =
  (k: string, optional = false): Check =>
  (a) =>
    (optional && a[k] == null) || (typeof a[k] === 'string' && (a[k] as string).length > 0 && (a[k] as string).length <= 200)
      ? null
      : `"${k}" must be a string of 1…200 characters`;

export const optUid: Check = (a) =>
  a.seriesInstanceUID == null ||
  (typeof a.seriesInstanceUID === 'string' && /^[0-9]+(\.[0-9]+)*$/.test(a.seriesInstanceUID) && a.seriesInstanceUID.length <= 64)
    ? null
    : '"seriesInstanceUID" must be a UID (digits and dots, at most 64)';
