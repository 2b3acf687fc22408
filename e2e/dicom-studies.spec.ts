// Studies, series, tags, frames and the out-of-distribution warning (issue 20,
// items 1 and 6) in Chromium against the loopback host: a two-series study
// made from real DICOM files with new UIDs (src-main/io/testing/dicom-study-fixtures.ts)
// is picked as several files, a series is picked and paged, the tag browser is
// filtered, a multi-frame file is paged by frame, and the chest demo warns on
// the hip radiograph. Every step is asserted on the page.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOG, HIP, multiFrameDog, writeStudyFolder } from '../src-main/io/testing/dicom-study-fixtures';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { dropFiles, openChestDemo, screenshot } from './flow';
import { openStudio, ROOT, step as logged, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;

/** The value of row `key` of the DICOM panel. */
const dicomFact = (page: Page, key: string) =>
  page
    .locator('section', { has: page.getByRole('heading', { name: 'DICOM', exact: true }) })
    .locator('dl.facts > div', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
    .locator('dd');

const reads = (read: () => Promise<string>, want: string | RegExp) => expect.poll(() => read().catch(() => ''), { timeout: LONG, interval: 200 }).toMatch(want);

describe.skipIf(!HAVE_SHARED)('DICOM studies, tags, frames and the out-of-distribution warning (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];
  let folder = '';
  let names: string[] = [];

  beforeAll(async () => {
    studio = await openStudio('dicom-studies');
    ({ page, log } = studio);
    folder = join(studio.scratch, 'study');
    await mkdir(folder, { recursive: true });
    names = writeStudyFolder(folder);
  });

  afterAll(async () => studio?.close());

  const step = (what: () => Promise<void>): Promise<void> => logged(log, what);
  const seriesButton = (name: RegExp) => page.getByRole('list', { name: 'Series of study 1' }).getByRole('button', { name });

  it('several files picked: one study of two series, the first series open at image 1 of 2', async () => {
    await step(async () => {
      await page.getByTestId('study-files-input').setInputFiles(names.map((n) => join(folder, n)));
      const list = page.getByTestId('study-list');
      await reads(() => list.innerText({ timeout: 1000 }), /Dog AVeryGood/);
      expect(await list.innerText()).toMatch(/123456 · 2020-01-25/);
      expect(await seriesButton(/.*/).allInnerTexts()).toEqual(['#1 DX · THORAX · lat. L — 2 images', '#2 CR · CSPINE · LL — 1 image']);
      await expect.poll(() => page.getByText('1 file skipped').isVisible()).toBe(true);
      await reads(() => page.getByTestId('series-position').innerText({ timeout: 1000 }), 'Image 1 of 2');
      await reads(() => dicomFact(page, 'Modality').innerText({ timeout: 1000 }), /^DX$/);
      expect(await dicomFact(page, 'Body part').innerText()).toBe('THORAX · lat. L');
      await screenshot(page, join(SHOTS, 'dicom-studies-list.png'));
    });
  });

  it('picking the second series opens its image; back on the first, Next pages to image 2', async () => {
    await step(async () => {
      await seriesButton(/^#2 CR/).click();
      await reads(() => dicomFact(page, 'Size').innerText({ timeout: 1000 }), /^16×16/);
      expect(await dicomFact(page, 'Modality').innerText()).toBe('CR');
      expect(await seriesButton(/^#2 CR/).getAttribute('aria-pressed')).toBe('true');
      await seriesButton(/^#1 DX/).click();
      await reads(() => dicomFact(page, 'Size').innerText({ timeout: 1000 }), /^211×169/);
      await page.getByRole('group', { name: 'Series images' }).getByRole('button', { name: 'Next' }).click();
      await reads(() => page.getByTestId('series-position').innerText({ timeout: 1000 }), 'Image 2 of 2');
    });
  });

  it('the tag browser lists every element and filters them: image 2 is instance 2', async () => {
    await step(async () => {
      await page.getByText('All tags').click();
      const table = page.getByRole('table', { name: 'DICOM tags' });
      await table.waitFor({ state: 'visible', timeout: LONG });
      const all = Number((await page.getByTestId('tag-count').innerText()).match(/^(\d+) elements/)?.[1]);
      expect(all).toBeGreaterThan(90);
      await page.getByLabel('Filter the tags').fill('InstanceNumber');
      await reads(() => page.getByTestId('tag-count').innerText({ timeout: 1000 }), new RegExp(`^1 of ${all} elements`));
      expect((await table.locator('tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim())).toEqual(['(0020,0013) IS', 'InstanceNumber 2']);
      // Into a sequence: the match inside it keeps the sequence, unfolded.
      await page.getByLabel('Filter the tags').fill('ReferencedSOPInstanceUID');
      await reads(() => table.innerText({ timeout: 1000 }), /ReferencedSOPInstanceUID/);
      expect(await table.getByRole('button', { expanded: true }).count()).toBeGreaterThan(0);
      expect(await table.innerText()).toMatch(/item 1 of ReferencedPerformedProcedureStepSequence/);
      await screenshot(page, join(SHOTS, 'dicom-studies-tags.png'));
      await page.locator('.tag-browser').screenshot({ path: join(SHOTS, 'dicom-studies-tag-table.png') });
    });
  });

  it('a multi-frame file pages by frame', async () => {
    await step(async () => {
      const mf = join(studio.scratch, 'multi-frame.dcm');
      await writeFile(mf, multiFrameDog(3).bytes);
      await page.getByTestId('image-file-input').setInputFiles(mf);
      await reads(() => page.getByTestId('frame-position').innerText({ timeout: 1000 }), 'Frame 1 of 3');
      await page.getByRole('button', { name: 'Next frame' }).click();
      await reads(() => page.getByTestId('frame-position').innerText({ timeout: 1000 }), 'Frame 2 of 3');
      await page.getByRole('button', { name: 'Next frame' }).click();
      await reads(() => page.getByTestId('frame-position').innerText({ timeout: 1000 }), 'Frame 3 of 3');
      expect(await page.getByRole('button', { name: 'Next frame' }).isDisabled()).toBe(true);
      // The tag browser, left unfolded, lists the new file's elements: NumberOfFrames 3.
      await page.getByLabel('Filter the tags').fill('NumberOfFrames');
      await reads(() => page.getByRole('table', { name: 'DICOM tags' }).innerText({ timeout: 1000 }), /\(0028,0008\) IS\s+NumberOfFrames 3/);
      await screenshot(page, join(SHOTS, 'dicom-studies-frames.png'));
    });
  });

  it('the chest demo warns on the hip radiograph and on the dog thorax, beside the prediction', async () => {
    await step(async () => {
      await openChestDemo(page);
      const warning = page.getByTestId('ood-warning');
      // The demo opens on its own phantom: no warning.
      await reads(() => page.getByRole('table', { name: 'Top-5 classes' }).innerText({ timeout: 1000 }), /nodule|normal/);
      expect(await warning.count()).toBe(0);
      await page.getByTestId('image-file-input').setInputFiles(shared('dicom', HIP));
      await reads(() => warning.innerText({ timeout: 1000 }), /Body part HIP; this model expects CHEST/);
      expect(await warning.innerText()).toMatch(/Input standard deviation 0\.332 is 13\.5 SD above/);
      await screenshot(page, join(SHOTS, 'dicom-studies-ood-hip.png'));
      await page.getByTestId('image-file-input').setInputFiles(shared('dicom', DOG));
      await reads(() => warning.innerText({ timeout: 1000 }), /Body part THORAX; this model expects CHEST/);
    });
  });

  it('a drop of the study files lists the study too (not the first file alone)', async () => {
    await step(async () => {
      await dropFiles(
        page,
        names.filter((n) => n.endsWith('.dcm')).map((n) => join(folder, n)),
      );
      await reads(() => page.getByTestId('series-position').innerText({ timeout: 1000 }), 'Image 1 of 2');
      expect(await seriesButton(/.*/).count()).toBe(2);
      await reads(() => dicomFact(page, 'Modality').innerText({ timeout: 1000 }), /^DX$/);
    });
  });
});
