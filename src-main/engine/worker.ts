// The engine worker: one long-lived thread that owns tfjs, so neither the
// Electron main process nor the web host's event loop ever blocks on inference.
import { parentPort } from 'node:worker_threads';
import { toApiError } from '../api/errors';
import { isApiOp } from '../api/spec';
import type { StudioApi } from '../api/types';
import type { WireCall, WireReply } from '../api/wire';
import { LocalEngine } from './engine';

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');
const engine = new LocalEngine();
const post = (m: WireReply): void => port.postMessage(m);
engine.onProgress((progress) => post({ type: 'progress', progress }));

port.on('message', (msg: WireCall) => {
  void (async () => {
    try {
      if (!isApiOp(msg.op)) throw new Error(`unknown operation ${String(msg.op)}`);
      const fn = engine[msg.op] as (arg: unknown) => Promise<unknown>;
      const value = await fn.call(engine as StudioApi, msg.arg);
      post({ type: 'result', id: msg.id, ok: true, value });
    } catch (err) {
      post({ type: 'result', id: msg.id, ok: false, error: toApiError(err) });
    }
  })();
});
