// A long-lived host (the web host, the Electron main process) serves many
// pages and jobs: one rejected promise that nothing awaited must be logged,
// never end the process and everything open in it. Node's default for an
// unhandled rejection is to exit.
let installed = false;

export function keepAliveOnUnhandledRejection(log: (line: string) => void = (l) => console.error(l)): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    const what = reason instanceof Error ? `${reason.name}: ${reason.message.split('\n')[0]}` : typeof reason;
    log(`saliency-studio: an unhandled rejection was caught and the host keeps running (${what})`);
  });
}
