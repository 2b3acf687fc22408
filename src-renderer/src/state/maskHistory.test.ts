import { describe, expect, it } from 'vitest';
import { clear, commit, edit, emptyHistory, historyLimit, invert, redo, undo } from './maskHistory';
import { countSet, fillRect } from './maskRaster';

const S = { width: 10, height: 10 };
const rect = (x0: number, y0: number, x1: number, y1: number) => (m: Uint8Array) => fillRect(m, S, { x: x0, y: y0 }, { x: x1, y: y1 }, 1);

describe('mask undo / redo / clear / invert', () => {
  it('undo and redo walk the snapshots; a new edit after undo drops the redo branch', () => {
    let h = emptyHistory(10, 10);
    h = edit(h, rect(0, 0, 2, 2)); // 4 px
    h = edit(h, rect(5, 5, 10, 10)); // + 25 px
    expect(countSet(h.data)).toBe(29);
    h = undo(h);
    expect(countSet(h.data)).toBe(4);
    h = undo(h);
    expect(countSet(h.data)).toBe(0);
    expect(undo(h)).toBe(h); // nothing left to undo
    h = redo(h);
    expect(countSet(h.data)).toBe(4);
    h = edit(h, rect(0, 0, 10, 1)); // row 0: 10 px, 2 of them already set
    expect(countSet(h.data)).toBe(12);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });

  it('invert hides exactly the complement (100 − n pixels) and is one undo step; clear too', () => {
    let h = edit(emptyHistory(10, 10), rect(0, 0, 3, 3)); // 9 px
    h = invert(h);
    expect(countSet(h.data)).toBe(91);
    h = invert(h);
    expect(countSet(h.data)).toBe(9);
    h = clear(h);
    expect(countSet(h.data)).toBe(0);
    expect(countSet(undo(h).data)).toBe(9);
    expect(countSet(undo(undo(h)).data)).toBe(91);
  });

  it('an edit that changes nothing is not an undo step', () => {
    const h = edit(emptyHistory(10, 10), rect(0, 0, 3, 3));
    expect(edit(h, rect(0, 0, 3, 3))).toBe(h);
    expect(clear(emptyHistory(4, 4)).past.length).toBe(0);
  });

  it('keeps 100 steps for small images and fewer for large ones (≤ 64 MiB of snapshots)', () => {
    expect(historyLimit(28 * 28)).toBe(100);
    expect(historyLimit(2048 * 2048)).toBe(16);
    let h = emptyHistory(2, 1);
    for (let i = 0; i < 150; i++) h = commit(h, Uint8Array.of(i % 2, 1));
    expect(h.past.length).toBe(100);
    expect(() => commit(h, new Uint8Array(3))).toThrow(/3 pixels, the image 2/);
  });
});
