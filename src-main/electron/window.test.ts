// The window's security settings without an Electron binary: BrowserWindow,
// app, session and shell are faked, and what window.ts hands them is checked.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCsp } from './csp';
import type { Settings } from './settings';
import { createMainWindow, hardenApp, rendererTarget, type RendererTarget } from './window';

type HeadersCb = (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
const fake = vi.hoisted(() => ({
  windows: [] as { options: { webPreferences: Record<string, unknown> }; loaded: string[] }[],
  app: null as unknown as import('node:events').EventEmitter,
  headers: null as unknown as HeadersCb,
  permission: null as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void,
  check: null as unknown as () => boolean,
  opened: [] as string[],
}));
vi.mock('electron', async () => {
  const { EventEmitter: EE } = await import('node:events');
  fake.app = Object.assign(new EE(), { isPackaged: true });
  class BrowserWindow extends EE {
    options: unknown;
    loaded: string[] = [];
    constructor(options: { webPreferences: Record<string, unknown> }) {
      super();
      this.options = options;
      fake.windows.push(this as never);
    }
    loadURL(u: string) {
      this.loaded.push(u);
      return Promise.resolve();
    }
    maximize() {}
    show() {}
  }
  return {
    app: fake.app,
    BrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: async (u: string) => void fake.opened.push(u) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof fake.permission) => (fake.permission = fn),
        setPermissionCheckHandler: (fn: () => boolean) => (fake.check = fn),
        webRequest: { onHeadersReceived: (fn: HeadersCb) => (fake.headers = fn) },
      },
    },
  };
});

const TARGET: RendererTarget = { url: 'app://renderer/index.html', dev: false, isTrusted: (u) => u.startsWith('app://renderer/') };
const settings = { bounds: () => ({ width: 1200, height: 800 }), saveBounds: () => {} } as unknown as Settings;

/** A fake webContents as Electron passes to 'web-contents-created'. */
function contents(url: string) {
  const wc = Object.assign(new EventEmitter(), { openHandler: null as null | ((d: { url: string }) => { action: string }), getURL: () => url });
  return Object.assign(wc, { setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (wc.openHandler = fn) });
}

