// Finds resources/ from source (tsx), from the electron-vite build (out/main),
// and from a packaged app (SALIENCY_RESOURCES set by the Electron host).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoEntry } from '../api/types';

export function resourcesDir(): string {
  if (process.env.SALIENCY_RESOURCES) return process.env.SALIENCY_RESOURCES;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'demo'))) return join(dir, 'resources');
    dir = dirname(dir);
  }
  return resolve('resources');
}

/** Demo models with their sample images (mask files excluded). */
export function listDemos(): DemoEntry[] {
  const root = join(resourcesDir(), 'demo');
  if (!existsSync(root)) return [];
  const out: DemoEntry[] = [];
  for (const id of readdirSync(root).sort()) {
    const modelPath = join(root, id, 'model.json');
    if (!existsSync(modelPath)) continue;
    let label = id;
    try {
      label = (JSON.parse(readFileSync(join(root, id, 'saliency-studio.json'), 'utf8')) as { name?: string }).name ?? id;
    } catch {
      /* a demo without a sidecar keeps its folder name */
    }
    const sdir = join(root, id, 'samples');
    const images = existsSync(sdir)
      ? readdirSync(sdir)
          .filter((f) => /\.(png|jpe?g|webp|tiff?|dcm)$/i.test(f) && !f.includes('.mask.'))
          .sort()
          .map((name) => ({ name, path: join(sdir, name) }))
      : [];
    out.push({ id, label, modelPath, images });
  }
  return out;
}
