// The grid's maps for NumPy: one .npz (a zip of .npy files, stored without
// compression as numpy.savez writes it), one array per finished cell, named
// row_column_method so `np.load(f)[name]` finds a cell. fflate writes the zip.
import { zipSync } from 'fflate';
import { encodeNpy } from '../../../src-main/shared/npy';
import type { CompareState } from '../state/compare/types';
import { cellKey } from '../state/compare/types';

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/** Array names in row-major cell order; rows and columns are numbered from 1 as on screen. */
export function mapArrays(c: CompareState): { name: string; data: Float32Array; shape: number[] }[] {
  const out: { name: string; data: Float32Array; shape: number[] }[] = [];
  c.rows.forEach((row, i) => {
    const image = safe(c.images[row.imageId]?.name.replace(/\.[^.]+$/, '') ?? row.imageId);
    c.columns.forEach((col, j) => {
      const r = c.cells[cellKey(row.id, col.id)]?.result;
      if (!r) return;
      out.push({ name: `r${i + 1}_c${j + 1}_${image}_${safe(col.methodId)}`, data: r.map, shape: [...r.shape] });
    });
  });
  return out;
}

export function mapsNpz(c: CompareState): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const a of mapArrays(c)) files[`${a.name}.npy`] = encodeNpy(a.data, a.shape);
  return zipSync(files, { level: 0 });
}
