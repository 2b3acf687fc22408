// UnsortedSegmentSum on wasm (the gradient of gather): a wasm ScatterNd, which
// adds rows that share an index. Ids outside [0, numSegments) are dropped, as
// in TensorFlow, by routing them to one extra segment that is sliced off.
import * as tf from '@tensorflow/tfjs';
import { composedKernel } from './util';

interface Attrs {
  numSegments: number;
}

export const unsortedSegmentSumConfig = composedKernel<Attrs>(tf.UnsortedSegmentSum, (inputs, attrs) => {
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs;
  const k = tf.util.sizeFromShape(segmentIds.shape);
  const rest = x.shape.slice(segmentIds.rank);
  const ids = tf.reshape(tf.cast(segmentIds, 'int32'), [k]);
  const bad = tf.logicalOr(tf.less(ids, 0), tf.greaterEqual(ids, numSegments));
  const safe = tf.where(bad, tf.fill([k], numSegments, 'int32'), ids);
  const sums = tf.scatterND(tf.reshape(safe, [k, 1]), tf.reshape(x, [k, ...rest]), [numSegments + 1, ...rest]);
  return tf.slice(sums, 0, numSegments);
});
