// The localisation view's intents (host calls): one image, or the demo sample
// set's ground-truth evaluation.
import { useCallback, useState } from 'react';
import type { LocalizeEvalResult, LocalizeResult, Segmenter } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { display } from './actions';
import { defaultJobId } from './controller';
import type { Store } from './store';

export interface LocalizeOptions {
  method: string;
  segmenter: Segmenter;
  fgQuantile: number;
  bgQuantile: number;
}

export function useLocalize(host: Host, dispatch: Store['dispatch']) {
  const [result, setResult] = useState<(LocalizeResult & { imageId: string }) | null>(null);
  const [evaluation, setEvaluation] = useState<LocalizeEvalResult | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = useCallback((what: string, err: unknown) => dispatch(display.failed, `${what}: ${errorMessage(err)}`), [dispatch]);

  const localize = useCallback(
    async (modelId: string, imageId: string, o: LocalizeOptions) => {
      setBusy(true);
      try {
        setResult({ ...(await host.api.localize({ jobId: defaultJobId(), modelId, imageId, target: 'top', ...o })), imageId });
      } catch (e) {
        fail('Localisation failed', e);
      } finally {
        setBusy(false);
      }
    },
    [host, fail],
  );

  const evaluate = useCallback(
    async (modelId: string, manifest: string, o: LocalizeOptions) => {
      setBusy(true);
      try {
        setEvaluation(await host.api.localizeEvaluate({ jobId: defaultJobId(), modelId, manifest, methods: [o.method], fgQuantile: o.fgQuantile, bgQuantile: o.bgQuantile }));
      } catch (e) {
        fail('Evaluation failed', e);
      } finally {
        setBusy(false);
      }
    },
    [host, fail],
  );

  return { result, evaluation, busy, localize, evaluate, clear: () => setResult(null) };
}
