import { useStudioState } from '../context';
import { ladderTitle } from './engineText';

export function Header() {
  const engine = useStudioState((s) => s.engine);
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const loading = useStudioState((s) => s.loading);
  return (
    <header className="header">
      <h1>Saliency Studio</h1>
      <span
        className={`badge ${engine ? `backend-${engine.backend}` : 'backend-none'}`}
        title={engine ? ladderTitle(engine) : 'Connecting to the engine…'}
        aria-label={engine ? `Engine backend ${engine.backend}` : 'Engine not connected'}
        data-testid="backend-badge"
      >
        {engine ? engine.backend : '…'}
      </span>
      <span className="header-item" aria-label="Model">
        <span className="muted">Model</span> <strong data-testid="model-name">{model?.name ?? '—'}</strong>
      </span>
      <span className="header-item" aria-label="Image">
        <span className="muted">Image</span> <strong data-testid="image-name">{image?.name ?? '—'}</strong>
      </span>
      {loading && (
        <span className="header-item muted" role="status">
          Opening {loading}…
        </span>
      )}
    </header>
  );
}
