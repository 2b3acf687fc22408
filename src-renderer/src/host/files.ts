// Sorting files a user dropped or picked into "a model" and "an image".
import type { UploadedFile } from '../../../src-main/api/types';

const MODEL_EXT = /\.(json|bin|onnx|h5|hdf5|keras)$/i;
/** The file that names a model: model.json (its shards beside it), an .onnx, or a Keras .h5/.keras file. */
const MODEL_MAIN = /\.(json|onnx|h5|hdf5|keras)$/i;

export function isModelFile(name: string): boolean {
  return MODEL_EXT.test(name);
}

/** The file a model is opened by: ONNX or Keras first, else model.json (never saliency-studio.json). */
export function modelMainFile<F extends { name: string }>(files: readonly F[]): F | undefined {
  const main = files.filter((f) => MODEL_MAIN.test(f.name) && !/saliency-studio\.json$/i.test(f.name));
  return main.find((f) => !/\.json$/i.test(f.name)) ?? main[0];
}

export interface DropSplit<F extends { name: string }> {
  /** The model's files (model.json and shards, an .onnx, a Keras file), or empty when none names a model. */
  model: F[];
  /** The first file that is not part of a model (raster or DICOM, any extension). */
  image: F | null;
}

/** A drop may hold a model (model.json + *.bin), an image, or both. */
export function splitDrop<F extends { name: string }>(files: readonly F[]): DropSplit<F> {
  const modelParts = files.filter((f) => isModelFile(f.name));
  const image = files.find((f) => !isModelFile(f.name)) ?? null;
  return { model: modelMainFile(modelParts) ? modelParts : [], image };
}

export async function readUpload(file: File): Promise<UploadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
