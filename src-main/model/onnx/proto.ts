// Reads an ONNX ModelProto (onnx-proto: the ONNX schema compiled for
// protobufjs) into plain records: nodes with decoded attributes, initializers
// as typed arrays (float32, float16 → float32, int64 → int32 with a range
// check, external data beside the model), and the graph's inputs and outputs
// with their static shapes. Everything the file declares is checked before it
// sizes an allocation; anything we do not read is refused by name.
import onnxProto, { type onnx } from 'onnx-proto';
import { StudioError } from '../../api/errors';
import { quote } from '../files';
import { halfToFloat } from '../../numerics/float16';

// onnx-proto is CommonJS: its runtime namespace comes through the default export.
const proto = onnxProto.onnx;

export type ConstData = Float32Array | Int32Array;

/** A constant tensor from the file: an initializer or a Constant node's value. */
export interface ConstTensor {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: ConstData;
}

export type AttrValue = number | string | number[] | string[] | ConstTensor;

export interface OnnxNode {
  /** The node's name, or its first output's when the exporter left it empty. */
  name: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface ValueShape {
  name: string;
  /** Static dims; null for a symbolic or missing one. */
  dims: (number | null)[];
  elemType: number;
}

export interface OnnxModel {
  opset: number;
  producer: string;
  nodes: OnnxNode[];
  initializers: Map<string, ConstTensor>;
  /** Graph inputs that are not initializers. */
  inputs: ValueShape[];
  outputs: ValueShape[];
  /** Names of external-data files the initializers reference, relative to the model. */
  externalFiles: string[];
}

/** Reads external data: (relative file name, offset, length) → bytes. */
export type ExternalReader = (file: string, offset: number, length: number | null) => Uint8Array;

const MAX_ELEMENTS = 1 << 30;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const DTYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(proto.TensorProto.DataType).map(([k, v]) => [v as number, k.toLowerCase()]));

type Int = number | { toNumber(): number; toString(): string };
/** An int64 field as a number (protobufjs gives Long objects when long.js is present). */
export const toNum = (v: Int | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

/** int64 → int32, saturating: shape arithmetic uses INT64_MAX as "to the end". */
const sat = (v: number): number => Math.max(INT32_MIN, Math.min(INT32_MAX, v));

function dimsOf(t: onnx.ITensorProto, label: string): number[] {
  const dims = (t.dims ?? []).map(toNum);
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new StudioError('bad-model', `${label}: dimension ${d} is not a size`);
    n *= d;
  }
  if (n > MAX_ELEMENTS) throw new StudioError('too-large', `${label}: ${n} elements, above the ${MAX_ELEMENTS}-element limit`);
  return dims;
}

function rawBytes(t: onnx.ITensorProto, label: string, readExternal: ExternalReader | null): Uint8Array | null {
  if (t.dataLocation === proto.TensorProto.DataLocation.EXTERNAL) {
    const kv = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const file = kv.get('location');
    if (!file) throw new StudioError('bad-model', `${label}: external data without a location`);
    if (!readExternal) throw new StudioError('missing-weights', `${label}: its data is in the external file ${quote(file)}, which was not given`);
    const offset = Number(kv.get('offset') ?? 0);
    const length = kv.has('length') ? Number(kv.get('length')) : null;
    if (!Number.isSafeInteger(offset) || offset < 0 || (length !== null && (!Number.isSafeInteger(length) || length < 0)))
      throw new StudioError('bad-model', `${label}: bad external-data offset or length`);
    return readExternal(file, offset, length);
  }
  return t.rawData && t.rawData.length ? t.rawData : null;
}

