// The catalog operation: the method registry (controls apart) and the metric
// registry as plain descriptors, composed here since explainers/ and metrics/
// each know only their own list.
import type { Catalog } from '../api/catalog-types';
import { describeMethods } from '../explainers/registry';
import { describeMetric, METRICS } from '../api/metrics';

export function describeCatalog(): Catalog {
  const all = describeMethods();
  return { methods: all.filter((m) => m.family !== 'control'), metrics: METRICS.map(describeMetric), controls: all.filter((m) => m.family === 'control') };
}
