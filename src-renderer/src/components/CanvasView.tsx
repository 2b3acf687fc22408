// The Konva stage: image layer, saliency layer, pan (drag), zoom (wheel, + / -),
// fit (double-click, 0), window/level (right-drag), threshold contours, the
// native grid of activation-map results. Exposes the last overlay's
// nonzero-pixel count, contour count and window for tests.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Stage } from 'react-konva';
import type Konva from 'konva';
import { useDispatch, useStudioState } from '../context';
import { ContourLayer } from '../layers/ContourLayer';
import { GridLayer } from '../layers/GridLayer';
import { HeatmapLayer } from '../layers/HeatmapLayer';
import { ImageLayer } from '../layers/ImageLayer';
import { MaskLayer } from '../layers/MaskLayer';
import { gridCaption } from '../render/grid';
import { contourLines } from '../render/contours';
import { buildOverlay, lookOf } from '../render/overlay';
import { display } from '../state/actions';
import { resultStaleness } from '../state/staleness';
import { useShortcuts } from '../tools/shortcuts';
import { useElementSize } from '../tools/useElementSize';
import { useMaskStageProps } from '../tools/useMaskPointer';
import { fitView, inputRegion, panBy, zoomAt, type View } from '../tools/viewport';
import { minWindowWidth } from '../tools/windowDrag';
import { useWindowDrag } from '../tools/useWindowDrag';
import { MapColorbar } from './MapColorbar';
import { CanvasProgress } from './CanvasProgress';
import './CanvasView.css';

const ZOOM_STEP = 1.15;
/** An out-of-date map is drawn at this fraction of its opacity. */
const STALE_DIM = 0.35;

