// app://renderer without Electron: URL → file resolution, containment,
// MIME types and the handler's responses, on a temporary out/renderer.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from './csp';
import { APP_ENTRY, APP_SCHEME_PRIVILEGES, isAppUrl, mimeOf, rendererHandler, rendererSegments, resolveRendererFile, serveRenderer } from './protocol';

let base: string;
let root: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ss-protocol-')));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'blob.xyz'), 'raw');
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'SECRET');
  // A link inside the root that points out of it must not be followed.
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  symlinkSync(base, join(root, 'up'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app://renderer protocol', () => {
  it('registers a standard, secure scheme without CSP bypass or service workers', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    const p = APP_SCHEME_PRIVILEGES.privileges as Record<string, unknown>;
    expect(p.bypassCSP).toBeFalsy();
    expect(p.allowServiceWorkers).toBeFalsy();
    expect(p.corsEnabled).toBeFalsy();
    expect(APP_ENTRY).toBe('app://renderer/index.html');
  });

  it('trusts exactly the app://renderer origin', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer/')).toBe(true);
    for (const u of [
      'app://renderer2/',
      'app://evil/',
      'app://renderer.evil/',
      'app://renderer:1/',
      'app://a@renderer/',
      'app:renderer/index.html',
      'file:///renderer/index.html',
      'https://renderer/',
      'nope',
    ])
      expect(isAppUrl(u), u).toBe(false);
  });

  it('maps URLs to path segments and refuses traversal, backslashes, colons, NUL and other hosts', () => {
    expect(rendererSegments('app://renderer/')).toEqual(['index.html']);
    expect(rendererSegments('app://renderer')).toEqual(['index.html']);
    expect(rendererSegments('app://renderer/assets/index-abc.js?x=1#y')).toEqual(['assets', 'index-abc.js']);
    expect(rendererSegments('app://renderer/assets/a%20b.js')).toEqual(['assets', 'a b.js']);
    for (const u of [
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets/..%2F..%2Fsecret.txt',
      'app://renderer/%2e%2e%2fsecret.txt',
      'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://renderer/..%5csecret.txt',
      'app://renderer/assets\\..\\..\\secret.txt',
      'app://renderer/%5c%5cserver%5cshare',
      'app://renderer//etc/passwd',
      'app://renderer/%2Fetc%2Fpasswd',
      'app://renderer/C:/Windows/win.ini',
      'app://renderer/C%3A%5CWindows%5Cwin.ini',
      'app://renderer/index.html%00.js',
      'app://renderer/assets/',
      'app://renderer/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
    ])
      expect(rendererSegments(u), u).toBeNull();
  });

  it('resolves only regular files inside the root (symlinks resolved and kept inside)', async () => {
    expect(await resolveRendererFile(root, 'app://renderer/')).toBe(join(root, 'index.html'));
    expect(await resolveRendererFile(root, 'app://renderer/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    for (const u of [
      // The URL parser drops literal and %2e dot segments: these stay inside and name nothing.
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/.%2e/.%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/..%2frenderer-evil/x.js',
      'app://renderer/assets/link.txt',
      'app://renderer/up/secret.txt',
      'app://renderer/assets',
      'app://renderer/missing.js',
      `app://renderer/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://renderer/index.html%00',
    ])
      expect(await resolveRendererFile(root, u), u).toBeNull();
    // A root that does not exist (dev without a build) serves nothing.
    expect(await resolveRendererFile(join(base, 'nope'), 'app://renderer/index.html')).toBeNull();
  });

  it('names MIME types explicitly, unknown ones opaque', () => {
    expect(mimeOf('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeOf('/r/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeOf('/r/a.css')).toBe('text/css; charset=utf-8');
    expect(mimeOf('/r/a.wasm')).toBe('application/wasm');
    expect(mimeOf('/r/a.svg')).toBe('image/svg+xml');
    expect(mimeOf('/r/a.xyz')).toBe('application/octet-stream');
    expect(mimeOf('/r/noext')).toBe('application/octet-stream');
  });

  it('answers with the file, its type, the CSP and nosniff; 404 outside, 405 for other methods', async () => {
    let scheme = '';
    let handler: ((r: Request) => Response | Promise<Response>) | null = null;
    serveRenderer({ handle: (s, h) => ((scheme = s), (handler = h)) }, root, CSP);
    expect(scheme).toBe('app');
    const page = await handler!(new Request('app://renderer/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>ok</title>');
    const js = await handler!(new Request('app://renderer/assets/index-abc.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await rendererHandler(root, CSP)(new Request('app://renderer/assets/index-abc.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const raw = await rendererHandler(root, CSP)(new Request('app://renderer/assets/blob.xyz'));
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    const head = await rendererHandler(root, CSP)(new Request('app://renderer/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    for (const u of ['app://renderer/..%2fsecret.txt', 'app://renderer/assets/link.txt', 'app://other/index.html', 'app://renderer/nope.js']) {
      const r = await handler!(new Request(u));
      expect(r.status, u).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(CSP);
      expect(await r.text()).not.toContain('SECRET');
    }
    expect((await handler!(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
