// Opens an .onnx file (and the external-data files it names, which must lie
// beside it) as a Classifier. Reads are bounded and contained like every
// model file's (core/safe-read.ts).
import { dirname } from 'node:path';
import onnxProto from 'onnx-proto';
import { StudioError } from '../../api/errors';
import { readRegularFile, resolveInside } from '../../core/safe-read';
import type { Classifier } from '../classifier';
import { MAX_WEIGHT_BYTES, quote } from '../files';
import { onnxClassifier, onnxClassifierWithRuntime, type SegmentationRegion } from './onnx-classifier';
import { decodeModel, decodeProto, type ExternalReader } from './proto';

/** protobuf's own limit for one message. */
export const MAX_ONNX_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** External-data locations the initializers name (one cheap decode; the bytes fields are views). */
function externalLocations(bytes: Uint8Array, label: string): string[] {
  const out = new Set<string>();
  for (const t of decodeProto(bytes, label).graph?.initializer ?? []) {
    const loc = (t.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (t.dataLocation === onnxProto.onnx.TensorProto.DataLocation.EXTERNAL && loc) out.add(loc);
  }
  return [...out];
}

async function readExternals(dir: string, names: string[], label: string): Promise<ExternalReader> {
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const name of names) {
    const real = await resolveInside(dir, name, `external data ${quote(name)}`);
    if (!real) throw new StudioError('missing-weights', `${label}: external data file ${quote(name)} is missing (it must be beside the model)`);
    const buf = await readRegularFile(real, { maxBytes: MAX_WEIGHT_BYTES - total, label: `external data ${quote(name)}` });
    total += buf.length;
    files.set(name, buf);
  }
  return (file, offset, length) => {
    const buf = files.get(file);
    if (!buf) throw new StudioError('missing-weights', `${label}: external data file ${quote(file)} was not read`);
    const end = length === null ? buf.length : offset + length;
    if (offset > buf.length || end > buf.length)
      throw new StudioError('wrong-size', `${label}: external data ${quote(file)} holds ${buf.length} bytes, the model reads up to ${end}`);
    return buf.subarray(offset, end);
  };
}

export async function loadOnnxFile(path: string, opts: { outputIndex?: number; segmentationRegion?: SegmentationRegion } = {}): Promise<Classifier> {
  const bytes = await readRegularFile(path, { maxBytes: MAX_ONNX_BYTES, label: path });
  const names = externalLocations(bytes, path);
  const reader = names.length ? await readExternals(dirname(path), names, path) : null;
  return onnxClassifierWithRuntime(bytes, decodeModel(bytes, path, reader), reader, { label: path, ...opts });
}

/** From uploaded bytes: no folder, so external data cannot be read. */
export function onnxFromBytes(bytes: Uint8Array, name: string, opts: { outputIndex?: number; segmentationRegion?: SegmentationRegion } = {}): Classifier {
  return onnxClassifier(decodeModel(bytes, name, null), { label: name, ...opts });
}

/** As onnxFromBytes, with forward-only passes on onnxruntime where it serves (the app's uploads). */
export function openOnnxBytes(
  bytes: Uint8Array,
  name: string,
  opts: { outputIndex?: number; segmentationRegion?: SegmentationRegion } = {},
): Promise<Classifier> {
  return onnxClassifierWithRuntime(bytes, decodeModel(bytes, name, null), null, { label: name, ...opts });
}
