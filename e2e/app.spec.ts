// End to end: the real renderer build in Debian's Chromium against the
// loopback host and the real engine worker; then the same flow in the
// Electron app where an Electron binary is installed.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioBackend } from '../src-main/api/types';
import { startEngine } from '../src-main/engine/client';
import { startServer, type RunningServer } from '../src-main/hosts/serve';
import { expectTop5, openCorruptImage, openDigitsDemo, runCamWithGrid, runMethod, runSaliency, screenshot, watchPage, writeCorruptPng } from './flow';
import { runClassModelWithSlider, runLocalizeOnPhantom } from './flow';
import { inkStroke, maskFromPngUrl, openDigitsSample, paintMaskAndLog, undoMaskAndLeave } from './flow';
import { ExperimentStore } from '../src-main/masking/experiments';

const ROOT = resolve(import.meta.dirname, '..');
const STATIC = join(ROOT, 'out', 'renderer');
const RESULTS = join(ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

if (!existsSync(join(STATIC, 'index.html'))) throw new Error(`${STATIC}/index.html missing: run "node scripts/e2e.mjs" (it builds first)`);

/** The Electron executable, or null where the npm package was installed without its binary. */
function electronBinary(): string | null {
  try {
    const p: unknown = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** Prints what the page logged when a step fails, then fails with the original error. */
async function step(log: string[], what: () => Promise<void>): Promise<void> {
  try {
    await what();
  } catch (err) {
    if (log.length) console.error(`page log:\n  ${log.slice(-30).join('\n  ')}`);
    throw err;
  }
}

describe('web host in Chromium', () => {
  let backend: StudioBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let log: string[];
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ss-e2e-'));
    // The engine keeps the masking lab's experiment log here, not in the user's home.
    process.env.SALIENCY_STUDIO_DATA = join(scratch, 'data');
    backend = await startEngine();
    server = await startServer({ backend, staticDir: STATIC });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    log = watchPage(page);
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await backend?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('opens the Digits demo, shows the top-5 classes and a non-blank saliency overlay', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runSaliency(page);
    });
  });

  it('runs Integrated Gradients with steps set in the schema form; the signed map opens on the diverging colormap', async () => {
    await step(log, async () => {
      await runMethod(page, 'integrated-gradients', { steps: 16 });
      expect(await page.getByLabel('Colormap').inputValue()).toBe('diverging');
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

  it('saves a screenshot', async () => {
    const path = join(RESULTS, 'e2e-demo.png');
    await screenshot(page, path);
    expect(existsSync(path)).toBe(true);
  });
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
