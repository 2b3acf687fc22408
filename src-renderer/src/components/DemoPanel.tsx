import { useId } from 'react';
import { useController, useStudioState } from '../context';
import { Panel } from './Panel';

export function DemoPanel() {
  const demos = useStudioState((s) => s.demos);
  const listed = useStudioState((s) => s.demosListed);
  const demoId = useStudioState((s) => s.demoId);
  const image = useStudioState((s) => s.image);
  const busy = useStudioState((s) => s.loading !== null);
  const controller = useController();
  const id = useId();
  const demo = demos.find((d) => d.id === demoId) ?? null;
  return (
    <Panel title="Demo">
      {!listed ? (
        <p className="muted" data-testid="demos-listing">
          Listing the demos…
        </p>
      ) : demos.length === 0 ? (
        <p className="muted">No demos available.</p>
      ) : (
        <>
          <label htmlFor={id}>Demo model</label>
          <select
            id={id}
            value={demoId ?? ''}
            disabled={busy}
            onChange={(e) => {
              const d = demos.find((x) => x.id === e.target.value);
              if (d) void controller.openDemo(d);
            }}
          >
            <option value="" disabled>
              Choose a demo…
            </option>
            {demos.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </>
      )}
      {demo && demo.images.length > 1 && (
        <ul className="samples" aria-label="Sample images">
          {demo.images.map((img) => (
            <li key={img.path}>
              <button
                type="button"
                className="link-button"
                aria-pressed={image?.path === img.path}
                disabled={busy}
                onClick={() => void controller.openImage({ path: img.path })}
              >
                {img.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
