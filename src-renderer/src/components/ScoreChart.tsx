// The live chart of a class-model run: S_c (left axis) and the class
// probability (right axis, 0…1) against the step, with labelled axes, ticks
// and a legend (recharts, as the Evaluate view's charts); redrawn on each frame.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ScorePoint } from '../state/classModel';

const W = 440;
const H = 224;
const S_COLOUR = '#4a90e2';
const P_COLOUR = '#e8a33d';
const fmt = (v: unknown): string => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3)) : String(v));

export function ScoreChart({ history }: { history: ScorePoint[] }) {
  const last = history.at(-1);
  return (
    <figure className="score-chart" data-testid="cm-chart">
      <LineChart width={W} height={H} data={history} margin={{ top: 4, right: 8, bottom: 18, left: 8 }} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.35} />
        <XAxis
          dataKey="step"
          type="number"
          domain={[0, 'dataMax']}
          allowDecimals={false}
          fontSize={11}
          label={{ value: 'step', position: 'insideBottom', offset: -10, fontSize: 11 }}
        />
        <YAxis
          yAxisId="s"
          domain={['auto', 'auto']}
          fontSize={11}
          width={52}
          tickFormatter={fmt}
          label={{ value: 'S_c', angle: -90, position: 'insideLeft', fontSize: 11 }}
        />
        <YAxis
          yAxisId="p"
          orientation="right"
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          fontSize={11}
          width={44}
          label={{ value: 'p(class)', angle: 90, position: 'insideRight', fontSize: 11 }}
        />
        <Tooltip formatter={fmt} labelFormatter={(v) => `step ${String(v)}`} />
        <Legend verticalAlign="top" height={22} />
        <Line yAxisId="s" name="S_c (score)" dataKey="logit" stroke={S_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line yAxisId="p" name="p (probability)" dataKey="probability" stroke={P_COLOUR} strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
      <figcaption>
        <span style={{ color: S_COLOUR }}>S_c</span> <output data-testid="cm-score">{last ? last.logit.toFixed(3) : '–'}</output>{' '}
        <span style={{ color: P_COLOUR }}>p</span> <output data-testid="cm-prob">{last ? last.probability.toFixed(4) : '–'}</output> step{' '}
        <output data-testid="cm-step">{last?.step ?? 0}</output>
      </figcaption>
    </figure>
  );
}
