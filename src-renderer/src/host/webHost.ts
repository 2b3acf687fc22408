// The browser host: the page was served by the loopback web host with
// ?token=… in its URL; every operation travels over one WebSocket.
import type { JobProgress } from '../../../src-main/api/types';
import { readUpload } from './files';
import type { Host, OpenImageRequest, OpenModelRequest } from './Host';
import { WireClient, wireApi, type SocketFactory, type SocketLike } from './wireClient';

export interface PageLocation {
  protocol: string;
  host: string;
  search: string;
}

/** ws(s)://<same host>/ws?token=<token>, or null when the page URL carries no token. */
export function socketUrl(loc: PageLocation): string | null {
  const token = new URLSearchParams(loc.search).get('token');
  if (!token) return null;
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

function sessionKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const browserSocket: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike;

export class WebHost implements Host {
  readonly kind = 'web' as const;
  readonly api;
  private readonly client: WireClient;

  constructor(url: string, factory: SocketFactory = browserSocket) {
    // One session per page, kept across reconnects: the host keeps this page's models and images for it.
    this.client = new WireClient(`${url}&session=${sessionKey()}`, factory);
    this.api = wireApi(this.client);
  }

  onProgress(cb: (p: JobProgress) => void): () => void {
    return this.client.onProgress(cb);
  }

  async modelRequestFromFiles(files: File[]): Promise<OpenModelRequest> {
    return { files: await Promise.all(files.map(readUpload)) };
  }

  async imageRequestFromFile(file: File): Promise<OpenImageRequest> {
    return { file: await readUpload(file) };
  }

  close(): void {
    this.client.close();
  }
}
