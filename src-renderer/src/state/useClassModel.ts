// The class-model view's intents: the only place it calls the host. A run is
// started with keepAlive (raising `steps` continues it); slider changes during
// a run go to the engine at once and apply at its next step.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClassModelAction } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { display } from './actions';
import { classModel as cm, initialClassModel, type ClassModelView } from './classModel';
import { defaultJobId } from './controller';
import type { Store } from './store';

/** Fixed for a run: changing them needs a new one. */
const PER_RUN = new Set(['init', 'seed']);

export function useClassModel(host: Host, dispatch: Store['dispatch'], modelId: string | null, imageId: string | null) {
  const [view, setView] = useState<ClassModelView>(initialClassModel);
  const ref = useRef(view);
  ref.current = view;
  const fail = useCallback((what: string, err: unknown) => dispatch(display.failed, `${what}: ${errorMessage(err)}`), [dispatch]);

  useEffect(() => host.onProgress((p) => p.frame && setView((s) => cm.framed(s, p.jobId, p.frame!))), [host]);

  // A run belongs to its model: stop it when the model changes or the view goes.
  useEffect(
    () => () => {
      const id = ref.current.runId;
      if (id) void host.api.classModelControl({ runId: id, action: 'stop' }).catch(() => undefined);
    },
    [host, modelId],
  );

  const setParam = useCallback(
    (name: string, value: number | string | boolean) => {
      setView((s) => cm.paramSet(s, name, value));
      const runId = ref.current.runId;
      if (runId && !PER_RUN.has(name)) void host.api.classModelUpdate({ runId, params: { [name]: value } }).catch((e: unknown) => fail('Could not change the parameter', e));
    },
    [host, fail],
  );

  const start = useCallback(async () => {
    const s = ref.current;
    if (!modelId || s.runId) return;
    const runId = defaultJobId();
    setView((x) => cm.started(x, runId));
    try {
      const r = await host.api.classModel({ jobId: runId, modelId, target: s.target, imageId: s.params.init === 'image' && imageId ? imageId : undefined, params: s.params, keepAlive: true });
      setView((x) => cm.ended(x, runId, r));
    } catch (e) {
      setView((x) => cm.ended(x, runId, null));
      if (!/cancel/i.test(errorMessage(e))) fail('Class model failed', e);
    }
  }, [host, modelId, imageId, fail]);

  const control = useCallback(
    async (action: ClassModelAction) => {
      const runId = ref.current.runId;
      if (!runId) return;
      try {
        await host.api.classModelControl({ runId, action });
      } catch (e) {
        fail(`Could not ${action} the run`, e);
      }
    },
    [host, fail],
  );

  return { view, setTarget: (t: number) => setView((s) => cm.targetSet(s, t)), setParam, start, control };
}
