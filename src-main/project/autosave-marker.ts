// The autosave slot's marker (`autosave.pending`): present while the autosave
// holds work that is in no project file. Each autosave writes it; an explicit
// save or open, and Dismiss, remove it. A page reload, a closed tab or a quit
// do not: none of them can tell whether the work will be wanted again, and the
// autosave is exactly what a restart needs. The marker also names what was on
// screen, so the restore offer can say it without decoding a 15 MB autosave.
import type { ProjectSnapshot } from '../api/project-types';

/** Larger than any marker we write (two names of at most MAX_NAME characters and a date). */
export const MAX_MARKER_BYTES = 4096;
const MAX_NAME = 200;

export interface MarkerNames {
  model: string | null;
  image: string | null;
}

/** The single view's model and image; without either, the comparison grid's first row's. */
export function namesOnScreen(p: ProjectSnapshot): MarkerNames {
  const s = p.single;
  const row = p.compare?.rows[0];
  const [m, i] = s.model !== null || s.image !== null || !row ? [s.model, s.image] : [row.model, row.image];
  const name = (list: { name: string }[], k: number | null) => (k === null ? null : clip(list[k]?.name));
  return { model: name(p.models, m), image: name(p.images, i) };
}

function clip(v: unknown): string | null {
  if (typeof v !== 'string' || !v) return null;
  return v.length > MAX_NAME ? `${v.slice(0, MAX_NAME - 1)}…` : v;
}

/** The marker's text for an autosave written at `savedAt` by process `pid`. */
export function markerText(p: ProjectSnapshot, savedAt: string, pid: number): string {
  return `${JSON.stringify({ savedAt, pid, ...namesOnScreen(p) })}\n`;
}

/**
 * The names a marker holds. Our own file, but read as untrusted: anything that
 * does not parse, or is not a short string, is unknown (null) — the marker's
 * presence alone is what makes the offer.
 */
export function markerNames(text: string): MarkerNames {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { model: null, image: null };
  }
  const o = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return { model: clip(o.model), image: clip(o.image) };
}
