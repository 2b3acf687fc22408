// One line per method over a shared x axis (recharts): the deletion and
// insertion curves (numeric x) and the sanity-check plot (one category per
// randomisation step). Colours follow the report's palette, so a method has
// the same colour in the app and in the HTML report.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { PALETTE } from '../../../../src-main/shared/report/svg-chart';

export interface MethodLinesProps {
  title: string;
  rows: Record<string, string | number | null>[];
  methods: string[];
  xKey: string;
  xType: 'number' | 'category';
  xLabel: string;
  yLabel: string;
  yDomain: [number, number];
  testId: string;
  /** Method id → the name shown in the legend and tooltip (default: the id). */
  names?: Record<string, string>;
  width?: number;
  height?: number;
}

const fmt = (v: unknown): string => (typeof v === 'number' ? v.toFixed(3) : String(v));

export function MethodLines(p: MethodLinesProps) {
  return (
    <figure className="method-lines" data-testid={p.testId} aria-label={p.title}>
      <figcaption>{p.title}</figcaption>
      <LineChart
        width={p.width ?? 440}
        height={p.height ?? 250}
        data={p.rows}
        margin={{ top: 6, right: p.xType === 'category' ? 40 : 16, bottom: p.xType === 'category' ? 28 : 14, left: 0 }}
        accessibilityLayer
      >
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.35} />
        <XAxis
          dataKey={p.xKey}
          type={p.xType}
          domain={p.xType === 'number' ? [0, 1] : undefined}
          ticks={p.xType === 'number' ? [0, 0.25, 0.5, 0.75, 1] : undefined}
          padding={p.xType === 'category' ? { left: 8, right: 8 } : undefined}
          label={{ value: p.xLabel, position: 'insideBottom', offset: p.xType === 'category' ? -20 : -8, fontSize: 11 }}
          angle={p.xType === 'category' ? 30 : 0}
          textAnchor={p.xType === 'category' ? 'start' : 'middle'}
          fontSize={11}
        />
        <YAxis domain={p.yDomain} fontSize={11} width={44} label={{ value: p.yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }} />
        <Tooltip formatter={fmt} labelFormatter={fmt} />
        <Legend verticalAlign="top" height={24} />
        {p.methods.map((m, k) => (
          <Line
            key={m}
            name={p.names?.[m] ?? m}
            dataKey={m}
            stroke={PALETTE[k % PALETTE.length]}
            strokeWidth={2}
            dot={p.xType === 'category'}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}
