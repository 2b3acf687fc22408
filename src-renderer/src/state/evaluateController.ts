// The Evaluate view's intents: the only place it calls the host. Runs an
// evaluation, a sanity check or TCAV as an engine job (one at a time), follows
// its progress, cancels it, and saves the HTML report of a result.
import type { EvaluateResult, SanityResult, TcavApiResult } from '../../../src-main/api/evaluate-types';
import { evaluationReport } from '../../../src-main/shared/report/evaluation-report';
import { sanityReport } from '../../../src-main/shared/report/sanity-report';
import { tcavReport } from '../../../src-main/shared/report/tcav-report';
import { errorMessage, type Host } from '../host';
import { saveText } from '../render/saveFile';
import { display } from './actions';
import {
  effectiveImages,
  evaluateActions as act,
  evaluateRequest,
  initialEvaluate,
  sanityRequest,
  tcavRequest,
  type ApplyAction,
  type EvaluateView,
  type RunKind,
} from './evaluate';
import { provenanceOf, type Provenance } from './provenance';
import { isCancelled, nextJobId, runJob, type Job } from './runJob';
import { createStore, type Store } from './store';
import type { StudioStore } from './types';

export interface EvaluateController {
  readonly store: Store<EvaluateView>;
  /** Applies a named action of the view by name (what its form sections get). */
  apply: ApplyAction;
  evaluate(modelId: string, imageId: string | null, samplePaths: string[]): Promise<void>;
  sanity(modelId: string, imageId: string | null): Promise<void>;
  tcav(modelId: string): Promise<void>;
  cancel(): Promise<void>;
  saveReport(kind: RunKind): void;
}

export function createEvaluateController(host: Host, studio: StudioStore, newJobId: () => string = nextJobId): EvaluateController {
  const store = createStore<EvaluateView>(initialEvaluate);
  let running: Job<unknown> | null = null;
  const fail = (what: string, err: unknown) => studio.set(display.failed, `${what}: ${errorMessage(err)}`);

  /** Runs one job; a cancel ends it quietly, other errors go to the error banner. */
  async function run<Q, R>(
    kind: RunKind,
    what: string,
    request: (jobId: string) => Q | null,
    call: (req: Q) => Promise<R>,
    done: (s: EvaluateView, jobId: string, r: R) => EvaluateView,
    source: Provenance,
  ): Promise<void> {
    if (store.get().job) return;
    const id = newJobId();
    const req = request(id);
    if (!req) return;
    store.set(act.started, kind, id, source);
    const job = runJob(host, () => call(req), { id, onProgress: (p) => store.set(act.progressed, p) });
    running = job;
    try {
      store.set(done, id, await job.result);
    } catch (e) {
      store.set(act.ended, id);
      if (!isCancelled(e)) fail(what, e);
    } finally {
      if (running === job) running = null;
    }
  }

  /** The run's source: the model it is given, and the current image if the run reads it, else what it reads instead. */
  function sourceOf(modelId: string, imageId: string | null, other: string | null): Provenance {
    const { model, image } = studio.get();
    const m = model?.id === modelId ? model : { id: modelId, name: modelId };
    const i = imageId === null ? null : image?.id === imageId ? image : { id: imageId, name: imageId };
    return provenanceOf(m, i, other);
  }

  return {
    store,
    apply: (k, ...a) => store.set(act[k] as unknown as (s: EvaluateView, ...x: typeof a) => EvaluateView, ...a),
    evaluate: (modelId, imageId, samplePaths) =>
      run(
        'evaluate',
        'Evaluation failed',
        (id) => evaluateRequest(store.get(), id, modelId, { imageId, samplePaths }),
        (q) => host.api.evaluate(q),
        (s, id, r: EvaluateResult) => act.evaluated(s, id, r),
        effectiveImages(store.get().images, samplePaths.length) === 'current'
          ? sourceOf(modelId, imageId, null)
          : sourceOf(modelId, null, `${samplePaths.length} demo sample${samplePaths.length === 1 ? '' : 's'}`),
      ),
    sanity: (modelId, imageId) =>
      run(
        'sanity',
        'Sanity check failed',
        (id) => sanityRequest(store.get(), id, modelId, imageId),
        (q) => host.api.sanity(q),
        (s, id, r: SanityResult) => act.sanityChecked(s, id, r),
        store.get().sanityMode === 'data' ? sourceOf(modelId, null, store.get().dataFolder.trim() || 'the demo digits') : sourceOf(modelId, imageId, null),
      ),
    tcav: (modelId) =>
      run(
        'tcav',
        'TCAV failed',
        (id) => tcavRequest(store.get(), id, modelId),
        (q) => host.api.tcav(q),
        (s, id, r: TcavApiResult) => act.tcavDone(s, id, r),
        sourceOf(modelId, null, store.get().tcavForm.images.trim() || null),
      ),
    async cancel() {
      const job = store.get().job;
      if (!job || running?.id !== job.jobId) return;
      store.set(act.cancelRequested, job.jobId);
      await running.cancel().catch((e: unknown) => fail('Could not cancel', e));
    },
    saveReport(kind) {
      const s = store.get();
      if (kind === 'evaluate' && s.result) saveText(evaluationReport(s.result), 'evaluation-report.html', 'text/html');
      if (kind === 'sanity' && s.sanity) saveText(sanityReport(s.sanity), `sanity-${s.sanity.mode}-report.html`, 'text/html');
      if (kind === 'tcav' && s.tcav) saveText(tcavReport(s.tcav), 'tcav-report.html', 'text/html');
    },
  };
}
