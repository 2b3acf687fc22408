// Uploaded ONNX and Keras files (a browser has no path) saved in a project and
// reopened in a fresh engine classify exactly as before. The path is the UI's:
// openModel({files}) as webHost.modelRequestFromFiles sends it, the project
// model recorded as state/project/sources.ts records it ({name, files,
// preprocess of the request}), the request through the web wire's encoding,
// saveProject / openProject through the ProjectStore and its codec worker, and
// the reopen as state/project/restore.ts makes it ({files, preprocess}).
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectModel, ProjectSnapshot } from '../api/project-types';
import type { ModelInfo, PreprocessSpec, StudioApi, UploadedFile } from '../api/types';
import { decodeWire, encodeWire } from '../api/wire';
import { startInProcess, type InProcessBackend } from '../engine/in-process';
import { sampleSnapshot } from '../shared/project/fixtures';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { ProjectStore } from './store';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const LABELS = 'labels.json';
/** Tile (row 3, column 0) of the Fashion-MNIST sprite: rows 3–5 hold class 1, Trouser (PROVENANCE-keras-onnx.md). */
const TROUSER = 'trouser-tile.png';

interface Case {
  what: string;
  files: string[];
  image: string;
  /** The preprocessing the user chose when opening (absent: the model's default). */
  preprocess?: Partial<PreprocessSpec>;
  format: ModelInfo['format'];
  preset: PreprocessSpec['preset'];
}

const CASES: Case[] = [
  // The smallest ONNX file here (25,905 B): the CNTK MNIST, 1 channel, an INT64 initializer.
  {
    what: 'ONNX (CNTK MNIST)',
    files: ['onnx-real/wonnx_opt_mnist_onnx/opt-mnist.onnx'],
    image: 'onnx-real/winml_mnist_onnx/mnist_28.png',
    format: 'onnx',
    preset: 'unit',
  },
  // A 3-channel ONNX (53,524 B), where the torchvision default applies, with a chosen preset kept by the project.
  {
    what: 'ONNX (CIFAR-10 with Resize), preset chosen',
    files: ['onnx-real/onnxconverter_cifar10_resize_onnx/image_classifier32.onnx'],
    image: 'images/skimage_chelsea.png',
    preprocess: { preset: 'signed' },
    format: 'onnx',
    preset: 'signed',
  },
  // The same kind without a chosen preset (201,956 B): the ONNX default, torchvision, comes back.
  {
    what: 'ONNX (CIFAR-10, symbolic batch), default preset',
    files: ['onnx-real/winml_cifar10_tutorial_onnx/ImageClassifier.onnx'],
    image: 'images/skimage_horse.png',
    format: 'onnx',
    preset: 'torchvision',
  },
  {
    what: 'Keras 3 .keras',
    files: ['keras/moonflower_mnist_h5_keras3/mnist_model.keras'],
    image: 'keras/moonflower_mnist_h5_keras3/8.png',
    format: 'layers-model',
    preset: 'unit',
  },
  {
    what: 'Keras 3 legacy .h5',
    files: ['keras/moonflower_mnist_h5_keras3/mnist_model.h5'],
    image: 'keras/moonflower_mnist_h5_keras3/1.png',
    format: 'layers-model',
    preset: 'unit',
  },
  // model.to_json() + save_weights, uploaded together with a labels file (which is not taken for the config).
  {
    what: 'Keras JSON config + weights-only HDF5 (KotlinDL Fashion-MNIST), with labels',
    files: ['keras/kotlindl_fashion_lenet_json_h5/modelConfig.json', 'keras/kotlindl_fashion_lenet_json_h5/mnist_weights_only.h5', LABELS],
    image: TROUSER,
    format: 'layers-model',
    preset: 'unit',
  },
];

async function upload(rel: string): Promise<UploadedFile> {
  if (rel === LABELS) return { name: LABELS, bytes: new TextEncoder().encode(JSON.stringify(FASHION)) };
  if (rel === TROUSER) {
    const tile = await sharp(shared('keras/_inputs/fashion-mnist-sprite.png'))
      .extract({ left: 0, top: 3 * 28, width: 28, height: 28 })
      .png()
      .toBuffer();
    return { name: TROUSER, bytes: new Uint8Array(tile) };
  }
  return { name: basename(rel), bytes: new Uint8Array(await readFile(shared(rel))) };
}

