// A translated topology whose layers include nested Sequential/Functional
// models rewritten as ONE Functional model of their layers, so every
// convolution and activation is a top-level layer (the CAM family, the layer
// list and the splits only see top-level layers). A nested model's input
// layers are replaced by the tensors it was called on, and references to the
// nested model by its outputs; the ops and their order are unchanged, so the
// outputs are bit-identical. Names stay as they were unless two collide, when
// the later one gets its model's path as a prefix (`model1/conv`). A model
// called more than once (shared) stays one nested layer; a config the rewrite
// cannot follow (a Sequential step with two outputs, a dangling or cyclic
// reference) stays nested as a whole, with a warning: the nested build still
// runs, CAM sees its top-level layers only.
import { CONTAINERS, type KerasTopology } from './translate';

type Json = Record<string, unknown>;
type Ref = [string, number, number, Json];
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface FlatMap {
  /** Each top-level entry of the config in order, with the flat layers it became (itself, or a nested model's layers in order). */
  units: { name: string; layers: string[] }[];
  /** Original path (the names of the nested models from the top, then the layer's) as JSON → flat layer name. */
  paths: Map<string, string>;
  /** Flat name → original path ('model1/conv') of every layer renamed because its name was taken. */
  renamed: Record<string, string>;
}

export const pathKey = (path: string[]): string => JSON.stringify(path);

/** Why a config stays nested: not an error, the nested build runs as before. */
class KeepNested extends Error {}

/**
 * A tensor of the flat model, resolved once every layer is emitted: Keras
 * lists a shared layer where it is first called, so a later call of it may
 * read a layer further down the list.
 */
type Tensor = () => Ref;

interface State {
  out: { entry: Json; nodes: Tensor[][] }[];
  used: Set<string>;
  map: FlatMap;
  /** The outermost model: each of its entries starts a unit. */
  root: Json;
  unit: string[] | null;
  /** The model inputs, set where the outermost input layers are emitted. */
  inputs: Tensor[] | null;
  notes: string[];
}

const nameOf = (e: Json): string => {
  const n = e.name ?? (isObj(e.config) ? e.config.name : undefined);
  if (typeof n !== 'string') throw new KeepNested('a layer without a name');
  return n;
};
const layersOf = (e: Json): Json[] => (e.config as Json).layers as Json[];
const nodesOf = (e: Json): unknown[][][] => (Array.isArray(e.inbound_nodes) ? (e.inbound_nodes as unknown[][][]) : []);
const isInput = (e: Json): boolean => e.class_name === 'InputLayer';
/** A nested model that can be inlined: a Sequential's step, or a Functional's layer called exactly once. */
const inlinable = (e: Json, inSequential: boolean): boolean =>
  CONTAINERS.has(String(e.class_name)) && isObj(e.config) && Array.isArray(e.config.layers) && (inSequential || nodesOf(e).length === 1);
const known =
  (r: Ref): Tensor =>
  () =>
    r;

/** Emits a leaf (or a kept nested model) under its flat name, called on `nodes`; returns the flat name. */
function emit(st: State, e: Json, path: string[], nodes: Tensor[][], frozen: boolean): string {
  const orig = nameOf(e);
  const full = [...path, orig].join('/');
  let flat = orig;
  // The outermost model's own layers hold their (reserved) names; others yield.
  if (path.length > 0 || !st.used.has(orig)) {
    if (st.used.has(flat)) flat = full;
    for (let k = 2; st.used.has(flat); k++) flat = `${full}_${k}`;
    if (flat !== orig) {
      st.map.renamed[flat] = full;
      st.notes.push(`${JSON.stringify(orig)} of ${path.join('/') || 'the model'} → ${JSON.stringify(flat)}`);
    }
  }
  st.used.add(flat);
  const config: Json = { ...(e.config as Json), name: flat };
  if (frozen) config.trainable = false;
  st.out.push({ entry: { class_name: e.class_name, config, name: flat }, nodes });
  st.map.paths.set(pathKey([...path, orig]), flat);
  st.unit?.push(flat);
  return flat;
}

/** Each entry of the outermost model starts a unit: the flat layers it becomes. */
function startUnit(st: State, e: Json, l: Json): void {
  if (e !== st.root) return;
  st.unit = [];
  st.map.units.push({ name: nameOf(l), layers: st.unit });
}

/** A Sequential's first layer gives the model input when the Sequential is the outermost model. */
function sequentialInput(st: State, e: Json, path: string[], frozen: boolean): Tensor[] {
  const first = layersOf(e)[0];
  if (!first) throw new KeepNested('an empty Sequential');
  if (inlinable(first, true)) return []; // the nested model's own input layers are the model's
  let input = first;
  if (isInput(first)) startUnit(st, e, first);
  else {
    const c = first.config as Json;
    if (!Array.isArray(c.batch_input_shape)) throw new KeepNested('a Sequential without an input shape');
    // Named as tfjs' Sequential.add names it.
    input = { class_name: 'InputLayer', config: { name: `${nameOf(first)}_input`, batch_input_shape: c.batch_input_shape, dtype: c.dtype ?? 'float32' } };
  }
  st.inputs = [known([emit(st, input, path, [], frozen), 0, 0, {}])];
  return st.inputs;
}

