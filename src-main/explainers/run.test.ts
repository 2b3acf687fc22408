// The one way to run a method: parameters and layer checked before any work,
// the run alone in the lane, its map the method's own.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelToken, laneLength } from '../core/jobs';
import { initBackend } from '../engine/backend';
import type { Classifier } from '../model/classifier';
import { loadModelFromPath } from '../model/load';
import { demo } from '../testing/shared-data';
import { getMethod, resolveParams } from './registry';
import { checkLayer, runMethod } from './run';

let model: Classifier;
let x: tf.Tensor4D;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  model = (await loadModelFromPath(demo('digits', 'model.json'))).classifier;
  x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
});
afterAll(() => {
  x.dispose();
  model.dispose();
});

describe('runMethod', () => {
  it("gives the method's own map for resolved parameters, leaving no tensor", async () => {
    const ig = getMethod('integrated-gradients');
    const direct = await ig.run({
      model,
      input: x,
      target: 3,
      layer: null,
      params: resolveParams(ig, { steps: 8 }),
      signal: new CancelToken(),
      progress: () => {},
    });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const out = await runMethod({ method: ig, model, input: x, target: 3, params: { steps: 8 }, progress: (d) => seen.push(d) });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(out.map)).toEqual(Array.from(direct.map));
    expect(seen.length).toBeGreaterThan(0);
  });

  it('refuses bad parameters and unknown layers before running', async () => {
    const gradcam = getMethod('gradcam');
    await expect(runMethod({ method: getMethod('integrated-gradients'), model, input: x, target: 3, params: { steps: 0 } })).rejects.toThrow(
      'integrated-gradients: steps=0 is outside [1, 1024]',
    );
    await expect(runMethod({ method: gradcam, model, input: x, target: 3, layer: 'nope' })).rejects.toMatchObject({
      code: 'unknown-layer',
      message: 'the model has no layer "nope"',
    });
    const layers = model.layers.filter((l) => l.camEligible).map((l) => l.name);
    expect(checkLayer(model.layers, layers.join(','))).toBe(layers.join(','));
    expect(() => checkLayer(model.layers, `${layers[0]}, nope`, 'digits')).toThrow('digits has no layer "nope"');
    expect(checkLayer(model.layers, null)).toBeNull();
  });

  it('runs one method at a time: a second call waits in the lane; a cancelled one never runs', async () => {
    const sal = getMethod('saliency');
    const a = runMethod({ method: getMethod('integrated-gradients'), model, input: x, target: 1, params: { steps: 16 } });
    const token = new CancelToken();
    const b = runMethod({ method: sal, model, input: x, target: 1, signal: token });
    expect(laneLength()).toBe(1);
    token.cancel();
    await expect(b).rejects.toMatchObject({ code: 'cancelled' });
    await a;
    expect(laneLength()).toBe(0);
  });
});
