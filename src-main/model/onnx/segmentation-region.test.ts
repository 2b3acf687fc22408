// A drawn target region of a segmentation model (Seg-Grad-CAM, Vinogradova et
// al. 2020): S_k is class k's logit summed over the region the user drew, and
// every gradient and CAM method explains that score. Checked against hand
// sums on a hand-built graph, torch's own LRASPP outputs, and the gradient of
// the masked sum written out on the raw segmentation output.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRequest } from '../../api/validate';
import { initBackend } from '../../engine/backend';
import { LocalEngine } from '../../engine/engine';
import { getMethod } from '../../explainers/registry';
import { runMethod, targetRegionModel } from '../../explainers/run';
import { decodeNpy } from '../../shared/npy';
import { demo, HAVE_SHARED, shared } from '../../testing/shared-data';
import { forwardLogits } from '../forward';
import { loadModelFromUploads, type LoadedModel } from '../load';
import { OnnxGraph } from './graph';
import { onnxFromBytes } from './load';
import { decodeModel } from './proto';
import { buildModel, tensor } from './testing/build';
import { relDiff } from './testing/compare';
import { nhwcValue, plain } from './value';

const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

// ---- a hand-built segmentation graph: one 2×2 conv, 2 classes, [1,1,4,5] → [1,2,3,4]
const H = 4;
const W = 5;
const OH = 3;
const OW = 4;
const X = seq(H * W, (i) => ((i * 7) % 11) / 10 - 0.4);
const K = [0.5, -1, 0.25, 2, -0.75, 1.5, 1, -0.5];
const B = [0.1, -0.2];
/** Class o's logit at output pixel (y, x), by hand (valid conv, stride 1). */
const logitByHand = (o: number, y: number, x: number): number =>
  B[o] + K[o * 4] * X[y * W + x] + K[o * 4 + 1] * X[y * W + x + 1] + K[o * 4 + 2] * X[(y + 1) * W + x] + K[o * 4 + 3] * X[(y + 1) * W + x + 1];
const segBytes = (): Uint8Array =>
  buildModel({
    input: [1, 1, H, W],
    output: ['c', [1, 2, OH, OW]],
    nodes: [{ op: 'Conv', inputs: ['x', 'k', 'b'], outputs: ['c'], ints: { kernel_shape: [2, 2] } }],
    initializers: [tensor('k', [2, 1, 2, 2], K), tensor('b', [2], B)],
  });

