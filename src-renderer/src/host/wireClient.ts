// Client side of the loopback web host's wire protocol: WireCall frames out,
// WireReply frames in (results matched by id, progress events broadcast).
// Pure apart from the socket factory, so tests drive it with a fake socket.
import { API_OPS } from '../../../src-main/api/spec';
import type { ApiOp, JobProgress, StudioApi } from '../../../src-main/api/types';
import { decodeWire, encodeWire, MAX_FRAME_BYTES, MAX_UPLOAD_BYTES, type WireCall, type WireReply } from '../../../src-main/api/wire';
import { HostError } from './Host';

/** The part of WebSocket this client uses. */
export interface SocketLike {
  readonly readyState: number;
  /** 'arraybuffer': binary frames (api/wire.ts) arrive as ArrayBuffer, not Blob. */
  binaryType?: string;
  send(data: string | Uint8Array | Blob): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
/** Binary frames from this size on are sent as a Blob. */
const BLOB_FRAME_BYTES = 1 << 20;

type Result<Op extends ApiOp> = Awaited<ReturnType<StudioApi[Op]>>;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class WireClient {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: (string | Uint8Array | Blob)[] = [];
  private readonly listeners = new Set<(p: JobProgress) => void>();

  constructor(
    private readonly url: string,
    private readonly factory: SocketFactory,
  ) {}

  call<Op extends ApiOp>(op: Op, arg: Parameters<StudioApi[Op]>[0]): Promise<Result<Op>> {
    const id = this.nextId++;
    const frame: WireCall = { type: 'call', id, op, arg: arg ?? null };
    let text: string | Uint8Array<ArrayBuffer>;
    try {
      text = encodeWire(frame);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // The host would drop the socket (and every call on it) for a larger frame: say why here instead.
    const size = typeof text === 'string' ? text.length : text.byteLength;
    if (size > MAX_FRAME_BYTES) {
      const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
      return Promise.reject(
        new HostError(
          `${op}: the request is ${mib(size)}; the web host takes uploads up to ${mib(MAX_UPLOAD_BYTES)} (open large files by path in the desktop app or the CLI)`,
          'too-large',
        ),
      );
    }
    // A large binary frame goes as a Blob: the browser sends it off the page's thread (send() of a
    // 10 MB upload's bytes took ~150 ms of it); frames keep their order either way.
    const data = typeof text !== 'string' && size >= BLOB_FRAME_BYTES && typeof Blob === 'function' ? new Blob([text]) : text;
    return new Promise<Result<Op>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        const socket = this.connect();
        if (socket.readyState === OPEN) socket.send(data);
        else this.queue.push(data);
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  onProgress(cb: (p: JobProgress) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    this.failAll('connection closed');
    s?.close();
  }

  private connect(): SocketLike {
    if (this.socket) return this.socket;
    const s = this.factory(this.url);
    this.socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      for (const text of this.queue.splice(0)) s.send(text);
    };
    s.onmessage = (ev) => this.receive(ev.data);
    s.onerror = () => {
      /* a close event follows; pending calls are failed there */
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = null;
      const why = ev.reason ? `: ${ev.reason}` : ev.code ? ` (code ${ev.code})` : '';
      this.failAll(`connection to the Saliency Studio host was lost${why}`);
    };
    return s;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return;
    let msg: WireReply;
    try {
      msg = decodeWire<WireReply>(data);
    } catch {
      return;
    }
    if (msg.type === 'progress') {
      for (const cb of this.listeners) cb(msg.progress);
      return;
    }
    if (msg.type !== 'result') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new HostError(msg.error.message, msg.error.code));
  }

  private failAll(message: string): void {
    this.queue.length = 0;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new HostError(message, 'disconnected'));
  }
}

/** StudioApi whose every operation is one wire call. */
export function wireApi(client: WireClient): StudioApi {
  const api: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const op of API_OPS) api[op] = (arg?: unknown) => client.call(op, arg as never);
  return api as unknown as StudioApi;
}
