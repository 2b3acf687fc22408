import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../src-main/api/types';
import * as f from '../testing/fixtures';
import { isCamEligible, layerChoices, layerLabel, requestLayer } from './layers';

const L = (name: string, className: string, outputShape: (number | null)[], camEligible?: boolean): LayerInfo =>
  camEligible === undefined ? { name, className, outputShape } : { name, className, outputShape, camEligible };

const layers = [
  L('conv1', 'Conv2D', [null, 26, 26, 8], true),
  L('lrelu', 'LeakyReLU', [null, 12, 12, 16], true),
  L('branch', 'Conv2D', [null, 12, 12, 4], false),
  L('flatten', 'Flatten', [null, 2304], false),
];

describe('layer picker choices', () => {
  it('labels a layer with its class and output size, batch axis dropped', () => {
    expect(layerLabel(layers[1])).toBe('lrelu — LeakyReLU [12×12×16]');
    expect(layerLabel(L('gap', 'GlobalAveragePooling2D', [null, null, 8]))).toBe('gap — GlobalAveragePooling2D [?×8]');
    // An ONNX node path shows its readable name; the value sent stays the node name.
    expect(layerLabel({ ...L('/layer4/layer4.1/relu_1/Relu', 'Relu', [null, 7, 7, 512]), label: 'layer4.layer4.1.relu_1' })).toBe(
      'layer4.layer4.1.relu_1 — Relu [7×7×512]',
    );
  });

  it('puts the automatic layer first and splits eligible from other layers', () => {
    const m = f.model('m1', { layers, autoLayer: 'lrelu' });
    const c = layerChoices(m, null);
    expect(c.auto?.name).toBe('lrelu');
    expect(c.eligible.map((l) => l.name)).toEqual(['conv1']);
    expect(c.others.map((l) => l.name)).toEqual(['branch', 'flatten']);
    // An explicit, non-eligible choice (e.g. a sidecar's defaultLayer) stays selectable.
    expect(layerChoices(m, 'branch').eligible.map((l) => l.name)).toEqual(['conv1', 'branch']);
  });

  it('without camEligible/autoLayer from the engine, offers spatial layers and no named auto layer', () => {
    const old = f.model('m1', { layers: layers.map((l) => L(l.name, l.className, l.outputShape)) });
    expect(old.autoLayer).toBeUndefined();
    const c = layerChoices(old, null);
    expect(c.auto).toBeNull();
    expect(c.eligible.map((l) => l.name)).toEqual(['conv1', 'lrelu', 'branch']);
    expect(c.others.map((l) => l.name)).toEqual(['flatten']);
    expect(isCamEligible(old, L('one', 'Conv2D', [null, 1, 1, 8]))).toBe(false);
  });

  it('requests null for auto, or the auto layer by name when a sidecar default would otherwise win', () => {
    expect(requestLayer(f.model('m1', { defaultLayer: null, autoLayer: 'lrelu' }), null)).toBeNull();
    expect(requestLayer(f.model('m1', { defaultLayer: 'conv1', autoLayer: 'lrelu' }), null)).toBe('lrelu');
    expect(requestLayer(f.model('m1', { defaultLayer: 'conv1' }), null)).toBeNull();
    expect(requestLayer(f.model('m1', { defaultLayer: 'conv1', autoLayer: 'lrelu' }), 'conv1')).toBe('conv1');
  });
});
