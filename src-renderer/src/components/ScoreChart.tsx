// A tiny live line chart: S_c (left scale) and the class probability (right
// scale, 0…1) against the step. SVG, redrawn from the history on each frame.
import type { ScorePoint } from '../state/classModel';

const W = 260;
const H = 110;
const PAD = 6;

function path(points: ScorePoint[], x: (p: ScorePoint) => number, y: (p: ScorePoint) => number): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${x(p).toFixed(1)},${y(p).toFixed(1)}`).join('');
}

export function ScoreChart({ history }: { history: ScorePoint[] }) {
  const last = history.at(-1);
  const maxStep = Math.max(1, last?.step ?? 1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of history) {
    lo = Math.min(lo, p.logit);
    hi = Math.max(hi, p.logit);
  }
  if (!(hi > lo)) [lo, hi] = [(lo || 0) - 1, (hi || 0) + 1];
  const x = (p: ScorePoint) => PAD + ((W - 2 * PAD) * p.step) / maxStep;
  const yS = (p: ScorePoint) => H - PAD - ((H - 2 * PAD) * (p.logit - lo)) / (hi - lo);
  const yP = (p: ScorePoint) => H - PAD - (H - 2 * PAD) * p.probability;
  return (
    <figure className="score-chart">
      <svg width={W} height={H} role="img" aria-label="Class score and probability by step">
        <rect x={0.5} y={0.5} width={W - 1} height={H - 1} fill="none" stroke="currentColor" strokeOpacity={0.2} />
        <path d={path(history, x, yP)} fill="none" stroke="#e8a33d" strokeWidth={1.5} />
        <path d={path(history, x, yS)} fill="none" stroke="#4a90e2" strokeWidth={2} />
      </svg>
      <figcaption>
        <span style={{ color: '#4a90e2' }}>S_c</span> <output data-testid="cm-score">{last ? last.logit.toFixed(3) : '–'}</output>{' '}
        <span style={{ color: '#e8a33d' }}>p</span> <output data-testid="cm-prob">{last ? last.probability.toFixed(4) : '–'}</output> step{' '}
        <output data-testid="cm-step">{last?.step ?? 0}</output>
      </figcaption>
    </figure>
  );
}
