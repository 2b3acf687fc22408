// Every element of the open DICOM image (tag, VR, keyword, value), searchable;
// sequences unfold. Read from the engine when first unfolded (state/studies.ts).
import { Fragment, useEffect, useState } from 'react';
import type { DicomTagRow } from '../../../src-main/api/types';
import { useStudies, useStudioState } from '../context';
import { useStore } from '../state/store';
import { countRows, filterTagRows } from '../state/tagFilter';

interface RowsProps {
  rows: DicomTagRow[];
  depth: number;
  path: string;
  /** Every sequence unfolded (while a filter is typed). */
  all: boolean;
  open: ReadonlySet<string>;
  toggle(path: string): void;
}

/** One table for every depth (nested tables do not fit the rail): items indent by their depth. */
function Rows({ rows, depth, path, all, open, toggle }: RowsProps) {
  const indent = { paddingLeft: `${depth * 0.7}rem` };
  return (
    <>
      {rows.map((r, i) => {
        const key = `${path}/${i}`;
        const unfolded = all || open.has(key);
        return (
          <Fragment key={key}>
            <tr>
              <td style={indent}>
                <code>{r.tag}</code> <span className="muted">{r.vr}</span>
              </td>
              <td>
                <span className="tag-name">{r.name}</span>{' '}
                {r.items ? (
                  <button type="button" className="link-button" aria-expanded={unfolded} onClick={() => toggle(key)}>
                    {r.value}
                  </button>
                ) : (
                  <span className="tag-value">{r.value}</span>
                )}
              </td>
            </tr>
            {r.items &&
              unfolded &&
              r.items.map((item, k) => (
                <Fragment key={`${key}.${k}`}>
                  <tr className="tag-item">
                    <td colSpan={2} style={{ paddingLeft: `${(depth + 1) * 0.7}rem` }}>
                      item {k + 1} of {r.name}
                    </td>
                  </tr>
                  <Rows rows={item} depth={depth + 1} path={`${key}.${k}`} all={all} open={open} toggle={toggle} />
                </Fragment>
              ))}
          </Fragment>
        );
      })}
    </>
  );
}

export function TagBrowser() {
  const studies = useStudies();
  const imageId = useStudioState((s) => s.image?.id ?? null);
  const tags = useStore(studies.store, (s) => s.tags);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const current = tags && tags.imageId === imageId ? tags.result : null;
  const rows = current ? filterTagRows(current.rows, query) : [];
  // Left unfolded while another image opens: read that image's tags.
  useEffect(() => {
    if (shown && !current && imageId) void studies.loadTags();
  }, [shown, current, imageId, studies]);
  return (
    <details
      className="tag-browser"
      onToggle={(e) => {
        const open = e.currentTarget.open;
        setShown(open);
      }}
    >
      <summary>All tags{current ? ` (${current.count})` : ''}</summary>
      {shown && !current && <p role="status">Reading the tags…</p>}
      {current && (
        <>
          <input
            type="search"
            placeholder="Filter: tag, name or value"
            aria-label="Filter the tags"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          <p className="hint muted" data-testid="tag-count">
            {query.trim() ? `${countRows(rows)} of ${current.count} elements` : `${current.count} elements`}
            {current.truncated ? ' (listing cut short at its limit)' : ''}
          </p>
          <div className="tag-scroll">
            <table className="tag-table" aria-label="DICOM tags">
              <thead>
                <tr>
                  <th scope="col">Tag, VR</th>
                  <th scope="col">Name, value</th>
                </tr>
              </thead>
              <tbody>
                <Rows rows={rows} depth={0} path="" all={query.trim() !== ''} open={open} toggle={toggle} />
              </tbody>
            </table>
          </div>
        </>
      )}
    </details>
  );
}
