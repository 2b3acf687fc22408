import { describe, expect, it } from 'vitest';
import { modelMainFile, splitDrop } from './files';

const n = (...names: string[]) => names.map((name) => ({ name }));

describe('splitDrop', () => {
  it('needs a model.json to call the files a model', () => {
    expect(splitDrop(n('shard.bin'))).toEqual({ model: [], image: null });
    expect(splitDrop(n('model.json', 'a.bin')).model).toHaveLength(2);
  });
  it('calls an .onnx, .h5 or .keras file a model, with the image beside it', () => {
    for (const f of ['resnet.onnx', 'keras_model.h5', 'model.keras']) {
      const d = splitDrop(n(f, 'film.dcm'));
      expect(d.model.map((m) => m.name)).toEqual([f]);
      expect(d.image).toEqual({ name: 'film.dcm' });
    }
  });
  it('opens a model by its main file: ONNX or Keras before a JSON, never the sidecar', () => {
    expect(modelMainFile(n('saliency-studio.json', 'model.onnx'))?.name).toBe('model.onnx');
    expect(modelMainFile(n('saliency-studio.json', 'model.json', 'g1.bin'))?.name).toBe('model.json');
    expect(modelMainFile(n('saliency-studio.json'))).toBeUndefined();
  });
  it('takes the first non-model file as the image, extension or not', () => {
    expect(splitDrop(n('IM0001', 'b.png')).image).toEqual({ name: 'IM0001' });
  });
});
