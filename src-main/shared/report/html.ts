// Building blocks of self-contained HTML reports: escaped text, a page with
// its CSS inline, sections, tables, figures and images as data URIs. Every
// block returns an HTML string; nothing refers to a file or a network
// resource, so a report opens anywhere, offline, years later. Pure code: the
// CLI and the renderer build the same reports.
import { lutBytes, type ColormapName } from '../colormap';
import { pngDataUri } from './png';

/** Text as HTML (element content and quoted attribute values). */
export function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.meta{color:#5b6577;margin:0 0 8px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #dde2ea;padding:4px 8px;text-align:right}th{background:#f3f5f9}
td:first-child,th:first-child{text-align:left}
td.best{background:#e4f4e4;font-weight:600}
caption{caption-side:top;text-align:left;color:#5b6577;padding-bottom:4px}
figure{margin:12px 0}figcaption{color:#5b6577;font-size:12px}
.row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.row figure{margin:0}
.strip{display:flex;gap:2px;align-items:flex-end;flex-wrap:wrap}
.strip figure{margin:0;text-align:center}.strip img{image-rendering:pixelated;display:block}
.strip figcaption{max-width:72px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
`;

export interface PageOptions {
  title: string;
  /** Lines under the title (model, backend, date…), as text. */
  meta?: string[];
  /** Section HTML, in order. */
  body: string[];
}

export function page(o: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)}</title><style>${CSS}</style></head>
<body><h1>${esc(o.title)}</h1>${(o.meta ?? []).map((m) => `<p class="meta">${esc(m)}</p>`).join('')}
${o.body.join('\n')}
</body></html>
`;
}

/** Blocks side by side, wrapping on narrow pages (charts). */
export const row = (...items: string[]): string => `<div class="row">${items.join('')}</div>`;

export const section = (title: string, ...body: string[]): string => `<section><h2>${esc(title)}</h2>\n${body.join('\n')}</section>`;
export const paragraph = (text: string): string => `<p>${esc(text)}</p>`;

export interface Cell {
  text: string;
  /** Highlighted as the best of its column. */
  best?: boolean;
  title?: string;
}

export interface TableOptions {
  caption?: string;
  head: string[];
  rows: (string | Cell)[][];
  /** data-testid / id of the table, for scripts that read reports. */
  id?: string;
}

export function table(o: TableOptions): string {
  const cell = (c: string | Cell, tag: 'td' | 'th'): string => {
    const x = typeof c === 'string' ? { text: c } : c;
    return `<${tag}${x.best ? ' class="best"' : ''}${x.title ? ` title="${esc(x.title)}"` : ''}>${esc(x.text)}</${tag}>`;
  };
  return `<table${o.id ? ` id="${esc(o.id)}"` : ''}>${o.caption ? `<caption>${esc(o.caption)}</caption>` : ''}
<thead><tr>${o.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${o.rows.map((r) => `<tr>${r.map((c, i) => cell(c, i === 0 ? 'th' : 'td')).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** A figure around trusted markup (an SVG from svg-chart.ts, images from image()). */
export const figure = (content: string, caption?: string): string => `<figure>${content}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;

export const image = (dataUri: string, alt: string, width?: number, height?: number): string =>
  `<img src="${esc(dataUri)}" alt="${esc(alt)}"${width ? ` width="${width}"` : ''}${height ? ` height="${height}"` : ''}>`;

/** A 0…255 single-channel picture through a colormap, as a PNG data URI. */
export function colormapDataUri(pixels: ArrayLike<number>, width: number, height: number, colormap: ColormapName = 'inferno'): string {
  const lut = lutBytes(colormap);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(lut.subarray(pixels[i] * 3, pixels[i] * 3 + 3), i * 3);
  return pngDataUri(rgb, width, height, 3);
}

/** Thumbnails in a row, each with a caption (step, image…), scaled to `size` px high. */
export function strip(items: { pixels: ArrayLike<number>; width: number; height: number; caption: string }[], size = 64): string {
  return `<div class="strip">${items.map((t) => figure(image(colormapDataUri(t.pixels, t.width, t.height), t.caption, Math.round((t.width * size) / t.height), size), t.caption)).join('')}</div>`;
}
