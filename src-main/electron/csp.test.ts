// The three policies the renderer runs under: the Electron header, the web
// host's header (src-main/hosts/static.ts) and the page's own <meta>, which a
// browser enforces together with either header.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP as WEB_CSP } from '../hosts/static';
import { devCspPlugin } from '../../electron.vite.config';
import { CSP, CSP_DEV, parseCsp } from './csp';

const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';

/** Shared by every policy: same-origin code and styles only, no plugins, no <base>, no form posts. */
function expectStrict(policy: string) {
  const d = parseCsp(policy);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  for (const [k, sources] of d) for (const src of sources) expect(src === '*' || src.includes('*.'), `${k} ${src}`).toBe(false);
  expect(d.get('default-src')).toEqual(["'self'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('style-src')).toEqual(["'self'"]);
  expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  for (const k of ['object-src', 'base-uri', 'form-action']) expect(d.get(k), k).toEqual(["'none'"]);
  return d;
}

describe('Content-Security-Policy', () => {
  it('Electron: strict, framing denied, and no WebSocket at all', () => {
    const d = expectStrict(CSP);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(CSP).not.toMatch(/ws:|wss:/);
  });

  it('Electron dev server: relaxed only for Vite (inline preamble and styles, HMR socket)', () => {
    const d = parseCsp(CSP_DEV);
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('connect-src')).toContain('ws://localhost:*');
    for (const k of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(d.get(k), k).toEqual(["'none'"]);
  });

  it('web host: the same tightening, keeping its loopback WebSocket', () => {
    const d = expectStrict(WEB_CSP);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*']);
  });

  it('the page <meta>: strict, allows only the web host socket (frame-ancestors is ignored in <meta>)', () => {
    expect(META).not.toBe('');
    const d = expectStrict(META);
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*']);
    expect(d.has('frame-ancestors')).toBe(false);
  });

  it('the dev server relaxes the <meta> for Vite; builds keep it strict', () => {
    const plugin = devCspPlugin();
    expect(plugin.apply).toBe('serve');
    const transform = plugin.transformIndexHtml as (html: string) => string;
    const dev = parseCsp(/content="([^"]+)"/.exec(transform(html))![1]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toContain('ws://localhost:*');
    expect(dev.get('script-src')).toEqual(["'self'"]);
  });
});
