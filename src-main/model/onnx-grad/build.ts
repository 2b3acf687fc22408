// Reverse-mode differentiation of an imported ONNX graph into ONE ONNX model
// for onnxruntime: inputs the image x and a seed g (∂score/∂logits, e.g.
// one-hot), outputs the logits and g·∂logits/∂x. The forward nodes are kept as
// they are; backward nodes are appended, node by node in reverse order, from
// the rules tables; contributions to a value used twice are summed. Only the
// input gradient is built (no weight gradients). A graph with an op on the
// image→logits path that no rule knows is refused by name before anything is
// built. input-gradient.ts serves it to the gradient methods.
import onnxProto from 'onnx-proto';
import { StudioError } from '../../api/errors';
import { quote } from '../files';
import { sessionModel } from '../onnx/ort-forward';
import { type ConstTensor, decodeModel, decodeProto, type ExternalReader, toNum } from '../onnx/proto';
import { GradCtx, type Rule } from './ctx';
import { POINTWISE_RULES } from './rules-pointwise';
import { SPATIAL_RULES } from './rules-spatial';
import { inferShapes } from './shapes';

const proto = onnxProto.onnx;
const FLOAT = proto.TensorProto.DataType.FLOAT;

export const RULES: Record<string, Rule> = { ...SPATIAL_RULES, ...POINTWISE_RULES };
/** Ops whose output carries no gradient (integer shape data): the image's influence stops there. */
const NO_GRADIENT = new Set(['Shape', 'Size']);
/** A final activation: the value before it is read as logits, as the importer does. */
const HEADS = new Set(['Softmax', 'LogSoftmax', 'Sigmoid']);

export interface GradModel {
  bytes: Uint8Array;
  input: string;
  seed: string;
  logits: string;
  grad: string;
  /** The image input's dims (batch free). */
  inputDims: number[];
  classes: number;
  /** How many nodes of each op the backward pass goes through. */
  ops: Record<string, number>;
}

export interface GradOptions {
  readExternal?: ExternalReader | null;
  /** The value differentiated; default: the graph's output, or the input of its final Softmax/LogSoftmax/Sigmoid. */
  logits?: string;
}

export function buildGradModel(file: Uint8Array, label: string, opts: GradOptions = {}): GradModel {
  const first = decodeModel(file, label, opts.readExternal ?? null);
  if (first.opset < 13) throw new StudioError('unsupported-model', `${label}: opset ${first.opset}; the gradient graph needs opset 13 or later`);
  if (first.inputs.length !== 1) throw new StudioError('unsupported-model', `${label}: ${first.inputs.length} graph inputs; one image input is differentiated`);
  const inputName = first.inputs[0].name;
  const producer = new Map(first.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  let logits = opts.logits ?? first.outputs[0]?.name ?? '';
  const head = producer.get(logits);
  if (!opts.logits && head && HEADS.has(head.op)) logits = head.inputs[0];
  if (!producer.has(logits)) throw new StudioError('unknown-layer', `${label}: no node outputs ${quote(logits)}`);
  const dims = first.inputs[0].dims.map((d) => d ?? 1);
  // The file's graph with external data inlined, `logits` as output and a free batch (ort-forward's copy).
  const plan = { inputName, output: logits, nchw: true, h: dims[2], w: dims[3], c: dims[1] };
  const bytes = sessionModel(file, plan, opts.readExternal ?? null, true);
  const model = decodeModel(bytes, label, null);

  const consts = new Map<string, ConstTensor>(model.initializers);
  for (const n of model.nodes) {
    const v = n.attrs.value;
    if (n.op === 'Constant' && v && typeof v === 'object' && 'data' in v) consts.set(n.outputs[0], v);
    // torch.onnx shares equal weights through Identity nodes (densenet's BN statistics).
    const c = consts.get(n.inputs[0]);
    if (n.op === 'Identity' && c) consts.set(n.outputs[0], c);
  }
  const live = new Set([inputName]);
  for (const n of model.nodes) if (!NO_GRADIENT.has(n.op) && n.inputs.some((i) => live.has(i))) n.outputs.forEach((o) => live.add(o));
  const needed = new Set([logits]);
  for (const n of [...model.nodes].reverse()) if (n.outputs.some((o) => needed.has(o))) n.inputs.forEach((i) => needed.add(i));
  const path = model.nodes.map((n) => n.outputs.some((o) => needed.has(o) && live.has(o)));
  const refused = model.nodes.find((n, i) => path[i] && (!RULES[n.op] || (n.domain && n.domain !== 'ai.onnx')));
  if (refused)
    throw new StudioError(
      'unsupported-model',
      `${label}: op ${refused.domain ? `${refused.domain}.` : ''}${refused.op} (node ${quote(refused.name)}) has no backward rule for onnxruntime; differentiated ops: ${Object.keys(RULES).join(', ')}`,
    );

  const m = decodeProto(bytes, label);
  const graph = m.graph!;
  graph.node ??= [];
  graph.initializer ??= [];
  const shapes = inferShapes(model.nodes, new Map([[inputName, dims]]), consts);
  const ctx = new GradCtx(graph, shapes, consts, live);
  const classes = shapes.get(logits)?.[1] ?? 0;
  const seed = ctx.fresh('seed');
  const rawNodes = [...graph.node];
  const grads = new Map<string, string[]>([[logits, [seed]]]);
  const total = (v: string): string | null => {
    const parts = grads.get(v);
    if (!parts?.length) return null;
    return parts.length === 1 ? parts[0] : ctx.op('Sum', parts, {}, `${v}/sum`);
  };
  const ops: Record<string, number> = {};
  for (let i = model.nodes.length - 1; i >= 0; i--) {
    const n = model.nodes[i];
    if (!path[i]) continue;
    const gOut = n.outputs.map(total);
    if (!gOut[0]) continue;
    ops[n.op] = (ops[n.op] ?? 0) + 1;
    RULES[n.op](ctx, n, rawNodes[i], gOut).forEach((g, k) => {
      const v = n.inputs[k];
      if (g && v && live.has(v)) grads.set(v, [...(grads.get(v) ?? []), g]);
    });
  }
  const gx = total(inputName);
  if (!gx) throw new StudioError('unsupported-model', `${label}: ${quote(logits)} does not depend on the input ${quote(inputName)}`);
  const grad = ctx.fresh(`${inputName}/grad`);
  graph.node.push({ opType: 'Identity', name: grad, input: [gx], output: [grad] });

  const batch = { dimParam: 'batch' };
  graph.input!.push({ name: seed, type: { tensorType: { elemType: FLOAT, shape: { dim: [batch, { dimValue: classes }] } } } });
  graph.output = [logits, grad].map((name) => proto.ValueInfoProto.create({ name, type: { tensorType: { elemType: FLOAT } } }));
  // ScatterElements' reduction needs opset 16; 13–16 change nothing the rules or these ops rely on.
  for (const o of m.opsetImport ?? []) if (!o.domain || o.domain === 'ai.onnx') o.version = Math.max(toNum(o.version), 16);
  m.irVersion = Math.max(toNum(m.irVersion), 8);
  return { bytes: proto.ModelProto.encode(m).finish(), input: inputName, seed, logits, grad, inputDims: dims.slice(1), classes, ops };
}
