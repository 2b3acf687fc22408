// Fuzzing the model loader with ../shared/data's LeNet (model.json + one
// shard): byte mutations of model.json, truncated and mutated weight shards,
// and structural edits (shapes, dtypes, class names, manifest entries). Each
// case loads (and then predicts finite logits) or fails with a StudioError
// whose message is one line — never a bare exception, never a hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../api/errors';
import { initBackend } from '../engine/backend';
import { mulberry32 } from '../shared/random';
import { HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { MUTATIONS, mutate, within } from '../testing/mutate';
import { loadModelFromUploads } from './load';

type Files = { name: string; bytes: Uint8Array }[];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Structural edits of the parsed model.json that keep it valid JSON. */
function structural(json: string, seed: number): string {
  const r = mulberry32(seed);
  type Topology = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  const m = JSON.parse(json) as Record<string, unknown> & {
    modelTopology: Topology & { model_config?: Topology };
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  };
  // Keras' own JSON nests the model under model_config; tfjs' writer does not.
  const topo: Topology = m.modelTopology.model_config ?? m.modelTopology;
  const layers = topo.config.layers;
  const weights = m.weightsManifest[0].weights;
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  switch (Math.floor(r() * 8)) {
    case 0:
      pick(weights).shape = pick(weights).shape.map((d) => d + 1);
      break;
    case 1:
      pick(weights).dtype = pick(['int32', 'bool', 'complex64', 'float16', 'nonsense']);
      break;
    case 2:
      weights.splice(Math.floor(r() * weights.length), 1);
      break;
    case 3:
      pick(layers).class_name = pick(['NoSuchLayer', 'Lambda', '']);
      break;
    case 4:
      delete (m as Record<string, unknown>).weightsManifest;
      break;
    case 5:
      m.weightsManifest[0].paths = ['missing-shard.bin'];
      break;
    case 6:
      pick(layers).config.batch_input_shape = [null, 0, -3];
      break;
    default:
      delete (topo as Partial<Topology>).config;
      break;
  }
  return JSON.stringify(m);
}

async function attempt(files: Files, what: string, outcome: { loaded: number; refused: Record<string, number> }): Promise<void> {
  try {
    const { classifier, info } = await within(loadModelFromUploads(files), 15_000, what);
    const x = tf.zeros([1, info.inputHeight, info.inputWidth, info.inputChannels]) as tf.Tensor4D;
    const logits = tf.tidy(() => classifier.logits(x).dataSync());
    x.dispose();
    classifier.dispose();
    expect(logits.length, what).toBe(info.numClasses);
    outcome.loaded++;
  } catch (e) {
    if (!(e instanceof StudioError)) throw new Error(`${what}: not a StudioError: ${String(e instanceof Error ? e.stack : e)}`);
    expect(e.message, what).not.toMatch(/\n/);
    outcome.refused[e.code] = (outcome.refused[e.code] ?? 0) + 1;
  }
}

describe.skipIf(!HAVE_SHARED)('fuzzing the model loader (LeNet)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('400 mutated model.json files, shards and structures end in a model or a named error, without leaking', { timeout: 300_000 }, async () => {
    const dir = SHARED_MODELS.lenet.replace(/model\.json$/, '');
    // Copies: Buffer.slice shares memory, so mutating a Buffer's "copy" would corrupt the source.
    const json = new Uint8Array(readFileSync(join(dir, 'model.json')));
    const shard = new Uint8Array(readFileSync(join(dir, 'group1-shard1of1')));
    const outcome = { loaded: 0, refused: {} as Record<string, number> };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 400; i++) {
      const kind = MUTATIONS[i % MUTATIONS.length];
      let files: Files;
      if (i < 200)
        files = [
          { name: 'model.json', bytes: mutate(json, kind, i, 2048) },
          { name: 'group1-shard1of1', bytes: shard },
        ];
      else if (i < 300)
        files = [
          { name: 'model.json', bytes: json },
          { name: 'group1-shard1of1', bytes: mutate(shard, i % 2 ? 'truncate' : kind, i) },
        ];
      else
        files = [
          { name: 'model.json', bytes: enc(structural(new TextDecoder().decode(json), i)) },
          { name: 'group1-shard1of1', bytes: shard },
        ];
      await attempt(files, `case ${i} (${i < 200 ? `model.json ${kind}` : i < 300 ? 'shard' : 'structure'})`, outcome);
    }
    console.log(`model fuzz: ${outcome.loaded} loaded, refused ${JSON.stringify(outcome.refused)}`);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.values(outcome.refused).reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
  });
});
