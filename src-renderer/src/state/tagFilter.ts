// The tag browser's filter: a row stays when its tag, VR, keyword or value
// contains the query (case-insensitive), or when a row inside it does; a
// sequence that matches keeps all of its items, one that does not keeps only
// the items with matching rows. Tags match with or without "(", ",", ")".
import type { DicomTagRow } from '../../../src-main/api/types';

const norm = (s: string): string => s.toLowerCase().replace(/[(),\s]/g, '');

function matches(r: DicomTagRow, q: string, qTag: string): boolean {
  return (qTag !== '' && norm(r.tag).includes(qTag)) || r.vr.toLowerCase() === q || r.name.toLowerCase().includes(q) || r.value.toLowerCase().includes(q);
}

export function filterTagRows(rows: readonly DicomTagRow[], query: string): DicomTagRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...rows];
  const qTag = norm(q);
  const walk = (list: readonly DicomTagRow[]): DicomTagRow[] => {
    const out: DicomTagRow[] = [];
    for (const r of list) {
      if (matches(r, q, qTag)) out.push(r);
      else if (r.items) {
        const items = r.items.map(walk);
        if (items.some((i) => i.length > 0)) out.push({ ...r, items });
      }
    }
    return out;
  };
  return walk(rows);
}

/** Rows in a tree, nested ones included. */
export const countRows = (rows: readonly DicomTagRow[]): number => rows.reduce((n, r) => n + 1 + (r.items ?? []).reduce((m, i) => m + countRows(i), 0), 0);
