// Nested models inlined into one Functional config: the wiring, the names
// (kept, prefixed only on a collision), the frozen flag, and the cases that
// stay nested.
import { describe, expect, it } from 'vitest';
import { flattenTopology, pathKey } from './flatten';
import type { KerasTopology } from './translate';

type J = Record<string, unknown>;
const ref = (n: string, node = 0, t = 0): unknown[] => [n, node, t, {}];
const input = (name: string, fn = false): J => ({
  class_name: 'InputLayer',
  config: { name, batch_input_shape: [null, 4], dtype: 'float32' },
  ...(fn ? { name, inbound_nodes: [] } : {}),
});
const dense = (name: string, nodes?: unknown[][][]): J => ({
  class_name: 'Dense',
  config: { name, units: 4 },
  ...(nodes ? { name, inbound_nodes: nodes } : {}),
});
const functional = (name: string, layers: J[], ins: string[], outs: string[], extra: J = {}): J => ({
  class_name: 'Functional',
  config: { name, layers, input_layers: ins.map((n) => [n, 0, 0]), output_layers: outs.map((n) => [n, 0, 0]), ...extra },
});
const sequential = (name: string, layers: J[], extra: J = {}): J => ({ class_name: 'Sequential', config: { name, layers, ...extra } });
const topo = (e: J): KerasTopology => ({ class_name: String(e.class_name), config: e.config as J, keras_version: '2.4.0', backend: 'tensorflow' });
const run = (e: J): { flat: ReturnType<typeof flattenTopology>; warnings: string[]; layers: J[] } => {
  const warnings: string[] = [];
  const flat = flattenTopology(topo(e), warnings);
  return { flat, warnings, layers: flat.topology.config.layers as J[] };
};
const wiring = (layers: J[]): unknown[] => layers.map((l) => [l.name, l.inbound_nodes]);

// Sequential[x, Sequential[x2, a], Functional[in, b, sum = b + in], c]: the Teachable-Machine shape, with a residual.
const block = functional(
  'block',
  [input('in', true), dense('b', [[ref('in')]]), { class_name: 'Add', config: { name: 'sum' }, name: 'sum', inbound_nodes: [[ref('b'), ref('in')]] }],
  ['in'],
  ['sum'],
);
const model = sequential('outer', [input('x'), sequential('trunk', [input('x2'), dense('a')]), block, dense('c')]);

