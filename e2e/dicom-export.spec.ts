// DICOM out and privacy (issue 20, items 4–5) in Chromium against the loopback
// host: the chest demo on the real dog thorax DICOM, Grad-CAM, "Export DICOM SC";
// the downloaded file is a Secondary Capture without the patient's name or ID,
// in the source's remapped study. Turning identifiable data on asks first and
// then warns for as long as it is on.
import dicomParser from 'dicom-parser';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyingValues, leaks } from '../src-main/io/testing/identifying';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { openChestDemo, runMethod, screenshot } from './flow';
import { openStudio, ROOT, step as logged, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;
const DOG = 'highdicom_dx_mono1_explicit_vr.dcm';
const str = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim();

async function exportSc(page: Page): Promise<Uint8Array> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByTestId('export-dicom-sc').click()]);
  expect(download.suggestedFilename()).toMatch(/^Grad-CAM-\d{8}\.sc\.dcm$/);
  return new Uint8Array(await readFile(await download.path()));
}

describe.skipIf(!HAVE_SHARED)('DICOM Secondary Capture export and the privacy toggle (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];
  const source = HAVE_SHARED ? new Uint8Array(readFileSync(shared('dicom', DOG))) : new Uint8Array();
  const values = HAVE_SHARED ? identifyingValues(source) : {};

  beforeAll(async () => {
    studio = await openStudio('dicom-export');
    ({ page, log } = studio);
  });
  afterAll(async () => studio?.close());
  const step = (what: () => Promise<void>): Promise<void> => logged(log, what);

  it('chest demo on the dog DICOM, Grad-CAM, Export DICOM SC: an SC in the remapped study, no patient name or ID', async () => {
    await step(async () => {
      await openChestDemo(page);
      await page.getByTestId('image-file-input').setInputFiles(shared('dicom', DOG));
      const button = page.getByTestId('export-dicom-sc');
      await button.waitFor({ state: 'visible', timeout: LONG });
      expect(await button.isDisabled()).toBe(true);
      expect(await page.getByTestId('identifiable-toggle').innerText()).toBe('Identifiable data: off');
      await runMethod(page, 'gradcam');
      const bytes = await exportSc(page);
      const ds = dicomParser.parseDicom(bytes);
      expect(str(ds, 'x00080016')).toBe('1.2.840.10008.5.1.4.1.1.7');
      expect(str(ds, 'x00080064')).toBe('WSD');
      expect([ds.uint16('x00280010'), ds.uint16('x00280011'), ds.uint16('x00280002')]).toEqual([169, 211, 3]);
      expect(str(ds, 'x00082111')).toMatch(/^Saliency map overlay: Grad-CAM, target /);
      expect(str(ds, 'x0020000d')).toMatch(/^2\.25\.\d+$/);
      expect(leaks(bytes, values)).toEqual([]);
      expect(Buffer.from(bytes).includes('Dog^AVeryGood')).toBe(false);
      await expect
        .poll(() => page.getByTestId('export-dicom-status').innerText())
        .toMatch(/^Saved Grad-CAM-\d{8}\.sc\.dcm: Secondary Capture in study 2\.25\./);
      await screenshot(page, join(SHOTS, 'dicom-export-off.png'));
    });
  });

  it('identifiable on: asks first, warns while on; the next export carries the source patient; off again', async () => {
    await step(async () => {
      const toggle = page.getByTestId('identifiable-toggle');
      await toggle.click();
      const ask = page.getByRole('alertdialog', { name: 'Include identifiable data?' });
      expect(await ask.innerText()).toMatch(/will carry the patient name, ID, birth date/);
      // Nothing changes until the user confirms.
      expect(await toggle.innerText()).toBe('Identifiable data: off');
      await page.getByTestId('identifiable-confirm').click();
      expect(await toggle.innerText()).toBe('Identifiable data: on');
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('identifiable-warning').innerText()).toMatch(/^Identifiable data on: /);
      await screenshot(page, join(SHOTS, 'dicom-export-on.png'));
      const ds = dicomParser.parseDicom(await exportSc(page));
      expect(str(ds, 'x00100010')).toBe('Dog^AVeryGood');
      expect(str(ds, 'x0020000d')).toBe(values.StudyInstanceUID);
      await toggle.click();
      expect(await toggle.innerText()).toBe('Identifiable data: off');
      expect(await page.getByTestId('identifiable-warning').count()).toBe(0);
    });
  });
});