/** A request as the web host's wire carries it (typed arrays base64'd and back). */
const overWire = <T>(req: T): T => decodeWire<{ arg: T }>(encodeWire({ arg: req })).arg;

/** Every class's logit, by index, for the model on the image (predict with top-k = all classes). */
async function allLogits(api: StudioApi, model: ModelInfo, imageId: string): Promise<Float64Array> {
  const p = await api.predict({ modelId: model.id, imageId, topK: model.numClasses });
  const out = new Float64Array(model.numClasses).fill(NaN);
  for (const s of p.top) out[s.index] = s.logit;
  return out;
}

const facts = (m: ModelInfo) => ({
  format: m.format,
  head: m.head,
  layers: m.layers.length,
  layerNames: m.layers.map((l) => l.name),
  inputShape: m.inputShape,
  numClasses: m.numClasses,
  labels: m.labels,
  preprocess: m.preprocess,
  logitsFromSoftmax: m.logitsFromSoftmax,
});

describe.skipIf(!HAVE_SHARED)('a project reopens uploaded ONNX and Keras models', () => {
  let dir = '';
  let store: ProjectStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-upload-proj-'));
    store = new ProjectStore({ dir });
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves every model embedded and reopens it in a fresh engine with the same logits and model facts', async () => {
    let first: InProcessBackend | null = await startInProcess({ projects: store });
    const before: { info: ModelInfo; logits: Float64Array }[] = [];
    const models: ProjectModel[] = [];
    const images: ProjectSnapshot['images'] = [];
    try {
      for (const c of CASES) {
        const req = overWire({ files: await Promise.all(c.files.map(upload)), ...(c.preprocess ? { preprocess: c.preprocess } : {}) });
        const info = await first.openModel(req);
        const file = await upload(c.image);
        const image = await first.openImage(overWire({ file }));
        before.push({ info, logits: await allLogits(first, info, image.id) });
        if (c.image === TROUSER) expect((await first.predict({ modelId: info.id, imageId: image.id, topK: 1 })).top[0].label).toBe('Trouser');
        models.push({ name: info.name, files: req.files, ...(req.preprocess ? { preprocess: req.preprocess } : {}) });
        images.push({ name: image.name, file });
      }
      const project: ProjectSnapshot = {
        ...sampleSnapshot(),
        models,
        images,
        single: { ...sampleSnapshot().single, model: 0, image: 0, prediction: null, result: null },
        compare: null,
        mask: null,
      };
      const saved = await first.saveProject(overWire({ project, name: 'uploads' }));
      expect(saved.bytes).toBeGreaterThan(CASES.length * 25_000);
    } finally {
      await first.close();
      first = null;
    }

    // A new session: a fresh engine (nothing open) and a fresh store reading the file.
    const store2 = new ProjectStore({ dir });
    const second = await startInProcess({ projects: store2 });
    try {
      const opened = await second.openProject({ name: 'uploads' });
      expect(opened.project.models.map((m) => m.files?.map((f) => f.name))).toEqual(CASES.map((c) => c.files.map((f) => basename(f))));
      for (const [i, c] of CASES.entries()) {
        const m = opened.project.models[i];
        expect(m.path, c.what).toBeUndefined();
        const info = await second.openModel(overWire(m.path ? { path: m.path, preprocess: m.preprocess } : { files: m.files, preprocess: m.preprocess }));
        const image = await second.openImage(overWire({ file: opened.project.images[i].file }));
        const logits = await allLogits(second, info, image.id);
        const was = before[i];
        expect(facts(info), c.what).toEqual(facts(was.info));
        expect(info.format, c.what).toBe(c.format);
        expect(info.preprocess.preset, c.what).toBe(c.preset);
        expect(info.layers.length, c.what).toBeGreaterThan(0);
        expect(logits.some(Number.isNaN), c.what).toBe(false);
        let worst = 0;
        for (let k = 0; k < logits.length; k++) worst = Math.max(worst, Math.abs(logits[k] - was.logits[k]));
        expect(worst, c.what).toBeLessThanOrEqual(1e-6);
        if (c.preprocess) {
          // The check can fail: the same bytes without the project's preset classify differently.
          const bare = await second.openModel({ files: m.files });
          const other = await allLogits(second, bare, image.id);
          expect(Math.max(...other.map((v, k) => Math.abs(v - was.logits[k]))), c.what).toBeGreaterThan(1e-2);
        }
      }
    } finally {
      await second.close();
      await store2.close();
    }
  });
});
