// The engine worker: one long-lived thread that owns tfjs, so neither the
// Electron main process nor the web host's event loop ever blocks on inference.
import { StudioError } from '../api/errors';
import { parentPort } from 'node:worker_threads';
import { toApiError } from '../api/errors';
import { isEngineOp } from '../api/spec';
import { withShare } from '../core/share';
import { LocalEngine } from './engine';
import { ShareEndpoint, type FromWorker, type ToWorker } from './share-wire';

const port = parentPort;
if (!port) throw new StudioError('internal', 'engine worker must run in a worker thread');
const engine = new LocalEngine();
const post = (m: FromWorker): void => port.postMessage(m);
const shares = new ShareEndpoint(post);
engine.onProgress((progress) => post({ type: 'progress', progress }));

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'exchanged') return shares.answer(msg);
  void (async () => {
    try {
      // The host validated the call; the worker still serves only engine operations.
      if (!isEngineOp(msg.op)) throw new StudioError('unknown-op', 'not an engine operation');
      const fn = engine[msg.op] as (arg: unknown) => Promise<unknown>;
      const value = await withShare(msg.share ? shares.link(msg.share) : null, () => fn.call(engine, msg.arg));
      post({ type: 'result', id: msg.id, ok: true, value });
    } catch (err) {
      post({ type: 'result', id: msg.id, ok: false, error: toApiError(err) });
    }
  })();
});
