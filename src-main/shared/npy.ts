// NumPy .npy v1.0 for float32 arrays, so saliency maps open with np.load().
// Format: "\x93NUMPY", version 1.0, uint16 LE header length, a Python dict
// literal padded with spaces to a 64-byte boundary and ending in "\n", data.
import { StudioError } from '../api/errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Python's repr of a shape tuple: (), (3,), (2, 3). */
const shapeRepr = (shape: number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

export function encodeNpy(data: Float32Array, shape: number[]): Uint8Array {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new StudioError('internal', `encodeNpy: bad shape [${shape}]`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new StudioError('internal', `encodeNpy: shape [${shape}] holds ${count} values, data has ${data.length}`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1; // +1 for the final "\n"
  const total = Math.ceil(unpadded / 64) * 64;
  const header = dict + ' '.repeat(total - unpadded) + '\n';
  const headerLen = header.length;
  if (headerLen > 0xffff) throw new StudioError('internal', 'encodeNpy: header too long for format 1.0');

  const out = new Uint8Array(total + data.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLen & 0xff;
  out[9] = headerLen >> 8;
  for (let i = 0; i < headerLen; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, total);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

/** Reader for '<f4' C-order files (what encodeNpy writes); used by tests and tools. */
export function decodeNpy(bytes: Uint8Array): { data: Float32Array; shape: number[] } {
  if (!MAGIC.every((v, i) => bytes[i] === v)) throw new StudioError('corrupt', 'decodeNpy: not a .npy file');
  const major = bytes[6];
  const lenBytes = major === 1 ? 2 : 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4' || fortran !== 'False' || shapeText === undefined) {
    // The header is not quoted: a reader of arbitrary files must not echo them.
    throw new StudioError('unsupported', 'decodeNpy: only little-endian float32 C-order arrays are read');
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new StudioError('corrupt', 'decodeNpy: the shape is not a tuple of sizes');
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  if (bytes.length < dataStart + count * 4) throw new StudioError('truncated', 'decodeNpy: file is truncated');
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + i * 4, true);
  return { data, shape };
}
