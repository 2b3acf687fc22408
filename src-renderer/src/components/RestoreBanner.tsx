// After a session that did not exit cleanly: offer its autosave.
import { useStudio } from '../context';
import { useStore } from '../state/store';

export function RestoreBanner() {
  const { project } = useStudio();
  const offer = useStore(project.store, (s) => s.offer);
  if (!offer?.offer) return null;
  const when = offer.savedAt ? new Date(offer.savedAt).toLocaleString() : null;
  return (
    <div className="restore-banner" role="region" aria-label="Restore the last session">
      <span>The last session did not end normally{when ? ` (autosaved ${when})` : ''}.</span>
      <button type="button" onClick={() => void project.restoreLast()}>
        Restore the last session
      </button>
      <button type="button" onClick={() => void project.discardLast()}>
        Discard
      </button>
    </div>
  );
}
