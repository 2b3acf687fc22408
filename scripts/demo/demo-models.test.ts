// Checks the committed demo models in resources/demo load with plain tfjs and
// still classify their committed samples (catches a stale or corrupt retrain).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend';
import { DEMO_DIR, dirBytes, type Sidecar } from './common';

/** fs-based loader: the file:// router needs tfjs-node, which may be absent. */
function fsHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const bufs = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(bufs);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return { modelTopology: json.modelTopology, format: json.format, weightSpecs: specs, weightData };
    },
  };
}

const sidecar = (dir: string) => JSON.parse(readFileSync(join(dir, 'saliency-studio.json'), 'utf8')) as Sidecar;

async function predict(model: tf.LayersModel, px: Float32Array, size: number): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(tf.tensor4d(px, [1, size, size, 1])) as tf.Tensor);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

const argmax = (a: ArrayLike<number>) => Array.from(a).indexOf(Math.max(...Array.from(a)));

beforeAll(async () => {
  await initBackend();
});

describe('demo models in resources/demo', () => {
  it('stay small', () => {
    expect(dirBytes(DEMO_DIR)).toBeLessThan(2 * 1024 * 1024);
  });

  it('digits CNN loads, matches its sidecar, and classifies every committed sample', async () => {
    const dir = join(DEMO_DIR, 'digits');
    const meta = sidecar(dir);
    const model = await tf.loadLayersModel(fsHandler(dir));
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(meta.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(model.getLayer(meta.defaultLayer).name).toBe('conv2');
    expect(meta.testAccuracy).toBeGreaterThanOrEqual(0.97);

    const files = readdirSync(join(dir, 'samples')).filter((f) => /^digit-\d\.png$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const { data, info } = await sharp(join(dir, 'samples', f))
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([28, 28, 1]);
      const probs = await predict(
        model,
        Float32Array.from(data, (v) => v / 255),
        28,
      );
      expect(meta.labels[argmax(probs)], f).toBe(f.match(/\d/)![0]);
    }
    model.dispose();
  });

  it('chest phantom CNN loads, has a CAM-friendly head, and gets >=5 of 6 samples right', async () => {
    const dir = join(DEMO_DIR, 'chest');
    const meta = sidecar(dir);
    const model = await tf.loadLayersModel(fsHandler(dir));
    expect(model.inputs[0].shape).toEqual([null, 96, 96, 1]);
    expect(meta.labels).toEqual(['normal', 'nodule']);
    const cam = model.getLayer(meta.defaultLayer).outputShape as number[];
    expect(cam[1]).toBeGreaterThanOrEqual(8);
    expect(cam[2]).toBeGreaterThanOrEqual(8);
    expect(meta.testAccuracy).toBeGreaterThanOrEqual(0.9);

    const manifest = JSON.parse(readFileSync(join(dir, 'samples', 'manifest.json'), 'utf8')) as Array<{
      file: string;
      mask: string;
      label: string;
      hasNodule: boolean;
      bbox: { x: number; y: number; width: number; height: number } | null;
    }>;
    expect(manifest).toHaveLength(6);
    expect(manifest.filter((s) => s.hasNodule)).toHaveLength(3);
    let right = 0;
    for (const s of manifest) {
      const img = await sharp(join(dir, 'samples', s.file))
        .toColourspace('grey16')
        .raw({ depth: 'ushort' })
        .toBuffer({ resolveWithObject: true });
      expect((await sharp(join(dir, 'samples', s.file)).metadata()).depth).toBe('ushort'); // really 16-bit
      const words = new Uint16Array(img.data.buffer, img.data.byteOffset, img.data.byteLength / 2);
      expect(words.length).toBe(96 * 96);
      const probs = await predict(
        model,
        Float32Array.from(words, (v) => v / 65535),
        96,
      );
      if (meta.labels[argmax(probs)] === s.label) right++;

      const mask = await sharp(join(dir, 'samples', s.mask))
        .toColourspace('b-w')
        .raw()
        .toBuffer();
      const on = mask.reduce((n, v) => n + (v > 127 ? 1 : 0), 0);
      expect(on > 0).toBe(s.hasNodule);
      if (s.bbox) expect(on).toBeLessThanOrEqual(s.bbox.width * s.bbox.height);
    }
    expect(right).toBeGreaterThanOrEqual(5);
    model.dispose();
  });
});
