// Parameter randomisation for imported ONNX graphs (Adebayo et al.'s cascading
// test): a layer's weights are re-drawn as PyTorch initialises them — Conv and
// Gemm/MatMul weights and biases from U(−1/√fan_in, 1/√fan_in) (kaiming_uniform
// with a = √5), BatchNormalization reset to scale 1, shift 0, mean 0, var 1 —
// seeded, in a copy of the model's initializers; the file's others are kept.
import { mulberry32 } from '../../shared/random';
import type { ConstTensor, OnnxModel, OnnxNode } from './proto';

/** Ops whose constant inputs are trained parameters, and which inputs those are. */
const PARAM_INPUTS: Record<string, number[]> = { Conv: [1, 2], Gemm: [1, 2], MatMul: [1], BatchNormalization: [1, 2, 3, 4] };

/** Exporters share equal initializers through Identity nodes: follow them back to the initializer. */
function initializerBehind(model: OnnxModel, name: string): ConstTensor | undefined {
  for (let hops = 0; hops < 8; hops++) {
    const c = model.initializers.get(name);
    if (c) return c;
    const id = model.nodes.find((n) => n.op === 'Identity' && n.outputs[0] === name);
    if (!id) return undefined;
    name = id.inputs[0];
  }
  return undefined;
}

export const hasParameters = (node: OnnxNode, model: OnnxModel): boolean =>
  (PARAM_INPUTS[node.op] ?? []).some((i) => node.inputs[i] && initializerBehind(model, node.inputs[i]));

function fanIn(node: OnnxNode, w: ConstTensor): number {
  if (node.op === 'Conv') return w.shape.slice(1).reduce((a, b) => a * b, 1);
  if (node.op === 'Gemm') return node.attrs.transB === 1 ? w.shape[1] : w.shape[0];
  return w.shape[0];
}

function redraw(node: OnnxNode, inputIndex: number, c: ConstTensor, fan: number, rand: () => number): ConstTensor {
  const data = new Float32Array(c.data.length);
  if (node.op === 'BatchNormalization') data.fill(inputIndex === 1 || inputIndex === 4 ? 1 : 0);
  else {
    const bound = 1 / Math.sqrt(Math.max(1, fan));
    for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * bound;
  }
  return { ...c, data };
}

/**
 * A model whose `layers` (node names) have fresh parameters, each under a new
 * initializer of its own (so a value the exporter shared between layers is
 * not re-drawn for both); every other initializer is the original's.
 */
export function randomisedModel(model: OnnxModel, layers: ReadonlySet<string>, seed: number): OnnxModel {
  const rand = mulberry32(seed);
  const initializers = new Map(model.initializers);
  const nodes = model.nodes.map((node) => {
    if (!layers.has(node.name)) return node;
    const w = initializerBehind(model, node.inputs[1] ?? '');
    const fan = w ? fanIn(node, w) : 1;
    const inputs = [...node.inputs];
    for (const i of PARAM_INPUTS[node.op] ?? []) {
      const c = inputs[i] ? initializerBehind(model, inputs[i]) : undefined;
      if (!c || c.dtype !== 'float32') continue;
      const name = `${node.name}::randomised:${i}`;
      initializers.set(name, redraw(node, i, c, fan, rand));
      inputs[i] = name;
    }
    return { ...node, inputs };
  });
  return { ...model, nodes, initializers };
}
