import { mkdtemp, readFile, writeFile, copyFile, readdir, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { demo, HAVE_SHARED, SHARED_MODELS } from '../testing/shared-data';
import { loadModelFromPath, loadModelFromUploads } from './load';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

async function copyModelDir(src: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-model-'));
  const from = join(src, '..');
  for (const f of await readdir(from, { withFileTypes: true })) if (f.isFile()) await copyFile(join(from, f.name), join(dir, f.name));
  return dir;
}

describe.skipIf(!HAVE_SHARED)('real models from ../shared/data', () => {
  it('Darknet-tiny: 224×224×3, 1000 classes with Darknet labels, logits straight from GAP', async () => {
    const { info, classifier } = await loadModelFromPath(SHARED_MODELS.darknet);
    expect([info.inputHeight, info.inputWidth, info.inputChannels]).toEqual([224, 224, 3]);
    expect(info.numClasses).toBe(1000);
    expect(info.labels?.[0]).toBe('kit fox');
    expect(info.logitsFromSoftmax).toBe(false);
    expect(info.layers.find((l) => l.name === 'leaky_re_lu_15')?.outputShape).toEqual([null, 14, 14, 128]);
    classifier.dispose();
  });

  it('LeNet multi-output: picks the softmax output (7th of 7), takes logits before it, accepts [null,28,28]', async () => {
    const { info, classifier } = await loadModelFromPath(SHARED_MODELS.lenet);
    expect(info.numOutputs).toBe(7);
    expect(info.outputIndex).toBe(6);
    expect(info.logitsFromSoftmax).toBe(true);
    expect(info.inputShape).toEqual([null, 28, 28]);
    expect(info.inputChannels).toBe(1);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const logits = classifier.logits(x);
    expect(logits.shape).toEqual([1, 10]);
    // Logits, not probabilities: they need not sum to 1 and can be negative.
    expect(Math.abs(logits.sum().dataSync()[0] - 1)).toBeGreaterThan(1e-3);
    tf.dispose([x, logits]);
    classifier.dispose();
  });

  it('DoodleNet: fused softmax swapped for identity, softmax(logits) equals the original output', async () => {
    const { info, classifier } = await loadModelFromPath(SHARED_MODELS.doodlenet);
    expect(info.numClasses).toBe(345);
    expect(info.labels?.length).toBe(345);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const p = tf.softmax(classifier.logits(x));
    // An untouched copy of the model, loaded straight through tfjs, gives the reference probabilities.
    const w = await loadWeights(SHARED_MODELS.doodlenet);
    const raw = await tf.loadLayersModel(tf.io.fromMemory(JSON.parse(await readFile(SHARED_MODELS.doodlenet, 'utf8')).modelTopology, w.specs, w.data));
    const q = raw.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(p.sub(q))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, p, q]);
    raw.dispose();
    classifier.dispose();
  });
});

/** A folder's files as uploads, in the order `order` gives them. */
async function uploads(dir: string, order: (names: string[]) => string[]): Promise<{ name: string; bytes: Uint8Array }[]> {
  const names = order((await readdir(dir)).sort());
  return Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })));
}

describe.skipIf(!HAVE_SHARED)('uploads are recognised by content, in any order', () => {
  const darknet = join(SHARED_MODELS.darknet, '..');
  // model.json last, the labels JSON first, the shards reversed (group9 … group1): no name or position helps.
  const lastModel = (names: string[]) => [...names.filter((n) => n !== 'model.json').reverse(), 'model.json'];

  it('Darknet-tiny shuffled: the same model as from its folder (logits bit-identical), with the ImageNet labels', async () => {
    const files = await uploads(darknet, lastModel);
    expect(files[0].name).toBe('imagenet_classes_darknet.json');
    expect(files.at(-1)?.name).toBe('model.json');
    const up = await loadModelFromUploads(files);
    const disk = await loadModelFromPath(SHARED_MODELS.darknet);
    expect(up.info.numClasses).toBe(1000);
    expect(up.info.labels?.slice(0, 2)).toEqual(['kit fox', 'English setter']);
    expect(up.info.labels).toEqual(disk.info.labels);
    expect(up.info.warnings.filter((w) => /labels/.test(w))).toEqual([]);
    // 25 of the 31 shards share their size with another (four of 2048 bytes, three of 8192…): only matching by name gives every weight its own bytes.
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const [a, b] = tf.tidy(() => [up.classifier.logits(x).dataSync(), disk.classifier.logits(x).dataSync()]);
    expect(a.length).toBe(1000);
    expect(Array.from(a)).toEqual(Array.from(b));
    x.dispose();
    up.classifier.dispose();
    disk.classifier.dispose();
  });

  it('DoodleNet with class_names.txt first: its 345 lines are the labels', async () => {
    const order = ['class_names.txt', 'group1-shard1of1.bin', 'model.json', '_source_DOODLENET_CLASSES.js'];
    const files = await uploads(join(SHARED_MODELS.doodlenet, '..'), (n) => {
      expect([...n].sort()).toEqual([...order].sort());
      return order;
    });
    const { info, classifier } = await loadModelFromUploads(files);
    expect(info.labels?.length).toBe(345);
    expect(info.labels?.slice(0, 3)).toEqual(['flashlight', 'belt', 'mushroom']);
    classifier.dispose();
  });

  it('labels meant as labels but of another length are named and ignored; a README is not taken for labels', async () => {
    const lenet = await uploads(join(SHARED_MODELS.lenet, '..'), (n) => n);
    const text = (name: string, t: string) => ({ name, bytes: new TextEncoder().encode(t) });
    const wrong = await loadModelFromUploads([text('labels.txt', 'a\nb\nc\n'), ...lenet]);
    expect(wrong.info.labels).toBeNull();
    expect(wrong.info.warnings).toContain('labels file has 3 names for 10 classes; labels ignored');
    wrong.classifier.dispose();
    const readme = await loadModelFromUploads([text('README', 'one\ntwo\n'), ...lenet]);
    expect(readme.info.labels).toBeNull();
    expect(readme.info.warnings.filter((w) => /labels/.test(w))).toEqual([]);
    readme.classifier.dispose();
  });

  it("the sidecar's labelsFile names an upload, whatever its shape; one not given is refused before the model is built", async () => {
    const lenet = await uploads(join(SHARED_MODELS.lenet, '..'), (n) => n);
    const text = (name: string, t: string) => ({ name, bytes: new TextEncoder().encode(t) });
    const digits = Array.from({ length: 10 }, (_, i) => `digit ${i}`).join('\n');
    const side = text('saliency-studio.json', '{"labelsFile": "digits.names"}');
    const { info, classifier } = await loadModelFromUploads([side, text('digits.names', digits), text('labels.txt', 'a\nb'), ...lenet]);
    expect(info.labels?.[7]).toBe('digit 7');
    classifier.dispose();
    const before = tf.memory().numTensors;
    await expect(loadModelFromUploads([side, ...lenet])).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('"digits.names" is not among'),
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without a model among them, the uploads are refused by name of what was expected', async () => {
    const files = await uploads(darknet, (n) => n.filter((f) => f !== 'model.json'));
    await expect(loadModelFromUploads(files)).rejects.toMatchObject({
      code: 'not-a-model',
      message: expect.stringMatching(/^no model among the 33 files given: expected a TensorFlow.js model.json/),
    });
  });
});

