// The user flow both e2e targets run (Chromium against the loopback host, and
// the Electron app): the page is driven only through roles, labels and test ids.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';

const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';

/** Page errors and console errors, printed when a step fails. */
export function watchPage(page: Page): string[] {
  const log: string[] = [];
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`console.${m.type()}: ${m.text()}`);
  });
  return log;
}

/** Picks the chest-phantom demo and waits for its two classes (nodule, normal) in the top-classes table. */
export async function openChestDemo(page: Page): Promise<void> {
  const picker = page.getByLabel('Demo model');
  const option = picker.locator('option', { hasText: /chest/i }).first();
  await option.waitFor({ state: 'attached', timeout: LONG });
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  await expect.poll(() => page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr').count(), { timeout: LONG }).toBe(2);
}

/** Dispatches a drop of these files on the window, as the browser does for files from a file manager. */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = await Promise.all(paths.map(async (p) => ({ name: p.split('/').pop()!, b64: (await readFile(p)).toString('base64') })));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** Picks the Digits demo in the left-panel demo picker and waits for its top-5 table. */
export async function openDigitsDemo(page: Page): Promise<void> {
  const picker = page.getByLabel('Demo model');
  await picker.waitFor({ state: 'visible', timeout: LONG });
  // Options arrive with the engine's demos() reply.
  const option = picker.locator('option', { hasText: /digit/i }).first();
  await option.waitFor({ state: 'attached', timeout: LONG });
  const value = (await option.getAttribute('value')) ?? '';
  expect(value, 'a Digits demo in the picker').not.toBe('');
  await picker.selectOption(value);
  await expectTop5(page);
}

export async function expectTop5(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Top-5 classes' });
  await table.waitFor({ state: 'visible', timeout: LONG });
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(5);
  const labels = await rows.locator('th').allInnerTexts();
  return labels.map((s) => s.trim());
}

export function overlayNonzero(page: Page): Promise<number> {
  return page
    .locator(STAGE)
    .getAttribute('data-overlay-nonzero')
    .then((v) => Number(v ?? 0));
}

/** Coloured, non-transparent pixels on the topmost Konva canvas (the heatmap layer). */
export function heatmapCanvasPixels(page: Page): Promise<{ canvases: number; coloured: number }> {
  return page.locator(STAGE).evaluate((root) => {
    const canvases = Array.from(root.querySelectorAll('canvas'));
    const top = canvases[canvases.length - 1];
    const ctx = top?.getContext('2d');
    if (!top || !ctx || top.width === 0 || top.height === 0) return { canvases: canvases.length, coloured: 0 };
    const d = ctx.getImageData(0, 0, top.width, top.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] === d[i + 1] && d[i + 1] === d[i + 2])) coloured++;
    return { canvases: canvases.length, coloured };
  });
}

/** Selects the vanilla-gradient method, runs it and waits for a non-blank overlay. */
export function runSaliency(page: Page): Promise<void> {
  return runMethod(page, 'saliency');
}

/**
 * Selects a registry method, sets numeric parameters through the form built
 * from its schema, runs it and waits for a non-blank overlay.
 */
export async function runMethod(page: Page, id: string, params: Record<string, number> = {}): Promise<void> {
  const method = page.getByLabel('Method', { exact: true });
  await method.waitFor({ state: 'visible', timeout: LONG });
  await method.selectOption(id);
  for (const [name, value] of Object.entries(params)) {
    const field = page.getByLabel(new RegExp(`^${name}\\b`));
    await field.fill(String(value));
    await field.press('Enter');
    await expect.poll(() => field.inputValue()).toBe(String(value));
  }
  const explain = page.getByRole('button', { name: 'Explain', exact: true });
  // click() waits until the button is enabled (model, image and method ready).
  await explain.click({ timeout: LONG });
  await expect.poll(() => page.locator(STAGE).getAttribute('data-result-method'), { timeout: LONG, interval: 200 }).toBe(id);
  await expect.poll(() => overlayNonzero(page), { timeout: LONG, interval: 200 }).toBeGreaterThan(0);
  // Second, independent check: the pixels actually drawn on the heatmap canvas.
  await expect.poll(() => page.locator(`${STAGE} canvas`).count(), { timeout: LONG }).toBeGreaterThanOrEqual(2);
  const px = await heatmapCanvasPixels(page);
  expect(px.canvases).toBeGreaterThanOrEqual(2);
  expect(px.coloured).toBeGreaterThan(0);
}

