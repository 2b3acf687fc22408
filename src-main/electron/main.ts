// Electron entry: one instance, one engine worker, one window. The main
// thread only routes; all tfjs work runs in the engine worker it owns, and
// project files are encoded and decoded in the project store's codec worker.
import { app, BrowserWindow, dialog, protocol } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, type EngineBackend } from '../engine/client';
import { defaultJobWorkers } from '../engine/pool';
import { loadWorkerPref } from '../engine/worker-pref';
import { WorkerCodec } from '../project/codec-client';
import { ProjectStore } from '../project/store';
import { keepAliveOnUnhandledRejection } from '../hosts/guards';
import { toApiError } from '../hosts/ops';
import { registerIpc } from './ipc';
import { CSP } from './csp';
import { installMenu } from './menu';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './protocol';
import { Settings } from './settings';
import { createMainWindow, hardenApp, preloadPath, rendererTarget } from './window';

// ESM output: no __dirname. This file is out/main/index.js after the build.
const here = fileURLToPath(new URL('.', import.meta.url));

// One stray rejected promise must not close the window and every open job with it.
keepAliveOnUnhandledRejection();

// app://renderer must be privileged before app ready (a standard, secure origin).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Packaged: demos are unpacked beside app.asar (electron-builder.yml extraResources).
if (app.isPackaged) process.env.SALIENCY_RESOURCES = join(process.resourcesPath, 'resources');

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
  const target = rendererTarget();
  hardenApp(target);
  serveRenderer(protocol, join(here, '../renderer'), CSP);
  const settings = new Settings(join(app.getPath('userData'), 'settings.json'));
  if (settings.recovered) {
    void dialog.showMessageBox({
      type: 'warning',
      message: 'Your settings file was damaged',
      detail: `Saliency Studio started with default settings. The damaged file (${settings.recovered.reason}) was kept as ${settings.recovered.backup}.`,
    });
  }

  // The host's stores keep the projects and the masking lab's experiment log beside the settings.
  process.env.SALIENCY_STUDIO_DATA ??= app.getPath('userData');
  try {
    // Both workers are entries of the main build, beside this file (electron.vite.config.ts).
    const projects = new ProjectStore({ codec: new WorkerCodec(join(here, 'project-codec-worker.js')) });
    backend = await startEngine({ workerPath: join(here, 'engine-worker.js'), projects, workers: defaultJobWorkers(loadWorkerPref()), keepPreference: true });
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
    // A quit keeps the autosave's offer: unsaved work is offered at the next start (project/autosave-marker.ts).
    const stop = b.projects
      .close()
      .catch(() => undefined)
      .then(() => b.close())
      .catch(() => undefined);
    void Promise.race([stop, timeout]).finally(() => app.quit());
  });
  main().catch((err: unknown) => {
    dialog.showErrorBox('Saliency Studio could not start', toApiError(err).message);
    app.exit(1);
  });
}
