// Parameter validation for any descriptor (methods, the evaluation's options,
// the class model): defaults filled in, types and ranges checked, the
// offending parameter named. Its own file so explainers that call others
// (XRAI, the noise tunnels) need not import the registry that imports them.
import type { MethodDescriptor, ParamSpec, ParamValues } from '../api/types';
import { StudioError } from '../api/errors';

/** A descriptor whose pass-through parameters (MethodDescriptor.passThrough) follow another method's schema. */
export type Schema = MethodDescriptor & {
  /** The schema chosen by the pass-through parameter's value, or undefined when there is none. */
  passThroughSchema?(id: string): MethodDescriptor | undefined;
};

/** Whether `key` is one of the method's parameters, its own or passed through to its base. */
export function acceptsParam(m: MethodDescriptor, key: string): boolean {
  return m.params.some((p) => p.name === key) || (m.passThrough != null && key.startsWith(m.passThrough.prefix));
}

/** `given` without the keys the method does not take: one flat list of values can then serve several methods. */
export function ownParams(m: MethodDescriptor, given: ParamValues = {}): ParamValues {
  return Object.fromEntries(Object.entries(given).filter(([k]) => acceptsParam(m, k)));
}

/** Fills defaults and checks types and ranges, naming the offending parameter. */
export function resolveParams(m: Schema, given: ParamValues = {}): ParamValues {
  const pt = m.passThrough;
  const own: ParamValues = {};
  const passed: ParamValues = {};
  for (const [k, v] of Object.entries(given)) {
    if (pt && k.startsWith(pt.prefix)) passed[k.slice(pt.prefix.length)] = v;
    else own[k] = v;
  }
  const out = resolveList(m.id, m.params, own, '', `it has: ${m.params.map((p) => p.name).join(', ')}`);
  if (!pt) return out;
  const base = m.passThroughSchema?.(String(out[pt.param]));
  if (!base) {
    const stray = Object.keys(passed);
    if (stray.length)
      throw new StudioError(
        'bad-param',
        `method ${m.id} has no parameter "${pt.prefix}${stray[0]}" (its ${pt.param} "${String(out[pt.param])}" has no schema)`,
      );
    return out;
  }
  // The same resolver on the base's schema; errors still name the wrapper and the prefixed name.
  const known = base.params.length ? `${pt.param} ${base.id} has: ${base.params.map((p) => p.name).join(', ')}` : `${pt.param} ${base.id} has none`;
  return { ...out, ...resolveList(m.id, base.params, passed, pt.prefix, known) };
}

function resolveList(id: string, params: readonly ParamSpec[], given: ParamValues, prefix: string, known: string): ParamValues {
  for (const key of Object.keys(given)) {
    if (!params.some((p) => p.name === key)) {
      throw new StudioError('bad-param', `method ${id} has no parameter "${prefix}${key}"${params.length || prefix ? ` (${known})` : ''}`);
    }
  }
  const out: ParamValues = {};
  for (const p of params) {
    const name = prefix + p.name;
    let v = given[p.name] ?? p.default;
    if (p.type === 'int' || p.type === 'float') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n) || (p.type === 'int' && !Number.isInteger(n)))
        throw new StudioError('bad-param', `${id}: ${name} must be ${p.type === 'int' ? 'an integer' : 'a number'}, got "${String(v)}"`);
      if ((p.min != null && n < p.min) || (p.max != null && n > p.max))
        throw new StudioError('bad-param', `${id}: ${name}=${n} is outside [${p.min ?? '-∞'}, ${p.max ?? '∞'}]`);
      v = n;
    } else if (p.type === 'bool') {
      v = v === true || v === 'true' || v === 1 || v === '1';
    } else if (p.type === 'enum') {
      if (!p.options?.includes(String(v))) throw new StudioError('bad-param', `${id}: ${name} must be one of ${p.options?.join(', ')}, got "${String(v)}"`);
      v = String(v);
    } else v = String(v);
    out[name] = v;
  }
  return out;
}
