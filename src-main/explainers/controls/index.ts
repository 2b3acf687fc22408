// The controls: maps that know nothing about the model, registered as methods
// of family 'control' so they run like any method and are evaluated beside
// them; a metric that scores them as well as real methods measures nothing.
// Order is the evaluation's default order (CLI --controls).
import { fakeCam } from '../cam/fake-cam';
import type { Method } from '../types';
import { randomMap } from './random-map';
import { sobelEdges } from './sobel';

export const controlMethods: readonly Method[] = [randomMap, fakeCam, sobelEdges];
