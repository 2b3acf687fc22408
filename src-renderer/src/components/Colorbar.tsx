// A colour bar for one map: a title (method and class) and unit, the colormap,
// ticks that include both ends of the displayed range, the threshold marked
// when one is set, and a triangle with "≥ max (99.5th pct)" at an end the
// percentile clip saturated. Props only (no store), so every comparison cell
// can have its own. The ramp canvas has one column per device pixel, so it
// stays sharp on high-DPI screens.
import { useEffect, useRef } from 'react';
import { lutColor } from '../../../src-main/shared/colormap';
import { rampRgba } from '../render/colormap';
import { barScale, colorbarLabel, LABEL_CHAR_EM, saturationText, thresholdMarks, unitText, type Saturation } from '../render/colorbarScale';
import type { Threshold } from '../render/contours';
import type { ColormapName, MapMode } from '../state/types';
import './Colorbar.css';

export interface ColorbarProps {
  colormap: ColormapName;
  mode: MapMode | 'raw';
  /** Values at the two ends (OverlayBitmap.lo / .hi). */
  lo: number;
  hi: number;
  /** OverlayBitmap.threshold: marked on the bar. */
  threshold?: Threshold | null;
  /** Bar length in CSS px. */
  length?: number;
  /** "Grad-CAM · class 'nodule' (3)". */
  title?: string;
  /** OverlayBitmap.saturated and the clip percentile: which end is clipped, and at what. */
  saturated?: Saturation | null;
  clipPercentile?: number;
  /** A line under the bar: "computed at 96×96, shown bilinear at 2048×2048". */
  note?: string;
}

const THICKNESS = 14;
/** Width of the end triangles (shown at a saturated end). */
const END = 12;
/** Roughly one tick interval per this many CSS px. */
const PX_PER_TICK = 64;
/** Tick labels are 12 px (Colorbar.css). */
const LABEL_PX = 12;

const css = (rgb: [number, number, number]) => `rgb(${rgb.map((c) => Math.round(c * 255)).join(',')})`;

export function Colorbar({ colormap, mode, lo, hi, threshold = null, length = 300, title, saturated = null, clipPercentile, note }: ColorbarProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const n = Math.max(2, Math.round(length * dpr));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(rampRgba(colormap, n), n, 1), 0, 0);
  }, [colormap, n]);

  // Nice ticks keep clear of the ends (~5 characters) and of the end labels themselves.
  const { ticks, exponent } = barScale(lo, hi, Math.max(2, Math.round(length / PX_PER_TICK)), Math.min(0.3, 40 / length), {
    lengthPx: length,
    charPx: LABEL_CHAR_EM * LABEL_PX,
  });
  const sat = saturationText(mode, lo, hi, saturated, clipPercentile);
  const size = { width: length, height: THICKNESS };
  return (
    <div
      className="cbar"
      role="img"
      aria-label={`${title ? `${title}. ` : ''}${colorbarLabel(colormap, mode, lo, hi, threshold, sat)}${note ? ` Map ${note}.` : ''}`}
      data-testid="colorbar"
      data-colormap={colormap}
      data-lo={lo}
      data-hi={hi}
      data-exponent={exponent}
      data-saturated={saturated ? `${saturated.lo ? 'lo' : ''}${saturated.hi ? 'hi' : ''}` : ''}
      style={{ width: length + 2 * END }}
    >
      <div className="cbar-head" aria-hidden="true">
        {title && (
          <span className="cbar-title" data-testid="colorbar-title" title={title}>
            {title}
          </span>
        )}
        <span className="cbar-unit" data-testid="colorbar-unit">
          {unitText(mode, exponent)}
        </span>
      </div>
      <div className="cbar-row">
        <span className={`cbar-end lo${saturated?.lo ? ' saturated' : ''}`} style={{ borderRightColor: css(lutColor(colormap, 0)) }} />
        <div className="cbar-bar" style={size}>
          <canvas ref={ref} width={n} height={1} style={size} />
          {thresholdMarks(lo, hi, threshold).map((at, i) => (
            <span key={i} className="cbar-threshold" style={{ left: `${at * 100}%` }} data-testid="colorbar-threshold" />
          ))}
          {ticks.map((t) => (
            <span
              key={`${t.end ?? ''}${t.value}`}
              className={`cbar-tick${t.end ? ` ${t.end}` : ''}`}
              style={{ left: `${t.at * 100}%` }}
              aria-hidden="true"
              data-testid="colorbar-tick"
              data-value={t.value}
              data-end={t.end ?? ''}
            >
              <span className="cbar-label">{t.label}</span>
            </span>
          ))}
        </div>
        <span className={`cbar-end hi${saturated?.hi ? ' saturated' : ''}`} style={{ borderLeftColor: css(lutColor(colormap, 1)) }} />
      </div>
      {sat && (
        <div className="cbar-sat" data-testid="colorbar-saturation" aria-hidden="true">
          {sat}
        </div>
      )}
      {note && (
        <div className="cbar-sat" data-testid="colorbar-note" aria-hidden="true">
          Map {note}
        </div>
      )}
    </div>
  );
}
