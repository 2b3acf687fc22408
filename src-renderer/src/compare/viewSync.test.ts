import { describe, expect, it, vi } from 'vitest';
import { cellTransform, createViewSync, FIT_VIEW, oneToOne, panView, pointerAt, zoomViewAt } from './viewSync';

describe('shared view', () => {
  it('fits the image centred at zoom 1', () => {
    // 200×100 image in a 100×100 cell: scale 0.5, centred vertically.
    expect(cellTransform(FIT_VIEW, 200, 100, 100, 100)).toEqual({ scale: 0.5, x: 0, y: 25 });
  });

  it('keeps the image point under the pointer fixed when zooming, in every cell size', () => {
    const view = zoomViewAt(FIT_VIEW, { x: 30, y: 40 }, 2, 224, 224, 224, 224);
    expect(view.zoom).toBe(2);
    const before = pointerAt(FIT_VIEW, { x: 30, y: 40 }, 224, 224, 224, 224)!;
    const after = pointerAt(view, { x: 30, y: 40 }, 224, 224, 224, 224)!;
    expect(after.u).toBeCloseTo(before.u, 12);
    expect(after.v).toBeCloseTo(before.v, 12);
    // The same normalised view puts the same normalised point under the same relative position in a cell of another image size.
    const t = cellTransform(view, 28, 28, 224, 224);
    expect((30 - t.x) / t.scale / 28).toBeCloseTo(before.u, 12);
  });

  it('pans by the dragged distance in cell pixels', () => {
    const v = panView({ zoom: 2, cx: 0.5, cy: 0.5 }, 20, -10, 100, 100, 100, 100);
    const t0 = cellTransform({ zoom: 2, cx: 0.5, cy: 0.5 }, 100, 100, 100, 100);
    const t1 = cellTransform(v, 100, 100, 100, 100);
    expect(t1.x - t0.x).toBeCloseTo(20, 9);
    expect(t1.y - t0.y).toBeCloseTo(-10, 9);
  });

  it('1:1 shows one image pixel per cell pixel', () => {
    expect(cellTransform(oneToOne(FIT_VIEW, 28, 28, 224, 224), 28, 28, 224, 224).scale).toBeCloseTo(1, 12);
  });

  it('notifies on change only, and clamps zoom', () => {
    const sync = createViewSync();
    const cb = vi.fn();
    sync.subscribe(cb);
    sync.setView(FIT_VIEW);
    sync.setPointer(null);
    expect(cb).not.toHaveBeenCalled();
    sync.setView({ zoom: 1000, cx: 0.5, cy: 0.5 });
    expect(sync.view().zoom).toBe(64);
    sync.setPointer({ u: 0.1, v: 0.2 });
    sync.setPointer({ u: 0.1, v: 0.2 });
    expect(cb).toHaveBeenCalledTimes(2);
  });
});
