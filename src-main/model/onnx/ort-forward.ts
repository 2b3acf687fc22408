// Forward-only passes of an imported ONNX graph on onnxruntime-node, which
// uses every core (intra-op threads) and runs a forward 4–6× faster per core
// than our wasm engine (bench-results/onnx.json). Gradients stay on tfjs.
//
// The session runs a copy of the file's graph that (1) outputs the value we
// read as logits (the input of a final Softmax/Sigmoid, an intermediate the
// file does not output), (2) has external data inlined, and (3) where it can,
// a free batch dimension: files exported without dynamic_axes pin it at 1, so
// the copy makes the input's batch symbolic, drops the recorded value shapes
// and lets Reshape targets copy their leading dim. A batch of two is then
// checked against two single runs; a graph that still pins it runs row by row.
// onnxruntime-node is an optional dependency: where it cannot load, the
// classifier keeps tfjs for every pass and says why.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import onnxProto, { type onnx } from 'onnx-proto';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { toApiError } from '../../api/errors';
import { relDiff } from '../../numerics/rel-diff';
import { decodeProto, type ExternalReader, toNum } from './proto';

const proto = onnxProto.onnx;
type Ort = typeof import('onnxruntime-node');

let ortModule: Promise<Ort | null> | null = null;
let loadError = '';

/** onnxruntime-node, or null (with the reason in ortUnavailable()) where it cannot load. */
export function loadOrt(): Promise<Ort | null> {
  if (process.env.SALIENCY_FORWARD === 'tfjs') {
    loadError = 'SALIENCY_FORWARD=tfjs';
    return Promise.resolve(null);
  }
  // A computed name: the bundler leaves the optional native package to Node at run time.
  const name = 'onnxruntime-node';
  ortModule ??= import(/* @vite-ignore */ name).then(
    (m) => ((m as unknown as { default?: Ort }).default ?? m) as Ort,
    (e) => {
      loadError = toApiError(e).message;
      return null;
    },
  );
  return ortModule;
}
export const ortUnavailable = (): string => loadError;

export interface OrtPlan {
  inputName: string;
  /** The value read as logits (may be an intermediate). */
  output: string;
  /** The image input is NCHW (the session gets an NHWC input and transposes it, see nhwcInput). */
  nchw: boolean;
  h: number;
  w: number;
  c: number;
}

export interface OrtForward {
  /** The plan's output for an NHWC batch, as a plain tfjs tensor in the graph's own layout. */
  run(x: tf.Tensor4D): Promise<tf.Tensor>;
  /** Whether rows go through one session call (else one call per row). */
  batched: boolean;
  /** For info and the backend badge: 'onnxruntime 1.30.0 (cpu, 2 threads)'. */
  label: string;
  dispose(): Promise<void>;
}

const FLOAT = proto.TensorProto.DataType.FLOAT;

/**
 * The file's graph, self-contained, with `plan.output` as its one output;
 * `freeBatch` also unpins the batch; `feedNhwc` makes an NCHW image input an
 * NHWC one named `<input>__nhwc` (nhwcInput).
 */
