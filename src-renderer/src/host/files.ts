// Sorting files a user dropped or picked into "a model" and "an image".
import type { UploadedFile } from '../../../src-main/api/types';

const MODEL_EXT = /\.(json|bin)$/i;

export function isModelFile(name: string): boolean {
  return MODEL_EXT.test(name);
}

export interface DropSplit<F extends { name: string }> {
  /** model.json and its shards, or empty when no model.json was among the files. */
  model: F[];
  /** The first file that is not part of a model (raster or DICOM, any extension). */
  image: F | null;
}

/** A drop may hold a model (model.json + *.bin), an image, or both. */
export function splitDrop<F extends { name: string }>(files: readonly F[]): DropSplit<F> {
  const modelParts = files.filter((f) => isModelFile(f.name));
  const hasJson = modelParts.some((f) => /\.json$/i.test(f.name));
  const image = files.find((f) => !isModelFile(f.name)) ?? null;
  return { model: hasJson ? modelParts : [], image };
}

export async function readUpload(file: File): Promise<UploadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
