// "Use my regions as features": for the methods whose descriptor says
// acceptsRegions (LIME, KernelSHAP), the regions drawn in the masking lab (each
// connected region one feature, the unpainted rest one more) replace the superpixels.
import { useId } from 'react';
import { useMaskLab, useStudioState } from '../context';
import { useStore } from '../state/store';

export function RegionsToggle({ disabled }: { disabled: boolean }) {
  const lab = useMaskLab();
  const on = useStore(lab.store, (s) => s.useRegions);
  const regions = useStudioState((s) => s.regions);
  const id = useId();
  let n = 0;
  if (regions) for (const l of regions.labels) n = Math.max(n, l);
  return (
    <div className="regions-toggle">
      <span className="field-check">
        <input id={id} type="checkbox" checked={on} disabled={disabled} onChange={(e) => lab.setUseRegions(e.currentTarget.checked)} />
        <label htmlFor={id}>Use my drawn regions as features</label>
      </span>
      {on && (
        <p className="hint muted" data-testid="regions-summary">
          {regions
            ? `${n} drawn region${n === 1 ? '' : 's'} + the rest = ${n + 1} features`
            : 'Draw regions with the mask tool (Masking lab); until then superpixels are used.'}
        </p>
      )}
    </div>
  );
}
