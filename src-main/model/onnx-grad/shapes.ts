// Static shapes of the forward values for the ops the differentiator knows:
// backward rules need input sizes (ConvTranspose's output_padding, Split's
// sizes, pooling divisors, broadcast axes). A value whose op is not listed
// here has no shape; a rule that needs it then refuses by name.
import { padsFor } from '../onnx/ops/conv';
import type { ConstTensor, OnnxNode } from '../onnx/proto';
import { attrs } from '../onnx/value';

type Shapes = Map<string, number[]>;

export function broadcast(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const pa = [...Array(n - a.length).fill(1), ...a];
  const pb = [...Array(n - b.length).fill(1), ...b];
  return pa.map((d, i) => (d === 1 ? pb[i] : d));
}

/** Output size of a pool/conv axis; ceil_mode drops a last window that would start in the end padding (as torch and pool.ts do). */
export function windows(size: number, pb: number, pe: number, k: number, s: number, d: number, ceil: boolean): number {
  const span = size + pb + pe - ((k - 1) * d + 1);
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + pb) out--;
  return out;
}

/** Kernel, strides, dilations and [top, bottom, left, right] pads of a 2-D Conv or pool on an input of h×w. */
export function geometry(node: OnnxNode, h: number, w: number, kernel?: number[]) {
  const a = attrs(node);
  const k = kernel ?? a.ints('kernel_shape', []);
  const s = a.ints('strides', [1, 1]);
  const d = a.ints('dilations', [1, 1]);
  const pads = padsFor(a, h, w, k, s, d, `${node.op} node ${node.name}`);
  return { k, s, d, pads, ceil: a.int('ceil_mode', 0) === 1 };
}

function spatial(node: OnnxNode, x: number[], channels: number, kernel?: number[]): number[] | null {
  if (x.length !== 4) return null;
  const g = geometry(node, x[2], x[3], kernel);
  if (g.k.length !== 2) return null;
  const [t, b, l, r] = g.pads;
  return [x[0], channels, windows(x[2], t, b, g.k[0], g.s[0], g.d[0], g.ceil), windows(x[3], l, r, g.k[1], g.s[1], g.d[1], g.ceil)];
}

function ofNode(n: OnnxNode, ins: (number[] | undefined)[], consts: Map<string, ConstTensor>): number[] | null {
  const [x, y] = ins;
  const a = attrs(n);
  const c = (i: number) => consts.get(n.inputs[i]);
  switch (n.op) {
    case 'Relu':
    case 'Clip':
    case 'Sigmoid':
    case 'Identity':
    case 'Dropout':
    case 'BatchNormalization':
    case 'Softmax':
    case 'LogSoftmax':
    case 'Tanh':
    case 'Neg':
    case 'Exp':
    case 'Sqrt':
      return x ?? null;
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return x && y ? broadcast(x, y) : null;
    case 'Conv': {
      const wt = c(1);
      const wShape = wt?.shape ?? ins[1];
      return x && wShape ? spatial(n, x, wShape[0], wShape.slice(2)) : null;
    }
    case 'MaxPool':
    case 'AveragePool':
      return x ? spatial(n, x, x[1]) : null;
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
      return x ? [x[0], x[1], ...x.slice(2).map(() => 1)] : null;
    case 'Flatten': {
      if (!x) return null;
      const axis = a.int('axis', 1) < 0 ? a.int('axis', 1) + x.length : a.int('axis', 1);
      const p = (v: number[]) => v.reduce((s, d) => s * d, 1);
      return [p(x.slice(0, axis)), p(x.slice(axis))];
    }
    case 'Reshape': {
      const t = c(1);
      if (!x || !t) return null;
      const total = x.reduce((s, d) => s * d, 1);
      const dims = Array.from(t.data, (d, i) => (d === 0 && !a.int('allowzero', 0) ? x[i] : d));
      const known = dims.reduce((s, d) => (d === -1 ? s : s * d), 1);
      return dims.map((d) => (d === -1 ? total / known : d));
    }
    case 'Gemm': {
      if (!x || !y) return null;
      return [a.int('transA', 0) ? x[1] : x[0], a.int('transB', 0) ? y[0] : y[1]];
    }
    case 'MatMul':
      return x && y && y.length === 2 ? [...x.slice(0, -1), y[1]] : null;
    case 'Concat': {
      if (ins.some((s) => !s)) return null;
      const axis = (a.int('axis', 0) + x!.length) % x!.length;
      const out = [...x!];
      out[axis] = ins.reduce((s, v) => s + v![axis], 0);
      return out;
    }
    case 'Pad': {
      const p = c(1);
      if (!x || !p) return null;
      return x.map((d, i) => d + p.data[i] + p.data[i + x.length]);
    }
    case 'Transpose': {
      const perm = a.ints('perm', x ? x.map((_, i) => x.length - 1 - i) : []);
      return x ? perm.map((p) => x[p]) : null;
    }
    default:
      return null;
  }
}

/** Shapes of every value the listed ops produce, from the graph's input shapes. */
export function inferShapes(nodes: OnnxNode[], inputs: Map<string, number[]>, consts: Map<string, ConstTensor>): Shapes {
  const shapes: Shapes = new Map(inputs);
  for (const [name, t] of consts) shapes.set(name, t.shape);
  for (const n of nodes) {
    const s = ofNode(
      n,
      n.inputs.map((i) => shapes.get(i)),
      consts,
    );
    if (s && n.outputs[0]) shapes.set(n.outputs[0], s);
  }
  return shapes;
}
