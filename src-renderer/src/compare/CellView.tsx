// One cell: the row's image with the column's map, drawn from state. The
// shared view moves the content group directly (no React render per frame);
// Konva's batchDraw coalesces redraws to one per animation frame. The
// crosshair has a layer of its own so pointer moves never redraw the images.
import { memo, useEffect, useMemo, useRef } from 'react';
import { Group, Image as KonvaImage, Layer, Line, Stage } from 'react-konva';
import type Konva from 'konva';
import { useCompare, useDispatch, useStudio, useStudioState } from '../context';
import { compare as cmp } from '../state/actions';
import { MapColorbar } from '../components/MapColorbar';
import type { CompareColumn, CompareRow } from '../state/compare/types';
import { cellKey } from '../state/compare/types';
import { toCanvas } from '../render/bitmap';
import { contourLines } from '../render/contours';
import { ContourGroup } from '../layers/ContourLayer';
import { GridLines } from '../layers/GridLayer';
import { attributionAt, imageCanvas, mapRegion, overlayFor, pixelAt } from './cellRender';
import { readoutText } from './readout';
import { usePointerNav, type WindowTarget } from './usePointerNav';
import { minWindowWidth } from '../tools/windowDrag';
import { cellTransform } from './viewSync';
import { CellStatusBar } from './CellStatusBar';
import { savePng } from '../render/download';
import { cellPng } from './exportPng';

interface Props {
  row: CompareRow;
  column: CompareColumn;
  size: number;
}

