// The colour bar of one shown map, titled with its method and target class
// (the single view and each comparison cell).
import type { ExplainResult } from '../../../src-main/api/types';
import { useStudioState } from '../context';
import { mapTitle } from '../render/colorbarScale';
import type { OverlayBitmap } from '../render/overlay';
import type { OverlayStyle } from '../state/types';
import { Colorbar } from './Colorbar';

interface Props {
  result: Pick<ExplainResult, 'method' | 'target'>;
  bitmap: OverlayBitmap;
  style: Pick<OverlayStyle, 'colormap' | 'mode' | 'clipPercentile'>;
  /** Bar length in CSS px. */
  length?: number;
  /** Appended to the title: at which resolution the map was computed and how it is shown. */
  note?: string;
}

export function MapColorbar({ result, bitmap, style, length, note }: Props) {
  const label = useStudioState((s) => s.methods.find((m) => m.id === result.method)?.label ?? result.method);
  return (
    <Colorbar
      colormap={style.colormap}
      mode={style.mode}
      lo={bitmap.lo}
      hi={bitmap.hi}
      threshold={bitmap.threshold}
      title={mapTitle(label, result.target)}
      note={note}
      saturated={bitmap.saturated}
      clipPercentile={style.clipPercentile}
      length={length}
    />
  );
}
