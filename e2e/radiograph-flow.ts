// The radiograph case through the UI: a real chest X-ray classifier as its
// authors saved it (Teachable Machine, Keras 2.4.0 HDF5, MobileNetV2 trunk
// nested in Sequential models) with its labels.txt and the sidecar a user
// writes for its preprocessing, on the real NIH DICOM; Grad-CAM at the
// automatic layer (the flattened trunk's out_relu).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { shared } from '../src-main/testing/shared-data';
import { runMethod } from './flow';

const LONG = 120_000;

export async function explainRadiographKeras(page: Page, scratch: string): Promise<{ top: string[]; layer: string }> {
  // The repository's PythonScript.py: RGB, ImageOps.fit to 224, x/127.5 − 1.
  const sidecar = join(scratch, 'saliency-studio.json');
  await writeFile(sidecar, JSON.stringify({ name: 'CXR covid (Teachable Machine)', preprocess: { preset: 'signed', resize: 'crop' } }));
  const dir = shared('keras', 'cxr_covid_teachable_h5');
  await page.getByTestId('model-file-input').setInputFiles([join(dir, 'keras_model.h5'), join(dir, 'labels.txt'), sidecar]);
  await expect.poll(() => page.getByText('CXR covid (Teachable Machine)').first().isVisible(), { timeout: LONG }).toBe(true);
  await page.getByTestId('image-file-input').setInputFiles(shared('dicom', 'nih_cxr14_dx_implicit_vr.dcm'));
  // Three classes: the table lists all three.
  const rows = page.getByRole('table', { name: 'Top-5 classes' }).locator('tbody tr');
  await expect
    .poll(
      () =>
        rows
          .first()
          .locator('th')
          .innerText()
          .catch(() => ''),
      { timeout: LONG },
    )
    .toMatch(/Covid19/);
  expect(await rows.count()).toBe(3);
  const top = (await rows.locator('th').allInnerTexts()).map((t) => t.trim());
  const prob = await rows.first().locator('td').nth(1).innerText();
  expect(parseFloat(prob)).toBeGreaterThan(99.9);
  await page.getByLabel('Method', { exact: true }).selectOption('gradcam');
  const layer = await page.getByLabel('Layer', { exact: true }).evaluate((el) => (el as HTMLSelectElement).options[0].text);
  expect(layer).toMatch(/^out_relu — ReLU \[7×7×1280\]/);
  await runMethod(page, 'gradcam');
  return { top, layer };
}
