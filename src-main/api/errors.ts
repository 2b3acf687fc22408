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

export function toApiError(err: unknown): ApiErrorShape {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as { code: string; message?: string };
    return { code: e.code, message: firstLine(e.message ?? e.code) };
  }
  if (err instanceof Error) return { code: 'internal', message: firstLine(err.message) };
  return { code: 'internal', message: firstLine(String(err)) };
}

export function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