export const CellView = memo(function CellView({ row, column, size }: Props) {
  const key = cellKey(row.id, column.id);
  const cell = useStudioState((s) => s.compare.cells[key]);
  const gridStyle = useStudioState((s) => s.compare.style);
  const selected = useStudioState((s) => s.compare.selected === key);
  const pixels = useStudioState((s) => s.compare.pixels[row.imageId]);
  const win = useStudioState((s) => s.compare.windows[row.imageId]);
  const model = useStudioState((s) => s.compare.models[row.modelId]);
  const { viewSync } = useCompare();
  const dispatch = useDispatch();
  const { store } = useStudio();
  const style = useMemo(() => (cell?.style ? { ...gridStyle, ...cell.style } : gridStyle), [gridStyle, cell?.style]);
  const result = cell?.status === 'done' ? cell.result : null;

  const image = useMemo(() => (pixels && win ? imageCanvas(pixels, win) : null), [pixels, win]);
  const overlay = useMemo(() => (result ? overlayFor(result, style) : null), [result, style]);
  const contours = useMemo(
    () => (result && overlay?.threshold && style.contours && style.visible ? contourLines(result.map, result.shape, overlay.threshold) : null),
    [result, overlay, style.contours, style.visible],
  );
  const heat = useMemo(() => (overlay ? toCanvas(overlay.width, overlay.height, overlay.rgba) : null), [overlay]);
  const region = useMemo(() => (pixels && model ? mapRegion(pixels, model) : null), [pixels, model]);
  const geo = useMemo(() => (pixels ? { imageW: pixels.width, imageH: pixels.height, size } : null), [pixels, size]);

  const box = useRef<HTMLDivElement>(null);
  const content = useRef<Konva.Layer>(null);
  const group = useRef<Konva.Group>(null);
  const cross = useRef<Konva.Layer>(null);
  const hLine = useRef<Konva.Line>(null);
  const vLine = useRef<Konva.Line>(null);
  const readout = useRef<HTMLOutputElement>(null);
  const imageInfo = useStudioState((s) => s.compare.images[row.imageId]);
  // Window/level by right-drag applies to the row's image, so every cell of the row follows.
  const winRef = useRef(win);
  winRef.current = win;
  const level = useMemo<WindowTarget | null>(
    () =>
      imageInfo
        ? {
            current: () => winRef.current ?? null,
            range: { min: imageInfo.min, max: imageInfo.max },
            minWidth: minWindowWidth(imageInfo),
            onChange: (w) => dispatch(cmp.windowChanged, row.imageId, w),
          }
        : null,
    [imageInfo, dispatch, row.imageId],
  );
  usePointerNav(box, viewSync, geo, level);

  useEffect(() => {
    if (!pixels) return;
    const W = pixels.width;
    const H = pixels.height;
    const apply = () => {
      const t = cellTransform(viewSync.view(), W, H, size, size);
      const g = group.current;
      if (g && (g.x() !== t.x || g.y() !== t.y || g.scaleX() !== t.scale)) {
        g.setAttrs({ x: t.x, y: t.y, scaleX: t.scale, scaleY: t.scale });
        content.current?.imageSmoothingEnabled(t.scale < 1);
        content.current?.batchDraw();
        box.current?.setAttribute('data-scale', t.scale.toFixed(4));
      }
      const p = viewSync.pointer();
      const h = hLine.current;
      const v = vLine.current;
      if (h && v) {
        const show = p !== null;
        if (show) {
          const x = t.x + p.u * W * t.scale;
          const y = t.y + p.v * H * t.scale;
          h.points([0, y, size, y]);
          v.points([x, 0, x, size]);
        }
        h.visible(show);
        v.visible(show);
        cross.current?.batchDraw();
      }
      if (readout.current) readout.current.textContent = p ? readoutAt(p.u, p.v) : '';
    };
    const readoutAt = (u: number, v: number): string => {
      const px = pixelAt(pixels, u, v);
      if (!px) return '';
      return readoutText(px, result && region ? attributionAt(result, region, pixels, u, v) : null);
    };
    apply();
    return viewSync.subscribe(apply);
  }, [viewSync, pixels, size, result, region]);

  if (!cell) return null;
  const label = `${column.methodId} on ${row.imageId}`;
  return (
    <figure
      className={`compare-cell${selected ? ' selected' : ''}`}
      data-testid="compare-cell"
      data-cell={key}
      data-status={cell.status}
      data-job={cell.jobId ?? ''}
      data-method={column.methodId}
      data-overlay-nonzero={overlay?.nonzero ?? 0}
      data-contour-count={contours?.length ?? 0}
      aria-label={`${label}: ${cell.status}`}
    >
      <div ref={box} className="compare-stage" style={{ width: size, height: size }}>
        {image && pixels && (
          <Stage width={size} height={size} listening={false}>
            <Layer ref={content} listening={false}>
              <Group ref={group}>
                <KonvaImage image={image} width={pixels.width} height={pixels.height} />
                {heat && region && (
                  <KonvaImage
                    image={heat}
                    x={region.x}
                    y={region.y}
                    width={region.width}
                    height={region.height}
                    opacity={style.opacity}
                    visible={style.visible}
                  />
                )}
                {contours && region && result && <ContourGroup lines={contours} shape={result.shape} region={region} />}
                {style.grid && result?.grid && region && <GridLines region={region} shape={result.grid.shape} />}
              </Group>
            </Layer>
            <Layer ref={cross} listening={false}>
              <Line ref={hLine} stroke="#00e5ff" strokeWidth={1} opacity={0.8} visible={false} dash={[4, 3]} />
              <Line ref={vLine} stroke="#00e5ff" strokeWidth={1} opacity={0.8} visible={false} dash={[4, 3]} />
            </Layer>
          </Stage>
        )}
        <CellStatusBar cellKey={key} cell={cell} />
      </div>
      <figcaption className="compare-caption">
        <button
          type="button"
          className="icon"
          aria-pressed={selected}
          aria-label="Style this cell only"
          onClick={() => dispatch(cmp.cellSelected, selected ? null : key)}
        >
          ◐
        </button>
        <button
          type="button"
          className="icon"
          aria-label="Save this cell as PNG"
          disabled={!result}
          onClick={() => {
            const png = cellPng(store.get().compare, key);
            if (png) savePng(png, `${row.imageId}-${column.methodId}.png`);
          }}
        >
          ⤓
        </button>
        <output ref={readout} className="readout" data-testid="cell-readout" aria-live="off" />
        {overlay && result && <MapColorbar result={result} bitmap={overlay} style={style} length={Math.max(72, size - 40)} />}
      </figcaption>
    </figure>
  );
});
