// Request validation shared by every host: each operation's rules (api/spec.ts)
// run before a request reaches the engine. Validates, never computes.
import { StudioError } from './errors';
import { isApiOp, opSpec } from './spec';
import type { ApiOp } from './types';

export function validateRequest(op: unknown, arg: unknown): asserts op is ApiOp {
  if (!isApiOp(op))
    throw new StudioError('unknown-op', `unknown operation ${typeof op === 'string' ? JSON.stringify(op.slice(0, 64)) : `of type ${typeof op}`}`);
  const { rules } = opSpec(op);
  if (rules.length === 0) return;
  if (!arg || typeof arg !== 'object') throw new StudioError('bad-request', `${op}: the request must be an object`);
  for (const rule of rules) {
    const problem = rule(arg as Record<string, unknown>);
    if (problem) throw new StudioError('bad-request', `${op}: ${problem}`);
  }
}
