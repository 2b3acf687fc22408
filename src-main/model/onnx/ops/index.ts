// Every ONNX op this importer lowers, by op type: the one list (the README's
// table is checked against it). Any other op is refused at load with its type,
// node name and the model's opset.
import { conv } from './conv';
import { ELEMENTWISE } from './elementwise';
import { LINEAR_OPS } from './linear';
import { averagePool, globalAveragePool, globalMaxPool, maxPool } from './pool';
import { REDUCE_OPS } from './reduce';
import { RESIZE_OPS } from './resize';
import { SHAPE_OPS } from './shape';
import type { Lowering } from './types';

export const OPS: Readonly<Record<string, Lowering>> = {
  Conv: conv,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  ...LINEAR_OPS,
  ...ELEMENTWISE,
  ...REDUCE_OPS,
  ...RESIZE_OPS,
  ...SHAPE_OPS,
};

export const SUPPORTED_OPS: readonly string[] = Object.keys(OPS).sort();

export { nonlinearityOf } from './elementwise';
export type { Kernel, LowerCtx, RunCtx } from './types';