/**
 * Runs a CAM method (default Grad-CAM) on the picker's layer (the automatic one
 * unless the sidecar names a default, as the digits demo's does), checks an
 * "(auto)" option is offered, outlines the native grid and checks the caption
 * names its size, then hides the grid so the heatmap stays the top canvas.
 */
export async function runCamWithGrid(page: Page, id = 'gradcam'): Promise<void> {
  await runMethod(page, id);
  const layer = page.getByLabel('Layer', { exact: true });
  await layer.waitFor({ state: 'visible', timeout: LONG });
  expect(await layer.locator('option', { hasText: '(auto)' }).count()).toBe(1);
  const canvases = await page.locator(`${STAGE} canvas`).count();
  const toggle = page.getByLabel('Show native grid');
  await toggle.check({ timeout: LONG });
  const caption = page.getByTestId('grid-caption');
  await caption.waitFor({ state: 'visible', timeout: LONG });
  const m = /grid (\d+)×(\d+) at \S+/.exec(await caption.innerText());
  expect(m, 'caption "grid h×w at layer"').not.toBeNull();
  const [h, w] = [Number(m?.[1]), Number(m?.[2])];
  expect(h * w).toBeGreaterThan(1);
  expect(await page.locator(`${STAGE} canvas`).count()).toBe(canvases + 1);
  await toggle.uncheck();
  await caption.waitFor({ state: 'detached', timeout: LONG });
}

/** Opens a text file named .png: an alert appears, and the previous image and result stay. */
export async function openCorruptImage(page: Page, corruptPath: string): Promise<void> {
  const before = { top: await expectTop5(page), nonzero: await overlayNonzero(page) };
  await page.getByTestId('image-file-input').setInputFiles(corruptPath);
  const alert = page.getByRole('alert').first();
  await alert.waitFor({ state: 'visible', timeout: LONG });
  expect((await alert.innerText()).length).toBeGreaterThan(0);
  expect(await expectTop5(page)).toEqual(before.top);
  expect(await overlayNonzero(page)).toBe(before.nonzero);
  expect(await page.locator(STAGE).getAttribute('aria-label')).toMatch(/with saliency overlay/);
  expect((await heatmapCanvasPixels(page)).coloured).toBeGreaterThan(0);
}

export async function writeCorruptPng(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'this is a text file, not a PNG\n');
  return path;
}

export async function screenshot(page: Page, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}

/**
 * Class model on the open model (the digits demo): a short run finishes and
 * stays open; the lr slider moves and the steps slider is raised on that live
 * run, which continues from where it stopped (never restarts) under the new lr
 * and S_c rises on the live chart; pause holds the step; stop ends it. The
 * first leg's end is fixed by its step count, not by the machine's speed (a
 * fast CI machine ran 5000 steps between two clicks); on a machine that
 * finishes the second leg before Pause lands, the pause check is skipped.
 */
