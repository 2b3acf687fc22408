// Sharing the grid: a PNG of every cell with titles, the maps as .npz, and a
// self-contained HTML report with each cell's picture and parameters.
import { useStudio, useStudioState } from '../context';
import { saveBytes, savePng } from '../render/download';
import { saveText } from '../render/saveFile';
import { cellKey } from '../state/compare/types';
import { mapsNpz } from './exportMaps';
import { cellPng, gridPng } from './exportPng';
import { gridReport } from './exportReport';

export function CompareExport() {
  const done = useStudioState((s) => Object.values(s.compare.cells).some((c) => c.status === 'done'));
  const { store } = useStudio();
  const label = (id: string) => store.get().methods.find((m) => m.id === id)?.label ?? id;
  const report = () => {
    const s = store.get();
    const c = s.compare;
    const pictures: Record<string, string> = {};
    for (const row of c.rows)
      for (const col of c.columns) {
        const key = cellKey(row.id, col.id);
        const png = c.cells[key]?.result ? cellPng(c, key) : null;
        if (png) pictures[key] = png.toDataURL('image/png');
      }
    const meta = [`Saved ${new Date().toISOString()}`, s.engine ? `Backend ${s.engine.backend}, tfjs ${s.engine.tfjsVersion}` : ''].filter(Boolean);
    saveText(gridReport(c, s.methods, pictures, meta), 'saliency-grid.html', 'text/html');
  };
  return (
    <div className="compare-export" role="group" aria-label="Export the grid">
      <button type="button" disabled={!done} onClick={() => savePng(gridPng(store.get().compare, label), 'saliency-grid.png')}>
        Grid PNG
      </button>
      <button type="button" disabled={!done} onClick={() => saveBytes(mapsNpz(store.get().compare), 'saliency-maps.npz')}>
        Maps .npz
      </button>
      <button type="button" disabled={!done} onClick={report}>
        Report HTML
      </button>
    </div>
  );
}
