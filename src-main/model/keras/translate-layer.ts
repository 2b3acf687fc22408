// One leaf layer's Keras config (Keras 1, 2 or 3) rewritten into the Keras 2
// form tfjs-layers deserialises, or refused by name: a config tfjs would
// accept but run differently (grouped convolutions, keepdims pooling, a
// leaky ReLU) is refused here rather than silently giving other numbers.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';

export type Json = Record<string, unknown>;

export interface LayerContext {
  label: string;
  warnings: string[];
  /** Keras 3 changed hard_sigmoid (relu6(x + 3) / 6; tfjs keeps Keras 2's clip(0.2x + 0.5)). */
  keras3: boolean;
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const q = (s: unknown): string => JSON.stringify(String(s).slice(0, 120));

/** The layer classes tfjs-layers registers (the serialization map also holds initializers and optimizers). */
let layerClasses: Set<string> | null = null;
export function tfjsLayerClasses(): Set<string> {
  if (!layerClasses) {
    const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown]>;
    layerClasses = new Set(Object.keys(map).filter((k) => (map[k][0] as { prototype?: unknown }).prototype instanceof tf.layers.Layer));
  }
  return layerClasses;
}

const ACTIVATIONS = new Set([
  'elu',
  'selu',
  'relu',
  'relu6',
  'linear',
  'sigmoid',
  'hard_sigmoid',
  'softplus',
  'softsign',
  'tanh',
  'softmax',
  'log_softmax',
  'gelu',
  'mish',
  'swish',
]);
/** Keras names tfjs spells differently. */
const ACTIVATION_ALIASES: Record<string, string> = { silu: 'swish' };

export function refuse(ctx: LayerContext, name: unknown, cls: unknown, why: string): never {
  throw new StudioError('unsupported-model', `${ctx.label}: layer ${q(name)} (${String(cls).slice(0, 80)}) ${why}`);
}

function activation(ctx: LayerContext, name: unknown, cls: unknown, a: unknown): string {
  // Keras 3 may wrap a built-in activation as {module: 'keras.activations', class_name: 'function', config: 'relu'}.
  const v = isObj(a) && typeof a.config === 'string' && String(a.module ?? '').startsWith('keras') ? a.config : a;
  if (typeof v !== 'string') refuse(ctx, name, cls, 'has a custom activation function, which cannot be loaded');
  const mapped = ACTIVATION_ALIASES[v] ?? v;
  if (ACTIVATIONS.has(mapped) && !(ctx.keras3 && mapped === 'hard_sigmoid')) return mapped;
  return refuse(ctx, name, cls, `uses the activation ${q(v)}, which tfjs-layers does not implement`);
}

/** A dtype or a Keras 3 dtype policy as the string tfjs takes; mixed precision runs in float32 here. */
function dtype(ctx: LayerContext, name: unknown, d: unknown): unknown {
  const policy = isObj(d) && isObj(d.config) ? d.config.name : d;
  if (typeof policy !== 'string') return d;
  if (policy.startsWith('mixed_')) {
    ctx.warnings.push(`layer ${q(name)}: dtype policy ${policy} computed in float32`);
    return 'float32';
  }
  return policy;
}

/** Keras 1 names (Convolution2D, nb_filter, border_mode, dim_ordering, p, output_dim) in Keras 2 form. */
const KERAS1_CLASSES: Record<string, string> = {
  Convolution2D: 'Conv2D',
  Dense: 'Dense',
  Activation: 'Activation',
  MaxPooling2D: 'MaxPooling2D',
  AveragePooling2D: 'AveragePooling2D',
  Flatten: 'Flatten',
  Dropout: 'Dropout',
  InputLayer: 'InputLayer',
};

function fromKeras1(ctx: LayerContext, cls: string, c: Json): [string, Json] {
  const name = c.name;
  const to = KERAS1_CLASSES[cls];
  if (!to) refuse(ctx, name, cls, 'is a Keras 1 layer this importer does not translate');
  if (c.dim_ordering !== undefined && c.dim_ordering !== 'tf') refuse(ctx, name, cls, `has dim_ordering ${q(c.dim_ordering)}; only "tf" is supported`);
  const out: Json = { name, trainable: c.trainable ?? true };
  if (c.batch_input_shape) out.batch_input_shape = c.batch_input_shape;
  if (c.input_dtype) out.dtype = c.input_dtype;
  if (c.activation !== undefined) out.activation = c.activation;
  if (c.dim_ordering === 'tf') out.data_format = 'channels_last';
  if (c.border_mode !== undefined) out.padding = c.border_mode;
  if (cls === 'Convolution2D') Object.assign(out, { filters: c.nb_filter, kernel_size: [c.nb_row, c.nb_col], strides: c.subsample, use_bias: c.bias ?? true });
  if (cls === 'Dense') Object.assign(out, { units: c.output_dim, use_bias: c.bias ?? true });
  if (cls.endsWith('Pooling2D')) Object.assign(out, { pool_size: c.pool_size, strides: c.strides });
  if (cls === 'Dropout') out.rate = c.p;
  return [to, out];
}

const DROP_KEYS = new Set([
  'groups',
  'lora_rank',
  'lora_alpha',
  'synchronized',
  'quantization_config',
  'build_config',
  'compile_config',
  'ragged',
  'sparse',
  'optional',
]);

