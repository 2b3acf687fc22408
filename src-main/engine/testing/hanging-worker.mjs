// A stand-in engine worker for fault tests: `explain` never answers (a job
// stuck in a kernel that never yields), `cancel` answers at once, and every
// other operation echoes its argument with an id.
import { parentPort } from 'node:worker_threads';

let n = 0;
parentPort.on('message', (msg) => {
  if (msg.op === 'explain') return;
  const value = msg.op === 'cancel' ? { cancelled: true } : { ...msg.arg, id: `${msg.op}-${++n}` };
  parentPort.postMessage({ type: 'result', id: msg.id, ok: true, value });
});
