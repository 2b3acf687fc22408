// Issue 18, items 3 and 4, in Chromium against the loopback host: each map
// opens in the sign mode its values call for unless the user pinned one; the
// map on the canvas is marked out of date while a job computes the next one;
// after a change of model the study results say where they came from (or go).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo, runMethod } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';
/** The single view's controls (the Compare tab keeps its own, hidden, in the page). */
const visible = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });
const signRadio = (page: Page, name: '|abs|' | '± signed') =>
  page.getByRole('radiogroup', { name: 'Attribution sign' }).filter({ visible: true }).getByRole('radio', { name });
const checkedMode = async (page: Page) => ((await signRadio(page, '|abs|').getAttribute('aria-checked')) === 'true' ? 'abs' : 'signed');
const colormap = (page: Page) => page.getByLabel('Colormap').filter({ visible: true }).inputValue();

describe('display mode and stale results (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    studio = await openStudio('stale');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it('IG opens ± signed on diverging; SmoothGrad after it opens |abs| on a sequential colormap with a bar from ≥ 0', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runMethod(page, 'integrated-gradients', { steps: 16 });
      expect([await checkedMode(page), await colormap(page)]).toEqual(['signed', 'diverging']);
      await runMethod(page, 'smoothgrad', { samples: 8 });
      expect(await checkedMode(page)).toBe('abs');
      expect(await colormap(page)).toBe('viridis');
      const bar = visible(page, 'colorbar');
      expect(await bar.getAttribute('data-colormap')).toBe('viridis');
      expect(Number(await bar.getAttribute('data-lo'))).toBeGreaterThanOrEqual(0);
      expect(await visible(page, 'sign-mode').getAttribute('data-pinned')).toBe('false');
      await page.locator('.canvas-area').screenshot({ path: join(SHOTS, 'display-stale-auto-abs.png') });
    });
  });

  it('a mode the user clicks is pinned across maps until "Auto"', async () => {
    await step(log, async () => {
      await signRadio(page, '± signed').click();
      await visible(page, 'mode-pinned').waitFor({ state: 'visible', timeout: LONG });
      await runMethod(page, 'gradcam');
      expect(await checkedMode(page)).toBe('signed');
      expect(await visible(page, 'sign-mode').getAttribute('data-pinned')).toBe('true');
      await page
        .getByRole('group', { name: 'Overlay display' })
        .filter({ visible: true })
        .screenshot({ path: join(SHOTS, 'display-stale-pinned.png') });
      await visible(page, 'mode-unpin').click();
      // Grad-CAM's map is 0…max: automatic gives |abs| at once.
      await expect.poll(() => checkedMode(page)).toBe('abs');
      expect(await visible(page, 'sign-mode').getAttribute('data-pinned')).toBe('false');
    });
  });

  it('while a job runs the old map is marked "out of date — computing…"; a cancel unmarks it', async () => {
    await step(log, async () => {
      await page.getByLabel('Method', { exact: true }).selectOption('rise');
      // 100000 masks: still running at Cancel on any machine (RISE's default
      // 4000 on the digits model finished before Cancel on a fast CI machine).
      const samples = page.getByLabel(/^samples\b/);
      await samples.fill('100000');
      await samples.press('Enter');
      await expect.poll(() => samples.inputValue()).toBe('100000');
      await page.getByRole('button', { name: 'Explain', exact: true }).click({ timeout: LONG });
      const marker = page.getByTestId('stale-marker');
      await marker.waitFor({ state: 'visible', timeout: LONG });
      expect(await marker.innerText()).toBe('out of date — computing…');
      expect(await page.locator(STAGE).getAttribute('data-result-stale')).toBe('computing');
      expect(await page.locator(STAGE).getAttribute('data-result-method')).toBe('gradcam');
      await page.locator('.canvas-area').screenshot({ path: join(SHOTS, 'display-stale-computing.png') });
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await marker.waitFor({ state: 'detached', timeout: LONG });
      expect(await page.locator(STAGE).getAttribute('data-result-stale')).toBe('');
    });
  });

  it('after switching to the chest demo: the map is gone, the class model is cleared, the sanity result says it is from the digits model', async () => {
    await step(log, async () => {
      const image = (await page.getByTestId('image-name').innerText()).trim();
      // A cascading sanity check on the digit, and a short class-model run.
      await page.getByRole('tab', { name: 'Evaluate' }).click();
      const view = page.getByRole('region', { name: 'Evaluate' });
      await view.getByRole('button', { name: 'Run sanity check' }).click({ timeout: LONG });
      await view.getByTestId('sanity-plot').waitFor({ state: 'visible', timeout: LONG });
      const source = view.getByTestId('sanity-source');
      expect(await source.getAttribute('data-stale')).toBe('false');
      expect(await source.getByRole('note').innerText()).toBe(`Results from Digits CNN (demo) on ${image}`);
      await page.getByRole('tab', { name: 'Explore' }).click();
      const cm = page.getByRole('region', { name: 'Class model' });
      await cm.getByRole('button', { name: 'Start', exact: true }).click({ timeout: LONG });
      await expect.poll(() => cm.getByTestId('cm-step').innerText().then(Number), { timeout: LONG, interval: 100 }).toBeGreaterThan(0);

      const picker = page.getByLabel('Demo model');
      await picker.selectOption((await picker.locator('option', { hasText: /chest/i }).first().getAttribute('value')) ?? '');
      await expect.poll(() => page.getByTestId('model-name').innerText(), { timeout: LONG }).toMatch(/Chest/);
      await expect.poll(() => page.locator(STAGE).getAttribute('data-result-method'), { timeout: LONG }).toBe('');
      // The class model's image and chart belonged to the digits model: gone, and they stay gone after its run ends.
      await expect.poll(() => cm.getByTestId('cm-status').innerText(), { timeout: LONG }).toBe('idle');
      await page.waitForTimeout(500);
      expect(await cm.getByTestId('cm-status').innerText()).toBe('idle');
      expect(await cm.getByTestId('cm-step').innerText()).toBe('0');
      expect(await cm.getByTestId('cm-source').count()).toBe(0);
      // The sanity result stays (it took a while) but says whose it is.
      await page.getByRole('tab', { name: 'Evaluate' }).click();
      expect(await source.getAttribute('data-stale')).toBe('true');
      expect(await source.getByRole('note').innerText()).toBe(
        `Out of date: Results from Digits CNN (demo) on ${image}; the open model is Chest phantom CNN (demo)`,
      );
      await view.screenshot({ path: join(SHOTS, 'display-stale-evaluate.png') });
      await page.getByRole('tab', { name: 'Explore' }).click();
    });
  });
});
