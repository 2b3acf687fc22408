// A column's method parameters, edited in place: the form built from the
// method's schema; a change re-queues that column's cells.
import { useDispatch, useStudioState } from '../context';
import { ParamForm } from '../components/ParamForm';
import { compare as cmp } from '../state/actions';
import type { CompareColumn } from '../state/compare/types';

export function ColumnParams({ column }: { column: CompareColumn }) {
  const method = useStudioState((s) => s.methods.find((m) => m.id === column.methodId));
  const dispatch = useDispatch();
  if (!method || method.params.length === 0) return null;
  return (
    <details className="column-params">
      <summary aria-label={`Parameters of ${method.label}`}>⚙</summary>
      <ParamForm
        params={method.params}
        values={column.params}
        disabled={false}
        onChange={(name, value) => dispatch(cmp.columnParamsChanged, column.id, { ...column.params, [name]: value }, column.layer)}
      />
    </details>
  );
}
