// The package names release/lossless.d.ts in its "types" field but does not ship
// it; this declares what this project uses (see dicom-jpeg-lossless.ts),
// including the scan-header reader it wraps to check sizes before allocation.
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer | null, numBytes?: number);
    frame: { dimX: number; dimY: number; precision: number; numComp: number };
    /** Parsed right after the frame header; the output buffer is allocated right after this read. */
    scan: { numComp: number; read(stream: unknown): number };
    numComp: number;
    /** Decoded samples, interleaved: Uint8Array when numBytes is 1, else Uint16Array (host byte order). */
    decode(buffer?: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
