// Entry points: a path or a name+bytes in, a DecodedImage or an ImageLoadError
// out. The content decides the decoder; the extension only adds a note.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { DecodedImage } from './decoded';
import { decodeDicom } from './dicom';
import { ImageLoadError, thrownText } from './errors';
import { decodeRaster } from './image';
import { FILE_BYTE_LIMIT } from './limits';
import { sniff } from './sniff';

export { ImageLoadError } from './errors';
export type { ImageLoadErrorCode } from './errors';
export type { DecodedImage } from './decoded';

export async function loadImageFile(path: string): Promise<DecodedImage> {
  const name = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new ImageLoadError(name, 'read-failed', 'is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof ImageLoadError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImageLoadError(name, 'not-found', `file not found (${path})`);
    throw new ImageLoadError(name, 'read-failed', `cannot read file (${thrownText(e)})`);
  }
  if (size === 0) throw new ImageLoadError(name, 'empty-file', 'file is empty (0 bytes)');
  if (size > FILE_BYTE_LIMIT) {
    throw new ImageLoadError(name, 'too-large', `file is ${(size / 2 ** 20).toFixed(0)} MiB, above the ${FILE_BYTE_LIMIT / 2 ** 20} MiB limit`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImageLoadError(name, 'read-failed', `cannot read file (${thrownText(e)})`);
  }
  return loadImageBytes(name, bytes);
}

const EXPECTED: Record<string, string> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.gif': 'gif',
  '.dcm': 'dicom',
  '.dicom': 'dicom',
};

export async function loadImageBytes(name: string, bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageLoadError(name, 'empty-file', 'file is empty (0 bytes)');
  if (bytes.length > FILE_BYTE_LIMIT) throw new ImageLoadError(name, 'too-large', 'file is above the size limit');
  const kind = sniff(bytes);
  const ext = extname(name).toLowerCase();
  const expected = EXPECTED[ext];
  if (kind.kind === 'other') {
    const wanted = expected === 'dicom' ? 'a DICOM file (no DICM marker at byte 128)' : expected ? `a ${expected.toUpperCase()} image` : 'an image';
    throw new ImageLoadError(
      name,
      'not-an-image',
      `not ${wanted}: the content is ${kind.what}; expected PNG, JPEG, WebP, TIFF or DICOM`,
    );
  }
  let image: DecodedImage;
  try {
    image =
      kind.kind === 'dicom'
        ? decodeDicom(name, bytes, kind.variant)
        : await decodeRaster(name, bytes, kind.format);
  } catch (e) {
    if (e instanceof ImageLoadError) throw e;
    throw new ImageLoadError(name, 'corrupt', `cannot decode (${thrownText(e)})`);
  }
  const actual = image.format;
  if (expected && expected !== actual) {
    image.notes.push(`named ${ext} but the content is ${actual.toUpperCase()}; read as ${actual.toUpperCase()}`);
  }
  if (kind.kind === 'dicom' && kind.variant !== 'part10') {
    image.notes.push('DICOM without the Part 10 preamble; read anyway');
  }
  return image;
}
