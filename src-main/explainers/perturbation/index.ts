// The perturbation family, in display order (appended to the registry).
import type { Method } from '../types';
import { kernelShap } from './kernel-shap';
import { lime } from './lime';
import { meaningfulPerturbation } from './meaningful-perturbation';
import { occlusion } from './occlusion';
import { rise } from './rise';

export const perturbationMethods: Method[] = [occlusion, rise, lime, kernelShap, meaningfulPerturbation];
