// The Studies list of the inputs rail: several DICOM files or a folder, grouped
// into studies and series (state/studies.ts); picking a series opens its first
// image, and Prev/Next or the slider page through its images.
import { useEffect, useRef } from 'react';
import type { DicomSeries, DicomStudy } from '../../../src-main/api/types';
import { useHost, useStudies } from '../context';
import { useStore } from '../state/store';
import { selectedSeries } from '../state/studies';
import { Panel } from './Panel';
import './StudiesPanel.css';

const date = (d: string | null): string => (d && /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : (d ?? 'no date'));

function seriesLabel(s: DicomSeries): string {
  const parts = [s.modality, s.bodyPart, s.viewPosition, s.laterality && `lat. ${s.laterality}`].filter(Boolean);
  const count = `${s.images.length} image${s.images.length === 1 ? '' : 's'}${s.frames > s.images.length ? `, ${s.frames} frames` : ''}`;
  return `${s.seriesNumber !== null ? `#${s.seriesNumber} ` : ''}${parts.join(' · ') || 'series'} — ${count}`;
}

function StudyItem({ study, index }: { study: DicomStudy; index: number }) {
  const studies = useStudies();
  const selected = useStore(studies.store, (s) => s.selected);
  return (
    <li className="study">
      <div className="study-head">
        <strong>{study.patientName ?? 'no patient name'}</strong>
        <span className="muted">
          {study.patientId ? ` ${study.patientId} · ` : ' '}
          {date(study.studyDate)}
          {study.studyDescription ? ` · ${study.studyDescription}` : ''}
        </span>
      </div>
      <ul className="series-list" aria-label={`Series of study ${index + 1}`}>
        {study.series.map((s, j) => (
          <li key={s.seriesInstanceUID || j}>
            <button
              type="button"
              className="link-button"
              aria-pressed={selected?.study === index && selected.series === j}
              title={s.seriesDescription ?? s.seriesInstanceUID}
              onClick={() => void studies.pickSeries(index, j)}
            >
              {seriesLabel(s)}
            </button>
          </li>
        ))}
      </ul>
    </li>
  );
}

function SeriesPager() {
  const studies = useStudies();
  const sel = useStore(studies.store, selectedSeries);
  const index = useStore(studies.store, (s) => s.index);
  if (!sel || sel.images.length < 2) return null;
  const n = sel.images.length;
  return (
    <div className="series-pager" role="group" aria-label="Series images">
      <button type="button" disabled={index === 0} onClick={() => void studies.showImage(index - 1)}>
        Prev
      </button>
      <input
        type="range"
        min={0}
        max={n - 1}
        value={index}
        aria-label="Image of the series"
        onChange={(e) => void studies.showImage(Number(e.currentTarget.value))}
      />
      <button type="button" disabled={index === n - 1} onClick={() => void studies.showImage(index + 1)}>
        Next
      </button>
      <span data-testid="series-position">
        Image {index + 1} of {n}
      </span>
    </div>
  );
}

export function StudiesPanel() {
  const host = useHost();
  const studies = useStudies();
  const list = useStore(studies.store, (s) => s.list);
  const busy = useStore(studies.store, (s) => s.busy);
  const error = useStore(studies.store, (s) => s.error);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // Not in React's attribute types: set on the element itself.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);
  const onPick = (e: React.ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = '';
    if (files.length > 0) void studies.openFiles(files);
  };

  return (
    <Panel title="Studies">
      <div className="button-row">
        <button type="button" onClick={() => filesInput.current?.click()} disabled={busy}>
          DICOM files…
        </button>
        <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
          DICOM folder…
        </button>
      </div>
      {!list && (
        <p className="hint muted">
          Pick or drop several DICOM files or a folder: they are listed by study and series
          {host.kind === 'web' ? ' (only their headers are read to list them)' : ''}.
        </p>
      )}
      {busy && <p role="status">Reading the headers…</p>}
      {error && <p className="warnings">{error}</p>}
      {list && (
        <>
          <ul className="study-list" aria-label="Studies" data-testid="study-list">
            {list.studies.map((st, i) => (
              <StudyItem key={st.studyInstanceUID || i} study={st} index={i} />
            ))}
          </ul>
          {list.skipped.length > 0 && (
            <p className="hint muted" title={list.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n')}>
              {list.skipped.length} file{list.skipped.length === 1 ? '' : 's'} skipped (not DICOM, or no readable header)
            </p>
          )}
          {list.truncated && <p className="warnings">Only the first 2000 files were read.</p>}
          <SeriesPager />
        </>
      )}
      <input
        ref={filesInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="DICOM files of a study"
        data-testid="study-files-input"
        onChange={onPick}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="DICOM folder"
        data-testid="study-folder-input"
        onChange={onPick}
      />
    </Panel>
  );
}
