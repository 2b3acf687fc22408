// A colour bar for one map: the colormap, the value range with nice ticks, and
// the threshold marked when one is set. Props only (no store), so every
// comparison cell can have its own. The ramp canvas has one column per device
// pixel, so it stays sharp on high-DPI screens.
import { useEffect, useRef } from 'react';
import { rampRgba } from '../render/colormap';
import { colorbarLabel, colorbarTicks, thresholdMarks } from '../render/colorbarScale';
import type { Threshold } from '../render/contours';
import type { ColormapName, MapMode } from '../state/types';

export interface ColorbarProps {
  colormap: ColormapName;
  mode: MapMode | 'raw';
  /** Values at the two ends (OverlayBitmap.lo / .hi). */
  lo: number;
  hi: number;
  /** OverlayBitmap.threshold: marked on the bar. */
  threshold?: Threshold | null;
  orientation?: 'horizontal' | 'vertical';
  /** Bar length in CSS px. */
  length?: number;
  /** Roughly how many tick intervals. */
  ticks?: number;
}

const THICKNESS = 12;

export function Colorbar({ colormap, mode, lo, hi, threshold = null, orientation = 'horizontal', length = 240, ticks = 4 }: ColorbarProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const vertical = orientation === 'vertical';
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const n = Math.max(2, Math.round(length * dpr));
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ramp = rampRgba(colormap, n);
    if (vertical) {
      // High values at the top: reverse the ramp into a 1 × n column.
      const col = new Uint8ClampedArray(n * 4);
      for (let i = 0; i < n; i++) col.set(ramp.subarray(4 * (n - 1 - i), 4 * (n - i)), 4 * i);
      ctx.putImageData(new ImageData(col, 1, n), 0, 0);
    } else {
      ctx.putImageData(new ImageData(ramp, n, 1), 0, 0);
    }
  }, [colormap, n, vertical]);

  const pos = (at: number) => (vertical ? { bottom: `${at * 100}%` } : { left: `${at * 100}%` });
  const size = vertical ? { width: THICKNESS, height: length } : { width: length, height: THICKNESS };
  return (
    <div
      className={`colorbar ${vertical ? 'vertical' : 'horizontal'}`}
      role="img"
      aria-label={colorbarLabel(colormap, mode, lo, hi, threshold)}
      data-testid="colorbar"
      data-colormap={colormap}
      data-lo={lo}
      data-hi={hi}
    >
      <div className="colorbar-bar" style={size}>
        <canvas ref={ref} width={vertical ? 1 : n} height={vertical ? n : 1} style={size} />
        {thresholdMarks(lo, hi, threshold).map((at, i) => (
          <span key={i} className="colorbar-threshold" style={pos(at)} data-testid="colorbar-threshold" />
        ))}
        {colorbarTicks(lo, hi, ticks).map((t) => (
          <span key={t.value} className="colorbar-tick" style={pos(t.at)} aria-hidden="true">
            <span className="colorbar-label">{t.label}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
