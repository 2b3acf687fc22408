import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { PROBES } from './probes';
await initBackend({ prefer: (process.env.B ?? 'wasm') as 'wasm' });
for (const p of PROBES) { if (p.name.startsWith("resizeBilinear") && process.env.B === "cpu") continue; const n = tf.memory().numTensors; await p.run(); const d = tf.memory().numTensors - n; if (d) console.log(p.name, d); }
