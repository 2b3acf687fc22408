// The CAM-family methods built on template.ts, in display order (Score-CAM and
// Ablation-CAM are registered on their own; Fake-CAM with the controls).
import type { Method } from '../types';
import { cam } from './cam';
import { eigencam } from './eigencam';
import { gradcam } from './gradcam';
import { gradcamPlusPlus } from './gradcam-plus-plus';
import { guidedGradcam } from './guided-gradcam';
import { hirescam } from './hirescam';
import { layercam } from './layercam';
import { smoothgradCamPlusPlus } from './smoothgrad-cam-plus-plus';
import { xgradcam } from './xgradcam';

export const camMethods: readonly Method[] = [cam, gradcam, gradcamPlusPlus, xgradcam, hirescam, layercam, smoothgradCamPlusPlus, eigencam, guidedGradcam];
