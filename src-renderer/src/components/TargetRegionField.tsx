// Segmentation models (Seg-Grad-CAM): what the explained class score sums —
// the class's logits over its predicted mask, over the whole image, or over the
// mask painted with the mask tool (Masking lab). Shown only for a model whose
// info says it is a segmentation model.
import { useId } from 'react';
import { useDispatch, useStudioState } from '../context';
import { explain as ex } from '../state/actions';
import type { StudioState } from '../state/types';

type Choice = NonNullable<StudioState['targetRegion']>;
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'predicted', label: 'Predicted mask of the class' },
  { value: 'all', label: 'Whole image' },
  { value: 'painted', label: 'Painted mask' },
];

export function TargetRegionField({ disabled }: { disabled: boolean }) {
  const model = useStudioState((s) => s.model);
  const chosen = useStudioState((s) => s.targetRegion);
  const painted = useStudioState((s) => s.painted);
  const dispatch = useDispatch();
  const id = useId();
  if (!model?.segmentation) return null;
  const value = chosen ?? model.segmentation;
  return (
    <div className="target-region">
      <label htmlFor={id}>Target region</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => dispatch(ex.targetRegionChanged, e.currentTarget.value as Choice)}>
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {value === 'painted' && !painted && (
        <p className="hint muted" data-testid="target-region-hint">
          Paint the region with the mask tool (Masking lab); the class score sums its logits there.
        </p>
      )}
    </div>
  );
}
