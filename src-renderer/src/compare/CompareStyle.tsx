// Rendering controls for every cell, or for the selected cell only.
import { useDispatch, useStudioState } from '../context';
import { StyleControls } from '../components/StyleControls';
import { compare as cmp } from '../state/actions';

export function CompareStyle() {
  const selected = useStudioState((s) => s.compare.selected);
  const gridStyle = useStudioState((s) => s.compare.style);
  const hasGrid = useStudioState((s) => Object.values(s.compare.cells).some((c) => Boolean(c.result?.grid)));
  const own = useStudioState((s) => (s.compare.selected ? s.compare.cells[s.compare.selected]?.style : null));
  const dispatch = useDispatch();
  const style = own ? { ...gridStyle, ...own } : gridStyle;
  return (
    <div className="compare-style" data-testid="compare-style">
      <StyleControls
        style={style}
        hasGrid={hasGrid}
        label={selected ? 'Selected cell display' : 'Display of all cells'}
        onChange={(patch) => dispatch(cmp.styleChanged, selected, patch)}
      />
      {selected && (
        <button type="button" onClick={() => dispatch(cmp.cellSelected, null)}>
          Back to all cells
        </button>
      )}
    </div>
  );
}