/** A TensorProto as a float32 or int32 constant. */
export function readTensor(t: onnx.ITensorProto, readExternal: ExternalReader | null, fallbackName = 'tensor'): ConstTensor {
  const name = t.name || fallbackName;
  const label = `initializer ${quote(name)}`;
  const shape = dimsOf(t, label);
  const n = shape.reduce((a, b) => a * b, 1);
  const type = t.dataType ?? 0;
  const raw = rawBytes(t, label, readExternal);
  const need = (bytes: number): DataView => {
    if (!raw) throw new StudioError('bad-model', `${label}: no data`);
    if (raw.length !== n * bytes) throw new StudioError('bad-model', `${label}: ${raw.length} bytes of data for ${n} elements of ${DTYPE_NAMES[type]}`);
    return new DataView(raw.buffer, raw.byteOffset, raw.length);
  };
  const fromList = <T>(list: T[] | null | undefined, conv: (v: T) => number, Ctor: typeof Float32Array | typeof Int32Array): ConstData => {
    if (!list || list.length !== n) throw new StudioError('bad-model', `${label}: ${list?.length ?? 0} values for ${n} elements`);
    const out = new Ctor(n);
    for (let i = 0; i < n; i++) out[i] = conv(list[i]);
    return out;
  };
  switch (type) {
    case proto.TensorProto.DataType.FLOAT: {
      if (!raw) return { name, dtype: 'float32', shape, data: fromList(t.floatData, (v) => v, Float32Array) };
      const dv = need(4);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
      return { name, dtype: 'float32', shape, data: out };
    }
    case proto.TensorProto.DataType.FLOAT16: {
      // Stored in int32_data (one half per element) when not raw.
      if (!raw) return { name, dtype: 'float32', shape, data: fromList(t.int32Data, halfToFloat, Float32Array) };
      const dv = need(2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
      return { name, dtype: 'float32', shape, data: out };
    }
    case proto.TensorProto.DataType.DOUBLE: {
      if (!raw) return { name, dtype: 'float32', shape, data: fromList(t.doubleData, (v) => v, Float32Array) };
      const dv = need(8);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
      return { name, dtype: 'float32', shape, data: out };
    }
    case proto.TensorProto.DataType.INT64: {
      if (!raw) return { name, dtype: 'int32', shape, data: fromList(t.int64Data as Int[], (v) => sat(toNum(v)), Int32Array) };
      const dv = need(8);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = sat(Number(dv.getBigInt64(i * 8, true)));
      return { name, dtype: 'int32', shape, data: out };
    }
    case proto.TensorProto.DataType.INT32:
    case proto.TensorProto.DataType.INT8:
    case proto.TensorProto.DataType.UINT8:
    case proto.TensorProto.DataType.BOOL: {
      const bytes = type === proto.TensorProto.DataType.INT32 ? 4 : 1;
      if (!raw) return { name, dtype: 'int32', shape, data: fromList(t.int32Data, (v) => v, Int32Array) };
      const dv = need(bytes);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = bytes === 4 ? dv.getInt32(i * 4, true) : type === proto.TensorProto.DataType.INT8 ? dv.getInt8(i) : dv.getUint8(i);
      return { name, dtype: 'int32', shape, data: out };
    }
    default:
      throw new StudioError(
        'bad-model',
        `${label}: data type ${DTYPE_NAMES[type] ?? type} is not read (float32, float16, double, int64, int32, int8, uint8, bool are)`,
      );
  }
}

function readAttr(a: onnx.IAttributeProto, readExternal: ExternalReader | null, where: string): AttrValue | undefined {
  const T = proto.AttributeProto.AttributeType;
  const str = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? []).toString('utf8');
  switch (a.type) {
    case T.FLOAT:
      return a.f ?? 0;
    case T.INT:
      return sat(toNum(a.i as Int));
    case T.STRING:
      return str(a.s);
    case T.FLOATS:
      return a.floats ?? [];
    case T.INTS:
      return (a.ints ?? []).map((v) => sat(toNum(v as Int)));
    case T.STRINGS:
      return (a.strings ?? []).map(str);
    case T.TENSOR:
      return readTensor(a.t!, readExternal, `${where}.${a.name}`);
    default:
      return undefined; // graphs, sparse tensors: no op we lower reads them
  }
}

function shapeOf(v: onnx.IValueInfoProto): ValueShape {
  const t = v.type?.tensorType;
  // A symbolic dim (dimParam) decodes with dimValue 0: null, as a missing one.
  const dims = (t?.shape?.dim ?? []).map((d) => toNum(d.dimValue as Int));
  return { name: v.name ?? '', dims: dims.map((d) => (d > 0 ? d : null)), elemType: t?.elemType ?? 0 };
}

/** Decodes the file; a truncated or foreign file is a one-line named error. */
/** The raw protobuf message; a truncated or foreign file is a one-line named error. */
export function decodeProto(bytes: Uint8Array, label: string): onnx.ModelProto {
  try {
    return proto.ModelProto.decode(bytes);
  } catch (e) {
    throw new StudioError(
      'bad-model',
      `${label}: not a readable ONNX file (${String((e as Error).message)
        .split('\n')[0]
        .slice(0, 120)})`,
    );
  }
}

/** Decodes the file into plain records (nodes, constants, inputs, outputs). */
export function decodeModel(bytes: Uint8Array, label: string, readExternal: ExternalReader | null): OnnxModel {
  const m = decodeProto(bytes, label);
  const g = m.graph;
  if (!g || !g.node?.length) throw new StudioError('bad-model', `${label}: the ONNX file has no graph`);
  const opsetEntry = (m.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsetEntry ? toNum(opsetEntry.version as Int) : 0;
  if (opset < 7 || opset > 21) throw new StudioError('bad-model', `${label}: ONNX opset ${opset} is not supported (7–21 are)`);
  const externalFiles = new Set<string>();
  const initializers = new Map<string, ConstTensor>();
  for (const t of g.initializer ?? []) {
    if (t.dataLocation === proto.TensorProto.DataLocation.EXTERNAL) {
      const loc = (t.externalData ?? []).find((e) => e.key === 'location')?.value;
      if (loc) externalFiles.add(loc);
    }
    initializers.set(t.name ?? '', readTensor(t, readExternal));
  }
  const nodes: OnnxNode[] = g.node.map((n, i) => {
    const name = n.name || n.output?.[0] || `node_${i}`;
    const attrs: Record<string, AttrValue> = {};
    for (const a of n.attribute ?? []) {
      const v = readAttr(a, readExternal, name);
      if (v !== undefined && a.name) attrs[a.name] = v;
    }
    return { name, op: n.opType ?? '', domain: n.domain ?? '', inputs: n.input ?? [], outputs: n.output ?? [], attrs };
  });
  return {
    opset,
    producer: `${m.producerName ?? ''} ${m.producerVersion ?? ''}`.trim(),
    nodes,
    initializers,
    inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(shapeOf),
    outputs: (g.output ?? []).map(shapeOf),
    externalFiles: [...externalFiles],
  };
}
