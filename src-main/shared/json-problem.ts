// What is wrong with text JSON.parse refused, without quoting it: V8's
// messages include the text itself ("Unexpected token 'r', "root:*:2022"... is
// not valid JSON"), so only whether it ended early and a byte position are
// taken from them. Pure (TextEncoder, no Node): the renderer's build uses it too.

export interface JsonFault {
  /** The text ended before the JSON was complete. */
  endsEarly: boolean;
  /** Byte offset of the fault, when V8 gave a position. */
  byte: number | null;
}

export function jsonFault(e: unknown, text: string): JsonFault {
  const msg = e instanceof Error ? e.message : '';
  const at = /\bat position (\d+)/.exec(msg);
  return { endsEarly: /end of JSON input/.test(msg), byte: at ? new TextEncoder().encode(text.slice(0, Number(at[1]))).length : null };
}

/** "syntax error at byte N", "syntax error", or that the text ends early. */
export function jsonSyntaxProblem(e: unknown, text: string): string {
  const f = jsonFault(e, text);
  if (f.endsEarly) return 'the text ends before the JSON is complete';
  return f.byte === null ? 'syntax error' : `syntax error at byte ${f.byte}`;
}

/** " (at byte N)", " (it ends early)" or "": the suffix of "<file>: not valid JSON". */
export function jsonWhere(e: unknown, text: string): string {
  const f = jsonFault(e, text);
  return f.byte !== null ? ` (at byte ${f.byte})` : f.endsEarly ? ' (it ends early)' : '';
}
