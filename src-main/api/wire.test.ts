// The web host's framing: typed arrays as binary, the rest as JSON, and every
// malformed frame a 'bad-request' with a reason (never a crash or an out-of-frame read).
import { describe, expect, it } from 'vitest';
import { StudioError } from './errors';
import { decodeWire, encodeWire } from './wire';

const codeAndMessage = (f: () => unknown): { code: string; message: string } => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return { code: (err as StudioError).code, message: (err as Error).message };
  }
  throw new Error('expected a throw');
};

const sample = () => ({
  type: 'result',
  id: 7,
  ok: true,
  value: {
    width: 3,
    data: Float32Array.from([1.5, -2, 3e9, Number.NaN, 0.1]),
    mask: Uint8Array.from([1, 0, 1]),
    // A view into the middle of a larger buffer: only its own bytes travel.
    shifted: new Int16Array(Int16Array.from([9, -9, 300, -300]).buffer, 2, 2),
    nested: [{ u16: Uint16Array.from([65535, 1]) }, { i32: Int32Array.from([-1, 2 ** 31 - 1]) }],
    label: 'é ✓',
  },
});

describe('wire frames', () => {
  it('sends a message without typed arrays as JSON text', () => {
    const f = encodeWire({ type: 'call', id: 1, op: 'info', arg: null });
    expect(typeof f).toBe('string');
    expect(decodeWire(f)).toEqual({ type: 'call', id: 1, op: 'info', arg: null });
  });

  it('round-trips typed arrays of every kind in one binary frame, bit for bit, with no base64', () => {
    const msg = sample();
    const f = encodeWire(msg);
    expect(f).toBeInstanceOf(Uint8Array);
    const bytes = f as Uint8Array;
    // The floats travel as their 4 bytes each, not as 4/3 of that in base64.
    expect(bytes.length).toBeLessThan(400);
    expect(new TextDecoder().decode(bytes)).not.toContain('b64');
    const back = decodeWire<ReturnType<typeof sample>>(bytes);
    expect(back.value.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.value.data)).toEqual(Array.from(msg.value.data));
    expect(Array.from(back.value.shifted)).toEqual([-9, 300]);
    expect(back.value.nested[0].u16).toBeInstanceOf(Uint16Array);
    expect(Array.from(back.value.nested[1].i32 ?? [])).toEqual([-1, 2 ** 31 - 1]);
    expect(back.value.label).toBe('é ✓');
    expect(back.value.mask).toEqual(msg.value.mask);
  });

  it('decodes from a misaligned view (a Node Buffer in a shared pool) by copying', () => {
    const f = encodeWire(sample()) as Uint8Array;
    const pool = new Uint8Array(f.length + 3);
    pool.set(f, 3);
    const back = decodeWire<ReturnType<typeof sample>>(pool.subarray(3));
    expect(Array.from(back.value.data)).toEqual(Array.from(sample().value.data));
    // And from an ArrayBuffer, as the browser delivers binary frames.
    const ab = f.slice().buffer;
    expect(decodeWire<ReturnType<typeof sample>>(ab).value.width).toBe(3);
  });

  it('sends a 100 MB Float32 level as a frame of about its size', () => {
    const big = new Float32Array(25 * 2 ** 20).fill(0.5);
    const f = encodeWire({ data: big }) as Uint8Array;
    expect(f.length - big.byteLength).toBeLessThan(200);
    expect(decodeWire<{ data: Float32Array }>(f).data[big.length - 1]).toBe(0.5);
  });

  it('rejects every truncation of a binary frame with a bad-request naming the problem', () => {
    const f = encodeWire(sample()) as Uint8Array;
    const messages = new Set<string>();
    for (let cut = 1; cut < f.length; cut++) {
      const { code, message } = codeAndMessage(() => decodeWire(f.subarray(0, cut)));
      expect(code).toBe('bad-request');
      expect(message).toMatch(/^malformed frame: /);
      messages.add(message.replace(/\d+/g, 'N'));
    }
    expect([...messages].some((m) => /truncated/.test(m))).toBe(true);
  });

  it('rejects hostile frames: lengths past the end, unknown types, misfit sizes, typed refs in text', () => {
    const frame = (json: string, blobBytes = 0): Uint8Array => {
      const text = new TextEncoder().encode(json);
      const start = Math.ceil((8 + text.length) / 8) * 8;
      const out = new Uint8Array(start + blobBytes);
      out.set([0, 0x53, 0x53, 0x46]);
      new DataView(out.buffer).setUint32(4, text.length, true);
      out.set(text, 8);
      return out;
    };
    const cases: [Uint8Array | string, RegExp][] = [
      [frame('{"a":{"__typed":"Float32Array","at":0,"n":4000000000}}', 8), /runs past the frame's end/],
      [frame('{"a":{"__typed":"Float32Array","at":8,"n":8}}', 8), /runs past the frame's end/],
      [frame('{"a":{"__typed":"Float32Array","at":-8,"n":8}}', 8), /integer "at" and "n"/],
      [frame('{"a":{"__typed":"Float32Array","at":0,"n":1.5}}', 8), /integer "at" and "n"/],
      [frame('{"a":{"__typed":"Float32Array","at":0,"n":6}}', 8), /whole number of elements/],
      [frame('{"a":{"__typed":"toString","at":0,"n":0}}'), /unknown typed array type/],
      [frame('{"a":{"__typed":"BigInt64Array","at":0,"n":8}}', 8), /unknown typed array type/],
      [frame('{"a":'), /not JSON/],
      [Uint8Array.from([0, 0x53, 0x53, 0x46, 255, 255, 255, 255]), /announces 4294967295 bytes/],
      [Uint8Array.from([0, 0x53, 0x53, 0x46, 2, 0, 0, 0, 0xff, 0xfe]), /not UTF-8/],
      ['{"a":{"__typed":"Uint8Array","b64":"AA=="}}', /binary frames only/],
      ['{"a":{"__typed":"Uint8Array","at":0,"n":1}}', /binary frames only/],
    ];
    for (const [f, why] of cases) {
      const { code, message } = codeAndMessage(() => decodeWire(f));
      expect(code).toBe('bad-request');
      expect(message).toMatch(why);
    }
  });

  it('refuses to send a typed array the wire has no name for', () => {
    expect(codeAndMessage(() => encodeWire({ x: new Float64Array(1) })).code).toBe('internal');
  });
});
