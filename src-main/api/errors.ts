// One error type that crosses every boundary as {code, message}: the message is
// one line that names the file or value and the problem, never a stack.
import type { ApiErrorShape } from './types';

/**
 * Every code an error may carry, written once, each with what it means: the UI
 * and the CLI branch on these, so a misspelt or new code is a compile error
 * where it is thrown. One meaning, one code: errors.test.ts fails on a code
 * that no production file uses. (Image loading narrows this list to
 * io/errors.ts ImageLoadErrorCode.)
 */
export const ERROR_CODES = [
  // ---- requests and parameters
  'bad-request', // a request or CLI flag of the wrong shape at a host or CLI boundary (missing, wrong type, unknown choice, bad frame), or lacking an input its operation needs
  'bad-param', // a method, metric, class-model or TCAV parameter outside its spec (unknown name, wrong type, out of range, not one of the options)
  'bad-target', // a target class outside the model's classes
  'bad-mask', // a mask whose size does not match its image
  'bad-regions', // feature regions that do not fit the image or hold no usable region
  'bad-name', // a project name that cannot be a file name
  'duplicate-job', // a job or class-model run id that is already live
  'cancelled', // the job was cancelled (the renderer matches this code)
  'unknown-op', // an operation name that is not in the spec
  'unknown-method', // a method id that is not registered
  'unknown-metric', // a metric id that is not registered
  'unknown-model', // no open model has this id
  'unknown-image', // no open image has this id (closed, or released to stay within the memory budget)
  'unknown-run', // no live class-model run has this id
  'unknown-layer', // the model has no layer or graph node of this name
  // ---- what a model can do
  'unsupported-model', // the model's format or structure lacks what the method needs (Keras weights, a split, backward rules, one image input, a supported layer)
  'unsupported-input', // the model's input is not an image [n,h,w,c] with 1 or 3 channels
  'bad-input', // this image cannot be fed to this model
  'bad-layer', // the layer exists but cannot serve the method (no spatial output feeding the class scores)
  'no-cam-layer', // the model has no spatial layer feeding its head to default to
  'no-class-output', // no model output can be the class scores ([batch, classes]; or outputIndex names no output)
  'cam-needs-gap-dense', // original CAM needs a global-average-pool → dense head
  'ablation-zero-score', // Ablation-CAM divides by the target's score, which is 0 here
  'busy', // a backward rule is already active on this model
  // ---- model files
  'not-a-model', // no model.json (nor saved_model.pb) where a model was expected
  'not-a-tfjs-model', // a model.json that is not JSON, or lacks modelTopology and weightsManifest
  'bad-model', // a TensorFlow.js model that tfjs cannot build or read
  'bad-manifest', // a manifest of the wrong shape (a model's weightsManifest, a localisation list)
  'missing-weights', // a weight shard the manifest names is absent
  'wrong-size', // a file, or a model's weight shards, holding other than the bytes declared for it
  'bad-labels', // a labels file that is not a JSON array of strings
  'bad-sidecar', // a preprocessing sidecar that is not the expected JSON object
  'missing-package', // an optional package this needs is not installed (tfjs-node, mnist)
  // ---- files and paths
  'not-found', // no such file or folder
  'not-a-file', // a folder, pipe or device where a regular file was expected
  'empty-file', // a file of 0 bytes
  'read-failed', // the file system refused a read or a check
  'too-large', // a file or decoded image above its byte or pixel limit
  'too-small', // an image smaller than a metric's window or blocks
  'symlink-refused', // a data file reached through a symbolic link
  'outside-folder', // a file a model names that resolves outside the model's folder
  'forbidden-path', // a path refused: not a file name, not a .ssproj, or not a place the user chose
  'no-images', // a folder or list with no (or too few) images or image sets
  'bad-project', // a project the project format refuses to save
  'corrupt-project', // a project file that cannot be opened (kept aside, never lost)
  // ---- decoding files (images, .npy)
  'not-an-image', // the content is not an image of a supported kind
  'truncated', // the file ends before the data its header promises
  'unsupported', // a valid file in a variant this reader does not handle (transfer syntax, bit depth, layout)
  'corrupt', // a file whose structure cannot be decoded
  // ---- engine, hosts and the page
  'backend-failed', // no tfjs backend (or not the one asked for) could load or initialise
  'engine-closed', // a call after the engine was closed
  'engine-crashed', // the engine worker died during the call
  'no-build', // a built file is absent (the renderer build, the engine worker): run npm run build
  'forbidden', // an IPC call from an untrusted frame
  'ipc-failed', // the Electron IPC call itself failed
  'disconnected', // the page lost its connection to the web host
  'no-token', // the page was opened without the web host's token
  'internal', // a broken invariant: a bug, never the user's input
  'not-mocked', // a test called an operation it did not mock
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (c: unknown): c is ErrorCode => typeof c === 'string' && (ERROR_CODES as readonly string[]).includes(c);

export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The one way an error leaves a process: a short code (anything not shaped
 * like one becomes 'internal') and one bounded line, never a stack.
 */
export function toApiError(err: unknown): ApiErrorShape {
  let code = 'internal';
  let message: string;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as { code: string; message?: unknown };
    code = CODE.test(e.code) ? e.code : 'internal';
    message = typeof e.message === 'string' ? e.message : e.code;
  } else message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'unexpected error';
  return { code, message: firstLine(message).slice(0, 1000) || 'unexpected error' };
}

export function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
