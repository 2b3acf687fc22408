// Which preprocessing a model opens with: an ONNX file with three input
// channels and no saliency-studio.json gets the torchvision preset (and its
// centre crop) with a warning naming it; a sidecar's or a request's fields
// win, and a resize not given is the one the preset implies. The hand-built
// ONNX file is x[1,3,2,2] → Flatten → 12 "logits", so its logits are the
// model input in PyTorch's NCHW order: the values the preset made, read back.
import { readFile } from 'node:fs/promises';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { startInProcess } from '../engine/in-process';
import { initBackend } from '../engine/backend';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { loadModelFromUploads } from './load';
import { buildModel } from './onnx/testing/build';

const FLATTEN = buildModel({
  input: [1, 3, 2, 2],
  output: ['y', [1, 12]],
  nodes: [{ op: 'Flatten', inputs: ['x'], outputs: ['y'], int: { axis: 1 } }],
  initializers: [],
});
const onnx = (bytes: Uint8Array = FLATTEN) => ({ name: 'flat.onnx', bytes });
const sidecar = (v: object) => ({ name: 'saliency-studio.json', bytes: new TextEncoder().encode(JSON.stringify(v)) });

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('the default preprocessing of an ONNX file', () => {
  it('three channels, no sidecar: the torchvision preset with its centre crop, and a warning naming it', async () => {
    const { info, classifier } = await loadModelFromUploads([onnx()]);
    classifier.dispose();
    expect(info.format).toBe('onnx');
    expect(info.inputChannels).toBe(3);
    expect(info.preprocess).toEqual({ preset: 'torchvision', resize: 'crop', invert: false });
    expect(info.warnings).toContain(
      'no preprocessing given (saliency-studio.json): assuming the torchvision preset (RGB, /255, ImageNet mean and std, centre crop)',
    );
  });

  it("the model sees (v/255 − mean)/std of the image's centre, in NCHW order", async () => {
    // 2 rows × 4 columns; the crop keeps columns 1 and 2.
    const rgb = [
      [1, 2, 3, 40, 50, 60, 200, 210, 220, 9, 9, 9],
      [4, 5, 6, 70, 80, 90, 230, 240, 250, 9, 9, 9],
    ];
    const api = await startInProcess();
    try {
      const model = await api.openModel({ files: [onnx()] });
      const image = await api.openImage({
        file: { name: 'known.png', bytes: encode({ width: 4, height: 2, channels: 3, depth: 8, data: Uint8Array.from(rgb.flat()) }) },
      });
      const p = await api.predict({ modelId: model.id, imageId: image.id, topK: 12 });
      const got = new Map(p.top.map((s) => [s.index, s.logit]));
      const [MEAN, STD] = [
        [0.485, 0.456, 0.406],
        [0.229, 0.224, 0.225],
      ];
      for (let c = 0; c < 3; c++)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) {
            const v = rgb[i][(j + 1) * 3 + c];
            expect(Math.abs(got.get(c * 4 + i * 2 + j)! - (v / 255 - MEAN[c]) / STD[c])).toBeLessThan(1e-6);
          }
    } finally {
      await api.close();
    }
  });

  it("a sidecar's or a request's preset wins; a resize not given is the preset's, a resize given stays", async () => {
    const open = async (files: { name: string; bytes: Uint8Array }[], override?: object) => {
      const { info, classifier } = await loadModelFromUploads(files, override);
      classifier.dispose();
      return info;
    };
    const side = await open([onnx(), sidecar({ preprocess: { preset: 'imagenet' } })]);
    expect(side.preprocess).toEqual({ preset: 'imagenet', resize: 'stretch', invert: false });
    expect(side.warnings.join(' ')).not.toContain('no preprocessing given');
    expect((await open([onnx(), sidecar({ preprocess: { resize: 'pad' } })])).preprocess).toEqual({ preset: 'torchvision', resize: 'pad', invert: false });
    expect((await open([onnx()], { preset: 'signed' })).preprocess).toEqual({ preset: 'signed', resize: 'stretch', invert: false });
    // The request (the Model panel's preset) over the sidecar's preset, the sidecar's resize kept.
    expect((await open([onnx(), sidecar({ preprocess: { preset: 'raw', resize: 'pad' } })], { preset: 'torchvision' })).preprocess).toEqual({
      preset: 'torchvision',
      resize: 'pad',
      invert: false,
    });
  });

  it.skipIf(!HAVE_SHARED)('real files: a 3-channel CIFAR-10 export gets torchvision, a 1-channel MNIST pixels in [0,1]', async () => {
    const real = async (rel: string) => {
      const { info, classifier } = await loadModelFromUploads([
        { name: rel.split('/').pop()!, bytes: new Uint8Array(await readFile(shared('onnx-real', rel))) },
      ]);
      classifier.dispose();
      return info;
    };
    const cifar = await real('winml_cifar10_tutorial_onnx/ImageClassifier.onnx');
    expect([cifar.inputChannels, cifar.preprocess.preset, cifar.preprocess.resize]).toEqual([3, 'torchvision', 'crop']);
    const mnist = await real('connxr_mnist_zoo_onnx/model.onnx');
    expect([mnist.inputChannels, mnist.preprocess.preset, mnist.preprocess.resize]).toEqual([1, 'unit', 'stretch']);
    expect(mnist.warnings).toContain('no preprocessing given (saliency-studio.json): assuming the unit preset (pixels scaled to [0, 1])');
  });
});
