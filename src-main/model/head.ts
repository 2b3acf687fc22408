// What a classifier's output means. A softmax head's classes compete:
// probabilities are softmax(S). A sigmoid head is multi-label (CheXNet,
// torchxrayvision): each class is an independent sigmoid(S_c) and the
// probabilities do not sum to 1. S_c is the pre-activation logit either way,
// and every method explains it; metrics and the top-k table read these
// probabilities, so a multi-label model is never shown softmax-of-logits.
import * as tf from '@tensorflow/tfjs';

export type HeadKind = 'softmax' | 'sigmoid';
export const HEAD_KINDS: readonly HeadKind[] = ['softmax', 'sigmoid'];
/** A multi-label class is called present at or above this probability (the top-k table lists all of them). */
export const MULTI_LABEL_THRESHOLD = 0.5;

/** Class probabilities of logits [n, classes] (or [classes]) under the head. */
export function probabilities<T extends tf.Tensor>(head: HeadKind, logits: T): T {
  return (head === 'sigmoid' ? tf.sigmoid(logits) : tf.softmax(logits)) as T;
}