export function sessionModel(bytes: Uint8Array, plan: OrtPlan, readExternal: ExternalReader | null, freeBatch: boolean, feedNhwc = false): Uint8Array {
  const m = decodeProto(bytes, plan.inputName);
  const g = m.graph!;
  for (const t of g.initializer ?? []) {
    if (t.dataLocation !== proto.TensorProto.DataLocation.EXTERNAL) continue;
    const kv = new Map((t.externalData ?? []).map((e) => [e.key, e.value]));
    const offset = Number(kv.get('offset') ?? 0);
    const length = kv.has('length') ? Number(kv.get('length')) : null;
    t.rawData = readExternal!(kv.get('location')!, offset, length);
    t.dataLocation = proto.TensorProto.DataLocation.DEFAULT;
    t.externalData = [];
  }
  g.output = [proto.ValueInfoProto.create({ name: plan.output, type: { tensorType: { elemType: FLOAT } } })];
  if (freeBatch) {
    g.valueInfo = [];
    const input = (g.input ?? []).find((v) => v.name === plan.inputName);
    const dim0 = input?.type?.tensorType?.shape?.dim?.[0];
    if (dim0) {
      dim0.dimValue = null;
      dim0.dimParam = 'batch';
    }
    const inits = new Map((g.initializer ?? []).map((t) => [t.name ?? '', t]));
    const shared = new Map<string, number>();
    for (const n of g.node ?? []) for (const i of n.input ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const n of g.node ?? []) {
      if (n.opType !== 'Reshape' || (n.attribute ?? []).some((a) => a.name === 'allowzero' && toNum(a.i) === 1)) continue;
      const name = n.input?.[1] ?? '';
      const t = inits.get(name);
      // A constant target [1, …] reads its 1 as the batch: 0 copies the input's leading dim instead.
      if (!t || shared.get(name) !== 1) continue;
      const dims = int64s(t);
      if (dims && dims.length > 1 && dims[0] === 1) setInt64s(t, [0, ...dims.slice(1)]);
    }
  }
  if (plan.nchw && feedNhwc) nhwcInput(g, plan.inputName);
  return proto.ModelProto.encode(m).finish();
}

/** The NCHW image input fed as NHWC, transposed inside the session (multi-threaded) rather than by tfjs before every call. */
function nhwcInput(g: onnx.IGraphProto, name: string): void {
  const input = (g.input ?? []).find((v) => v.name === name);
  if (!input) return;
  const outer = `${name}__nhwc`;
  input.name = outer;
  const shape = input.type?.tensorType?.shape;
  if (shape?.dim?.length === 4) shape.dim = [shape.dim[0], shape.dim[2], shape.dim[3], shape.dim[1]];
  const perm = proto.AttributeProto.create({ name: 'perm', type: proto.AttributeProto.AttributeType.INTS, ints: [0, 3, 1, 2] });
  g.node = [proto.NodeProto.create({ opType: 'Transpose', input: [outer], output: [name], name: `${name}__to_nchw`, attribute: [perm] }), ...(g.node ?? [])];
}

function int64s(t: onnx.ITensorProto): number[] | null {
  if (t.dataType !== proto.TensorProto.DataType.INT64) return null;
  if (t.int64Data?.length) return t.int64Data.map((v) => toNum(v));
  const raw = t.rawData;
  if (!raw || raw.length % 8) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

function setInt64s(t: onnx.ITensorProto, v: number[]): void {
  const raw = new Uint8Array(v.length * 8);
  const view = new DataView(raw.buffer);
  v.forEach((d, i) => view.setBigInt64(i * 8, BigInt(d), true));
  t.rawData = raw;
  t.int64Data = [];
}

async function session(ort: Ort, model: Uint8Array, threads: number, spin: boolean): Promise<{ s: InferenceSession; provider: string }> {
  // Failures are ours to report (a pinned batch is expected to fail once): onnxruntime's own log stays quiet.
  const base: InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 4,
    ...(spin ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  };
  // The CUDA provider exists only where onnxruntime-node's install fetched it (a user's machine with a GPU).
  const cuda = ort.listSupportedBackends?.().some((b) => b.name === 'cuda' && b.bundled !== false);
  if (cuda) {
    try {
      return { s: await ort.InferenceSession.create(model, { ...base, executionProviders: ['cuda', 'cpu'] }), provider: 'cuda' };
    } catch {
      // No usable GPU: the CPU provider below.
    }
  }
  return { s: await ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] }), provider: 'cpu' };
}

function runner(ort: Ort, s: InferenceSession, plan: OrtPlan): (x: tf.Tensor4D) => Promise<tf.Tensor> {
  return async (x) => {
    const data = (await x.data()) as Float32Array;
    const feed = plan.nchw ? `${plan.inputName}__nhwc` : plan.inputName;
    const out = (await s.run({ [feed]: new ort.Tensor('float32', data, [x.shape[0], plan.h, plan.w, plan.c]) }))[plan.output] as OrtTensor;
    try {
      return tf.tensor(out.data as Float32Array, out.dims as number[], 'float32');
    } finally {
      out.dispose();
    }
  };
}

