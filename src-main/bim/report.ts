// BIM results as CSV rows and a plain-text table (CLI output, reports).
import type { BimResult } from '../api/bim-types';

/** Wall time in whole ms; empty where the result was recomputed from per-sample values (a job array's outputs). */
const msOf = (v: number | undefined): string | number => (v == null ? '' : Math.round(v));
const f = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : v === Infinity ? 'inf' : '');

export function bimCsv(r: BimResult): string {
  if (r.variant === 'objects') {
    const lines = ['method,mcs,idr,iir,iir_pairs,g_object,g_scene,ms'];
    for (const x of r.rows) lines.push([x.method, f(x.mcs, 6), f(x.idr, 6), f(x.iir, 6), x.iirPairs, f(x.gObject, 6), f(x.gScene, 6), msOf(x.ms)].join(','));
    // TCAV: its MCS, then one row per concept with the two models' TCAV scores in the g_object/g_scene columns.
    if (r.tcav) {
      lines.push(['tcav', f(r.tcav.mcs, 6), '', '', '', '', '', ''].join(','));
      for (const c of r.tcav.concepts) lines.push([`tcav:${c.concept}`, f(c.object - c.scene, 6), '', '', '', f(c.object, 6), f(c.scene, 6), ''].join(','));
    }
    return lines.join('\n') + '\n';
  }
  const lines = ['method,share_shortcut,share_clean,ratio,reveals,ms'];
  for (const x of r.rows) lines.push([x.method, f(x.shareShortcut, 6), f(x.shareClean, 6), f(x.ratio, 4), x.reveals, msOf(x.ms)].join(','));
  return lines.join('\n') + '\n';
}

/** The whole result as JSON; non-finite numbers (an undefined ratio or IIR) become null, as JSON has no NaN. */
export function bimJson(r: object, indent?: number): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent);
}

export function bimTable(r: BimResult): string {
  const pad = (s: string, n: number): string => s.padEnd(n);
  if (r.variant === 'objects') {
    const out = [
      `BIM objects: ${r.used}/${r.images} images correctly classified by both models (object ${f(r.accuracy.object * 100, 1)}%, scene ${f(r.accuracy.scene * 100, 1)}%); IIR t = ${r.t}`,
      `${pad('method', 22)} ${pad('MCS', 7)} ${pad('IDR', 7)} ${pad('IIR', 7)} pairs`,
      ...r.rows.map((x) => `${pad(x.method, 22)} ${pad(f(x.mcs), 7)} ${pad(f(x.idr), 7)} ${pad(f(x.iir), 7)} ${x.iirPairs}`),
    ];
    if (r.tcav)
      out.push(
        `${pad('tcav', 22)} ${pad(f(r.tcav.mcs), 7)} (layer ${r.tcav.layer}; ${r.tcav.concepts.map((c) => `${c.concept} ${f(c.object, 2)} − ${f(c.scene, 2)}`).join(', ')})`,
      );
    return out.join('\n');
  }
  const a = r.accuracy;
  return [
    `BIM chest-marker: ${r.images} marked phantoms; accuracy independent/reversed: shortcut ${f(a.shortcut.independent * 100, 1)}%/${f(a.shortcut.reversed * 100, 1)}%, clean ${f(a.clean.independent * 100, 1)}%/${f(a.clean.reversed * 100, 1)}%; box = ${f(r.boxFraction * 100, 2)}% of the image`,
    `${pad('method', 22)} ${pad('shortcut', 9)} ${pad('clean', 9)} ${pad('ratio', 7)} reveals`,
    ...r.rows.map((x) => `${pad(x.method, 22)} ${pad(f(x.shareShortcut), 9)} ${pad(f(x.shareClean), 9)} ${pad(f(x.ratio, 2), 7)} ${x.reveals ? 'yes' : 'no'}`),
  ].join('\n');
}
