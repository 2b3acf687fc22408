// Threshold iso-lines over the region of the image the model saw. The lines
// are in map-pixel coordinates (render/contours.ts); a group scales them onto
// the region, and strokeScaleEnabled=false keeps the stroke the same number of
// screen pixels at every zoom.
import { Group, Layer, Line } from 'react-konva';
import type { Rect } from '../tools/viewport';

interface Props {
  /** contourLines(...) output: closed rings, flat [x0, y0, x1, y1, …]. */
  lines: number[][];
  /** [rows, cols] of the map the lines were traced on. */
  shape: readonly [number, number];
  /** Where the model-input grid lies, in image pixels (as HeatmapLayer). */
  region: Rect;
  visible?: boolean;
  /** Screen pixels. */
  strokeWidth?: number;
  color?: string;
}

export function ContourLayer({ visible = true, ...rest }: Props) {
  return (
    <Layer listening={false} visible={visible}>
      <ContourGroup {...rest} />
    </Layer>
  );
}

/** The lines alone, for a layer that holds more (a comparison cell's content group). */
export function ContourGroup({ lines, shape, region, strokeWidth = 1.5, color = '#ffffff' }: Omit<Props, 'visible'>) {
  const [rows, cols] = shape;
  return (
    <Group x={region.x} y={region.y} scaleX={region.width / cols} scaleY={region.height / rows}>
      {lines.map((points, i) => (
        // A dark halo under the line keeps it visible on light and dark maps alike.
        <Group key={i}>
          <Line points={points} closed stroke="rgba(0, 0, 0, 0.6)" strokeWidth={strokeWidth + 2} strokeScaleEnabled={false} perfectDrawEnabled={false} />
          <Line points={points} closed stroke={color} strokeWidth={strokeWidth} strokeScaleEnabled={false} perfectDrawEnabled={false} />
        </Group>
      ))}
    </Group>
  );
}
