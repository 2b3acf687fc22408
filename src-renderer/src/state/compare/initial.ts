// The empty grid. Kept apart from types.ts so the root state can import it
// without a cycle.
import type { CompareState } from './types';

export const initialCompare: CompareState = {
  mode: 'images',
  rows: [],
  columns: [],
  cells: {},
  style: { colormap: 'viridis', opacity: 0.6, mode: 'abs', visible: true, clipPercentile: 99.5, grid: false, threshold: null, contours: false },
  target: 'top',
  cellSize: 224,
  selected: null,
  models: {},
  images: {},
  pixels: {},
  windows: {},
  nextId: 1,
};
