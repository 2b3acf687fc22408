import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../../src-main/shared/npy';
import * as f from '../testing/fixtures';
import * as cmp from '../state/compare/actions';
import { initialState, type StudioState } from '../state/types';
import { mapArrays, mapsNpz } from './exportMaps';

describe('grid maps as .npz', () => {
  it('holds one float32 array per finished cell, bit-exact, named by position, image and method', () => {
    let s: StudioState = { ...initialState, methods: f.methods };
    s = cmp.modelKnown(s, f.model('m1'));
    s = cmp.imageKnown(s, f.image('a', { name: 'digit 3.png' }));
    s = cmp.rowAdded(s, 'm1', 'a');
    s = cmp.columnAdded(s, 'saliency', {});
    s = cmp.columnAdded(s, 'gradcam', {});
    const [k1] = Object.keys(s.compare.cells);
    const r = { ...f.result('j'), map: Float32Array.from([0.1, -2.5e-8, 3, Math.PI]) };
    s = cmp.cellDone(cmp.cellStarted(s, k1, 'j'), k1, 'j', r);
    expect(mapArrays(s.compare).map((a) => a.name)).toEqual(['r1_c1_digit-3_saliency']);
    const files = unzipSync(mapsNpz(s.compare));
    expect(Object.keys(files)).toEqual(['r1_c1_digit-3_saliency.npy']);
    const back = decodeNpy(files['r1_c1_digit-3_saliency.npy']);
    expect(back.shape).toEqual([2, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(r.map));
  });
});
