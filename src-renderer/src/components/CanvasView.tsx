// The Konva stage: image layer, saliency layer, pan (drag), zoom (wheel, + / -),
// fit (double-click, 0), window/level (right-drag, read out while dragging),
// threshold contours, the native grid of activation-map results, measurements,
// and the side-by-side layout. The map is drawn at film resolution
// (useFilmMap). Exposes the last overlay's nonzero-pixel count, contour count
// and window for tests.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Stage } from 'react-konva';
import type Konva from 'konva';
import { useDispatch, useReading, useStudioState } from '../context';
import { ContourLayer } from '../layers/ContourLayer';
import { GridLayer } from '../layers/GridLayer';
import { HeatmapLayer } from '../layers/HeatmapLayer';
import { ImageLayer } from '../layers/ImageLayer';
import { MaskLayer } from '../layers/MaskLayer';
import { TileLayer } from '../layers/TileLayer';
import { MeasureLayer } from '../layers/MeasureLayer';
import { gridCaption } from '../render/grid';
import { spacingOf } from '../../../src-main/shared/spacing';
import { display } from '../state/actions';
import { measurementsOf } from '../state/reading';
import { resultStaleness } from '../state/staleness';
import { useStore } from '../state/store';
import { useShortcuts } from '../tools/shortcuts';
import { useElementSize } from '../tools/useElementSize';
import { useMaskStageProps } from '../tools/useMaskPointer';
import { useMeasureStageProps } from '../tools/useMeasurePointer';
import { fitView, inputRegion, panBy, zoomAt, type View } from '../tools/viewport';
import { minWindowWidth } from '../tools/windowDrag';
import { useWindowDrag } from '../tools/useWindowDrag';
import { MapColorbar } from './MapColorbar';
import { CanvasProgress } from './CanvasProgress';
import { ReadingToolbar } from './ReadingToolbar';
import { SideBySide } from './SideBySide';
import { filmRings, useFilmMap } from './useFilmMap';
import { WindowReadout } from './WindowReadout';
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

  // The map upsampled to the display level (bilinear), contours traced on the same field.
  const film = useFilmMap();
  const bitmap = film?.bitmap ?? null;
  const contours = useMemo(() => (film?.bitmap.threshold && overlay.contours ? filmRings(film) : null), [film, overlay.contours]);
  const reading = useReading();
  const layout = useStore(reading, (s) => s.layout);
  const gesture = useStore(reading, (s) => s.gesture);
  const allMeasurements = useStore(reading, (s) => s.measurements);
  const measurements = useMemo(() => measurementsOf(allMeasurements, image?.id ?? null), [allMeasurements, image?.id]);
  const spacing = useMemo(() => spacingOf(image?.dicom), [image]);
  const [levelling, setLevelling] = useState(false);
  const wl = useWindowDrag({
    window: win,
    range: { min: image?.min ?? 0, max: image?.max ?? 255 },
    minWidth: image ? minWindowWidth(image) : 1,
    onChange: (w) => dispatch(display.windowChanged, w),
    onActive: setLevelling,
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
  // The masking lab's tool mode, else a measurement tool, takes the pointer from pan.
  const measureProps = useMeasureStageProps(image?.id ?? null, v.scale);
  const pointerProps = 'draggable' in maskProps ? maskProps : measureProps;

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

  // Side by side replaces the stage, which stays mounted (hidden) so its size observer keeps its element.
  const side = layout === 'side' && pixels !== null;
  return (
    <div className="canvas-area">
      <ReadingToolbar />
      {side && <SideBySide />}
      <div
        ref={box}
        hidden={side}
        className={`stage-box${'draggable' in pointerProps ? ' masking' : ''}`}
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
        data-film-size={film ? `${film.field.width}×${film.field.height}` : ''}
        data-measure-count={measurements.length}
        data-view-scale={v.scale}
        data-view-x={v.x}
        data-view-y={v.y}
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
            {...pointerProps}
            onPointerDown={(e: Konva.KonvaEventObject<PointerEvent>) => {
              wl.onPointerDown(e);
              (pointerProps.onPointerDown as ((ev: typeof e) => void) | undefined)?.(e);
            }}
          >
            <ImageLayer pixels={pixels} window={win} scale={v.scale} />
            {image && pixels.full && <TileLayer imageId={image.id} view={v} stage={size} full={pixels.full} level={pixels} window={win} />}
            {bitmap && region && (
              <HeatmapLayer bitmap={bitmap} region={region} opacity={overlay.opacity * (staleKind ? STALE_DIM : 1)} visible={overlay.visible} scale={v.scale} />
            )}
            {contours && film && <ContourLayer lines={contours} shape={[film.field.height, film.field.width]} region={film.region} visible={overlay.visible} />}
            {grid && region && <GridLayer region={region} shape={grid.shape} />}
            <MaskLayer scale={v.scale} />
            {(measurements.length > 0 || gesture.mode !== 'idle') && (
              <MeasureLayer measurements={measurements} gesture={gesture} spacing={spacing} scale={v.scale} />
            )}
          </Stage>
        )}
        {levelling && <WindowReadout window={win} integer={image ? minWindowWidth(image) === 1 : true} />}
        {staleKind && bitmap && (
          <p className={`stale-marker ${staleKind}`} role="status" data-testid="stale-marker">
            {staleLabel}
          </p>
        )}
      </div>
      {/* One foot row for the job overlay and the colour bar: side by side where they fit, the bar
          above the overlay where they do not (they overlapped in a narrow viewer); outside the stage
          box, so a job's progress also shows over the side-by-side view. */}
      <div className="viewer-foot">
        <CanvasProgress />
        {film && result && <MapColorbar result={result} bitmap={film.bitmap} style={overlay} note={film.note} />}
      </div>
      {grid && (
        <p className="hint muted" data-testid="grid-caption">
          {gridCaption(grid.shape, grid.layer)}
        </p>
      )}
    </div>
  );
}