function sequential(st: State, e: Json, path: string[], inputs: Tensor[] | null, frozen: boolean): Tensor[] {
  let cur = inputs ?? sequentialInput(st, e, path, frozen);
  layersOf(e).forEach((l, i) => {
    if (isInput(l)) {
      if (i !== 0) throw new KeepNested('an InputLayer inside a Sequential');
      return;
    }
    startUnit(st, e, l);
    if (inlinable(l, true)) cur = inline(st, l, [...path, nameOf(l)], cur.length ? cur : null, frozen);
    else cur = [known([emit(st, l, path, [cur], frozen), 0, 0, {}])];
    if (cur.length !== 1) throw new KeepNested('a Sequential step with several outputs');
  });
  return cur;
}

function functional(st: State, e: Json, path: string[], inputs: Tensor[] | null, frozen: boolean): Tensor[] {
  const c = e.config as Json;
  const inputNames = (c.input_layers as unknown[][]).map((r) => String(r[0]));
  // What each name of this model's scope is, given a node and a tensor index.
  const scope = new Map<string, (node: number, tensor: number) => Ref | undefined>();
  const tensor = (r: unknown[]): Tensor => {
    let busy = false;
    return () => {
      if (busy) throw new KeepNested(`a cycle through ${JSON.stringify(r[0])}`);
      busy = true;
      const got = scope.get(String(r[0]))?.(Number(r[1]), Number(r[2]));
      busy = false;
      if (!got) throw new KeepNested(`a reference to ${JSON.stringify(r[0])}, node ${String(r[1])}, that is not there`);
      return got;
    };
  };
  for (const l of layersOf(e)) {
    const name = nameOf(l);
    startUnit(st, e, l);
    if (isInput(l) && inputs) {
      const i = inputNames.indexOf(name);
      if (i < 0 || i >= inputs.length) throw new KeepNested('an InputLayer that is not an input');
      scope.set(name, (n, t) => (n === 0 && t === 0 ? inputs[i]() : undefined));
    } else if (inlinable(l, false)) {
      const outs = inline(st, l, [...path, name], nodesOf(l)[0].map(tensor), frozen);
      scope.set(name, (n, t) => (n === 0 && t < outs.length ? outs[t]() : undefined));
    } else {
      const flat = emit(
        st,
        l,
        path,
        nodesOf(l).map((node) => node.map(tensor)),
        frozen,
      );
      scope.set(name, (n, t) => [flat, n, t, {}]);
    }
  }
  if (!inputs) st.inputs = inputNames.map((n) => tensor([n, 0, 0]));
  return (c.output_layers as unknown[][]).map(tensor);
}

/** Inlines the model `e`, called on `inputs` (null: it is outermost, its inputs are the model's); returns its outputs. */
function inline(st: State, e: Json, path: string[], inputs: Tensor[] | null, frozen: boolean): Tensor[] {
  if (path.length > 32) throw new KeepNested('models nested too deeply');
  const cold = frozen || (e.config as Json).trainable === false;
  return e.class_name === 'Sequential' ? sequential(st, e, path, inputs, cold) : functional(st, e, path, inputs, cold);
}

const endpoint = (t: Tensor): unknown[] => t().slice(0, 3);

/**
 * The topology with its nested models inlined, and the map from the original
 * layers to the flat ones (null when nothing was nested, or it stays nested;
 * then `warnings` says why).
 */
export function flattenTopology(t: KerasTopology, warnings: string[]): { topology: KerasTopology; map: FlatMap | null } {
  const root: Json = { class_name: t.class_name, config: t.config };
  const seq = t.class_name === 'Sequential';
  const layers = Array.isArray(t.config.layers) ? (t.config.layers as Json[]) : [];
  if (!layers.some((l) => inlinable(l, seq))) return { topology: t, map: null };
  const map: FlatMap = { units: [], paths: new Map(), renamed: {} };
  try {
    // The outermost model's own layers keep their names; inlined ones give way on a collision.
    const used = new Set(layers.filter((l) => !inlinable(l, seq)).map(nameOf));
    const st: State = { out: [], used, map, root, unit: null, inputs: null, notes: [] };
    const outputs = inline(st, root, [], null, false);
    if (!st.inputs) throw new KeepNested('no model input');
    const flat = st.out.map(({ entry, nodes }) => ({ ...entry, inbound_nodes: nodes.map((n) => n.map((x) => x())) }));
    const config: Json = { layers: flat, input_layers: st.inputs.map(endpoint), output_layers: outputs.map(endpoint) };
    if (typeof t.config.name === 'string') config.name = t.config.name;
    if (st.notes.length) warnings.push(`nested layers renamed, their names were taken: ${st.notes.join(', ')}`);
    return { topology: { ...t, class_name: 'Functional', config }, map };
  } catch (e) {
    if (!(e instanceof KeepNested)) throw e;
    warnings.push(`nested models kept nested (${e.message}): activation maps can target only their top-level layers`);
    return { topology: t, map: null };
  }
}
