// The Model panel's Preprocessing section: the spec as a draft (state/
// preprocessDraft.ts), a preview of what the model sees under the draft (the
// engine's inputPreview), and Apply, which reopens the model with it
// (state/presetController.ts) so the prediction is made again and a project
// saved afterwards records it.
import { useEffect, useId, useRef, useState } from 'react';
import { presetFacts, presetsFor, RESIZE_MODE_NAMES } from '../../../src-main/api/preprocess-spec';
import type { ChannelOrder, InputPreview, ModelInfo, PreprocessPreset, ResizeMode } from '../../../src-main/api/types';
import { useHost, useStudio, useStudioState } from '../context';
import { draftOf, type PreprocessDraft, sameSpec, specOf, withPreset } from '../state/preprocessDraft';
import './PreprocessEditor.css';

function PreviewCanvas({ preview }: { preview: InputPreview }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(preview.data), preview.width, preview.height), 0, 0);
  }, [preview]);
  return <canvas ref={ref} className="input-preview" width={preview.width} height={preview.height} aria-label="What the model sees" />;
}

/** The preview of the open image under the draft spec; the latest request wins. */
function usePreview(model: ModelInfo, spec: ReturnType<typeof specOf>): { preview: InputPreview | null; error: string | null } {
  const host = useHost();
  const image = useStudioState((s) => s.image);
  const [state, setState] = useState<{ preview: InputPreview | null; error: string | null }>({ preview: null, error: null });
  const key = 'spec' in spec ? JSON.stringify(spec.spec) : null;
  useEffect(() => {
    if (!image || key === null) return;
    let live = true;
    host.api
      .inputPreview({ modelId: model.id, imageId: image.id, preprocess: JSON.parse(key) })
      .then((preview) => live && setState({ preview, error: null }))
      .catch((e: Error) => live && setState({ preview: null, error: e.message }));
    return () => {
      live = false;
    };
  }, [host, model.id, image, key]);
  return image ? state : { preview: null, error: null };
}

function Row({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div className="pp-row">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

export function PreprocessEditor({ model }: { model: ModelInfo }) {
  const { preset: presets } = useStudio();
  const busy = useStudioState((s) => s.loading !== null || s.job !== null);
  const [draft, setDraft] = useState<PreprocessDraft>(() => draftOf(model.preprocess));
  // A reopened (or another) model: the draft starts again from its spec.
  useEffect(() => setDraft(draftOf(model.preprocess)), [model]);
  const spec = specOf(draft, model.preprocess);
  const { preview, error } = usePreview(model, spec);
  const set = (patch: Partial<PreprocessDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const unchanged = 'spec' in spec && sameSpec(spec.spec, model.preprocess);
  const from = presets.openedFrom(model.id);
  return (
    <details className="preprocess-editor">
      <summary>Preprocessing</summary>
      <Row label="Preset">
        {(id) => (
          <select id={id} value={draft.preset} onChange={(e) => setDraft((d) => withPreset(d, e.currentTarget.value as PreprocessPreset))}>
            {presetsFor(model.format).map((p) => (
              <option key={p} value={p}>
                {p} — {presetFacts(p).does}
              </option>
            ))}
          </select>
        )}
      </Row>
      <Row label="Resize">
        {(id) => (
          <select id={id} value={draft.resize} onChange={(e) => set({ resize: e.currentTarget.value as ResizeMode })}>
            {RESIZE_MODE_NAMES.map((r) => (
              <option key={r} value={r}>
                {r === 'crop' ? 'crop (centre)' : r === 'pad' ? 'pad (to a square)' : 'stretch'}
              </option>
            ))}
          </select>
        )}
      </Row>
      <Row label="Channel order">
        {(id) => (
          <select
            id={id}
            value={draft.channels}
            disabled={model.inputChannels !== 3}
            onChange={(e) => set({ channels: e.currentTarget.value as ChannelOrder })}
          >
            <option value="rgb">RGB</option>
            <option value="bgr">BGR</option>
          </select>
        )}
      </Row>
      <Row label="Value scale (× pixels in [0, 1])">
        {(id) => <input id={id} value={draft.scale} onChange={(e) => set({ scale: e.currentTarget.value })} />}
      </Row>
      <Row label="Mean (1 or 3 values)">{(id) => <input id={id} value={draft.mean} onChange={(e) => set({ mean: e.currentTarget.value })} />}</Row>
      <Row label="Std (1 or 3 values, above 0)">{(id) => <input id={id} value={draft.std} onChange={(e) => set({ std: e.currentTarget.value })} />}</Row>
      <label className="pp-check">
        <input type="checkbox" checked={draft.invert} onChange={(e) => set({ invert: e.currentTarget.checked })} /> Invert (e.g. radiographs, ink drawn as 1)
      </label>
      {'problem' in spec && (
        <p className="pp-problem" role="alert">
          {spec.problem}
        </p>
      )}
      <p className="hint muted">The model sees (v × scale − mean) / std per channel, v in [0, 1].</p>
      <figure className="pp-preview">
        {preview ? <PreviewCanvas preview={preview} /> : <div className="input-preview empty">{error ?? 'Open an image to see what the model sees.'}</div>}
        <figcaption>
          What the model sees{preview ? `: ${preview.width}×${preview.height}, values ${preview.min.toFixed(2)}…${preview.max.toFixed(2)}` : ''} (scale,
          mean/std and channel order undone to show it)
        </figcaption>
      </figure>
      <button type="button" disabled={busy || unchanged || !('spec' in spec)} onClick={() => 'spec' in spec && void presets.apply(spec.spec)}>
        Apply (reopens the model)
      </button>
      <p className="hint muted">
        {from === 'upload'
          ? 'Saved with the project (uploaded files have no folder for a saliency-studio.json).'
          : 'Saved with the project; to make it the model’s default, put it in saliency-studio.json beside the model file.'}
      </p>
    </details>
  );
}
