// Checkboxes over the registry's methods plus the catalog's controls: what an
// evaluation or a sanity check runs.
import type { MethodDescriptor } from '../../../../src-main/api/types';
import { useStudioState } from '../../context';

export function MethodChecks({
  methods,
  chosen,
  onToggle,
  label,
  canLayer,
}: {
  methods: MethodDescriptor[];
  chosen: string[];
  onToggle(id: string, on: boolean): void;
  label: string;
  canLayer: boolean;
}) {
  const controls = useStudioState((s) => s.catalog?.controls) ?? [];
  const items = [
    ...methods.filter((m) => !m.needsLayer || canLayer).map((m) => ({ id: m.id, label: m.label })),
    ...controls.filter((c) => !methods.some((m) => m.id === c.id)).map((c) => ({ id: c.id, label: c.label })),
  ];
  return (
    <fieldset className="eval-checks">
      <legend>{label}</legend>
      {items.map((m) => (
        <label key={m.id} className="eval-check">
          <input type="checkbox" aria-label={`${label}: ${m.id}`} checked={chosen.includes(m.id)} onChange={(e) => onToggle(m.id, e.target.checked)} />{' '}
          {m.label}
        </label>
      ))}
    </fieldset>
  );
}