export async function runClassModelWithSlider(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Class model' });
  await panel.waitFor({ state: 'visible', timeout: LONG });
  const steps = panel.getByLabel('class model steps', { exact: true });
  await panel.getByLabel('class-model target').selectOption('3');
  await steps.fill('50');
  expect(await steps.inputValue()).toBe('50');
  await panel.getByLabel('class model lr', { exact: true }).fill('0.002');
  await panel.getByRole('button', { name: 'Start', exact: true }).click({ timeout: LONG });
  const score = () => panel.getByTestId('cm-score').innerText().then(Number);
  const step = () => panel.getByTestId('cm-step').innerText().then(Number);
  const status = () => panel.getByTestId('cm-status').innerText();
  await expect.poll(status, { timeout: LONG }).toMatch(/^done · step 50\/50/);
  await page.waitForTimeout(300);
  expect(await step()).toBe(50);
  const before = await score();
  await panel.getByLabel('class model lr', { exact: true }).fill('0.05');
  await steps.fill('5000');
  await expect.poll(step, { timeout: LONG, interval: 50 }).toBeGreaterThan(50);
  // Forced: a disabled Pause (the run already done) is a no-op, not a wait.
  await panel.getByRole('button', { name: 'Pause', exact: true }).click({ force: true });
  await expect.poll(status, { timeout: LONG }).toMatch(/^(paused|done)/);
  const pausedAt = await step();
  await page.waitForTimeout(300);
  expect(await step()).toBe(pausedAt);
  if ((await status()).startsWith('paused')) {
    await panel.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(step, { timeout: LONG, interval: 50 }).toBeGreaterThan(pausedAt);
  }
  await expect.poll(score, { timeout: LONG, interval: 100 }).toBeGreaterThan(before + 5);
  await panel.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect.poll(status, { timeout: LONG }).toMatch(/^(stopped|done)/);
}

