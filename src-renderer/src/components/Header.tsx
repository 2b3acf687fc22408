import { useState } from 'react';
import { useStudioState } from '../context';
import { useShortcuts } from '../tools/shortcuts';
import { useStudioShortcuts } from '../tools/useStudioShortcuts';
import { themeToggleLabel, useTheme } from '../tools/theme';
import { EngineBadge } from './EngineDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { ProjectBar } from './ProjectBar';

export function Header() {
  const engine = useStudioState((s) => s.engine);
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const loading = useStudioState((s) => s.loading);
  const loadingName = useStudioState((s) => s.loadingName);
  // The header is always mounted: it owns the theme, the help overlay and the global shortcuts.
  const { theme, toggle } = useTheme();
  const toggleLabel = themeToggleLabel(theme);
  const [help, setHelp] = useState(false);
  useShortcuts({ help: () => setHelp((h) => !h), theme: toggle });
  useStudioShortcuts();
  return (
    <header className="header">
      <h1>Saliency Studio</h1>
      <EngineBadge />
      {model?.forwardRuntime && (
        <span
          className="badge backend-onnxruntime"
          title={`Forward-only passes of this model run on ${model.forwardRuntime}; plain gradients on ${model.gradientRuntime ?? engine?.backend ?? 'tfjs'}; gradients under backward rules on ${engine?.backend ?? 'tfjs'}`}
          data-testid="forward-badge"
        >
          + {model.forwardRuntime.replace(/^onnxruntime [\d.]+ \((\w+).*$/, 'onnxruntime ($1)')}
        </span>
      )}
      <span className="header-item" aria-label="Model">
        <span className="muted">Model</span> <strong data-testid="model-name">{model?.name ?? '—'}</strong>
      </span>
      <span className="header-item" aria-label="Image">
        <span className="muted">Image</span> <strong data-testid="image-name">{image?.name ?? '—'}</strong>
      </span>
      {loading && (
        <span className="header-item muted" role="status">
          Opening {(loading === 'image' && loadingName) || loading}…
        </span>
      )}
      <ProjectBar />
      <span className="header-tools">
        <button type="button" onClick={toggle} data-testid="theme-toggle" data-theme-now={theme} title={toggleLabel.title}>
          <span aria-hidden="true">{toggleLabel.icon}</span> {toggleLabel.text}
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
          ?
        </button>
      </span>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </header>
  );
}
