// The Compare view: toolbar, grid, and the rendering controls for all cells
// or the selected one. Keys: compare/useCompareShortcuts.ts (listed by ?).
import { useDispatch, useStudioState } from '../context';
import { compare as cmp } from '../state/actions';
import { CompareGrid } from './CompareGrid';
import { CompareStyle } from './CompareStyle';
import { CompareToolbar } from './CompareToolbar';
import { useCompareShortcuts } from './useCompareShortcuts';

export function CompareView() {
  const size = useStudioState((s) => s.compare.cellSize);
  const dispatch = useDispatch();
  useCompareShortcuts(size);

  return (
    <section className="compare-view" aria-label="Compare" data-testid="compare-view">
      <CompareToolbar size={size} onSize={(n) => dispatch(cmp.cellSizeChanged, n)} />
      <CompareStyle />
      <div className="compare-scroll" tabIndex={0} aria-label="Grid of maps. Wheel or + and − to zoom every cell, drag to pan, 0 to fit, 1 for one-to-one.">
        <CompareGrid size={size} />
      </div>
    </section>
  );
}
