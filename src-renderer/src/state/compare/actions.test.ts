import { describe, expect, it } from 'vitest';
import * as f from '../../testing/fixtures';
import { initialState, type StudioState } from '../types';
import * as cmp from './actions';
import { cellKey } from './types';

function grid(rows = 2, cols = 3): StudioState {
  let s: StudioState = { ...initialState, methods: f.methods };
  s = cmp.modelKnown(s, f.model('m1'));
  for (let i = 0; i < rows; i++) {
    s = cmp.imageKnown(s, f.image(`i${i}`));
    s = cmp.rowAdded(s, 'm1', `i${i}`);
  }
  for (let j = 0; j < cols; j++) s = cmp.columnAdded(s, j % 2 ? 'gradcam' : 'saliency', {});
  return s;
}

describe('compare grid actions', () => {
  it('queues one cell per row × column, in reading order', () => {
    const s = grid(2, 3);
    expect(Object.keys(s.compare.cells)).toHaveLength(6);
    expect(Object.values(s.compare.cells).every((c) => c.status === 'queued')).toBe(true);
    expect(cmp.nextQueued(s.compare)).toBe(cellKey(s.compare.rows[0].id, s.compare.columns[0].id));
  });

  it('refuses a duplicate row, an unknown image and an unknown method', () => {
    const s = grid(1, 1);
    expect(cmp.rowAdded(s, 'm1', 'i0')).toBe(s);
    expect(cmp.rowAdded(s, 'm1', 'nope')).toBe(s);
    expect(cmp.columnAdded(s, 'nope', {})).toBe(s);
  });

  it('takes a result only from the job the cell runs, and progress by job id', () => {
    let s = grid(1, 1);
    const key = cmp.nextQueued(s.compare)!;
    s = cmp.cellStarted(s, key, 'job-a');
    s = cmp.cellProgressed(s, { jobId: 'job-a', done: 3, total: 10 });
    expect(s.compare.cells[key].progress?.done).toBe(3);
    expect(cmp.cellProgressed(s, { jobId: 'other', done: 1, total: 2 })).toBe(s);
    expect(cmp.cellDone(s, key, 'job-b', f.result('job-b'))).toBe(s);
    s = cmp.cellDone(s, key, 'job-a', f.result('job-a'));
    expect(s.compare.cells[key].status).toBe('done');
    expect(cmp.nextQueued(s.compare)).toBeNull();
  });

  it('removing a column drops its cells and the selection in it', () => {
    let s = grid(2, 3);
    const col = s.compare.columns[1].id;
    s = cmp.cellSelected(s, cellKey(s.compare.rows[1].id, col));
    s = cmp.columnRemoved(s, col);
    expect(Object.keys(s.compare.cells)).toHaveLength(4);
    expect(Object.keys(s.compare.cells).some((k) => k.endsWith(`:${col}`))).toBe(false);
    expect(s.compare.selected).toBeNull();
  });

  it('styles one cell, then a grid-wide change of the same field wins over it', () => {
    let s = grid(1, 2);
    const [a, b] = Object.keys(s.compare.cells);
    s = cmp.styleChanged(s, a, { colormap: 'jet', opacity: 2 });
    expect(cmp.cellStyle(s.compare, a)).toMatchObject({ colormap: 'jet', opacity: 1 });
    expect(cmp.cellStyle(s.compare, b).colormap).toBe('viridis');
    s = cmp.styleChanged(s, null, { colormap: 'inferno' });
    expect(cmp.cellStyle(s.compare, a)).toMatchObject({ colormap: 'inferno', opacity: 1 });
  });

  it('a new target or new column parameters re-queue the cells concerned', () => {
    let s = grid(2, 2);
    for (const key of Object.keys(s.compare.cells)) s = cmp.cellDone(cmp.cellStarted(s, key, key), key, key, f.result(key));
    const col = s.compare.columns[0].id;
    const p = cmp.columnParamsChanged(s, col, { abs: false }, null);
    expect(
      Object.entries(p.compare.cells)
        .filter(([, c]) => c.status === 'queued')
        .map(([k]) => k.split(':')[1]),
    ).toEqual([col, col]);
    const t = cmp.targetChanged(s, 3);
    expect(Object.values(t.compare.cells).every((c) => c.status === 'queued')).toBe(true);
  });

  it('cancels a queued cell at once and sets the first window of an image', () => {
    let s = grid(1, 1);
    const key = Object.keys(s.compare.cells)[0];
    s = cmp.cellCancelled(s, key);
    expect(s.compare.cells[key].status).toBe('cancelled');
    s = cmp.pixelsKnown(s, 'i0', f.pixels({ window: [10, 30] }));
    expect(s.compare.windows.i0).toEqual({ center: 20, width: 20 });
    s = cmp.windowChanged(s, 'i0', { center: 5, width: 0 });
    expect(s.compare.windows.i0.width).toBeGreaterThan(0);
  });
});
