// Where evaluated images come from — files of a folder, paths, or images the
// engine already holds — and their ground-truth masks, found beside them or in
// a masks folder. Shared by the CLI and the engine's evaluate job.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { PreprocessSpec } from '../api/types';
import type { DecodedImage } from '../io/decoded';
import { loadImageFile } from '../io/load';
import { preprocess } from '../model/preprocess';
import { IMAGE_EXTENSIONS } from '../sanity/labelled-folder';

const isMask = (f: string): boolean => /\.mask\.[^.]+$/i.test(f);

export interface EvalSource {
  /** Shown in tables and CSV rows: the file name. */
  name: string;
  /** The file on disk, when there is one (uploaded images have none): masks are looked up beside it. */
  path: string | null;
  load(): Promise<DecodedImage>;
}

/** The image files of a folder (sorted, masks excluded), or the one file given. */
export async function listImages(path: string): Promise<string[]> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new StudioError('not-found', `${path}: no such file or folder`);
  if (st.isFile()) return [path];
  const files = (await readdir(path)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()) && !isMask(f)).sort();
  if (!files.length) throw new StudioError('no-images', `${path}: no images (${[...IMAGE_EXTENSIONS].join(' ')}) in this folder`);
  return files.map((f) => join(path, f));
}

export const fileSource = (path: string): EvalSource => ({ name: basename(path), path, load: () => loadImageFile(path) });

/**
 * The masks folder for a source: `masks` itself when a folder is named, the
 * image's own folder when masks are wanted "beside" (true), else none.
 */
export function maskDir(source: EvalSource, masks: boolean | string | undefined): string | null {
  if (typeof masks === 'string') return masks;
  return masks && source.path && isAbsolute(source.path) ? dirname(source.path) : null;
}

/** <dir>/<stem>.mask.<ext> (or <stem>.<ext> in another folder), as 0/1 at the model input size, resized as the image is; null when absent. */
export async function loadMask(dir: string, image: string, h: number, w: number, resize: PreprocessSpec['resize']): Promise<Uint8Array | null> {
  const stem = basename(image, extname(image));
  const names = await readdir(dir).catch(() => {
    throw new StudioError('not-found', `masks folder ${dir}: no such folder`);
  });
  const own = names.find((f) => isMask(f) && f.slice(0, f.toLowerCase().lastIndexOf('.mask.')) === stem);
  const hit =
    own ??
    (resolve(dir) !== resolve(dirname(image))
      ? names.find((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()) && basename(f, extname(f)) === stem)
      : undefined);
  if (!hit) return null;
  const img = await loadImageFile(join(dir, hit));
  const t = tf.tidy(() => preprocess(img, { preset: 'unit', resize }, h, w, 1).greater(0.5));
  const d = await t.data();
  t.dispose();
  return Uint8Array.from(d);
}