/** A classifier's forward-runtime slot: filled once after load (or left empty, with the reason in its warnings), emptied on dispose. */
export class ForwardSlot {
  runner: OrtForward | null = null;

  get label(): string | undefined {
    return this.runner?.label;
  }

  adopt(made: OrtForward | { reason: string }, warnings: string[]): void {
    if ('reason' in made) warnings.push(`forward passes run on tfjs: ${made.reason}`);
    else this.runner = made;
  }

  release(): void {
    void this.runner?.dispose();
    this.runner = null;
  }
}

/**
 * Threads per onnxruntime session. 'all' (default): every session takes every
 * core, spinning only when it has the machine to itself (one worker), so a
 * job that is not split (a forward-only job under the pool's 'auto' policy)
 * still uses every core; 'share' (SALIENCY_ORT_THREADS=share): the workers
 * split the cores, cores / SALIENCY_WORKERS each, spinning. Measured in
 * scripts/bench-split.ts (bench-results/split.json).
 */
export function ortThreads(env: NodeJS.ProcessEnv, cores = availableParallelism()): { threads: number; spin: boolean } {
  const workers = Math.max(1, Number(env.SALIENCY_WORKERS) || 1);
  if (env.SALIENCY_ORT_THREADS === 'share') return { threads: Math.max(1, Math.floor(cores / workers)), spin: true };
  return { threads: cores, spin: workers === 1 };
}

/**
 * A forward runner on onnxruntime for `bytes`, checked against `reference`
 * (our own logits value for the same probe batch of 2) to `tol` relative;
 * otherwise the reason it is not used.
 */
export async function ortForward(
  bytes: Uint8Array,
  plan: OrtPlan,
  readExternal: ExternalReader | null,
  reference: (x: tf.Tensor4D) => tf.Tensor,
  tol = 1e-4,
): Promise<OrtForward | { reason: string }> {
  const ort = await loadOrt();
  if (!ort) return { reason: `onnxruntime-node is not available (${ortUnavailable()})` };
  // Engine workers share the cores (engine/pool.ts): each session takes its share.
  const { threads, spin } = ortThreads(process.env);
  const probe = tf.randomUniform([2, plan.h, plan.w, plan.c], 0, 1, 'float32', 3) as tf.Tensor4D;
  try {
    const ref = tf.tidy(() => reference(probe).dataSync());
    let reason = '';
    for (const free of [true, false]) {
      let made: { s: InferenceSession; provider: string } | null = null;
      try {
        made = await session(ort, sessionModel(bytes, plan, readExternal, free, true), threads, spin);
        const run = runner(ort, made.s, plan);
        const rows = async (x: tf.Tensor4D): Promise<tf.Tensor> => {
          if (free) return run(x);
          const parts: tf.Tensor[] = [];
          try {
            for (let i = 0; i < x.shape[0]; i++) {
              const row = tf.slice(x, i, 1);
              parts.push(await run(row));
              row.dispose();
            }
            return tf.concat(parts);
          } finally {
            tf.dispose(parts);
          }
        };
        const got = await rows(probe);
        const d = relDiff(got.dataSync(), ref);
        got.dispose();
        if (d <= tol) {
          const s = made.s;
          return {
            run: rows,
            batched: free,
            label: `onnxruntime ${ort.env.versions?.common ?? ''} (${made.provider}, ${threads} thread${threads === 1 ? '' : 's'}${spin ? '' : ' not spinning'}${free ? '' : ', one image per call'})`,
            dispose: () => s.release(),
          };
        }
        reason = `its outputs differ from ours by ${d.toExponential(1)} (relative; at most ${tol} is accepted)`;
      } catch (e) {
        reason = toApiError(e).message.slice(0, 200);
      }
      await made?.s.release();
    }
    return { reason: `onnxruntime cannot run this graph: ${reason}` };
  } finally {
    probe.dispose();
  }
}
