// Input gradients of an imported ONNX graph on onnxruntime (build.ts's
// backward graph): ∂S_target/∂x for an NHWC batch, 4–6× faster than tfjs'
// autodiff on the same graph (bench-results/onnx-grad.json). Built on the
// first gradient a model is asked for, then checked against tfjs' own
// gradient on a probe; a graph the builder refuses, or one that disagrees,
// keeps tfjs and says why. Plain gradients only: a backward rule (guided
// backprop, LRP, …) or a segmentation score stays on tfjs (the classifier
// asks before calling).
import * as tf from '@tensorflow/tfjs';
import { toApiError } from '../../api/errors';
import { relDiff } from '../../numerics/rel-diff';
import type { Classifier } from '../classifier';
import { loadOrt, ortThreads } from '../onnx/ort-forward';
import type { ExternalReader } from '../onnx/proto';
import { buildGradModel } from './build';
import { ortGradient, type OrtGradient } from './session';

/** What the gradient graph is built from: the file and the value read as logits. */
export interface GradSource {
  bytes: Uint8Array;
  readExternal: ExternalReader | null;
  label: string;
  logits: string;
}

/** tfjs' gradient of the summed target score for an NHWC batch: the check's reference. */
export type ReferenceGradient = (x: tf.Tensor4D, target: number) => tf.Tensor4D;

/**
 * Agreement with tfjs required before onnxruntime serves a model's gradients:
 * a check against gross mismatch (a layout or an op's semantics wrong give
 * ~1). Two float32 runtimes can disagree on the sign of a pre-activation
 * within ~1e-7 of a ReLU kink (or on a max-pool tie); that unit's receptive
 * field then differs while the rest agrees to ~2e-6. Measured on resnet18
 * over noisy inputs: most samples 1.8e-6 mean, some 1.4e-4 … 2.1e-3 mean and
 * up to 1.2e-2 max. So: the mean absolute difference relative to the mean
 * |∂S/∂x| within `mean`, and the largest within `max` of the largest.
 */
export const GRAD_TOL = { mean: 5e-3, max: 5e-2 };

/** Σ|a − ref| / Σ|ref| and max |a − ref| / max |ref|. */
export function gradientAgreement(a: ArrayLike<number>, ref: ArrayLike<number>): { mean: number; max: number } {
  if (a.length !== ref.length) return { mean: Infinity, max: Infinity };
  let [d, r] = [0, 0];
  for (let i = 0; i < ref.length; i++) {
    d += Math.abs(a[i] - ref[i]);
    r += Math.abs(ref[i]);
  }
  return { mean: d / (r || 1), max: relDiff(a, ref) };
}

interface Ready {
  run: OrtGradient;
  classes: number;
  label: string;
}

/** A classifier's gradient runtime: built once, on first use; `null` (with `reason`) when tfjs serves. */
export class GradientSlot {
  private made: Promise<Ready | null> | null = null;
  private ready: Ready | null = null;
  reason = '';

  constructor(
    private readonly source: GradSource,
    private readonly reference: ReferenceGradient,
    private readonly dims: { h: number; w: number; c: number },
  ) {}

  /** For info: 'onnxruntime 1.30.0 (cpu, 2 threads)' once built, a promise before, nothing once refused. */
  get label(): string | undefined {
    if (this.ready) return this.ready.label;
    return this.reason ? undefined : 'onnxruntime (built and checked against tfjs on the first gradient)';
  }

  /** ∂S_target/∂x for an NHWC batch on onnxruntime, or null: the caller computes it on tfjs. */
  async gradient(x: tf.Tensor4D, target: number): Promise<tf.Tensor4D | null> {
    this.made ??= this.build().then((r) => (this.ready = r));
    const r = await this.made;
    return r ? runNhwc(r, x, target) : null;
  }

  async release(): Promise<void> {
    const r = await this.made?.catch(() => null);
    this.made = Promise.resolve(null);
    this.ready = null;
    await r?.run.release();
  }

  private async build(): Promise<Ready | null> {
    const ort = await loadOrt();
    if (!ort) return this.fail('onnxruntime-node is not available');
    let run: OrtGradient | null = null;
    try {
      const g = buildGradModel(this.source.bytes, this.source.label, { readExternal: this.source.readExternal, logits: this.source.logits });
      const { threads } = ortThreads(process.env);
      run = await ortGradient(g, threads);
      const ready = { run, classes: g.classes, label: `onnxruntime ${ort.env.versions?.common ?? ''} (cpu, ${threads} thread${threads === 1 ? '' : 's'})` };
      const probe = tf.randomUniform([2, this.dims.h, this.dims.w, this.dims.c], 0, 1, 'float32', 5) as tf.Tensor4D;
      try {
        const ref = tf.tidy(() => this.reference(probe, 0).dataSync());
        const got = await runNhwc(ready, probe, 0);
        const d = gradientAgreement(got.dataSync(), ref);
        got.dispose();
        if (d.mean <= GRAD_TOL.mean && d.max <= GRAD_TOL.max) return ready;
        this.fail(
          `its input gradients differ from tfjs' by ${d.mean.toExponential(1)} on average and ${d.max.toExponential(1)} at most (relative; ${GRAD_TOL.mean} and ${GRAD_TOL.max} are accepted)`,
        );
      } finally {
        probe.dispose();
      }
    } catch (e) {
      this.fail(toApiError(e).message.slice(0, 300));
    }
    await run?.release();
    return null;
  }

  private fail(why: string): null {
    this.reason = `gradients run on tfjs: ${why}`;
    this.onRefused?.(this.reason);
    return null;
  }

  /** Told why, once, when the gradient graph is refused (the classifier's warnings). */
  onRefused?: (reason: string) => void;
}

/** `c`'s gradient slot, checked against tfjs' gradient of its own logits; a refusal lands in its warnings. */
export function gradientSlotOf(c: Classifier, source: GradSource): GradientSlot {
  const reference = (x: tf.Tensor4D, t: number): tf.Tensor4D =>
    tf.grad((v: tf.Tensor) => {
      const l = c.logits(v as tf.Tensor4D);
      return l.mul(tf.oneHot([t], l.shape[1])).sum() as tf.Scalar;
    })(x) as tf.Tensor4D;
  const slot = new GradientSlot(source, reference, { h: c.inputHeight, w: c.inputWidth, c: c.inputChannels });
  slot.onRefused = (why) => c.warnings.push(why);
  return slot;
}

async function runNhwc(r: Ready, x: tf.Tensor4D, target: number): Promise<tf.Tensor4D> {
  const [n, h, w, c] = x.shape;
  const nchw = tf.transpose(x, [0, 3, 1, 2]);
  const data = (await nchw.data()) as Float32Array;
  nchw.dispose();
  const seed = new Float32Array(n * r.classes);
  for (let i = 0; i < n; i++) seed[i * r.classes + target] = 1;
  const { grad } = await r.run.run(data, seed);
  return tf.tidy(() => tf.transpose(tf.tensor4d(grad, [n, c, h, w]), [0, 2, 3, 1]));
}
