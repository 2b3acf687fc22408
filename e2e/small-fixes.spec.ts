// Issue 18 item 10, in Chromium against the loopback host: the app opens on
// the first demo (no "No demos available." flash, no dirty mark); the theme
// button names the other theme; a method's fill is a dropdown; a finished
// class-model run frees Start and its chart has axes; Evaluate with a model
// of one's own runs on the current image, offers the substrates, names the
// methods and never crowns a control; a DICOM's window width is its own; the
// compare cell's read-out is labelled and its Cancel legible; the masks
// export as one zip.
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGrid, openCompareTab } from './compare-flow';
import { inkStroke, openDigitsSample, paintMaskAndLog } from './flow';
import { openStudio, ROOT, step, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;
const DIGITS = join(ROOT, 'resources', 'demo', 'digits');
const MR_1600 = join(ROOT, '..', 'shared', 'data', 'dicom', 'pydicom_MR_small_RLE.dcm'); // WC/WW 600/1600

/** "rgb(r, g, b)" → "#rrggbb". */
const hex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((v) => Number(v).toString(16).padStart(2, '0'))
    .join('')}`;

/** WCAG 2 contrast ratio of two #rrggbb colours (as tools/theme.ts, which the node project does not include). */
function contrastRatio(a: string, b: string): number {
  const lum = (h: string) => {
    const [r, g, bl] = [1, 3, 5].map((k) => {
      const c = parseInt(h.slice(k, k + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('small fixes (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    studio = await openStudio('small', { query: '&start=demo' });
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  it('opens on the first demo model and its first image, without "No demos available." or "Untitled •" on the way', async () => {
    await step(log, async () => {
      // A second page that watches the start from its first script.
      const watched = await studio.browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await watched.addInitScript(() => {
        const seen = { noDemos: false, dirty: false };
        (window as unknown as { __seen: typeof seen }).__seen = seen;
        new MutationObserver(() => {
          if (document.body?.innerText.includes('No demos available.')) seen.noDemos = true;
          if (document.querySelector('[data-testid=project-name][data-dirty=true]')) seen.dirty = true;
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      await watched.goto(`${studio.server.url}&start=demo`);
      // The first demo listed (the chest phantom comes first), with its first sample.
      await expect.poll(() => watched.getByTestId('model-name').innerText(), { timeout: LONG }).toMatch(/\(demo\)$/);
      expect(await watched.getByLabel('Demo model').inputValue()).not.toBe('');
      await expect.poll(() => watched.getByTestId('image-name').innerText(), { timeout: LONG }).toMatch(/\.(png|dcm)$/);
      // Its prediction is in (the chest phantom has 2 classes, so fewer than 5 rows).
      const rows = watched.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: LONG }).toBeGreaterThanOrEqual(2);
      await watched.waitForTimeout(500);
      expect(await watched.evaluate(() => (window as unknown as { __seen: unknown }).__seen)).toEqual({ noDemos: false, dirty: false });
      expect(await watched.getByTestId('project-name').innerText()).toBe('Untitled');
      await watched.locator('.header').screenshot({ path: join(SHOTS, 'small-fixes-start.png') });
      await watched.close();
      // The spec's own page opened the same way.
      await expect.poll(() => page.getByTestId('model-name').innerText(), { timeout: LONG }).toMatch(/\(demo\)$/);
      await expect.poll(() => page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr').count(), { timeout: LONG }).toBeGreaterThanOrEqual(2);
    });
  });

  it('the theme button reads differently in each theme: it names the theme it switches to', async () => {
    await step(log, async () => {
      const button = page.getByTestId('theme-toggle');
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? '');
      const first = { theme: await theme(), text: (await button.innerText()).trim() };
      await button.click();
      await expect.poll(theme).not.toBe(first.theme);
      const second = (await button.innerText()).trim();
      expect(second).not.toBe(first.text);
      expect(first.text).toMatch(first.theme === 'dark' ? /Light theme/ : /Dark theme/);
      await button.click();
      await expect.poll(theme).toBe(first.theme);
    });
  });

  it("a method's fill is the masking lab's dropdown (with a colour), not free text", async () => {
    await step(log, async () => {
      await page.getByLabel('Method', { exact: true }).selectOption('occlusion');
      const fill = page.getByLabel(/^fill\b/);
      await fill.waitFor({ state: 'visible', timeout: LONG });
      expect(await fill.evaluate((e) => e.tagName)).toBe('SELECT');
      const options = await fill.locator('option').allInnerTexts();
      expect(options).toEqual(expect.arrayContaining(['zero', 'mean', 'blur', 'noise', 'colour…']));
      await fill.selectOption('colour');
      await page.getByLabel('Fill colour').first().waitFor({ state: 'visible', timeout: LONG });
      await fill.selectOption('blur');
    });
  });

  it('a class-model run that reached its steps leaves Start enabled; its chart has labelled axes', async () => {
    await step(log, async () => {
      const cm = page.getByRole('region', { name: 'Class model' });
      await cm.getByLabel('class model steps').fill('10');
      await cm.getByRole('button', { name: 'Start', exact: true }).click({ timeout: LONG });
      await expect.poll(() => cm.getByTestId('cm-status').innerText(), { timeout: LONG, interval: 200 }).toMatch(/^done/);
      expect(await cm.getByRole('button', { name: 'Start', exact: true }).isEnabled()).toBe(true);
      const chart = cm.getByTestId('cm-chart');
      const plot = (await chart.locator('.recharts-wrapper').boundingBox())!;
      expect(plot.width).toBeGreaterThanOrEqual(400);
      expect(plot.height).toBeGreaterThanOrEqual(200);
      expect(await chart.locator('.recharts-cartesian-axis').count()).toBe(3); // step, S_c, p
      expect(await chart.innerText()).toMatch(/step[\s\S]*S_c[\s\S]*p\(class\)|S_c[\s\S]*step/);
      await chart.screenshot({ path: join(SHOTS, 'small-fixes-class-model-chart.png') });
      // Start again replaces the finished run.
      await cm.getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => cm.getByTestId('cm-status').innerText(), { timeout: LONG, interval: 200 }).toMatch(/^done/);
      await cm.getByRole('button', { name: 'Stop', exact: true }).click();
    });
  });

  it('Evaluate with a model of its own files: the current image, a substrate choice, names, and no crowned control', async () => {
    await step(log, async () => {
      await page.getByTestId('model-file-input').setInputFiles([join(DIGITS, 'model.json'), join(DIGITS, 'weights.bin'), join(DIGITS, 'saliency-studio.json')]);
      await expect.poll(() => page.getByLabel('Demo model').inputValue(), { timeout: LONG }).toBe('');
      await page.getByRole('tab', { name: 'Evaluate' }).click();
      const view = page.getByRole('region', { name: 'Evaluate' });
      const images = view.getByLabel('Images to evaluate');
      await expect.poll(() => images.inputValue(), { timeout: LONG }).toBe('current');
      const run = view.getByRole('button', { name: 'Run evaluation' });
      expect(await run.isEnabled()).toBe(true);
      await view.getByLabel('Deletion/insertion steps').fill('4');
      await view.getByLabel('Deletion substrate').selectOption('mean');
      expect(await view.getByLabel('Insertion substrate').inputValue()).toBe('blur');
      await run.click();
      const table = view.getByTestId('evaluate-table');
      await table.waitFor({ state: 'visible', timeout: LONG });
      const heads = await table.locator('tbody th').allInnerTexts();
      expect(heads.map((h) => h.trim())).toEqual(['Grad-CAM', 'Fake-CAM (control)']);
      // Fake-CAM's Average Drop is the column's lowest, yet not marked best; Grad-CAM's is.
      const fakeAd = table.getByTestId('cell-fake-cam-average-drop');
      const gradAd = table.getByTestId('cell-gradcam-average-drop');
      expect(Number((await fakeAd.innerText()).split(' ')[0])).toBeLessThanOrEqual(Number((await gradAd.innerText()).split(' ')[0]));
      expect(await fakeAd.getAttribute('data-best')).toBeNull();
      expect(await gradAd.getAttribute('data-best')).toBe('true');
      expect(await table.locator('tr[data-control] td[data-best]').count()).toBe(0);
      expect(await view.getByTestId('curve-deletion').innerText()).toMatch(/substrate mean/);
      expect(await view.getByTestId('curve-insertion').innerText()).toMatch(/substrate blur/);
      await view.screenshot({ path: join(SHOTS, 'small-fixes-evaluate.png') });
      await page.getByRole('tab', { name: 'Explore' }).click();
    });
  });

  it('a DICOM with WC/WW 600/1600 shows width 1600 (not 1599)', async () => {
    await step(log, async () => {
      await page.getByTestId('image-file-input').setInputFiles(MR_1600);
      await expect.poll(() => page.getByTestId('image-name').innerText(), { timeout: LONG }).toMatch(/MR_small/);
      const panel = page.getByRole('region', { name: 'Display window' });
      const width = panel.locator('output').nth(1);
      await expect.poll(() => width.innerText(), { timeout: LONG }).toBe('1600');
      expect(await panel.locator('output').first().innerText()).toBe('600');
    });
  });

  it('compare: the cell read-out is labelled; the cell Cancel is legible on its strip', async () => {
    await step(log, async () => {
      const cells = await buildGrid(page, ['digit-3.png'], ['saliency']);
      const stage = cells.first().locator('.compare-stage');
      const box = (await stage.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const readout = cells.first().getByTestId('cell-readout');
      await expect.poll(() => readout.innerText(), { timeout: LONG }).toMatch(/^x \d+, y \d+ · (value \S+|R \S+ G \S+ B \S+) · attribution \S+$/);
      // A slow column: its cells show Cancel while they run. A new column takes
      // the Explain form's parameters for its method: 100000 RISE masks keep the
      // cell running until Cancel on any machine.
      await page.getByRole('tab', { name: 'Explore' }).click();
      await page.getByLabel('Method', { exact: true }).selectOption('rise');
      const samples = page.getByLabel(/^samples\b/);
      await samples.fill('100000');
      await samples.press('Enter');
      await expect.poll(() => samples.inputValue()).toBe('100000');
      const view = await openCompareTab(page);
      await view.getByLabel('Add column').selectOption('rise');
      const cancel = view.getByRole('button', { name: 'Cancel this cell' }).first();
      await cancel.waitFor({ state: 'visible', timeout: LONG });
      const colours = await cancel.evaluate((b) => {
        const cs = getComputedStyle(b);
        return { fg: cs.color, bg: cs.backgroundColor };
      });
      expect(contrastRatio(hex(colours.fg), hex(colours.bg))).toBeGreaterThanOrEqual(4.5);
      await cells.last().screenshot({ path: join(SHOTS, 'small-fixes-cell-cancel.png') });
      await cancel.click();
      await page.getByRole('tab', { name: 'Explore' }).click();
    });
  });

  it('the logged masks export as one zip (their PNGs and the CSV), not a download each', async () => {
    await step(log, async () => {
      await openDigitsSample(page, 'digit-7.png');
      const stroke = await inkStroke(join(DIGITS, 'samples', 'digit-7.png'));
      await paintMaskAndLog(page, 28, 28, stroke);
      await page.keyboard.press('Control+z');
      await paintMaskAndLog(page, 28, 28, stroke.slice(0, Math.max(2, stroke.length >> 1)));
      const rows = await page.getByTestId('experiment-row').count();
      expect(rows).toBeGreaterThanOrEqual(2);
      const downloads: string[] = [];
      page.on('download', (d) => downloads.push(d.suggestedFilename()));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export masks (zip)' }).click()]);
      expect(download.suggestedFilename()).toBe('mask-experiments-masks.zip');
      const { readFile } = await import('node:fs/promises');
      const files = unzipSync(new Uint8Array(await readFile(await download.path())));
      const pngs = Object.keys(files).filter((n) => n.endsWith('.mask.png'));
      expect(pngs).toHaveLength(rows);
      for (const n of pngs) expect(Array.from(files[n].subarray(0, 4))).toEqual([137, 80, 78, 71]);
      expect(new TextDecoder().decode(files['mask-experiments.csv'])).toMatch(/^id,time,model/);
      await page.waitForTimeout(500);
      expect(downloads).toEqual(['mask-experiments-masks.zip']);
      await page.getByRole('checkbox', { name: 'Mask tool', exact: true }).uncheck();
    });
  });
});
