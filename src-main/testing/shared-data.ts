// Locates ../shared/data (real models, images and DICOM nobody here wrote).
// Tests that need it skip with a visible message where it is absent.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA = resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const HAVE_SHARED = existsSync(SHARED_DATA);
if (!HAVE_SHARED) console.warn(`[skip] ${SHARED_DATA} is absent: tests on shared real data are skipped`);

export const shared = (...p: string[]): string => join(SHARED_DATA, ...p);
export const demo = (...p: string[]): string => join(PROJECT_ROOT, 'resources', 'demo', ...p);

export const SHARED_MODELS = {
  darknet: shared('models', 'ml5_darknet_tiny_imagenet', 'model.json'),
  doodlenet: shared('models', 'ml5_doodlenet_quickdraw345', 'model.json'),
  lenet: shared('models', 'tensorspace_lenet_mnist_multioutput', 'model.json'),
};
