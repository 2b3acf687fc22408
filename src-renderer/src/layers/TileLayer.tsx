// Full-resolution detail over the display level: when the view magnifies the
// level, the visible region comes from the engine (imageTile, render/tileView.ts)
// once the view has rested for a moment, and is drawn at its place in full image
// pixels. The level stays beneath, so panning never shows a hole; a reply for
// another image or an older view is dropped.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import type { ImageTile } from '../../../src-main/api/types';
import { useHost } from '../context';
import { toCanvas } from '../render/bitmap';
import { sameTile, wantedTile, type TileWant } from '../render/tileView';
import { pixelsToRgba } from '../render/windowLevel';
import type { DisplayWindow } from '../state/types';
import { devicePixelRatio, smoothAt } from '../tools/pixelRatio';
import type { View } from '../tools/viewport';

/** The view must rest this long before a tile is asked for: wheel zooms come in bursts. */
const SETTLE_MS = 120;

interface Props {
  imageId: string;
  view: View;
  stage: { width: number; height: number };
  full: { width: number; height: number };
  level: { width: number; height: number };
  window: DisplayWindow;
}

export function TileLayer({ imageId, view, stage, full, level, window: win }: Props) {
  const host = useHost();
  const [tile, setTile] = useState<{ imageId: string; want: TileWant; px: ImageTile } | null>(null);
  const want = wantedTile(view, stage, full, level, devicePixelRatio());
  const asked = useRef<TileWant | null>(null);
  const wantKey = want ? `${want.x},${want.y},${want.w},${want.h},${want.maxSide}` : '';

  useEffect(() => {
    if (!want || sameTile(asked.current, want)) return;
    const timer = setTimeout(() => {
      asked.current = want;
      host.api
        .imageTile({ imageId, ...want })
        .then((px) => {
          if (sameTile(asked.current, want)) setTile({ imageId, want, px });
        })
        .catch(() => undefined); // A refused or failed tile leaves the level on screen.
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // wantKey stands for `want` by value.
  }, [wantKey, imageId, host]);

  const shown = tile && tile.imageId === imageId && want ? tile : null;
  const canvas = useMemo(() => {
    if (!shown) return null;
    const img = pixelsToRgba(shown.px, win, undefined, Number.MAX_SAFE_INTEGER);
    return toCanvas(img.width, img.height, img.rgba);
  }, [shown, win]);
  if (!shown || !canvas) return null;
  const r = shown.px.region;
  return (
    <Layer listening={false} imageSmoothingEnabled={smoothAt((view.scale * r.width) / shown.px.width)}>
      <KonvaImage image={canvas} x={r.x} y={r.y} width={r.width} height={r.height} />
    </Layer>
  );
}
