// One error type that crosses every boundary as {code, message}: the message is
// one line that names the file or value and the problem, never a stack.
import type { ApiErrorShape } from './types';

export class StudioError extends Error {
  constructor(
    readonly code: string,
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