export function CanvasView() {
  const pixels = useStudioState((s) => s.pixels);
  const win = useStudioState((s) => s.window);
  const model = useStudioState((s) => s.model);
  const result = useStudioState((s) => s.result);
  const overlay = useStudioState((s) => s.overlay);
  const image = useStudioState((s) => s.image);
  const opening = useStudioState((s) => (s.loading === 'image' ? (s.loadingName ?? 'the image') : null));
  // The map on screen is marked while a job computes its successor, or when it came from another model or image.
  const staleKind = useStudioState((s) => resultStaleness(s)?.kind ?? null);
  const staleLabel = useStudioState((s) => resultStaleness(s)?.label ?? null);
  const dispatch = useDispatch();
  const box = useRef<HTMLDivElement>(null);
  const size = useElementSize(box);
  // The masking lab's tool mode takes the pointer (and double-click) from pan/fit.
  const maskProps = useMaskStageProps();

  const bitmap = useMemo(
    () => (result ? buildOverlay(result, lookOf(overlay)) : null),
    [result, overlay.colormap, overlay.mode, overlay.clipPercentile, overlay.threshold, overlay.alpha],
  );
  const contours = useMemo(
    () => (result && bitmap?.threshold && overlay.contours ? contourLines(result.map, result.shape, bitmap.threshold) : null),
    [result, bitmap, overlay.contours],
  );
  const wl = useWindowDrag({
    window: win,
    range: { min: image?.min ?? 0, max: image?.max ?? 255 },
    minWidth: image ? minWindowWidth(image) : 1,
    onChange: (w) => dispatch(display.windowChanged, w),
  });

  // Image coordinates: the full image's, also when the pixels are a reduced display level.
  const full = pixels ? (pixels.full ?? { width: pixels.width, height: pixels.height }) : null;
  const fullW = full?.width ?? 0;
  const fullH = full?.height ?? 0;
  const fit = useMemo(() => (fullW > 0 ? fitView(fullW, fullH, size.width, size.height) : null), [fullW, fullH, size.width, size.height]);
  const [view, setView] = useState<View | null>(null);
  useEffect(() => setView(fit), [fit]);
  const v = view ?? fit ?? { scale: 1, x: 0, y: 0 };

  const region = useMemo(() => {
    if (!fullW || !model) return null;
    return inputRegion(fullW, fullH, model.inputWidth, model.inputHeight, model.preprocess.resize);
  }, [fullW, fullH, model]);

  const grid = overlay.grid ? (result?.grid ?? null) : null;

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const pointer = e.target.getStage()?.getPointerPosition();
    if (pointer) setView(zoomAt(v, pointer, e.evt.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
  };

  const centre = { x: size.width / 2, y: size.height / 2 };
  // Zoom and fit are global shortcuts (tools/shortcuts.ts); arrows pan when the stage has focus.
  useShortcuts({
    zoomIn: () => (pixels ? setView(zoomAt(v, centre, ZOOM_STEP)) : false),
    zoomOut: () => (pixels ? setView(zoomAt(v, centre, 1 / ZOOM_STEP)) : false),
    fit: () => (pixels ? setView(fit) : false),
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => View | null> = {
      ArrowLeft: () => panBy(v, 40, 0),
      ArrowRight: () => panBy(v, -40, 0),
      ArrowUp: () => panBy(v, 0, 40),
      ArrowDown: () => panBy(v, 0, -40),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    setView(move());
  };

  return (
    <div className="canvas-area">
      <div
        ref={box}
        className={`stage-box${'draggable' in maskProps ? ' masking' : ''}`}
        data-testid="overlay-stage"
        data-overlay-nonzero={bitmap ? bitmap.nonzero : 0}
        data-result-method={result?.method ?? ''}
        data-result-stale={staleKind ?? ''}
        data-contour-count={contours?.length ?? 0}
        data-window-center={win?.center ?? ''}
        data-window-width={win?.width ?? ''}
        data-window-invert={win?.invert ? 'true' : 'false'}
        tabIndex={0}
        role="region"
        aria-label={
          pixels
            ? `Image ${fullW}×${fullH}${bitmap ? ' with saliency overlay' : ''}. Drag to pan, wheel or + and − to zoom, 0 to fit, right-drag for window/level.`
            : 'No image'
        }
        onKeyDown={onKeyDown}
        onContextMenu={(e) => e.preventDefault()}
        data-image-size={full ? `${fullW}×${fullH}` : ''}
        data-level-size={pixels ? `${pixels.width}×${pixels.height}` : ''}
        aria-busy={opening ? 'true' : 'false'}
      >
        {!pixels && !opening && <p className="placeholder muted">Choose a demo, open an image, or drop files here.</p>}
        {opening && (
          <p className="canvas-opening" role="status" data-testid="canvas-opening">
            Opening {opening}…
          </p>
        )}
        {pixels && win && size.width > 0 && size.height > 0 && (
          <Stage
            width={size.width}
            height={size.height}
            x={v.x}
            y={v.y}
            scaleX={v.scale}
            scaleY={v.scale}
            draggable
            onDragEnd={(e) => {
              if (e.target === e.target.getStage()) setView({ ...v, x: e.target.x(), y: e.target.y() });
            }}
            onWheel={onWheel}
            onDblClick={() => setView(fit)}
            onContextMenu={wl.onContextMenu}
            {...maskProps}
            onPointerDown={(e: Konva.KonvaEventObject<PointerEvent>) => {
              wl.onPointerDown(e);
              (maskProps.onPointerDown as ((ev: typeof e) => void) | undefined)?.(e);
            }}
          >
            <ImageLayer pixels={pixels} window={win} scale={v.scale} />
            {bitmap && region && (
              <HeatmapLayer bitmap={bitmap} region={region} opacity={overlay.opacity * (staleKind ? STALE_DIM : 1)} visible={overlay.visible} scale={v.scale} />
            )}
            {contours && region && result && <ContourLayer lines={contours} shape={result.shape} region={region} visible={overlay.visible} />}
            {grid && region && <GridLayer region={region} shape={grid.shape} />}
            <MaskLayer scale={v.scale} />
          </Stage>
        )}
        {staleKind && bitmap && (
          <p className={`stale-marker ${staleKind}`} role="status" data-testid="stale-marker">
            {staleLabel}
          </p>
        )}
        <CanvasProgress />
      </div>
      {bitmap && result && <MapColorbar result={result} bitmap={bitmap} style={overlay} />}
      {grid && (
        <p className="hint muted" data-testid="grid-caption">
          {gridCaption(grid.shape, grid.layer)}
        </p>
      )}
    </div>
  );
}
