// Files the importer must refuse, each with one named line: truncated or
// foreign HDF5, HDF5 without model_config, zips that are not .keras files,
// oversized entries, custom classes and Lambda layers, weights that do not fit.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { checkSuperblock } from './hdf5';
import { loadKerasFile, loadKerasJsonH5 } from './index';
import { declareSize, readZip, writeH5, writeZip } from './testing/fixtures';

const KERAS = (...p: string[]): string => shared('keras', ...p);

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'keras-errors-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The error a load throws, checked to be one line that names the file. */
async function refusal(load: Promise<unknown>, file: string): Promise<{ code: string; message: string }> {
  const e = (await load.then(
    () => null,
    (err: unknown) => err,
  )) as { code?: string; message?: string } | null;
  expect(e, 'expected the load to fail').not.toBeNull();
  expect(e?.message).not.toContain('\n');
  expect(e?.message).toContain(file);
  return { code: String(e?.code), message: String(e?.message) };
}

const sequential = (layers: object[]): string =>
  JSON.stringify({
    class_name: 'Sequential',
    config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'in' } }, ...layers] },
  });

describe('HDF5 files that are not loadable Keras models', () => {
  it('a text file named .h5 is not HDF5', async () => {
    const p = join(dir, 'notes.h5');
    await writeFile(p, 'not an hdf5 file at all\n');
    expect(await refusal(loadKerasFile(p), 'notes.h5')).toMatchObject({ code: 'bad-model', message: expect.stringContaining('not an HDF5 file') });
  });

  it('an HDF5 file without model_config is named as such', async () => {
    const p = join(dir, 'data.h5');
    await writeH5(p, { data: { x: { shape: [2], values: [1, 2] } } });
    const r = await refusal(loadKerasFile(p), 'data.h5');
    expect(r.code).toBe('not-a-model');
    expect(r.message).toContain('without a model_config attribute');
  });

  it('the superblock check reads the stored end of file (versions 0 and 2)', () => {
    const v0 = Buffer.alloc(96);
    Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(v0);
    v0[13] = 8; // offset size
    v0.writeUInt32LE(5000, 24 + 16); // end-of-file address
    expect(() => checkSuperblock(v0, 5000, 'a.h5')).not.toThrow();
    expect(() => checkSuperblock(v0, 4999, 'a.h5')).toThrow(/truncated HDF5 file \(4999 of 5000 bytes\)/);
    const v2 = Buffer.alloc(96);
    Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 2, 8, 8]).copy(v2);
    v2.writeUInt32LE(777, 12 + 16);
    expect(() => checkSuperblock(v2, 700, 'b.h5')).toThrow(/truncated/);
  });
});

