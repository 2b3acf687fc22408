// After a session that did not exit cleanly: offer its autosave.
import { useProject, useProjectState } from '../projectContext';

export function RestoreBanner() {
  const project = useProject();
  const offer = useProjectState((s) => s.offer, null);
  if (!project || !offer?.offer) return null;
  const when = offer.savedAt ? new Date(offer.savedAt).toLocaleString() : null;
  return (
    <div className="restore-banner" role="region" aria-label="Restore the last session">
      <span>The last session did not end normally{when ? ` (autosaved ${when})` : ''}.</span>
      <button type="button" onClick={() => void project.restoreLast()}>Restore the last session</button>
      <button type="button" onClick={() => void project.discardLast()}>Discard</button>
    </div>
  );
}
