// Filters derived from a model's weights for a backward pass (flipped and
// channel-swapped, or split by stride phase) are cached per source tensor.
// XNNPACK packs a filter the first time it sees one and keeps the packed copy
// with the filter's buffer: a fresh derived filter per backward pass pays that
// packing every time (17 ms of a 28 ms 3×3×512×512 conv on wasm), and a phase
// filter is also rebuilt in JS. Tensors are immutable per dataId (a Variable's
// assign swaps its dataId), so a source buffer's derived filters never go stale.
//
// The cached buffers live in the backend only, outside tf.memory()'s tensor
// count: the cache holds one backend reference; each use wraps it in a Tensor
// that takes one more, so the caller's tidy releases the wrapper and not the
// buffer. An entry is freed once its source buffer is gone (checked on every
// insert) or when the cache exceeds its byte budget (least recently used).
import * as tf from '@tensorflow/tfjs';

interface Entry {
  dataId: object;
  shape: number[];
  bytes: number;
  source: object;
  backend: BackendRefs;
}

interface BackendRefs {
  incRef(dataId: object): void;
  disposeData(dataId: object, force?: boolean): boolean;
}

interface EngineState {
  tensorInfo: Map<object, unknown>;
}

/** Enough for every conv filter of a VGG-16 twice over; past it the oldest-used entries go. */
const BUDGET_BYTES = 256 * 2 ** 20;
const entries = new Map<string, Entry>();
const ids = new WeakMap<object, number>();
let nextId = 0;
let bytes = 0;

type Engine = ReturnType<typeof tf.engine> & { state: EngineState; removeDataId(d: object, b: unknown): void };
const engine = (): Engine => tf.engine() as unknown as Engine;
const backend = (): BackendRefs => tf.backend() as unknown as BackendRefs;

function idOf(dataId: object): number {
  let id = ids.get(dataId);
  if (id === undefined) ids.set(dataId, (id = nextId++));
  return id;
}

function free(key: string, e: Entry): void {
  entries.delete(key);
  bytes -= e.bytes;
  if (e.backend.disposeData(e.dataId, true)) engine().removeDataId(e.dataId, e.backend);
}

function sweep(): void {
  const live = engine().state.tensorInfo;
  for (const [k, e] of entries) if (!live.has(e.source)) free(k, e);
  for (const [k, e] of entries) {
    if (bytes <= BUDGET_BYTES) break;
    free(k, e);
  }
}

/**
 * The filter `make()` derives from `source` under `kind` (a key naming the
 * derivation and every attribute it reads), made once per source buffer.
 * Returns a Tensor the caller may dispose (or leave to its tidy).
 */
export function derivedFilter(source: tf.TensorInfo, kind: string, make: () => tf.Tensor): tf.Tensor {
  const key = `${idOf(source.dataId)}:${kind}`;
  let e = entries.get(key);
  if (e) {
    // Most recently used goes last, so the budget evicts from the front.
    entries.delete(key);
    entries.set(key, e);
  } else {
    const t = make();
    if (t.size * 4 > BUDGET_BYTES) return t;
    tf.keep(t);
    const b = backend();
    b.incRef(t.dataId);
    e = { dataId: t.dataId, shape: t.shape, bytes: t.size * 4, source: source.dataId, backend: b };
    // Drops the Tensor's count; the buffer stays with the cache's reference.
    t.dispose();
    entries.set(key, e);
    bytes += e.bytes;
    sweep();
  }
  backend().incRef(e.dataId);
  return tf.engine().makeTensorFromDataId(e.dataId, e.shape, 'float32');
}

/** Entries and bytes held, for tests and the engine's memory report. */
export function derivedFilterStats(): { entries: number; bytes: number } {
  sweep();
  return { entries: entries.size, bytes };
}

/** Frees every entry (a backend switch, or a test's clean slate). */
export function clearDerivedFilters(): void {
  for (const [k, e] of entries) free(k, e);
}
