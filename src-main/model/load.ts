// Opens a model from disk or uploads and describes it as ModelInfo.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelInfo, PreprocessPreset, PreprocessSpec, UploadedFile } from '../api/types';
import { StudioError } from '../api/errors';
import type { Classifier } from './classifier';
import { graphClassifier } from './graph-classifier';
import { layersClassifierWithRuntime } from './layers-classifier';
import { autoCamLayer } from './split';
import { type ModelJson, readModelFromDisk, readModelFromUploads, realPathOf } from './files';
import { checkPreprocess } from './preprocess';
import { presetFacts } from '../api/preprocess-spec';
import { readSidecarFromDisk, SIDECAR_NAME, type Sidecar, sidecarFromUploads, withUploadLabels } from './sidecar';
import { type ClassifiedFiles, classifyModelFiles } from '../shared/model-files';
import { resolveInside } from '../core/safe-read';
import { loadOnnxFile, openOnnxBytes } from './onnx/load';
import { findKerasJsonH5, loadKerasFile, loadKerasJsonH5, type KerasModel } from './keras';

export interface LoadedModel {
  classifier: Classifier;
  info: Omit<ModelInfo, 'id'>;
}

/** ONNX files mostly come from PyTorch: 3-channel ones get torchvision's transform unless a sidecar says otherwise; the rest pixels in [0,1]. */
const defaultPreset = (c: Classifier): PreprocessPreset => (c.format === 'onnx' && c.inputChannels === 3 ? 'torchvision' : 'unit');
const isOnnx = (name: string): boolean => name.toLowerCase().endsWith('.onnx');
const isKeras = (name: string): boolean => /\.(h5|hdf5|keras)$/i.test(name);

/** The sidecar with the labels for this classifier: uploads choose their labels file by the class count. */
type Labelled = (c: Classifier) => Sidecar;

/** A Keras file is a LayersModel once read: the same classifier, its version and warnings added. */
async function kerasModel(
  path: string,
  k: Promise<KerasModel>,
  sidecar: Sidecar,
  override?: Partial<PreprocessSpec>,
  labelled: Labelled = () => sidecar,
): Promise<LoadedModel> {
  const { model, kerasVersion, warnings } = await k;
  let c: Classifier;
  try {
    c = await layersClassifierWithRuntime(model, { outputIndex: sidecar.outputIndex });
  } catch (e) {
    model.dispose();
    throw e;
  }
  c.warnings.push(...warnings);
  const info = describe(path, sidecar.name ?? basename(path).replace(/\.(h5|hdf5|keras)$/i, ''), c, labelled(c), override);
  return { classifier: c, info: { ...info, warnings: [`Keras ${kerasVersion} file`, ...info.warnings] } };
}

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
    return await layersClassifierWithRuntime(model, { outputIndex: sidecar.outputIndex });
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
    throw new StudioError('missing-package', `${dir}: a TensorFlow SavedModel needs @tensorflow/tfjs-node, which is not installed on this machine`);
  }
  return graphClassifier(await node.node.loadSavedModel(dir));
}

/**
 * The sidecar's "head" decides for raw logits; where the model ends in a
 * softmax or sigmoid, that wins and a contradicting sidecar is named.
 */
function applyHead(c: Classifier, sidecar: Sidecar, warnings: string[]): void {
  if (sidecar.head && c.headKnown && sidecar.head !== c.head)
    warnings.push(`the model ends in a ${c.head}; saliency-studio.json's "head": "${sidecar.head}" is ignored`);
  else if (sidecar.head) c.head = sidecar.head;
  else if (!c.headKnown) warnings.push('the output is raw logits: softmax assumed (set "head": "sigmoid" in saliency-studio.json for a multi-label model)');
}

/** The fields given: an explicit undefined must not spread over a default. */
function defined(p: Partial<PreprocessSpec> | undefined): Partial<PreprocessSpec> {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v !== undefined));
}

/** The override comes from a request, the sidecar's from a model file: both checked before use. */
function checkOverride(override: Partial<PreprocessSpec> | undefined | null): void {
  const problem = override == null ? null : checkPreprocess(override);
  if (problem) throw new StudioError('bad-request', `preprocess override: ${problem}`);
}

