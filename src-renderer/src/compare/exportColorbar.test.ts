import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import * as cmp from '../state/compare/actions';
import { initialState, type StudioState } from '../state/types';
import { BAR_BAND, cellBar, colorbarSvg, drawColorbar, type ExportBar } from './exportColorbar';
import { gridLayout } from './exportPng';

/** A 2D context that records what is drawn: text with its position, and the colour of every filled rectangle. */
function recorder() {
  const texts: { text: string; x: number; y: number }[] = [];
  const rects: { fill: string; x: number; y: number; w: number; h: number }[] = [];
  let paths = 0;
  const ctx = {
    fillStyle: '',
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    save() {},
    restore() {},
    beginPath() {},
    moveTo() {},
    lineTo() {},
    closePath() {},
    fill() {
      paths++;
    },
    fillText(text: string, x: number, y: number) {
      texts.push({ text, x, y });
    },
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push({ fill: String(ctx.fillStyle), x, y, w, h });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, rects, paths: () => paths };
}

const bar: ExportBar = {
  colormap: 'viridis',
  mode: 'abs',
  lo: 0,
  hi: 0.97,
  saturated: { lo: false, hi: true },
  clipPercentile: 99.5,
  title: "Grad-CAM · class 'three' (3)",
};

function grid(): StudioState {
  let s: StudioState = { ...initialState, methods: f.methods };
  s = cmp.modelKnown(s, f.model('m1'));
  s = cmp.imageKnown(s, f.image('a'));
  s = cmp.rowAdded(s, 'm1', 'a');
  s = cmp.columnAdded(s, 'saliency', {});
  const [k] = Object.keys(s.compare.cells);
  return cmp.cellDone(cmp.cellStarted(s, k, 'j1'), k, 'j1', f.result('j1'));
}

describe('exported colour bars', () => {
  it('the canvas bar: title with the class, the ramp from the first to the last colour, ticks to the max, the saturated end', () => {
    const r = recorder();
    drawColorbar(r.ctx, bar, 100, 500, 300);
    const texts = r.texts.map((t) => t.text);
    expect(texts).toContain("Grad-CAM · class 'three' (3)");
    expect(texts).toEqual(expect.arrayContaining(['0.00', '0.25', '0.50', '0.75', '0.97', '|attribution|', '≥ 0.97 (99.5th pct)']));
    // The ramp: one filled column per px inside the band, viridis' ends at its ends.
    const ramp = r.rects.filter((x) => x.h === 14);
    expect(ramp.length).toBe(272);
    expect(ramp[0].fill).toBe('rgb(68,1,84)');
    expect(ramp.at(-1)?.fill).toBe('rgb(253,231,37)');
    expect(Math.min(...ramp.map((x) => x.y))).toBeGreaterThan(500);
    expect(Math.max(...ramp.map((x) => x.y + x.h))).toBeLessThanOrEqual(500 + BAR_BAND);
    // The 0.97 label sits at the bar's right end; the saturated end has its triangle.
    const top = r.texts.find((t) => t.text === '0.97');
    expect(top?.x).toBeCloseTo(100 + 14 + 272, 6);
    expect(r.paths()).toBe(1);
    const unclipped = recorder();
    drawColorbar(unclipped.ctx, { ...bar, saturated: { lo: false, hi: false } }, 0, 0, 300);
    expect(unclipped.paths()).toBe(0);
    expect(unclipped.texts.some((t) => t.text.startsWith('≥'))).toBe(false);
  });

  it('the SVG bar carries the range, every tick label, the class and the saturation note', () => {
    const svg = colorbarSvg(bar, 224, 'r1:c1');
    expect(svg).toMatch(/^<svg class="colorbar" data-testid="colorbar" data-lo="0" data-hi="0.97"/);
    expect(svg).toContain('Grad-CAM · class &#39;three&#39; (3)');
    const ticks = [...svg.matchAll(/class="tick">([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0.0', '0.5', '0.97']);
    expect(svg).toContain('≥ 0.97 (99.5th pct)');
    expect(svg).toContain('id="cb-r1-c1"');
    expect((svg.match(/<polygon class="saturated hi"/g) ?? []).length).toBe(1);
  });

  it('a cell bar is built from the cell: its range and its target class', () => {
    const s = grid();
    const [k] = Object.keys(s.compare.cells);
    const b = cellBar(s.compare, k, (id) => (id === 'saliency' ? 'Vanilla gradient' : id));
    expect(b).toMatchObject({ lo: 0, hi: 1, title: "Vanilla gradient · class 'three' (3)", colormap: 'viridis', mode: 'abs' });
  });

  it('the grid PNG is taller by a colour-bar band per row', () => {
    const s = grid();
    const L = gridLayout(s.compare);
    expect(L.band).toBe(BAR_BAND);
    expect(L.height).toBe(28 + s.compare.rows.length * (L.cellSide + BAR_BAND + 4));
  });
});