describe('Electron window security', () => {
  it('creates the window isolated, sandboxed, without Node, with web security and no webview', () => {
    createMainWindow(TARGET, '/app/out/preload/index.cjs', settings);
    const w = fake.windows.at(-1)!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(w.loaded).toEqual([TARGET.url]);
  });

  it('replaces any Content-Security-Policy with ours (self only, no inline, no sockets, no base/form/object/framing) and denies permissions', () => {
    hardenApp(TARGET);
    let out: Record<string, string[]> = {};
    fake.headers({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['content-security-policy']).toBeUndefined();
    const csp = out['Content-Security-Policy'][0];
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|ws:|\*/);
    const d = parseCsp(csp);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    // The Electron renderer talks IPC only: no WebSocket anywhere.
    expect(d.get('connect-src')).toEqual(["'self'"]);
    for (const k of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(d.get(k), k).toEqual(["'none'"]);
    expect(out['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(out['X-Other']).toEqual(['1']);
    let granted: boolean | null = null;
    fake.permission(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(fake.check()).toBe(false);
  });

  it('denies window.open (https links go to the system browser), and blocks navigation, redirects and webviews', () => {
    const wc = contents(TARGET.url);
    fake.app.emit('web-contents-created', {}, wc);
    expect(wc.openHandler!({ url: 'https://arxiv.org/abs/1610.02391' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://arxiv.org/abs/1610.02391']);
    for (const ev of ['will-navigate', 'will-redirect']) {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      wc.emit(ev, e, 'https://evil.example/');
      expect(e.prevented, ev).toBe(true);
      const same = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      wc.emit(ev, same, TARGET.url);
      expect(same.prevented, `${ev} to itself`).toBe(false);
    }
    const e = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    wc.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
  });
});

describe('renderer target (ELECTRON_RENDERER_URL)', () => {
  const app = () => fake.app as unknown as { isPackaged: boolean };
  afterEach(() => {
    vi.unstubAllEnvs();
    app().isPackaged = true;
  });
  const devEnv = (url: string) => {
    vi.stubEnv('ELECTRON_RENDERER_URL', url);
    vi.stubEnv('NODE_ENV_ELECTRON_VITE', 'development');
  };

  it('loads app://renderer/index.html by default and trusts exactly that origin, not file://', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    const t = rendererTarget({ devServerBuild: false });
    expect(t).toMatchObject({ url: 'app://renderer/index.html', dev: false });
    expect(t.isTrusted('app://renderer/index.html')).toBe(true);
    expect(t.isTrusted('app://renderer/assets/x.js?v=1#h')).toBe(true);
    for (const u of [
      'file:///app/out/renderer/index.html',
      'app://renderer.evil/index.html',
      'app://evil/index.html',
      'app://renderer:8080/index.html',
      'app://u:p@renderer/index.html',
      'http://renderer/index.html',
      'http://localhost:5173/',
      'not a url',
      '',
    ])
      expect(t.isTrusted(u), u).toBe(false);
  });

  it('ignores ELECTRON_RENDERER_URL under `npm start` (unpackaged, production build, no electron-vite dev)', () => {
    app().isPackaged = false;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
    vi.stubEnv('NODE_ENV_ELECTRON_VITE', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = rendererTarget({ devServerBuild: true });
    expect(t).toMatchObject({ url: 'app://renderer/index.html', dev: false });
    expect(t.isTrusted('https://evil.example/')).toBe(false);
    // electron-vite's `preview` and `build` set "production".
    vi.stubEnv('NODE_ENV_ELECTRON_VITE', 'production');
    expect(rendererTarget({ devServerBuild: true }).url).toBe('app://renderer/index.html');
    warn.mockRestore();
  });

  it('ignores it in a production bundle or a packaged app even with the dev env set', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    devEnv('http://localhost:5173');
    app().isPackaged = false;
    expect(rendererTarget({ devServerBuild: false }).url).toBe('app://renderer/index.html');
    expect(rendererTarget().url).toBe('app://renderer/index.html'); // vitest has no dev-server define
    app().isPackaged = true;
    expect(rendererTarget({ devServerBuild: true }).url).toBe('app://renderer/index.html');
    warn.mockRestore();
  });

  it('under electron-vite dev, loads and trusts only a loopback http dev server with a port', () => {
    app().isPackaged = false;
    for (const ok of ['http://localhost:5173', 'http://127.0.0.1:5174/']) {
      devEnv(ok);
      const t = rendererTarget({ devServerBuild: true });
      expect(t).toMatchObject({ url: ok, dev: true });
      const origin = new URL(ok).origin;
      expect(t.isTrusted(`${origin}/src/main.tsx`)).toBe(true);
      expect(t.isTrusted('app://renderer/index.html')).toBe(false);
      expect(t.isTrusted('http://localhost:9999/')).toBe(false);
    }
    for (const bad of [
      'https://evil.example/',
      'http://evil.example:5173',
      'https://localhost:5173',
      'http://localhost',
      'http://localhost.evil.example:5173',
      'http://127.0.0.2:5173',
      'http://user:pw@localhost:5173',
      'http://localhost:5173@evil.example/',
      'file:///etc/passwd',
      'ws://localhost:5173',
      'http://[::1]:5173',
      'nonsense',
    ]) {
      devEnv(bad);
      expect(() => rendererTarget({ devServerBuild: true }), bad).toThrow(/ELECTRON_RENDERER_URL/);
    }
  });
});

describe('electron.vite.config: which build may honour ELECTRON_RENDERER_URL', () => {
  it('bakes __SS_DEV_SERVER_BUILD__ true only into `electron-vite dev` (serve) main bundles', async () => {
    const { default: config } = await import('../../electron.vite.config');
    const mainDefine = async (command: 'build' | 'serve', mode: string) => {
      const c = await (config as (env: { command: string; mode: string }) => { main: { define: Record<string, string> } })({ command, mode });
      return c.main.define.__SS_DEV_SERVER_BUILD__;
    };
    expect(await mainDefine('build', 'production')).toBe('false');
    expect(await mainDefine('build', 'development')).toBe('false');
    expect(await mainDefine('serve', 'development')).toBe('true');
  });
});
