// The Evaluate view's intents: the only place it calls the host. Runs an
// evaluation or a sanity check as an engine job, follows its progress,
// cancels it, and saves the HTML report of a result.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EvaluateResult, SanityResult, TcavApiResult } from '../../../src-main/api/evaluate-types';
import { evaluationReport } from '../../../src-main/report/evaluation-report';
import { sanityReport } from '../../../src-main/report/sanity-report';
import { tcavReport } from '../../../src-main/report/tcav-report';
import { errorMessage, type Host } from '../host';
import { saveText } from '../render/saveFile';
import { display } from './actions';
import { defaultJobId } from './controller';
import { type ActionArgs, type ApplyAction, evaluateActions as act, type EvaluateView, evaluateRequest, initialEvaluate, sanityRequest, tcavRequest } from './evaluate';
import type { RunKind } from './evaluate';
import type { Store } from './store';

export function useEvaluate(host: Host, dispatch: Store['dispatch']) {
  const [view, setView] = useState<EvaluateView>(initialEvaluate);
  const ref = useRef(view);
  ref.current = view;
  const apply: ApplyAction = useCallback(<K extends keyof typeof act>(k: K, ...a: ActionArgs<K>) => setView((s) => (act[k] as unknown as (s: EvaluateView, ...x: ActionArgs<K>) => EvaluateView)(s, ...a)), []);
  const fail = useCallback((what: string, err: unknown) => dispatch(display.failed, `${what}: ${errorMessage(err)}`), [dispatch]);

  useEffect(() => host.onProgress((p) => setView((s) => act.progressed(s, p))), [host]);

  /** Runs one job; a cancel ends it quietly, other errors go to the error banner. */
  const run = useCallback(
    async <R,>(kind: RunKind, what: string, call: (jobId: string) => Promise<R> | null, done: (s: EvaluateView, jobId: string, r: R) => EvaluateView) => {
      if (ref.current.job) return;
      const jobId = defaultJobId();
      const p = call(jobId);
      if (!p) return;
      setView((s) => act.started(s, kind, jobId));
      try {
        const r = await p;
        setView((s) => done(s, jobId, r));
      } catch (e) {
        setView((s) => act.ended(s, jobId));
        if (!/cancel/i.test(errorMessage(e))) fail(what, e);
      }
    },
    [fail],
  );

  const evaluate = useCallback(
    (modelId: string, imageId: string | null, samplePaths: string[]) =>
      run('evaluate', 'Evaluation failed', (jobId) => {
        const req = evaluateRequest(ref.current, jobId, modelId, { imageId, samplePaths });
        return req ? host.api.evaluate(req) : null;
      }, (s, id, r: EvaluateResult) => act.evaluated(s, id, r)),
    [host, run],
  );

  const sanity = useCallback(
    (modelId: string, imageId: string | null) =>
      run('sanity', 'Sanity check failed', (jobId) => {
        const req = sanityRequest(ref.current, jobId, modelId, imageId);
        return req ? host.api.sanity(req) : null;
      }, (s, id, r: SanityResult) => act.sanityChecked(s, id, r)),
    [host, run],
  );

  const tcav = useCallback(
    (modelId: string) =>
      run('tcav', 'TCAV failed', (jobId) => {
        const req = tcavRequest(ref.current, jobId, modelId);
        return req ? host.api.tcav(req) : null;
      }, (s, id, r: TcavApiResult) => act.tcavDone(s, id, r)),
    [host, run],
  );

  const cancel = useCallback(async () => {
    const job = ref.current.job;
    if (!job) return;
    setView((s) => act.cancelRequested(s, job.jobId));
    await host.api.cancel({ jobId: job.jobId }).catch((e: unknown) => fail('Could not cancel', e));
  }, [host, fail]);

  const saveReport = useCallback((kind: RunKind) => {
    const s = ref.current;
    if (kind === 'evaluate' && s.result) saveText(evaluationReport(s.result), 'evaluation-report.html', 'text/html');
    if (kind === 'sanity' && s.sanity) saveText(sanityReport(s.sanity), `sanity-${s.sanity.mode}-report.html`, 'text/html');
    if (kind === 'tcav' && s.tcav) saveText(tcavReport(s.tcav), 'tcav-report.html', 'text/html');
  }, []);

  return { view, apply, evaluate, sanity, tcav, cancel, saveReport };
}
