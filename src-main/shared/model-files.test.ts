import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { classifyModelFiles, type FileSample, jsonLabelNames, labelsFor, looksLikeText, SAMPLE_BYTES, textLabelNames, wantsWholeFile } from './model-files';

const enc = new TextEncoder();
const sample = (name: string, bytes: Uint8Array | string): FileSample => {
  const b = typeof bytes === 'string' ? enc.encode(bytes) : bytes;
  return { name, size: b.byteLength, bytes: b };
};
const folder = (dir: string): FileSample[] => readdirSync(dir).map((n) => sample(n, new Uint8Array(readFileSync(join(dir, n)))));
const names = (fs: readonly FileSample[]) => fs.map((f) => f.name);

/** Deterministic shuffles (a small LCG): the same orders on every run. */
function shuffle<T>(a: readonly T[], seed: number): T[] {
  const out = [...a];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const tinyModel = (paths: string[]) => JSON.stringify({ modelTopology: { class_name: 'Sequential' }, weightsManifest: [{ paths, weights: [] }] });

describe.skipIf(!HAVE_SHARED)('the Darknet-tiny folder, in any order', () => {
  const dir = shared('models', 'ml5_darknet_tiny_imagenet');
  const files = HAVE_SHARED ? folder(dir) : [];
  const manifest = HAVE_SHARED
    ? (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] }).weightsManifest.flatMap((g) => g.paths)
    : [];
  // model.json at every position, plus the list reversed and ten shuffles.
  const orders: FileSample[][] = [];
  const rest = files.filter((f) => f.name !== 'model.json');
  const main = files.find((f) => f.name === 'model.json')!;
  for (let at = 0; at <= rest.length; at++) orders.push([...rest.slice(0, at), main, ...rest.slice(at)]);
  orders.push([...files].reverse());
  for (let seed = 1; seed <= 10; seed++) orders.push(shuffle(files, seed));

  it('has the files the issue names: 31 extensionless shards, a labels JSON, model.json, a JS source', () => {
    expect(files).toHaveLength(34);
    expect(manifest).toHaveLength(31);
    expect(manifest.every((p) => /^group\d+-shard1of1$/.test(p))).toBe(true);
    expect(orders).toHaveLength(34 + 1 + 10);
  });

  it('finds model.json, matches all 31 shards to the manifest and none is missing, in all 45 orders', () => {
    for (const order of orders) {
      const c = classifyModelFiles(order);
      const at = names(order).indexOf('model.json');
      expect(c.model?.kind, `model.json at ${at}`).toBe('tfjs');
      expect(c.model?.main.name).toBe('model.json');
      expect(c.model?.parts[0].name).toBe('model.json');
      expect(c.model?.missing).toEqual([]);
      const shards = order.filter((_, i) => c.roles[i] === 'weights');
      expect(names(shards).sort()).toEqual([...manifest].sort());
      // No shard (nor anything else here) is taken for an image.
      expect(c.images).toEqual([]);
    }
  });

  it('recognises imagenet_classes_darknet.json as labels (1000 names, "kit fox" first), and picks it for 1000 classes', () => {
    for (const order of orders) {
      const c = classifyModelFiles(order);
      expect(c.labels[0].file.name).toBe('imagenet_classes_darknet.json');
      expect(c.labels[0].from).toBe('json');
      expect(c.labels[0].names).toHaveLength(1000);
      expect(c.labels[0].names[0]).toBe('kit fox');
      expect(labelsFor(c.labels, 1000)?.file.name).toBe('imagenet_classes_darknet.json');
      expect(names(c.model!.parts)).toContain('imagenet_classes_darknet.json');
    }
  });

  it('the JS source is text-shaped, but its 1007 lines never pass for the labels of 1000 classes', () => {
    const c = classifyModelFiles(files);
    const js = c.labels.find((l) => l.file.name.endsWith('.js'));
    expect(js?.from).toBe('text');
    expect(js?.names.length).toBe(1007);
    expect(
      labelsFor(
        c.labels.filter((l) => l !== c.labels[0]),
        1000,
      ),
    ).toBeNull();
  });

  it('shards with no model.json beside them are neither a model nor images', () => {
    const c = classifyModelFiles(files.filter((f) => /shard/.test(f.name)));
    expect(c.model).toBeNull();
    expect(c.images).toEqual([]);
    expect(new Set(c.roles)).toEqual(new Set(['other']));
  });

  it('a missing shard is named; a dropped image beside the model is the image', () => {
    const png = sample('IMG_0001', PNG);
    const c = classifyModelFiles(shuffle([...files.filter((f) => f.name !== 'group7-shard1of1'), png], 3));
    expect(c.model?.missing).toEqual(['group7-shard1of1']);
    expect(c.images).toEqual([png]);
  });
});

