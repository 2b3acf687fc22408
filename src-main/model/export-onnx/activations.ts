// tfjs activation functions (their getClassName()) as ONNX ops, each the
// formula tfjs-layers' activations.js computes (hardSigmoid is Keras 2's
// clip(0.2x + 0.5, 0, 1); swish x·σ(x); gelu the erf form, gelu_new the tanh
// form). The softmax family normalises over the Keras last axis. A name
// without an entry is refused by the caller.
import { f, type OnnxBuilder } from './builder';
import { onnxAxis, type Val } from './layout';

type Emit = (b: OnnxBuilder, v: Val, base: string) => string;

const unary =
  (op: string, attrs: Record<string, number | { float: number }> = {}): Emit =>
  (b, v, base) =>
    b.op(op, [v.name], attrs, base);

const ACTIVATIONS: Record<string, Emit> = {
  linear: (_b, v) => v.name,
  relu: unary('Relu'),
  relu6: (b, v, base) => b.op('Clip', [v.name, b.scalar(`${base}_min`, 0), b.scalar(`${base}_max`, 6)], {}, base),
  elu: unary('Elu', { alpha: f(1) }),
  selu: unary('Selu'),
  sigmoid: unary('Sigmoid'),
  hardSigmoid: unary('HardSigmoid', { alpha: f(0.2), beta: f(0.5) }),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  tanh: unary('Tanh'),
  softmax: (b, v, base) => b.op('Softmax', [v.name], { axis: onnxAxis(v, -1) }, base),
  logSoftmax: (b, v, base) => b.op('LogSoftmax', [v.name], { axis: onnxAxis(v, -1) }, base),
  swish: (b, v, base) => b.op('Mul', [v.name, b.op('Sigmoid', [v.name], {}, `${base}_sigmoid`)], {}, base),
  mish: (b, v, base) => {
    const t = b.op('Tanh', [b.op('Softplus', [v.name], {}, `${base}_softplus`)], {}, `${base}_tanh`);
    return b.op('Mul', [v.name, t], {}, base);
  },
  gelu: (b, v, base) => {
    // x · 0.5 · (1 + erf(x / √2))
    const erf = b.op('Erf', [b.op('Div', [v.name, b.scalar(`${base}_sqrt2`, Math.SQRT2)], {}, `${base}_scaled`)], {}, `${base}_erf`);
    const cdf = b.op('Mul', [b.op('Add', [erf, b.scalar(`${base}_one`, 1)], {}, `${base}_1p`), b.scalar(`${base}_half`, 0.5)], {}, `${base}_cdf`);
    return b.op('Mul', [v.name, cdf], {}, base);
  },
  gelu_new: (b, v, base) => {
    // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
    const cube = b.op('Pow', [v.name, b.scalar(`${base}_three`, 3)], {}, `${base}_cube`);
    const inner = b.op('Add', [v.name, b.op('Mul', [cube, b.scalar(`${base}_c`, 0.044715)], {}, `${base}_cx3`)], {}, `${base}_inner`);
    const t = b.op('Tanh', [b.op('Mul', [inner, b.scalar(`${base}_k`, Math.sqrt(2 / Math.PI))], {}, `${base}_arg`)], {}, `${base}_tanh`);
    const half = b.op('Mul', [b.op('Add', [t, b.scalar(`${base}_one`, 1)], {}, `${base}_1p`), b.scalar(`${base}_half`, 0.5)], {}, `${base}_halfp`);
    return b.op('Mul', [v.name, half], {}, base);
  },
};

/** `v` through the activation called `name`, or null where there is no ONNX form for it. */
export function activation(b: OnnxBuilder, v: Val, name: string, base: string): Val | null {
  const emit = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  return emit ? { ...v, name: emit(b, v, base) } : null;
}
