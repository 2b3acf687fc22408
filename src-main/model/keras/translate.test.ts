// Config translation, Keras 1/2/3 → the Keras 2 form tfjs-layers reads, on
// small hand-written configs: what is rewritten, what is dropped, what is refused.
import { describe, expect, it } from 'vitest';
import { translateModelConfig } from './translate';

type J = Record<string, unknown>;
const policy = (name: string): J => ({ module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null });
const k3 = (class_name: string, config: J, extra: J = {}): J => ({ module: 'keras.layers', class_name, config, registered_name: null, ...extra });
const seq = (layers: J[], extra: J = {}): J => ({ module: 'keras', class_name: 'Sequential', config: { name: 'seq', layers, ...extra } });
const input3 = k3('InputLayer', { batch_shape: [null, 8, 8, 3], dtype: 'float32', sparse: false, name: 'input_layer' });

function run(config: J, version = '3.4.1', backend = 'tensorflow'): { layers: J[]; warnings: string[]; config: J } {
  const warnings: string[] = [];
  const t = translateModelConfig(config, version, backend, 'm.keras', warnings);
  return { layers: t.config.layers as J[], warnings, config: t.config };
}
const refusal = (config: J, version = '3.4.1', backend = 'tensorflow'): string => {
  try {
    run(config, version, backend);
  } catch (e) {
    expect((e as { code: string }).code).toMatch(/^(unsupported-model|bad-model)$/);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('Keras 3 leaf layers', () => {
  it('InputLayer batch_shape, dtype policies, initializers, regularizers, module and build_config', () => {
    const conv = k3(
      'Conv2D',
      {
        name: 'conv2d',
        dtype: policy('float32'),
        filters: 4,
        kernel_size: [3, 3],
        groups: 1,
        activation: 'silu',
        kernel_initializer: k3('GlorotUniform', { seed: null }),
        kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 } },
        bias_constraint: null,
      },
      { build_config: { input_shape: [null, 8, 8, 3] } },
    );
    const { layers, warnings } = run(seq([input3, conv]));
    expect(layers[0]).toEqual({ class_name: 'InputLayer', config: { batch_input_shape: [null, 8, 8, 3], dtype: 'float32', name: 'input_layer' } });
    expect(layers[1]).toEqual({
      class_name: 'Conv2D',
      config: {
        name: 'conv2d',
        dtype: 'float32',
        filters: 4,
        kernel_size: [3, 3],
        activation: 'swish',
        // Kept (module and registered_name dropped): randomised copies re-draw layers by their own initializer.
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      },
    });
    expect(warnings).toEqual([]);
  });

  it('mixed precision runs in float32, with a warning', () => {
    const { layers, warnings } = run(seq([input3, k3('Dense', { name: 'd', units: 2, dtype: policy('mixed_float16') })]));
    expect((layers[1].config as J).dtype).toBe('float32');
    expect(warnings).toEqual(['layer "d": dtype policy mixed_float16 computed in float32']);
  });

  it('a one-element normalisation axis becomes a number (tfjs reads [-1] as a string)', () => {
    const { layers } = run(seq([input3, k3('BatchNormalization', { name: 'bn', axis: [-1], synchronized: false })]));
    expect(layers[1].config).toEqual({ name: 'bn', axis: -1 });
  });

  it.each([
    [k3('Conv2D', { name: 'g', filters: 4, kernel_size: [3, 3], groups: 2 }), 'layer "g" (Conv2D) is a grouped convolution (groups 2)'],
    [k3('Dense', { name: 'a', units: 2, activation: 'leaky_relu' }), 'layer "a" (Dense) uses the activation "leaky_relu"'],
    [k3('Dense', { name: 'h', units: 2, activation: 'hard_sigmoid' }), 'layer "h" (Dense) uses the activation "hard_sigmoid"'],
    [k3('GlobalAveragePooling2D', { name: 'gap', keepdims: true }), 'layer "gap" (GlobalAveragePooling2D) keeps the pooled dimensions'],
    [k3('ReLU', { name: 'lr', negative_slope: 0.1 }), 'layer "lr" (ReLU) has a negative slope or threshold'],
    [k3('Normalization', { name: 'norm', axis: -1 }), 'layer "norm" (Normalization) has a class tfjs-layers does not implement'],
    [
      k3('Dense', { name: 'c', units: 2, activation: { module: 'builtins', class_name: 'function', config: 'my_act' } }),
      'layer "c" (Dense) has a custom activation',
    ],
  ])('refuses %#', (layer, message) => {
    expect(refusal(seq([input3, layer]))).toContain(message);
  });

  it("Keras 2's hard_sigmoid is tfjs' (0.2x + 0.5), so it is kept there", () => {
    const dense = { class_name: 'Dense', config: { name: 'h', units: 2, activation: 'hard_sigmoid' } };
    const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } };
    expect((run({ class_name: 'Sequential', config: { name: 's', layers: [input, dense] } }, '2.4.0').layers[1].config as J).activation).toBe('hard_sigmoid');
  });

  it('a Sequential without an InputLayer takes its input shape from build_input_shape', () => {
    const { layers } = run(seq([k3('Dense', { name: 'd', units: 2 })], { build_input_shape: [null, 5] }));
    expect((layers[0].config as J).batch_input_shape).toEqual([null, 5]);
  });
});

