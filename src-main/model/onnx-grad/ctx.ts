// What a backward rule sees while the gradient graph is written: the forward
// node (decoded attributes and constants from proto.ts), static shapes of the
// forward values, which values depend on the image, and an emitter that
// appends nodes and initializers to the raw graph proto with fresh names.
import onnxProto, { type onnx } from 'onnx-proto';
import { StudioError } from '../../api/errors';
import type { ConstTensor, OnnxNode } from '../onnx/proto';

const proto = onnxProto.onnx;
const AT = proto.AttributeProto.AttributeType;
const FLOAT = proto.TensorProto.DataType.FLOAT;
const INT64 = proto.TensorProto.DataType.INT64;

/** Float attributes are marked so an integral float is not written as an int. */
export type Attr = number | number[] | string | { float: number } | onnx.ITensorProto;

function attribute(name: string, v: Attr): onnx.IAttributeProto {
  if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AT.INTS, ints: v };
  if (typeof v === 'number') return { name, type: AT.INT, i: v };
  if ('float' in v) return { name, type: AT.FLOAT, f: v.float };
  return { name, type: AT.TENSOR, t: v };
}

export class GradCtx {
  private readonly used = new Set<string>();
  private readonly shapeNodes = new Map<string, string>();
  private readonly scalars = new Map<number, string>();

  constructor(
    private readonly graph: onnx.IGraphProto,
    /** Static shapes of forward values (batch as the file states it, 1 where symbolic). */
    readonly shapes: Map<string, number[]>,
    /** Initializers and Constant outputs, decoded. */
    readonly consts: Map<string, ConstTensor>,
    /** Values that depend on the image input: the only ones that get a gradient. */
    readonly live: Set<string>,
  ) {
    for (const n of graph.node ?? []) for (const o of n.output ?? []) this.used.add(o);
    for (const v of [...(graph.input ?? []), ...(graph.initializer ?? [])]) this.used.add(v.name ?? '');
  }

  fresh(base: string): string {
    const clean = `grad/${base.replace(/[^\w/.-]/g, '_')}`;
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Appends one node; returns its outputs' names. */
  opN(type: string, inputs: string[], outputs: number, attrs: Record<string, Attr> = {}, base = type): string[] {
    const out = Array.from({ length: outputs }, () => this.fresh(base));
    this.graph.node!.push({
      opType: type,
      name: out[0],
      input: inputs,
      output: out,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, base = type): string {
    return this.opN(type, inputs, 1, attrs, base)[0];
  }

  floats(base: string, dims: number[], data: Float32Array): string {
    const name = this.fresh(base);
    this.graph.initializer!.push({ name, dims, dataType: FLOAT, rawData: new Uint8Array(Float32Array.from(data).buffer) });
    return name;
  }

  ints(base: string, data: number[]): string {
    const name = this.fresh(base);
    const raw = new Uint8Array(BigInt64Array.from(data.map((v) => BigInt(v))).buffer);
    this.graph.initializer!.push({ name, dims: [data.length], dataType: INT64, rawData: raw });
    return name;
  }

  /** A float32 scalar constant, shared by every rule that needs the same value. */
  scalar(v: number): string {
    let name = this.scalars.get(v);
    if (!name) this.scalars.set(v, (name = this.floats(`c${v}`, [], Float32Array.of(v))));
    return name;
  }

  /** The runtime shape of a forward value (one Shape node per value): batch-free reshapes and expands. */
  dynShape(value: string): string {
    let s = this.shapeNodes.get(value);
    if (!s) this.shapeNodes.set(value, (s = this.op('Shape', [value])));
    return s;
  }

  shape(value: string, where: string): number[] {
    const s = this.shapes.get(value);
    if (!s) throw new StudioError('unsupported-model', `${where}: the shape of ${value} is not known statically`);
    return s;
  }

  /** A constant input (initializer or Constant), or null. */
  constOf(value: string): ConstTensor | null {
    return this.consts.get(value) ?? null;
  }

  /** g of shape `from` summed down to `to` (numpy broadcasting undone). */
  unbroadcast(g: string, from: number[], to: number[]): string {
    const lead = from.length - to.length;
    const axes: number[] = [];
    for (let i = 0; i < from.length; i++) {
      const t = i < lead ? 1 : to[i - lead];
      if (i < lead || (t === 1 && from[i] !== 1)) axes.push(i);
    }
    if (!axes.length) return g;
    const summed = this.op('ReduceSum', [g, this.ints('axes', axes)], { keepdims: 1 });
    return lead ? this.op('Reshape', [summed, this.ints('shape', to)]) : summed;
  }
}

/** A backward rule: gradients of the node's inputs (null where none flows) from its outputs'. */
export type Rule = (ctx: GradCtx, node: OnnxNode, raw: onnx.INodeProto, gOut: (string | null)[]) => (string | null)[];

export const where = (n: OnnxNode): string => `${n.op} node ${n.name}`;
