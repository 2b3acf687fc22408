// Class-model visualisation (Simonyan, Vedaldi & Zisserman 2013, §2): find
// argmax_I S_c(I) − λ‖I‖² by gradient ascent on the image, never the weights,
// S_c being the unnormalised (pre-softmax) class score. A step-able object:
// `step(params)` reads the parameters it is handed on every call, so a slider
// moved between two steps applies at the next one. The image lives in the
// model's input space, centred on the "zero image" (inputSpace().centre).
import * as tf from '@tensorflow/tfjs';
import type { ParamValues, PreprocessSpec } from '../api/types';
import { resolveParams } from '../explainers/registry';
import type { Classifier } from '../model/classifier';
import { probabilities } from '../model/head';
import { mulberry32 } from '../shared/random';
import { inputSpace, modelToUnit, unitToRgba, type InputSpace } from './deprocess';
import { CLASS_MODEL_PARAMS, type ClassModelParams } from '../api/class-model-params';
import { gaussianBlur, roll } from '../numerics/image-ops';
import { clipBelowPercentile, pixelContribution, pixelNorm, regulariserBlur, totalVariation } from './regularisers';

export { CLASS_MODEL_PARAMS, type ClassModelParams };

const DESCRIPTOR = { id: 'class-model', params: CLASS_MODEL_PARAMS } as const;

/** Defaults filled in, types and ranges checked (the same rules as explainer parameters). */
export function resolveClassModelParams(given: ParamValues = {}): ClassModelParams {
  return resolveParams(DESCRIPTOR as never, given) as unknown as ClassModelParams;
}

export interface ClassModelScore {
  step: number;
  logit: number;
  probability: number;
  /** The class the current image is classified as, with its score. */
  top: number;
  topLogit: number;
  topProbability: number;
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

export class ClassModelOptimiser {
  readonly space: InputSpace;
  private centre: tf.Tensor4D;
  private lo: tf.Tensor4D;
  private hi: tf.Tensor4D;
  /** The centred image J = I − centre. */
  private x: tf.Tensor4D;
  private m: tf.Tensor4D;
  private v: tf.Tensor4D;
  private t = 0;
  private rnd: () => number;

  constructor(
    private readonly model: Classifier,
    readonly target: number,
    private readonly spec: PreprocessSpec,
    private readonly init: { kind: ClassModelParams['init']; seed: number; image?: tf.Tensor4D },
  ) {
    const c = model.inputChannels;
    this.space = inputSpace(spec, c);
    const col = (v: number[]) => tf.tensor4d(v, [1, 1, 1, c]);
    this.centre = col(this.space.centre);
    this.lo = col(this.space.lo.map((l, i) => l - this.space.centre[i]));
    this.hi = col(this.space.hi.map((h, i) => h - this.space.centre[i]));
    this.rnd = mulberry32(init.seed);
    [this.x, this.m, this.v] = this.start();
  }

  private start(): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
    const { inputHeight: h, inputWidth: w, inputChannels: c } = this.model;
    const shape: [number, number, number, number] = [1, h, w, c];
    let x: tf.Tensor4D;
    if (this.init.kind === 'image' && this.init.image) x = tf.tidy(() => this.init.image!.sub(this.centre));
    else if (this.init.kind === 'noise') x = tf.randomNormal(shape, 0, 0.1 * this.space.span, 'float32', this.init.seed);
    else x = tf.zeros(shape);
    return [x, tf.zeros(shape), tf.zeros(shape)];
  }

  get step(): number {
    return this.t;
  }

  /** Back to the start image, step 0, fresh Adam moments. */
  reset(): void {
    tf.dispose([this.x, this.m, this.v]);
    [this.x, this.m, this.v] = this.start();
    this.t = 0;
    this.rnd = mulberry32(this.init.seed);
  }

