// The colormap as a bar with the values at its two ends.
import { useEffect, useRef } from 'react';
import { colorize } from '../render/colormap';
import type { ColormapName, MapMode } from '../state/types';

const RAMP = Float32Array.from({ length: 256 }, (_, i) => i / 255);
const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e3 || Math.abs(v) < 1e-2 ? v.toExponential(1) : v.toPrecision(3));

export function Colorbar({ colormap, mode, lo, hi }: { colormap: ColormapName; mode: MapMode; lo: number; hi: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { rgba } = colorize(RAMP, { colormap, mode: 'raw' });
    const row = new Uint8ClampedArray(256 * 4);
    row.set(rgba.subarray(0, row.length));
    for (let i = 3; i < row.length; i += 4) row[i] = 255;
    ctx.putImageData(new ImageData(row, 256, 1), 0, 0);
  }, [colormap]);
  return (
    <div className="colorbar" aria-label={`Colour scale ${colormap}, ${mode}: ${fmt(lo)} to ${fmt(hi)}`} role="img">
      <span>{fmt(lo)}</span>
      <canvas ref={ref} width={256} height={1} />
      <span>{fmt(hi)}</span>
    </div>
  );
}