async function loadWeights(modelJson: string): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> {
  const j = JSON.parse(await readFile(modelJson, 'utf8')) as { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const bufs: Buffer[] = [];
  for (const g of j.weightsManifest) for (const p of g.paths) bufs.push(await readFile(join(modelJson, '..', p)));
  const all = Buffer.concat(bufs);
  return { specs: j.weightsManifest.flatMap((g) => g.weights), data: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) };
}

describe('demo model', () => {
  it('reads the sidecar: labels, preprocessing, default layer', async () => {
    const { info, classifier } = await loadModelFromPath(demo('digits', 'model.json'));
    expect(info.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(info.preprocess.preset).toBe('unit');
    expect(info.defaultLayer).toBe('conv2');
    expect(info.warnings).toEqual([]);
    classifier.dispose();
  });

  it('loads from uploaded bytes as from disk', async () => {
    const dir = join(demo('digits'));
    const files = await Promise.all(
      (await readdir(dir)).filter((f) => !f.startsWith('samples')).map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })),
    );
    const { info, classifier } = await loadModelFromUploads(files);
    expect(info.numClasses).toBe(10);
    expect(info.defaultLayer).toBe('conv2');
    classifier.dispose();
  });
});

describe('broken models get specific errors', () => {
  it('model.json that is not JSON', async () => {
    const dir = await copyModelDir(demo('digits', 'model.json'));
    await writeFile(join(dir, 'model.json'), '{"modelTopology": [oops');
    await expect(loadModelFromPath(join(dir, 'model.json'))).rejects.toMatchObject({ code: 'not-a-tfjs-model' });
  });
  it('JSON that is not a tfjs model', async () => {
    const dir = await copyModelDir(demo('digits', 'model.json'));
    await writeFile(join(dir, 'model.json'), '{"hello": "world"}');
    await expect(loadModelFromPath(join(dir, 'model.json'))).rejects.toMatchObject({ code: 'not-a-tfjs-model' });
  });
  it('a missing weight shard is named', async () => {
    const dir = await copyModelDir(demo('digits', 'model.json'));
    const j = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    const shard = j.weightsManifest[0].paths[0];
    await writeFile(join(dir, 'model.json'), JSON.stringify({ ...j, weightsManifest: [{ ...j.weightsManifest[0], paths: ['nope.bin'] }] }));
    await expect(loadModelFromPath(join(dir, 'model.json'))).rejects.toMatchObject({ code: 'missing-weights', message: expect.stringContaining('nope.bin') });
    expect(shard).toBeTruthy();
  });
  it('a short weight shard is reported with byte counts', async () => {
    const dir = await copyModelDir(demo('digits', 'model.json'));
    const j = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    await truncate(join(dir, j.weightsManifest[0].paths[0]), 100);
    await expect(loadModelFromPath(join(dir, 'model.json'))).rejects.toMatchObject({ code: 'wrong-size', message: expect.stringMatching(/100 bytes/) });
  });
  it('a 0-byte model file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-empty-'));
    await writeFile(join(dir, 'model.json'), '');
    await expect(loadModelFromPath(join(dir, 'model.json'))).rejects.toMatchObject({ code: 'empty-file' });
  });
  it('a SavedModel without tfjs-node says what it needs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-saved-'));
    await writeFile(join(dir, 'saved_model.pb'), 'x');
    await expect(loadModelFromPath(dir)).rejects.toMatchObject({ code: 'missing-package' });
  });
});
