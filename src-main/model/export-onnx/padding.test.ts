// tfjs' 'same' padding, worked by hand: total = max((ceil(in/s) − 1)·s + k_eff − in, 0), floor half before.
import { describe, expect, it } from 'vitest';
import { samePads, windowPads } from './padding';

describe('samePads', () => {
  it('puts the odd row after: 224 → 112 with a 3×3 stride-2 window needs 1 (0 before, 1 after)', () => {
    // (112 − 1)·2 + 3 − 224 = 1
    expect(samePads(224, 3, 2)).toEqual([0, 1]);
  });
  it('splits an even total: 9 → 5 with k 3, s 2 needs (5 − 1)·2 + 3 − 9 = 2', () => {
    expect(samePads(9, 3, 2)).toEqual([1, 1]);
  });
  it('a 2×2 stride-1 pool (Darknet-tiny) pads one after: (13 − 1)·1 + 2 − 13 = 1', () => {
    expect(samePads(13, 2, 1)).toEqual([0, 1]);
  });
  it('never pads negatively: k 1, s 2 on 7 → (4 − 1)·2 + 1 − 7 = 0', () => {
    expect(samePads(7, 1, 2)).toEqual([0, 0]);
  });
  it('uses the dilated window: k 3, d 2 → 5 wide, stride 1 on 10 → total 4', () => {
    expect(samePads(10, 3, 1, 2)).toEqual([2, 2]);
  });
});

describe('windowPads', () => {
  it('is ONNX [top, left, bottom, right]; valid pads nothing', () => {
    expect(windowPads('same', [8, 10], [3, 3], [2, 2])).toEqual([0, 0, 1, 1]);
    expect(windowPads('same', [9, 8], [3, 3], [2, 2])).toEqual([1, 0, 1, 1]);
    expect(windowPads('valid', [8, 10], [3, 3], [2, 2])).toEqual([0, 0, 0, 0]);
  });
});
