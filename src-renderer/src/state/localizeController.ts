// The localisation view's state and intents: one image, or the demo sample
// set's ground-truth evaluation, each an engine job.
import type { LocalizeEvalResult, LocalizeResult, Segmenter } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { display } from './actions';
import { nextJobId, runJob } from './runJob';
import { createStore, type Store } from './store';
import type { StudioStore } from './types';

export interface LocalizeOptions {
  method: string;
  segmenter: Segmenter;
  fgQuantile: number;
  bgQuantile: number;
}

export interface LocalizeView {
  /** The last localisation, with the image it was computed for. */
  result: (LocalizeResult & { imageId: string }) | null;
  evaluation: LocalizeEvalResult | null;
  busy: boolean;
}

export const initialLocalize: LocalizeView = { result: null, evaluation: null, busy: false };

const busySet = (s: LocalizeView, busy: boolean): LocalizeView => ({ ...s, busy });
const localized = (s: LocalizeView, result: LocalizeView['result']): LocalizeView => ({ ...s, result });
const evaluated = (s: LocalizeView, evaluation: LocalizeEvalResult): LocalizeView => ({ ...s, evaluation });

export interface LocalizeController {
  readonly store: Store<LocalizeView>;
  localize(modelId: string, imageId: string, o: LocalizeOptions): Promise<void>;
  evaluate(modelId: string, manifest: string, o: LocalizeOptions): Promise<void>;
}

export function createLocalizeController(host: Host, studio: StudioStore, newJobId: () => string = nextJobId): LocalizeController {
  const store = createStore(initialLocalize);
  const fail = (what: string, err: unknown) => studio.set(display.failed, `${what}: ${errorMessage(err)}`);

  /** One job at a time; neither has a Cancel button, so every failure is reported. */
  async function run<R>(what: string, start: (jobId: string) => Promise<R>, done: (r: R) => void): Promise<void> {
    if (store.get().busy) return;
    store.set(busySet, true);
    try {
      done(await runJob(host, start, { id: newJobId() }).result);
    } catch (e) {
      fail(what, e);
    } finally {
      store.set(busySet, false);
    }
  }

  return {
    store,
    localize: (modelId, imageId, o) =>
      run(
        'Localisation failed',
        (jobId) => host.api.localize({ jobId, modelId, imageId, target: 'top', ...o }),
        (r) => store.set(localized, { ...r, imageId }),
      ),
    evaluate: (modelId, manifest, o) =>
      run(
        'Evaluation failed',
        (jobId) => host.api.localizeEvaluate({ jobId, modelId, manifest, methods: [o.method], fgQuantile: o.fgQuantile, bgQuantile: o.bgQuantile }),
        (r) => store.set(evaluated, r),
      ),
  };
}
