// What every web-host e2e spec starts with: a scratch data folder, the real
// engine worker, the loopback host serving the renderer build, and Debian's
// Chromium on it; and a step wrapper that prints the page's log on failure.
// SALIENCY_E2E_OUT points at another build (default: out/).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StudioBackend } from '../src-main/api/types';
import { startEngine } from '../src-main/engine/client';
import { startServer, type RunningServer } from '../src-main/hosts/serve';
import { watchPage } from './flow';

export const ROOT = resolve(import.meta.dirname, '..');
export const OUT = process.env.SALIENCY_E2E_OUT ?? join(ROOT, 'out');
export const STATIC = join(OUT, 'renderer');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function requireBuild(): void {
  if (!existsSync(join(STATIC, 'index.html'))) throw new Error(`${STATIC}/index.html missing: run "node scripts/e2e.mjs" (it builds first)`);
}

export interface Studio {
  backend: StudioBackend;
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** The page's console and errors, for step(). */
  log: string[];
  /** This run's scratch folder, removed by close(). */
  scratch: string;
  /** SALIENCY_STUDIO_DATA of this run (projects, autosave, the experiment log): scratch/data. */
  data: string;
  close(): Promise<void>;
}

/** Opens the app at `query` (appended to the tokened URL; `&start=empty` unless it sets start=) in a page of `viewport` (1600×1000). */
export async function openStudio(name: string, opts: { query?: string; viewport?: { width: number; height: number } } = {}): Promise<Studio> {
  requireBuild();
  const scratch = await mkdtemp(join(tmpdir(), `ss-e2e-${name}-`));
  const data = join(scratch, 'data');
  // The engine keeps the masking lab's experiment log and the projects here, not in the user's home.
  process.env.SALIENCY_STUDIO_DATA = data;
  const backend = await startEngine();
  const server = await startServer({ backend, staticDir: STATIC });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1600, height: 1000 } });
  const log = watchPage(page);
  // The app opens on the first demo by itself; specs begin from an empty app unless their query says `start=`.
  const query = opts.query ?? '';
  await page.goto(`${server.url}${/[?&]start=/.test(query) ? '' : '&start=empty'}${query}`);
  return {
    backend,
    server,
    browser,
    page,
    log,
    scratch,
    data,
    close: async () => {
      await browser.close();
      await server.close();
      await backend.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Prints what the page logged when a step fails, then fails with the original error. */
export async function step(log: string[], what: () => Promise<void>): Promise<void> {
  try {
    await what();
  } catch (err) {
    if (log.length) console.error(`page log:\n  ${log.slice(-30).join('\n  ')}`);
    throw err;
  }
}
