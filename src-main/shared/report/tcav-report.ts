// The self-contained HTML report of a TCAV run (Kim et al. 2018): per class,
// the TCAV score over the concept CAVs against the random-vs-random CAVs,
// the Welch t-test, and the CAVs' training accuracies.
import type { TcavApiResult } from '../../api/evaluate-types';
import { page, paragraph, section, table } from './html';

const n3 = (v: number | null): string => (v == null ? '—' : v.toFixed(3));

export function tcavReport(r: TcavApiResult): string {
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return page({
    title: `TCAV: ${r.model} at ${r.layer}`,
    meta: [
      `${r.concept} concept images, ${r.randomSets.length} random sets (${r.randomSets.join(', ')} images), ${r.images} probed images; d = ${r.dim}`,
      `α = ${r.alpha.toPrecision(3)}; backend ${r.backend}; ${r.seconds.toFixed(1)} s`,
    ],
    body: [
      section(
        'TCAV scores',
        table({
          id: 'tcav',
          caption:
            'Fraction of the probed images whose class score rises along the concept direction; significant when it differs from random CAVs (two-sided Welch t-test).',
          head: ['class', 'TCAV mean ± std', 'random CAVs mean ± std', 't', 'p', 'significant'],
          rows: r.classes.map((c) => [
            `${c.target} ${c.label}`,
            `${c.mean.toFixed(3)} ± ${c.std.toFixed(3)}`,
            `${c.nullMean.toFixed(3)} ± ${c.nullStd.toFixed(3)}`,
            n3(c.t),
            c.p == null ? '—' : c.p.toPrecision(3),
            { text: c.significant ? 'yes' : 'no', best: c.significant },
          ]),
        }),
        paragraph(`Mean CAV training accuracy: concept ${mean(r.cavAccuracy).toFixed(3)}, random-vs-random ${mean(r.nullCavAccuracy).toFixed(3)}.`),
      ),
      section(
        'Scores per random set',
        table({
          head: ['class', 'concept CAVs', 'random CAVs'],
          rows: r.classes.map((c) => [`${c.target} ${c.label}`, c.scores.map((v) => v.toFixed(2)).join(' '), c.nullScores.map((v) => v.toFixed(2)).join(' ')]),
        }),
      ),
    ],
  });
}
