// Reading tools on a real radiograph (issue 20, items 2 and 3): the chest demo
// model on the NEMA WG04 CR hip (1760×2140, Pixel Spacing 0.2\0.2 mm), Grad-CAM
// drawn at film resolution, a distance measurement read in mm from the
// calibrated Pixel Spacing, the thresholded-area read-out, the window read-out
// during a right-drag, and the side-by-side view whose three panes share one
// zoom and pan.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { openChestDemo, runMethod } from './flow';
import { openStudio, ROOT, step as logged, type Studio } from './harness';

const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';
const SHOTS = join(ROOT, '.scratch');
const SPACING = 0.2; // mm, the file's Pixel Spacing (0028,0030)

describe.skipIf(!HAVE_SHARED)('reading tools', () => {
  let studio: Studio;
  const step = (what: () => Promise<void>) => logged(studio.log, what);
  beforeAll(async () => {
    studio = await openStudio('reading-tools');
  });
  afterAll(async () => studio?.close());

  it('film-resolution Grad-CAM, a distance in mm, the hot area, W/L read-out, side by side', async () => {
    const { page } = studio;
    const stage = page.locator(STAGE);
    await step(async () => {
      await openChestDemo(page);
      await page.getByTestId('image-file-input').setInputFiles(shared('dicom', 'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm'));
      await expect.poll(() => stage.getAttribute('data-image-size'), { timeout: LONG }).toBe('1760×2140');
      await runMethod(page, 'gradcam');
    });

    await step(async () => {
      // The map is upsampled to the display level (not drawn at 96×96), and the legend says so.
      const [fw, fh] = ((await stage.getAttribute('data-film-size')) ?? '').split('×').map(Number);
      const [lw, lh] = ((await stage.getAttribute('data-level-size')) ?? '').split('×').map(Number);
      // The full image is the model's region (stretch): the field is the display level's size.
      expect([fw, fh]).toEqual([lw, lh]);
      expect(fw).toBeGreaterThan(96);
      const legend = (await page.getByTestId('colorbar').first().getAttribute('aria-label')) ?? '';
      expect(legend).toMatch(new RegExp(`Map computed at 96×96, shown bilinear at ${fw}×${fh}`));
      expect(await page.getByTestId('colorbar-note').first().innerText()).toBe(`Map computed at 96×96, shown bilinear at ${fw}×${fh}`);
      await expect.poll(() => page.getByTestId('spacing-note').innerText()).toBe('0.2 × 0.2 mm (row × column) from Pixel Spacing, calibrated.');
    });

    await step(async () => {
      // Window/level read-out while right-dragging, gone after release.
      const box = await stage.boundingBox();
      if (!box) throw new Error('no stage');
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(x, y);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(x + 80, y + 40, { steps: 4 });
      const readout = page.getByTestId('wl-readout');
      await expect.poll(() => readout.innerText({ timeout: 2000 }).catch(() => ''), { timeout: LONG }).toMatch(/^W \d+ L \d+$/);
      const w = Math.round(Number(await stage.getAttribute('data-window-width')));
      const c = Math.round(Number(await stage.getAttribute('data-window-center')));
      expect(await readout.innerText()).toBe(`W ${w} L ${c}`);
      await page.screenshot({ path: join(SHOTS, 'rt-wl-readout.png') });
      await page.mouse.up({ button: 'right' });
      await expect.poll(() => readout.count()).toBe(0);
      await page.keyboard.press('r');
    });

    await step(async () => {
      // A distance: 300 screen px across at the fitted scale is 300 / scale image px × 0.2 mm.
      await page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Distance' }).click();
      const box = await stage.boundingBox();
      if (!box) throw new Error('no stage');
      const scale = Number(await stage.getAttribute('data-view-scale'));
      const [x0, y0] = [box.x + box.width / 2 - 150, box.y + box.height * 0.4];
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x0 + 150, y0, { steps: 5 });
      await page.mouse.move(x0 + 300, y0, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => stage.getAttribute('data-measure-count')).toBe('1');
      const mm = (300 / scale) * SPACING;
      const item = page.getByTestId('measure-list').locator('li').first();
      expect(await item.locator('output').innerText()).toBe(`${mm.toFixed(mm >= 100 ? 1 : 2)} mm`);
    });

    await step(async () => {
      // The hot area: above 50 % of the range (threshold off); its mm² is its px² × 0.2².
      const hot = page.getByTestId('hot-area');
      await hot.waitFor({ state: 'visible', timeout: LONG });
      const px = Number(await hot.getAttribute('data-area-px'));
      const mm2 = Number(await hot.getAttribute('data-area-mm2'));
      expect(px).toBeGreaterThan(0);
      expect(mm2).toBeCloseTo(px * SPACING * SPACING, 6);
      expect(await hot.innerText()).toMatch(/Share of the map/);
      // A drawn area becomes the region the share is of.
      await page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Area' }).click();
      const box = await stage.boundingBox();
      if (!box) throw new Error('no stage');
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
      for (const [dx, dy] of [
        [-120, -160],
        [120, -160],
        [120, 160],
      ])
        await page.mouse.click(cx + dx, cy + dy);
      await page.mouse.dblclick(cx - 120, cy + 160);
      await expect.poll(() => stage.getAttribute('data-measure-count')).toBe('2');
      await expect.poll(() => hot.innerText()).toMatch(/Share of drawn area/);
      const share = Number(await hot.getAttribute('data-share'));
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
      const area = page.getByTestId('measure-list').locator('li').nth(1).locator('output');
      // 240 × 320 screen px → (240 / scale) × (320 / scale) image px × 0.04 mm².
      const scale = Number(await stage.getAttribute('data-view-scale'));
      const expected = (240 / scale) * (320 / scale) * SPACING * SPACING;
      expect(Number.parseFloat(await area.innerText())).toBeCloseTo(expected, expected >= 100 ? 0 : 1);
      await page.screenshot({ path: join(SHOTS, 'rt-measure.png') });
      await page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Pan' }).click();
    });

    await step(async () => {
      // Threshold contours traced on the film field; the hot area follows the overlay's threshold.
      const visible = (l: ReturnType<typeof page.locator>) => l.filter({ visible: true });
      await visible(page.getByLabel('Threshold', { exact: true })).check();
      await visible(page.getByTestId('contours-toggle')).check();
      await expect.poll(() => stage.getAttribute('data-contour-count').then(Number), { timeout: LONG }).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('hot-area').innerText()).not.toMatch(/threshold off/);
      // Zoomed far in on the hot edge: the fill and its contour stay smooth and together.
      const box = await stage.boundingBox();
      if (!box) throw new Error('no stage');
      await page.mouse.move(box.x + box.width * 0.78, box.y + box.height * 0.4);
      for (let i = 0; i < 14; i++) await page.mouse.wheel(0, -100);
      await expect.poll(() => stage.getAttribute('data-view-scale').then(Number)).toBeGreaterThan(1);
      await page.screenshot({ path: join(SHOTS, 'rt-film-zoom.png') });
      await page.keyboard.press('0');
    });

    await step(async () => {
      // Side by side: three panes, one zoom: a wheel over the map pane scales all three alike.
      await page.getByTestId('side-by-side-toggle').click();
      const panes = page.getByTestId('side-pane');
      await expect.poll(() => panes.count(), { timeout: LONG }).toBe(3);
      expect(await panes.evaluateAll((els) => els.map((e) => e.getAttribute('data-pane')))).toEqual(['original', 'overlay', 'map']);
      const stages = page.locator('[data-testid=side-pane] .side-stage');
      const transforms = () =>
        stages.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-scale')} ${e.getAttribute('data-x')} ${e.getAttribute('data-y')}`));
      await expect.poll(async () => new Set(await transforms()).size).toBe(1);
      const before = Number((await transforms())[0].split(' ')[0]);
      const map = await stages.nth(2).boundingBox();
      if (!map) throw new Error('no map pane');
      await page.mouse.move(map.x + map.width * 0.4, map.y + map.height * 0.4);
      for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100);
      await expect.poll(async () => Number((await transforms())[0].split(' ')[0])).toBeCloseTo(before * 1.15 ** 4, 3);
      expect(new Set(await transforms()).size).toBe(1);
      // A drag on the original pane pans all three.
      const orig = await stages.nth(0).boundingBox();
      if (!orig) throw new Error('no pane');
      const x1 = (await transforms())[0].split(' ')[1];
      await page.mouse.move(orig.x + orig.width / 2, orig.y + orig.height / 2);
      await page.mouse.down();
      await page.mouse.move(orig.x + orig.width / 2 + 60, orig.y + orig.height / 2, { steps: 4 });
      await page.mouse.up();
      await expect.poll(async () => (await transforms())[0].split(' ')[1]).not.toBe(x1);
      expect(new Set(await transforms()).size).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'rt-side-by-side.png') });
      // Right-drag on a pane: the window changes, read out on the image until release.
      const w0 = Number(await stage.getAttribute('data-window-width'));
      await page.mouse.move(orig.x + orig.width / 2, orig.y + orig.height / 2);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(orig.x + orig.width / 2 + 60, orig.y + orig.height / 2 + 30, { steps: 4 });
      const readout = page.getByTestId('wl-readout');
      await expect.poll(() => readout.innerText({ timeout: 2000 }).catch(() => ''), { timeout: LONG }).toMatch(/^W \d+ L \d+$/);
      await page.mouse.up({ button: 'right' });
      await expect.poll(() => readout.count()).toBe(0);
      expect(Number(await stage.getAttribute('data-window-width'))).toBeGreaterThan(w0);
      // Back to the single view: the stage is shown again.
      await page.getByTestId('side-by-side-toggle').click();
      await expect.poll(() => panes.count()).toBe(0);
      await expect.poll(() => stage.isVisible()).toBe(true);
    });
  });
});