describe('target region on a hand-built segmentation graph', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('S_k is the sum of class k over the drawn mask, at the output resolution and brought there from the input', () => {
    const base = tf.memory().numTensors;
    const c = onnxFromBytes(segBytes(), 'seg.onnx');
    expect(c.segmentation).toBe('predicted');
    const x = tf.tensor4d(X, [1, H, W, 1]);
    // At the output's 3×4: an L-shaped region.
    const outMask = [1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0];
    const want = [0, 1].map((o) => seq(OH * OW, (i) => (outMask[i] ? logitByHand(o, Math.floor(i / OW), i % OW) : 0)).reduce((a, b) => a + b, 0));
    const m1 = tf.tensor2d(outMask, [OH, OW]);
    const v1 = c.withTargetRegion!(m1);
    const got1 = Array.from(tf.tidy(() => v1.logits(x).dataSync()));
    got1.forEach((v, o) => expect(v).toBeCloseTo(want[o], 5));
    // At the input's 4×5: output pixel (y, x) reads input pixel (⌊(y+½)·4/3⌋, ⌊(x+½)·5/4⌋): rows 0,2,3, columns 0,1,3,4.
    const inMask = seq(H * W, (i) => {
      const [r, col] = [Math.floor(i / W), i % W];
      return (r === 0 && col <= 1) || (r === 2 && col === 0) || (r === 3 && col <= 3) ? 1 : 0;
    });
    const m2 = tf.tensor2d(inMask, [H, W]);
    const v2 = c.withTargetRegion!(m2);
    const got2 = Array.from(tf.tidy(() => v2.logits(x).dataSync()));
    got2.forEach((v, o) => expect(v).toBeCloseTo(want[o], 5));
    // The whole image and every pixel predicted as its class, as named regions.
    const all = [0, 1].map((o) => seq(OH * OW, (i) => logitByHand(o, Math.floor(i / OW), i % OW)).reduce((a, b) => a + b, 0));
    const predicted = [0, 1].map((o) =>
      seq(OH * OW, (i) => {
        const [y, xx] = [Math.floor(i / OW), i % OW];
        const l = [logitByHand(0, y, xx), logitByHand(1, y, xx)];
        return l[o] >= l[1 - o] ? l[o] : 0;
      }).reduce((a, b) => a + b, 0),
    );
    const va = c.withTargetRegion!('all');
    const vp = va.withTargetRegion!('predicted');
    Array.from(tf.tidy(() => va.logits(x).dataSync())).forEach((v, o) => expect(v).toBeCloseTo(all[o], 5));
    Array.from(tf.tidy(() => vp.logits(x).dataSync())).forEach((v, o) => expect(v).toBeCloseTo(predicted[o], 5));
    // The drawn sums differ from both named ones: the test would see a mask ignored.
    expect(Math.abs(want[0] - all[0])).toBeGreaterThan(0.1);
    expect(Math.abs(want[0] - predicted[0])).toBeGreaterThan(0.1);
    // The view's dispose leaves the model working; the caller's mask stays the caller's.
    [v1, v2, va, vp].forEach((v) => v.dispose());
    expect(m1.isDisposed).toBe(false);
    expect(Array.from(tf.tidy(() => c.logits(x).dataSync()))).toHaveLength(2);
    tf.dispose([m1, m2, x]);
    c.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it("a view's randomised copy keeps the drawn region (sanity checks explain the same score)", async () => {
    const base = tf.memory().numTensors;
    const c = onnxFromBytes(segBytes(), 'seg.onnx');
    const x = tf.tensor4d(X, [1, H, W, 1]);
    const m = tf.tensor2d([1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0], [OH, OW]);
    const v = c.withTargetRegion!(m);
    const r = await v.randomisedCopy('all', 7);
    const plainCopy = await c.randomisedCopy('all', 7);
    const ref = plainCopy.withTargetRegion!(m);
    const [got, want, trained] = tf.tidy(() => [r.logits(x), ref.logits(x), v.logits(x)].map((t) => Array.from(t.dataSync())));
    got.forEach((g, k) => expect(g).toBeCloseTo(want[k], 5));
    expect(Math.abs(got[0] - trained[0])).toBeGreaterThan(1e-3);
    [r, ref, plainCopy, v, c].forEach((d) => d.dispose());
    tf.dispose([x, m]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('a mask that covers no output pixel is refused as bad-mask; a classifier has no target region', () => {
    const c = onnxFromBytes(segBytes(), 'seg.onnx');
    // One input pixel of 20 (row 1, column 2): no output pixel reads input row 1.
    const m = tf.tensor2d(
      seq(H * W, (i) => (i === W + 2 ? 1 : 0)),
      [H, W],
    );
    expect(() => c.withTargetRegion!(m)).toThrow(expect.objectContaining({ code: 'bad-mask' }));
    const cls = onnxFromBytes(
      buildModel({
        input: [1, 1, H, W],
        output: ['y', [1, 3]],
        nodes: [
          { op: 'Conv', inputs: ['x', 'k', 'b'], outputs: ['c'], ints: { kernel_shape: [2, 2] } },
          { op: 'Flatten', inputs: ['c'], outputs: ['f'] },
          { op: 'Gemm', inputs: ['f', 'g'], outputs: ['y'], int: { transB: 1 } },
        ],
        initializers: [
          tensor('k', [2, 1, 2, 2], K),
          tensor('b', [2], B),
          tensor(
            'g',
            [3, 2 * OH * OW],
            seq(3 * 2 * OH * OW, (i) => Math.sin(i)),
          ),
        ],
      }),
      'cls.onnx',
    );
    expect(cls.segmentation).toBeUndefined();
    expect(cls.withTargetRegion).toBeUndefined();
    expect(() => targetRegionModel(cls, m)).toThrow(
      expect.objectContaining({ code: 'unsupported-model', message: expect.stringMatching(/segmentation model/) }),
    );
    tf.dispose(m);
    c.dispose();
    cls.dispose();
  });
});

describe('target region on the wire', () => {
  const req = (targetRegion: unknown) => ({ modelId: 'm', imageId: 'i', method: 'saliency', jobId: 'j', targetRegion });
  it.each([
    ['a mask of the wrong size', { width: 4, height: 4, mask: new Uint8Array(15) }, /has 15 values, 4×4 needs 16/],
    ['a value other than 0/1', { width: 2, height: 1, mask: Uint8Array.from([1, 255]) }, /0 or 1, got 255/],
    ['an empty mask', { width: 2, height: 2, mask: new Uint8Array(4) }, /is empty/],
    ['a mask too large', { width: 20_000, height: 20_000, mask: new Uint8Array(1) }, /at most 100000000 pixels/],
    ['labels instead of bytes', { width: 1, height: 1, mask: Int32Array.from([1]) }, /must be a Uint8Array/],
    ['an unknown region', 'mine', /"predicted", "all" or \{width, height, mask\}/],
  ])('refuses %s (bad-request)', (_what, r, message) => {
    expect(() => validateRequest('explain', req(r))).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(message) }));
  });
  it('accepts the named regions and a 0/1 mask', () => {
    for (const r of ['predicted', 'all', { width: 2, height: 1, mask: Uint8Array.from([0, 1]) }])
      expect(() => validateRequest('explain', req(r))).not.toThrow();
  });
});

const NAME = 'lraspp_mobilenet_v3_seg3';
const S = 256;

describe.skipIf(!HAVE_SHARED)('target region on LRASPP (MobileNetV3, 3 classes, 256×256)', () => {
  let bytes: Uint8Array;
  let x: tf.Tensor4D;
  let all: LoadedModel;
  let predicted: LoadedModel;
  /** The rows 0…127 (top half) inside. */
  let top: tf.Tensor2D;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    bytes = readFileSync(shared('onnx', NAME, 'model.onnx'));
    const inp = decodeNpy(readFileSync(shared('onnx', NAME, 'input.npy')));
    x = tf.tidy(() => tf.transpose(tf.tensor4d(inp.data, inp.shape as [number, number, number, number]), [0, 2, 3, 1]));
    const sidecar = { name: 'saliency-studio.json', bytes: new TextEncoder().encode(JSON.stringify({ segmentationRegion: 'all' })) };
    all = await loadModelFromUploads([{ name: 'seg.onnx', bytes }, sidecar]);
    predicted = await loadModelFromUploads([{ name: 'seg.onnx', bytes }]);
    top = tf.tidy(() => tf.concat([tf.ones([S / 2, S]), tf.zeros([S / 2, S])]) as tf.Tensor2D);
  }, 60_000);
  afterAll(() => {
    tf.dispose([x, top]);
    all?.classifier.dispose();
    predicted?.classifier.dispose();
  });

  it('ModelInfo says segmentation and the region chosen at load', () => {
    expect(predicted.info.segmentation).toBe('predicted');
    expect(all.info.segmentation).toBe('all');
  });

  it("a top-half mask: S_k equals torch's class-k logits summed over rows 0…127, on tfjs and on the forward-only runtime", async () => {
    const masks = decodeNpy(readFileSync(shared('onnx', NAME, 'masks.npy')));
    const want = [0, 1, 2].map((k) => {
      let s = 0;
      for (let i = 0; i < (S * S) / 2; i++) s += masks.data[k * S * S + i];
      return s;
    });
    const v = predicted.classifier.withTargetRegion!(top);
    const got = Array.from(tf.tidy(() => v.logits(x).dataSync()));
    // Forward-only passes (perturbation methods; onnxruntime where it serves the model) sum the same region.
    const fast = await forwardLogits(v, x);
    const gotFast = Array.from(fast.dataSync());
    fast.dispose();
    v.dispose();
    const scale = Math.max(...want.map(Math.abs));
    got.forEach((g, k) => expect(Math.abs(g - want[k])).toBeLessThan(1e-4 * scale + 1e-2));
    gotFast.forEach((g, k) => expect(Math.abs(g - want[k])).toBeLessThan(1e-4 * scale + 1e-2));
  }, 60_000);

  it('an all-ones mask gives the whole-image saliency to 1e-5; a top-half mask gives the gradient of the masked sum written out', async () => {
    const base = tf.memory().numTensors;
    const saliency = getMethod('saliency');
    const target = 1;
    const ones = tf.ones([S, S]) as tf.Tensor2D;
    const drawn = (await runMethod({ method: saliency, model: predicted.classifier, input: x, target, targetRegion: ones })) as {
      map: Float32Array;
      extras?: object;
    };
    const whole = await runMethod({ method: saliency, model: all.classifier, input: x, target });
    expect(drawn.extras).toEqual({ targetRegion: 'drawn' });
    expect(relDiff(drawn.map, whole.map)).toBeLessThan(1e-5);
    // The same through the named region on the predicted-mask model.
    const named = await runMethod({ method: saliency, model: predicted.classifier, input: x, target, targetRegion: 'all' });
    expect(relDiff(named.map, whole.map)).toBeLessThan(1e-5);

    // The masked sum written out on the raw [1,3,256,256] output of the same graph, without the classifier.
    const model = decodeModel(bytes, NAME, null);
    const graph = new OnnxGraph(model, NAME);
    const out = model.outputs[0].name;
    const handGrad = (m: tf.Tensor2D): Float32Array =>
      tf.tidy(() => {
        const f = (t: tf.Tensor): tf.Scalar => {
          const seg = plain(graph.run({ [model.inputs[0].name]: nhwcValue(t) }, [out], 1)[0]);
          return seg.slice([0, target, 0, 0], [1, 1, S, S]).reshape([S, S]).mul(m).sum() as tf.Scalar;
        };
        return tf.grad(f)(x).dataSync() as Float32Array;
      });
    const viewGrad = (m: tf.Tensor2D): Float32Array => {
      const v = predicted.classifier.withTargetRegion!(m);
      try {
        return tf.tidy(
          () =>
            tf
              .grad((t: tf.Tensor) =>
                v
                  .logits(t as tf.Tensor4D)
                  .slice([0, target], [1, 1])
                  .sum(),
              )(x)
              .dataSync() as Float32Array,
        );
      } finally {
        v.dispose();
      }
    };
    const bottom = tf.sub(1, top) as tf.Tensor2D;
    const gTop = viewGrad(top);
    const hTop = handGrad(top);
    expect(relDiff(gTop, hTop)).toBeLessThan(1e-5);
    // Not the whole-image gradient: the mask matters (and the two halves add up to it).
    const gAll = viewGrad(ones);
    expect(relDiff(gTop, gAll)).toBeGreaterThan(0.05);
    const gBottom = viewGrad(bottom);
    expect(
      relDiff(
        Float32Array.from(gTop, (v, i) => v + gBottom[i]),
        gAll,
      ),
    ).toBeLessThan(1e-4);
    // Saliency is |∂S/∂x| maxed over channels: the method's map of the top half is that of the written-out gradient.
    const sal = await runMethod({ method: saliency, model: predicted.classifier, input: x, target, targetRegion: top });
    const hand = seq(S * S, (p) => Math.max(...[0, 1, 2].map((ch) => Math.abs(hTop[p * 3 + ch]))));
    expect(relDiff(sal.map, hand)).toBeLessThan(1e-5);
    graph.dispose();
    tf.dispose([ones, bottom]);
    expect(tf.memory().numTensors).toBe(base);
  }, 120_000);

  it('Grad-CAM under a drawn region: the split head gives the region score, the map differs from the whole image, no tensor is left', async () => {
    const base = tf.memory().numTensors;
    const layer = predicted.info.autoLayer!;
    const v = predicted.classifier.withTargetRegion!(top);
    const [direct, viaSplit] = tf.tidy(() => {
      const s = v.split(layer);
      const [A, ...side] = s.features(x);
      return [v.logits(x).dataSync(), s.head(A as tf.Tensor4D, side).dataSync()];
    });
    v.dispose();
    expect(relDiff(viaSplit, direct)).toBeLessThan(1e-5);
    const gradcam = getMethod('gradcam');
    const drawn = await runMethod({ method: gradcam, model: predicted.classifier, input: x, target: 1, layer, targetRegion: top });
    const whole = await runMethod({ method: gradcam, model: predicted.classifier, input: x, target: 1, layer, targetRegion: 'all' });
    expect(drawn.map.every(Number.isFinite)).toBe(true);
    expect(relDiff(drawn.map, whole.map)).toBeGreaterThan(0.01);
    expect(tf.memory().numTensors).toBe(base);
  }, 120_000);

  it('the engine: a mask at the image size is brought to the input, a wrong size is bad-mask, a classifier refuses the field', async () => {
    const engine = new LocalEngine();
    try {
      const dir = shared('onnx', NAME);
      const seg = await engine.openModel({ path: `${dir}/model.onnx` });
      expect(seg.segmentation).toBe('predicted');
      const img = await engine.openImage({ path: shared('images', 'skimage_chelsea.png') });
      const base = tf.memory().numTensors;
      // The top half of the image (stretch: the top half of the input).
      const mask = new Uint8Array(img.width * img.height);
      mask.fill(1, 0, Math.floor(img.height / 2) * img.width);
      const req = { modelId: seg.id, imageId: img.id, method: 'saliency', target: 1 };
      const r = await engine.explain({ ...req, jobId: 'tr1', targetRegion: { width: img.width, height: img.height, mask } });
      expect(r.extras).toEqual({ targetRegion: 'drawn' });
      const a = await engine.explain({ ...req, jobId: 'tr2', targetRegion: 'all' });
      // The reported score is the region's: the top half's is not the whole image's.
      expect(Math.abs(r.target.logit - a.target.logit)).toBeGreaterThan(1e-3 * Math.abs(a.target.logit));
      // At the input's 256×256 the same top half gives the same map (stretch, nearest: row y of 256 reads image row ⌊…⌋ in the top half exactly when y < 128).
      const inInput = new Uint8Array(S * S).fill(1, 0, (S / 2) * S);
      const r2 = await engine.explain({ ...req, jobId: 'tr3', targetRegion: { width: S, height: S, mask: inInput } });
      expect(relDiff(r2.map, r.map)).toBeLessThan(1e-5);
      await expect(engine.explain({ ...req, jobId: 'tr4', targetRegion: { width: 10, height: 10, mask: new Uint8Array(100).fill(1) } })).rejects.toMatchObject({
        code: 'bad-mask',
        message: expect.stringMatching(/10×10; it must be drawn at .* or the model input's \(256×256\)/),
      });
      expect(tf.memory().numTensors).toBe(base);
      const digits = await engine.openModel({ path: demo('digits', 'model.json') });
      await expect(engine.explain({ ...req, modelId: digits.id, jobId: 'tr5', targetRegion: 'all' })).rejects.toMatchObject({
        code: 'unsupported-model',
        message: expect.stringMatching(/needs a segmentation model/),
      });
    } finally {
      await engine.close();
    }
  }, 120_000);
});
