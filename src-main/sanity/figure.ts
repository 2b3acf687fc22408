// The sanity-check figure of Adebayo et al. as files: a thumbnail strip of one
// method's maps across randomisation steps (RGB bytes, for any PNG writer) and
// a similarity-vs-layer line plot (SVG text), one line per method.
import { resizeBilinear } from '../io/overlay';
import { colorize } from '../shared/colormap';
import { visualNormalise } from './sanity';

const GAP = 2;

/** A tile of the strip: values in [0, 1], row-major, at its own size. */
export interface StripTile {
  data: Float32Array;
  height: number;
  width: number;
}

/** Tiles side by side on inferno, each stretched to the map's shape at `size` px high (at least its own), 2-px white gaps. */
export function drawStrip(tiles: readonly StripTile[], shape: [number, number], size = 96): { rgb: Uint8Array; width: number; height: number } {
  const [h, w] = shape;
  const th = Math.max(size, h);
  const tw = Math.round((w * th) / h);
  const width = tiles.length * tw + (tiles.length - 1) * GAP;
  const rgb = new Uint8Array(width * th * 3).fill(255);
  tiles.forEach((t, k) => {
    const big = resizeBilinear(t.data, t.height, t.width, th, tw);
    const { rgba } = colorize(big, { colormap: 'inferno', mode: 'raw', min: 0, max: 1 });
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const o = (y * width + k * (tw + GAP) + x) * 3;
        const i = (y * tw + x) * 4;
        rgb[o] = rgba[i];
        rgb[o + 1] = rgba[i + 1];
        rgb[o + 2] = rgba[i + 2];
      }
    }
  });
  return { rgb, width, height: th };
}

/** Maps side by side, each |map| normalised (as for SSIM/HOG) on inferno, scaled to `size` px high. */
export function mapStrip(maps: readonly Float32Array[], shape: [number, number], size = 96): { rgb: Uint8Array; width: number; height: number } {
  const [h, w] = shape;
  return drawStrip(
    maps.map((m) => ({ data: visualNormalise(m), height: h, width: w })),
    shape,
    size,
  );
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Similarity (−1..1) against the randomisation steps, one polyline per series. */
export function similarityPlotSvg(title: string, stepLabels: readonly string[], series: readonly { name: string; values: readonly number[] }[]): string {
  const [W, H, L, R, T, B] = [640, 360, 60, 150, 30, 90];
  const x = (i: number): number => L + (stepLabels.length > 1 ? (i * (W - L - R)) / (stepLabels.length - 1) : 0);
  const y = (v: number): number => T + ((1 - v) / 2) * (H - T - B);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="18" font-size="13">${esc(title)}</text>`,
  ];
  for (const v of [-1, -0.5, 0, 0.5, 1])
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="${v === 0 ? '#999' : '#ddd'}"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  stepLabels.forEach((s, i) => parts.push(`<text transform="translate(${x(i) + 4},${H - B + 8}) rotate(60)">${esc(s)}</text>`));
  series.forEach((s, k) => {
    const c = PALETTE[k % PALETTE.length];
    const pts = s.values
      .map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter(Boolean)
      .join(' ');
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts}"/>`);
    parts.push(
      `<line x1="${W - R + 10}" x2="${W - R + 30}" y1="${T + 14 * k}" y2="${T + 14 * k}" stroke="${c}" stroke-width="2"/><text x="${W - R + 34}" y="${T + 14 * k + 4}">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
