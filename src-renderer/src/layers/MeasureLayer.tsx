// Distance and area measurements over the image, in full-image pixels: lines
// and outlines a constant 1.5 screen px wide, labels a constant 13 px tall
// (scaled by 1/scale), each label saying which spacing it used.
import { Circle, Group, Label, Layer, Line, Tag, Text } from 'react-konva';
import type { Measurement } from '../render/measure';
import { measureLabel } from '../render/measure';
import type { Spacing } from '../../../src-main/shared/spacing';
import type { MeasureGesture } from '../tools/measureTool';
import type { ImagePx } from '../tools/coords';

interface Props {
  measurements: readonly Measurement[];
  gesture: MeasureGesture;
  spacing: Spacing | null;
  scale: number;
}

const COLOR = '#ffd400';
const flat = (pts: readonly ImagePx[]) => pts.flatMap((p) => [p.x, p.y]);

function Tagged({ at, text, px, testId }: { at: ImagePx; text: string; px: number; testId?: string }) {
  return (
    <Label x={at.x} y={at.y} scaleX={px} scaleY={px} offsetY={-8} name={testId}>
      <Tag fill="rgba(0, 0, 0, 0.7)" cornerRadius={3} />
      <Text text={text} fontSize={13} padding={3} fill={COLOR} />
    </Label>
  );
}

function Shape({ m, spacing, px }: { m: Pick<Measurement, 'kind' | 'points'>; spacing: Spacing | null; px: number }) {
  const closed = m.kind === 'area';
  const pts = flat(m.points);
  // The label sits at the line's end, or at the polygon's lowest vertex.
  const anchor = closed ? m.points.reduce((a, b) => (b.y > a.y ? b : a)) : m.points[1];
  return (
    <Group>
      <Line points={pts} closed={closed} stroke="rgba(0, 0, 0, 0.6)" strokeWidth={3.5 * px} />
      <Line points={pts} closed={closed} stroke={COLOR} strokeWidth={1.5 * px} fill={closed ? 'rgba(255, 212, 0, 0.12)' : undefined} />
      {m.points.map((p, i) => (
        <Circle key={i} x={p.x} y={p.y} radius={2.5 * px} fill={COLOR} />
      ))}
      <Tagged at={anchor} text={measureLabel(m, spacing)} px={px} testId="measure-label" />
    </Group>
  );
}

export function MeasureLayer({ measurements, gesture, spacing, scale }: Props) {
  const px = 1 / scale; // one screen pixel in image pixels
  const live =
    gesture.mode === 'line'
      ? { kind: 'distance' as const, points: [gesture.from, gesture.to] }
      : gesture.mode === 'polygon'
        ? { kind: 'area' as const, points: gesture.cursor ? [...gesture.points, gesture.cursor] : gesture.points }
        : null;
  return (
    <Layer listening={false}>
      {measurements.map((m) => (
        <Shape key={m.id} m={m} spacing={spacing} px={px} />
      ))}
      {live && live.points.length >= 2 && <Shape m={live} spacing={spacing} px={px} />}
    </Layer>
  );
}