describe('Keras 3 functional graphs', () => {
  const tensor = (name: string, node = 0): J => ({
    class_name: '__keras_tensor__',
    config: { shape: [null, 4], dtype: 'float32', keras_history: [name, node, 0] },
  });
  const node = (...args: unknown[]): J => ({ args, kwargs: {} });
  const functional = (layers: J[], outputs: unknown = [['sum', 0, 0]]): J => ({
    module: 'keras',
    class_name: 'Functional',
    registered_name: 'Functional',
    config: { name: 'f', trainable: true, layers, input_layers: [['x', 0, 0]], output_layers: outputs },
  });
  const x = k3('InputLayer', { batch_shape: [null, 4], dtype: 'float32', name: 'x' }, { name: 'x', inbound_nodes: [] });
  const d = k3('Dense', { name: 'd', units: 4 }, { name: 'd', inbound_nodes: [node(tensor('x'))] });

  it('call records become Keras 2 node references; a list argument (Add) becomes several', () => {
    const add = k3('Add', { name: 'sum' }, { name: 'sum', inbound_nodes: [node([tensor('d'), tensor('x')])] });
    const { layers, config } = run(functional([x, d, add]));
    expect(layers.map((l) => [l.name, l.inbound_nodes])).toEqual([
      ['x', []],
      ['d', [[['x', 0, 0, {}]]]],
      [
        'sum',
        [
          [
            ['d', 0, 0, {}],
            ['x', 0, 0, {}],
          ],
        ],
      ],
    ]);
    expect(config.input_layers).toEqual([['x', 0, 0]]);
    expect(config.output_layers).toEqual([['sum', 0, 0]]);
  });

  it('a single output written unwrapped is wrapped', () => {
    const add = k3('Add', { name: 'sum' }, { name: 'sum', inbound_nodes: [node([tensor('d'), tensor('x')])] });
    expect(run(functional([x, d, add], ['sum', 0, 0])).config.output_layers).toEqual([['sum', 0, 0]]);
  });

  it('a call with a constant argument, a tensor keyword, or dict outputs is refused', () => {
    const withConst = k3('Dense', { name: 'd', units: 4 }, { name: 'd', inbound_nodes: [node(tensor('x'), 2.5)] });
    expect(refusal(functional([x, withConst], [['d', 0, 0]]))).toContain('is called with non-tensor arguments');
    const withMask = k3('Dense', { name: 'd', units: 4 }, { name: 'd', inbound_nodes: [{ args: [tensor('x')], kwargs: { mask: tensor('x') } }] });
    expect(refusal(functional([x, withMask], [['d', 0, 0]]))).toContain('tensor keyword argument "mask"');
    expect(refusal(functional([x, d], { out: ['d', 0, 0] }))).toContain('dict');
  });
});

describe('Keras 1 and whole-model refusals', () => {
  it('translates Keras 1 argument names', () => {
    const conv = {
      class_name: 'Convolution2D',
      config: {
        name: 'c1',
        nb_filter: 2,
        nb_row: 3,
        nb_col: 2,
        subsample: [1, 1],
        border_mode: 'valid',
        dim_ordering: 'tf',
        activation: 'relu',
        bias: true,
        batch_input_shape: [null, 8, 8, 3],
        W_regularizer: null,
        init: 'glorot_uniform',
      },
    };
    const dense = { class_name: 'Dense', config: { name: 'd1', output_dim: 3, activation: 'softmax', bias: true, input_dim: null } };
    const drop = { class_name: 'Dropout', config: { name: 'dr', p: 0.5 } };
    const { layers, config, warnings } = run({ class_name: 'Sequential', config: [conv, drop, dense] }, '1.1.2', '');
    expect(config.name).toBeUndefined();
    expect(layers).toEqual([
      {
        class_name: 'Conv2D',
        config: {
          name: 'c1',
          trainable: true,
          batch_input_shape: [null, 8, 8, 3],
          activation: 'relu',
          data_format: 'channels_last',
          padding: 'valid',
          filters: 2,
          kernel_size: [3, 2],
          strides: [1, 1],
          use_bias: true,
        },
      },
      { class_name: 'Dropout', config: { name: 'dr', trainable: true, rate: 0.5 } },
      { class_name: 'Dense', config: { name: 'd1', trainable: true, activation: 'softmax', units: 3, use_bias: true } },
    ]);
    expect(warnings[0]).toMatch(/^Keras 1 file/);
  });

  it('refuses Keras 1 th ordering, the Theano backend, and a subclassed model', () => {
    const th = { class_name: 'Convolution2D', config: { name: 'c1', nb_filter: 2, nb_row: 3, nb_col: 3, dim_ordering: 'th' } };
    expect(refusal({ class_name: 'Sequential', config: [th] }, '1.2.0', '')).toContain('layer "c1" (Convolution2D) has dim_ordering "th"');
    const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } };
    expect(refusal({ class_name: 'Sequential', config: { name: 's', layers: [input] } }, '2.1.0', 'theano')).toContain('Theano');
    expect(refusal({ module: null, class_name: 'MyNet', config: { name: 'my_net' }, registered_name: 'Custom>MyNet' })).toBe(
      'm.keras: layer "my_net" (MyNet) is a custom model class (registered as "Custom>MyNet"), which cannot be loaded without its Python code',
    );
  });
});
