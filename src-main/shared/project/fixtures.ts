// A small but complete project snapshot for the tests: both views, a mask,
// a log row, one model by path and one uploaded image embedded.
import type { ProjectSnapshot } from '../../api/project-types';
import type { ExperimentRow } from '../../api/types';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

export function sampleRow(id = 'exp-1'): ExperimentRow {
  return {
    id,
    time: '2025-01-02T03:04:05.000Z',
    model: 'digits',
    image: 'digit-7.png',
    width: 4,
    height: 3,
    fill: 'zero',
    area: 0.25,
    target: 7,
    classes: [{ index: 7, label: '7', logitBefore: 5, logitAfter: 2, dLogit: -3, probBefore: 0.9, probAfter: 0.4, dProb: -0.5 }],
    maskPng: PNG,
    thumbnail: PNG,
  };
}

/** Map values chosen to need all 32 bits (a float64 round trip would change them). */
export const MAP = new Float32Array([0.1, -0.2, 1e-30, -3.4e38, Math.PI, 0, -0, 7.5, 1 / 3, 2 / 3, 0.123456789, -1e-7]);

export function sampleSnapshot(): ProjectSnapshot {
  const overlay = { colormap: 'viridis', opacity: 0.6, mode: 'abs' as const, visible: true, clipPercentile: 99.5, grid: true, threshold: 0.25, contours: true };
  const result = {
    method: 'gradcam',
    target: { index: 7, label: '7', logit: 4.5, probability: 0.875 },
    map: MAP,
    shape: [3, 4] as [number, number],
    min: -3.4e38,
    max: Math.fround(Math.PI),
    ms: 12.5,
    extras: { delta: 0.01, r2: NaN, weights: [1, Infinity, -2], note: 'ok' },
    grid: { data: new Float32Array([0.5, 0.25, 0.125, 1]), shape: [2, 2] as [number, number], layer: 'conv2' },
  };
  return {
    models: [{ name: 'digits', path: '/models/digits/model.json', preprocess: { preset: 'unit' } }],
    images: [
      { name: 'digit-7.png', path: '/images/digit-7.png' },
      { name: 'upload.png', file: { name: 'upload.png', bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) } },
    ],
    single: {
      model: 0,
      image: 0,
      demoId: 'digits',
      methodId: 'gradcam',
      params: { steps: 16, baseline: 'black', abs: true },
      target: 7,
      layer: 'conv2',
      allLayers: false,
      overlay,
      window: { center: 127.5, width: 255 },
      prediction: { top: [{ index: 7, label: '7', logit: 4.5, probability: 0.875 }], ms: 3 },
      result,
    },
    compare: {
      mode: 'images',
      rows: [
        { id: 'r1', model: 0, image: 0 },
        { id: 'r2', model: 0, image: 1 },
      ],
      columns: [{ id: 'c3', methodId: 'gradcam', params: {}, layer: null }],
      cells: [
        { row: 'r1', column: 'c3', status: 'done', result, error: null, style: { colormap: 'turbo', opacity: 0.3 } },
        { row: 'r2', column: 'c3', status: 'failed', result: null, error: 'bad input', style: null },
      ],
      style: overlay,
      target: 'top',
      selected: 'r1:c3',
      windows: [{ image: 1, window: { center: 10, width: 20, invert: true } }],
      nextId: 4,
      view: { zoom: 2.5, cx: 0.25, cy: 0.75 },
    },
    mask: {
      image: 0,
      width: 4,
      height: 3,
      data: new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]),
      fill: '#ff8800',
      brush: 3,
      tool: 'polygon',
      useRegions: true,
      autoLog: false,
    },
    experiments: [sampleRow()],
  };
}
