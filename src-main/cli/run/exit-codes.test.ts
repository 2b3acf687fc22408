import { describe, expect, it } from 'vitest';
import { StudioError } from '../../api/errors';
import { CancelledRun, exitCodeOf, ImagesFailed } from './exit-codes';

describe('exit codes', () => {
  it('2 bad input, 3 failed images, 130/143 signals, 1 internal', () => {
    expect(exitCodeOf(new StudioError('bad-request', 'x'))).toBe(2);
    expect(exitCodeOf(new StudioError('bad-param', 'x'))).toBe(2);
    expect(exitCodeOf(new StudioError('unknown-method', 'x'))).toBe(2);
    expect(exitCodeOf(new StudioError('no-images', 'x'))).toBe(2);
    expect(exitCodeOf(new StudioError('not-found', 'x'))).toBe(2);
    // An unreadable image is a failed image in every command, one image or a folder.
    expect(exitCodeOf(new StudioError('not-an-image', 'x'))).toBe(3);
    expect(exitCodeOf(new StudioError('empty-file', 'x'))).toBe(3);
    expect(exitCodeOf(Object.assign(new Error('Unknown option'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }))).toBe(2);
    expect(exitCodeOf(new ImagesFailed([{ id: 'a.png', error: 'truncated' }]))).toBe(3);
    expect(exitCodeOf(new CancelledRun('SIGINT'))).toBe(130);
    expect(exitCodeOf(new CancelledRun('SIGTERM'))).toBe(143);
    expect(exitCodeOf(new StudioError('backend-failed', 'x'))).toBe(1);
    expect(exitCodeOf(new Error('boom'))).toBe(1);
  });
});
