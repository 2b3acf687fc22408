// What the large-image specs watch in the page while an image opens: Chromium's
// long-task observer (the longest main-thread task), every value of the stage's
// aria-label (which image is on screen) and the loading state's text.
import type { Page } from 'playwright-core';

const STAGE = '[data-testid=overlay-stage]';

interface Watch {
  longest: number;
  labels: string[];
  opening: string[];
}

/** Starts recording, in the page, the longest task and every value of the stage's aria-label and the loading state. */
export function startWatch(page: Page): Promise<void> {
  return page.evaluate((stageSel) => {
    const w = window as unknown as { __watch: Watch };
    w.__watch = { longest: 0, labels: [], opening: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__watch.longest = Math.max(w.__watch.longest, e.duration);
    }).observe({ type: 'longtask' });
    const stage = document.querySelector(stageSel)!;
    const note = () => {
      const label = stage.getAttribute('aria-label') ?? '';
      if (w.__watch.labels.at(-1) !== label) w.__watch.labels.push(label);
      const o = document.querySelector('[data-testid=canvas-opening]')?.textContent ?? '';
      if (o && w.__watch.opening.at(-1) !== o) w.__watch.opening.push(o);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, STAGE);
}

export const watched = (page: Page) => page.evaluate(() => (window as unknown as { __watch: Watch }).__watch);
