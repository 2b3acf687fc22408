// The suite's rows → ratios, target marks and the one markdown table the README shows.
export type Kind = 'forward' | 'gradient' | 'gradient-path' | 'perturbation';

export interface Measured {
  /** Items measured (path points, masked passes, rows) of the method's full workload, at `batch` per pass. */
  size: number;
  full: number;
  batch: number | null;
  /** The method's own default batch, when the bench had to use another. */
  defaultBatch: number | null;
  runs: number;
  /** Median time of the measured (possibly stopped) run; `ms` is the full-workload time (extrapolated when stopped). */
  measuredMs: number;
}

export interface Row {
  backend: string;
  model: string;
  method: string;
  kind: Kind;
  ms: number;
  measured: Measured;
  /** ms per item after the first batch, and plain batched forward ms per pass at the same batch size. */
  perItemMs: number | null;
  plainPerPassMs: number | null;
  leakedTensors: number;
}

export interface Target {
  name: string;
  value: number;
  pass: boolean;
}

export interface Scored extends Row {
  overForward: number | null;
  speedupVsCpu: number | null;
  /** masked (perturbed) passes/s over plain passes/s − 1. */
  overhead: number | null;
  targets: Target[];
}

export const TARGETS = { gradientOverForward: 3, perturbationOverhead: 0.15, wasmOverCpu: 10 };

export function score(rows: readonly Row[]): Scored[] {
  const find = (backend: string, model: string, method: string): Row | undefined =>
    rows.find((r) => r.backend === backend && r.model === model && r.method === method);
  return rows.map((r) => {
    const fwd = find(r.backend, r.model, 'forward');
    const cpu = r.backend === 'cpu' ? null : find('cpu', r.model, r.method);
    const overForward = fwd ? r.ms / fwd.ms : null;
    const speedupVsCpu = cpu ? cpu.ms / r.ms : null;
    const overhead = r.kind === 'perturbation' && r.perItemMs != null && r.plainPerPassMs ? r.perItemMs / r.plainPerPassMs - 1 : null;
    const targets: Target[] = [];
    if (overForward != null && r.kind === 'gradient') targets.push(mark('≤3× forward', overForward, overForward <= TARGETS.gradientOverForward));
    if (overForward != null && r.kind === 'gradient-path') {
      const perPoint = overForward / r.measured.full;
      targets.push(mark('≤3× forward per path point', perPoint, perPoint <= TARGETS.gradientOverForward));
    }
    if (overhead != null) targets.push(mark('≤15% overhead', overhead, overhead <= TARGETS.perturbationOverhead));
    if (r.backend === 'wasm' && speedupVsCpu != null) targets.push(mark('wasm ≥10× cpu', speedupVsCpu, speedupVsCpu >= TARGETS.wasmOverCpu));
    return { ...r, overForward, speedupVsCpu, overhead, targets };
  });
}

const mark = (name: string, value: number, pass: boolean): Target => ({ name, value, pass });

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(ms >= 10 ? 1 : 2);
}

const ratio = (v: number | null): string => (v == null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2));

/** "5 runs", or "3 runs, 64/4000 †", with the batch when it is not the method's default. */
export function measuredCell(m: Measured): string {
  const runs = `${m.runs} run${m.runs === 1 ? '' : 's'}`;
  const batch = m.defaultBatch != null && m.batch !== m.defaultBatch ? ` at batch ${m.batch}` : '';
  return m.size < m.full ? `${runs}, ${m.size}/${m.full}${batch} †` : `${runs}${batch}`;
}

function targetCell(t: Target): string {
  const v = t.name.includes('%') ? `${t.value >= 0 ? '+' : ''}${(100 * t.value).toFixed(1)}%` : `${ratio(t.value)}×`;
  return `${t.name}: ${v} ${t.pass ? 'pass' : '**MISS**'}`;
}

export function markdown(rows: readonly Scored[]): string {
  const head =
    '| model | backend | method | measured | ms | × forward | × cpu | passes/s: method / plain | targets |\n|---|---|---|---|---:|---:|---:|---:|---|';
  const lines = rows.map((r) => {
    const tput =
      r.perItemMs != null && r.plainPerPassMs != null && r.kind === 'perturbation'
        ? `${(1000 / r.perItemMs).toFixed(1)} / ${(1000 / r.plainPerPassMs).toFixed(1)}`
        : '';
    return `| ${r.model} | ${r.backend} | ${r.method} | ${measuredCell(r.measured)} | ${fmtMs(r.ms)} | ${ratio(r.overForward)} | ${ratio(r.speedupVsCpu)} | ${tput} | ${r.targets.map(targetCell).join('; ')} |`;
  });
  return [head, ...lines].join('\n');
}

export const FOOTNOTES = [
  "ms: median over the runs of one map (forward: one batch-1 pass with the logits read back). × forward: ms over the same backend and model's forward; × cpu: the cpu row's ms over this row's.",
  "† stopped after the shown number of items (path points, masked passes, rows) of the full workload, at a batch boundary; ms is the measured time plus the remaining items at the per-item time measured after the first batch (which carries set-up). The work after the last batch (LIME's regression, the final map) is not included: it is small next to the forward passes.",
  'passes/s: masked (perturbed) forward passes per second after the first batch, against plain batched forward passes of the unperturbed input through the same loop (explainers/batches.ts) at the same batch size; the overhead target compares the two.',
  'Gradient targets: saliency and Grad-CAM ≤ 3 forward passes; Integrated Gradients ≤ 3 forward passes per path point.',
];
