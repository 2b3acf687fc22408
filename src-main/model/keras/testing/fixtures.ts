// Hand-made Keras files for the importer's tests: HDF5 written with h5wasm
// (which writes the real file system in Node) and zips written with fflate.
import { readFile, writeFile } from 'node:fs/promises';
import { unzipSync, zipSync } from 'fflate';
import h5wasm from 'h5wasm/node';

export interface H5Spec {
  /** Attributes by group path ('' = root): name → string or list of strings. */
  attrs?: Record<string, Record<string, string | string[]>>;
  /** Float datasets by path; groups on the way are created. */
  data?: Record<string, { shape: number[]; values: ArrayLike<number> }>;
}

export async function writeH5(path: string, spec: H5Spec): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    const group = (p: string): InstanceType<typeof h5wasm.Group> => {
      let g: InstanceType<typeof h5wasm.Group> = f;
      for (const part of p.split('/').filter(Boolean)) {
        const next = g.get(part);
        g = next instanceof h5wasm.Group ? next : g.create_group(part);
      }
      return g;
    };
    for (const [p, d] of Object.entries(spec.data ?? {})) {
      const cut = p.lastIndexOf('/');
      group(p.slice(0, Math.max(cut, 0))).create_dataset({ name: p.slice(cut + 1), data: Float32Array.from(d.values), shape: d.shape });
    }
    for (const [p, as] of Object.entries(spec.attrs ?? {})) for (const [k, v] of Object.entries(as)) group(p).create_attribute(k, v);
  } finally {
    f.close();
  }
}

/** Every float dataset under `prefix` of an HDF5 file, by path relative to the file root. */
export async function readH5(path: string, prefix = ''): Promise<Record<string, { shape: number[]; values: Float32Array }>> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'r');
  const out: Record<string, { shape: number[]; values: Float32Array }> = {};
  try {
    const walk = (g: InstanceType<typeof h5wasm.Group>, p: string): void => {
      for (const k of g.keys()) {
        const e = g.get(k);
        const q = p ? `${p}/${k}` : k;
        if (e instanceof h5wasm.Group) walk(e, q);
        else if (e instanceof h5wasm.Dataset && e.value instanceof Float32Array) out[q] = { shape: e.shape ?? [], values: e.value };
      }
    };
    const start = prefix ? f.get(prefix) : f;
    if (start instanceof h5wasm.Group) walk(start, prefix);
  } finally {
    f.close();
  }
  return out;
}

/** The entries of a zip file. */
export async function readZip(path: string): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await readFile(path)));
}

export async function writeZip(path: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const enc = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  await writeFile(path, zipSync(enc, { level: 0 }));
}

/**
 * Rewrites the uncompressed size the central directory declares for `entry`
 * (an archive claiming a huge entry without holding one).
 */
export function declareSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const n = view.getUint16(i + 28, true);
    if (new TextDecoder().decode(out.subarray(i + 46, i + 46 + n)) === entry) view.setUint32(i + 24, size, true);
  }
  return out;
}
