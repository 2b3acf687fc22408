// Hand-built ONNX files for tests: a few nodes, float32 initializers, one
// NCHW image input, written with onnx-proto exactly as an exporter would.
import onnxProto, { type onnx } from 'onnx-proto';

const P = onnxProto.onnx;

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  ints?: Record<string, number[]>;
  int?: Record<string, number>;
}

export function tensor(name: string, dims: number[], data: ArrayLike<number>, dataType = P.TensorProto.DataType.FLOAT): onnx.ITensorProto {
  const raw =
    dataType === P.TensorProto.DataType.INT64
      ? new Uint8Array(BigInt64Array.from(Array.from(data, (v) => BigInt(v))).buffer)
      : new Uint8Array(Float32Array.from(data).buffer);
  return { name, dims, dataType, rawData: raw };
}

const valueInfo = (name: string, dims: number[]): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: P.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});

export function buildModel(opts: {
  input: number[];
  output: [string, number[]];
  nodes: NodeSpec[];
  initializers: onnx.ITensorProto[];
  opset?: number;
}): Uint8Array {
  const nodes = opts.nodes.map((n, i) => ({
    opType: n.op,
    name: n.name ?? `${n.op}_${i}`,
    input: n.inputs,
    output: n.outputs,
    attribute: [
      ...Object.entries(n.ints ?? {}).map(([name, ints]) => ({ name, type: P.AttributeProto.AttributeType.INTS, ints })),
      ...Object.entries(n.int ?? {}).map(([name, i]) => ({ name, type: P.AttributeProto.AttributeType.INT, i })),
    ],
  }));
  const model: onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: opts.opset ?? 13 }],
    producerName: 'saliency-studio-test',
    graph: {
      name: 'g',
      node: nodes,
      initializer: opts.initializers,
      input: [valueInfo('x', opts.input)],
      output: [valueInfo(opts.output[0], opts.output[1])],
    },
  };
  return P.ModelProto.encode(P.ModelProto.create(model)).finish();
}
