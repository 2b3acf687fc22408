// Hostile model folders, shared by hostile-paths.test.ts and
// hostile-reads.test.ts: a tiny real LayersModel (Flatten 4×4×1 → Dense 3)
// whose weights are exactly as long as a secret file outside its folder, so a
// loader that followed `../secret.bin` would accept the secret as weights.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export const WEIGHT_BYTES = (16 * 3 + 3) * 4; // Flatten(4×4×1) -> Dense(3): kernel 16×3 + bias 3, float32
// Exactly WEIGHT_BYTES, so that a loader following `../secret.bin` would accept it as weights.
export const SECRET = Buffer.from('S3CR3T-'.repeat(40).slice(0, WEIGHT_BYTES));
export const PASSWD = 'root:*:20228:0:99999:7:::';

export let topology: unknown;
export let weightSpecs: tf.io.WeightsManifestEntry[];
export let weights: Buffer;

/** Call in beforeAll, after initBackend (this leaf imports no engine): builds the model once and keeps its topology and weights for `fixture`. */
export async function buildModel(): Promise<void> {
  const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      topology = a.modelTopology;
      weightSpecs = a.weightSpecs ?? [];
      const wd = a.weightData ?? new ArrayBuffer(0);
      weights = Array.isArray(wd) ? Buffer.concat(wd.map((b) => Buffer.from(b))) : Buffer.from(wd);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  m.dispose();
  expect(weights.byteLength).toBe(WEIGHT_BYTES);
}

export interface Fixture {
  /** The folder holding the model folder, and the secrets outside it. */
  base: string;
  dir: string;
  model: string;
}

/** base/{secret.bin, labels.txt} outside; base/model/{model.json, w.bin, saliency-studio.json?} inside. */
export async function fixture(opts: { paths?: string[]; sidecar?: unknown; weights?: Buffer | null } = {}): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'ss-hostile-'));
  const dir = join(base, 'model');
  await mkdir(dir);
  await writeFile(join(base, 'secret.bin'), SECRET);
  await writeFile(join(base, 'labels.txt'), 'leaked-a\nleaked-b\nleaked-c\n');
  const model = join(dir, 'model.json');
  await writeFile(
    model,
    JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: opts.paths ?? ['w.bin'], weights: weightSpecs }] }),
  );
  if (opts.weights !== null) await writeFile(join(dir, 'w.bin'), opts.weights ?? weights);
  if (opts.sidecar !== undefined)
    await writeFile(join(dir, 'saliency-studio.json'), typeof opts.sidecar === 'string' ? opts.sidecar : JSON.stringify(opts.sidecar));
  return { base, dir, model };
}

export async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the model to be refused, but it loaded');
}

/** Settles within `ms` or reports a hang (the FIFO regression) instead of parking the worker. */
export async function within(p: Promise<unknown>, ms: number): Promise<{ code?: string; message?: string; ms: number } | 'hung'> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hung'>((res) => (timer = setTimeout(() => res('hung'), ms)));
  const r = await Promise.race([
    p.then(
      () => ({ ms: performance.now() - t0 }),
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message, ms: performance.now() - t0 }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  return r;
}

export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Releases a reader parked in open(2) on a FIFO (the pre-fix loader), so the worker can exit. */
export function unblock(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody is reading, nothing to release.
  }
}