  /** One ascent step with the parameters as they are now. Nothing is read back. */
  stepOnce(p: ClassModelParams): void {
    const t = ++this.t;
    const dy = p.jitter > 0 ? Math.round((2 * this.rnd() - 1) * p.jitter) : 0;
    const dx = p.jitter > 0 ? Math.round((2 * this.rnd() - 1) * p.jitter) : 0;
    const [x, m, v] = tf.tidy(() => {
      const numClasses = this.model.numClasses;
      const objective = (j: tf.Tensor): tf.Scalar => {
        const img = j as tf.Tensor4D;
        const logits = this.model.logits(img.add(this.centre));
        // A one-hot product rather than gather: its gradient needs no scatter kernel.
        let obj = logits
          .mul(tf.oneHot([this.target], numClasses))
          .sum()
          .sub(img.square().sum().mul(p.l2));
        if (p.tv > 0) obj = obj.sub(totalVariation(img).mul(p.tv));
        return obj as tf.Scalar;
      };
      const shifted = roll(this.x, dy, dx);
      const g = roll(tf.grad(objective)(shifted) as tf.Tensor4D, -dy, -dx);
      let m = this.m;
      let v = this.v;
      let update: tf.Tensor4D;
      // (tfjs' arithmetic returns Tensor<Rank>: the casts restore the rank it keeps.)
      if (p.optimiser === 'adam') {
        m = m.mul(B1).add(g.mul(1 - B1)) as tf.Tensor4D;
        v = v.mul(B2).add(g.square().mul(1 - B2)) as tf.Tensor4D;
        const mHat = m.div(1 - B1 ** t);
        const vHat = v.div(1 - B2 ** t);
        update = mHat.div(vHat.sqrt().add(EPS)).mul(p.lr * this.space.span) as tf.Tensor4D;
      } else {
        update = g.mul(p.lr);
      }
      let x = this.x.add(update) as tf.Tensor4D;
      if (p.blurSigma > 0 && t % p.blurEvery === 0) x = gaussianBlur(x, regulariserBlur(p.blurSigma, x.shape[1], x.shape[2]));
      if (p.clipNorm > 0) x = clipBelowPercentile(x, pixelNorm(x), p.clipNorm);
      if (p.clipContrib > 0) x = clipBelowPercentile(x, pixelContribution(x, g), p.clipContrib);
      if (p.clamp) x = x.maximum(this.lo).minimum(this.hi) as tf.Tensor4D;
      return [x, m.clone(), v.clone()];
    });
    tf.dispose([this.x, this.m, this.v]);
    [this.x, this.m, this.v] = [x, m, v];
  }

  /** The current model input (centre added back); the caller disposes it. */
  modelInput(): tf.Tensor4D {
    return this.x.add(this.centre);
  }

  /** ‖J‖₂ of the centred image. */
  async norm(): Promise<number> {
    const n = tf.tidy(() => this.x.square().sum().sqrt());
    const v = (await n.data())[0];
    n.dispose();
    return v;
  }

  /** S_c, its probability (softmax or sigmoid, as the head is) and the top class of the current image (one forward pass, one read). */
  async score(): Promise<ClassModelScore> {
    const out = tf.tidy(() => {
      const l = this.model.logits(this.x.add(this.centre)).squeeze([0]);
      return tf.concat([l, probabilities(this.model.head, l)]);
    });
    const d = (await out.data()) as Float32Array;
    out.dispose();
    const k = this.model.numClasses;
    let top = 0;
    for (let i = 1; i < k; i++) if (d[i] > d[top]) top = i;
    return { step: this.t, logit: d[this.target], probability: d[k + this.target], top, topLogit: d[top], topProbability: d[k + top] };
  }

  /** The current image as RGBA bytes for display (de-processed to 0…1 first). */
  async rgba(): Promise<{ data: Uint8Array; width: number; height: number }> {
    const u = tf.tidy(() => modelToUnit(this.x.add(this.centre), this.spec));
    const data = (await u.data()) as Float32Array;
    u.dispose();
    const { inputHeight: h, inputWidth: w, inputChannels: c } = this.model;
    return { data: unitToRgba(data, h, w, c), width: w, height: h };
  }

  dispose(): void {
    tf.dispose([this.x, this.m, this.v, this.centre, this.lo, this.hi]);
  }
}
