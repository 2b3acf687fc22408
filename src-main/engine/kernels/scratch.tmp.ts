import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { conv2DBackpropFilterConfig } from './conv2d_backprop_filter';
await initBackend({ prefer: 'wasm' });
tf.registerKernel(conv2DBackpropFilterConfig);
const cases: [number[], number[], number, string, string][] = [[[2,7,6,3],[3,3,3,4],1,'same','NHWC'],[[2,9,8,3],[3,3,3,4],2,'valid','NHWC'],[[2,8,7,2],[2,3,2,3],2,'same','NHWC'],[[2,3,8,7],[2,3,3,3],2,'same','NCHW'],[[3,11,10,2],[5,4,2,3],3,'valid','NHWC'],[[1,5,5,2],[3,3,2,2],1,[[0,0],[4,1],[0,3],[0,0]] as unknown as string,'NHWC'],
[[64,28,28,1],[3,3,1,32],1,'same','NHWC'],[[64,28,28,32],[3,3,32,64],1,'same','NHWC'],[[64,28,28,32],[3,3,32,64],2,'same','NHWC'],[[64,14,14,32],[3,3,32,64],1,'valid','NHWC'],[[64,12,12,64],[3,3,64,64],1,'valid','NHWC']];
for (const [xs, fs, s, p, df] of cases) {
  const x = tf.randomNormal(xs), w = tf.randomNormal(fs);
  const info = tf.backend_util.computeConv2DInfo(xs as [number,number,number,number], fs as [number,number,number,number], s, 1, p as 'same', undefined, false, df === 'NCHW' ? 'channelsFirst' : 'channelsLast');
  const dy = tf.randomNormal(df === 'NCHW' ? [info.batchSize, info.outChannels, info.outHeight, info.outWidth] : info.outShape);
  const attrs = {strides: s, pad: p, dataFormat: df, filterShape: fs};
  const n0 = tf.memory().numTensors;
  const run = () => { const t0 = performance.now(); const a = tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, attrs) as tf.Tensor; const v = a.dataSync(); a.dispose(); return [v, performance.now() - t0] as const; };
  run(); const rs = Array.from({length: 7}, run); const av = rs[0][0]; const ms = rs.map(r => r[1]).sort((a, b) => a - b)[3];
  const n1 = tf.memory().numTensors;
  await tf.setBackend('cpu');
  const xc = tf.tensor(x.dataSync(), x.shape), dyc = tf.tensor(dy.dataSync(), dy.shape);
  const b = tf.engine().runKernel('Conv2DBackpropFilter', {x: xc, dy: dyc}, attrs) as tf.Tensor;
  const bv = b.dataSync();
  let m = 0, mx = 0; for (let i = 0; i < av.length; i++) { m = Math.max(m, Math.abs(av[i]-bv[i])); mx = Math.max(mx, Math.abs(bv[i])); }
  console.log(JSON.stringify([xs, fs, s, p, df]), 'maxdiff', m.toExponential(2), 'rel', (m/mx).toExponential(2), 'ms', ms.toFixed(1), 'leak', n1 - n0);
  tf.dispose([xc, dyc, b]);
  await tf.setBackend('wasm');
}
