// The one app window and the security settings around it: sandboxed,
// isolated renderer, no popups, no navigation, no permissions, strict CSP.
// Anchor: Electron's security checklist; electron-vite "Limitations of Sandboxing".
import { app, BrowserWindow, screen, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../api/errors';
import { CSP, CSP_DEV } from './csp';
import { APP_ENTRY, isAppUrl } from './protocol';
import type { Settings, WindowBounds } from './settings';

// Set by electron.vite.config.ts: true only in bundles built by `electron-vite dev`.
declare const __SS_DEV_SERVER_BUILD__: boolean | undefined;
const DEV_SERVER_BUILD = typeof __SS_DEV_SERVER_BUILD__ !== 'undefined' && __SS_DEV_SERVER_BUILD__ === true;

export interface RendererTarget {
  /** What the window loads: the Vite dev server or app://renderer/index.html. */
  url: string;
  dev: boolean;
  /** Is this URL our own renderer (for IPC senders and navigation)? */
  isTrusted(url: string): boolean;
}

/**
 * Only a loopback Vite server: http, localhost or 127.0.0.1, an explicit port,
 * no credentials. Anything else would get the full preload.
 */
export function devServerOrigin(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
  return u.protocol === 'http:' && loopback && u.port !== '' && u.username === '' && u.password === '' ? u.origin : null;
}

/**
 * ELECTRON_RENDERER_URL counts only under `electron-vite dev`: a bundle built
 * by its dev command, started by it (it sets NODE_ENV_ELECTRON_VITE), never
 * packaged. `npm start` runs the production build and ignores it.
 */
export function rendererTarget(opts: { devServerBuild?: boolean } = {}): RendererTarget {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const devMode = (opts.devServerBuild ?? DEV_SERVER_BUILD) && process.env.NODE_ENV_ELECTRON_VITE === 'development' && !app.isPackaged;
  if (devUrl && devMode) {
    const origin = devServerOrigin(devUrl);
    if (!origin)
      throw new StudioError('bad-request', `ELECTRON_RENDERER_URL must be http://localhost:<port> or http://127.0.0.1:<port>, not ${JSON.stringify(devUrl)}`);
    return { url: devUrl, dev: true, isTrusted: (u) => safeOrigin(u) === origin };
  }
  if (devUrl) console.warn('ELECTRON_RENDERER_URL ignored: honoured only under electron-vite dev');
  return { url: APP_ENTRY, dev: false, isTrusted: (u) => isAppUrl(u) };
}

function safeOrigin(u: string): string | null {
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
}

/** electron-vite names the CJS preload after package.json "type"; accept what the build emitted. */
export function preloadPath(outMain: string): string {
  const names = ['index.cjs', 'index.js', 'index.mjs'].map((n) => join(outMain, '../preload', n));
  return names.find((p) => existsSync(p)) ?? names[0];
}

/** Once per app: rules for every webContents and the default session. */
export function hardenApp(target: RendererTarget): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // Links to papers open in the user's browser, never inside the app.
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    const stay = (e: Electron.Event, url: string) => {
      if (url !== contents.getURL()) e.preventDefault();
    };
    contents.on('will-navigate', stay);
    contents.on('will-redirect', stay);
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  const csp = target.dev ? CSP_DEV : CSP;
  ses.webRequest.onHeadersReceived((details, cb) => {
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    cb({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp], 'X-Content-Type-Options': ['nosniff'] } });
  });
}

/** Saved bounds only when they still overlap a connected display. */
function visibleBounds(b: WindowBounds): WindowBounds {
  if (b.x === undefined || b.y === undefined) return b;
  const r = { x: b.x, y: b.y, width: b.width, height: b.height };
  const onScreen = screen
    .getAllDisplays()
    .some(({ workArea: w }) => r.x < w.x + w.width - 64 && r.x + r.width > w.x + 64 && r.y >= w.y - 8 && r.y < w.y + w.height - 64);
  return onScreen ? b : { width: b.width, height: b.height, maximized: b.maximized };
}

export function createMainWindow(target: RendererTarget, preload: string, settings: Settings): BrowserWindow {
  const saved = visibleBounds(settings.bounds());
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width,
    height: saved.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Saliency Studio',
    backgroundColor: '#16181d',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const saveBounds = () => settings.saveBounds({ ...win.getNormalBounds(), maximized: win.isMaximized() });
  // Also while the window lives (debounced): a crash must not lose the layout.
  let pending: ReturnType<typeof setTimeout> | null = null;
  const later = () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      if (!win.isDestroyed()) saveBounds();
    }, 500);
  };
  for (const ev of ['move', 'resize', 'maximize', 'unmaximize'] as const) win.on(ev as 'move', later);
  win.on('close', () => {
    if (pending) clearTimeout(pending);
    saveBounds();
  });
  void win.loadURL(target.url);
  return win;
}
