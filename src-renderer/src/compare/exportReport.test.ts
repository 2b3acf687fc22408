import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import * as cmp from '../state/compare/actions';
import { initialState, type StudioState } from '../state/types';
import { cellParameterRows, gridReport } from './exportReport';

function grid(): StudioState {
  let s: StudioState = { ...initialState, methods: f.methods };
  s = cmp.modelKnown(s, f.model('m1', { name: 'Digits <CNN>' }));
  s = cmp.imageKnown(s, f.image('a', { name: 'three.png' }));
  s = cmp.rowAdded(s, 'm1', 'a');
  s = cmp.columnAdded(s, 'saliency', { abs: true });
  s = cmp.columnAdded(s, 'gradcam', { relu: true, steps: 8 });
  const [k1, k2] = Object.keys(s.compare.cells);
  s = cmp.cellDone(cmp.cellStarted(s, k1, 'j1'), k1, 'j1', { ...f.result('j1'), ms: 12.4 });
  s = cmp.cellStarted(s, k2, 'j2');
  return cmp.styleChanged(s, k1, { colormap: 'jet', threshold: 0.5 });
}

describe('grid report', () => {
  it('lists the parameters of every cell, done or not', () => {
    const rows = cellParameterRows(grid().compare, f.methods);
    expect(rows).toEqual([
      ['r1 c1', 'Digits <CNN>', 'three.png', 'Vanilla gradient', 'abs=true', '—', 'three (3)', '-1 … 1', 'jet, abs, clip 99.5%, threshold 0.5', '12 ms'],
      ['r1 c2', 'Digits <CNN>', 'three.png', 'Grad-CAM', 'relu=true, steps=8', 'auto', 'top', '—', 'viridis, abs, clip 99.5%', 'running'],
    ]);
  });

  it('is one self-contained page: pictures inline, text escaped, nothing fetched', () => {
    const s = grid();
    const key = Object.keys(s.compare.cells)[0];
    const html = gridReport(s.compare, f.methods, { [key]: 'data:image/png;base64,AAAA' }, ['backend wasm']);
    expect(html).toContain('<img src="data:image/png;base64,AAAA"');
    expect(html).toContain('Digits &lt;CNN&gt;');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((html.match(/<tr>/g) ?? []).length).toBe(2 + 1 + 2);
  });

  it('each finished map has its colour bar (range, ticks to its max) and its target class', () => {
    const s = grid();
    const [k1, k2] = Object.keys(s.compare.cells);
    const html = gridReport(s.compare, f.methods, { [k1]: 'data:image/png;base64,AAAA', [k2]: 'data:image/png;base64,BBBB' });
    const bars = [...html.matchAll(/<svg class="colorbar"[^>]*data-lo="([^"]+)" data-hi="([^"]+)"/g)];
    // The second cell is still running: only the finished one has a bar.
    expect(bars.map((m) => [Number(m[1]), Number(m[2])])).toEqual([[0, 1]]);
    expect(html).toContain('Vanilla gradient · class &#39;three&#39; (3)');
    expect(html).toContain('<figcaption>Target: class &#39;three&#39; (3)</figcaption>');
    const ticks = [...html.matchAll(/class="tick">([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0.0', '0.5', '1.0']);
  });
});
