import { describe, expect, it } from 'vitest';
import { splitDrop } from './files';

const n = (...names: string[]) => names.map((name) => ({ name }));

describe('splitDrop', () => {
  it('needs a model.json to call the files a model', () => {
    expect(splitDrop(n('shard.bin'))).toEqual({ model: [], image: null });
    expect(splitDrop(n('model.json', 'a.bin')).model).toHaveLength(2);
  });
  it('takes the first non-model file as the image, extension or not', () => {
    expect(splitDrop(n('IM0001', 'b.png')).image).toEqual({ name: 'IM0001' });
  });
});
