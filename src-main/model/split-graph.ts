// Splits a GraphModel at a node for the CAM family, as split.ts does for a
// LayersModel: features(x) runs the graph up to the node; head(A) runs it from
// the node to the logits by feeding A in place of the node's output (the tfjs
// graph executor accepts any node as an input and stops there). When the
// logits also depend on the image through a path that avoids the node (a skip
// connection from before it), the head is fed the image as well, so those
// branches are recomputed from it — side = [x]. Gradients flow because every
// op of the executor is an ordinary tfjs op on the tape.
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { LayerInfo } from '../api/types';
import { toModelRank } from './input-shape';
import type { ModelSplit } from './split';

interface GraphNode {
  name: string;
  op: string;
  inputs: GraphNode[];
}

const nodesOf = (m: tf.GraphModel): Record<string, GraphNode> =>
  (m as unknown as { executor: { graph: { nodes: Record<string, GraphNode> } } }).executor.graph.nodes;
const bare = (name: string): string => name.split(':')[0];

/** Whether `to` depends on a Placeholder through a path that does not pass through `cut`. */
function readsInputAround(to: GraphNode, cut: string): boolean {
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.name === cut || seen.has(n.name)) continue;
    seen.add(n.name);
    if (n.op === 'Placeholder') return true;
    stack.push(...n.inputs);
  }
  return false;
}

/** The GraphModel, the node names of its image input and class logits, its probed nodes, its input rank. */
export interface GraphParts {
  model: tf.GraphModel;
  inputName: string;
  logitsName: string;
  layers: LayerInfo[];
  rank: number;
}

export function splitGraph(g: GraphParts, name: string): ModelSplit {
  const nodes = nodesOf(g.model);
  const info = g.layers.find((l) => l.name === name);
  if (!nodes[name] || !info) throw new StudioError('unknown-layer', `the graph has no node "${name}"`);
  if (!info.camEligible) {
    throw new StudioError(
      'bad-layer',
      `node "${name}" (${info.className}, output [${info.outputShape.join(',')}]) is not a CAM target: it needs a spatial output [n,h,w,c] that feeds the class scores`,
    );
  }
  const logits = nodes[bare(g.logitsName)];
  const needsImage = readsInputAround(logits, name);
  const rank = g.rank;
  return {
    layer: name,
    shape: info.outputShape.slice(1) as number[],
    features: (x) => {
      const A = g.model.execute({ [g.inputName]: toModelRank(x, rank) }, name) as tf.Tensor;
      return needsImage ? [A, x.clone()] : [A];
    },
    head: (a, side) => {
      const feed: tf.NamedTensorMap = { [name]: a };
      if (needsImage) feed[g.inputName] = toModelRank(side[0] as tf.Tensor4D, rank);
      return g.model.execute(feed, g.logitsName) as tf.Tensor2D;
    },
  };
}
