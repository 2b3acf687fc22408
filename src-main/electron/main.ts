// Electron entry: one instance, one engine worker, one window. The main
// thread only routes; all tfjs work runs in the engine worker it owns.
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, type EngineBackend } from '../engine/client';
import { toApiError } from '../hosts/ops';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { Settings } from './settings';
import { createMainWindow, hardenApp, preloadPath, rendererTarget } from './window';

// ESM output: no __dirname. This file is out/main/index.js after the build.
const here = fileURLToPath(new URL('.', import.meta.url));

// Tests (and a second profile) point userData elsewhere; must precede the lock.
const userData = process.env.SALIENCY_STUDIO_USER_DATA;
if (userData) app.setPath('userData', userData);

let win: BrowserWindow | null = null;
let backend: EngineBackend | null = null;

function focusWindow(): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function main(): Promise<void> {
  await app.whenReady();
  const target = rendererTarget(here);
  hardenApp(target);
  const settings = new Settings(join(app.getPath('userData'), 'settings.json'));
  if (settings.recovered) {
    void dialog.showMessageBox({ type: 'warning', message: 'Your settings file was damaged', detail: `Saliency Studio started with default settings. The damaged file (${settings.recovered.reason}) was kept as ${settings.recovered.backup}.` });
  }

  // The engine worker keeps the masking lab's experiment log beside the settings.
  process.env.SALIENCY_STUDIO_DATA ??= app.getPath('userData');
  try {
    backend = await startEngine({ workerPath: join(here, 'engine-worker.js') });
  } catch (err) {
    // A crashed worker is restarted by the engine client; failing to start at all is fatal.
    dialog.showErrorBox('Saliency Studio could not start', `The engine failed to start:\n${toApiError(err).message}`);
    app.exit(1);
    return;
  }

  const menuDeps = { settings, window: () => win, dev: target.dev };
  const projects = backend.projects;
  registerIpc({
    backend,
    settings,
    grantProject: (path) => projects.grant(path),
    isTrustedUrl: target.isTrusted,
    onRecentChanged: () => installMenu(menuDeps),
  });
  installMenu(menuDeps);

  const open = () => {
    win = createMainWindow(target, preloadPath(here), settings);
    win.on('closed', () => (win = null));
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Stop the engine worker before exiting, once.
  let closing = false;
  app.on('will-quit', (e) => {
    if (!backend || closing) return;
    closing = true;
    e.preventDefault();
    const b = backend;
    backend = null;
    // A wedged worker must not keep the app alive.
    const timeout = new Promise<void>((r) => setTimeout(r, 3000).unref());
    // A normal quit: the autosave need not be offered at the next start.
    const stop = b.markCleanExit().catch(() => undefined).then(() => b.close()).catch(() => undefined);
    void Promise.race([stop, timeout]).finally(() => app.quit());
  });
  main().catch((err: unknown) => {
    dialog.showErrorBox('Saliency Studio could not start', toApiError(err).message);
    app.exit(1);
  });
}
