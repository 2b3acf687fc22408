// The logged masks as one zip (fflate), not one download per mask: each PNG
// under its maskFileName, with the experiment CSV that names them beside it.
import { zipSync } from 'fflate';
import type { ExperimentRow } from '../../../src-main/api/types';
import { experimentsCsv, maskFileName } from './experimentCsv';

/** PNG bytes of a `data:image/png;base64,…` URL. */
function dataUrlBytes(url: string): Uint8Array {
  const b64 = url.slice(url.indexOf(',') + 1);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function masksZip(rows: readonly ExperimentRow[]): Uint8Array {
  const files: Record<string, Uint8Array> = { 'mask-experiments.csv': new TextEncoder().encode(experimentsCsv(rows)) };
  for (const r of rows) files[maskFileName(r)] = dataUrlBytes(r.maskPng);
  // PNGs are already deflated: store them; the CSV compresses.
  return zipSync(files, { level: 0, mtime: new Date(Date.UTC(2000, 0, 1)) });
}