describe('flattenTopology', () => {
  it('inlines a Sequential and a Functional inside a Sequential: their inputs are the tensors they are called on', () => {
    const { flat, warnings, layers } = run(model);
    expect(warnings).toEqual([]);
    expect(flat.topology.class_name).toBe('Functional');
    expect(wiring(layers)).toEqual([
      ['x', []],
      ['a', [[ref('x')]]],
      ['b', [[ref('a')]]],
      ['sum', [[ref('b'), ref('a')]]],
      ['c', [[ref('sum')]]],
    ]);
    expect(flat.topology.config.input_layers).toEqual([['x', 0, 0]]);
    expect(flat.topology.config.output_layers).toEqual([['c', 0, 0]]);
    expect(flat.map?.units).toEqual([
      { name: 'x', layers: ['x'] },
      { name: 'trunk', layers: ['a'] },
      { name: 'block', layers: ['b', 'sum'] },
      { name: 'c', layers: ['c'] },
    ]);
    expect(flat.map?.paths.get(pathKey(['block', 'b']))).toBe('b');
    expect(flat.map?.renamed).toEqual({});
  });

  it('a nested name already taken gets its model path as a prefix; the outer layer keeps its name', () => {
    const clash = sequential('outer', [input('x'), sequential('trunk', [dense('c'), dense('c_')]), dense('c')]);
    const { flat, warnings, layers } = run(clash);
    expect(layers.map((l) => [l.name, (l.config as J).name])).toEqual([
      ['x', 'x'],
      ['trunk/c', 'trunk/c'],
      ['c_', 'c_'],
      ['c', 'c'],
    ]);
    expect(flat.map?.renamed).toEqual({ 'trunk/c': 'trunk/c' });
    expect(flat.map?.paths.get(pathKey(['trunk', 'c']))).toBe('trunk/c');
    expect(warnings).toEqual(['nested layers renamed, their names were taken: "c" of trunk → "trunk/c"']);
  });

  it('a frozen nested model freezes its layers; the others keep their flag', () => {
    const frozen = sequential('outer', [input('x'), sequential('trunk', [dense('a')], { trainable: false }), dense('c')]);
    const { layers } = run(frozen);
    expect(layers.map((l) => (l.config as J).trainable)).toEqual([undefined, false, undefined]);
  });

  it('a Functional top: a nested model is wired by its inbound node, references to it by its outputs', () => {
    const top = functional('top', [input('x', true), { ...block, name: 'block', inbound_nodes: [[ref('x')]] }, dense('c', [[ref('block')]])], ['x'], ['c']);
    const { layers, flat } = run(top);
    expect(wiring(layers)).toEqual([
      ['x', []],
      ['b', [[ref('x')]]],
      ['sum', [[ref('b'), ref('x')]]],
      ['c', [[ref('sum')]]],
    ]);
    expect(flat.topology.config.output_layers).toEqual([['c', 0, 0]]);
  });

  it('a Sequential whose first layer is a nested model takes that model input; one without an InputLayer gets tfjs’ name for it', () => {
    const first = run(sequential('outer', [block, dense('c')]));
    expect(first.flat.topology.config.input_layers).toEqual([['in', 0, 0]]);
    expect(wiring(first.layers)[0]).toEqual(['in', []]);
    const shaped = run(sequential('outer', [{ class_name: 'Dense', config: { name: 'a', units: 4, batch_input_shape: [null, 3] } }, block]));
    expect(shaped.layers[0]).toEqual({
      class_name: 'InputLayer',
      config: { name: 'a_input', batch_input_shape: [null, 3], dtype: 'float32' },
      name: 'a_input',
      inbound_nodes: [],
    });
  });

  it('a model called twice stays one nested layer, its later call reading a layer listed after it; the rest is inlined', () => {
    const shared = { ...sequential('twice', [dense('a')]), name: 'twice', inbound_nodes: [[ref('x')], [ref('block')]] };
    const top = functional(
      'top',
      [input('x', true), shared, { ...block, name: 'block', inbound_nodes: [[ref('twice')]] }, dense('c', [[ref('twice', 1)]])],
      ['x'],
      ['c'],
    );
    const { layers, flat, warnings } = run(top);
    expect(warnings).toEqual([]);
    expect(layers.map((l) => [l.name, l.class_name, l.inbound_nodes])).toEqual([
      ['x', 'InputLayer', []],
      ['twice', 'Sequential', [[ref('x')], [ref('sum')]]],
      ['b', 'Dense', [[ref('twice')]]],
      ['sum', 'Add', [[ref('b'), ref('twice')]]],
      ['c', 'Dense', [[ref('twice', 1)]]],
    ]);
    expect(flat.map?.units.find((u) => u.name === 'twice')?.layers).toEqual(['twice']);
  });

  it('stays nested, with a warning, where a Sequential step has two outputs or a call forms a cycle; is the identity where nothing is nested', () => {
    const two = functional('two', [input('in', true), dense('p', [[ref('in')]]), dense('q', [[ref('in')]])], ['in'], ['p', 'q']);
    const { flat, warnings } = run(sequential('outer', [input('x'), two, dense('c')]));
    expect(flat.map).toBeNull();
    expect(flat.topology.class_name).toBe('Sequential');
    expect(warnings).toEqual(['nested models kept nested (a Sequential step with several outputs): activation maps can target only their top-level layers']);
    const loop = functional('loop', [input('in', true)], ['in'], ['in']);
    const cyclic = run(functional('top', [input('x', true), { ...loop, name: 'loop', inbound_nodes: [[ref('loop')]] }], ['x'], ['loop']));
    expect(cyclic.flat.map).toBeNull();
    expect(cyclic.warnings[0]).toMatch(/^nested models kept nested \(a cycle through /);
    const plain = topo(sequential('s', [input('x'), dense('a')]));
    const w: string[] = [];
    expect(flattenTopology(plain, w)).toEqual({ topology: plain, map: null });
    expect(w).toEqual([]);
  });
});
