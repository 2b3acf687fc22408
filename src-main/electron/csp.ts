// Content-Security-Policy of the Electron renderer. The page's <meta> policy
// (src-renderer/index.html) also applies; a browser enforces both.
// No WebSocket (IPC only), no inline styles: React's style prop and Konva set
// CSSOM properties, which style-src does not govern; nothing in the renderer
// writes <style> elements or style="" attributes.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Only under `electron-vite dev`: Vite's server injects an inline react-refresh
// preamble and <style> elements, and talks HMR over ws://localhost.
export const CSP_DEV = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

/** Directive name → its source list, for tests and checks. */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), values);
  }
  return out;
}
