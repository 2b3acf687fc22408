// The trust card in an evaluation report: the card's four checks read off the
// run's mean metric values per method (sparseness, max-sensitivity,
// random-logit, ADCC against the Fake-CAM control), with the same readings and
// thresholds as the card beside a map (shared/trust-card.ts). A check whose
// metric did not run says which --metric would add it.
import type { EvaluateResult } from '../../api/evaluate-types';
import type { TrustLine } from '../../api/trust-card-types';
import { SENSITIVITY_RADIUS, SENSITIVITY_SAMPLES } from '../../api/metric-params';
import { fakeCamLine, randomLogitLine, sensitivityLine, sparsenessLine } from '../trust-card';
import { CONTROL_IDS } from './evaluation-table';

/** The metrics the card reads; a run with none of them has no card. */
export const TRUST_METRICS = ['sparseness', 'max-sensitivity', 'random-logit', 'adcc'] as const;

const notRun = (line: TrustLine, metric: string): TrustLine => ({ ...line, value: '—', status: 'na', reading: `not measured (add --metric ${metric})` });

/** One card per real method (controls are the card's references, not its subjects); null when no card metric ran. */
export function reportTrustCards(r: EvaluateResult): { method: string; lines: TrustLine[] }[] | null {
  if (!TRUST_METRICS.some((m) => r.metrics.includes(m))) return null;
  const mean = (method: string, key: string): number => r.summary[method]?.[key]?.mean ?? NaN;
  const has = (m: string): boolean => r.metrics.includes(m);
  const samples = Number(r.options[SENSITIVITY_SAMPLES.name] ?? SENSITIVITY_SAMPLES.default);
  const radius = Number(r.options[SENSITIVITY_RADIUS.name] ?? SENSITIVITY_RADIUS.default);
  const fake = r.methods.includes('fake-cam') && has('adcc') ? mean('fake-cam', 'adcc') : undefined;
  return r.methods
    .filter((m) => !CONTROL_IDS.includes(m))
    .map((method) => {
      const adcc = has('adcc') ? mean(method, 'adcc') : undefined;
      const sens = sensitivityLine(mean(method, 'max-sensitivity'), radius, samples);
      const fakeLine = fakeCamLine(adcc, fake);
      return {
        method,
        lines: [
          has('sparseness') ? sparsenessLine(mean(method, 'sparseness')) : notRun(sparsenessLine(NaN), 'sparseness'),
          has('max-sensitivity') ? sens : notRun(sens, 'max-sensitivity'),
          has('random-logit') ? randomLogitLine(mean(method, 'random-logit'), null) : notRun(randomLogitLine(NaN, null), 'random-logit'),
          !has('adcc') ? notRun(fakeLine, 'adcc') : fake === undefined ? { ...fakeLine, reading: 'Fake-CAM did not run (--controls fake-cam)' } : fakeLine,
        ],
      };
    });
}
