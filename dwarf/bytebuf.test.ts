import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../test/property.js";
import { ByteBuf, putUint } from "./bytebuf.js";

describe("putUint", () => {
  it("writes two's complement in either byte order, without bigint", () => {
    const b = new Uint8Array(8);
    putUint(b, 0, 8, -2);
    expect([...b]).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    putUint(b, 0, 8, 2 ** 40 + 5, true);
    expect([...b]).toEqual([0, 0, 1, 0, 0, 0, 0, 5]);
    putUint(b, 0, 2, 0x1234, true);
    expect([...b.subarray(0, 2)]).toEqual([0x12, 0x34]);
    expect(() => putUint(b, 0, 3, 1)).toThrow(/bad integer size/);
  });
});

describe("ByteBuf", () => {
  it("grows by doubling and keeps what it held", () => {
    const b = new ByteBuf();
    expect(b.length).toBe(0);
    expect(b.view().length).toBe(0);
    const capacities = new Set<number>();
    for (let i = 0; i < 100; i++) {
      expect(b.addUint(1, i)).toBe(i);
      capacities.add(b.view().buffer.byteLength);
    }
    // At least 16, then doubling: a few copies however many appends.
    expect([...capacities]).toEqual([16, 32, 64, 128]);
    expect(b.length).toBe(100);
    expect([...b.view()]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Space reserved by grow is zero, even where a shorter length once held bytes.
    b.length = 10;
    expect(b.grow(5)).toBe(10);
    expect([...b.view().subarray(10)]).toEqual([0, 0, 0, 0, 0]);
  });

  it("puts 1, 2, 4 and 8 bytes little-endian, negatives in two's complement", () => {
    const b = new ByteBuf();
    b.addUint(1, -1);
    b.addUint(2, -2);
    b.addUint(4, -3);
    b.addUint(8, -4);
    b.addUint(8, 2 ** 53 - 1);
    b.addUint(2, 0x1234);
    const rows = [
      [0xff],
      [0xfe, 0xff],
      [0xfd, 0xff, 0xff, 0xff],
      [0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00],
      [0x34, 0x12],
    ];
    expect([...b.view()]).toEqual(rows.flat());
    expect(() => b.addUint(3, 0)).toThrow(/bad integer size/);
    expect(b.length).toBe(25);
  });

  it("overwrites inside the length and refuses to run past it", () => {
    const b = new ByteBuf();
    b.grow(8);
    b.setUint(4, 4, 0x01020304);
    expect([...b.view()]).toEqual([0, 0, 0, 0, 4, 3, 2, 1]);
    expect(() => b.setUint(5, 4, 0)).toThrow(RangeError);
    expect(() => b.setUint(-1, 1, 0)).toThrow(RangeError);
    expect(b.length).toBe(8);
  });

  it("extends for writes at or past the end, as prepwrite does", () => {
    const b = new ByteBuf();
    b.writeUint(4, 2, 0xabcd);
    expect([...b.view()]).toEqual([0, 0, 0, 0, 0xcd, 0xab]);
    expect(b.writeBytes(2, [7, 8, 9, 10, 11])).toBe(7);
    expect([...b.view()]).toEqual([0, 0, 7, 8, 9, 10, 11]);
  });

  it("holds no bytes for a length set past them (a text symbol's size)", () => {
    const b = new ByteBuf();
    b.length = 64;
    expect(b.length).toBe(64);
    expect(b.view().length).toBe(0);
    expect(() => {
      b.length = -1;
    }).toThrow(RangeError);
  });

  it("replaces its contents exactly and appends strings with a NUL", () => {
    const b = new ByteBuf();
    b.set([1, 2, 3]);
    expect([...b.view()]).toEqual([1, 2, 3]);
    b.addString("go");
    b.addString("é");
    expect([...b.view()]).toEqual([1, 2, 3, 0x67, 0x6f, 0, 0xc3, 0xa9, 0]);
  });
});

/** One operation on a buffer, and the same on a DataView reference. */
type Op =
  | { kind: "add"; size: 1 | 2 | 4 | 8; v: number }
  | { kind: "set"; at: number; size: 1 | 2 | 4 | 8; v: number }
  | { kind: "bytes"; b: number[] }
  | { kind: "string"; s: string }
  | { kind: "grow"; n: number }
  | { kind: "truncate"; at: number };

const size = fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const);
// Within ±2^53: exact as a number; the puts truncate to the width as DataView does.
const value = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
  fc.maxSafeInteger(),
  fc.integer({ min: -128, max: 255 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), size, v: value }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(200), size, v: value }),
  fc.record({ kind: fc.constant("bytes" as const), b: fc.array(fc.nat(255), { maxLength: 40 }) }),
  fc.record({ kind: fc.constant("string" as const), s: fc.string({ unit: "binary", maxLength: 8 }) }),
  fc.record({ kind: fc.constant("grow" as const), n: fc.nat(40) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(200) }),
);

/** The reference: a fixed DataView over a large array and a length. */
function reference(ops: readonly Op[], bigEndian: boolean): number[] {
  const dv = new DataView(new ArrayBuffer(1 << 16));
  let n = 0;
  const put = (at: number, sz: number, v: number): void => {
    const le = !bigEndian;
    if (sz === 1) dv.setUint8(at, v);
    else if (sz === 2) dv.setUint16(at, v, le);
    else if (sz === 4) dv.setUint32(at, v, le);
    else dv.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), le);
  };
  for (const o of ops) {
    switch (o.kind) {
      case "add":
        put(n, o.size, o.v);
        n += o.size;
        break;
      case "set":
        if (o.at + o.size <= n) put(o.at, o.size, o.v);
        break;
      case "bytes":
        for (const x of o.b) dv.setUint8(n++, x);
        break;
      case "string":
        for (const x of new TextEncoder().encode(o.s)) dv.setUint8(n++, x);
        dv.setUint8(n++, 0);
        break;
      case "grow":
        n += o.n;
        break;
      case "truncate":
        // Bytes dropped by a shorter length read back as zero when it grows again.
        if (o.at < n) for (let i = o.at; i < n; i++) dv.setUint8(i, 0);
        n = Math.min(n, o.at);
        break;
    }
  }
  return [...new Uint8Array(dv.buffer, 0, n)];
}

test.prop([fc.array(op, { maxLength: 60 }), fc.boolean()], propertyParams())(
  "any sequence of puts gives the bytes a DataView gives",
  (ops, bigEndian) => {
    const b = new ByteBuf();
    for (const o of ops) {
      switch (o.kind) {
        case "add":
          b.addUint(o.size, o.v, bigEndian);
          break;
        case "set":
          if (o.at + o.size <= b.length) b.setUint(o.at, o.size, o.v, bigEndian);
          else expect(() => b.setUint(o.at, o.size, o.v, bigEndian)).toThrow(RangeError);
          break;
        case "bytes":
          b.addBytes(o.b);
          break;
        case "string":
          b.addString(o.s);
          break;
        case "grow":
          expect(b.grow(o.n)).toBe(b.length - o.n);
          break;
        case "truncate":
          if (o.at < b.length) b.length = o.at;
          break;
      }
    }
    expect([...b.view()]).toEqual(reference(ops, bigEndian));
  },
);
