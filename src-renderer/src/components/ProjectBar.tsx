// Project menu in the header: Save, Save as…, Open…, Recent ▾. The desktop
// app uses native dialogs; in the browser "Save as" asks for a name (saved in
// the host's projects folder) and "Open" takes a .ssproj file.
import { useRef, useState, type FormEvent } from 'react';
import type { ProjectEntry } from '../../../src-main/api/project-types';
import { useStudio } from '../context';
import { autosaveEntryLabel } from '../state/project/autosaveText';
import { useStore } from '../state/store';
import { useShortcuts } from '../tools/shortcuts';

function EntryList({ label, entries, onPick }: { label: string; entries: ProjectEntry[]; onPick(e: ProjectEntry): void }) {
  if (entries.length === 0) return null;
  return (
    <>
      <li role="presentation" className="muted project-menu-label">
        {label}
      </li>
      {entries.map((e) => (
        <li role="none" key={e.path}>
          <button type="button" role="menuitem" title={e.path} onClick={() => onPick(e)}>
            {e.name}
          </button>
        </li>
      ))}
    </>
  );
}

export function ProjectBar() {
  const { project, host } = useStudio();
  const name = useStore(project.store, (s) => s.name);
  const path = useStore(project.store, (s) => s.path);
  const dirty = useStore(project.store, (s) => s.dirty);
  const busy = useStore(project.store, (s) => s.busy);
  const list = useStore(project.store, (s) => s.list);
  const [naming, setNaming] = useState(false);
  const [draft, setDraft] = useState('');
  const [menu, setMenu] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const native = !!host.pickProjectSave;
  useShortcuts({ saveProject: save });

  const askName = () => {
    setDraft(project.suggestedName());
    setNaming(true);
  };
  function save(): void {
    if (project.store.get().path || native) void project.save();
    else askName();
  }
  const saveAs = () => (native ? void project.saveAs() : askName());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void project.saveAs(draft).then((ok) => ok && setNaming(false));
  };
  const pick = (e: ProjectEntry) => {
    setMenu(false);
    void project.openEntry(e);
  };
  const inFolder = (list?.inFolder ?? []).filter((e) => !list?.recent.some((r) => r.path === e.path));
  const autosave = list?.autosave ?? null;
  const restore = () => {
    setMenu(false);
    void project.restoreLast();
  };

  return (
    <div className="project-bar" role="group" aria-label="Project">
      <span className="header-item" title={path ?? undefined}>
        <span className="muted">Project</span>{' '}
        <strong data-testid="project-name" data-dirty={dirty}>
          {name ?? 'Untitled'}
          {dirty ? ' •' : ''}
        </strong>
      </span>
      <button type="button" onClick={save} disabled={!!busy}>
        Save
      </button>
      <button type="button" onClick={saveAs} disabled={!!busy}>
        Save as…
      </button>
      <button type="button" disabled={!!busy} onClick={() => (native ? void project.openDialog() : fileInput.current?.click())}>
        Open…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".ssproj"
        hidden
        data-testid="project-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void project.openFile(f);
        }}
      />
      <span
        className="project-recent"
        onKeyDown={(e) => {
          // Esc closes the popover (focus is on its button or one of its items).
          if (e.key !== 'Escape' || !menu) return;
          e.stopPropagation();
          setMenu(false);
          e.currentTarget.querySelector<HTMLButtonElement>('button[aria-haspopup]')?.focus();
        }}
      >
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={menu}
          disabled={!!busy}
          onClick={() => {
            if (!menu) void project.refreshList();
            setMenu(!menu);
          }}
        >
          Recent ▾
        </button>
        {menu && (
          <ul role="menu" aria-label="Recent projects" className="project-menu">
            <EntryList label="Recent" entries={list?.recent ?? []} onPick={pick} />
            <EntryList label="Projects folder" entries={inFolder} onPick={pick} />
            {autosave && (
              <>
                <li role="presentation" className="muted project-menu-label">
                  Last session
                </li>
                <li role="none">
                  <button type="button" role="menuitem" title="Restores the last autosaved session" onClick={restore}>
                    {autosaveEntryLabel(autosave.savedAt)}
                  </button>
                </li>
              </>
            )}
            {!list?.recent.length && !inFolder.length && !autosave && (
              <li role="presentation" className="muted">
                No saved projects yet
              </li>
            )}
          </ul>
        )}
      </span>
      {naming && (
        <form className="project-name-form" onSubmit={submit} aria-label="Save project as">
          <input aria-label="Project name" value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus maxLength={100} />
          <button type="submit" disabled={!draft.trim() || !!busy}>
            Save project
          </button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      )}
      {busy && (
        <span className="muted" role="status">
          {busy === 'saving' ? 'Saving…' : busy === 'restoring' ? 'Restoring the last session…' : 'Opening project…'}
        </span>
      )}
    </div>
  );
}
