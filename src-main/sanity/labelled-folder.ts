// A labelled image folder: one sub-folder per class. Sub-folders map to class
// indices by the model's label names when every folder is one, else by their
// number when every folder is an integer, else in sorted order. Images go
// through the model's own preprocessing (io/load.ts + model/preprocess.ts).
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import { StudioError } from '../api/errors';
import type { CancelSignal } from '../explainers/types';
import { loadImageFile } from '../io/load';
import type { Classifier } from '../model/classifier';
import { preprocess } from '../model/preprocess';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.gif', '.dcm', '.dicom']);

/** Image files directly in `dir` (masks `*.mask.*` excluded), sorted. */
export async function imageFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => {
    throw new StudioError('not-found', `${dir}: no such folder`);
  });
  return names
    .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()) && !/\.mask\.[^.]+$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Class index of each sub-folder name. */
export function classIndexOf(folders: readonly string[], labels: readonly string[] | null, numClasses: number): number[] {
  const byLabel = labels ? folders.map((f) => labels.indexOf(f)) : [];
  const idx = labels && byLabel.every((i) => i >= 0) ? byLabel : folders.every((f) => /^\d+$/.test(f)) ? folders.map(Number) : folders.map((_, i) => i);
  const bad = idx.findIndex((i) => i >= numClasses);
  if (bad >= 0) throw new StudioError('bad-target', `class folder "${folders[bad]}" maps to class ${idx[bad]}, but the model has ${numClasses} classes`);
  return idx;
}

/** Every image of `root/<class>/` as one [n,h,w,c] tensor (caller disposes) with labels; at most `limit` per class. */
export async function loadLabelledFolder(
  root: string,
  model: Classifier,
  spec: PreprocessSpec,
  labels: readonly string[] | null,
  opts: { limit?: number; signal?: CancelSignal } = {},
): Promise<{ x: tf.Tensor4D; labels: Int32Array; classes: string[]; files: string[] }> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new StudioError('not-found', `${root}: no such folder`);
  });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (folders.length < 2) throw new StudioError('no-images', `${root}: a labelled set needs one sub-folder per class (found ${folders.length})`);
  const idx = classIndexOf(folders, labels, model.numClasses);
  const files: string[] = [];
  const out: number[] = [];
  for (const [k, f] of folders.entries()) {
    for (const file of (await imageFiles(join(root, f))).slice(0, opts.limit ?? Infinity)) {
      files.push(file);
      out.push(idx[k]);
    }
  }
  if (!files.length) throw new StudioError('no-images', `${root}: no images in the class folders`);
  return { x: await loadImages(files, model, spec, opts.signal), labels: Int32Array.from(out), classes: folders, files };
}

/** The given image files as one [n,h,w,c] model-input tensor (caller disposes). */
export async function loadImages(files: readonly string[], model: Classifier, spec: PreprocessSpec, signal?: CancelSignal): Promise<tf.Tensor4D> {
  if (!files.length) throw new StudioError('no-images', 'no images given');
  const xs: tf.Tensor4D[] = [];
  try {
    for (const file of files) {
      xs.push(preprocess(await loadImageFile(file), spec, model.inputHeight, model.inputWidth, model.inputChannels));
      signal?.check();
    }
    return tf.concat(xs) as tf.Tensor4D;
  } finally {
    tf.dispose(xs);
  }
}
