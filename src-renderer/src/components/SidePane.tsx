// One pane of the side-by-side view: the original image, the image with the
// overlay, or the map alone. The shared view (compare/viewSync.ts, the
// Compare grid's machinery) moves the content group directly, without a React
// render per frame; usePointerNav turns wheel and drag on any pane into that
// shared view, so zooming one zooms all three.
import { useEffect, useMemo, useRef } from 'react';
import { Group, Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import type Konva from 'konva';
import type { ImagePixels } from '../../../src-main/api/types';
import { imageCanvas } from '../compare/cellRender';
import { usePointerNav, type WindowTarget } from '../compare/usePointerNav';
import { cellTransform, type ViewSync } from '../compare/viewSync';
import { ContourGroup } from '../layers/ContourLayer';
import { toCanvas } from '../render/bitmap';
import type { DisplayWindow } from '../state/types';
import type { FilmMap } from './useFilmMap';

export type PaneKind = 'original' | 'overlay' | 'map';

interface Props {
  kind: PaneKind;
  size: number;
  sync: ViewSync;
  pixels: ImagePixels;
  win: DisplayWindow;
  film: FilmMap | null;
  /** Film contours (field px), drawn on the overlay pane. */
  contours: number[][] | null;
  opacity: number;
  level: WindowTarget | null;
}

const TITLES: Record<PaneKind, string> = { original: 'Original', overlay: 'Overlay', map: 'Map' };

export function SidePane({ kind, size, sync, pixels, win, film, contours, opacity, level }: Props) {
  const fullW = pixels.full?.width ?? pixels.width;
  const fullH = pixels.full?.height ?? pixels.height;
  const image = useMemo(() => (kind === 'map' ? null : imageCanvas(pixels, win)), [kind, pixels, win]);
  const heat = useMemo(() => (film && kind !== 'original' ? toCanvas(film.bitmap.width, film.bitmap.height, film.bitmap.rgba) : null), [film, kind]);
  const geo = useMemo(() => ({ imageW: fullW, imageH: fullH, size }), [fullW, fullH, size]);
  const box = useRef<HTMLDivElement>(null);
  const layer = useRef<Konva.Layer>(null);
  const group = useRef<Konva.Group>(null);
  usePointerNav(box, sync, geo, level);

  useEffect(() => {
    const apply = () => {
      const t = cellTransform(sync.view(), fullW, fullH, size, size);
      const g = group.current;
      if (!g) return;
      g.setAttrs({ x: t.x, y: t.y, scaleX: t.scale, scaleY: t.scale });
      // Smooth when reduced; a magnified level shows its pixels (as the single view does).
      layer.current?.imageSmoothingEnabled(t.scale * (pixels.width / fullW) < 1);
      layer.current?.batchDraw();
      // Tests read the transform: one shared view gives every pane the same numbers.
      box.current?.setAttribute('data-scale', t.scale.toFixed(5));
      box.current?.setAttribute('data-x', t.x.toFixed(2));
      box.current?.setAttribute('data-y', t.y.toFixed(2));
    };
    apply();
    return sync.subscribe(apply);
  }, [sync, fullW, fullH, size, pixels.width, image, heat]);

  const region = film?.region;
  return (
    <figure className="side-pane" data-testid="side-pane" data-pane={kind}>
      <div ref={box} className="side-stage" style={{ width: size, height: size }} aria-label={`${TITLES[kind]} pane`} role="img">
        <Stage width={size} height={size} listening={false}>
          <Layer ref={layer} listening={false}>
            <Group ref={group}>
              {kind === 'map' && <Rect width={fullW} height={fullH} fill="#000" />}
              {image && <KonvaImage image={image} width={fullW} height={fullH} />}
              {heat && region && (
                <KonvaImage image={heat} x={region.x} y={region.y} width={region.width} height={region.height} opacity={kind === 'overlay' ? opacity : 1} />
              )}
              {kind === 'overlay' && contours && film && region && (
                <ContourGroup lines={contours} shape={[film.field.height, film.field.width]} region={region} />
              )}
            </Group>
          </Layer>
        </Stage>
      </div>
      <figcaption className="side-caption">{TITLES[kind]}</figcaption>
    </figure>
  );
}