/** Opens the chest-phantom demo, a sample with a nodule mask, localises it and reads an IoU; then the sample-set table. */
export async function runLocalizeOnPhantom(page: Page): Promise<number> {
  const picker = page.getByLabel('Demo model');
  const option = picker.locator('option', { hasText: /chest/i }).first();
  await option.waitFor({ state: 'attached', timeout: LONG });
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  // Two classes (normal / nodule): the prediction table has two rows, not five.
  await expect.poll(() => page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr').count(), { timeout: LONG }).toBe(2);
  await page.getByRole('list', { name: 'Sample images' }).getByRole('button', { name: 'phantom-02.png' }).click({ timeout: LONG });
  await expect
    .poll(() => page.getByRole('list', { name: 'Sample images' }).getByRole('button', { name: 'phantom-02.png' }).getAttribute('aria-pressed'), {
      timeout: LONG,
    })
    .toBe('true');
  const panel = page.getByRole('region', { name: 'Localize' });
  await panel.getByLabel('object quantile').fill('0.998');
  await panel.getByRole('button', { name: 'Localize', exact: true }).click({ timeout: LONG });
  const iou = Number(await panel.getByTestId('localize-iou').innerText({ timeout: LONG }));
  expect(iou).toBeGreaterThanOrEqual(0);
  expect(iou).toBeLessThanOrEqual(1);
  await panel.getByRole('button', { name: 'Evaluate sample set' }).click();
  const rows = panel.getByTestId('localize-eval').locator('tbody tr');
  await rows.first().waitFor({ state: 'visible', timeout: LONG });
  expect(await rows.count()).toBe(2);
  return iou;
}

/** Image pixels → page pixels for the fitted (not zoomed or panned) view of a w × h image; see tools/viewport.ts fitView. */
async function imageToPage(page: Page, w: number, h: number): Promise<(p: { x: number; y: number }) => { x: number; y: number }> {
  const box = await page.locator(STAGE).boundingBox();
  if (!box) throw new Error('no stage');
  const s = Math.min((box.width - 16) / w, (box.height - 16) / h);
  const [ox, oy] = [box.x + (box.width - w * s) / 2, box.y + (box.height - h * s) / 2];
  return (p) => ({ x: ox + p.x * s, y: oy + p.y * s });
}

/**
 * The masking lab on the open w × h image: turns the mask tool on, paints a
 * brush stroke through `stroke` (image pixels) with the real mouse, waits for
 * the live score of that mask, logs it and waits for the new log row.
 * Returns the target's Δlogit and Δprob as the page shows them.
 */
export async function paintMaskAndLog(page: Page, w: number, h: number, stroke: { x: number; y: number }[]): Promise<{ dLogit: number; dProb: number }> {
  await page.getByRole('checkbox', { name: 'Mask tool', exact: true }).check({ timeout: LONG });
  await page.getByRole('radio', { name: 'Brush' }).click();
  const rowsBefore = await page.getByTestId('experiment-row').count();
  const toPage = await imageToPage(page, w, h);
  const pts = stroke.map(toPage);
  await page.mouse.move(pts[0].x, pts[0].y);
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(p.x, p.y, { steps: 4 });
  await page.mouse.up();
  const delta = page.locator('[data-testid=mask-live][data-current=true] [data-testid=mask-target-delta]');
  await delta.waitFor({ state: 'visible', timeout: LONG });
  const dLogit = Number(await delta.getAttribute('data-dlogit'));
  const dProb = Number(await delta.getAttribute('data-dprob'));
  await page.getByRole('button', { name: 'Log this mask' }).click({ timeout: LONG });
  await expect.poll(() => page.getByTestId('experiment-row').count(), { timeout: LONG }).toBe(rowsBefore + 1);
  return { dLogit, dProb };
}

/** Ctrl+Z undoes the stroke: the live panel says the mask is empty again; then the tool mode is left. */
export async function undoMaskAndLeave(page: Page): Promise<void> {
  await page.keyboard.press('Control+z');
  await page.getByTestId('mask-live-empty').waitFor({ state: 'visible', timeout: LONG });
  await page.getByRole('checkbox', { name: 'Mask tool', exact: true }).uncheck();
}

/** Opens the Digits demo (unless it is the current one) and one of its samples by name. */
export async function openDigitsSample(page: Page, name: string): Promise<void> {
  const picker = page.getByLabel('Demo model');
  await picker.waitFor({ state: 'visible', timeout: LONG });
  const digits = (await picker.locator('option', { hasText: /digit/i }).first().getAttribute('value')) ?? '';
  // Another demo may be open (the chest one has 2 classes): switch, then wait for the sample list of this one.
  if ((await picker.inputValue()) !== digits) await picker.selectOption(digits);
  const sample = page.getByRole('list', { name: 'Sample images' }).getByRole('button', { name, exact: true });
  await sample.click({ timeout: LONG });
  await expect.poll(() => sample.getAttribute('aria-pressed'), { timeout: LONG }).toBe('true');
  // The click disables the picker until the image is open, so the table below is this image's, not the last one's.
  await expect.poll(() => picker.isEnabled(), { timeout: LONG }).toBe(true);
  await expect.poll(() => page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr').count(), { timeout: LONG }).toBe(5);
}

/** A horizontal stroke through the row of a grey PNG with the most bright (ink) pixels, from its first to its last one. */
export async function inkStroke(pngPath: string): Promise<{ x: number; y: number }[]> {
  const { data, info } = await sharp(pngPath).greyscale().raw().toBuffer({ resolveWithObject: true });
  let best = { y: 0, n: -1, x0: 0, x1: 0 };
  for (let y = 0; y < info.height; y++) {
    const xs = Array.from({ length: info.width }, (_, x) => x).filter((x) => data[(y * info.width + x) * info.channels] > 128);
    if (xs.length > best.n) best = { y, n: xs.length, x0: xs[0], x1: xs[xs.length - 1] };
  }
  return [
    { x: best.x0 + 0.5, y: best.y + 0.5 },
    { x: best.x1 + 0.5, y: best.y + 0.5 },
  ];
}

/** A mask PNG data URL (white = hidden) as the bytes the engine takes. */
export async function maskFromPngUrl(url: string): Promise<Uint8Array> {
  const { data, info } = await sharp(Buffer.from(url.split(',')[1], 'base64'))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Uint8Array.from({ length: info.width * info.height }, (_, i) => (data[i * info.channels] >= 128 ? 1 : 0));
}

/** A cheap fingerprint of the topmost Konva canvas (the heatmap layer while no contour layer is shown). */
function topCanvasDigest(page: Page): Promise<number> {
  return page.locator(STAGE).evaluate((root) => {
    const canvases = Array.from(root.querySelectorAll('canvas'));
    const top = canvases[canvases.length - 1];
    const d = top?.getContext('2d')?.getImageData(0, 0, top.width, top.height).data;
    let h = 0;
    if (d) for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] * 3 + d[i + 1] * 5 + d[i + 2] * 7) | 0;
    return h;
  });
}

