// The CLI's exit codes, so a scheduler (Slurm, Kubernetes) can tell a bad
// request (do not retry) from a failed image or a kill (retry / resume).
import { toApiError } from '../../api/errors';

export const EXIT = { ok: 0, internal: 1, badInput: 2, imageFailed: 3, sigint: 130, sigterm: 143 } as const;

/** StudioError codes that mean the user's input is wrong: retrying the same command cannot help. */
const BAD_INPUT =
  /^(bad-|unknown-|no-images$|no-cam-layer$|no-class-output$|not-found$|not-a-|unsupported|missing-|cam-needs-gap-dense$|outside-folder$|symlink-refused$|forbidden-path$|too-|empty-file$|wrong-size$)/;

/** The exit code for an error thrown by a command. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CancelledRun) return e.signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
  if (e instanceof ImagesFailed) return EXIT.imageFailed;
  // parseArgs' own errors (unknown flag, missing value) are bad input too.
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return EXIT.badInput;
  const apiCode = toApiError(e).code;
  // An image that cannot be read is a failed image, whichever command read it; a missing path is a bad request.
  if (IMAGE_ERRORS.has(apiCode) && apiCode !== 'not-found') return EXIT.imageFailed;
  return BAD_INPUT.test(apiCode) ? EXIT.badInput : EXIT.internal;
}

/** Codes that mean this one image could not be read or scored: with --keep-going the run goes on. */
export const IMAGE_ERRORS = new Set([
  'not-an-image',
  'truncated',
  'corrupt',
  'unsupported-input',
  'too-large',
  'too-small',
  'empty-file',
  'read-failed',
  'bad-mask',
  'not-found',
]);

/** The run stopped on a signal after flushing its rows. */
export class CancelledRun extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`cancelled by ${signal}; rows so far are kept, run again to resume`);
  }
}

/** With --keep-going: the run finished but these images failed. */
export class ImagesFailed extends Error {
  constructor(readonly failures: { id: string; error: string }[]) {
    super(`${failures.length} image(s) failed: ${failures.map((f) => f.id).join(', ')}`);
  }
}
