// CAM (Zhou et al. 2016): on a head that is global average pooling then a
// linear map to the classes, w_k is that map's weight from channel k to class
// c (the bias only shifts the score, not the map). Two equivalent heads:
//   layer → GlobalAveragePooling2D → Dense           (the paper's form)
//   layer → Conv2D 1×1, linear, stride 1 → GlobalAveragePooling2D
//                                                   (Darknet, NiN, SqueezeNet)
// Other heads: an error naming what was found. No gradients. Without --layer,
// CAM uses the layer feeding its head (not the generic automatic CAM layer,
// which on a 1×1-conv head is the conv itself).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { ExplainContext } from '../types';
import { camMethod } from './template';

const source = (t: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.layers.Layer | null => (Array.isArray(t) ? null : (t.sourceLayer as tf.layers.Layer));
const inputOf = (l: tf.layers.Layer | null): tf.layers.Layer | null => (l ? source(l.input as tf.SymbolicTensor) : null);

interface CamHead {
  /** The layer whose activations the head pools. */
  feeds: string;
  /** Channel weights for class c, [K]. */
  weights(c: number): tf.Tensor1D;
}

function isLinearPointwise(l: tf.layers.Layer): boolean {
  if (l.getClassName() !== 'Conv2D') return false;
  const cfg = l.getConfig() as { kernel_size?: number[]; kernelSize?: number[]; strides?: number[]; activation?: string; dilation_rate?: number[] };
  const k = cfg.kernel_size ?? cfg.kernelSize ?? [];
  return k.every((v) => v === 1) && (cfg.strides ?? [1, 1]).every((v) => v === 1) && (cfg.activation ?? 'linear') === 'linear';
}

/** The GAP + linear head of the model, or an error naming what the class scores come from. */
function camHead(ctx: ExplainContext): CamHead {
  const graph = ctx.model.layerGraph;
  if (!graph)
    throw new StudioError(
      'unsupported-model',
      `CAM reads the GAP + dense head's weights from a Keras layer graph (a tfjs LayersModel, .h5 or .keras file); this model (${ctx.model.format}) has none: use Grad-CAM, which equals CAM on such heads`,
    );
  const last = source(graph.logits)!;
  if (last.getClassName() === 'Dense') {
    const gap = inputOf(last);
    const feeds = gap?.getClassName() === 'GlobalAveragePooling2D' ? inputOf(gap) : null;
    if (feeds) {
      const kernel = last.getWeights()[0] as tf.Tensor2D; // [K, classes]
      return { feeds: feeds.name, weights: (c) => tf.tidy(() => kernel.slice([0, c], [-1, 1]).reshape([-1]) as tf.Tensor1D) };
    }
    const g = gap ? ` after ${gap.getClassName()} "${gap.name}"` : '';
    throw new StudioError(
      'cam-needs-gap-dense',
      `CAM needs a head GlobalAveragePooling2D → Dense (or a linear 1×1 Conv2D → GlobalAveragePooling2D); this model's class scores come from Dense "${last.name}"${g} (use Grad-CAM instead)`,
    );
  }
  if (last.getClassName() === 'GlobalAveragePooling2D') {
    const conv = inputOf(last);
    const feeds = conv && isLinearPointwise(conv) ? inputOf(conv) : null;
    if (conv && feeds) {
      const kernel = conv.getWeights()[0] as tf.Tensor4D; // [1, 1, K, classes]
      return { feeds: feeds.name, weights: (c) => tf.tidy(() => kernel.slice([0, 0, 0, c], [1, 1, -1, 1]).reshape([-1]) as tf.Tensor1D) };
    }
  }
  throw new StudioError(
    'cam-needs-gap-dense',
    `CAM needs a head GlobalAveragePooling2D → Dense (or a linear 1×1 Conv2D → GlobalAveragePooling2D); this model's class scores come from ${last.getClassName()} "${last.name}" (use Grad-CAM instead)`,
  );
}

export const cam = camMethod(
  {
    id: 'cam',
    label: 'CAM',
    paper: 'Zhou, Khosla, Lapedriza, Oliva & Torralba 2016, Learning Deep Features for Discriminative Localization (arXiv:1512.04150)',
    params: [],
  },
  {
    gradients: false,
    autoLayer: (ctx) => camHead(ctx).feeds,
    weights: ({ ctx, layer }) => {
      const head = camHead(ctx);
      if (head.feeds !== layer)
        throw new StudioError(
          'cam-needs-gap-dense',
          `CAM reads its weights from the head, which pools layer "${head.feeds}", not "${layer}" (use Grad-CAM for other layers)`,
        );
      return head.weights(ctx.target);
    },
  },
);