/**
 * Rendering and review tools on the single view (a result must be shown):
 * a colormap change repaints the overlay; a threshold with contours draws
 * lines; "?" lists the shortcuts; the theme toggles by button and by key;
 * right-drag on the chest demo's radiograph changes the window.
 */
export async function reviewTools(page: Page): Promise<void> {
  const stage = page.locator(STAGE);
  // The Compare tab keeps its own (hidden) style controls in the page: act on the visible ones.
  const visible = (l: ReturnType<Page['locator']>) => l.filter({ visible: true });
  // Colormap: a different one repaints the heatmap canvas.
  const cmap = visible(page.getByLabel('Colormap'));
  const before = await topCanvasDigest(page);
  await cmap.selectOption((await cmap.inputValue()) === 'jet' ? 'inferno' : 'jet');
  await expect.poll(() => topCanvasDigest(page), { timeout: LONG }).not.toBe(before);
  await expect.poll(() => visible(page.getByTestId('colorbar')).getAttribute('data-colormap')).toBe(await cmap.inputValue());
  // Threshold with contours: lines exist, and the colour bar marks the threshold.
  const canvases = await page.locator(`${STAGE} canvas`).count();
  await visible(page.getByLabel('Threshold', { exact: true })).check();
  await visible(page.getByTestId('contours-toggle')).check();
  await expect.poll(() => stage.getAttribute('data-contour-count').then(Number), { timeout: LONG }).toBeGreaterThan(0);
  expect(await page.locator(`${STAGE} canvas`).count()).toBe(canvases + 1);
  expect(await visible(page.getByTestId('colorbar-threshold')).count()).toBeGreaterThan(0);
  expect(await visible(page.getByTestId('colorbar')).getAttribute('aria-label')).toMatch(/below .* hidden/);
  await visible(page.getByLabel('Threshold', { exact: true })).uncheck();
  await expect.poll(() => stage.getAttribute('data-contour-count')).toBe('0');
  // Help overlay: "?" opens a modal listing the registry, Esc closes it.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor({ state: 'visible', timeout: LONG });
  expect(await help.getAttribute('aria-modal')).toBe('true');
  expect(await help.locator('[data-shortcut]').count()).toBeGreaterThanOrEqual(12);
  expect(await help.innerText()).toMatch(/Next colormap/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached', timeout: LONG });
  // Theme: the button and the "t" key flip data-theme on <html>.
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? '');
  const t0 = await theme();
  expect(['light', 'dark']).toContain(t0);
  await page.getByTestId('theme-toggle').click();
  await expect.poll(theme).toBe(t0 === 'dark' ? 'light' : 'dark');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('t');
  await expect.poll(theme).toBe(t0);
  if (t0 !== 'dark') await page.getByTestId('theme-toggle').click();
  await expect.poll(theme).toBe('dark');
  // Window/level: right-drag on a chest radiograph widens the window (→) and raises the level (↓).
  const picker = page.getByLabel('Demo model');
  await picker.selectOption((await picker.locator('option', { hasText: /chest/i }).first().getAttribute('value')) ?? '');
  // Not the sample the demo opens first: its aria-pressed turns true only once this click's load
  // has begun, so the window read below belongs to this image and no later load resets it.
  const sample = page.getByRole('list', { name: 'Sample images' }).getByRole('button', { name: 'phantom-03.png' });
  await sample.click({ timeout: LONG });
  await expect.poll(() => sample.getAttribute('aria-pressed'), { timeout: LONG }).toBe('true');
  await expect.poll(() => picker.isEnabled(), { timeout: LONG }).toBe(true);
  await expect.poll(() => stage.getAttribute('data-window-width').then(Number), { timeout: LONG }).toBeGreaterThan(0);
  const w0 = { c: Number(await stage.getAttribute('data-window-center')), w: Number(await stage.getAttribute('data-window-width')) };
  const box = await stage.boundingBox();
  if (!box) throw new Error('no stage');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(x + 120, y + 60, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect.poll(() => stage.getAttribute('data-window-width').then(Number), { timeout: LONG }).toBeGreaterThan(w0.w);
  expect(Number(await stage.getAttribute('data-window-center'))).toBeGreaterThan(w0.c);
  // No browser context menu stole the gesture, and "r" resets the window.
  await page.keyboard.press('r');
  await expect.poll(() => stage.getAttribute('data-window-width').then(Number)).toBe(w0.w);
}

/**
 * The Evaluate tab on the digits demo: Grad-CAM and Fake-CAM over the demo
 * samples (4 deletion/insertion steps) — the table has numbers and Fake-CAM
 * wins Average Drop, the curve charts have one line per method, the HTML
 * report downloads with the same numbers — then a cascading sanity check on
 * the current image: the plot has a line per method and each strip a
 * thumbnail per randomisation step.
 */
export async function runEvaluateView(page: Page): Promise<{ report: string }> {
  await openDigitsSample(page, 'digit-3.png');
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  const view = page.getByRole('region', { name: 'Evaluate' });
  await view.getByLabel('Deletion/insertion steps').fill('4');
  await view.getByRole('button', { name: 'Run evaluation' }).click();
  const table = view.getByTestId('evaluate-table');
  await table.waitFor({ state: 'visible', timeout: LONG });
  expect(await table.getByTestId('cell-gradcam-deletion').innerText()).toMatch(/^\d\.\d{3} ± \d\.\d{3}$/);
  // Fake-CAM's Average Drop is the lowest, but a control is never marked best (issue 18 item 10).
  expect(await table.getByTestId('cell-fake-cam-average-drop').getAttribute('data-best')).toBeNull();
  expect(await table.getByTestId('cell-gradcam-average-drop').getAttribute('data-best')).toBe('true');
  for (const kind of ['deletion', 'insertion']) {
    await expect.poll(() => view.getByTestId(`curve-${kind}`).locator('.recharts-line path.recharts-curve').count(), { timeout: LONG }).toBe(2);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Report (HTML)' }).click()]);
  const report = await readFile(await download.path(), 'utf8');
  expect(report).toContain(await table.getByTestId('cell-gradcam-adcc').innerText());
  expect(report).not.toMatch(/https?:\/\//);
  await view.getByRole('button', { name: 'Run sanity check' }).click();
  const plot = view.getByTestId('sanity-plot');
  await plot.waitFor({ state: 'visible', timeout: LONG });
  await expect.poll(() => plot.locator('.recharts-line path.recharts-curve').count(), { timeout: LONG }).toBe(2);
  for (const m of ['saliency', 'guided-backprop']) expect(await view.getByTestId(`strip-${m}`).locator('canvas').count()).toBe(4);
  await page.getByRole('tab', { name: 'Explore' }).click();
  return { report };
}

/**
 * The BIM benchmark in the Evaluate view (BimPanel): the chest laterality-marker
 * variant on `n` phantoms with saliency and Grad-CAM only — progress shows, then
 * the summary has the four accuracies and the table one row per method whose
 * two marker-box shares are numbers in [0, 1].
 */
export async function runBimChestMarker(page: Page, n = 2): Promise<{ rows: string[][] }> {
  await openDigitsSample(page, 'digit-3.png'); // the Evaluate view needs a model open; BIM uses its own
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  const panel = page.getByRole('region', { name: 'BIM benchmark' });
  await panel.waitFor({ state: 'visible', timeout: LONG });
  await panel.getByLabel('BIM variant').selectOption('chest-marker');
  await panel.getByLabel('BIM images').fill(String(n));
  const want = ['saliency', 'gradcam'];
  for (const box of await panel.getByRole('checkbox').all()) {
    const id = ((await box.getAttribute('data-testid')) ?? '').replace(/^bim-method-/, '');
    if ((await box.isChecked()) !== want.includes(id)) await box.click();
  }
  await panel.getByTestId('bim-run').click();
  const table = panel.getByTestId('bim-table');
  await table.waitFor({ state: 'visible', timeout: LONG });
  expect(await panel.getByTestId('bim-summary').innerText()).toMatch(/shortcut \d+\.\d% \/ \d+\.\d%, clean \d+\.\d% \/ \d+\.\d%/);
  const rows: string[][] = [];
  for (const id of want) {
    const cells = await table.getByTestId(`bim-row-${id}`).locator('td').allInnerTexts();
    expect(cells[0]).toBe(id);
    for (const share of cells.slice(1, 3)) {
      expect(share).toMatch(/^\d\.\d{3}$/);
      expect(Number(share)).toBeLessThanOrEqual(1);
    }
    expect(cells[4]).toMatch(/^(yes|no)$/);
    rows.push(cells);
  }
  expect(await table.locator('tbody tr').count()).toBe(want.length);
  await page.getByRole('tab', { name: 'Explore' }).click();
  return { rows };
}

/** Fraction of pixels that differ (any channel by more than `tolerance`) between two PNG screenshots of the same size. */
export async function pngDifference(a: Buffer, b: Buffer, tolerance = 0): Promise<{ differing: number; total: number; fraction: number }> {
  const [x, y] = await Promise.all([a, b].map((p) => sharp(p).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
  expect([y.info.width, y.info.height], 'screenshots of the same size').toEqual([x.info.width, x.info.height]);
  const total = x.info.width * x.info.height;
  let differing = 0;
  for (let i = 0; i < total; i++) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(x.data[i * 4 + c] - y.data[i * 4 + c]) > tolerance) {
        differing++;
        break;
      }
    }
  }
  return { differing, total, fraction: differing / total };
}

/** What the header and stage say is shown: model, image and the result's method. */
async function shownSession(page: Page): Promise<{ model: string; image: string; method: string | null }> {
  return {
    model: (await page.getByTestId('model-name').innerText()).trim(),
    image: (await page.getByTestId('image-name').innerText()).trim(),
    method: await page.locator(STAGE).getAttribute('data-result-method'),
  };
}

/**
 * Projects: saves the session by name (the browser host's "Save as": a name
 * in the host's projects folder), reloads the page, reopens the project from
 * the Recent menu and checks the same model, image and method are shown and
 * that `compare` (e.g. the stage, or the comparison grid) looks the same: at
 * most `maxFraction` of its pixels differ. Returns the measured difference.
 */
export async function saveReloadReopenProject(
  page: Page,
  name: string,
  compare: Locator,
  maxFraction = 0.005,
): Promise<{ differing: number; total: number; fraction: number }> {
  // Messages left by earlier steps change the layout; the reopened page starts without them.
  const dismiss = page.getByRole('button', { name: 'Dismiss error' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  const bar = page.getByRole('group', { name: 'Project' });
  await bar.getByRole('button', { name: 'Save as…' }).click({ timeout: LONG });
  await bar.getByLabel('Project name').fill(name);
  await bar.getByRole('button', { name: 'Save project' }).click();
  await expect.poll(() => page.getByTestId('project-name').innerText(), { timeout: LONG }).toBe(name);
  const shown = await shownSession(page);
  expect(shown.method, 'a result on the stage before saving').not.toBeNull();
  const before = await compare.screenshot();

  await page.reload();
  await page.getByLabel('Demo model').waitFor({ state: 'visible', timeout: LONG });
  await bar.getByRole('button', { name: 'Recent ▾' }).click({ timeout: LONG });
  const item = page.getByRole('menu', { name: 'Recent projects' }).getByRole('menuitem', { name, exact: true }).first();
  await item.click({ timeout: LONG });
  await expect.poll(() => page.getByTestId('project-name').innerText(), { timeout: LONG }).toBe(name);
  expect(await shownSession(page)).toEqual(shown);
  // A banner would move the stage: the page left cleanly, so none is offered.
  expect(await page.getByRole('region', { name: 'Restore the last session' }).count()).toBe(0);
  await expect.poll(() => overlayNonzero(page), { timeout: LONG, interval: 200 }).toBeGreaterThan(0);
  // Let the canvases draw the reopened image and map.
  await page.waitForTimeout(500);
  const diff = await pngDifference(before, await compare.screenshot());
  expect(diff.fraction).toBeLessThanOrEqual(maxFraction);
  return diff;
}
