// Colour bars in exported files, laid out like the on-screen bar (Colorbar.tsx):
// title (method and target class) and unit above, the ramp, ticks with both
// ends of the displayed range, triangles and "≥ max (99.5th pct)" at a
// saturated end. One layout, drawn as SVG for the HTML report and onto a
// canvas for the grid PNG.
import { lutColor, type ColormapName } from '../../../src-main/shared/colormap';
import { esc } from '../../../src-main/shared/report/html';
import { barScale, colorbarLabel, LABEL_CHAR_EM, mapTitle, saturationText, unitText, type Saturation } from '../render/colorbarScale';
import type { MapMode } from '../state/types';
import { cellStyle } from '../state/compare/actions';
import type { CompareState } from '../state/compare/types';
import { overlayFor } from './cellRender';

export interface ExportBar {
  colormap: ColormapName;
  mode: MapMode;
  lo: number;
  hi: number;
  saturated: Saturation;
  clipPercentile: number;
  /** "Grad-CAM · class 'three' (3)". */
  title: string;
}

/** The bar of a finished cell as the grid draws it (its style, its range); null while it has no result. */
export function cellBar(c: CompareState, key: string, methodLabel: (id: string) => string): ExportBar | null {
  const r = c.cells[key]?.result;
  if (!r) return null;
  const style = cellStyle(c, key);
  const o = overlayFor(r, style);
  const title = mapTitle(methodLabel(r.method), r.target);
  return { colormap: style.colormap, mode: style.mode, lo: o.lo, hi: o.hi, saturated: o.saturated, clipPercentile: style.clipPercentile, title };
}

/** Heights in px at scale 1: the band under a cell that holds its bar. */
export const BAR_BAND = 72;
const PAD = 14;
const FONT = 12;

interface Placed {
  x: number;
  label: string;
  anchor: 'start' | 'middle' | 'end';
}

/** Where everything goes in a band `width` px wide, `k` times the base size. */
export function barLayout(bar: ExportBar, width: number, k = 1) {
  const pad = PAD * k;
  const len = Math.max(8, width - 2 * pad);
  const { ticks, exponent } = barScale(bar.lo, bar.hi, Math.max(2, Math.round(len / (64 * k))), Math.min(0.3, (40 * k) / len), {
    lengthPx: len,
    charPx: LABEL_CHAR_EM * FONT * k,
  });
  const placed: Placed[] = ticks.map((t) => ({ x: pad + t.at * len, label: t.label, anchor: t.end === 'lo' ? 'start' : t.end === 'hi' ? 'end' : 'middle' }));
  return {
    pad,
    len,
    font: FONT * k,
    titleY: 13 * k,
    barY: 19 * k,
    barH: 14 * k,
    labelY: 50 * k,
    satY: 66 * k,
    ticks: placed,
    unit: unitText(bar.mode, exponent),
    saturation: saturationText(bar.mode, bar.lo, bar.hi, bar.saturated, bar.clipPercentile),
  };
}

const rgb = (colormap: ColormapName, t: number) =>
  `rgb(${lutColor(colormap, t)
    .map((c) => Math.round(c * 255))
    .join(',')})`;
const STOPS = 64;