/** Semantics tfjs would ignore: refused with what the layer does. */
function checkSemantics(ctx: LayerContext, cls: string, c: Json): void {
  const name = c.name;
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  if (c.groups !== undefined && c.groups !== 1)
    refuse(ctx, name, cls, `is a grouped convolution (groups ${String(c.groups)}), which tfjs-layers does not implement`);
  if (c.lora_rank != null) refuse(ctx, name, cls, 'has LoRA weights, which tfjs-layers does not implement');
  if (c.keepdims === true) refuse(ctx, name, cls, 'keeps the pooled dimensions (keepdims), which tfjs-layers does not implement');
  if (cls === 'ReLU' && (num(c.negative_slope) !== 0 || num(c.threshold) !== 0))
    refuse(ctx, name, cls, 'has a negative slope or threshold, which tfjs ReLU does not implement');
  if (c.renorm === true) refuse(ctx, name, cls, 'uses batch renormalisation, which tfjs-layers does not implement');
  if (c.rms_scaling === true) refuse(ctx, name, cls, 'uses RMS scaling, which tfjs-layers does not implement');
  if (Array.isArray(c.axis) && cls.endsWith('Normalization') && c.axis.length !== 1)
    refuse(ctx, name, cls, `normalises over several axes ${JSON.stringify(c.axis)}`);
  if (c.data_format === 'channels_first') ctx.warnings.push(`layer ${q(name)} is channels_first: its input is laid out [channels, height, width]`);
}

/** Keras initializer names that tfjs spells differently (Keras 1 strings, Keras 3 class names). */
const INITIALIZER_ALIASES: Record<string, string> = {
  glorot_uniform: 'GlorotUniform',
  glorot_normal: 'GlorotNormal',
  he_normal: 'HeNormal',
  he_uniform: 'HeUniform',
  lecun_normal: 'LeCunNormal',
  lecun_uniform: 'LeCunUniform',
  LecunNormal: 'LeCunNormal',
  LecunUniform: 'LeCunUniform',
  zero: 'Zeros',
  zeros: 'Zeros',
  one: 'Ones',
  ones: 'Ones',
  uniform: 'RandomUniform',
  normal: 'RandomNormal',
  orthogonal: 'Orthogonal',
  identity: 'Identity',
};

/**
 * A layer's initializer as tfjs reads it. Kept, not zeroed: parameter
 * randomisation (the sanity checks) re-creates layers by their own
 * initializers. One tfjs does not know becomes glorot_uniform, and says so.
 */
function initializer(ctx: LayerContext, layer: unknown, key: string, v: unknown): Json {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, unknown>;
  const rawName = typeof v === 'string' ? v : isObj(v) ? String(v.class_name ?? '') : '';
  const cls = INITIALIZER_ALIASES[rawName] ?? rawName;
  const config = isObj(v) && isObj(v.config) ? Object.fromEntries(Object.entries(v.config).filter(([, x]) => x === null || typeof x !== 'object')) : {};
  if (registered[cls]) return { class_name: cls, config };
  ctx.warnings.push(`layer ${q(layer)}: ${key} ${q(rawName)} is not a tfjs initializer; glorot_uniform is used if the layer is randomised`);
  return { class_name: 'GlorotUniform', config: {} };
}

/**
 * One leaf layer entry ({class_name, config, name?, inbound_nodes?}) in the
 * Keras 2 form; initializers are kept for randomised copies (weights are
 * loaded over them), and regularizers and constraints, which only matter in
 * training, are dropped.
 */
export function translateLeaf(ctx: LayerContext, entry: Json, keras1: boolean): Json {
  let cls = String(entry.class_name ?? '');
  let c: Json = isObj(entry.config) ? { ...entry.config } : {};
  const name = c.name ?? entry.name;
  if (cls === 'Lambda') refuse(ctx, name, cls, 'is a Lambda layer: it runs Python code, which cannot be loaded');
  const registered = entry.registered_name;
  const mod = entry.module;
  if ((typeof registered === 'string' && registered.includes('>')) || (typeof mod === 'string' && !mod.startsWith('keras'))) {
    refuse(ctx, name, cls, `is a custom class (registered as ${q(registered ?? mod)}), which cannot be loaded without its Python code`);
  }
  if (keras1) [cls, c] = fromKeras1(ctx, cls, c);
  if (!tfjsLayerClasses().has(cls)) refuse(ctx, name, cls, 'has a class tfjs-layers does not implement (a custom or unsupported layer)');
  checkSemantics(ctx, cls, c);
  const out: Json = {};
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined || DROP_KEYS.has(k) || k.endsWith('_regularizer') || k.endsWith('_constraint')) continue;
    if (k.endsWith('_initializer')) out[k] = initializer(ctx, name, k, v);
    else if (k === 'activation') out[k] = activation(ctx, name, cls, v);
    else if (k === 'dtype') out[k] = dtype(ctx, name, v);
    else if (k === 'batch_shape') out.batch_input_shape = v;
    else if (k === 'axis' && Array.isArray(v) && v.length === 1) out[k] = v[0];
    else out[k] = v;
  }
  if (out.name === undefined && typeof name === 'string') out.name = name;
  const res: Json = { class_name: cls, config: out };
  if (entry.name !== undefined) res.name = entry.name;
  return res;
}
