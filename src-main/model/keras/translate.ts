// A Keras model config (Keras 1, 2, or 3; from model_config, config.json or a
// JSON file) as the tfjs-style topology {class_name, config, keras_version,
// backend}. Keras 3 changed the containers: inbound nodes are call records
// ({args, kwargs} holding __keras_tensor__ objects), a Sequential starts
// with an InputLayer carrying batch_shape, and nested models are entries
// like any layer. Leaf layers are handled by translate-layer.ts.
import { StudioError } from '../../api/errors';
import { type Json, type LayerContext, refuse, translateLeaf } from './translate-layer';

export const CONTAINERS = new Set(['Sequential', 'Functional', 'Model']);
/** Nesting deeper than this is no real model, and would exhaust the stack on the way. */
const MAX_DEPTH = 32;

export interface KerasTopology {
  class_name: string;
  config: Json;
  keras_version: string;
  backend: string;
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Ctx extends LayerContext {
  keras1: boolean;
}

function bad(ctx: Ctx, what: string): never {
  throw new StudioError('bad-model', `${ctx.label}: ${what}`);
}

type NodeRef = [string, number, number, Json];

/** The tensors a Keras 3 call record passes, as Keras 2 node references; anything else is refused. */
function keras3Refs(ctx: Ctx, layer: unknown, cls: string, node: Json): NodeRef[] {
  const refs: NodeRef[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) bad(ctx, `layer ${JSON.stringify(layer)}: call arguments nested too deeply`);
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (isObj(v) && v.class_name === '__keras_tensor__' && isObj(v.config) && Array.isArray(v.config.keras_history)) {
      const [n, i, t] = v.config.keras_history as unknown[];
      if (typeof n !== 'string' || !Number.isInteger(i) || !Number.isInteger(t)) bad(ctx, `layer ${JSON.stringify(layer)}: malformed keras_history`);
      refs.push([n, i as number, t as number, {}]);
      return;
    }
    if (v !== null && v !== undefined) refuse(ctx, layer, cls, 'is called with non-tensor arguments, which tfjs-layers cannot replay');
  };
  walk(node.args, 0);
  // Keyword arguments that only restate defaults (training, mask: null) are dropped; a tensor there is refused.
  for (const [k, v] of Object.entries(isObj(node.kwargs) ? node.kwargs : {})) {
    if (isObj(v) || Array.isArray(v)) refuse(ctx, layer, cls, `is called with a tensor keyword argument ${JSON.stringify(k)}`);
  }
  return refs;
}

function inboundNodes(ctx: Ctx, layer: unknown, cls: string, nodes: unknown): NodeRef[][] {
  if (nodes === undefined) return [];
  if (!Array.isArray(nodes)) bad(ctx, `layer ${JSON.stringify(layer)}: inbound_nodes is not a list`);
  return nodes.map((node) => {
    if (isObj(node)) return keras3Refs(ctx, layer, cls, node);
    if (!Array.isArray(node)) bad(ctx, `layer ${JSON.stringify(layer)}: malformed inbound node`);
    // Keras 1/2: [[name, node_index, tensor_index, kwargs?], ...]
    return node.map((r) => {
      if (!Array.isArray(r) || typeof r[0] !== 'string' || !Number.isInteger(r[1]) || !Number.isInteger(r[2]))
        bad(ctx, `layer ${JSON.stringify(layer)}: malformed inbound node`);
      return [r[0], r[1], r[2], {}] as NodeRef;
    });
  });
}

/** input_layers / output_layers as a list of [name, node, tensor]: Keras writes one tensor unwrapped at times. */
function endpoints(ctx: Ctx, v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) {
    if (isObj(v)) refuse(ctx, what, 'Functional', 'has inputs or outputs given as a dict, which tfjs-layers does not support');
    bad(ctx, `${what} is missing`);
  }
  const list = typeof v[0] === 'string' ? [v] : v;
  for (const e of list) if (!Array.isArray(e) || typeof e[0] !== 'string' || e.length < 3) bad(ctx, `malformed ${what}`);
  return list.map((e) => (e as unknown[]).slice(0, 3));
}