function checkSidecarPreprocess(sidecar: Sidecar, name: string): void {
  const problem = sidecar.preprocess == null ? null : checkPreprocess(sidecar.preprocess);
  if (problem) throw new StudioError('bad-request', `${name}: ${problem}`);
}

function describe(path: string, name: string, c: Classifier, sidecar: Sidecar, override?: Partial<PreprocessSpec>): Omit<ModelInfo, 'id'> {
  const warnings = [...c.warnings];
  let labels = sidecar.labels ?? null;
  if (labels && labels.length !== c.numClasses) {
    warnings.push(`labels file has ${labels.length} names for ${c.numClasses} classes; labels ignored`);
    labels = null;
  }
  // The request's fields over the sidecar's; a resize not given is the one the preset implies (torchvision: crop).
  const given = { ...defined(sidecar.preprocess), ...defined(override) };
  const preset = given.preset ?? defaultPreset(c);
  const preprocess: PreprocessSpec = { preset, resize: presetFacts(preset).resize, invert: false, ...given };
  if (!sidecar.preprocess && !override)
    warnings.push(`no preprocessing given (saliency-studio.json): assuming the ${preset} preset (${presetFacts(preset).does})`);
  applyHead(c, sidecar, warnings);
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
    preprocess,
    outputIndex: c.outputIndex,
    numOutputs: c.numOutputs,
    logitsFromSoftmax: c.logitsFromSoftmax,
    head: c.head,
    defaultLayer,
    autoLayer: autoCamLayer(c.layers),
    ...(c.segmentation ? { segmentation: c.segmentation } : {}),
    ...(c.forwardRuntime ? { forwardRuntime: c.forwardRuntime } : {}),
    ...(c.gradientRuntime ? { gradientRuntime: c.gradientRuntime } : {}),
    ...(sidecar.expects ? { expects: sidecar.expects } : {}),
    warnings,
  };
}

export async function loadModelFromPath(path: string, override?: Partial<PreprocessSpec>): Promise<LoadedModel> {
  checkOverride(override);
  // Read through the real path; report the path as given (projects and the UI keep it).
  const real = await realPathOf(path);
  const st = await stat(real).catch(() => null);
  if (!st) throw new StudioError('not-found', `${path}: no such file`);
  if (st.isDirectory()) {
    if (await resolveInside(real, 'saved_model.pb')) {
      const c = await loadSavedModel(real);
      return { classifier: c, info: { ...describe(path, basename(path), c, {}, override), format: 'saved-model' } };
    }
    if (await resolveInside(real, 'model.json')) return loadModelFromPath(join(path, 'model.json'), override);
    if (await resolveInside(real, 'model.onnx')) return loadModelFromPath(join(path, 'model.onnx'), override);
    const pair = await findKerasJsonH5(real);
    if (pair) {
      const sidecar = await readSidecarFromDisk(pair.configPath);
      checkSidecarPreprocess(sidecar, join(path, SIDECAR_NAME));
      return kerasModel(path, loadKerasJsonH5(pair.configPath, pair.weightsPath), sidecar, override);
    }
    throw new StudioError('not-a-model', `${path}: folder holds none of model.json, model.onnx, saved_model.pb`);
  }
  if (isKeras(path)) {
    const sidecar = await readSidecarFromDisk(path);
    checkSidecarPreprocess(sidecar, join(dirname(path), SIDECAR_NAME));
    return kerasModel(path, loadKerasFile(real), sidecar, override);
  }
  if (isOnnx(path)) {
    const sidecar = await readSidecarFromDisk(path);
    checkSidecarPreprocess(sidecar, join(dirname(path), SIDECAR_NAME));
    const c = await loadOnnxFile(real, { outputIndex: sidecar.outputIndex, segmentationRegion: sidecar.segmentationRegion });
    return { classifier: c, info: describe(path, sidecar.name ?? basename(dirname(path)), c, sidecar, override) };
  }
  const { json, artifacts } = await readModelFromDisk(path);
  const sidecar = await readSidecarFromDisk(path);
  checkSidecarPreprocess(sidecar, join(dirname(path), SIDECAR_NAME));
  const c = await build(path, json, artifacts, sidecar);
  return { classifier: c, info: describe(path, sidecar.name ?? basename(dirname(path)), c, sidecar, override) };
}

