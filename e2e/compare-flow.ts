// The Compare view's e2e steps: build a grid on the digits demo, zoom all
// cells at once, restyle, and measure frame times while panning a big grid.
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import { openDigitsSample } from './flow';

const LONG = 180_000;

export async function openCompareTab(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Compare' }).click();
  const view = page.getByTestId('compare-view');
  await view.waitFor({ state: 'visible', timeout: LONG });
  return view;
}

/** Rows from the digits samples (each opened in the single view, then added), columns from method ids. */
export async function buildGrid(page: Page, samples: string[], methods: string[]): Promise<Locator> {
  for (const name of samples) {
    await page.getByRole('tab', { name: 'Explore' }).click();
    await openDigitsSample(page, name);
    const view = await openCompareTab(page);
    await view.getByRole('button', { name: 'Add current image' }).click();
  }
  const view = await openCompareTab(page);
  for (const id of methods) await view.getByLabel('Add column').selectOption(id);
  await expect.poll(() => view.locator('[role=rowheader]').count(), { timeout: LONG }).toBe(samples.length);
  const cells = view.getByTestId('compare-cell');
  await expect.poll(() => cells.count(), { timeout: LONG }).toBe(samples.length * methods.length);
  await expect
    .poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).every((s) => s === 'done'), {
      timeout: LONG,
      interval: 500,
    })
    .toBe(true);
  return cells;
}

export function cellScales(cells: Locator): Promise<number[]> {
  return cells.evaluateAll((els) => els.map((e) => Number(e.querySelector('.compare-stage')?.getAttribute('data-scale') ?? NaN)));
}

/** Raw RGB pixels of one element's screenshot. */
export async function elementPixels(el: Locator): Promise<Buffer> {
  const png = await el.screenshot();
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** Fraction of bytes that differ by more than `tol` between two equal-size images. */
export function changedFraction(a: Buffer, b: Buffer, tol = 8): number {
  if (a.length !== b.length) return 1;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol) n++;
  return n / a.length;
}

/** Wheel over the first cell zooms every cell by the same factor. */
export async function zoomAllCells(page: Page, cells: Locator): Promise<{ before: number[]; after: number[] }> {
  const before = await cellScales(cells);
  const box = await cells.first().locator('.compare-stage').boundingBox();
  if (!box) throw new Error('first cell has no box');
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100);
  await expect.poll(async () => (await cellScales(cells))[0], { timeout: 10_000 }).toBeGreaterThan(before[0] * 1.5);
  return { before, after: await cellScales(cells) };
}

/** Frame intervals (ms) while the pointer pans the grid, measured with requestAnimationFrame in the page. */
export async function panFrameTimes(page: Page, cells: Locator, moves = 120): Promise<number[]> {
  const box = await cells.first().locator('.compare-stage').boundingBox();
  if (!box) throw new Error('first cell has no box');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < moves; i++) {
    const a = (i / moves) * Math.PI * 4;
    await page.mouse.move(cx + 40 * Math.cos(a), cy + 40 * Math.sin(a));
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
}

export function frameStats(frames: number[]): { frames: number; median: number; p95: number; max: number } {
  const s = [...frames].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { frames: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** Clicks an export button of the grid and returns the downloaded bytes. */
export async function downloadExport(page: Page, button: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: LONG }),
    page.getByRole('group', { name: 'Export the grid' }).getByRole('button', { name: button }).click(),
  ]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return readFile(path);
}

/** Each cell's method and the job that produced it. */
export function cellJobs(cells: Locator): Promise<{ method: string; job: string; status: string }[]> {
  return cells.evaluateAll((els) =>
    els.map((e) => ({ method: e.getAttribute('data-method') ?? '', job: e.getAttribute('data-job') ?? '', status: e.getAttribute('data-status') ?? '' })),
  );
}

/** Waits until every cell is done. */
export async function allDone(cells: Locator): Promise<void> {
  await expect.poll(async () => (await cellJobs(cells)).every((c) => c.status === 'done'), { timeout: LONG, interval: 300 }).toBe(true);
}

/** Edits one numeric parameter of a column (the ⚙ form in its header). */
export async function setColumnParam(page: Page, methodLabel: string, name: string, value: number): Promise<void> {
  const form = page.locator('details.column-params', { has: page.getByLabel(`Parameters of ${methodLabel}`) });
  await form.locator('summary').click();
  const field = form.getByLabel(new RegExp(`^${name}\\b`));
  await field.fill(String(value));
  await field.press('Enter');
  await form.locator('summary').click();
}

/** Right-drags on a cell (window/level of its row) and returns the row's "C … / W …" before and after. */
export async function rightDragRowWindow(page: Page, cell: Locator, rowIndex: number): Promise<[string, string]> {
  const readout = page.getByTestId('row-window').nth(rowIndex);
  const before = await readout.innerText();
  const box = await cell.locator('.compare-stage').boundingBox();
  if (!box) throw new Error('cell has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
  await page.mouse.up({ button: 'right' });
  await expect.poll(() => readout.innerText(), { timeout: 10_000 }).not.toBe(before);
  return [before, await readout.innerText()];
}