describe.skipIf(!HAVE_SHARED)('labels by shape in the other real folders', () => {
  it('DoodleNet: class_names.txt is labels (345 names), chosen for 345 classes over the JS source', () => {
    const files = folder(shared('models', 'ml5_doodlenet_quickdraw345'));
    for (const order of [files, [...files].reverse(), shuffle(files, 7)]) {
      const c = classifyModelFiles(order);
      expect(c.model?.main.name).toBe('model.json');
      expect(c.model?.missing).toEqual([]);
      const txt = c.labels.find((l) => l.file.name === 'class_names.txt');
      expect(txt?.from).toBe('text');
      expect(txt?.names).toHaveLength(345);
      expect(txt?.names.slice(0, 3)).toEqual(['flashlight', 'belt', 'mushroom']);
      expect(labelsFor(c.labels, 345)?.file.name).toBe('class_names.txt');
      expect(c.roles[order.findIndex((f) => f.name === 'class_names.txt')]).toBe('labels');
      expect(c.images).toEqual([]);
    }
  });

  it('the AutoML graph model: dict.txt is labels, daisy.jpg is the image, the LICENSE is no image', () => {
    const files = folder(shared('models', 'automl_flowers_graph'));
    const c = classifyModelFiles(shuffle(files, 11));
    expect(c.model?.kind).toBe('tfjs');
    expect(names(c.images)).toEqual(['daisy.jpg']);
    expect(labelsFor(c.labels, 5)?.file.name).toBe('dict.txt');
  });

  it('LeNet: an extensionless shard and a JSON of numbers (a sample input), neither labels nor an image', () => {
    const files = folder(shared('models', 'tensorspace_lenet_mnist_multioutput'));
    const c = classifyModelFiles([...files].reverse());
    expect(c.model?.parts.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1']);
    expect(c.roles[[...files].reverse().findIndex((f) => f.name === 'sample_input_digit5.json')]).toBe('other');
    expect(c.labels).toEqual([]);
    expect(c.images).toEqual([]);
  });

  it('a DICOM without an extension is an image', () => {
    const dcm = sample('IM0001', new Uint8Array(readFileSync(shared('dicom', 'nih_cxr14_dx_implicit_vr.dcm'))));
    expect(classifyModelFiles([dcm]).images).toEqual([dcm]);
  });

  it('Keras weights-only .h5 with its config found by content, whatever its name', () => {
    const dir = shared('keras', 'kotlindl_fashion_lenet_json_h5');
    const h5 = sample('mnist_weights_only.h5', new Uint8Array(readFileSync(join(dir, 'mnist_weights_only.h5'))));
    const config = sample('anything.json', new Uint8Array(readFileSync(join(dir, 'modelConfig.json'))));
    const c = classifyModelFiles([config, h5]);
    expect(c.model?.kind).toBe('keras');
    expect(names(c.model!.parts)).toEqual(['mnist_weights_only.h5', 'anything.json']);
    expect(c.roles).toEqual(['keras-config', 'keras']);
  });
});

describe('classifyModelFiles on constructed files', () => {
  it('ONNX and Keras by extension as before, Keras first; the sidecar by its name', () => {
    const side = sample('saliency-studio.json', '{"name": "x"}');
    const onnx = sample('resnet.onnx', new Uint8Array([8, 7, 18, 0]));
    const keras = sample('model.keras', new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(classifyModelFiles([side, onnx]).model).toEqual({ kind: 'onnx', main: onnx, parts: [onnx, side], missing: [] });
    expect(classifyModelFiles([onnx, keras]).model?.main).toBe(keras);
    expect(classifyModelFiles([side]).model).toBeNull();
    expect(classifyModelFiles([side]).roles).toEqual(['sidecar']);
  });

  it('model.json by its keys, whatever its name; a JSON without them is not a model', () => {
    const m = sample('exported', tinyModel(['w']));
    const w = sample('w', new Uint8Array([1, 2, 3, 0]));
    expect(classifyModelFiles([w, m]).model?.parts).toEqual([m, w]);
    // A graph model's model.json may carry "format" with the manifest.
    const graph = sample('g.json', JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } }));
    expect(classifyModelFiles([graph]).model?.main).toBe(graph);
    expect(classifyModelFiles([sample('model.json', '{"hello": "world"}')]).model).toBeNull();
    expect(classifyModelFiles([sample('model.json', '{"modelTopology": {}}')]).model).toBeNull();
  });

  it('a shard is matched by name even when its bytes read as text or as an image', () => {
    const c = classifyModelFiles([sample('a', 'abcd'), sample('b', PNG), sample('model.json', tinyModel(['dir/a', 'b']))]);
    expect(c.roles).toEqual(['weights', 'weights', 'tfjs-model']);
    expect(c.images).toEqual([]);
    expect(c.labels).toEqual([]);
  });

  it('of two model.jsons, the one whose shards are all there', () => {
    const a = sample('a/model.json', tinyModel(['x1', 'x2']));
    const b = sample('b/model.json', tinyModel(['y1']));
    const y1 = sample('y1', new Uint8Array(8));
    expect(classifyModelFiles([a, b, y1]).model?.main).toBe(b);
    expect(classifyModelFiles([b, a, y1]).model?.main).toBe(b);
  });

  it('labels files: JSON first, then a labels name, then other text; a text file is never an image', () => {
    const readme = sample('README', 'one\ntwo\nthree\n');
    const txt = sample('labels.txt', '0 cat\n1 dog\n2 cow\n');
    const json = sample('names.json', '{"1": "dog", "0": "cat", "2": "cow"}');
    const c = classifyModelFiles([readme, txt, json, sample('photo.png', 'not a PNG at all\n')]);
    expect(c.labels.map((l) => [l.file.name, l.names.join(',')])).toEqual([
      ['names.json', 'cat,dog,cow'],
      ['labels.txt', 'cat,dog,cow'],
      ['README', 'one,two,three'],
      ['photo.png', 'not a PNG at all'],
    ]);
    expect(c.images).toEqual([]);
    expect(labelsFor(c.labels, 3)?.file.name).toBe('names.json');
    expect(labelsFor(c.labels, 4)).toBeNull();
  });

  it('a text file known only by its first bytes is not guessed at', () => {
    const head = enc.encode('0 cat\n1 dog\n'.repeat(600)).subarray(0, SAMPLE_BYTES);
    const c = classifyModelFiles([{ name: 'labels.txt', size: 10_000, bytes: head }]);
    expect(c.roles).toEqual(['other']);
    expect(wantsWholeFile(head, 10_000)).toBe(true);
    expect(wantsWholeFile(PNG, 10_000)).toBe(false);
    expect(wantsWholeFile(head, head.byteLength)).toBe(false);
  });
});

