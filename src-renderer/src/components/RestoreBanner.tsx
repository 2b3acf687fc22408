// After any reload or restart while the autosave holds work in no project
// file: offer it. Restore opens it as opening the file by hand does.
import { useStudio } from '../context';
import { restoreOfferText } from '../state/project/autosaveText';
import { useStore } from '../state/store';

export function RestoreBanner() {
  const { project } = useStudio();
  const offer = useStore(project.store, (s) => s.offer);
  const busy = useStore(project.store, (s) => s.busy);
  if (!offer?.offer) return null;
  return (
    <div className="restore-banner" role="region" aria-label="Restore the last session">
      <span data-testid="restore-offer">{restoreOfferText(offer)}</span>
      <button type="button" className="primary" disabled={!!busy} onClick={() => void project.restoreLast()}>
        Restore
      </button>
      <button type="button" disabled={!!busy} onClick={() => void project.dismissLast()}>
        Dismiss
      </button>
    </div>
  );
}
