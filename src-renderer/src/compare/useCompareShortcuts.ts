// The grid's keys, from the same registry the help overlay lists: zoom, fit,
// 1:1 and pan act on every cell; the overlay keys restyle the selected cell,
// or all cells; x cancels every queued and running cell. Bound only while the
// Compare tab is shown; its entries are in tools/shortcutTable.ts.
import { useCompare, useDispatch, useStudio, useStudioState } from '../context';
import { compare as cmp } from '../state/actions';
import { cellStyle } from '../state/compare/actions';
import { COLORMAPS } from '../state/types';
import { useShortcuts } from '../tools/shortcuts';
import { FIT_VIEW, oneToOne, type SharedView } from './viewSync';

const KEY_ZOOM = 1.25;

export function useCompareShortcuts(cellSize: number): void {
  const active = useStudioState((s) => s.tab === 'compare');
  const first = useStudioState((s) => (s.compare.rows[0] ? s.compare.pixels[s.compare.rows[0].imageId] : undefined));
  const dispatch = useDispatch();
  const { store } = useStudio();
  const { viewSync, controller } = useCompare();
  const view = (f: (v: SharedView) => SharedView) => () => viewSync.setView(f(viewSync.view()));
  const pan = (dx: number, dy: number) => view((v) => ({ ...v, cx: v.cx + dx / v.zoom, cy: v.cy + dy / v.zoom }));
  /** Restyles the selected cell, else all cells, from the style they show now. */
  const restyle = (f: (style: ReturnType<typeof cellStyle>) => Parameters<typeof cmp.styleChanged>[2]) => () => {
    const c = store.get().compare;
    dispatch(cmp.styleChanged, c.selected, f(c.selected ? cellStyle(c, c.selected) : c.style));
  };
  const cycle = (name: (typeof COLORMAPS)[number], step: number) => COLORMAPS[(COLORMAPS.indexOf(name) + step + COLORMAPS.length) % COLORMAPS.length];

  useShortcuts(
    {
      zoomIn: view((v) => ({ ...v, zoom: v.zoom * KEY_ZOOM })),
      zoomOut: view((v) => ({ ...v, zoom: v.zoom / KEY_ZOOM })),
      fit: () => viewSync.setView(FIT_VIEW),
      oneToOne: () => (first ? viewSync.setView(oneToOne(viewSync.view(), first.width, first.height, cellSize, cellSize)) : false),
      panLeft: pan(-0.1, 0),
      panRight: pan(0.1, 0),
      panUp: pan(0, -0.1),
      panDown: pan(0, 0.1),
      overlay: restyle((s) => ({ visible: !s.visible })),
      nextColormap: restyle((s) => ({ colormap: cycle(s.colormap, 1) })),
      prevColormap: restyle((s) => ({ colormap: cycle(s.colormap, -1) })),
      sign: restyle((s) => ({ mode: s.mode === 'abs' ? 'signed' : 'abs' })),
      contours: restyle((s) => ({ contours: !s.contours, threshold: s.threshold ?? 0.5 })),
      cancel: () => void controller.cancelAll(),
      deselect: () => (store.get().compare.selected ? dispatch(cmp.cellSelected, null) : false),
    },
    active,
  );
}
