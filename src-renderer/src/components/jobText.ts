// What the job overlay, the Explain panel and its button say about a run: its
// estimate, its progress and, after a cancel, what was stopped and which
// method's map is on screen instead.
import type { MethodDescriptor } from '../../../src-main/api/types';
import { formatDuration, LONG_JOB_MS } from '../state/eta';
import type { Estimate } from '../state/estimate';
import type { CancelledRun } from '../state/jobMeter';

export const methodLabel = (methods: readonly MethodDescriptor[], id: string | null | undefined): string =>
  (id && methods.find((m) => m.id === id)?.label) || id || '';

/** " · ~4 min 40 s" after "Explain". */
export const buttonEstimate = (e: Estimate): string => ` · ~${formatDuration(e.ms)}`;

export const isLong = (e: Estimate | null): boolean => e !== null && e.ms > LONG_JOB_MS;

/** "4000 forward passes × 70 ms per image (timing probe)". */
export function estimateDetail(e: Estimate): string {
  const parts: string[] = [];
  if (e.passes.forward) parts.push(`${e.passes.forward} forward`);
  if (e.passes.backward) parts.push(`${e.passes.backward} forward+backward`);
  const what = parts.length ? `${parts.join(' and ')} passes` : 'no model passes';
  return `~${formatDuration(e.ms)}: ${what} in ${e.passes.calls} call${e.passes.calls === 1 ? '' : 's'}, at the ms per pass of the ${e.source}`;
}

/** What is starting before the first progress event: "Integrated Gradients: preparing the model…". */
export const startingText = (label: string): string => `${label}: preparing the model…`;

/** "RISE cancelled at 320 / 4000 (8%) after 12 s". */
export function cancelledText(c: CancelledRun, methods: readonly MethodDescriptor[]): string {
  const at = c.total > 0 ? ` at ${c.done} / ${c.total} (${Math.floor((100 * c.done) / c.total)}%)` : ' before its first step';
  return `${methodLabel(methods, c.method)} cancelled${at} after ${formatDuration(c.elapsedMs)}`;
}

/** Which map is on screen: "showing LIME (previous result)", or that none is. */
export const shownText = (shownMethod: string | null, methods: readonly MethodDescriptor[]): string =>
  shownMethod ? `showing ${methodLabel(methods, shownMethod)} (previous result)` : 'no map on screen';
