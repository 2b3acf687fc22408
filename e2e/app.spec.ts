// End to end: the real renderer build in Debian's Chromium against the
// loopback host and the real engine worker; then the same flow in the
// Electron app where an Electron binary is installed.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioBackend } from '../src-main/api/types';
import { openStudio, requireBuild, ROOT, step, type Studio } from './harness';
import { expectTop5, openCorruptImage, openDigitsDemo, runCamWithGrid, runMethod, runSaliency, screenshot, watchPage, writeCorruptPng } from './flow';
import { runClassModelWithSlider, runEvaluateView, runLocalizeOnPhantom } from './flow';
import { runBimChestMarker } from './flow';
import { inkStroke, maskFromPngUrl, openDigitsSample, paintMaskAndLog, undoMaskAndLeave } from './flow';
import { reviewTools } from './flow';
import { saveReloadReopenProject } from './flow';
import { explainRadiographKeras } from './radiograph-flow';
import { HAVE_SHARED } from '../src-main/testing/shared-data';
import { ExperimentStore } from '../src-main/masking/experiments';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { decodeNpy } from '../src-main/shared/npy';
import {
  allDone,
  rightDragRowWindow,
  buildGrid,
  cellJobs,
  cellScales,
  changedFraction,
  downloadExport,
  openCompareTab,
  setColumnParam,
  elementPixels,
  frameStats,
  panFrameTimes,
  zoomAllCells,
} from './compare-flow';
import { writeFile as writeText } from 'node:fs/promises';

const RESULTS = join(ROOT, 'test-results');
requireBuild();

