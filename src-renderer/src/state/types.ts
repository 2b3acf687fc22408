// The renderer's whole state: plain data, replaced (never mutated) by the
// named actions in actions.ts.
import type {
  Catalog,
  DemoEntry,
  EngineInfo,
  ExplainResult,
  ImageInfo,
  ImagePixels,
  JobProgress,
  MethodDescriptor,
  ModelInfo,
  ParamValues,
  Prediction,
  RegionLabels,
  RegionMask,
  SegmentationRegion,
  TargetSpec,
} from '../../../src-main/api/types';
import { initialCompare } from './compare/initial';
import type { Store } from './store';
import type { CompareState } from './compare/types';

// The one colormap vocabulary, shared with the reports and the CLI.
export { COLORMAPS, type ColormapName } from '../../../src-main/shared/colormap';

export type { DisplayWindow, MapMode, OverlayStyle } from './overlay-types';
import type { DisplayWindow, OverlayStyle } from './overlay-types';
import { initialModeChoice, type ModeChoice } from './displayMode';
import type { Provenance } from './provenance';

export interface RunningJob {
  jobId: string;
  modelId: string;
  imageId: string;
  method: string;
  progress: JobProgress | null;
  cancelRequested: boolean;
}

export interface ErrorNote {
  id: number;
  message: string;
}

export type Loading = 'model' | 'image' | null;

/** The viewer's tabs: the single image, the comparison grid, the evaluation lab. */
export type ViewTab = 'explore' | 'compare' | 'evaluate';

export interface StudioState {
  engine: EngineInfo | null;
  methods: MethodDescriptor[];
  /** The engine's catalog (methods, metrics, controls as descriptors); null until read. */
  catalog: Catalog | null;
  demos: DemoEntry[];
  /** The engine has answered the demo listing (until then an empty list means "not yet", not "none"). */
  demosListed: boolean;
  /** The demo whose sample images are offered, if one was chosen. */
  demoId: string | null;
  model: ModelInfo | null;
  image: ImageInfo | null;
  pixels: ImagePixels | null;
  window: DisplayWindow | null;
  prediction: Prediction | null;
  predicting: boolean;
  methodId: string | null;
  params: ParamValues;
  target: TargetSpec;
  /** CAM layer; null = the engine's automatic layer. */
  layer: string | null;
  /** The layer picker also lists layers that are not CAM-eligible. */
  allLayers: boolean;
  job: RunningJob | null;
  result: ExplainResult | null;
  /** The model and image `result` was computed on; it describes `result` only while their job ids match. */
  resultFrom: (Provenance & { jobId: string }) | null;
  /** Automatic or pinned |abs| / ± signed mode (state/displayMode.ts). */
  modeChoice: ModeChoice;
  /** Drawn regions (masking lab) sent as LIME's and KernelSHAP's features; null = superpixels. */
  regions: RegionLabels | null;
  /** Segmentation models: what the explained class score sums (painted: the masking lab's mask); null = the model's own. */
  targetRegion: SegmentationRegion | 'painted' | null;
  /** The masking lab's painted mask (nonzero = painted), for a "painted" target region; null = nothing painted. */
  painted: RegionMask | null;
  overlay: OverlayStyle;
  /** The comparison grid (the Compare view). */
  compare: CompareState;
  tab: ViewTab;
  loading: Loading;
  /** The file being opened ("hip.dcm"), for the loading state; meaningful while `loading` is set. */
  loadingName: string | null;
  errors: ErrorNote[];
  nextErrorId: number;
}

export const initialState: StudioState = {
  engine: null,
  methods: [],
  catalog: null,
  demos: [],
  demosListed: false,
  demoId: null,
  model: null,
  image: null,
  pixels: null,
  window: null,
  prediction: null,
  predicting: false,
  methodId: null,
  params: {},
  target: 'top',
  layer: null,
  allLayers: false,
  job: null,
  result: null,
  resultFrom: null,
  modeChoice: initialModeChoice,
  regions: null,
  targetRegion: null,
  painted: null,
  overlay: { colormap: 'viridis', opacity: 0.6, mode: 'abs', visible: true, clipPercentile: 99.5, grid: false, threshold: null, contours: false },
  compare: initialCompare,
  tab: 'explore',
  loading: null,
  loadingName: null,
  errors: [],
  nextErrorId: 1,
};

/** The studio's store: the page's main state. */
export type StudioStore = Store<StudioState>;
