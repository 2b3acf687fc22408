// Issue 19 item 7 in Chromium against the loopback host: the trust card of
// the map on screen. Grad-CAM on the digits demo, "Check this map", four lines
// with a reading each; a new map marks the card out of date.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo, runMethod } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOT = join(ROOT, '.scratch', 'trust', 'card.png');
const LONG = 120_000;

describe('trust card (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    studio = await openStudio('trust-card');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it('Grad-CAM on the digits demo: four lines, each a value and a reading; a new map makes it stale', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runMethod(page, 'gradcam');
      await page.getByRole('button', { name: 'Check this map' }).click({ timeout: LONG });
      const card = page.getByTestId('trust-card');
      await card.waitFor({ state: 'visible', timeout: LONG });
      const lines = card.locator('li');
      expect(await lines.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-check')))).toEqual([
        'sparseness',
        'max-sensitivity',
        'random-logit',
        'fake-cam-adcc',
      ]);
      const text = await lines.allInnerTexts();
      expect(text[0]).toMatch(/^Sparseness \(Gini\) 0\.\d\d — (concentrated|moderately concentrated|diffuse)/);
      expect(text[1]).toMatch(/^Max-sensitivity \(10 samples\) \d\.\d\d — (stable under|changes by)/);
      expect(text[2]).toMatch(/class-sensitive|the same map for another class/);
      expect(text[3]).toMatch(/Fake-CAM/);
      expect(await card.getAttribute('data-stale')).toBe('false');
      await page.locator('section.trust-card').screenshot({ path: SHOT });
      await runMethod(page, 'saliency');
      await expect.poll(() => card.getAttribute('data-stale'), { timeout: LONG }).toBe('true');
    });
  });
});
