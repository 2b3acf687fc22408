// Opening a model by its files, in any order (issue 18, item 5): the files are
// recognised by their content (model.json by its keys, shards by the
// manifest's paths, labels by their shape), by picking files, by picking a
// folder and by dropping; an old error banner goes once a later open succeeds.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { dropFiles, expectTop5, screenshot } from './flow';
import { openStudio, ROOT, step as logged, type Studio } from './harness';

const SHOTS = process.env.SALIENCY_E2E_SHOTS ?? join(ROOT, 'test-results');
const LONG = 120_000;

const DARKNET = shared('models', 'ml5_darknet_tiny_imagenet');
const LENET = shared('models', 'tensorspace_lenet_mnist_multioutput');
const DOODLENET = shared('models', 'ml5_doodlenet_quickdraw345');

/** The value of one row ("Classes", "Name", …) of the Model panel. */
const modelFact = (page: Page, key: string) =>
  page
    .locator('section', { has: page.getByRole('heading', { name: 'Model', exact: true }) })
    .locator('dl.facts > div', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
    .locator('dd');

/** Waits until the Model panel's row `key` reads `value` (the model opened). */
const factReads = (page: Page, key: string, value: string) =>
  expect
    .poll(
      () =>
        modelFact(page, key)
          .innerText({ timeout: 1000 })
          .catch(() => null),
      { timeout: LONG, interval: 250 },
    )
    .toBe(value);

/** A folder's files in a fixed shuffle: model.json in the middle, never first. */
async function shuffled(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  const rest = names.filter((n) => n !== 'model.json').reverse();
  const mid = Math.floor(rest.length / 2);
  return [...rest.slice(0, mid), 'model.json', ...rest.slice(mid)].map((n) => join(dir, n));
}

describe.skipIf(!HAVE_SHARED)('opening a model by its files, in any order (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];

  beforeAll(async () => {
    studio = await openStudio('open-files');
    ({ page, log } = studio);
  });

  afterAll(async () => studio?.close());

  const step = (what: () => Promise<void>): Promise<void> => logged(log, what);

  it('picked Darknet files with model.json not first: the model opens with its labels, and the old error banner is gone', async () => {
    await step(async () => {
      // An old error: the labels file alone is no model.
      await page.getByTestId('model-file-input').setInputFiles(join(DARKNET, 'imagenet_classes_darknet.json'));
      const alert = page.getByRole('alert');
      await alert.first().waitFor({ state: 'visible', timeout: LONG });
      expect(await alert.count()).toBe(1);
      expect(await alert.innerText()).toMatch(/^Could not open the model: imagenet_classes_darknet.json is not a model: expected a TensorFlow.js model.json/);
      await screenshot(page, join(SHOTS, 'open-files-old-error.png'));

      const files = await shuffled(DARKNET);
      expect(files.map((f) => f.split('/').pop()).indexOf('model.json')).toBeGreaterThan(0);
      await page.getByTestId('model-file-input').setInputFiles(files);
      await factReads(page, 'Classes', '1000');
      expect(await modelFact(page, 'Name').innerText()).toBe('model.json');
      expect(await modelFact(page, 'Pipeline input').innerText()).toBe('224×224×3');
      expect(await page.getByRole('alert').count()).toBe(0);

      // The labels came with it: the top classes are ImageNet names from the JSON, not numbers.
      const names = JSON.parse(await readFile(join(DARKNET, 'imagenet_classes_darknet.json'), 'utf8')) as string[];
      await page.getByTestId('image-file-input').setInputFiles(shared('images', 'skimage_chelsea_224.png'));
      const top = await expectTop5(page);
      for (const row of top) {
        const [, index, label] = /^(\d+)\s+(.+)$/.exec(row) ?? [];
        expect(label, row).toBe(names[Number(index)]);
      }
      await screenshot(page, join(SHOTS, 'open-files-darknet.png'));
    });
  });

  it('dropped LeNet files (a shard with no extension, a sample JSON) and a digit: model and image open, classes read "class k"', async () => {
    await step(async () => {
      const digit = join(ROOT, 'resources', 'demo', 'digits', 'samples', 'digit-3.png');
      await dropFiles(page, [join(LENET, 'group1-shard1of1'), digit, join(LENET, 'sample_input_digit5.json'), join(LENET, 'model.json')]);
      await factReads(page, 'Classes', '10');
      await expect.poll(async () => (await expectTop5(page)).join('|'), { timeout: LONG }).toMatch(/^class \d(\|class \d){4}$/);
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, join(SHOTS, 'open-files-lenet-drop.png'));
    });
  });

  it('a picked DoodleNet folder: class_names.txt becomes the labels, nothing is taken for an image', async () => {
    await step(async () => {
      await page.getByTestId('model-folder-input').setInputFiles(DOODLENET);
      await factReads(page, 'Classes', '345');
      const names = (await readFile(join(DOODLENET, 'class_names.txt'), 'utf8')).split(/\r?\n/).filter(Boolean);
      const top = await expectTop5(page);
      for (const row of top) {
        const [, index, label] = /^(\d+)\s+(.+)$/.exec(row) ?? [];
        expect(label, row).toBe(names[Number(index)]);
      }
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, join(SHOTS, 'open-files-doodlenet-folder.png'));
    });
  });
});
