// The gated members of a model that lacks a capability, to spread into an
// implementation: each refuses with a named error, so a caller that forgot to
// ask the flag still gets a clear message rather than a format-specific crash.
// Callers ask the flags first and throw their own, method-specific errors.
import { StudioError } from '../api/errors';
import type { Classifier } from './classifier';

type Format = Classifier['format'];

const refuse = (format: Format, what: string): never => {
  throw new StudioError('unsupported-model', `this model (${format}) has no ${what}`);
};

/** No Keras layer weights with initializers: no randomised copies, no re-training. */
export function noKerasWeights(format: Format): Pick<Classifier, 'hasKerasWeights' | 'randomisableLayers' | 'randomisedCopy' | 'trainableVariables'> {
  const what = 'Keras layer weights with initializers (parameter and data randomisation)';
  return {
    hasKerasWeights: false,
    randomisableLayers: () => refuse(format, what),
    randomisedCopy: async () => refuse(format, what),
    trainableVariables: () => refuse(format, what),
  };
}

/** No way to replace the backward pass of its nonlinearities. */
export function noBackwardRules(format: Format): Pick<Classifier, 'supportsBackwardRules' | 'withBackwardRule' | 'unsupportedNonlinearities'> {
  const what = 'nonlinearities whose backward pass can be replaced (guided backprop, deconvnet, DeepLIFT)';
  return {
    supportsBackwardRules: false,
    withBackwardRule: () => refuse(format, what),
    unsupportedNonlinearities: () => refuse(format, what),
  };
}

/** Cannot be split at a layer into features and head. */
export function noSplit(format: Format): Pick<Classifier, 'supportsSplit' | 'split'> {
  return { supportsSplit: false, split: () => refuse(format, 'layers to split at (activation maps)') };
}
