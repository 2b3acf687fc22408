// The overlay as the viewer shows it, for exports that must match the screen
// (the DICOM Secondary Capture): on top of io/overlay.ts's blend, the alpha
// ramp (opacity × |value| / the range's top, so zero attribution leaves the
// image untouched) and the threshold (pixels below it show the image), by the
// renderer's rules (render/overlay.ts pixelAlpha, render/contours.ts thresholdOf).
import { renderOverlay, type OverlayOptions, type OverlayRender, displayRgb, resizeBilinear } from './overlay';

export interface ShownOptions extends OverlayOptions {
  /** 'ramp' (the viewer's default) or 'flat' (opacity everywhere). */
  alpha?: 'ramp' | 'flat';
  /** Fraction (0–1) of the display range below which the map is hidden; null/absent: none. */
  threshold?: number | null;
}

type Input = Parameters<typeof renderOverlay>[0];

export function renderShownOverlay(image: Input, map: Float32Array, mapShape: [number, number], opts: ShownOptions): OverlayRender {
  const ramp = opts.alpha !== 'flat';
  const threshold = opts.threshold ?? null;
  if (!ramp && threshold === null) return renderOverlay(image, map, mapShape, opts);
  // The map's colour at full opacity: exact LUT bytes, with the colour range of the plain overlay.
  const colour = renderOverlay(image, map, mapShape, { ...opts, opacity: 1 });
  const { lo, hi } = colour;
  const base = displayRgb(image);
  const source = opts.mode === 'abs' ? Float32Array.from(map, Math.abs) : map;
  const big = resizeBilinear(source, mapShape[0], mapShape[1], image.height, image.width);
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  // thresholdOf: a magnitude level on abs/signed maps (0..max), a value level on raw ones.
  const f = threshold === null ? 0 : Math.min(1, Math.max(0, threshold));
  const magnitude = opts.mode !== 'raw';
  const level = opts.mode === 'raw' ? lo + f * (hi - lo) : opts.mode === 'signed' ? f * top : lo + f * (hi - lo);
  const opacity = Math.min(1, Math.max(0, opts.opacity));
  const rgb = new Uint8Array(base.length);
  for (let p = 0; p < big.length; p++) {
    const v = big[p];
    const shown = threshold === null || (magnitude ? Math.abs(v) : v) >= level;
    const t = top > 0 && Number.isFinite(v) ? Math.min(1, Math.abs(v) / top) : 0;
    const a = !shown ? 0 : ramp ? opacity * t : opacity;
    for (let c = 0; c < 3; c++) rgb[3 * p + c] = Math.round(base[3 * p + c] * (1 - a) + colour.rgb[3 * p + c] * a);
  }
  return { ...colour, rgb };
}
