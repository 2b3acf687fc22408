// A multi-frame DICOM's frames: the slider reopens the image at another frame
// (openImage's `frame`), so that predictions and maps are of the frame shown.
import { useEffect, useState } from 'react';
import { useStudies, useStudioState } from '../context';

export function FrameSlider() {
  const studies = useStudies();
  const frames = useStudioState((s) => s.image?.frames ?? 1);
  const frame = useStudioState((s) => s.image?.frame ?? 0);
  const loading = useStudioState((s) => s.loading !== null);
  // The slider follows the pointer; the frame opens when it is let go or stepped by keys.
  const [draft, setDraft] = useState(frame);
  useEffect(() => setDraft(frame), [frame]);
  if (frames < 2) return null;
  const go = (f: number) => {
    if (f !== frame && f >= 0 && f < frames) void studies.showFrame(f);
  };
  return (
    <div className="frame-slider" role="group" aria-label="Frames">
      <button type="button" disabled={frame === 0 || loading} onClick={() => go(frame - 1)}>
        Prev frame
      </button>
      <input
        type="range"
        min={0}
        max={frames - 1}
        value={draft}
        aria-label="Frame"
        onChange={(e) => setDraft(Number(e.currentTarget.value))}
        onPointerUp={() => go(draft)}
        onKeyUp={() => go(draft)}
      />
      <button type="button" disabled={frame === frames - 1 || loading} onClick={() => go(frame + 1)}>
        Next frame
      </button>
      <span data-testid="frame-position">
        Frame {frame + 1} of {frames}
      </span>
    </div>
  );
}
