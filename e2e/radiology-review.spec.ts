// Issue 20's review in one pass, in Chromium against the loopback host: a
// two-series study (made from real DICOM files with new UIDs) is picked as a
// folder's files, a series is picked, the chest demo explains it with
// Grad-CAM, the side-by-side view shows original | overlay | map, a distance
// is measured in mm from the file's Pixel Spacing, and the overlay is exported
// as a Secondary Capture in the (de-identified) source study. Each step is
// asserted on the page or on the downloaded bytes. The parts are tested in
// depth by dicom-studies, reading-tools and dicom-export.spec.ts.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStudyFolder } from '../src-main/io/testing/dicom-study-fixtures';
import { HAVE_SHARED } from '../src-main/testing/shared-data';
import { openChestDemo, runMethod, screenshot } from './flow';
import { openStudio, ROOT, step as logged, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;
const STAGE = '[data-testid=overlay-stage]';
// The dog DX file's Pixel Spacing (0028,0030): row \ column, mm.
const SPACING = { row: 1.2, col: 1.201 };
const str = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim();

describe.skipIf(!HAVE_SHARED)('a radiograph review: study → series → explain → side by side → measure → DICOM SC (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  const step = (what: () => Promise<void>): Promise<void> => logged(studio.log, what);

  beforeAll(async () => {
    studio = await openStudio('radiology-review');
    page = studio.page;
  });
  afterAll(async () => studio?.close());

  it('runs end to end', async () => {
    const stage = page.locator(STAGE);
    await step(async () => {
      await openChestDemo(page);
      const folder = join(studio.scratch, 'study');
      await mkdir(folder, { recursive: true });
      const names = writeStudyFolder(folder);
      await page.getByTestId('study-files-input').setInputFiles(names.map((n) => join(folder, n)));
      const series = page.getByRole('list', { name: 'Series of study 1' }).getByRole('button');
      await expect.poll(() => series.allInnerTexts(), { timeout: LONG }).toEqual(['#1 DX · THORAX · lat. L — 2 images', '#2 CR · CSPINE · LL — 1 image']);
    });

    await step(async () => {
      await page
        .getByRole('list', { name: 'Series of study 1' })
        .getByRole('button', { name: /^#1 DX/ })
        .click();
      await expect.poll(() => stage.getAttribute('data-image-size'), { timeout: LONG }).toBe('211×169');
      await expect.poll(() => page.getByTestId('series-position').innerText(), { timeout: LONG }).toBe('Image 1 of 2');
      // The dog is not what the chest model expects: said before any map.
      await expect.poll(() => page.getByText('Body part THORAX; this model expects CHEST').isVisible(), { timeout: LONG }).toBe(true);
      await runMethod(page, 'gradcam');
    });

    await step(async () => {
      await page.getByTestId('side-by-side-toggle').click();
      const panes = page.getByTestId('side-pane');
      await expect.poll(() => panes.count(), { timeout: LONG }).toBe(3);
      expect(await panes.evaluateAll((els) => els.map((e) => e.getAttribute('data-pane')))).toEqual(['original', 'overlay', 'map']);
      await screenshot(page, join(SHOTS, 'radiology-review-side-by-side.png'));
      await page.getByTestId('side-by-side-toggle').click();
      await expect.poll(() => panes.count()).toBe(0);
    });

    await step(async () => {
      await page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Distance' }).click();
      const box = await stage.boundingBox();
      if (!box) throw new Error('no stage');
      const scale = Number(await stage.getAttribute('data-view-scale'));
      const [x0, y0] = [box.x + box.width / 2 - 150, box.y + box.height * 0.5];
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x0 + 300, y0, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => stage.getAttribute('data-measure-count')).toBe('1');
      // Across the image: columns, at the column spacing.
      const mm = (300 / scale) * SPACING.col;
      const shown = Number.parseFloat(await page.getByTestId('measure-list').locator('li').first().locator('output').innerText());
      expect(Math.abs(shown - mm) / mm).toBeLessThan(0.005);
      await page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Pan' }).click();
    });

    await step(async () => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByTestId('export-dicom-sc').click()]);
      const bytes = new Uint8Array(await readFile(await download.path()));
      const ds = dicomParser.parseDicom(bytes);
      expect(str(ds, 'x00080016')).toBe('1.2.840.10008.5.1.4.1.1.7');
      expect([ds.uint16('x00280010'), ds.uint16('x00280011'), ds.uint16('x00280002')]).toEqual([169, 211, 3]);
      // Identifiable data off (the default): the study is the source's, remapped; no patient name or ID.
      expect(str(ds, 'x0020000d')).toMatch(/^2\.25\.\d+$/);
      expect(Buffer.from(bytes).includes('Dog^AVeryGood')).toBe(false);
      await screenshot(page, join(SHOTS, 'radiology-review-exported.png'));
    });
  });
});
