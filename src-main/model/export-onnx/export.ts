// A tfjs LayersModel, from its image input to the tensor the classifier
// reads as logits, as an in-memory ONNX model for onnxruntime. The walk
// follows each symbolic tensor to the layer call (inbound node) that made it;
// a nested Sequential or Functional model is walked inside, its inputs bound
// to the tensors it was called on, so Teachable-Machine-style models export
// whether or not they were flattened. The ONNX input is NHWC [batch, h, w, c]
// as the classifier is fed (rank-3 grey models reshape it away); image
// tensors are held NCHW inside (layout.ts). Anything the op table
// (layers.ts) cannot express comes back as the reason, naming the layer.
import * as tf from '@tensorflow/tfjs';
import { toApiError } from '../../api/errors';
import type { OrtPlan } from '../onnx/ort-forward';
import { OnnxBuilder } from './builder';
import { LAYER_EXPORTERS } from './layers';
import { refuse } from './layer-call';
import { Layout, type Val } from './layout';

export interface ExportedModel {
  bytes: Uint8Array;
  plan: OrtPlan;
  /** Nodes written, for tests and info. */
  nodes: number;
}

/** The part of a classifier's layer graph the export reads. */
export interface ExportSource {
  input: tf.SymbolicTensor;
  logits: tf.SymbolicTensor;
}

interface Scope {
  /** Values of the symbolic tensors seen in this model (call), by tensor id. */
  values: Map<number, Val>;
  /** Outputs of each layer call, by `${layer id}:${node index}`. */
  calls: Map<string, Val[]>;
}

interface Node {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}

const INPUT = 'input';

class Walk {
  readonly b = new OnnxBuilder();
  readonly layout = new Layout(this.b);

  value(t: tf.SymbolicTensor, scope: Scope): Val {
    const hit = scope.values.get(t.id);
    if (hit) return hit;
    const layer = t.sourceLayer as tf.layers.Layer;
    if (layer.getClassName() === 'InputLayer') refuse(layer, 'the model reads a second input');
    const node = (layer as unknown as { inboundNodes: Node[] }).inboundNodes[t.nodeIndex];
    const key = `${layer.id}:${t.nodeIndex}`;
    let outs = scope.calls.get(key);
    if (!outs) {
      const inputs = node.inputTensors.map((i) => this.value(i, scope));
      outs = layer instanceof tf.LayersModel ? this.nested(layer, inputs) : [this.leaf(layer, inputs)];
      scope.calls.set(key, outs);
      node.outputTensors.forEach((o, i) => outs![i] && scope.values.set(o.id, outs![i]));
    }
    const v = outs[t.tensorIndex];
    if (!v) refuse(layer, `output ${t.tensorIndex} is not exported`);
    return v;
  }

  private nested(model: tf.LayersModel, inputs: Val[]): Val[] {
    if (model.inputs.length !== inputs.length) refuse(model, `called on ${inputs.length} tensors for its ${model.inputs.length} inputs`);
    const scope: Scope = { values: new Map(model.inputs.map((t, i) => [t.id, inputs[i]])), calls: new Map() };
    return model.outputs.map((o) => this.value(o, scope));
  }

  private leaf(layer: tf.layers.Layer, inputs: Val[]): Val {
    const cls = layer.getClassName();
    const exporter = Object.hasOwn(LAYER_EXPORTERS, cls) ? LAYER_EXPORTERS[cls] : undefined;
    if (!exporter) refuse(layer, 'no ONNX exporter for this layer class');
    const shapes = inputs.map((v) => [null, ...v.shape]);
    const out = layer.computeOutputShape(shapes.length === 1 ? shapes[0] : shapes) as (number | null)[];
    if (Array.isArray(out[0]) || out.slice(1).some((d) => typeof d !== 'number' || d < 0))
      refuse(layer, `output shape [${String(out)}] is not one fixed shape`);
    return exporter({ b: this.b, layout: this.layout, layer, inputs, out: out.slice(1) as number[], base: layer.name });
  }
}

/**
 * The ONNX model computing `src.logits` from `src.input` for an NHWC batch of
 * h×w×c images, with the plan ortForward runs it by; or why it cannot be made.
 */
export function exportLayersModel(src: ExportSource, dims: { h: number; w: number; c: number }): ExportedModel | { reason: string } {
  try {
    const walk = new Walk();
    const b = walk.b;
    const name = b.fresh(INPUT);
    const rank = src.input.shape.length;
    if (rank !== 3 && rank !== 4) refuse(src.input.sourceLayer as tf.layers.Layer, `an input of rank ${rank}`);
    // A grey model without a channel axis reads [n, h, w].
    const input: Val =
      rank === 4
        ? { name, shape: [dims.h, dims.w, dims.c], nchw: false }
        : { name: b.op('Reshape', [name, b.ints('input_hw', [-1, dims.h, dims.w])], {}, 'input_hw'), shape: [dims.h, dims.w], nchw: false };
    const scope: Scope = { values: new Map([[src.input.id, input]]), calls: new Map() };
    const v = walk.layout.keras(walk.value(src.logits, scope));
    if (v.shape.length !== 1) refuse(src.logits.sourceLayer as tf.layers.Layer, `the logits have shape [n,${v.shape.join(',')}], not [n, classes]`);
    const output = b.op('Identity', [v.name], {}, 'logits');
    const bytes = b.encode({ name, dims: [dims.h, dims.w, dims.c] }, output);
    return { bytes, plan: { inputName: name, output, nchw: false, ...dims }, nodes: b.nodeCount };
  } catch (e) {
    return { reason: toApiError(e).message };
  }
}
