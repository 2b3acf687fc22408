// Issue 18, item 1, in Chromium against the loopback host: a page reload
// offers the autosaved session ("Restore the last session (saved …, <model>
// on <image>)"), Recent lists it, and Restore brings back the model, the image
// and the map. The page is opened with `&autosave-ms=300`, the test-only knob
// that shortens the 15 s autosave period (state/project/controller.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigitsDemo, overlayNonzero, runSaliency } from './flow';
import { openStudio, step, type Studio } from './harness';

const LONG = 120_000;
/** How long a reloaded page may take to show the offer (its first host calls). */
const OFFER_MS = 30_000;
const STAGE = '[data-testid=overlay-stage]';
async function shown(page: Page): Promise<{ model: string; image: string; method: string | null }> {
  return {
    model: (await page.getByTestId('model-name').innerText()).trim(),
    image: (await page.getByTestId('image-name').innerText()).trim(),
    method: await page.locator(STAGE).getAttribute('data-result-method'),
  };
}

/** The autosave slot's single view, read from the file itself: its method and whether a map is in it. */
async function autosaved(file: string): Promise<{ method: unknown; hasMap: boolean } | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text) return null;
  try {
    const single = (JSON.parse(text) as { single?: { methodId?: unknown; result?: { map?: unknown } | null } }).single;
    return { method: single?.methodId ?? null, hasMap: !!single?.result?.map };
  } catch {
    return null; // read while being replaced: the next poll sees the whole file
  }
}

const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const offer = (page: Page) => page.getByRole('region', { name: 'Restore the last session' });

async function reloadAndWait(page: Page): Promise<void> {
  await page.reload();
  await page.getByLabel('Demo model').waitFor({ state: 'visible', timeout: LONG });
}

describe('restore the last session after a reload (web host in Chromium)', () => {
  let studio: Studio;
  let page: Page;
  let log: string[];
  let data: string;
  let before: { model: string; image: string; method: string | null };

  beforeAll(async () => {
    studio = await openStudio('restore', { query: '&autosave-ms=300' });
    ({ page, log, data } = studio);
  });

  afterAll(async () => studio?.close());

  it('after a reload, offers the autosaved session by time, model and image, and lists it under Recent', async () => {
    await step(log, async () => {
      await openDigitsDemo(page);
      await runSaliency(page);
      before = await shown(page);
      expect(before.method).toBe('saliency');
      // The autosave that holds the map (the knob makes it come within a second, not 15 s).
      await expect.poll(() => autosaved(join(data, 'autosave.ssproj')), { timeout: LONG, interval: 250 }).toEqual({ method: 'saliency', hasMap: true });

      await reloadAndWait(page);
      await offer(page).waitFor({ state: 'visible', timeout: OFFER_MS });
      expect(await page.getByTestId('restore-offer').innerText()).toMatch(
        new RegExp(`^Restore the last session \\(saved \\d\\d:\\d\\d, ${literal(before.model)} on ${literal(before.image)}\\)$`),
      );
      // Nothing is on screen until the user chooses.
      expect(await page.getByTestId('model-name').innerText()).toBe('—');
      await page.screenshot({ path: '/tmp/restore-offer.png' });

      const bar = page.getByRole('group', { name: 'Project' });
      await bar.getByRole('button', { name: 'Recent ▾' }).click();
      const menu = page.getByRole('menu', { name: 'Recent projects' });
      await expect.poll(() => menu.getByRole('menuitem').allInnerTexts(), { timeout: LONG }).toEqual([expect.stringMatching(/^Autosave — \d\d:\d\d$/)]);
      expect(await menu.getByText('No saved projects yet').count()).toBe(0);
      await page.screenshot({ path: '/tmp/restore-recent.png' });
      await bar.getByRole('button', { name: 'Recent ▾' }).click();
    });
  });

  it('Restore brings back the model, the image and the map, as opening the file does', async () => {
    await step(log, async () => {
      await offer(page).getByRole('button', { name: 'Restore', exact: true }).click();
      await expect.poll(() => shown(page), { timeout: LONG, interval: 200 }).toEqual(before);
      await expect.poll(() => overlayNonzero(page), { timeout: LONG, interval: 200 }).toBeGreaterThan(0);
      expect(await offer(page).count()).toBe(0);
      // Restored work is in no project file yet.
      expect(await page.getByTestId('project-name').innerText()).toBe('Untitled •');
      await page.screenshot({ path: '/tmp/restore-restored.png' });
    });
  });

  it('restored work is offered again after the next reload; Dismiss stops the offer, Recent keeps the autosave', async () => {
    await step(log, async () => {
      await reloadAndWait(page);
      await offer(page).waitFor({ state: 'visible', timeout: OFFER_MS });
      await offer(page).getByRole('button', { name: 'Dismiss', exact: true }).click();
      await offer(page).waitFor({ state: 'detached', timeout: LONG });

      await reloadAndWait(page);
      const bar = page.getByRole('group', { name: 'Project' });
      await bar.getByRole('button', { name: 'Recent ▾' }).click();
      const item = page.getByRole('menu', { name: 'Recent projects' }).getByRole('menuitem', { name: /^Autosave — / });
      await item.waitFor({ state: 'visible', timeout: LONG });
      // The page asked for the offer before it listed Recent: by now it would be showing.
      expect(await offer(page).count()).toBe(0);
      // The Recent item restores it all the same.
      await item.click();
      await expect.poll(() => shown(page), { timeout: LONG, interval: 200 }).toEqual(before);
    });
  });
});
