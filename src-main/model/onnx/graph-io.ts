// What an ONNX file declares about its ends: the one image input (layout and
// size), the value read as logits (before a final Softmax/LogSoftmax/Sigmoid)
// and readable names for its nodes. Pure functions of the decoded model.
import { StudioError } from '../../api/errors';
import { quote } from '../files';
import type { OnnxModel, OnnxNode } from './proto';

const HEADS = new Set(['Softmax', 'LogSoftmax', 'Sigmoid']);

/** '/features/denseblock4/denselayer16/conv2/Conv' → 'features.denseblock4.denselayer16.conv2'. */
export function readableName(node: OnnxNode): string {
  const parts = node.name.split('/').filter(Boolean);
  if (parts.length > 1 && parts[parts.length - 1].startsWith(node.op)) parts.pop();
  return parts.length ? parts.join('.') : node.name;
}

export function imageInput(model: OnnxModel, label: string): { name: string; nchw: boolean; h: number; w: number; c: number; warnings: string[] } {
  const warnings: string[] = [];
  if (model.inputs.length !== 1)
    throw new StudioError(
      'unsupported-model',
      `${label}: the graph has ${model.inputs.length} inputs (${model.inputs.map((i) => quote(i.name)).join(', ')}); one image input is supported`,
    );
  const inp = model.inputs[0];
  const d = inp.dims;
  if (d.length !== 4)
    throw new StudioError('unsupported-model', `${label}: input ${quote(inp.name)} has rank ${d.length}; an image input [N,C,H,W] or [N,H,W,C] is needed`);
  const small = (v: number | null): boolean => v !== null && v <= 4;
  const nchw = small(d[1]) || !small(d[3]);
  const [c, h, w] = nchw ? [d[1], d[2], d[3]] : [d[3], d[1], d[2]];
  if (!c || !h || !w)
    throw new StudioError(
      'unsupported-model',
      `${label}: input ${quote(inp.name)} has symbolic spatial or channel dimensions [${d.map((v) => v ?? '?').join(',')}]`,
    );
  if (inp.elemType === 10) warnings.push('float16 model: computed in float32');
  if (d[0] === null) warnings.push('symbolic batch dimension: runs batched');
  return { name: inp.name, nchw, h, w, c, warnings };
}

/** The value before the final activation, and which activation that was. */
export function logitsOf(model: OnnxModel, outputIndex: number, label: string): { name: string; head: string | null } {
  const out = model.outputs[outputIndex];
  if (!out) throw new StudioError('no-class-output', `outputIndex ${outputIndex} is out of range: the graph has ${model.outputs.length} outputs`);
  const last = model.nodes.find((n) => n.outputs.includes(out.name));
  if (!last) throw new StudioError('bad-model', `${label}: output ${quote(out.name)} is not computed by any node`);
  if (HEADS.has(last.op)) return { name: last.inputs[0], head: last.op };
  return { name: out.name, head: null };
}