/** The bar as inline SVG (an element per map in the report); `id` makes its gradient unique in the page. */
export function colorbarSvg(bar: ExportBar, width: number, id: string): string {
  const L = barLayout(bar, width);
  const gid = `cb-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const stops = Array.from({ length: STOPS + 1 }, (_, i) => `<stop offset="${i / STOPS}" stop-color="${rgb(bar.colormap, i / STOPS)}"/>`).join('');
  const y0 = L.barY;
  const y1 = L.barY + L.barH;
  const ym = (y0 + y1) / 2;
  const tri = (end: 'lo' | 'hi') =>
    end === 'lo'
      ? `<polygon class="saturated lo" points="${L.pad - 1},${y0} ${L.pad - 1},${y1} ${L.pad - 12},${ym}" fill="${rgb(bar.colormap, 0)}"/>`
      : `<polygon class="saturated hi" points="${L.pad + L.len + 1},${y0} ${L.pad + L.len + 1},${y1} ${L.pad + L.len + 12},${ym}" fill="${rgb(bar.colormap, 1)}"/>`;
  const text = (x: number, y: number, s: string, anchor: string, extra = '') =>
    `<text x="${x.toFixed(1)}" y="${y}" text-anchor="${anchor}" font-size="${L.font}"${extra}>${esc(s)}</text>`;
  const label = `${bar.title}. ${colorbarLabel(bar.colormap, bar.mode, bar.lo, bar.hi, null, L.saturation)}`;
  return [
    `<svg class="colorbar" data-testid="colorbar" data-lo="${bar.lo}" data-hi="${bar.hi}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${BAR_BAND}" viewBox="0 0 ${width} ${BAR_BAND}" font-family="system-ui,sans-serif">`,
    `<defs><linearGradient id="${gid}">${stops}</linearGradient></defs>`,
    text(L.pad, L.titleY, bar.title, 'start', ' font-weight="600" class="title"'),
    `<rect x="${L.pad}" y="${y0}" width="${L.len}" height="${L.barH}" fill="url(#${gid})" stroke="#8a919c" stroke-width="0.5"/>`,
    bar.saturated.lo ? tri('lo') : '',
    bar.saturated.hi ? tri('hi') : '',
    ...L.ticks.map(
      (t) =>
        `<line x1="${t.x.toFixed(1)}" x2="${t.x.toFixed(1)}" y1="${y1}" y2="${y1 + 5}" stroke="#1b1f24"/>` +
        text(t.x, L.labelY, t.label, t.anchor, ' class="tick"'),
    ),
    text(L.pad, L.satY, L.unit, 'start', ' class="unit" fill="#545d6b"'),
    L.saturation ? text(L.pad + L.len, L.satY, L.saturation, 'end', ' class="saturation" fill="#545d6b"') : '',
    '</svg>',
  ].join('');
}

/** The bar drawn into a canvas at (x, y), `width` px wide, k times the base size (a BAR_BAND × k tall band). */
export function drawColorbar(ctx: CanvasRenderingContext2D, bar: ExportBar, x: number, y: number, width: number, k = 1): void {
  const L = barLayout(bar, width, k);
  ctx.save();
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#1b1f24';
  ctx.font = `600 ${13 * k}px sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillText(bar.title, x + L.pad, y + L.titleY, L.len);
  // The ramp: one column per canvas px, sampled at the column centre as rampRgba does.
  const n = Math.max(1, Math.round(L.len));
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = rgb(bar.colormap, (i + 0.5) / n);
    ctx.fillRect(x + L.pad + (i * L.len) / n, y + L.barY, L.len / n + 0.5, L.barH);
  }
  const ym = y + L.barY + L.barH / 2;
  const triangle = (tip: number, base: number, t: number) => {
    ctx.fillStyle = rgb(bar.colormap, t);
    ctx.beginPath();
    ctx.moveTo(base, y + L.barY);
    ctx.lineTo(base, y + L.barY + L.barH);
    ctx.lineTo(tip, ym);
    ctx.closePath();
    ctx.fill();
  };
  if (bar.saturated.lo) triangle(x + L.pad - 12 * k, x + L.pad - 1, 0);
  if (bar.saturated.hi) triangle(x + L.pad + L.len + 12 * k, x + L.pad + L.len + 1, 1);
  ctx.fillStyle = '#1b1f24';
  ctx.font = `${L.font}px sans-serif`;
  for (const t of L.ticks) {
    ctx.fillRect(x + t.x - 0.5 * k, y + L.barY + L.barH, k, 5 * k);
    ctx.textAlign = t.anchor === 'start' ? 'left' : t.anchor === 'end' ? 'right' : 'center';
    ctx.fillText(t.label, x + t.x, y + L.labelY);
  }
  ctx.fillStyle = '#545d6b';
  ctx.textAlign = 'left';
  ctx.fillText(L.unit, x + L.pad, y + L.satY);
  if (L.saturation) {
    ctx.textAlign = 'right';
    ctx.fillText(L.saturation, x + L.pad + L.len, y + L.satY);
  }
  ctx.restore();
}
