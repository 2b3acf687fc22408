// A line chart as standalone SVG text, for reports. Hand-written rather than
// rendered by recharts: recharts 3 draws its SVG only after mounting (its
// state lives in a store filled by effects), so react-dom/server's static
// markup is an empty wrapper. One series per method; x is numeric (a linear
// axis) or categorical (the labels spread evenly, e.g. randomised layers).
import { esc } from './html';

/** Series colours, shared with the UI's charts so a method keeps its colour. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export interface LineSeries {
  name: string;
  /** One value per x; null or NaN leaves a gap. */
  values: readonly (number | null)[];
}

export interface LineChartOptions {
  title?: string;
  /** Numbers: a linear axis; strings: categories. */
  x: readonly number[] | readonly string[];
  series: readonly LineSeries[];
  xLabel?: string;
  yLabel?: string;
  /** Default: the data range, widened to include 0. */
  yDomain?: [number, number];
  width?: number;
  height?: number;
  /** A standalone .svg file needs the namespace; SVG inline in HTML does not. */
  standalone?: boolean;
}

const tidy = (v: number): string => String(Math.round(v * 1000) / 1000);

function niceTicks(lo: number, hi: number, n = 5): number[] {
  const step0 = (hi - lo) / n || 1;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

export function lineChartSvg(o: LineChartOptions): string {
  const categorical = typeof o.x[0] === 'string';
  const W = o.width ?? 560;
  const H = o.height ?? 300;
  const [L, R, T, B] = [56, 150, o.title ? 28 : 12, categorical ? 80 : 44];
  const xs = categorical ? o.x.map((_, i) => i) : (o.x as number[]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const finite = o.series.flatMap((s) => s.values.filter((v): v is number => v != null && Number.isFinite(v)));
  const [y0, y1] = o.yDomain ?? [Math.min(0, ...finite), Math.max(1e-9, ...finite)];
  const px = (v: number): number => L + (x1 > x0 ? ((v - x0) / (x1 - x0)) * (W - L - R) : 0);
  const py = (v: number): number => T + (1 - (v - y0) / (y1 - y0 || 1)) * (H - T - B);
  const parts = [
    `<svg${o.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(o.title ?? 'line chart')}">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  if (o.title) parts.push(`<text x="${L}" y="18" font-size="13">${esc(o.title)}</text>`);
  for (const v of niceTicks(y0, y1))
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="${v === 0 ? '#999' : '#e3e3e3'}"/><text x="${L - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end">${tidy(v)}</text>`,
    );
  if (categorical)
    (o.x as string[]).forEach((s, i) => parts.push(`<text transform="translate(${(px(i) + 3).toFixed(1)},${H - B + 10}) rotate(50)">${esc(s)}</text>`));
  else
    for (const v of niceTicks(x0, x1))
      parts.push(
        `<line x1="${px(v).toFixed(1)}" x2="${px(v).toFixed(1)}" y1="${H - B}" y2="${H - B + 4}" stroke="#999"/><text x="${px(v).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${tidy(v)}</text>`,
      );
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#999"/>`);
  if (o.xLabel) parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  if (o.yLabel) parts.push(`<text transform="translate(14,${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  o.series.forEach((s, k) => {
    const c = PALETTE[k % PALETTE.length];
    // Gaps split the line into separate "M…L…" runs.
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v)) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${px(xs[i]).toFixed(1)},${py(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path class="series" data-series="${esc(s.name)}" fill="none" stroke="${c}" stroke-width="2" d="${d}"/>`);
    parts.push(
      `<line x1="${W - R + 12}" x2="${W - R + 32}" y1="${T + 8 + 15 * k}" y2="${T + 8 + 15 * k}" stroke="${c}" stroke-width="2"/><text x="${W - R + 36}" y="${T + 12 + 15 * k}">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
