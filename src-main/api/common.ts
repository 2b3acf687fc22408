// The basic shapes every area's API types share (scores, parameters, targets,
// preprocessing, a map result, uploads). A leaf: the per-area *-types files
// import from here, and types.ts re-exports it, so no two type files import
// each other.

/** torchvision: imagenet's values with a centre crop (api/preprocess-spec.ts, PRESETS). */
export type PreprocessPreset = 'unit' | 'signed' | 'imagenet' | 'caffe' | 'raw' | 'torchvision';

export type ResizeMode = 'stretch' | 'crop' | 'pad';

export interface PreprocessSpec {
  preset: PreprocessPreset;
  resize: ResizeMode;
  /** Invert intensities after scaling (e.g. DoodleNet draws ink as 1). */
  invert?: boolean;
  // Overrides of the preset's values (presetValues, api/preprocess-spec.ts): the model sees (v·scale − mean)/std per channel, v in [0, 1].
  /** Channel order of a 3-channel input. */
  channels?: ChannelOrder;
  /** Multiplies v in [0, 1] (255: 0..255). */
  scale?: number;
  /** One value for every channel, or one per channel (in the model's channel order). */
  mean?: number[];
  std?: number[];
}

export type ChannelOrder = 'rgb' | 'bgr';

/** What a model sees of an image: its input tensor rendered back to 8-bit RGBA (scale, mean/std and channel order undone; the resize, the channel matching and invert kept). */
export interface InputPreview {
  /** The model's input size. */
  width: number;
  height: number;
  /** The model's input channels (1: grey, shown as R = G = B). */
  channels: number;
  /** width × height × 4 bytes, row-major RGBA. */
  data: Uint8Array;
  /** The range of the tensor's values, before they were rendered back. */
  min: number;
  max: number;
  /** The spec the preview was made with. */
  preprocess: PreprocessSpec;
}

export interface ClassScore {
  index: number;
  label: string;
  logit: number;
  probability: number;
}

export interface Prediction {
  top: ClassScore[];
  ms: number;
  /** A sigmoid head: probabilities are independent (they do not sum to 1); every class at or above `threshold` is in `top`. */
  multiLabel?: boolean;
  threshold?: number;
  /** Present when the model declares what it expects (saliency-studio.json "expects"): whether this image is unlike it, and why. */
  distribution?: DistributionCheck;
}

/** The out-of-distribution check of one prediction (model/distribution.ts). */
export interface DistributionCheck {
  /** Why the image is unlike what the model expects, one sentence each; empty: nothing found. */
  reasons: string[];
  /** The preprocessed input's mean and standard deviation over its pixels. */
  inputMean: number;
  inputStd: number;
}

export type TargetSpec = 'top' | number;

/** How a segmentation output's per-pixel logits of class k become its score S_k: summed over k's predicted mask (Seg-Grad-CAM), or over every pixel. */
export type SegmentationRegion = 'predicted' | 'all';

/** A binary mask, row-major: width × height bytes, 1 = inside, 0 = outside (as RegionLabels carries labels). */
export interface RegionMask {
  width: number;
  height: number;
  mask: Uint8Array;
}

/**
 * What a segmentation model's class score sums over for one explanation: the
 * predicted mask of the class, the whole image, or a drawn region at the
 * image's or the model input's resolution.
 */
export type TargetRegion = SegmentationRegion | RegionMask;

export type ParamValues = Record<string, number | string | boolean>;

export interface ExplainResult {
  jobId: string;
  method: string;
  target: ClassScore;
  /** Raw signed attribution, row-major, at the model-input resolution. */
  map: Float32Array;
  shape: [number, number];
  min: number;
  max: number;
  ms: number;
  extras?: Record<string, number | string | number[]>;
  /** Activation-map methods: the map at the layer's native resolution (e.g. 14×14), before upsampling. */
  grid?: { data: Float32Array; shape: [number, number]; layer: string };
}

/** Files handed over by a browser (drag and drop, file input) instead of paths. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type ParamType = 'int' | 'float' | 'enum' | 'bool' | 'string';

export interface ParamSpec {
  name: string;
  type: ParamType;
  default: number | string | boolean;
  min?: number;
  max?: number;
  options?: string[];
  help: string;
}

export type MethodFamily = 'gradient' | 'activation' | 'perturbation' | 'control';

export interface MethodDescriptor {
  id: string;
  label: string;
  family: MethodFamily;
  paper: string;
  /** Where this method's convention differs from Captum or pytorch-grad-cam, and by how much (README: "Where we differ"). */
  peers?: string;
  needsLayer: boolean;
  usesGradients: boolean;
  /** Takes the user's drawn regions (ExplainRequest.regions) as its interpretable features. */
  acceptsRegions?: boolean;
  params: ParamSpec[];
  /**
   * A wrapper's pass-through: parameters named `<prefix><name>` are the
   * parameters of the method that parameter `param` chooses, checked against
   * that method's own schema (noise tunnels: `base.steps` for base=integrated-gradients).
   */
  passThrough?: { param: string; prefix: string };
  /**
   * Its passes are independent and may be split across idle engine workers
   * (core/share.ts; the same map for any number of workers): full forward
   * passes ('forward', on the fastest runtime, which may already use every
   * core) or passes on tfjs ('tfjs': gradients, head passes).
   */
  parallel?: 'forward' | 'tfjs';
  /** In the BIM benchmark: part of its default method list, and parameters sized for its small images and many maps. */
  bim?: { default: boolean; params?: ParamValues };
}
