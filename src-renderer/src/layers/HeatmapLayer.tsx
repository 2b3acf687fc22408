// The coloured saliency map, stretched over the region of the image the model saw.
import { useMemo } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import { toCanvas } from '../render/bitmap';
import type { OverlayBitmap } from '../render/overlay';
import { smoothAt } from '../tools/pixelRatio';
import type { Rect } from '../tools/viewport';

interface Props {
  bitmap: OverlayBitmap;
  /** Where the model-input grid lies, in image pixels. */
  region: Rect;
  opacity: number;
  visible: boolean;
  scale: number;
}

export function HeatmapLayer({ bitmap, region, opacity, visible, scale }: Props) {
  const canvas = useMemo(() => toCanvas(bitmap.width, bitmap.height, bitmap.rgba), [bitmap]);
  // One map cell covers (region / map size) image pixels; keep cells visible as cells.
  const cellScreenPx = (region.width / bitmap.width) * scale;
  return (
    <Layer listening={false} opacity={opacity} visible={visible} imageSmoothingEnabled={smoothAt(cellScreenPx)}>
      <KonvaImage image={canvas} x={region.x} y={region.y} width={region.width} height={region.height} />
    </Layer>
  );
}
