// DICOM out and the privacy state (issue 20, items 4–5): the map's overlay as a
// Secondary Capture in the source's study, and whether anything written (this
// export, projects, the autosave) may carry the patient's identity. Opting in
// takes a second, explicit click past a warning.
import { useState } from 'react';
import { useHost, useStudioState } from '../context';
import { saveBytes } from '../render/download';
import { privacyNow, privacyStore, setIdentifiable } from '../state/privacy';
import { resultStaleness } from '../state/staleness';
import { useStore } from '../state/store';
import { Panel } from './Panel';

export const OPT_IN_WARNING =
  'Identifiable data on: projects, the autosave and DICOM exports will carry the patient name, ID, birth date and the original UIDs and dates. Share them only where patient data may go.';

function PrivacyToggle() {
  const identifiable = useStore(privacyStore, (s) => s.identifiable);
  const [asking, setAsking] = useState(false);
  return (
    <div className="privacy" data-testid="privacy">
      <button
        type="button"
        aria-pressed={identifiable}
        data-testid="identifiable-toggle"
        onClick={() => (identifiable ? privacyStore.set(setIdentifiable, false) : setAsking(true))}
      >
        Identifiable data: {identifiable ? 'on' : 'off'}
      </button>
      {asking && !identifiable && (
        <div role="alertdialog" aria-label="Include identifiable data?" className="privacy-confirm">
          <p className="error">{OPT_IN_WARNING}</p>
          <button
            type="button"
            data-testid="identifiable-confirm"
            onClick={() => {
              privacyStore.set(setIdentifiable, true);
              setAsking(false);
            }}
          >
            Include identifiable data
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </div>
      )}
      {identifiable && (
        <p className="error" role="alert" data-testid="identifiable-warning">
          {OPT_IN_WARNING}
        </p>
      )}
      {!identifiable && <p className="hint muted">Written files are de-identified (PS3.15 Annex E basic profile; dates shifted, UIDs remapped).</p>}
    </div>
  );
}

/** Shown only for DICOM images. */
export function DicomExportPanel() {
  const host = useHost();
  const image = useStudioState((s) => s.image);
  const current = useStudioState((s) => (s.result && !resultStaleness(s) ? s.result : null));
  const style = useStudioState((s) => s.overlay);
  const layer = useStudioState((s) => s.layer);
  const label = useStudioState((s) => s.methods.find((m) => m.id === s.result?.method)?.label ?? s.result?.method ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  if (image?.kind !== 'dicom') return null;
  const exportSc = async () => {
    if (!current) return;
    setStatus(null);
    try {
      const r = await host.api.exportDicomSc({
        imageId: image.id,
        map: current.map,
        shape: current.shape,
        style: {
          colormap: style.colormap,
          opacity: style.opacity,
          mode: style.mode,
          clipPercentile: style.clipPercentile,
          alpha: style.alpha ?? 'ramp',
          threshold: style.threshold,
        },
        method: label,
        target: `${current.target.label} (${current.target.index})`,
        layer,
        privacy: privacyNow(),
      });
      saveBytes(r.bytes, r.name, 'application/dicom');
      setStatus({ ok: true, text: `Saved ${r.name}: Secondary Capture in study ${r.studyInstanceUID}` });
    } catch (e) {
      setStatus({ ok: false, text: `Could not export: ${(e as Error).message}` });
    }
  };
  return (
    <Panel title="DICOM export">
      <PrivacyToggle />
      <button
        type="button"
        disabled={!current}
        onClick={() => void exportSc()}
        data-testid="export-dicom-sc"
        title="The overlay at the image's size, as a DICOM Secondary Capture in this study"
      >
        Export DICOM SC
      </button>
      {!current && <p className="hint muted">Explain first: the export writes the current map's overlay.</p>}
      {status && (
        // A UID is one 44-character word: it may break anywhere rather than overflow the rail.
        <p
          className={status.ok ? 'hint' : 'error'}
          role={status.ok ? 'status' : 'alert'}
          data-testid="export-dicom-status"
          style={{ overflowWrap: 'anywhere' }}
        >
          {status.text}
        </p>
      )}
    </Panel>
  );
}
