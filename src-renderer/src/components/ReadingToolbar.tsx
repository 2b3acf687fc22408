// The viewer's reading toolbar: single or side-by-side layout, and the tool the
// pointer drives (pan, distance, area), with a clear for this image's measurements.
import { useReading, useStudioState } from '../context';
import { cleared, layoutChanged, toolChanged, type ReadingTool } from '../state/reading';
import { useStore } from '../state/store';
import './ReadingTools.css';

const TOOLS: [ReadingTool, string, string][] = [
  ['pan', 'Pan', 'Drag pans, wheel zooms'],
  ['distance', 'Distance', 'Drag a line to measure its length'],
  ['area', 'Area', 'Click the vertices of a region; double-click or Enter closes it'],
];

export function ReadingToolbar() {
  const reading = useReading();
  const layout = useStore(reading, (s) => s.layout);
  const tool = useStore(reading, (s) => s.tool);
  const imageId = useStudioState((s) => s.image?.id ?? null);
  const count = useStore(reading, (s) => (imageId ? s.measurements.filter((m) => m.imageId === imageId).length : 0));
  const side = layout === 'side';
  return (
    <div className="reading-toolbar" role="toolbar" aria-label="Reading tools" data-testid="reading-toolbar">
      <button
        type="button"
        className="link-button"
        aria-pressed={side}
        data-testid="side-by-side-toggle"
        title="Original | overlay | map, with linked zoom and pan"
        onClick={() => reading.set(layoutChanged, side ? 'single' : 'side')}
      >
        Side by side
      </button>
      <span className="reading-sep" aria-hidden="true" />
      {TOOLS.map(([id, label, help]) => (
        <button
          key={id}
          type="button"
          className="link-button"
          aria-pressed={tool === id}
          disabled={side && id !== 'pan'}
          title={help}
          onClick={() => reading.set(toolChanged, id)}
        >
          {label}
        </button>
      ))}
      <button type="button" className="link-button" disabled={count === 0 || !imageId} onClick={() => imageId && reading.set(cleared, imageId)}>
        Clear ({count})
      </button>
    </div>
  );
}
