// Open model… / Open image…: native dialogs in Electron, <input type=file> in
// the browser (the inputs stay in the DOM, labelled, for keyboard and tests).
import { useRef } from 'react';
import { useController, useHost, useStudioState } from '../context';
import { useShortcuts } from '../tools/shortcuts';
import { Panel } from './Panel';

export function OpenPanel() {
  const host = useHost();
  const controller = useController();
  const busy = useStudioState((s) => s.loading !== null);
  const modelInput = useRef<HTMLInputElement>(null);
  const imageInput = useRef<HTMLInputElement>(null);

  const openModel = () => (host.pickModel ? void controller.pickModel() : modelInput.current?.click());
  const openImage = () => (host.pickImage ? void controller.pickImage() : imageInput.current?.click());
  // In the desktop app the File menu's accelerators (same keys) open the dialogs.
  useShortcuts({ openModel: () => (busy ? false : openModel()), openImage: () => (busy ? false : openImage()) }, host.kind === 'web');

  return (
    <Panel title="Files">
      <div className="button-row">
        <button type="button" onClick={openModel} disabled={busy}>
          Open model…
        </button>
        <button type="button" onClick={openImage} disabled={busy}>
          Open image…
        </button>
      </div>
      <p className="hint muted">
        {host.kind === 'web'
          ? 'Pick model.json with its weight shards, an .onnx, or a Keras .h5/.keras file, or drop files anywhere.'
          : 'Or drop a model (model.json, .onnx, .h5, .keras) or an image anywhere in the window.'}
      </p>
      <input
        ref={modelInput}
        type="file"
        multiple
        accept=".json,.bin,.onnx,.h5,.hdf5,.keras"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Model files (model.json and weight shards, .onnx, .h5 or .keras)"
        data-testid="model-file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          void controller.openModelFiles(files);
        }}
      />
      <input
        ref={imageInput}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Image file (PNG, JPEG or DICOM)"
        data-testid="image-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void controller.openImageFile(file);
        }}
      />
    </Panel>
  );
}
