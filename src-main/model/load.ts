// Opens a model from disk or uploads and describes it as ModelInfo.
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelInfo, PreprocessSpec, UploadedFile } from '../api/types';
import { StudioError } from '../api/errors';
import { type Classifier, graphClassifier, layersClassifier } from './classifier';
import { autoCamLayer } from './split';
import { type ModelJson, readModelFromDisk, readModelFromUploads } from './files';
import { readSidecarFromDisk, type Sidecar, sidecarFromUploads } from './sidecar';

export interface LoadedModel {
  classifier: Classifier;
  info: Omit<ModelInfo, 'id'>;
}

const DEFAULT_PREPROCESS: PreprocessSpec = { preset: 'unit', resize: 'stretch', invert: false };

function isGraph(json: ModelJson): boolean {
  const topo = json.modelTopology as { node?: unknown } | undefined;
  return json.format === 'graph-model' || Array.isArray(topo?.node);
}

/**
 * A topology that fails half-way through deserialisation has already built
 * some layers, whose variables nothing references: dispose the variables that
 * appeared during the failed call. (Deserialisation runs synchronously inside
 * modelFromJSON when no weight paths are given, so nothing else creates
 * variables in between.)
 */
async function deserialize(topology: tf.io.ModelJSON['modelTopology']): Promise<tf.LayersModel> {
  const vars = (): Record<string, tf.Variable> => tf.engine().registeredVariables;
  const before = new Set(Object.keys(vars()));
  try {
    return await tf.models.modelFromJSON({ modelTopology: topology });
  } catch (e) {
    for (const [name, v] of Object.entries(vars())) if (!before.has(name)) v.dispose();
    throw e;
  }
}

/**
 * tf.loadLayersModel, written out so that a model that fails half-way leaves
 * no tensors behind: tfjs' own loader leaks the decoded weights and the
 * model's variables when loadWeights throws (a shape that does not match,
 * found by fuzzing). The decoded weights are always disposed (the variables
 * hold their own references), and the model too when anything after its
 * construction fails.
 */
async function buildLayers(artifacts: tf.io.ModelArtifacts, sidecar: Sidecar): Promise<Classifier> {
  const model = await deserialize(artifacts.modelTopology as tf.io.ModelJSON['modelTopology']);
  const specs = (artifacts.weightSpecs ?? []).filter((w) => w.group !== 'optimizer');
  // decodeWeights throws at the first dtype it cannot read, leaking what it decoded before.
  const unreadable = specs.find((w) => !['float32', 'int32', 'bool', 'complex64', 'string'].includes(w.dtype));
  if (unreadable) {
    model.dispose();
    throw new StudioError('bad-model', `weight "${unreadable.name}" has dtype ${unreadable.dtype}, which tfjs cannot read`);
  }
  let weights: tf.NamedTensorMap = {};
  try {
    if (artifacts.weightData) weights = tf.io.decodeWeights(artifacts.weightData, specs);
    model.loadWeights(weights, true);
    return layersClassifier(model, { outputIndex: sidecar.outputIndex });
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(weights));
  }
}

async function build(name: string, json: ModelJson, artifacts: tf.io.ModelArtifacts, sidecar: Sidecar): Promise<Classifier> {
  try {
    if (isGraph(json)) return graphClassifier(await tf.loadGraphModel(tf.io.fromMemory(artifacts)));
    return await buildLayers(artifacts, sidecar);
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError('bad-model', `${name}: cannot build the model (${(e as Error).message.split('\n')[0]})`);
  }
}

async function loadSavedModel(dir: string): Promise<Classifier> {
  // Only tfjs-node can execute a SavedModel; the name is computed so the
  // optional package stays optional for bundlers and tsc.
  const pkg = '@tensorflow/tfjs-node';
  let node: { node: { loadSavedModel(p: string): Promise<tf.GraphModel> } };
  try {
    node = (await import(/* @vite-ignore */ pkg)) as typeof node;
  } catch {
    throw new StudioError('needs-tfjs-node', `${dir}: a TensorFlow SavedModel needs @tensorflow/tfjs-node, which is not installed on this machine`);
  }
  return graphClassifier(await node.node.loadSavedModel(dir));
}

function describe(path: string, name: string, c: Classifier, sidecar: Sidecar, override?: Partial<PreprocessSpec>): Omit<ModelInfo, 'id'> {
  const warnings = [...c.warnings];
  let labels = sidecar.labels ?? null;
  if (labels && labels.length !== c.numClasses) {
    warnings.push(`labels file has ${labels.length} names for ${c.numClasses} classes; labels ignored`);
    labels = null;
  }
  if (!sidecar.preprocess && !override) warnings.push('no preprocessing given (saliency-studio.json): assuming pixels scaled to [0,1]');
  const layerNames = new Set(c.layers.map((l) => l.name));
  const defaultLayer = sidecar.defaultLayer && layerNames.has(sidecar.defaultLayer) ? sidecar.defaultLayer : null;
  return {
    path,
    name,
    format: c.format,
    inputShape: c.inputShape,
    inputHeight: c.inputHeight,
    inputWidth: c.inputWidth,
    inputChannels: c.inputChannels,
    numClasses: c.numClasses,
    labels,
    layers: c.layers,
    preprocess: { ...DEFAULT_PREPROCESS, ...sidecar.preprocess, ...override },
    outputIndex: c.outputIndex,
    numOutputs: c.numOutputs,
    logitsFromSoftmax: c.logitsFromSoftmax,
    defaultLayer,
    autoLayer: autoCamLayer(c.layers),
    warnings,
  };
}

export async function loadModelFromPath(path: string, override?: Partial<PreprocessSpec>): Promise<LoadedModel> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new StudioError('not-found', `${path}: no such file`);
  if (st.isDirectory()) {
    const pb = await stat(join(path, 'saved_model.pb')).catch(() => null);
    if (pb) {
      const c = await loadSavedModel(path);
      return { classifier: c, info: { ...describe(path, basename(path), c, {}, override), format: 'saved-model' } };
    }
    const mj = join(path, 'model.json');
    if (await stat(mj).catch(() => null)) return loadModelFromPath(mj, override);
    throw new StudioError('not-a-model', `${path}: folder holds neither model.json nor saved_model.pb`);
  }
  const { json, artifacts } = await readModelFromDisk(path);
  const sidecar = await readSidecarFromDisk(path);
  const c = await build(path, json, artifacts, sidecar);
  return { classifier: c, info: describe(path, sidecar.name ?? basename(dirname(path)), c, sidecar, override) };
}

export async function loadModelFromUploads(files: UploadedFile[], override?: Partial<PreprocessSpec>): Promise<LoadedModel> {
  const { name, json, artifacts } = await readModelFromUploads(files);
  const sidecar = sidecarFromUploads(files);
  const c = await build(name, json, artifacts, sidecar);
  return { classifier: c, info: describe(name, sidecar.name ?? name, c, sidecar, override) };
}
