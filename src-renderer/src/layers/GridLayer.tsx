// The activation map's native cells (e.g. 14×14) outlined over the region of
// the image the model saw: thin, semi-transparent, constant width on screen.
import { useMemo } from 'react';
import { Layer, Line } from 'react-konva';
import { gridGeometry, gridLines } from '../render/grid';
import type { Rect } from '../tools/viewport';

interface Props {
  /** Where the model-input grid lies, in image pixels. */
  region: Rect;
  /** [rows, cols] of the native map. */
  shape: readonly [number, number];
}

export function GridLayer(props: Props) {
  return (
    <Layer listening={false}>
      <GridLines {...props} />
    </Layer>
  );
}

/** The lines alone, for a layer that holds more (a comparison cell's content group). */
export function GridLines({ region, shape }: Props) {
  const lines = useMemo(() => gridLines(gridGeometry(region, shape)), [region, shape]);
  return (
    <>
      {lines.map((points, i) => (
        <Line key={i} points={points} stroke="rgba(255, 255, 255, 0.5)" strokeWidth={1} strokeScaleEnabled={false} perfectDrawEnabled={false} />
      ))}
    </>
  );
}
