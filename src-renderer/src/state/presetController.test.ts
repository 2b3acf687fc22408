// The Model panel's preset: a choice reopens the model from how it was opened
// (uploaded bytes or path) with only the preset in the request, and what the
// project records for the new model carries it.
import { describe, expect, it } from 'vitest';
import { presetsFor } from '../../../src-main/api/preprocess-spec';
import type { PreprocessSpec } from '../../../src-main/api/types';
import * as f from '../testing/fixtures';
import { mockHost } from '../testing/mock-host';
import { createController } from './controller';
import { createPresetController } from './presetController';
import { trackSources } from './project/sources';
import { createStore } from './store';
import { initialState } from './types';

function setup() {
  let n = 0;
  const fake = mockHost({
    // The engine's answer: the request's preset over the ONNX default (torchvision, crop).
    openModel: async (req) => {
      const preset = req.preprocess?.preset ?? 'torchvision';
      const preprocess: PreprocessSpec = { preset, resize: req.preprocess?.resize ?? (preset === 'torchvision' ? 'crop' : 'stretch') };
      return f.model(`m${++n}`, { format: 'onnx', inputChannels: 3, preprocess });
    },
    predict: async () => f.prediction,
  });
  // trackSources wraps api.openModel in place: keep the spy to read the engine's requests.
  const opened = fake.api.openModel;
  const sources = trackSources(fake.host.api);
  const store = createStore(initialState);
  const controller = createController(fake.host, store);
  return { opened, sources, store, controller, preset: createPresetController(controller, store, sources) };
}

const upload = { name: 'net.onnx', bytes: new Uint8Array([8, 1, 2]) };

describe('preset controller', () => {
  it('lists torchvision first for ONNX, in the spec order otherwise', () => {
    expect(presetsFor('onnx')).toEqual(['torchvision', 'unit', 'signed', 'imagenet', 'caffe', 'raw']);
    expect(presetsFor('layers-model')).toEqual(['unit', 'signed', 'imagenet', 'caffe', 'raw', 'torchvision']);
  });

  it('reopens an uploaded model with the chosen preset; the project records it; the same preset does nothing', async () => {
    const { opened, store, controller, preset, sources } = setup();
    await controller.openModel({ files: [upload] });
    expect(store.get().model?.preprocess.preset).toBe('torchvision');
    expect(await preset.choose('torchvision')).toBe(false);
    expect(opened).toHaveBeenCalledTimes(1);

    expect(await preset.choose('imagenet')).toBe(true);
    expect(opened).toHaveBeenLastCalledWith({ files: [upload], preprocess: { preset: 'imagenet' } });
    const model = store.get().model!;
    expect([model.id, model.preprocess]).toEqual(['m2', { preset: 'imagenet', resize: 'stretch' }]);
    expect(sources.model('m2')).toEqual({ name: 'model m2', files: [upload], preprocess: { preset: 'imagenet' } });
  });

  it('keeps the other fields the model was opened with, and a path stays a path', async () => {
    const { opened, controller, preset } = setup();
    await controller.openModel({ path: '/m/net.onnx', preprocess: { preset: 'raw', invert: true } });
    await preset.choose('signed');
    expect(opened).toHaveBeenLastCalledWith({ path: '/m/net.onnx', preprocess: { preset: 'signed', invert: true } });
  });

  it('says so when it does not know how the model was opened', async () => {
    const { store, preset } = setup();
    store.set((s) => ({ ...s, model: f.model('mx') }));
    expect(await preset.choose('imagenet')).toBe(false);
    expect(store.get().errors.map((e) => e.message)).toEqual(['Cannot change the preset of model mx: how it was opened is not known']);
  });

  it('applies an edited spec in place of the one the model was opened with, and says how it was opened', async () => {
    const { opened, controller, preset, store, sources } = setup();
    await controller.openModel({ path: '/m/net.onnx', preprocess: { preset: 'raw', mean: [3] } });
    expect(preset.openedFrom(store.get().model!.id)).toBe('path');
    const edited: Partial<PreprocessSpec> = { preset: 'imagenet', resize: 'crop', invert: true, std: [0.5] };
    expect(await preset.apply(edited)).toBe(true);
    expect(opened).toHaveBeenLastCalledWith({ path: '/m/net.onnx', preprocess: edited });
    expect(sources.model(store.get().model!.id)?.preprocess).toEqual(edited);
    await controller.openModel({ files: [upload] });
    expect(preset.openedFrom(store.get().model!.id)).toBe('upload');
    expect(preset.openedFrom('nope')).toBeNull();
  });
});
