// Image paths that are not regular files fail fast with a code, and nothing
// parks a libuv threadpool thread: the file is opened once with O_NONBLOCK and
// checked on its descriptor (core/safe-read.ts).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ImageLoadError, loadImageFile } from './load';
import { zeroPng } from './testing/bombs';

// The race of a check-then-read loader, made deterministic: the first stat or
// open of `swap.path` replaces the regular file there by a FIFO before the real
// call proceeds, as another process could at any moment.
const swap = vi.hoisted(() => ({ path: '', done: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const { execFileSync: exec } = await import('node:child_process');
  const { unlinkSync: unlink } = await import('node:fs');
  const swapNow = (p: unknown) => {
    if (p !== swap.path || swap.done) return;
    swap.done = true;
    unlink(p as string);
    exec('mkfifo', [p as string]);
  };
  return {
    ...real,
    stat: async (p: string, ...rest: unknown[]) => {
      const st = await (real.stat as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
      swapNow(p); // after the check, before the read
      return st;
    },
    open: (p: string, ...rest: unknown[]) => {
      swapNow(p);
      return (real.open as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    },
  };
});

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'io-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Settles within `ms` or reports 'blocked'; the error, if any, is returned. */
async function within(ms: number, p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const blocked = new Promise((resolve) => {
    timer = setTimeout(() => resolve('blocked'), ms);
  });
  const settled = p.then(
    () => 'loaded',
    (e: unknown) => e,
  );
  try {
    return await Promise.race([settled, blocked]);
  } finally {
    clearTimeout(timer);
  }
}

/** A reader stuck in open(2) on the FIFO is released by a writer that opens and closes it. */
function unblock(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader is waiting, nothing to release.
  }
}

function expectCode(r: unknown, code: string, message: RegExp): void {
  expect(r).toBeInstanceOf(ImageLoadError);
  expect((r as ImageLoadError).code).toBe(code);
  expect((r as ImageLoadError).message).toMatch(message);
}

describe('image paths that are not regular files', () => {
  it('a FIFO is refused in < 2 s as read-failed', async () => {
    const fifo = join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const t = performance.now();
    const r = await within(2000, loadImageFile(fifo));
    unblock(fifo);
    expectCode(r, 'read-failed', /^pipe\.png: is not a regular file \(a folder, pipe or device\)$/);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('/dev/zero (endless) is refused in < 2 s as read-failed', async () => {
    const t = performance.now();
    expectCode(await within(2000, loadImageFile('/dev/zero')), 'read-failed', /^zero: is not a regular file/);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('/proc/self/fd/N of an open pipe is refused as read-failed', async () => {
    const fifo = join(dir, 'fd-pipe');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK); // Linux: O_RDWR on a FIFO never waits
    try {
      expectCode(await within(2000, loadImageFile(`/proc/self/fd/${fd}`)), 'read-failed', /is not a regular file/);
    } finally {
      closeSync(fd);
    }
  });

  it('a folder is refused as read-failed', async () => {
    expectCode(await within(2000, loadImageFile(dir)), 'read-failed', /is not a regular file/);
  });

  it('a regular file swapped for a FIFO between check and read does not block (the stat-then-readFile race)', async () => {
    const path = join(dir, 'swapped.png');
    writeFileSync(path, zeroPng(4, 4, 0));
    swap.path = path;
    const t = performance.now();
    const r = await within(2000, loadImageFile(path));
    unblock(path);
    expect(swap.done).toBe(true);
    expect(r).not.toBe('blocked');
    expectCode(r, 'read-failed', /^swapped\.png: is not a regular file/);
    expect(performance.now() - t).toBeLessThan(2000);
    unlinkSync(path);
  });

  it('an ordinary PNG still loads through the same path', async () => {
    const path = join(dir, 'ok.png');
    writeFileSync(path, zeroPng(3, 2, 2));
    const img = await loadImageFile(path);
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 3]);
  });
});
