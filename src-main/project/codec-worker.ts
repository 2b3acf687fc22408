// The project codec's worker thread (started by codec-client.ts): encodes and
// writes, reads and decodes project files, so that a snapshot of hundreds of
// megabytes never holds up the host's event loop. Built as its own entry
// (electron.vite.config.ts); run from source through codec-worker-dev.mjs.
import { parentPort } from 'node:worker_threads';
import { inlineCodec } from './codec';
import { errorShape, transferables, type CodecCall, type CodecReply } from './codec-wire';

const port = parentPort;
if (port) {
  const codec = inlineCodec();
  port.on('message', (m: CodecCall) => {
    const run = m.op === 'save' ? codec.save(m.job) : m.op === 'read' ? codec.read(m.job) : codec.parse(m.job);
    run.then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies CodecReply, transferables(value)),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: errorShape(e) } satisfies CodecReply),
    );
  });
}