describe.skipIf(!HAVE_SHARED)('real files, damaged or misused', () => {
  it('a truncated HDF5 model (the first 100 kB of mnist_model.h5)', async () => {
    const p = join(dir, 'cut.h5');
    await writeFile(p, (await readFile(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.h5'))).subarray(0, 100_000));
    expect(await refusal(loadKerasFile(p), 'cut.h5')).toEqual({ code: 'truncated', message: 'cut.h5: truncated HDF5 file (100000 of 447168 bytes)' });
  });

  it('a weights-only HDF5 given as a model says it needs its JSON config', async () => {
    const r = await refusal(loadKerasFile(KERAS('kotlindl_fashion_lenet_json_h5', 'mnist_weights_only.h5')), 'mnist_weights_only.h5');
    expect(r).toEqual({
      code: 'not-a-model',
      message: 'mnist_weights_only.h5: HDF5 without a model_config attribute: it holds weights only; load it with its JSON config',
    });
  });

  it('a zip that is not a .keras file', async () => {
    const p = join(dir, 'photos.keras');
    await writeZip(p, { 'a.txt': 'hello', 'b/c.json': '{}' });
    expect(await refusal(loadKerasFile(p), 'photos.keras')).toEqual({
      code: 'not-a-model',
      message: 'photos.keras: not a Keras 3 .keras file: it has no config.json and model.weights.h5',
    });
  });

  it('a .keras whose weights entry declares more than 2 GiB', async () => {
    const zip = await readFile(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.keras'));
    const p = join(dir, 'huge.keras');
    await writeFile(p, declareSize(new Uint8Array(zip), 'model.weights.h5', 0xf000_0000));
    const r = await refusal(loadKerasFile(p), 'huge.keras');
    expect(r.code).toBe('too-large');
    expect(r.message).toMatch(/entry model\.weights\.h5 holds 4026531840 bytes, above the 2147483648-byte limit/);
  });

  it('a .keras with npz weights is refused as unsupported', async () => {
    const p = join(dir, 'npz.keras');
    await writeFile(p, zipSync({ 'config.json': new TextEncoder().encode('{}'), 'model.weights.npz': new Uint8Array(8) }));
    expect((await refusal(loadKerasFile(p), 'npz.keras')).code).toBe('unsupported-model');
  });

  it('the Keras 3.15 subclassed NestedDenseModel is refused by name and class', async () => {
    const r = await refusal(
      loadKerasFile(KERAS('fixtures_keras_structure_only', 'keras3_pre_pr22362_nested_container.keras')),
      'keras3_pre_pr22362_nested_container.keras',
    );
    expect(r.code).toBe('unsupported-model');
    expect(r.message).toContain('layer "nested_dense_model" (NestedDenseModel)');
    expect(r.message).toContain('legacy_nested_container>NestedDenseModel');
  });

  it('weights that do not fit the config are named, and nothing leaks', async () => {
    const files = await readZip(KERAS('moonflower_mnist_h5_keras3', 'mnist_model.keras'));
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    const denseLayer = config.config.layers.find((l: { class_name: string }) => l.class_name === 'Dense');
    denseLayer.config.units = 12;
    const p = join(dir, 'resized.keras');
    await writeZip(p, { ...files, 'config.json': JSON.stringify(config) });
    const before = tf.memory().numTensors;
    const r = await refusal(loadKerasFile(p), 'resized.keras');
    expect(r.code).toBe('bad-model');
    expect(r.message).toContain('layer "dense": weight "layers/dense/vars/0" has shape [1600,10], the model expects [1600,12]');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a JSON config whose layers the weights file lacks', async () => {
    const dirK = 'kotlindl_fashion_lenet_json_h5';
    const cfg = join(dir, 'modelConfig.json');
    const json = JSON.parse(await readFile(KERAS(dirK, 'modelConfig.json'), 'utf8'));
    json.config.layers[0].config.name = 'renamed_conv';
    json.config.layers.splice(1, 0, { class_name: 'Dense', config: { name: 'extra', units: 1 } });
    await writeFile(cfg, JSON.stringify(json));
    await copyFile(KERAS(dirK, 'mnist_weights_only.h5'), join(dir, 'w.h5'));
    const r = await refusal(loadKerasJsonH5(cfg, join(dir, 'w.h5')), 'w.h5');
    expect(r.code).toBe('missing-weights');
    expect(r.message).toContain('no weights for layer "renamed_conv"');
  });
});

describe('layers that cannot be loaded, refused by name and class', () => {
  const h5Model = async (name: string, config: string, version = '2.4.0'): Promise<string> => {
    const p = join(dir, name);
    await writeH5(p, { attrs: { '': { model_config: config, keras_version: version, backend: 'tensorflow' } } });
    return p;
  };

  it('a Lambda layer', async () => {
    const p = await h5Model('lambda.h5', sequential([{ class_name: 'Lambda', config: { name: 'scale_by_two', function: ['4wEAAAAAAAAA', null, null] } }]));
    expect(await refusal(loadKerasFile(p), 'lambda.h5')).toEqual({
      code: 'unsupported-model',
      message: 'lambda.h5: layer "scale_by_two" (Lambda) is a Lambda layer: it runs Python code, which cannot be loaded',
    });
  });

  it('a registered custom layer (Keras 3)', async () => {
    const custom = { module: 'my_project.layers', class_name: 'ScaleLayer', registered_name: 'MyProject>ScaleLayer', config: { name: 'scale', factor: 2 } };
    const p = await h5Model('custom.h5', sequential([custom]), '3.4.1');
    const r = await refusal(loadKerasFile(p), 'custom.h5');
    expect(r.code).toBe('unsupported-model');
    expect(r.message).toContain('layer "scale" (ScaleLayer) is a custom class (registered as "MyProject>ScaleLayer")');
  });

  it('a class tfjs-layers does not implement (Keras 2 custom_objects layer)', async () => {
    const p = await h5Model('unknown.h5', sequential([{ class_name: 'AttentionPooling', config: { name: 'attn' } }]));
    const r = await refusal(loadKerasFile(p), 'unknown.h5');
    expect(r.message).toBe('unknown.h5: layer "attn" (AttentionPooling) has a class tfjs-layers does not implement (a custom or unsupported layer)');
  });
});
