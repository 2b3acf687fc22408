// Issue 18, item 9, in Chromium against the loopback host: the frame at two
// window sizes. After a demo model, an image and one method run, the viewer,
// the top classes, the Explain button and its result summary are on screen
// without scrolling, the page itself does not scroll, the viewer takes most of
// the window (and the colour bar does not shrink it), the header stays one
// line, and Escape closes the Recent popover.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo, runMethod } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const STAGE = '[data-testid=overlay-stage]';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'element is rendered').not.toBeNull();
  return b as Box;
}

/** Whole box inside the window (1 px of rounding allowed). */
function expectInside(b: Box, w: number, h: number, what: string): void {
  expect(b.x, `${what} left`).toBeGreaterThanOrEqual(-1);
  expect(b.y, `${what} top`).toBeGreaterThanOrEqual(-1);
  expect(b.x + b.width, `${what} right`).toBeLessThanOrEqual(w + 1);
  expect(b.y + b.height, `${what} bottom`).toBeLessThanOrEqual(h + 1);
}

const pageScroll = (page: Page) =>
  page.evaluate(() => ({ scrollHeight: document.scrollingElement?.scrollHeight ?? 0, innerHeight: window.innerHeight, innerWidth: window.innerWidth }));

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  describe(`the window at ${width}×${height} (web host in Chromium)`, () => {
    let studio: Studio;
    let page: Page;
    let log: string[];

    beforeAll(async () => {
      studio = await openStudio(`layout-${width}`, { viewport: { width, height } });
      ({ page, log } = studio);
    });

    afterAll(async () => studio?.close());

    it('viewer, top classes, Explain and its summary are on screen; the page does not scroll; the viewer is most of the window', async () => {
      await step(log, async () => {
        await openDigitsDemo(page);
        const stage = page.locator(STAGE);
        const before = await boxOf(stage);
        await runMethod(page, 'gradcam');
        await page.getByTestId('explain-summary').waitFor({ state: 'visible' });
        await page.getByTestId('colorbar').filter({ visible: true }).first().waitFor({ state: 'visible' });
        // The canvas may settle one frame after the colour bar appears.
        await page.waitForTimeout(300);

        const viewer = await boxOf(stage);
        const canvas = await boxOf(page.locator(`${STAGE} canvas`).first());
        const top = await boxOf(page.getByRole('table', { name: 'Top-5 classes' }));
        const explain = await boxOf(page.getByRole('button', { name: 'Explain', exact: true }));
        const summary = await boxOf(page.getByTestId('explain-summary'));
        for (const [b, what] of [
          [viewer, 'viewer'],
          [canvas, 'viewer canvas'],
          [top, 'top classes'],
          [explain, 'Explain button'],
          [summary, 'result summary'],
        ] as const)
          expectInside(b, width, height, what);

        const scroll = await pageScroll(page);
        expect(scroll.innerHeight).toBe(height);
        expect(scroll.scrollHeight).toBeLessThanOrEqual(scroll.innerHeight);
        expect(viewer.width / width).toBeGreaterThanOrEqual(0.5);
        expect(viewer.height / height).toBeGreaterThanOrEqual(0.7);
        // The colour bar sits over the viewer: the viewer is as large as before the first map.
        expect(Math.abs(viewer.height - before.height)).toBeLessThanOrEqual(1);
        expect(Math.abs(viewer.width - before.width)).toBeLessThanOrEqual(1);
        // The canvas fills its box (it is sized to the container, not a fixed height).
        expect(canvas.height).toBeGreaterThanOrEqual(viewer.height - 4);

        const header = await boxOf(page.locator('header.header'));
        const saveAs = await boxOf(page.getByRole('button', { name: 'Save as…' }));
        expect(header.height, 'header is one line').toBeLessThanOrEqual(56);
        expect(saveAs.height, '"Save as…" does not wrap').toBeLessThanOrEqual(36);
        expectInside(saveAs, width, height, 'Save as…');

        console.log(
          `layout ${width}×${height}: viewer ${Math.round(viewer.width)}×${Math.round(viewer.height)} ` +
            `(${((100 * viewer.width) / width).toFixed(0)}% × ${((100 * viewer.height) / height).toFixed(0)}%), ` +
            `top classes bottom ${Math.round(top.y + top.height)}, Explain bottom ${Math.round(explain.y + explain.height)}, ` +
            `summary bottom ${Math.round(summary.y + summary.height)}, header ${Math.round(header.height)} px, ` +
            `scrollHeight ${scroll.scrollHeight}/${scroll.innerHeight}`,
        );
        await page.screenshot({ path: join(SHOTS, `layout-${width}.png`) });
      });
    });

    it('the longest forms (Integrated Gradients, SmoothGrad) keep Explain and the summary on screen', async () => {
      await step(log, async () => {
        for (const id of ['integrated-gradients', 'smoothgrad']) {
          await runMethod(page, id, id === 'smoothgrad' ? { samples: 4 } : { steps: 8 });
          await page.getByTestId('explain-summary').waitFor({ state: 'visible' });
          const explain = await boxOf(page.getByRole('button', { name: 'Explain', exact: true }));
          const summary = await boxOf(page.getByTestId('explain-summary'));
          expectInside(explain, width, height, `${id}: Explain button`);
          expectInside(summary, width, height, `${id}: result summary`);
          expect((await pageScroll(page)).scrollHeight, `${id}: the page does not scroll`).toBeLessThanOrEqual(height);
          console.log(
            `layout ${width}×${height} ${id}: Explain bottom ${Math.round(explain.y + explain.height)}, summary bottom ${Math.round(summary.y + summary.height)}`,
          );
        }
        await page.screenshot({ path: join(SHOTS, `layout-${width}-ig.png`) });
      });
    });

    it('Escape closes the Recent popover', async () => {
      await step(log, async () => {
        await page.getByRole('button', { name: 'Recent ▾' }).click();
        const menu = page.getByRole('menu', { name: 'Recent projects' });
        await menu.waitFor({ state: 'visible' });
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'detached', timeout: 2000 });
        expect(await page.getByRole('button', { name: 'Recent ▾' }).getAttribute('aria-expanded')).toBe('false');
      });
    });

    it('the engine details open from the header badge in a dialog and close with Escape', async () => {
      await step(log, async () => {
        expect(await page.getByRole('region', { name: 'Engine' }).count(), 'no Engine panel in the rail').toBe(0);
        await page.getByTestId('backend-badge').click();
        const dialog = page.getByRole('dialog', { name: 'Engine' });
        await dialog.waitFor({ state: 'visible' });
        expect(await dialog.getByRole('list', { name: 'Backend ladder, best first' }).locator('li').count()).toBeGreaterThan(0);
        if (width === 1280) await page.screenshot({ path: join(SHOTS, 'layout-1280-engine.png') });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached', timeout: 2000 });
      });
    });

    it('the Compare and Evaluate views fit the same frame: the page still does not scroll', async () => {
      await step(log, async () => {
        for (const name of ['Compare', 'Evaluate'] as const) {
          await page.getByRole('tab', { name }).click();
          await page.getByRole('tabpanel', { name }).waitFor({ state: 'visible' });
          const scroll = await pageScroll(page);
          expect(scroll.scrollHeight, name).toBeLessThanOrEqual(scroll.innerHeight);
          if (width === 1280) await page.screenshot({ path: join(SHOTS, `layout-1280-${name.toLowerCase()}.png`) });
        }
        await page.getByRole('tab', { name: 'Explore' }).click();
      });
    });

    it('folding the inputs rail widens the viewer; unfolding restores it', async () => {
      await step(log, async () => {
        const stage = page.locator(STAGE);
        const open = await boxOf(stage);
        const toggle = page.getByRole('button', { name: 'Inputs' });
        await toggle.click();
        await page.waitForTimeout(300);
        const folded = await boxOf(stage);
        expect(folded.width - open.width).toBeGreaterThan(150);
        expect(await page.getByLabel('Demo model').isVisible()).toBe(false);
        if (width === 1280) await page.screenshot({ path: join(SHOTS, 'layout-1280-folded.png') });
        await page.getByRole('button', { name: 'Show inputs' }).click();
        await page.waitForTimeout(300);
        expect(Math.abs((await boxOf(stage)).width - open.width)).toBeLessThanOrEqual(1);
      });
    });

    it('several errors collapse into one banner with a count, over the frame; "Dismiss all" clears them', async () => {
      await step(log, async () => {
        const stage = page.locator(STAGE);
        const before = await boxOf(stage);
        const bogus = join(studio.scratch, 'not-a-model.json');
        await writeFile(bogus, '{"hello": 1}');
        const input = page.getByTestId('model-file-input');
        await input.setInputFiles(bogus);
        await page.getByRole('alert').first().waitFor({ state: 'visible', timeout: 60_000 });
        await input.setInputFiles(bogus);
        await expect.poll(() => page.getByTestId('errors').getAttribute('data-count'), { timeout: 60_000 }).toBe('2');
        expect(await page.getByRole('alert').count()).toBe(1);
        const more = page.getByRole('button', { name: '+ 1 earlier error' });
        await more.waitFor({ state: 'visible' });
        // The banner floats over the frame: the viewer keeps its size.
        expect(Math.abs((await boxOf(stage)).height - before.height)).toBeLessThanOrEqual(1);
        if (width === 1280) await page.screenshot({ path: join(SHOTS, 'layout-1280-errors.png') });
        await more.click();
        expect(await page.getByRole('alert').count()).toBe(2);
        await page.getByRole('button', { name: 'Dismiss all' }).click();
        await page.getByTestId('errors').waitFor({ state: 'detached', timeout: 2000 });
      });
    });
  });
}
