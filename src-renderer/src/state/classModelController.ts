// The class-model view's intents: the only place it calls the host. A run is
// an engine job started with keepAlive (raising `steps` continues it); its
// frames arrive as that job's progress; slider changes during a run go to the
// engine at once and apply at its next step.
import type { ClassModelAction, ClassModelResult } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { display } from './actions';
import { canStart, classModel as cm, initialClassModel, type ClassModelView } from './classModel';
import { provenanceOf } from './provenance';
import { isCancelled, nextJobId, runJob } from './runJob';
import { createStore, type Store } from './store';
import type { StudioStore } from './types';

/** Fixed for a run: changing them needs a new one. */
const PER_RUN = new Set(['init', 'seed']);

export interface ClassModelController {
  readonly store: Store<ClassModelView>;
  setTarget(t: number): void;
  setParam(name: string, value: number | string | boolean): void;
  /** A run on the studio's current model (and image, for init = image). */
  start(): Promise<void>;
  control(action: ClassModelAction): Promise<void>;
  dispose(): void;
}

export function createClassModelController(host: Host, studio: StudioStore, newJobId: () => string = nextJobId): ClassModelController {
  const store = createStore(initialClassModel);
  const fail = (what: string, err: unknown) => studio.set(display.failed, `${what}: ${errorMessage(err)}`);
  const stop = () => {
    const runId = store.get().runId;
    if (runId) void host.api.classModelControl({ runId, action: 'stop' }).catch(() => undefined);
  };

  // A run belongs to its model: stop it when the model changes, and clear its frames and chart.
  let modelId = studio.get().model?.id ?? null;
  const offStudio = studio.subscribe(() => {
    const model = studio.get().model;
    const now = model?.id ?? null;
    if (now === modelId) return;
    modelId = now;
    stop();
    store.set(cm.modelChanged, model?.numClasses ?? null);
  });

  return {
    store,
    setTarget: (t) => store.set(cm.targetSet, t),
    setParam(name, value) {
      store.set(cm.paramSet, name, value);
      const runId = store.get().runId;
      if (runId && !PER_RUN.has(name))
        void host.api.classModelUpdate({ runId, params: { [name]: value } }).catch((e: unknown) => fail('Could not change the parameter', e));
    },
    async start() {
      const s = store.get();
      const { model, image } = studio.get();
      if (!model || !canStart(s)) return;
      // A finished run still alive (keepAlive) is stopped; its late end is ignored (another runId).
      if (s.runId) await host.api.classModelControl({ runId: s.runId, action: 'stop' }).catch(() => undefined);
      const runId = newJobId();
      const fromImage = s.params.init === 'image' && image ? image : null;
      store.set(cm.started, runId, provenanceOf(model, fromImage));
      const imageId = fromImage?.id;
      const job = runJob(host, (jobId) => host.api.classModel({ jobId, modelId: model.id, target: s.target, imageId, params: s.params, keepAlive: true }), {
        id: runId,
        onProgress: (p) => p.frame && store.set(cm.framed, p.jobId, p.frame),
      });
      let result: ClassModelResult | null = null;
      try {
        result = await job.result;
      } catch (e) {
        if (!isCancelled(e)) fail('Class model failed', e);
      }
      store.set(cm.ended, runId, result);
    },
    async control(action) {
      const runId = store.get().runId;
      if (!runId) return;
      try {
        await host.api.classModelControl({ runId, action });
      } catch (e) {
        fail(`Could not ${action} the run`, e);
      }
    },
    dispose() {
      offStudio();
      stop();
    },
  };
}
