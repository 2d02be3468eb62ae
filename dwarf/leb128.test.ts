import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../test/property.js";
import { FormatError } from "./errors.js";
import { appendSleb128, appendUleb128, paddedUleb128, sleb128, uleb128, uleb128Size } from "./leb128.js";
import { Cursor } from "./read/cursor.js";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

function cursor(bytes: Uint8Array | number[]): Cursor {
  return new Cursor(Uint8Array.from(bytes), ".test");
}

describe("LEB128", () => {
  it("encodes the examples of the DWARF 5 standard (figures 7.22, 7.23)", () => {
    expect([...uleb128(2)]).toEqual([2]);
    expect([...uleb128(127)]).toEqual([127]);
    expect([...uleb128(128)]).toEqual([0x80, 1]);
    expect([...uleb128(129)]).toEqual([0x81, 1]);
    expect([...uleb128(130)]).toEqual([0x82, 1]);
    expect([...uleb128(12857)]).toEqual([0xb9, 100]);
    expect([...sleb128(2)]).toEqual([2]);
    expect([...sleb128(-2)]).toEqual([0x7e]);
    expect([...sleb128(127)]).toEqual([0xff, 0]);
    expect([...sleb128(-127)]).toEqual([0x81, 0x7f]);
    expect([...sleb128(128)]).toEqual([0x80, 1]);
    expect([...sleb128(-128)]).toEqual([0x80, 0x7f]);
    expect([...sleb128(129)]).toEqual([0x81, 1]);
    expect([...sleb128(-129)]).toEqual([0xff, 0x7e]);
  });

  it("writes Go's fixed-width padded form for R_DWTXTADDR_U1..U4", () => {
    // Value 1 padded to 3 bytes, as go-dwarf-internals.md records from a real link.
    expect([...paddedUleb128(1, 3)]).toEqual([0x81, 0x80, 0x00]);
    expect([...paddedUleb128(127, 1)]).toEqual([0x7f]);
    expect(() => paddedUleb128(128, 1)).toThrow(RangeError);
    expect([...paddedUleb128(16383, 2)]).toEqual([0xff, 0x7f]);
  });

  it("rejects values it cannot encode", () => {
    expect(() => uleb128(-1)).toThrow(RangeError);
    expect(() => uleb128(1.5)).toThrow(RangeError);
    expect(() => sleb128(2 ** 60)).toThrow(RangeError);
  });

  it("reports a truncated encoding as a FormatError at its start", () => {
    const c = cursor([0x01, 0x80, 0x80]);
    c.u8();
    expect(() => c.uleb()).toThrow(FormatError);
    expect(() => cursor([0x80, 0x80]).uleb()).toThrow(/\.test\+0x0: truncated/);
    expect(() => cursor([0xff]).sleb()).toThrow(FormatError);
  });

  test.prop([u64], propertyParams())("unsigned round trip (bigint and, when safe, number)", (v) => {
    const bytes = uleb128(v);
    expect(bytes.length).toBe(uleb128Size(v));
    const c = cursor(bytes);
    expect(c.ulebBig()).toBe(v);
    expect(c.atEnd()).toBe(true);
    if (v <= BigInt(Number.MAX_SAFE_INTEGER)) {
      expect([...uleb128(Number(v))]).toEqual([...bytes]);
      expect(cursor(bytes).uleb()).toBe(Number(v));
    } else {
      expect(() => cursor(bytes).uleb()).toThrow(FormatError);
    }
  });

  test.prop([i64], propertyParams())("signed round trip (bigint and, when safe, number)", (v) => {
    const bytes = sleb128(v);
    const c = cursor(bytes);
    expect(c.slebBig()).toBe(v);
    expect(c.atEnd()).toBe(true);
    if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) {
      expect([...appendSleb128([], Number(v))]).toEqual([...bytes]);
      expect(cursor(bytes).sleb()).toBe(Number(v));
    }
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 28 - 1 }), fc.integer({ min: 1, max: 4 })], propertyParams())(
    "padded form decodes as an ordinary ULEB of exactly its width",
    (v, width) => {
      fc.pre(v < 2 ** (7 * width));
      const c = cursor(paddedUleb128(v, width));
      expect(c.uleb()).toBe(v);
      expect(c.pos).toBe(width);
    },
  );

  test.prop([fc.uint8Array({ maxLength: 24 })], propertyParams())(
    "decoding arbitrary bytes either succeeds and advances, or throws FormatError",
    (bytes) => {
      for (const read of [(c: Cursor) => c.ulebBig(), (c: Cursor) => c.slebBig(), (c: Cursor) => c.uleb()]) {
        const c = cursor(bytes);
        try {
          read(c);
          expect(c.pos).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }
    },
  );

  it("number and bigint encoders agree at the fast-path boundaries", () => {
    for (const v of [0x7fffffff, 0x80000000, 2 ** 53 - 1]) {
      expect(appendUleb128([], v)).toEqual(appendUleb128([], BigInt(v)));
    }
    for (const v of [-0x40000000, -0x40000001, 0x3fffffff, 0x40000000]) {
      expect(appendSleb128([], v)).toEqual(appendSleb128([], BigInt(v)));
    }
  });
});

describe("Cursor", () => {
  it("names the section and the absolute offset in errors", () => {
    const c = new Cursor(new Uint8Array(8), ".debug_info", true, 2, 6, 0x100);
    c.u32();
    expect(() => c.u8()).toThrow(".debug_info+0x106: truncated byte: need 1 bytes, 0 left");
  });

  it("reads both byte orders and 64-bit DWARF initial lengths", () => {
    const le = cursor([0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb]);
    expect(le.u16()).toBe(0x1234);
    expect(le.initialLength()).toEqual({ length: 2, offsetSize: 8 });
    const be = new Cursor(Uint8Array.from([0x12, 0x34, 0x56]), ".x", false);
    expect(be.u24()).toBe(0x123456);
  });

  it("rejects a unit length that runs past the end and the reserved lengths", () => {
    expect(() => cursor([0x10, 0, 0, 0, 1]).initialLength()).toThrow(/runs past the end/);
    expect(() => cursor([0xf0, 0xff, 0xff, 0xff]).initialLength()).toThrow(/reserved/);
  });

  it("rejects unterminated strings", () => {
    expect(() => cursor([0x61, 0x62]).cstring()).toThrow(/unterminated string/);
    expect(cursor([0x61, 0x62, 0]).cstring()).toBe("ab");
  });
});
