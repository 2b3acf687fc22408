// The image, windowed for display, drawn in image-pixel coordinates: a reduced
// display level (pixels.full set) is stretched over the full image's size.
import { useMemo } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import type { ImagePixels } from '../../../src-main/api/types';
import { toCanvas } from '../render/bitmap';
import { pixelsToRgba } from '../render/windowLevel';
import type { DisplayWindow } from '../state/types';
import { smoothAt } from '../tools/pixelRatio';

interface Props {
  pixels: ImagePixels;
  window: DisplayWindow;
  /** Stage scale: pixels are shown crisp when enlarged, smoothed when reduced. */
  scale: number;
}

export function ImageLayer({ pixels, window, scale }: Props) {
  const canvas = useMemo(() => {
    const img = pixelsToRgba(pixels, window);
    return toCanvas(img.width, img.height, img.rgba);
  }, [pixels, window]);
  return (
    <Layer listening={false} imageSmoothingEnabled={smoothAt(scale)}>
      <KonvaImage image={canvas} x={0} y={0} width={pixels.full?.width ?? pixels.width} height={pixels.full?.height ?? pixels.height} />
    </Layer>
  );
}
