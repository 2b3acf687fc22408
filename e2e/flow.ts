// The user flow both e2e targets run (Chromium against the loopback host, and
// the Electron app): the page is driven only through roles, labels and test ids.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';

/** Page errors and console errors, printed when a step fails. */
export function watchPage(page: Page): string[] {
  const log: string[] = [];
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`console.${m.type()}: ${m.text()}`);
  });
  return log;
}

/** Picks the Digits demo in the left-panel demo picker and waits for its top-5 table. */
export async function openDigitsDemo(page: Page): Promise<void> {
  const picker = page.getByLabel('Demo model');
  await picker.waitFor({ state: 'visible', timeout: LONG });
  // Options arrive with the engine's demos() reply.
  const option = picker.locator('option', { hasText: /digit/i }).first();
  await option.waitFor({ state: 'attached', timeout: LONG });
  const value = (await option.getAttribute('value')) ?? '';
  expect(value, 'a Digits demo in the picker').not.toBe('');
  await picker.selectOption(value);
  await expectTop5(page);
}

export async function expectTop5(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Top-5 classes' });
  await table.waitFor({ state: 'visible', timeout: LONG });
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(5);
  const labels = await rows.locator('th').allInnerTexts();
  return labels.map((s) => s.trim());
}

export function overlayNonzero(page: Page): Promise<number> {
  return page.locator(STAGE).getAttribute('data-overlay-nonzero').then((v) => Number(v ?? 0));
}

/** Coloured, non-transparent pixels on the topmost Konva canvas (the heatmap layer). */
export function heatmapCanvasPixels(page: Page): Promise<{ canvases: number; coloured: number }> {
  return page.locator(STAGE).evaluate((root) => {
    const canvases = Array.from(root.querySelectorAll('canvas'));
    const top = canvases[canvases.length - 1];
    const ctx = top?.getContext('2d');
    if (!top || !ctx || top.width === 0 || top.height === 0) return { canvases: canvases.length, coloured: 0 };
    const d = ctx.getImageData(0, 0, top.width, top.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] === d[i + 1] && d[i + 1] === d[i + 2])) coloured++;
    return { canvases: canvases.length, coloured };
  });
}

/** Selects the vanilla-gradient method, runs it and waits for a non-blank overlay. */
export function runSaliency(page: Page): Promise<void> {
  return runMethod(page, 'saliency');
}

/**
 * Selects a registry method, sets numeric parameters through the form built
 * from its schema, runs it and waits for a non-blank overlay.
 */
export async function runMethod(page: Page, id: string, params: Record<string, number> = {}): Promise<void> {
  const method = page.getByLabel('Method');
  await method.waitFor({ state: 'visible', timeout: LONG });
  await method.selectOption(id);
  for (const [name, value] of Object.entries(params)) {
    const field = page.getByLabel(new RegExp(`^${name}\\b`));
    await field.fill(String(value));
    await field.press('Enter');
    await expect.poll(() => field.inputValue()).toBe(String(value));
  }
  const explain = page.getByRole('button', { name: 'Explain', exact: true });
  // click() waits until the button is enabled (model, image and method ready).
  await explain.click({ timeout: LONG });
  await expect.poll(() => page.locator(STAGE).getAttribute('data-result-method'), { timeout: LONG, interval: 200 }).toBe(id);
  await expect.poll(() => overlayNonzero(page), { timeout: LONG, interval: 200 }).toBeGreaterThan(0);
  // Second, independent check: the pixels actually drawn on the heatmap canvas.
  await expect.poll(() => page.locator(`${STAGE} canvas`).count(), { timeout: LONG }).toBeGreaterThanOrEqual(2);
  const px = await heatmapCanvasPixels(page);
  expect(px.canvases).toBeGreaterThanOrEqual(2);
  expect(px.coloured).toBeGreaterThan(0);
}

/**
 * Runs a CAM method (default Grad-CAM) on the picker's layer (the automatic one
 * unless the sidecar names a default, as the digits demo's does), checks an
 * "(auto)" option is offered, outlines the native grid and checks the caption
 * names its size, then hides the grid so the heatmap stays the top canvas.
 */
export async function runCamWithGrid(page: Page, id = 'gradcam'): Promise<void> {
  await runMethod(page, id);
  const layer = page.getByLabel('Layer', { exact: true });
  await layer.waitFor({ state: 'visible', timeout: LONG });
  expect(await layer.locator('option', { hasText: '(auto)' }).count()).toBe(1);
  const canvases = await page.locator(`${STAGE} canvas`).count();
  const toggle = page.getByLabel('Show native grid');
  await toggle.check({ timeout: LONG });
  const caption = page.getByTestId('grid-caption');
  await caption.waitFor({ state: 'visible', timeout: LONG });
  const m = /grid (\d+)×(\d+) at \S+/.exec(await caption.innerText());
  expect(m, 'caption "grid h×w at layer"').not.toBeNull();
  const [h, w] = [Number(m?.[1]), Number(m?.[2])];
  expect(h * w).toBeGreaterThan(1);
  expect(await page.locator(`${STAGE} canvas`).count()).toBe(canvases + 1);
  await toggle.uncheck();
  await caption.waitFor({ state: 'detached', timeout: LONG });
}

/** Opens a text file named .png: an alert appears, and the previous image and result stay. */
export async function openCorruptImage(page: Page, corruptPath: string): Promise<void> {
  const before = { top: await expectTop5(page), nonzero: await overlayNonzero(page) };
  await page.getByTestId('image-file-input').setInputFiles(corruptPath);
  const alert = page.getByRole('alert').first();
  await alert.waitFor({ state: 'visible', timeout: LONG });
  expect((await alert.innerText()).length).toBeGreaterThan(0);
  expect(await expectTop5(page)).toEqual(before.top);
  expect(await overlayNonzero(page)).toBe(before.nonzero);
  expect(await page.locator(STAGE).getAttribute('aria-label')).toMatch(/with saliency overlay/);
  expect((await heatmapCanvasPixels(page)).coloured).toBeGreaterThan(0);
}

export async function writeCorruptPng(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'this is a text file, not a PNG\n');
  return path;
}

export async function screenshot(page: Page, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}