/** The Electron executable, or null where the npm package was installed without its binary. */
function electronBinary(): string | null {
  try {
    const p: unknown = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

describe('web host in Chromium', () => {
  let studio: Studio;
  let backend: StudioBackend;
  let page: Page;
  let log: string[];
  let scratch: string;

  beforeAll(async () => {
    studio = await openStudio('app', { viewport: { width: 1440, height: 900 } });
    ({ backend, page, log, scratch } = studio);
  });

  afterAll(async () => studio?.close());

  it('opens the Digits demo, shows the top-5 classes and a non-blank saliency overlay', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runSaliency(page);
    });
  });

  it('runs Integrated Gradients with steps set in the schema form; the signed map opens on the diverging colormap', async () => {
    await step(log, async () => {
      await runMethod(page, 'integrated-gradients', { steps: 16 });
      expect(await page.getByLabel('Colormap').filter({ visible: true }).inputValue()).toBe('diverging');
    });
  });

  it('runs Grad-CAM, offers the automatic layer and outlines the native grid', async () => {
    await step(log, () => runCamWithGrid(page));
  });

  it('reports a corrupt image in an alert and keeps the previous image and result', async () => {
    const bad = await writeCorruptPng(join(scratch, 'corrupt.png'));
    await step(log, () => openCorruptImage(page, bad));
  });

  it('class model on the digits demo: a slider moved while running takes effect and S_c rises on the live chart', async () => {
    await step(log, () => runClassModelWithSlider(page));
  });

  it('localizes a chest-phantom sample and shows its IoU, then the sample-set table', async () => {
    await step(log, () => runLocalizeOnPhantom(page).then(() => undefined));
  });

  it('masking lab: painting over the digit lowers its logit live; the logged mask persists and re-scores to the same Δ', async () => {
    await step(log, async () => {
      const sample = join(ROOT, 'resources', 'demo', 'digits', 'samples', 'digit-7.png');
      await openDigitsSample(page, 'digit-7.png');
      const shown = await paintMaskAndLog(page, 28, 28, await inkStroke(sample));
      // Black over the white ink removes evidence for the "7": its logit and probability fall.
      expect(shown.dLogit).toBeLessThan(0);
      expect(shown.dProb).toBeLessThanOrEqual(0);
      // A fresh store on the engine's file (what a restart reads) has the row, mask included.
      const row = (await new ExperimentStore(join(scratch, 'data', 'experiments.json')).list()).at(-1)!;
      expect([row.image, row.width, row.height, row.fill]).toEqual(['digit-7.png', 28, 28, 'zero']);
      const mask = await maskFromPngUrl(row.maskPng);
      expect(mask.reduce((a, b) => a + b, 0) / mask.length).toBeCloseTo(row.area, 6);
      // The engine, fed the logged PNG mask, gives the Δ the page showed.
      const modelId = (await backend.openModel({ path: join(ROOT, 'resources', 'demo', 'digits', 'model.json') })).id;
      const imageId = (await backend.openImage({ path: sample })).id;
      const r = await backend.scoreMasked({ modelId, imageId, masks: [mask], fill: row.fill });
      expect(r.results[0].classes.find((c) => c.index === r.target)!.dLogit).toBeCloseTo(shown.dLogit, 4);
      await undoMaskAndLeave(page);
    });
  });

  it('projects: explain, save by name, reload the page, reopen from Recent: the same stage, pixel for pixel', async () => {
    await step(log, async () => {
      await openDigitsSample(page, 'digit-7.png');
      await runMethod(page, 'gradient-input');
      const diff = await saveReloadReopenProject(page, 'e2e digits', page.locator('[data-testid=overlay-stage]'));
      console.log(`project reopen: ${diff.differing} of ${diff.total} stage pixels differ`);
    });
  });

  it('review tools: colormap repaints, threshold contours, ? help, theme toggle, right-drag window/level', async () => {
    await step(log, async () => {
      await openDigitsSample(page, 'digit-3.png');
      await runSaliency(page);
      await reviewTools(page);
    });
  });

  it('compare: a 2×3 grid fills in, one wheel zooms every cell, a colormap change repaints the cells', async () => {
    await step(log, async () => {
      const cells = await buildGrid(page, ['digit-3.png', 'digit-7.png'], ['saliency', 'gradcam', 'occlusion']);
      const { before, after } = await zoomAllCells(page, cells);
      // Same image size in every row: one shared view gives every cell the same scale.
      expect(after.every((s) => Math.abs(s - after[0]) < 1e-3)).toBe(true);
      expect(after.every((s, i) => s > before[i] * 1.5)).toBe(true);
      const cell = cells.nth(1);
      // Right-drag on a cell of row 2 changes that row's window (and only that row's).
      const row1 = await page.getByTestId('row-window').nth(0).innerText();
      const [w0, w1] = await rightDragRowWindow(page, cells.nth(4), 1);
      expect(w1).not.toBe(w0);
      expect(await page.getByTestId('row-window').nth(0).innerText()).toBe(row1);
      const px0 = await elementPixels(cell.locator('.compare-stage'));
      await page.getByTestId('compare-style').getByLabel('Colormap').selectOption('jet');
      await expect.poll(async () => changedFraction(px0, await elementPixels(cell.locator('.compare-stage'))), { timeout: 10_000 }).toBeGreaterThan(0.05);
      // Exports: every cell's map in the .npz (float32, 28×28), every cell's picture and parameters in the report.
      const npz = unzipSync(new Uint8Array(await downloadExport(page, 'Maps .npz')));
      expect(Object.keys(npz)).toHaveLength(6);
      expect(Object.values(npz).every((b) => decodeNpy(b).shape.join('x') === '28x28')).toBe(true);
      const html = (await downloadExport(page, 'Report HTML')).toString('utf8');
      expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(6);
      expect(html).toContain('Grad-CAM');
      const png = await sharp(await downloadExport(page, 'Grid PNG')).metadata();
      // Each row: the 224 px cell, its colour-bar band (72 px) and a 4 px gap.
      expect([png.width, png.height]).toEqual([160 + 3 * 228, 28 + 2 * (228 + 72)]);
      // The grid is part of the project: save, reload, reopen from Recent, the same grid pixel for pixel.
      await page.getByRole('tab', { name: 'Explore' }).click();
      await runSaliency(page);
      await openCompareTab(page);
      await page.mouse.move(1, 1);
      const diff = await saveReloadReopenProject(page, 'e2e grid', page.getByTestId('compare-grid'));
      console.log(`grid project reopen: ${diff.differing} of ${diff.total} grid pixels differ`);
      expect(await cellScales(page.getByTestId('compare-cell'))).toEqual(after);
      // A column's parameters re-run that column only; a grid target re-runs every cell.
      const reopened = page.getByTestId('compare-cell');
      const jobs0 = await cellJobs(reopened);
      await setColumnParam(page, 'Occlusion', 'window', 5);
      await allDone(reopened);
      const jobs1 = await cellJobs(reopened);
      jobs1.forEach((c, i) => expect(c.job !== jobs0[i].job, `${c.method} re-ran`).toBe(c.method === 'occlusion'));
      const toolbar = page.getByRole('toolbar', { name: 'Comparison grid' });
      await toolbar.getByLabel('Target').selectOption('index');
      const index = toolbar.getByLabel(/^Class index/);
      await index.fill('1');
      await index.press('Enter');
      await expect
        .poll(async () => (await cellJobs(reopened)).every((c, i) => c.job !== jobs1[i].job && c.status === 'done'), { timeout: 120_000, interval: 300 })
        .toBe(true);
    });
  });

  it('compare: frame times while panning a 4×6 grid of 224×224 cells', async () => {
    await step(log, async () => {
      const remove = page.getByRole('button', { name: /^Remove (row|column)/ });
      while ((await remove.count()) > 0) await remove.first().click();
      const cells = await buildGrid(
        page,
        ['digit-0.png', 'digit-2.png', 'digit-5.png', 'digit-9.png'],
        ['saliency', 'gradient-input', 'guided-backprop', 'gradcam', 'gradcam-plus-plus', 'fake-cam'],
      );
      expect(await cells.count()).toBe(24);
      const frames = await panFrameTimes(page, cells);
      const stats = frameStats(frames);
      console.log(`4×6 grid pan: ${JSON.stringify(stats)}`);
      await writeText(join(RESULTS, 'compare-frame-times.json'), JSON.stringify({ ...stats, frames }, null, 1));
      expect(stats.frames).toBeGreaterThan(10);
      await screenshot(page, join(RESULTS, 'e2e-compare-grid.png'));
    });
  });

  it('evaluate view: metrics table and curves on the digits demo, the HTML report, a cascading sanity check with its plot and strips', async () => {
    await step(log, async () => {
      const t0 = Date.now();
      await runEvaluateView(page);
      console.log(`evaluate view e2e step: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
  });

  it('bim view: the chest-marker benchmark on 2 phantoms with saliency and Grad-CAM fills the table with shares', async () => {
    await step(log, async () => {
      const t0 = Date.now();
      const { rows } = await runBimChestMarker(page, 2);
      console.log(`bim e2e step: ${((Date.now() - t0) / 1000).toFixed(1)} s; rows ${JSON.stringify(rows)}`);
    });
  });

  it('saves a screenshot', async () => {
    const path = join(RESULTS, 'e2e-demo.png');
    await screenshot(page, path);
    expect(existsSync(path)).toBe(true);
  });

  it.skipIf(!HAVE_SHARED)(
    'radiograph case: the real Keras CXR classifier (.h5 as saved) on the NIH DICOM says Covid19 and Grad-CAM runs at out_relu',
    async () => {
      await step(log, async () => {
        const { top, layer } = await explainRadiographKeras(page, scratch);
        console.log(`radiograph e2e: top ${JSON.stringify(top)}; layer ${layer}`);
        await screenshot(page, join(RESULTS, 'e2e-radiograph-keras.png'));
      });
    },
  );
});

const electronPath = electronBinary();
if (!electronPath) console.warn('Electron binary absent: skipping Electron e2e');

describe('Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let log: string[];
  let scratch: string;

  beforeAll(async () => {
    if (!electronPath) return;
    scratch = await mkdtemp(join(tmpdir(), 'ss-e2e-electron-'));
    const args = [join(ROOT, 'out', 'main', 'index.js')];
    // Chromium's sandbox refuses to run as root (CI containers).
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await _electron.launch({
      executablePath: electronPath,
      args,
      cwd: ROOT,
      env: { ...process.env, SALIENCY_STUDIO_USER_DATA: join(scratch, 'userData'), ELECTRON_RENDERER_URL: '' },
    });
    page = await app.firstWindow();
    log = watchPage(page);
  });

  afterAll(async () => {
    await app?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  (electronPath ? it : it.skip)('runs the same flow in the desktop app', async () => {
    await step(log, async () => {
      // The preload's bridge is there, and nothing else of Node is.
      expect(await page.evaluate(() => typeof (globalThis as { studio?: unknown }).studio)).toBe('object');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      await openDigitsDemo(page);
      await runSaliency(page);
      await openCorruptImage(page, await writeCorruptPng(join(scratch, 'corrupt.png')));
      await expectTop5(page);
      await screenshot(page, join(RESULTS, 'e2e-electron.png'));
    });
  });
});
