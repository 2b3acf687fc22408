// Thumbnails of maps in a row, each a small canvas: |map| (0…255, as the
// sanity checks normalise it) through inferno, scaled without smoothing.
import { useEffect, useRef } from 'react';
import type { Thumb } from '../../../../src-main/api/evaluate-types';
import { lutBytes } from '../../../../src-main/shared/colormap';

const SIZE = 56;

function ThumbCanvas({ t, label }: { t: Thumb; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const lut = lutBytes('inferno');
    const img = ctx.createImageData(t.width, t.height);
    for (let i = 0; i < t.pixels.length; i++) {
      const k = t.pixels[i] * 3;
      img.data.set([lut[k], lut[k + 1], lut[k + 2], 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [t]);
  return (
    <canvas
      ref={ref}
      width={t.width}
      height={t.height}
      role="img"
      aria-label={label}
      style={{ width: (SIZE * t.width) / t.height, height: SIZE, imageRendering: 'pixelated' }}
    />
  );
}

export function MapStrip({ thumbs, labels, name, testId }: { thumbs: Thumb[]; labels: string[]; name: string; testId: string }) {
  return (
    <div className="map-strip" data-testid={testId} aria-label={`${name}: maps across ${labels.length} columns`}>
      <span className="map-strip-name">{name}</span>
      {thumbs.map((t, k) => (
        <figure key={k}>
          <ThumbCanvas t={t} label={`${name} at ${labels[k]}`} />
          <figcaption title={labels[k]}>{labels[k]}</figcaption>
        </figure>
      ))}
    </div>
  );
}
