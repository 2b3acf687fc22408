// Issue 18 item 7, in Chromium against the loopback host: the Explain button
// says what a run will cost before it starts (passes × the model's measured
// ms per pass); a running job shows its progress and ETA over the viewer; a
// cancel says "cancelled" and which method's map stays on screen.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo, runMethod } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';
const estimateMs = async (page: Page) => Number(await page.getByTestId('explain-estimate').getAttribute('data-ms'));

describe('long jobs: estimate, progress on the canvas, cancel (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    studio = await openStudio('long-jobs');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it('the Explain button shows an estimate before a run, warning above 30 s; the run takes about that long', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await page.getByLabel('Method', { exact: true }).selectOption('occlusion');
      const est = page.getByTestId('explain-estimate');
      await est.waitFor({ state: 'visible', timeout: LONG });
      expect(await est.innerText()).toMatch(/^ · ~\d/);
      const occlusionMs = await estimateMs(page);
      expect(occlusionMs).toBeGreaterThan(0);
      await runMethod(page, 'occlusion');
      const summary = await page.getByTestId('explain-summary').innerText();
      const actual = Number(/· (\d+) ms$/.exec(summary)?.[1]);
      console.log(`occlusion (default, 197 forward passes): estimate ${occlusionMs} ms, actual ${actual} ms`);
      expect(actual).toBeGreaterThan(0);
      // An estimate, not a promise: within a factor of 8 either way (the probe runs while the page is still loading).
      expect(occlusionMs / actual).toBeGreaterThan(1 / 8);
      expect(occlusionMs / actual).toBeLessThan(8);
      // RISE's default 4000 masks: 20× occlusion's passes, priced on the button and in the warning look.
      await page.getByLabel('Method', { exact: true }).selectOption('rise');
      await expect.poll(() => estimateMs(page), { timeout: LONG }).toBeGreaterThan(0);
      const button = page.getByRole('button', { name: 'Explain', exact: true });
      expect(await button.innerText()).toMatch(/^Explain · ~\d/);
      const riseMs = await estimateMs(page);
      console.log(`rise (default, 4000 forward passes): estimate ${riseMs} ms`);
      expect(riseMs / occlusionMs).toBeGreaterThan(5);
      expect(await button.getAttribute('class')).toMatch(riseMs > 30_000 ? /long-job/ : /^primary$/);
      // 100000 masks: 25× the passes. Past 30 s the button takes the warning look and the note says
      // "Long run" (the machine decides which side of 30 s it lands; both must agree with the estimate).
      const samples = page.getByLabel(/^samples\b/);
      await samples.fill('100000');
      await samples.press('Enter');
      await expect.poll(() => estimateMs(page), { timeout: LONG }).toBeGreaterThan(riseMs * 10);
      const bigMs = await estimateMs(page);
      console.log(`rise (100000 masks): estimate ${bigMs} ms`);
      expect(await button.getAttribute('class')).toMatch(bigMs > 30_000 ? /long-job/ : /^primary$/);
      if (bigMs > 30_000) expect(await page.getByTestId('explain-estimate-note').innerText()).toMatch(/^Long run: ~/);
      await page.getByRole('region', { name: 'Explain', exact: true }).screenshot({ path: join(SHOTS, 'long-jobs-warning.png') });
      await samples.fill('4000');
      await samples.press('Enter');
      await expect.poll(() => estimateMs(page)).toBe(riseMs);
      expect(await page.getByTestId('explain-estimate-note').innerText()).toMatch(/4000 forward passes in 125 calls/);
      await page.getByRole('region', { name: 'Explain', exact: true }).screenshot({ path: join(SHOTS, 'long-jobs-estimate.png') });
    });
  });

  it('during a RISE run a progress overlay with an ETA sits inside the viewer; cancel says "cancelled" and names the map on screen', async () => {
    await step(log, async () => {
      await runMethod(page, 'lime', { samples: 60 });
      await page.getByLabel('Method', { exact: true }).selectOption('rise');
      // 40000 masks: long enough on any machine to watch it and cancel it.
      const samples = page.getByLabel(/^samples\b/);
      await samples.fill('40000');
      await samples.press('Enter');
      await expect.poll(() => samples.inputValue()).toBe('40000');
      await page.getByRole('button', { name: 'Explain', exact: true }).click({ timeout: LONG });
      const overlay = page.getByTestId('canvas-progress');
      await overlay.waitFor({ state: 'visible', timeout: LONG });
      // A few progress events: the ETA comes from their rate.
      await expect.poll(() => page.getByTestId('canvas-progress-count').innerText(), { timeout: LONG, interval: 200 }).toMatch(/^([3-9]\d|\d{3,}) \/ 40000$/);
      expect(await page.getByTestId('canvas-progress-eta').innerText()).toMatch(/^about .+ left$/);
      expect(Number(await overlay.getAttribute('data-eta-ms'))).toBeGreaterThan(0);
      expect(await overlay.innerText()).toContain('RISE');
      const [o, s] = [await overlay.boundingBox(), await page.locator(STAGE).boundingBox()];
      expect(o && s).toBeTruthy();
      if (!o || !s) return;
      expect(o.x).toBeGreaterThanOrEqual(s.x);
      expect(o.y).toBeGreaterThanOrEqual(s.y);
      expect(o.x + o.width).toBeLessThanOrEqual(s.x + s.width);
      expect(o.y + o.height).toBeLessThanOrEqual(s.y + s.height);
      // Where the user is looking: inside the window without scrolling.
      expect(o.y + o.height).toBeLessThanOrEqual(page.viewportSize()?.height ?? 1000);
      // Clear of the previous map's colour bar (they overlapped in a narrow viewer).
      const bar = await page.locator('.viewer-foot [data-testid=colorbar]').boundingBox();
      expect(bar).toBeTruthy();
      if (!bar) return;
      const apart = o.x + o.width <= bar.x || bar.x + bar.width <= o.x || o.y + o.height <= bar.y || bar.y + bar.height <= o.y;
      expect(apart).toBe(true);
      await page.locator('.canvas-area').screenshot({ path: join(SHOTS, 'long-jobs-progress.png') });

      await page.getByRole('button', { name: 'Cancel RISE' }).click();
      const note = page.getByTestId('canvas-cancelled');
      await note.waitFor({ state: 'visible', timeout: LONG });
      expect(await note.innerText()).toMatch(/^RISE cancelled at \d+ \/ 40000 \(\d+%\) after .+ · showing LIME \(previous result\)/);
      expect(await page.getByTestId('explain-cancelled').innerText()).toMatch(/RISE cancelled at \d+ \/ 40000/);
      // The method box says RISE; the caption beside it names the map on screen.
      expect(await page.locator(STAGE).getAttribute('data-result-method')).toBe('lime');
      expect(await page.getByTestId('shown-map').innerText()).toBe('On the canvas: showing LIME (previous result)');
      await page.locator('.canvas-area').screenshot({ path: join(SHOTS, 'long-jobs-cancelled.png') });
      await page.screenshot({ path: join(SHOTS, 'long-jobs-page.png') });
    });
  });

  it('before the first progress event the overlay says what is starting and shows the estimate', async () => {
    await step(log, async () => {
      await page.getByLabel('Method', { exact: true }).selectOption('integrated-gradients');
      // 1024 steps: long enough on any machine for the overlay to be read before the map arrives.
      const steps = page.getByLabel(/^steps\b/);
      await steps.fill('1024');
      await steps.press('Enter');
      await page.getByRole('button', { name: 'Explain', exact: true }).click({ timeout: LONG });
      const overlay = page.getByTestId('canvas-progress');
      await overlay.waitFor({ state: 'visible', timeout: LONG });
      const text = await overlay.innerText();
      // Either still preparing (the named method, not "Starting…") or already counting steps.
      expect(text).not.toContain('Starting…');
      expect(text).toMatch(/Integrated Gradients/);
      expect(text).toMatch(/estimate ~/);
      await expect.poll(() => page.locator(STAGE).getAttribute('data-result-method'), { timeout: LONG }).toBe('integrated-gradients');
      await page.getByTestId('canvas-progress').waitFor({ state: 'detached', timeout: LONG });
    });
  });

  it('figure: RISE at its defaults, estimate vs actual time of one run', async () => {
    await step(log, async () => {
      await page.getByLabel('Method', { exact: true }).selectOption('rise'); // back to its defaults
      await expect.poll(() => estimateMs(page), { timeout: LONG }).toBeGreaterThan(0);
      const est = await estimateMs(page);
      await runMethod(page, 'rise');
      const actual = Number(/· (\d+) ms$/.exec(await page.getByTestId('explain-summary').innerText())?.[1]);
      console.log(`rise (default, 4000 forward passes): estimate ${est} ms, actual ${actual} ms`);
      expect(est / actual).toBeGreaterThan(1 / 8);
      expect(est / actual).toBeLessThan(8);
      // The next estimate of RISE is scaled by this run's actual / estimated.
      await expect.poll(() => estimateMs(page)).toBeGreaterThan(0.8 * actual);
      expect(await estimateMs(page)).toBeLessThan(1.2 * actual);
      expect(await page.getByTestId('explain-estimate-note').innerText()).toMatch(/last run$/);
    });
  });
});
