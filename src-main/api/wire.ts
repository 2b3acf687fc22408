// Wire format of the loopback web host. A message without typed arrays is one
// JSON text frame. A message with typed arrays (pixels, maps, uploads) is one
// binary frame, so no base64 string is ever built for them (an 81 MP image as
// base64 exceeds the longest string V8 can make):
//   bytes 0..3  magic "\0SSF"
//   bytes 4..7  J, the UTF-8 JSON's length in bytes (uint32, little-endian)
//   bytes 8..   the JSON, in which each typed array is {"__typed": name, "at", "n"}
//   then, from the first multiple of 8 after the JSON, the arrays' bytes, each
//   starting on a multiple of 8; "at" counts from there, "n" is its byte length.
// Decoding checks every length and offset against the frame: a hostile or
// truncated frame is a 'bad-request' with a reason, never a crash or a read
// outside the frame.
import { StudioError } from './errors';
import type { ApiErrorShape, ApiOp, JobProgress } from './types';

/** The largest file a page may upload over the web host (images, model shards, project files). */
export const MAX_UPLOAD_BYTES = 128 * 2 ** 20;
/** The largest frame: one upload (binary, as is) plus room for the request around it. */
export const MAX_FRAME_BYTES = MAX_UPLOAD_BYTES + 2 ** 20;

type Typed = Float32Array | Uint8Array | Uint16Array | Int16Array | Int32Array;
const CTORS = { Float32Array, Uint8Array, Uint16Array, Int16Array, Int32Array } as const;
type TypedName = keyof typeof CTORS;

const MAGIC = [0, 0x53, 0x53, 0x46]; // "\0SSF": no JSON text starts with a NUL
const HEADER = 8;
const align8 = (n: number) => Math.ceil(n / 8) * 8;
const bad = (why: string) => new StudioError('bad-request', `malformed frame: ${why}`);

/** A text frame (no typed arrays inside) or a binary frame (see above). */
export function encodeWire(value: unknown): string | Uint8Array<ArrayBuffer> {
  const blobs: { bytes: Uint8Array; at: number }[] = [];
  let end = 0;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const t = v as Typed;
      const name = t.constructor.name as TypedName;
      if (!Object.hasOwn(CTORS, name)) throw new StudioError('internal', `cannot send ${name} over the wire`);
      const at = end;
      blobs.push({ bytes: new Uint8Array(t.buffer, t.byteOffset, t.byteLength), at });
      end = align8(at + t.byteLength);
      return { __typed: name, at, n: t.byteLength };
    }
    return v;
  });
  if (blobs.length === 0) return json;
  const text = new TextEncoder().encode(json);
  const start = align8(HEADER + text.length);
  const out = new Uint8Array(start + end);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, text.length, true);
  out.set(text, HEADER);
  for (const b of blobs) out.set(b.bytes, start + b.at);
  return out;
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bad('the JSON is not UTF-8');
  }
}

const isBinaryFrame = (b: Uint8Array) => b.length >= 4 && MAGIC.every((m, i) => b[i] === m);

function asBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array | string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw bad('not text or bytes');
}

/** A typed array `n` bytes long at `at` of the blob section, checked against the frame; a copy where the frame's bytes are misaligned for its type. */
function typedAt(frame: Uint8Array, start: number, ref: Record<string, unknown>): Typed {
  const { __typed: name, at, n } = ref;
  // Own keys only: "toString" or "constructor" must not find Object.prototype's.
  if (typeof name !== 'string' || !Object.hasOwn(CTORS, name)) throw bad('unknown typed array type');
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(n) || (at as number) < 0 || (n as number) < 0) throw bad(`${name} needs integer "at" and "n"`);
  const Ctor = CTORS[name as TypedName];
  const from = start + (at as number);
  const bytes = n as number;
  if (from + bytes > frame.length) throw bad(`${name} of ${bytes} bytes at ${at as number} runs past the frame's end (truncated?)`);
  if (bytes % Ctor.BYTES_PER_ELEMENT !== 0) throw bad(`${name} of ${bytes} bytes is not a whole number of elements`);
  const offset = frame.byteOffset + from;
  if (offset % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(frame.buffer as ArrayBuffer, offset, bytes / Ctor.BYTES_PER_ELEMENT);
  const copy = frame.slice(from, from + bytes);
  return new Ctor(copy.buffer, 0, bytes / Ctor.BYTES_PER_ELEMENT);
}

/** Reads a text or binary frame; throws StudioError('bad-request') for anything malformed. */
export function decodeWire<T = unknown>(data: string | ArrayBuffer | ArrayBufferView): T {
  const input = asBytes(data);
  let json: string;
  let frame: Uint8Array | null = null;
  let start = 0;
  if (typeof input !== 'string' && isBinaryFrame(input)) {
    if (input.length < HEADER) throw bad(`${input.length} bytes; the header alone is ${HEADER}`);
    const len = new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(4, true);
    if (HEADER + len > input.length) throw bad(`the header announces ${len} bytes of JSON, ${input.length - HEADER} follow (truncated?)`);
    frame = input;
    start = align8(HEADER + len);
    json = utf8(input.subarray(HEADER, HEADER + len));
  } else {
    json = typeof input === 'string' ? input : utf8(input);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json, (_k, v: unknown) => {
      if (v && typeof v === 'object' && Object.hasOwn(v, '__typed')) {
        if (!frame) throw bad('typed arrays travel in binary frames only');
        return typedAt(frame, start, v as Record<string, unknown>);
      }
      return v;
    });
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw bad(`not JSON (${(err as Error).message})`);
  }
  return parsed as T;
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
