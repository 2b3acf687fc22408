// The messages between the project store and its codec worker, both ways.
// Large typed arrays move rather than copy: a structured clone of 200 MB of
// maps costs the sending thread 100–600 ms in one go, a transfer well under
// one. What moves must be the sender's alone: the worker's decoded arrays are;
// a caller's snapshot is not (fixtures and renderer state share arrays), so
// the store first copies its large arrays a slice at a time, yielding between
// slices, and moves the copies.
import { isErrorCode, StudioError } from '../api/errors';
import type { ParseJob, ReadJob, SaveJob } from './codec';

export type CodecCall = { id: number } & ({ op: 'save'; job: SaveJob } | { op: 'read'; job: ReadJob } | { op: 'parse'; job: ParseJob });

export interface ErrorShape {
  message: string;
  code?: string;
}

export type CodecReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorShape };

/**
 * The buffers of the typed arrays in `value` that are theirs alone (the view
 * spans the whole buffer): those can move to the other thread. A view into a
 * larger buffer (Node's pooled small Buffers, a slice) is copied instead, so a
 * transfer never detaches bytes that something else holds.
 */
export function transferables(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const b = v.buffer;
      if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength) out.add(b);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(value);
  return [...out];
}

/** Typed arrays at least this large are copied in slices and moved; smaller ones go in the structured clone. */
const MOVE_BYTES = 1 << 20;
/** About 5–15 ms of copying: the longest the store's thread is held at once. */
const SLICE_BYTES = 16 << 20;

const yieldTurn = () => new Promise<void>((r) => setImmediate(r));
const isPlain = (v: object): boolean => Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v));

type View = Exclude<ArrayBufferView, DataView>;

async function copyInSlices(v: View): Promise<View> {
  const buf = new ArrayBuffer(v.byteLength);
  const to = new Uint8Array(buf);
  const from = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  for (let i = 0; i < from.length; i += SLICE_BYTES) {
    to.set(from.subarray(i, i + SLICE_BYTES), i);
    await yieldTurn();
  }
  // A Buffer arrives as a Uint8Array on the other side anyway.
  const Ctor = (Buffer.isBuffer(v) ? Uint8Array : v.constructor) as new (b: ArrayBuffer) => View;
  return new Ctor(buf);
}

/**
 * `value` with each large typed array replaced by a private copy, and the
 * copies' buffers to transfer; the caller's arrays are left untouched. Plain
 * objects and arrays are rebuilt in key order (the file's bytes follow it).
 */
export async function movableCopy<T>(value: T): Promise<{ value: T; transfer: ArrayBuffer[] }> {
  const transfer: ArrayBuffer[] = [];
  const copy = async (v: unknown): Promise<unknown> => {
    if (!v || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView || v.byteLength < MOVE_BYTES) return v;
      const c = await copyInSlices(v as View);
      transfer.push(c.buffer as ArrayBuffer);
      return c;
    }
    if (!isPlain(v)) return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) out.push(await copy(x));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await copy(x);
    return out;
  };
  return { value: (await copy(value)) as T, transfer };
}

/** An error as it crosses: its code (a StudioError's, or a system error's such as EIO) and its first line. */
export function errorShape(e: unknown): ErrorShape {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

/** The error on the store's side: a StudioError when the code is one of ours, else an Error keeping the code. */
export function rebuildError(s: ErrorShape): Error {
  if (isErrorCode(s.code)) return new StudioError(s.code, s.message);
  return Object.assign(new Error(s.message), s.code ? { code: s.code } : {});
}
