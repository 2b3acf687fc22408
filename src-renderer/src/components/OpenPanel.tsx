// Open model… / Open image…: native dialogs in Electron, <input type=file> in
// the browser (the inputs stay in the DOM, labelled, for keyboard and tests).
// The model's files are told apart by content, so the model inputs accept any
// file (extensionless shards, labels .txt) and a whole folder.
import { useEffect, useRef } from 'react';
import { useController, useHost, useStudioState } from '../context';
import { useShortcuts } from '../tools/shortcuts';
import { Panel } from './Panel';

export function OpenPanel() {
  const host = useHost();
  const controller = useController();
  const busy = useStudioState((s) => s.loading !== null);
  const modelInput = useRef<HTMLInputElement>(null);
  const imageInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // Not in React's attribute types: set on the element itself.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);

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
        {host.kind === 'web' && (
          <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
            Open model folder…
          </button>
        )}
      </div>
      <p className="hint muted">
        {host.kind === 'web'
          ? 'Pick a model folder, or model.json with its weight shards and labels (any order), an .onnx, or a Keras .h5/.keras file; or drop files or a folder anywhere.'
          : 'Or drop a model (its folder, model.json, .onnx, .h5, .keras) or an image anywhere in the window.'}
      </p>
      <input
        ref={modelInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Model files (model.json with weight shards and labels, .onnx, .h5 or .keras)"
        data-testid="model-file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          void controller.openModelFiles(files);
        }}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Model folder"
        data-testid="model-folder-input"
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