describe('label shapes', () => {
  it('JSON: an array of strings, index → name, index → [id, name]; anything else is not labels', () => {
    expect(jsonLabelNames(['a', 'b'])).toEqual(['a', 'b']);
    expect(jsonLabelNames({ 1: 'b', 0: 'a' })).toEqual(['a', 'b']);
    expect(jsonLabelNames({ 0: ['n01440764', 'tench'], 1: ['n01443537', 'goldfish'] })).toEqual(['tench', 'goldfish']);
    for (const bad of [[], ['a', 1], { 0: 'a', 2: 'c' }, { a: 'x' }, { '01': 'x' }, { 0: 1 }, 'a', null, 3]) expect(jsonLabelNames(bad)).toBeNull();
  });
  it('text: one per line, blank lines and a line-number prefix dropped', () => {
    expect(textLabelNames('0 Normal\r\n1 Covid19\n\n')).toEqual(['Normal', 'Covid19']);
    expect(textLabelNames('1 one\n2 two')).toEqual(['1 one', '2 two']);
  });
  it('text or not: UTF-8 without control bytes', () => {
    expect(looksLikeText(enc.encode('Ñandú\tü\n'))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x41, 0x00, 0x42]))).toBe(false);
    expect(looksLikeText(new Uint8Array([0xc3, 0x28]))).toBe(false);
    // A character cut at the end of a sample is no error.
    expect(looksLikeText(enc.encode('abcÑ').subarray(0, 4))).toBe(true);
    expect(looksLikeText(new Uint8Array())).toBe(false);
  });
});
