// The Evaluate view: can the explanations be trusted? Metrics over images
// (with the model-independent controls beside the methods), the sanity
// checks, TCAV, and further benchmarks as sections below. Self-contained: it reads
// the model, image and demo from the store and owns its own state.
import { type ReactNode, useEffect } from 'react';
import { useStudio, useStudioState } from '../context';
import { useStore } from '../state/store';
import { MetricsSection } from './evaluate/MetricsSection';
import { SanitySection } from './evaluate/SanitySection';
import { TcavSection } from './evaluate/TcavSection';
import { Panel } from './Panel';
import { BimPanel } from './BimPanel';

/**
 * Sections shown under the metrics and sanity checks, in order. The BIM
 * benchmark's panel (src-renderer/src/components/BimPanel.tsx, built
 * elsewhere) goes here: `{ id: 'bim', node: <BimPanel /> }`.
 */
const MORE_SECTIONS: { id: string; node: ReactNode }[] = [{ id: 'bim', node: <BimPanel /> }];

export function EvaluateView() {
  const { evaluate: ev } = useStudio();
  const view = useStore(ev.store, (s) => s);
  const { apply, evaluate, sanity, tcav, cancel, saveReport } = ev;
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const methods = useStudioState((s) => s.methods);
  const demo = useStudioState((s) => s.demos.find((d) => d.id === s.demoId) ?? null);
  const catalog = useStudioState((s) => s.catalog);
  // The view's rules (which metrics need masks) come from the engine's catalog.
  useEffect(() => {
    if (catalog) apply('catalogRead', catalog);
  }, [apply, catalog]);
  if (!model) return <p className="hint muted">Open a model (or a demo) to evaluate its explanations.</p>;
  const samples = demo?.images.map((i) => i.path) ?? [];
  return (
    <Panel title="Evaluate" className="evaluate-view">
      <MetricsSection
        view={view}
        apply={apply}
        model={model}
        methods={methods}
        imageName={image?.name ?? null}
        samples={samples.length}
        onRun={() => void evaluate(model.id, image?.id ?? null, samples)}
        onCancel={() => void cancel()}
        onReport={() => saveReport('evaluate')}
      />
      <SanitySection
        view={view}
        apply={apply}
        model={model}
        methods={methods}
        imageName={image?.name ?? null}
        onRun={() => void sanity(model.id, image?.id ?? null)}
        onCancel={() => void cancel()}
        onReport={() => saveReport('sanity')}
      />
      <TcavSection
        view={view}
        apply={apply}
        model={model}
        onRun={() => void tcav(model.id)}
        onCancel={() => void cancel()}
        onReport={() => saveReport('tcav')}
      />
      {MORE_SECTIONS.map((s) => (
        <div key={s.id} className="eval-section">
          {s.node}
        </div>
      ))}
    </Panel>
  );
}
