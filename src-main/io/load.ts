// Entry points: a path or a name+bytes in, a DecodedImage or an ImageLoadError
// out. The content decides the decoder; the extension only adds a note.
import { basename, extname } from 'node:path';
import { StudioError } from '../api/errors';
import { readRegularFile } from '../core/safe-read';
import type { DecodedImage } from './decoded';
import { decodeDicom } from './dicom';
import { ImageLoadError, type ImageLoadErrorCode } from './errors';
import { decodeRaster } from './image';
import { FILE_BYTE_LIMIT } from './limits';
import { sniff } from './sniff';

export { ImageLoadError } from './errors';
export type { ImageLoadErrorCode } from './errors';
export type { DecodedImage } from './decoded';

/**
 * One open, checked on its descriptor: O_NONBLOCK so a FIFO never parks a
 * threadpool thread, fstat so that what is checked is what is read (a stat of
 * the path and a later readFile could each see a different file).
 */
export async function loadImageFile(path: string, frame?: number): Promise<DecodedImage> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(path, { maxBytes: FILE_BYTE_LIMIT, label: name });
  } catch (e) {
    throw readFailure(name, path, e);
  }
  return loadImageBytes(name, bytes, frame);
}

function readFailure(name: string, path: string, e: unknown): ImageLoadError {
  const code = e instanceof StudioError ? e.code : 'read-failed';
  const mapped: Record<string, [ImageLoadErrorCode, string]> = {
    'not-found': ['not-found', `file not found (${path})`],
    'not-a-file': ['read-failed', 'is not a regular file (a folder, pipe or device)'],
    'too-large': ['too-large', `file is above the ${FILE_BYTE_LIMIT / 2 ** 20} MiB limit`],
  };
  if (mapped[code]) return new ImageLoadError(name, ...mapped[code]);
  // safe-read's remaining messages carry only an errno name ("cannot open (EACCES)") after the label.
  const detail = e instanceof StudioError ? e.message.replace(`${name}: `, '') : `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  return new ImageLoadError(name, 'read-failed', detail);
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

/** `frame`: the frame of a multi-frame DICOM (0-based); other images have one. */
export async function loadImageBytes(name: string, bytes: Uint8Array, frame?: number): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageLoadError(name, 'empty-file', 'file is empty (0 bytes)');
  if (bytes.length > FILE_BYTE_LIMIT) throw new ImageLoadError(name, 'too-large', 'file is above the size limit');
  const kind = sniff(bytes);
  const ext = extname(name).toLowerCase();
  const expected = EXPECTED[ext];
  if (kind.kind === 'other') {
    const wanted = expected === 'dicom' ? 'a DICOM file (no DICM marker at byte 128)' : expected ? `a ${expected.toUpperCase()} image` : 'an image';
    throw new ImageLoadError(name, 'not-an-image', `not ${wanted}: the content is ${kind.what}; expected PNG, JPEG, WebP, TIFF or DICOM`);
  }
  if (kind.kind !== 'dicom' && frame)
    throw new StudioError('bad-request', `${name}: frame ${frame} asked for; a ${kind.format.toUpperCase()} image has one frame`);
  let image: DecodedImage;
  try {
    image = kind.kind === 'dicom' ? decodeDicom(name, bytes, kind.variant, frame ?? 0) : await decodeRaster(name, bytes, kind.format);
  } catch (e) {
    if (e instanceof ImageLoadError) throw e;
    if (e instanceof StudioError && e.code === 'bad-request') throw e; // a frame the image does not have
    // A decoder's own exception may quote the bytes it choked on: name its kind only.
    throw new ImageLoadError(
      name,
      'corrupt',
      `cannot decode (${e instanceof Error ? e.name : 'error'} in the ${kind.kind === 'dicom' ? 'DICOM' : kind.format.toUpperCase()} decoder)`,
    );
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
