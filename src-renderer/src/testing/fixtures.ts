// Plain-data fixtures for renderer tests.
import type {
  Catalog,
  DemoEntry,
  EngineInfo,
  ExplainResult,
  ImageInfo,
  ImagePixels,
  MethodDescriptor,
  ModelInfo,
  Prediction,
} from '../../../src-main/api/types';

export const engine: EngineInfo = {
  backend: 'wasm',
  ladder: [{ name: 'tensorflow-gpu', skipped: 'no CUDA' }, { name: 'tensorflow', skipped: 'tfjs-node not installed' }, { name: 'wasm' }, { name: 'cpu' }],
  tfjsVersion: '4.22.0',
  addedKernels: [],
  replacedKernels: [],
  pixelLimit: 100_000_000,
};

export const methods: MethodDescriptor[] = [
  {
    id: 'saliency',
    label: 'Vanilla gradient',
    family: 'gradient',
    paper: 'Simonyan 2014',
    needsLayer: false,
    usesGradients: true,
    params: [{ name: 'abs', type: 'bool', default: true, help: 'absolute value' }],
  },
  {
    id: 'gradcam',
    label: 'Grad-CAM',
    family: 'activation',
    paper: 'Selvaraju 2017',
    needsLayer: true,
    usesGradients: true,
    params: [
      { name: 'relu', type: 'bool', default: true, help: 'clip negatives' },
      { name: 'steps', type: 'int', default: 8, min: 1, max: 64, help: 'steps' },
      { name: 'interp', type: 'enum', default: 'bilinear', options: ['nearest', 'bilinear'], help: 'upsampling' },
    ],
  },
];

/** The engine's catalog: the methods above (in the BIM default list), a few metrics, the controls. */
export const catalog: Catalog = {
  methods: methods.map((m) => ({ ...m, bim: { default: true } })),
  metrics: [
    { id: 'deletion', label: 'Deletion AUC', family: 'faithfulness', paper: 'Petsiuk 2018', higherIsBetter: false, help: 'deletion' },
    {
      id: 'adcc',
      label: 'ADCC',
      family: 'faithfulness',
      paper: 'Poppi 2021',
      reexplains: true,
      higherIsBetter: true,
      parts: ['coherency', 'complexity'],
      help: 'adcc',
    },
    { id: 'iou', label: 'IoU', family: 'localisation', paper: 'Zhou 2016', needsMask: true, higherIsBetter: true, help: 'iou' },
  ],
  controls: [
    { id: 'random-map', label: 'Random map', family: 'control', paper: 'control', needsLayer: false, usesGradients: false, params: [] },
    { id: 'fake-cam', label: 'Fake-CAM', family: 'control', paper: 'Poppi 2021', needsLayer: false, usesGradients: false, params: [] },
  ],
};

export function model(id = 'm1', over: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id,
    path: `/models/${id}/model.json`,
    name: `model ${id}`,
    format: 'layers-model',
    inputShape: [null, 28, 28, 1],
    inputHeight: 28,
    inputWidth: 28,
    inputChannels: 1,
    numClasses: 10,
    labels: null,
    layers: [{ name: 'conv1', className: 'Conv2D', outputShape: [null, 26, 26, 8] }],
    preprocess: { preset: 'unit', resize: 'stretch' },
    head: 'softmax',
    outputIndex: 0,
    numOutputs: 1,
    logitsFromSoftmax: false,
    defaultLayer: 'conv1',
    warnings: [],
    ...over,
  };
}

export function image(id = 'i1', over: Partial<ImageInfo> = {}): ImageInfo {
  return {
    id,
    path: `/images/${id}.png`,
    name: `${id}.png`,
    kind: 'raster',
    width: 2,
    height: 2,
    channels: 1,
    bitDepth: 8,
    min: 0,
    max: 255,
    dicom: null,
    ...over,
  };
}

export function pixels(over: Partial<ImagePixels> = {}): ImagePixels {
  return { width: 2, height: 2, channels: 1, data: Float32Array.from([0, 64, 128, 255]), window: [0, 255], invert: false, ...over };
}

export const prediction: Prediction = {
  top: [{ index: 3, label: 'three', logit: 5, probability: 0.9 }],
  ms: 4,
};

export function result(jobId: string): ExplainResult {
  return {
    jobId,
    method: 'saliency',
    target: prediction.top[0],
    map: Float32Array.from([0, 1, -1, 0.5]),
    shape: [2, 2],
    min: -1,
    max: 1,
    ms: 10,
  };
}

export const demos: DemoEntry[] = [{ id: 'digits', label: 'Digits', modelPath: '/demo/digits/model.json', images: [{ name: 'three', path: '/demo/3.png' }] }];
