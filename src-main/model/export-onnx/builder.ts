// An ONNX graph written node by node (onnx-proto, opset 13): fresh value
// names, float32 and int64 initializers, and the encoded ModelProto. Knows
// nothing about Keras; layers.ts decides what to emit.
import onnxProto, { type onnx } from 'onnx-proto';

const proto = onnxProto.onnx;
const AT = proto.AttributeProto.AttributeType;
const FLOAT = proto.TensorProto.DataType.FLOAT;
const INT64 = proto.TensorProto.DataType.INT64;

export const OPSET = 13;

export type Attr = number | number[] | string | { float: number };

function attribute(name: string, v: Attr): onnx.IAttributeProto {
  if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AT.INTS, ints: v };
  if (typeof v === 'object') return { name, type: AT.FLOAT, f: v.float };
  return { name, type: AT.INT, i: v };
}

/** Float attributes are marked ({float: x}) so an integral float is not written as an int. */
export const f = (x: number): { float: number } => ({ float: x });

export class OnnxBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly used = new Set<string>();

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** A value name not taken yet, readable from the layer it belongs to. */
  fresh(base: string): string {
    const clean = base.replace(/[^\w/.-]/g, '_') || 'v';
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** One node; returns its (single) output's name. */
  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, base = type): string {
    const out = this.fresh(base);
    this.nodes.push({
      opType: type,
      name: out,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  floats(base: string, dims: number[], data: Float32Array): string {
    const name = this.fresh(base);
    // A copy: the caller's array may be a view of a larger buffer.
    this.inits.push({ name, dims, dataType: FLOAT, rawData: new Uint8Array(Float32Array.from(data).buffer) });
    return name;
  }

  scalar(base: string, v: number): string {
    return this.floats(base, [], Float32Array.of(v));
  }

  ints(base: string, data: number[]): string {
    const name = this.fresh(base);
    const raw = new Uint8Array(BigInt64Array.from(data.map((v) => BigInt(v))).buffer);
    this.inits.push({ name, dims: [data.length], dataType: INT64, rawData: raw });
    return name;
  }

  /** The model: one float32 input [batch, …dims] and one float32 output. */
  encode(input: { name: string; dims: number[] }, output: string): Uint8Array {
    const dim = [{ dimParam: 'batch' }, ...input.dims.map((d) => ({ dimValue: d }))];
    const model: onnx.IModelProto = {
      irVersion: 7,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'saliency-studio',
      graph: {
        name: 'layers-model',
        node: this.nodes,
        initializer: this.inits,
        input: [{ name: input.name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } }],
        output: [{ name: output, type: { tensorType: { elemType: FLOAT } } }],
      },
    };
    return proto.ModelProto.encode(proto.ModelProto.create(model)).finish();
  }
}
