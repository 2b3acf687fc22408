// Wire format of the loopback web host: JSON text frames in which typed arrays
// travel as base64 (maps and pixels are the only large payloads, and the host
// is loopback-only, so simplicity beats a binary framing).
import { StudioError } from './errors';
import type { ApiErrorShape, ApiOp, JobProgress } from './types';

/** The largest file a page may upload over the web host (images, model shards, project files). */
export const MAX_UPLOAD_BYTES = 128 * 2 ** 20;
/** The largest frame: one upload as base64 (4/3 of its size) plus room for the request around it. */
export const MAX_FRAME_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 2 ** 20;

type Typed = Float32Array | Uint8Array | Uint16Array | Int16Array | Int32Array;
const CTORS = { Float32Array, Uint8Array, Uint16Array, Int16Array, Int32Array } as const;
type TypedName = keyof typeof CTORS;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CH = 0x8000;
  for (let i = 0; i < bytes.length; i += CH) s += String.fromCharCode(...bytes.subarray(i, i + CH));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const t = v as Typed;
      const name = t.constructor.name as TypedName;
      if (!(name in CTORS)) throw new StudioError('internal', `cannot send ${name} over the wire`);
      return { __typed: name, b64: toBase64(new Uint8Array(t.buffer, t.byteOffset, t.byteLength)) };
    }
    return v;
  });
}

export function decodeWire<T = unknown>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && '__typed' in v && 'b64' in v) {
      const { __typed, b64 } = v as { __typed: TypedName; b64: string };
      // Own keys only: "toString" or "constructor" must not find Object.prototype's.
      if (typeof __typed !== 'string' || !Object.hasOwn(CTORS, __typed) || typeof b64 !== 'string')
        throw new StudioError('bad-request', 'malformed typed array');
      const Ctor = CTORS[__typed];
      const bytes = fromBase64(b64);
      return new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  }) as T;
}

/** Client -> host. */
export interface WireCall {
  type: 'call';
  id: number;
  op: ApiOp;
  arg: unknown;
}

/** Host -> client. */
export type WireReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ApiErrorShape }
  | { type: 'progress'; progress: JobProgress };
