import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Dev server only: Vite injects <style> elements for CSS and talks HMR over
 * ws://localhost, which the page's strict <meta> CSP would block. Built pages
 * keep the strict policy.
 */
export function devCspPlugin(): Plugin {
  return {
    name: 'saliency-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
  };
}

// Three builds: the main process (with the engine worker and the project codec
// worker as further entries, so neither tfjs nor the encoding of a huge project
// runs on the Electron main thread), the sandboxed preload, and the renderer,
// which the loopback web host also serves unchanged.
export default defineConfig(({ command }) => ({
  main: {
    plugins: [externalizeDepsPlugin()],
    // Only `electron-vite dev` (command "serve") builds a main that may load
    // ELECTRON_RENDERER_URL; `electron-vite build` bakes in false.
    define: { __SS_DEV_SERVER_BUILD__: JSON.stringify(command === 'serve') },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          'engine-worker': resolve(__dirname, 'src-main/engine/worker.ts'),
          'project-codec-worker': resolve(__dirname, 'src-main/project/codec-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), devCspPlugin()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
}));
