// The CLI run in this process, for tests of its refusals, messages, exit codes
// and JSON: `main` with captured writers, ~0.1 s a call instead of the 2–3 s of
// a subprocess (node start + tsx + tfjs init). The tfjs backend is chosen once
// per process (engine/backend.ts) and each call's engine is closed by
// withBackend, disposing its models, so calls in one worker share it safely.
// What only a subprocess proves (bin/saliency-studio.mjs starts, the exit code
// the OS sees, nothing else on stderr, signals) stays in subprocess tests.
import { main } from '../cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;
type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error';

/**
 * Runs `saliency-studio ...args` in-process. Besides main's writers, what
 * bypasses them is captured too, as a subprocess's pipes would: direct
 * process.stdout/stderr writes (run/progress.ts) and console output (the
 * engine's tensor-leak warnings), so `stderr === ''` means the same here.
 * Throws if the command left process state changed (signal handlers, cwd,
 * exitCode) or called process.exit, which would end the test worker.
 */
export async function runCli(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const toOut = (s: string | Uint8Array): void => void (stdout += typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
  const toErr = (s: string | Uint8Array): void => void (stderr += typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
  const line =
    (to: (s: string) => void) =>
    (...a: unknown[]): void =>
      to(a.map(String).join(' ') + '\n');

  const before = { cwd: process.cwd(), sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), exitCode: process.exitCode };
  const saved = { out: process.stdout.write, err: process.stderr.write, exit: process.exit };
  const savedConsole = Object.fromEntries((['log', 'info', 'debug', 'warn', 'error'] as const).map((k) => [k, console[k]])) as Record<
    ConsoleMethod,
    Console[ConsoleMethod]
  >;
  process.stdout.write = ((s: string | Uint8Array) => (toOut(s), true)) as Write;
  process.stderr.write = ((s: string | Uint8Array) => (toErr(s), true)) as Write;
  process.exit = ((c?: number) => {
    throw new Error(`runCli: the command called process.exit(${c ?? ''}) in-process`);
  }) as typeof process.exit;
  console.log = console.info = console.debug = line(toOut);
  console.warn = console.error = line(toErr);
  let code: number;
  try {
    code = await main(args, { out: { write: toOut }, err: { write: toErr } });
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exit = saved.exit;
    Object.assign(console, savedConsole);
  }
  const after = { cwd: process.cwd(), sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), exitCode: process.exitCode };
  if (JSON.stringify(after) !== JSON.stringify(before))
    throw new Error(`runCli ${args.join(' ')}: process state changed: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  return { code, stdout, stderr };
}
