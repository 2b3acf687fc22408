// The window's security settings without an Electron binary: BrowserWindow,
// app, session and shell are faked, and what window.ts hands them is checked.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from './settings';
import { createMainWindow, hardenApp, type RendererTarget } from './window';

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

const TARGET: RendererTarget = { url: 'file:///app/out/renderer/index.html', dev: false, isTrusted: (u) => u === 'file:///app/out/renderer/index.html' };
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
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/app/out/preload/index.cjs' });
    expect(w.loaded).toEqual([TARGET.url]);
  });

  it('replaces any Content-Security-Policy with ours (no remote scripts, loopback sockets only) and denies permissions', () => {
    hardenApp(TARGET);
    let out: Record<string, string[]> = {};
    fake.headers({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['content-security-policy']).toBeUndefined();
    const csp = out['Content-Security-Policy'][0];
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\*/);
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
      const e = { prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit(ev, e, 'https://evil.example/');
      expect(e.prevented, ev).toBe(true);
      const same = { prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit(ev, same, TARGET.url);
      expect(same.prevented, `${ev} to itself`).toBe(false);
    }
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    wc.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
  });
});
