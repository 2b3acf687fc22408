// Shared helpers for the demo trainers: a seeded PRNG (Math.random would make
// the committed models irreproducible), an fs save handler (tfjs's file://
// router lives in tfjs-node, which is optional and usually absent) and PNG output.
import type { ModelExpects } from '../../src-main/api/dicom-types';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_DIR = join(REPO_ROOT, 'resources', 'demo');

export { gaussian, mulberry32 } from '../../src-main/shared/random';

/** In-place Fisher-Yates with a seeded source. */
export function shuffle<T>(arr: T[], rand: () => number): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

/** Removes generated files from a previous run so stale samples never linger. */
export function cleanDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export interface Sidecar {
  name: string;
  preprocess: { preset: string; resize: string; invert: boolean };
  labels: string[];
  defaultLayer: string;
  /** What the model was trained on (src-main/model/distribution.ts). */
  expects?: ModelExpects;
  description: string;
  trainedBy: string;
  testAccuracy: number;
}

/** Saves model.json + a single weights.bin (the layout tf.io.http/loaders expect) and the sidecar. */
export async function saveDemoModel(model: tf.LayersModel, dir: string, sidecar: Sidecar): Promise<number> {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const data = art.weightData;
      if (!data || !art.weightSpecs) throw new Error('model has no weights to save');
      const buf = Buffer.from(tf.io.CompositeArrayBuffer.join(data));
      writeFileSync(join(dir, 'weights.bin'), buf);
      const modelJson = {
        modelTopology: art.modelTopology,
        format: art.format,
        generatedBy: art.generatedBy,
        convertedBy: art.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }],
      };
      const json = JSON.stringify(modelJson);
      writeFileSync(join(dir, 'model.json'), json);
      bytes = buf.length + json.length;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: buf.length } };
    }),
  );
  writeFileSync(join(dir, 'saliency-studio.json'), JSON.stringify(sidecar, null, 2) + '\n');
  return bytes;
}

/** 8-bit single-channel PNG from 0..1 floats or 0..255 bytes. */
export async function writeGrey8(path: string, px: Float32Array | Uint8Array, w: number, h: number): Promise<void> {
  const bytes = px instanceof Uint8Array ? px : Uint8Array.from(px, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  await sharp(Buffer.from(bytes), { raw: { width: w, height: h, channels: 1 } })
    .png()
    .toFile(path);
}

/** 16-bit single-channel PNG from 0..1 floats (exercises the app's high-bit-depth path). */
export async function writeGrey16(path: string, px: Float32Array, w: number, h: number): Promise<void> {
  const words = Uint16Array.from(px, (v) => Math.round(Math.min(1, Math.max(0, v)) * 65535));
  await sharp(words, { raw: { width: w, height: h, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toFile(path);
}

/** Total bytes under a directory, for the size report. */
export function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  }
  return n;
}