/** The input shape a Keras 3 Sequential without an InputLayer records in its build config. */
function buildShape(entry: Json, c: Json): unknown {
  const b = isObj(entry.build_config) ? entry.build_config.input_shape : undefined;
  return c.build_input_shape ?? b;
}

function container(ctx: Ctx, entry: Json, depth: number): Json {
  if (depth > MAX_DEPTH) bad(ctx, `models nested more than ${MAX_DEPTH} deep`);
  const cls = String(entry.class_name);
  const raw = entry.config;
  // Keras 1 wrote a Sequential's config as the bare list of layers.
  const c: Json = Array.isArray(raw) ? { layers: raw } : isObj(raw) ? raw : bad(ctx, `${cls} without a config`);
  if (!Array.isArray(c.layers))
    refuse(ctx, c.name ?? entry.name, cls, 'has no layer list (a subclassed model), which cannot be loaded without its Python code');
  const layers = (c.layers as unknown[]).map((l, i) => {
    if (!isObj(l)) bad(ctx, `${String(c.name ?? cls)}: layer ${i} is not an object`);
    return layer(ctx, l, depth + 1, cls !== 'Sequential');
  });
  const config: Json = { layers };
  // tfjs cannot convert an undefined value; Keras 1 Sequential configs have no name.
  if (typeof (c.name ?? entry.name) === 'string') config.name = c.name ?? entry.name;
  if (c.trainable === false) config.trainable = false;
  if (cls === 'Sequential') {
    const first = layers[0] as Json | undefined;
    const firstCfg = first?.config as Json | undefined;
    const shape = buildShape(entry, c);
    if (first && first.class_name !== 'InputLayer' && firstCfg && !firstCfg.batch_input_shape && Array.isArray(shape)) firstCfg.batch_input_shape = shape;
  } else {
    config.input_layers = endpoints(ctx, c.input_layers, 'input_layers');
    config.output_layers = endpoints(ctx, c.output_layers, 'output_layers');
  }
  // tf.keras 2.4+ and Keras 3 name functional models 'Functional'; Keras 1/2.0 'Model'; tfjs knows both.
  return { class_name: cls, config };
}

function layer(ctx: Ctx, entry: Json, depth: number, functional: boolean): Json {
  const cls = String(entry.class_name ?? '');
  if (!cls) bad(ctx, 'a layer without class_name');
  const registered = entry.registered_name;
  const custom = typeof registered === 'string' && registered.includes('>');
  const out = CONTAINERS.has(cls) && !custom ? container(ctx, entry, depth) : translateLeaf(ctx, entry, ctx.keras1);
  if (functional) {
    const name = entry.name ?? (isObj(entry.config) ? entry.config.name : undefined);
    if (typeof name !== 'string') bad(ctx, `a ${cls} layer without a name`);
    out.name = name;
    out.inbound_nodes = inboundNodes(ctx, name, cls, entry.inbound_nodes);
  }
  return out;
}

/** The model's config translated; `kerasVersion` decides Keras 1 naming. Warnings are appended to `warnings`. */
export function translateModelConfig(config: unknown, kerasVersion: string, backend: string, label: string, warnings: string[]): KerasTopology {
  if (!isObj(config) || typeof config.class_name !== 'string') throw new StudioError('bad-model', `${label}: the model config is not a Keras model`);
  const major = Number.parseInt(kerasVersion, 10);
  const ctx: Ctx = { label, warnings, keras1: major === 1, keras3: major >= 3 };
  if (ctx.keras1) warnings.push('Keras 1 file: the backend is not recorded, TensorFlow is assumed (Theano-trained kernels would be flipped)');
  if (backend === 'theano') refuse(ctx, config.class_name, 'model', 'was saved with the Theano backend, whose convolution kernels are flipped');
  const registered = config.registered_name;
  if (!CONTAINERS.has(config.class_name) || (typeof registered === 'string' && registered.includes('>'))) {
    const name = isObj(config.config) ? config.config.name : undefined;
    refuse(
      ctx,
      name,
      config.class_name,
      `is a custom model class${registered ? ` (registered as ${JSON.stringify(registered)})` : ''}, which cannot be loaded without its Python code`,
    );
  }
  const top = container(ctx, config, 0);
  return { class_name: String(top.class_name), config: top.config as Json, keras_version: kerasVersion, backend: backend || 'tensorflow' };
}
