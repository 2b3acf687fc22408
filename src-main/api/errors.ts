// One error type that crosses every boundary as {code, message}: the message is
// one line that names the file or value and the problem, never a stack.
import type { ApiErrorShape } from './types';

/**
 * Every code an error may carry, written once: the UI and the CLI branch on
 * these, so a misspelt or new code is a compile error where it is thrown.
 * (Image loading has its own finer union, io/errors.ts ImageLoadErrorCode.)
 */
export const ERROR_CODES = [
  'ablation-zero-score',
  'bad-arg',
  'bad-input',
  'bad-labels',
  'bad-layer',
  'bad-manifest',
  'bad-map',
  'bad-mask',
  'bad-model',
  'bad-name',
  'bad-output',
  'bad-param',
  'bad-path',
  'bad-project',
  'bad-regions',
  'bad-request',
  'bad-sidecar',
  'bad-target',
  'busy',
  'cam-needs-gap-dense',
  'cam-needs-layers-model',
  'cam-unsupported',
  'cancelled',
  'corrupt-project',
  'duplicate-job',
  'empty-file',
  'engine-closed',
  'engine-crashed',
  'engine-missing',
  'forbidden-path',
  'internal',
  'lrp-needs-layers-model',
  'lrp-unsupported',
  'missing-package',
  'missing-weights',
  'needs-layers-model',
  'needs-tfjs-node',
  'no-build',
  'no-cam-layer',
  'no-class-output',
  'no-images',
  'no-model-json',
  'not-a-file',
  'not-a-model',
  'not-a-tfjs-model',
  'not-found',
  'outside-folder',
  'project-too-large',
  'read-failed',
  'short-weights',
  'symlink-refused',
  'too-large',
  'unknown-image',
  'unknown-layer',
  'unknown-method',
  'unknown-metric',
  'unknown-model',
  'unknown-op',
  'unknown-run',
  'unsupported-input',
  'unsupported-model',
  'wrong-size',
  'ipc-failed',
  'model-not-json',
  // image loading (io/errors.ts ImageLoadErrorCode)
  'not-an-image',
  'truncated',
  'unsupported-transfer-syntax',
  'unsupported',
  'corrupt',
  'not-mocked',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (c: unknown): c is ErrorCode => typeof c === 'string' && (ERROR_CODES as readonly string[]).includes(c);

export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The one way an error leaves a process: a short code (anything not shaped
 * like one becomes 'internal') and one bounded line, never a stack.
 */
export function toApiError(err: unknown): ApiErrorShape {
  let code = 'internal';
  let message: string;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as { code: string; message?: unknown };
    code = CODE.test(e.code) ? e.code : 'internal';
    message = typeof e.message === 'string' ? e.message : e.code;
  } else message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'unexpected error';
  return { code, message: firstLine(message).slice(0, 1000) || 'unexpected error' };
}

export function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
