// What the engine can do, as plain data: every registered method, control and
// metric with its capabilities and parameters. The `catalog` operation returns
// it, so a UI or a CLI builds its pickers and forms without a list of its own.
import type { MethodDescriptor, ParamSpec } from './common';

/** The metric families, in the order forms and reports list them (Quantus' grouping). */
export const METRIC_FAMILIES = ['faithfulness', 'robustness', 'randomisation', 'complexity', 'localisation'] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

export interface MetricDescriptor {
  id: string;
  label: string;
  /** The metric family reports group by (Quantus' grouping). */
  family: MetricFamily;
  /** Seconds per image or more (re-explains many times, or imputes): run only when asked for by id, never by default. */
  optIn?: boolean;
  paper?: string;
  /** Scores against a ground-truth mask: NaN for images without one. */
  needsMask?: boolean;
  /** Re-runs the method on x ⊙ map (ADCC), so the method must be re-runnable. */
  reexplains?: boolean;
  higherIsBetter: boolean;
  /** The evaluation options (METRIC_PARAMS) this metric reads. */
  params?: readonly ParamSpec[];
  /** Extra per-image columns the metric reports besides its own value (as `<id>.<part>`). */
  parts?: readonly string[];
  help: string;
}

export interface Catalog {
  /** The registry's methods, controls excluded, in display order. */
  methods: MethodDescriptor[];
  metrics: MetricDescriptor[];
  /** The model-blind baselines (family 'control'): run like methods, evaluated beside them. */
  controls: MethodDescriptor[];
}
