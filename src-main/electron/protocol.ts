// The renderer is served from app://renderer/…, not file:// (Electron security
// checklist, "Avoid usage of the file protocol"): a standard, secure origin of
// its own, files only from inside out/renderer, explicit types and our CSP.
// No Electron import here: main.ts passes `protocol` in, tests pass a fake.
import fs from 'node:fs';
import { join, sep } from 'node:path';
import { contentType } from '../core/mime';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before app ready. standard: real
 * origin, relative URLs and storage; secure: a secure context like https.
 * Deliberately no bypassCSP, no service workers, no CORS from other origins.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** Content-Type by extension; unknown files are opaque bytes (sent with nosniff). */
export function mimeOf(file: string): string {
  return contentType(file);
}

function parse(u: string | URL): URL | null {
  if (u instanceof URL) return u;
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

/**
 * Is this URL on exactly our origin? Compared by parts: Node gives non-special
 * schemes an opaque origin ("null"), so URL.origin cannot be used here.
 */
export function isAppUrl(u: string | URL): boolean {
  const url = parse(u);
  return !!url && url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

/**
 * The path under out/renderer an app:// URL names, as segments, or null.
 * Decoded once here; afterwards any `..`, `.`, empty segment, backslash, colon
 * (drive letters, NTFS streams) or NUL is refused rather than normalised.
 */
export function rendererSegments(u: string | URL): string[] | null {
  const url = parse(u);
  if (!url || !isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path === '' || path === '/') path = '/index.html';
  if (!path.startsWith('/')) return null;
  const parts = path.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\:\0]/.test(p))) return null;
  return parts;
}

// Callback forms looked up at call time: Electron patches these for app.asar.
const realpath = (p: string) => new Promise<string>((res, rej) => fs.realpath(p, (e, r) => (e ? rej(e) : res(r))));
const statOf = (p: string) => new Promise<fs.Stats>((res, rej) => fs.stat(p, (e, s) => (e ? rej(e) : res(s))));
// readFile never hands back shared memory: view the same bytes as a plain-ArrayBuffer body.
const readBytes = (p: string) =>
  new Promise<Uint8Array<ArrayBuffer>>((res, rej) =>
    fs.readFile(p, (e, b) => (e ? rej(e) : res(new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength)))),
  );

/** The regular file inside `root` that `url` names, symlinks resolved and kept inside, or null. */
export async function resolveRendererFile(root: string, url: string | URL): Promise<string | null> {
  const parts = rendererSegments(url);
  if (!parts) return null;
  try {
    const realRoot = await realpath(root);
    const candidate = join(realRoot, ...parts);
    if (!candidate.startsWith(realRoot + sep)) return null;
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + sep)) return null;
    return (await statOf(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function textResponse(status: number, text: string, csp: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The app:// handler: GET/HEAD of files under `root`, each with `csp`; everything else 404/405. */
export function rendererHandler(root: string, csp: string): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return textResponse(405, 'Method not allowed', csp);
    const file = await resolveRendererFile(root, req.url);
    if (!file) return textResponse(404, 'Not found', csp);
    const body = req.method === 'HEAD' ? null : await readBytes(file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeOf(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        // index.html changes with each build; hashed assets do not.
        'Cache-Control': file.endsWith('.html') ? 'no-store' : 'private, max-age=3600',
      },
    });
  };
}

/** The part of Electron's `protocol` used here. */
export interface ProtocolLike {
  handle(scheme: string, handler: (req: Request) => Response | Promise<Response>): void;
}

/** After app ready: serve out/renderer (`root`) as app://renderer/ on the default session. */
export function serveRenderer(protocol: ProtocolLike, root: string, csp: string): void {
  protocol.handle(APP_SCHEME, rendererHandler(root, csp));
}
