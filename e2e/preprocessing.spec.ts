// Issue 18, item 6, in Chromium against the loopback host: the Model panel's
// Preprocessing section previews what the model sees, a centre crop and
// invert change that preview (and, applied, the prediction), and a saved
// project reopens the model with them.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTop5, openDigitsDemo } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 60_000;
/** 451×300, wider than high: a centre crop and a stretch differ. */
const CHELSEA = join(ROOT, '..', 'shared', 'data', 'images', 'skimage_chelsea.png');
const section = (page: Page) => page.locator('details.preprocess-editor');
const panel = (page: Page) => page.getByRole('region', { name: 'Model', exact: true });

/** The preview canvas's red channel, read in the page. */
async function previewRed(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas.input-preview') as HTMLCanvasElement | null;
    if (!c) return [];
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from(d.filter((_, i) => i % 4 === 0));
  });
}
const differing = (a: number[], b: number[]) => a.filter((v, i) => v !== b[i]).length;
const probabilities = (page: Page) => page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr td').allInnerTexts();
const preprocessFact = (page: Page) =>
  panel(page)
    .locator('dt', { hasText: /^Preprocess$/ })
    .locator('xpath=following-sibling::dd')
    .innerText();

describe('preprocessing editor (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];
  let stretched: number[] = [];

  beforeAll(async () => {
    studio = await openStudio('preprocessing');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it("shows a 28×28 preview of what the Digits model sees of a 451×300 photo, as the model's spec makes it", async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await page.getByTestId('image-file-input').setInputFiles(CHELSEA);
      await expect.poll(() => page.getByTestId('image-name').innerText(), { timeout: LONG }).toContain('chelsea');
      await expectTop5(page);
      await section(page).locator('summary').click();
      await expect.poll(async () => (await previewRed(page)).length, { timeout: LONG }).toBe(28 * 28);
      expect(await section(page).locator('figcaption').innerText()).toContain('28×28');
      stretched = await previewRed(page);
      await section(page).screenshot({ path: join(SHOTS, 'preprocessing-stretch.png') });
    });
  });

  it('crop changes the preview (the centre square, not the whole width); invert then gives 255 − v', async () => {
    await step(log, async () => {
      await section(page).getByLabel('Resize').selectOption('crop');
      await expect.poll(async () => differing(await previewRed(page), stretched), { timeout: LONG }).toBeGreaterThan(100);
      const cropped = await previewRed(page);
      await section(page)
        .getByRole('checkbox', { name: /Invert/ })
        .check();
      await expect.poll(async () => differing(await previewRed(page), cropped), { timeout: LONG }).toBeGreaterThan(100);
      const inverted = await previewRed(page);
      // 255 − v up to the rounding of a value at .5 (1 − x is rounded in float32 first).
      expect(inverted.every((v, i) => Math.abs(v - (255 - cropped[i])) <= 1)).toBe(true);
      await section(page).screenshot({ path: join(SHOTS, 'preprocessing-crop-invert.png') });
    });
  });

  it('a std of 0 is refused in the request validation’s words, and Apply is off', async () => {
    await step(log, async () => {
      const std = section(page).getByLabel(/^Std/);
      await std.fill('0');
      await expect.poll(() => section(page).getByRole('alert').innerText()).toContain('"preprocess.std" must be a list of 1 or 3 numbers above 0');
      expect(
        await section(page)
          .getByRole('button', { name: /^Apply/ })
          .isDisabled(),
      ).toBe(true);
      await std.fill('1');
      await section(page).getByRole('alert').waitFor({ state: 'detached' });
    });
  });

  it('Apply reopens the model with crop and invert: the prediction changes', async () => {
    await step(log, async () => {
      const before = await probabilities(page);
      await section(page)
        .getByRole('button', { name: /^Apply/ })
        .click();
      await expect.poll(() => preprocessFact(page), { timeout: LONG }).toBe('unit, crop, inverted');
      await expectTop5(page);
      await expect.poll(() => probabilities(page), { timeout: LONG }).not.toEqual(before);
      await panel(page).screenshot({ path: join(SHOTS, 'preprocessing-applied.png') });
    });
  });

  it('a saved project reopens the model with its edited preprocessing', async () => {
    await step(log, async () => {
      const applied = await previewRed(page);
      const bar = page.getByRole('group', { name: 'Project' });
      await bar.getByRole('button', { name: 'Save as…' }).click({ timeout: LONG });
      await bar.getByLabel('Project name').fill('pp-crop-invert');
      await bar.getByRole('button', { name: 'Save project' }).click();
      await expect.poll(() => page.getByTestId('project-name').innerText(), { timeout: LONG }).toBe('pp-crop-invert');
      await page.reload();
      await page.getByLabel('Demo model').waitFor({ state: 'visible', timeout: LONG });
      await bar.getByRole('button', { name: 'Recent ▾' }).click({ timeout: LONG });
      await page.getByRole('menu', { name: 'Recent projects' }).getByRole('menuitem', { name: 'pp-crop-invert', exact: true }).first().click({ timeout: LONG });
      await expect.poll(() => preprocessFact(page), { timeout: LONG }).toBe('unit, crop, inverted');
      await section(page).locator('summary').click();
      expect(await section(page).getByLabel('Resize').inputValue()).toBe('crop');
      expect(
        await section(page)
          .getByRole('checkbox', { name: /Invert/ })
          .isChecked(),
      ).toBe(true);
      await expect.poll(async () => differing(await previewRed(page), applied), { timeout: LONG }).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'preprocessing-reopened.png') });
    });
  });
});