/** h5wasm reads from a file: an uploaded Keras file (and its JSON config) goes through a private temporary copy, removed at once. */
async function kerasUpload(
  file: UploadedFile,
  config: UploadedFile | null,
  sidecar: Sidecar,
  labelled: Labelled,
  override?: Partial<PreprocessSpec>,
): Promise<LoadedModel> {
  const dir = await mkdtemp(join(tmpdir(), 'saliency-keras-'));
  try {
    const copy = async (f: UploadedFile, name: string): Promise<string> => {
      const path = join(dir, name);
      await writeFile(path, f.bytes, { mode: 0o600 });
      return path;
    };
    // The config is found by content, whatever its name: fixed names for the copies never collide.
    const path = await copy(file, basename(file.name).replace(/[^\w.-]/g, '_'));
    const k = config ? loadKerasJsonH5(await copy(config, 'config.json'), path) : loadKerasFile(path);
    const loaded = await kerasModel(file.name, k, sidecar, override, labelled);
    return { classifier: loaded.classifier, info: { ...loaded.info, path: file.name } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Found = ClassifiedFiles<UploadedFile>;

/**
 * No model among the uploads by content: the file the user most likely meant
 * as model.json (so named, else the one JSON that is nothing else), whose
 * reading then says what is wrong with it; null when there is none.
 */
function meantAsModelJson(files: readonly UploadedFile[], found: Found): UploadedFile | null {
  const named = files.find((f) => basename(f.name) === 'model.json');
  if (named) return named;
  const json = files.filter((f, i) => /\.json$/i.test(f.name) && found.roles[i] === 'other');
  return json.length === 1 ? json[0] : null;
}

/** Which upload is what, by content (shared/model-files.ts), on the uploads themselves. */
function classifyUploads(files: readonly UploadedFile[]): Found {
  const samples = files.map((f) => ({ name: f.name, bytes: f.bytes, size: f.bytes.byteLength }));
  const c = classifyModelFiles(samples);
  const up = (s: (typeof samples)[number]): UploadedFile => files[samples.indexOf(s)];
  return {
    roles: c.roles,
    model: c.model && { ...c.model, main: up(c.model.main), parts: c.model.parts.map(up) },
    sidecar: c.sidecar && up(c.sidecar),
    labels: c.labels.map((l) => ({ ...l, file: up(l.file) })),
    images: c.images.map(up),
  };
}

/** Opens the model the uploads hold, its files found by content in any order: Keras, else ONNX, else model.json and its shards. */
export async function loadModelFromUploads(files: UploadedFile[], override?: Partial<PreprocessSpec>): Promise<LoadedModel> {
  checkOverride(override);
  const found = classifyUploads(files);
  const sidecar = sidecarFromUploads(found, files);
  checkSidecarPreprocess(sidecar, found.sidecar?.name ?? SIDECAR_NAME);
  const labelled: Labelled = (c) => withUploadLabels(sidecar, found, c.numClasses);
  const m = found.model;
  if (m?.kind === 'keras')
    return kerasUpload(m.main, m.parts.find((f) => found.roles[files.indexOf(f)] === 'keras-config') ?? null, sidecar, labelled, override);
  if (m?.kind === 'onnx') {
    const c = await openOnnxBytes(m.main.bytes, m.main.name, { outputIndex: sidecar.outputIndex, segmentationRegion: sidecar.segmentationRegion });
    return { classifier: c, info: describe(m.main.name, sidecar.name ?? basename(m.main.name), c, labelled(c), override) };
  }
  const main = m?.main ?? meantAsModelJson(files, found);
  if (!main)
    throw new StudioError(
      'not-a-model',
      `${files.length === 1 ? `${files[0].name} is not a model` : `no model among the ${files.length} files given`}: expected a TensorFlow.js model.json ("modelTopology" and "weightsManifest"), an .onnx, or a Keras .h5/.keras file`,
    );
  const { name, json, artifacts } = await readModelFromUploads(files, main);
  const c = await build(name, json, artifacts, sidecar);
  return { classifier: c, info: describe(name, sidecar.name ?? name, c, labelled(c), override) };
}
