// Issue 18 item 8, in Chromium against the loopback host: the map's colour bar
// is readable (12 px labels, a 240+ px bar, a title with the method and class,
// ticks ending at the displayed min and max, the clipped end marked), and the
// overlay's alpha ramp leaves the image unchanged where the map is ~0.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGrid, downloadExport } from './compare-flow';
import { openDigitsDemo, runMethod } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const STAGE = '[data-testid=overlay-stage]';
const visible = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

/** RGBA of the heatmap layer's canvas (the stage's second canvas: image, heatmap, …). */
function heatCanvas(page: Page): Promise<{ width: number; height: number; data: number[] }> {
  return page.locator(STAGE).evaluate((root) => {
    const c = root.querySelectorAll('canvas')[1];
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: c.width, height: c.height, data: Array.from(d.data) };
  });
}

async function stageShot(page: Page, name: string): Promise<{ width: number; data: Buffer }> {
  const png = await page.locator(`${STAGE} .konvajs-content`).screenshot({ path: join(SHOTS, name) });
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, data };
}

describe('legible maps (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    studio = await openStudio('legibility');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it("Grad-CAM's colour bar: a title with the method and class, ticks from the displayed min to its max, 12 px labels, the clipped end marked", async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runMethod(page, 'gradcam');
      const bar = visible(page, 'colorbar');
      const lo = Number(await bar.getAttribute('data-lo'));
      const hi = Number(await bar.getAttribute('data-hi'));
      const ticks = bar.getByTestId('colorbar-tick');
      const values = (await ticks.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-value')), e.getAttribute('data-end')]))) as [
        number,
        string,
      ][];
      expect(values[0]).toEqual([lo, 'lo']);
      expect(values.at(-1)).toEqual([hi, 'hi']);
      expect(values.length).toBeGreaterThanOrEqual(3);
      // The end label prints the max (three significant digits), not a nice tick short of it.
      const shown = Number(await ticks.last().innerText()) * 10 ** Number(await bar.getAttribute('data-exponent'));
      expect(Math.abs(shown - hi)).toBeLessThanOrEqual(Math.abs(hi) * 0.005 + 1e-12);
      const fonts = await bar.locator('.cbar-label').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
      expect(Math.min(...fonts)).toBeGreaterThanOrEqual(12);
      // No two labels overlap.
      const boxes = await bar.locator('.cbar-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
      for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
      const canvas = await bar.locator('canvas').boundingBox();
      expect(canvas!.width).toBeGreaterThanOrEqual(240);
      expect(canvas!.height).toBeGreaterThanOrEqual(12);
      expect(await bar.getByTestId('colorbar-title').innerText()).toMatch(/^Grad-CAM · class '.+' \(\d+\)$/);
      expect(await bar.getByTestId('colorbar-unit').innerText()).toMatch(/^\|attribution\|( ×10[⁻⁰-⁹¹²³]+)?$/);
      // The display clips at the 99.5th percentile; Grad-CAM's peak is above it, so the top is saturated and says so.
      expect(await bar.getAttribute('data-saturated')).toBe('hi');
      expect(await bar.getByTestId('colorbar-saturation').innerText()).toMatch(/^≥ [\d.e+-]+ \(99\.5th pct\)$/);
      expect(await bar.locator('.cbar-end.hi.saturated').count()).toBe(1);
      await bar.screenshot({ path: join(SHOTS, 'legibility-colorbar.png') });
    });
  });

  it('the alpha ramp (default): where the map is ~0 the overlay is transparent and the image shows unchanged; flat opacity tints it', async () => {
    await step(log, async () => {
      const ramp = visible(page, 'alpha-ramp');
      expect(await ramp.isChecked()).toBe(true);
      const heatRamp = await heatCanvas(page);
      const withRamp = await stageShot(page, 'legibility-ramp.png');
      const overlayToggle = page.getByRole('group', { name: 'Overlay display' }).filter({ visible: true }).getByLabel('Overlay', { exact: true });
      await overlayToggle.uncheck();
      await page.waitForTimeout(300);
      const bare = await stageShot(page, 'legibility-no-overlay.png');
      await overlayToggle.check();
      await ramp.uncheck();
      await page.waitForTimeout(300);
      const heatFlat = await heatCanvas(page);
      const flat = await stageShot(page, 'legibility-flat.png');
      await ramp.check();

      // Map ≈ 0: on the flat overlay, viridis' lowest colour (68, 1, 84).
      const zero: number[] = [];
      for (let i = 0; i < heatFlat.width * heatFlat.height; i++) {
        const [r, g, b, a] = heatFlat.data.slice(4 * i, 4 * i + 4);
        if (a > 0 && Math.abs(r - 68) <= 2 && Math.abs(g - 1) <= 2 && Math.abs(b - 84) <= 2) zero.push(i);
      }
      expect(zero.length, 'pixels where the Grad-CAM map is ~0').toBeGreaterThan(500);
      expect(heatFlat.width).toBe(withRamp.width);
      const diff = (x: Buffer, y: Buffer, i: number) => Math.max(...[0, 1, 2].map((c) => Math.abs(x[4 * i + c] - y[4 * i + c])));
      const alphaRamp = zero.map((i) => heatRamp.data[4 * i + 3]);
      // A loop, not Math.max(...): the viewer is large enough for more ~0 pixels than a call takes arguments.
      expect(
        alphaRamp.reduce((m, a) => Math.max(m, a), 0),
        'heatmap alpha where the map is ~0',
      ).toBeLessThanOrEqual(2);
      const unchanged = zero.filter((i) => diff(withRamp.data, bare.data, i) <= 2).length;
      const tinted = zero.filter((i) => diff(flat.data, bare.data, i) > 10).length;
      expect(unchanged / zero.length, 'image unchanged under the ramp').toBeGreaterThan(0.99);
      expect(tinted / zero.length, 'flat opacity tints the same pixels').toBeGreaterThan(0.9);
    });
  });

  it('Compare: each cell has a titled bar ending at its max; the grid PNG and the HTML report carry every bar and target class', async () => {
    await step(log, async () => {
      const cells = await buildGrid(page, ['digit-3.png'], ['saliency', 'gradcam']);
      for (const cell of await cells.all()) {
        const bar = cell.getByTestId('colorbar');
        expect(await bar.getByTestId('colorbar-title').innerText()).toMatch(/ · class '3' \(3\)$/);
        const end = bar.getByTestId('colorbar-tick').last();
        expect(await end.getAttribute('data-value')).toBe(await bar.getAttribute('data-hi'));
        expect(await bar.getByTestId('colorbar-tick').count()).toBeGreaterThanOrEqual(3);
      }
      await page.getByTestId('compare-view').screenshot({ path: join(SHOTS, 'legibility-compare.png') });

      const png = await downloadExport(page, 'Grid PNG');
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      // One row of 224 px cells, each with a 72 px colour-bar band under it (it was 28 + 228 before).
      expect([info.width, info.height]).toEqual([160 + 2 * 228, 28 + 224 + 72 + 4]);
      const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
      const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) <= 4);
      const barY = 28 + 224 + 19 + 7;
      for (const x0 of [160, 160 + 228]) {
        expect(close(at(x0 + 15, barY), [68, 1, 84]), `viridis' low end at the left of the bar under the cell at ${x0}`).toBe(true);
        expect(close(at(x0 + 14 + 195, barY), [253, 231, 37]), `viridis' top at the right of the bar under the cell at ${x0}`).toBe(true);
      }
      await sharp(png).toFile(join(SHOTS, 'legibility-grid-export.png'));

      const html = (await downloadExport(page, 'Report HTML')).toString('utf8');
      expect((html.match(/<svg class="colorbar"/g) ?? []).length).toBe(2);
      expect((html.match(/<figcaption>Target: class &#39;3&#39; \(3\)<\/figcaption>/g) ?? []).length).toBe(2);
      expect(html).toContain('Grad-CAM · class &#39;3&#39; (3)');
    });
  });
});
