// The Classifier of a tfjs GraphModel (and a SavedModel run by tfjs-node):
// logits by executing the graph up to the pre-softmax node, a split at any
// probed node (split-graph.ts). A graph has no layer initializers and no
// layer objects whose backward could be swapped: those capabilities refuse.
import * as tf from '@tensorflow/tfjs';
import type { LayerInfo } from '../api/types';
import { StudioError } from '../api/errors';
import type { Classifier } from './classifier';
import { spatialFromInput, toModelRank } from './input-shape';
import { noBackwardRules, noKerasWeights } from './refusals';
import { splitGraph } from './split-graph';

interface GraphNode {
  name: string;
  op: string;
  inputs: GraphNode[];
}

/** Nodes the logits depend on (the logits included), in no particular order. */
function graphAncestors(logits: GraphNode): GraphNode[] {
  const seen = new Map<string, GraphNode>();
  const stack = [logits];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.name)) continue;
    seen.set(n.name, n);
    stack.push(...n.inputs);
  }
  return [...seen.values()];
}

/**
 * Output shapes of the nodes that feed the logits, from one probe run on a
 * zero batch (constants and placeholders excluded). A node whose output is
 * [1,h,w,c] with h·w > 1 is a CAM target, as for layers (model/split-graph.ts).
 */
function probeGraphLayers(model: tf.GraphModel, logits: GraphNode, x: tf.Tensor): LayerInfo[] {
  const nodes = graphAncestors(logits).filter((n) => n.op !== 'Const' && n.op !== 'Placeholder');
  const outs = model.execute(
    x,
    nodes.map((n) => n.name),
  ) as tf.Tensor[];
  const shapes = new Map(nodes.map((n, i) => [n.name, outs[i].shape]));
  tf.dispose(outs);
  return nodes.map((n) => {
    const shape = shapes.get(n.name) ?? [];
    return {
      name: n.name,
      className: n.op,
      outputShape: [null, ...shape.slice(1)],
      camEligible: shape.length === 4 && shape[1] * shape[2] > 1 && n !== logits,
    };
  });
}

/** Orders probed nodes as the graph lists them (a topological order from the converter). */
function inGraphOrder(all: Record<string, GraphNode>, probed: LayerInfo[]): LayerInfo[] {
  const byName = new Map(probed.map((l) => [l.name, l]));
  return Object.keys(all).map((name) => byName.get(name) ?? { name, className: all[name].op, outputShape: [] });
}

export function graphClassifier(model: tf.GraphModel): Classifier {
  const warnings: string[] = [];
  const graph = (model as unknown as { executor: { graph: { outputs: GraphNode[]; nodes: Record<string, GraphNode> } } }).executor.graph;
  const outputs = graph.outputs;
  const outputIndex = outputs.length - 1;
  let outName = model.outputs[outputIndex].name;
  let logitsFromSoftmax = false;
  const outNode = outputs[outputIndex];
  const headKnown = !!outNode && (outNode.op === 'Softmax' || outNode.op === 'Sigmoid') && !!outNode.inputs[0];
  if (headKnown) {
    outName = outNode.inputs[0].name;
    logitsFromSoftmax = outNode.op === 'Softmax';
  }
  const inputShape = (model.inputs[0].shape ?? [null, null, null, 3]).map((d) => (d === -1 ? null : d));
  const { h, w, c } = spatialFromInput(inputShape, warnings);
  const zeros = tf.zeros(inputShape.length === 3 ? [1, h, w] : [1, h, w, c]);
  let layers: LayerInfo[];
  let probe: number[];
  try {
    const out = model.execute(zeros, outName) as tf.Tensor;
    probe = out.shape;
    out.dispose();
    const logitsNode = graph.nodes[outName.split(':')[0]];
    layers = logitsNode ? inGraphOrder(graph.nodes, probeGraphLayers(model, logitsNode, zeros)) : [];
  } finally {
    zeros.dispose();
  }
  if (probe.length !== 2) throw new StudioError('no-class-output', `graph output ${outName} has shape [${probe.join(',')}], not [batch, classes]`);
  return {
    format: 'graph-model',
    inputShape,
    inputHeight: h,
    inputWidth: w,
    inputChannels: c,
    numClasses: probe[1],
    numOutputs: outputs.length,
    outputIndex,
    logitsFromSoftmax,
    head: headKnown && !logitsFromSoftmax ? 'sigmoid' : 'softmax',
    headKnown,
    layers,
    warnings,
    supportsSplit: true,
    ...noKerasWeights('graph-model'),
    ...noBackwardRules('graph-model'),
    logits: (x) => model.execute(toModelRank(x, inputShape.length), outName) as tf.Tensor2D,
    split: (name) => splitGraph({ model, inputName: model.inputs[0].name, logitsName: outName, layers, rank: inputShape.length }, name),
    dispose: () => model.dispose(),
  };
}
