// One error type for every way an image can fail to load. `code` is what the
// UI branches on; `message` is one line that names the file and the problem.
import type { ErrorCode } from '../api/errors';

/** The codes an image load can fail with: a subset of the one list (api/errors.ts ERROR_CODES). */
export type ImageLoadErrorCode = Extract<
  ErrorCode,
  'not-found' | 'read-failed' | 'empty-file' | 'not-an-image' | 'truncated' | 'too-large' | 'unsupported' | 'corrupt'
>;

export class ImageLoadError extends Error {
  readonly code: ImageLoadErrorCode;
  readonly file: string;

  constructor(file: string, code: ImageLoadErrorCode, problem: string) {
    // Collapse whitespace so the message stays on one line whatever a library said.
    super(`${file}: ${problem}`.replace(/\s+/g, ' ').trim());
    this.name = 'ImageLoadError';
    this.code = code;
    this.file = file;
  }
}

/**
 * Text of anything thrown: dicom-parser throws strings and {exception, dataSet}
 * objects. For classifying a failure only: library messages may quote the
 * file (dicom-parser's "invalid DA '…'", libjpeg's marker bytes), so they
 * never become part of an ImageLoadError's message.
 */
export function thrownText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'exception' in e) return thrownText((e as { exception: unknown }).exception);
  return String(e);
}
