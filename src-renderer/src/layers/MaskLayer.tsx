// The masking lab's layer: the mask as a translucent tint over the image, the
// superpixel outlines while that tool is chosen, and the gesture under way
// (rectangle rubber band, polygon so far). Drawn in image pixels.
import { useMemo } from 'react';
import { Image as KonvaImage, Layer, Line, Rect } from 'react-konva';
import { toCanvas } from '../render/bitmap';
import { maskOverlay } from '../state/maskRaster';
import { useMaskLab } from '../context';
import { useStore } from '../state/store';

const TINT: [number, number, number, number] = [255, 0, 170, 150];
const EDGE: [number, number, number, number] = [255, 255, 0, 110];

/** Pixels whose right or lower neighbour is another superpixel. */
function outlines(labels: Int32Array, w: number, h: number): Uint8Array {
  const m = new Uint8Array(labels.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if ((x + 1 < w && labels[i + 1] !== labels[i]) || (y + 1 < h && labels[i + w] !== labels[i])) m[i] = 1;
    }
  }
  return m;
}

export function MaskLayer({ scale }: { scale: number }) {
  const lab = useMaskLab();
  const active = useStore(lab.store, (s) => s.active);
  const version = useStore(lab.store, (s) => s.version);
  const history = useStore(lab.store, (s) => s.history);
  const gesture = useStore(lab.store, (s) => s.gesture);
  const tool = useStore(lab.store, (s) => s.tool);
  const segments = useStore(lab.store, (s) => s.segments);
  const preview = useStore(lab.store, (s) => s.preview);
  const w = history?.width ?? 0;
  const h = history?.height ?? 0;
  const mask = preview ?? history?.data ?? null;
  // `version` changes when the reused preview buffer is drawn into. Only while the lab is active:
  // a full-size tint of a 30 MP image costs the page seconds of main thread.
  const tint = useMemo(() => (active && mask ? toCanvas(w, h, maskOverlay(mask, TINT)) : null), [active, mask, version, w, h]);
  const edges = useMemo(
    () => (active && segments && tool === 'superpixel' ? toCanvas(w, h, maskOverlay(outlines(segments.labels, w, h), EDGE)) : null),
    [active, segments, tool, w, h],
  );
  if (!active || !tint) return null;
  const px = 1 / scale; // one screen pixel in image pixels
  return (
    <Layer listening={false} imageSmoothingEnabled={false}>
      {edges && <KonvaImage image={edges} x={0} y={0} width={w} height={h} />}
      <KonvaImage image={tint} x={0} y={0} width={w} height={h} />
      {gesture.mode === 'dragging' && (
        <Rect
          x={Math.min(gesture.from.x, gesture.to.x)}
          y={Math.min(gesture.from.y, gesture.to.y)}
          width={Math.abs(gesture.to.x - gesture.from.x)}
          height={Math.abs(gesture.to.y - gesture.from.y)}
          stroke="#ff00aa"
          strokeWidth={px}
          dash={[4 * px, 3 * px]}
        />
      )}
      {gesture.mode === 'polygon' && (
        <Line
          points={[...gesture.points, ...(gesture.cursor ? [gesture.cursor] : [])].flatMap((p) => [p.x, p.y])}
          stroke="#ff00aa"
          strokeWidth={2 * px}
          closed={false}
        />
      )}
    </Layer>
  );
}
