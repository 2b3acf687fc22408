// The loopback web host: the renderer build over HTTP and the operation table
// over one WebSocket per page, on 127.0.0.1 only, behind a random token.
// Anchor: Netron's browser host — same view code, a different Host underneath.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { StudioError } from '../api/errors';
import type { StudioBackend } from '../api/types';
import { decodeWire, encodeWire, MAX_FRAME_BYTES, type WireReply } from '../api/wire';
import { isApiOp, toApiError } from './ops';
import { Sessions } from './sessions';
import { baseHeaders, resolveStatic, sendFile, sendText } from './static';

export interface ServeOptions {
  backend: StudioBackend;
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Largest WebSocket frame (default MAX_FRAME_BYTES: the largest upload plus its request). */
  maxPayload?: number;
  /** Most open WebSockets at once (default 256); more are refused with 503. */
  maxConnections?: number;
  /** How long a page's models and images outlive its last socket (default 30 s), for a reconnect. */
  releaseAfterMs?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_CONNECTIONS = 256;

/** `op` as an error may quote it: a short string, or its type; never String() of a wire value (it may be an object with a hostile toString). */
function describeOp(op: unknown): string {
  return typeof op === 'string' ? JSON.stringify(op.slice(0, 64)) : `of type ${op === null ? 'null' : Array.isArray(op) ? 'array' : typeof op}`;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  // Loopback only: anything else would expose models and images to the network.
  if (opts.host !== undefined && opts.host !== HOST) throw new StudioError('bad-request', `serve binds ${HOST} only, not ${String(opts.host)}`);
  const { backend } = opts;
  const root = await realpath(opts.staticDir);
  const token = randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token);
  const tokenOk = (t: string | null | undefined): boolean => {
    if (typeof t !== 'string') return false;
    const b = Buffer.from(t);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  let port = 0;
  // Cookies are per host, not per port: name it after the port so two servers don't clash.
  const cookieName = () => `ss_token_${port}`;
  const origin = () => `http://${HOST}:${port}`;
  // Appended, not resolved: a request path such as `//x` must stay a path, not become a host.
  const requestUrl = (req: IncomingMessage): URL => new URL(`${origin()}${(req.url ?? '/').startsWith('/') ? req.url : '/'}`);
  const hostOk = (req: IncomingMessage) => req.headers.host === `${HOST}:${port}`; // DNS rebinding

  const cookieToken = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === cookieName()) return v.join('=');
    }
    return null;
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    if (!hostOk(req)) return sendText(res, 403, 'forbidden');
    const url = requestUrl(req);
    const queryOk = tokenOk(url.searchParams.get('token'));
    const isRoot = url.pathname === '/' || url.pathname === '/index.html';
    // The page itself needs the token in its URL; its assets may ride on the cookie.
    if (!(queryOk || (!isRoot && tokenOk(cookieToken(req))))) return sendText(res, 403, 'forbidden: missing or wrong token');
    const file = await resolveStatic(root, url.pathname);
    if (!file) return sendText(res, 404, 'not found');
    if (isRoot) res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    await sendFile(req, res, file);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? MAX_FRAME_BYTES });
  const sessions = new Sessions(backend, opts.releaseAfterMs);

  const send = (ws: WebSocket, msg: WireReply): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    // Text for plain JSON, a binary frame where typed arrays ride along (api/wire.ts).
    let frame: string | Uint8Array;
    try {
      frame = encodeWire(msg);
    } catch (err) {
      if (msg.type !== 'result') return;
      frame = encodeWire({ type: 'result', id: msg.id, ok: false, error: toApiError(err) } satisfies WireReply);
    }
    ws.send(frame, { binary: typeof frame !== 'string' }, (err) => {
      if (err) ws.terminate();
    });
  };

  const offProgress = backend.onProgress((p) => {
    const r = sessions.route(p);
    if (r) send(r.socket as WebSocket, { type: 'progress', progress: r.progress });
  });

  /** One frame: every field is untrusted until checked here; nothing of it is coerced to a string. */
  async function onCall(ws: WebSocket, session: ReturnType<Sessions['attach']>, data: RawData, isBinary: boolean): Promise<void> {
    let call: unknown;
    try {
      // Decoded first (binary frames carry the typed arrays), validated after: sessions.call checks every field.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
      call = decodeWire<unknown>(isBinary ? bytes : bytes.toString());
    } catch (err) {
      return send(ws, { type: 'result', id: 0, ok: false, error: { code: 'bad-request', message: toApiError(err).message } });
    }
    const c = call && typeof call === 'object' && !Array.isArray(call) ? (call as Record<string, unknown>) : null;
    const id = c && Number.isSafeInteger(c.id) ? (c.id as number) : 0;
    if (!c || c.type !== 'call' || !Number.isSafeInteger(c.id))
      return send(ws, { type: 'result', id, ok: false, error: { code: 'bad-request', message: 'a frame must be {type: "call", id: integer, op, arg}' } });
    if (!isApiOp(c.op)) return send(ws, { type: 'result', id, ok: false, error: { code: 'unknown-op', message: `unknown operation ${describeOp(c.op)}` } });
    try {
      const value = await sessions.call(session, ws, c.op, c.arg ?? undefined);
      send(ws, { type: 'result', id, ok: true, value });
    } catch (err) {
      send(ws, { type: 'result', id, ok: false, error: toApiError(err) });
    }
  }

  wss.on('connection', (ws, req: IncomingMessage) => {
    const key = requestUrl(req).searchParams.get('session');
    const session = sessions.attach(ws, key);
    // A handler that throws must cost this socket at most, never the process.
    ws.on('message', (data, isBinary) => onCall(ws, session, data, isBinary).catch(() => ws.terminate()));
    ws.on('error', () => ws.terminate()); // e.g. a frame over maxPayload: drop that socket only
    ws.on('close', () => sessions.detach(session, ws));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    const ok = url.pathname === '/ws' && hostOk(req) && tokenOk(url.searchParams.get('token')) && req.headers.origin === origin();
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    if (wss.clients.size >= (opts.maxConnections ?? MAX_CONNECTIONS)) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((done) => {
      offProgress();
      for (const ws of wss.clients) ws.terminate();
      sessions.clear();
      wss.close();
      server.close(() => done());
      server.closeAllConnections();
    }));

  return { url: `${origin()}/?token=${token}`, token, close };
}
