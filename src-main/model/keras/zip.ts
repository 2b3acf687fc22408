// A Keras 3 `.keras` archive: a zip of config.json, metadata.json and
// model.weights.h5 (saving_lib.save_model). Only those three entries are
// inflated, each into a buffer of the size the archive declares for it, so
// neither a large entry nor a zip bomb grows past its bound.
import { unzipSync } from 'fflate';
import { StudioError } from '../../api/errors';
import { readRegularFile } from '../../core/safe-read';
import { MAX_HDF5_BYTES } from './hdf5';

const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
const MAX_METADATA_BYTES = 1024 * 1024;
/** The archive: its weights entry plus the two JSON files and zip overhead. */
export const MAX_KERAS_BYTES = MAX_HDF5_BYTES + MAX_CONFIG_BYTES + 2 * MAX_METADATA_BYTES;

const LIMITS: Record<string, number> = { 'config.json': MAX_CONFIG_BYTES, 'metadata.json': MAX_METADATA_BYTES, 'model.weights.h5': MAX_HDF5_BYTES };

export interface KerasArchive {
  config: string;
  /** metadata.json's text, or null when the archive has none (Keras writes it always). */
  metadata: string | null;
  weights: Uint8Array;
}

const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

/** Unpacks the archive's bytes; `label` names it in errors. */
export function unpackKeras(bytes: Uint8Array, label: string): KerasArchive {
  if (!isZip(bytes)) throw new StudioError('not-a-model', `${label}: not a zip archive, so not a Keras 3 .keras file`);
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        const limit = Object.hasOwn(LIMITS, f.name) ? LIMITS[f.name] : undefined;
        if (limit === undefined) return false;
        if (f.originalSize > limit)
          throw new StudioError('too-large', `${label}: entry ${f.name} holds ${f.originalSize} bytes, above the ${limit}-byte limit`);
        if (f.compression !== 0 && f.compression !== 8)
          throw new StudioError('bad-model', `${label}: entry ${f.name} uses zip compression method ${f.compression}`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError('bad-model', `${label}: unreadable zip archive (${(e as Error).message.split('\n')[0].slice(0, 120)})`);
  }
  const has = (n: string): boolean => Object.hasOwn(files, n);
  // A stored entry is copied by its compressed size, which the filter did not see.
  for (const [n, limit] of Object.entries(LIMITS)) {
    if (has(n) && files[n].length > limit)
      throw new StudioError('too-large', `${label}: entry ${n} holds ${files[n].length} bytes, above the ${limit}-byte limit`);
  }
  if (!has('config.json') || !has('model.weights.h5')) {
    const npz = names.includes('model.weights.npz');
    const what = npz ? 'its weights are in model.weights.npz, which is not supported' : 'it has no config.json and model.weights.h5';
    throw new StudioError(npz ? 'unsupported-model' : 'not-a-model', `${label}: not a Keras 3 .keras file: ${what}`);
  }
  return {
    config: new TextDecoder().decode(files['config.json']),
    metadata: has('metadata.json') ? new TextDecoder().decode(files['metadata.json']) : null,
    weights: files['model.weights.h5'],
  };
}

export async function readKerasArchive(path: string, label = path): Promise<KerasArchive> {
  return unpackKeras(await readRegularFile(path, { maxBytes: MAX_KERAS_BYTES, label }), label);
}
