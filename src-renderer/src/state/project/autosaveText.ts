// What the restore offer and the Recent menu say about the autosave: when it
// was written (local time; the date only when not today) and what was on
// screen then.
import type { AutosaveStatus } from '../../../../src-main/api/project-types';

const two = (n: number): string => String(n).padStart(2, '0');

/** "14:03" when `iso` is on `now`'s day, else "2025-01-03 14:03"; local time. */
export function autosaveTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'at an unknown time';
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const today = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return today ? hm : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${hm}`;
}

/** "Restore the last session (saved 14:03, digits on digit-7.png)"; the parts that are unknown are left out. */
export function restoreOfferText(o: Pick<AutosaveStatus, 'savedAt' | 'model' | 'image'>, now: Date = new Date()): string {
  const what = o.model && o.image ? `${o.model} on ${o.image}` : (o.model ?? o.image);
  const parts = [o.savedAt ? `saved ${autosaveTime(o.savedAt, now)}` : null, what].filter((p): p is string => !!p);
  return parts.length ? `Restore the last session (${parts.join(', ')})` : 'Restore the last session';
}

/** The autosave's item in the Recent menu: "Autosave — 14:03". */
export function autosaveEntryLabel(savedAt: string, now: Date = new Date()): string {
  return `Autosave — ${autosaveTime(savedAt, now)}`;
}
