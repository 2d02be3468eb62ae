/**
 * Cursor's LEB128 readers: the fast path (up to 7 bytes in float arithmetic) against a reference
 * bigint decoder, over random 64-bit values in their shortest encodings and padded ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { Cursor } from "./cursor.js";

/** LEB128 of `v` with `pad` redundant continuation bytes (0x80 or 0xff before the last). */
function leb(v: bigint, signed: boolean, pad: number): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = signed ? (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0) : v === 0n;
    if (done && pad === 0) {
      out.push(b);
      return Uint8Array.from(out);
    }
    if (done) pad--;
    out.push(b | 0x80);
  }
}

describe("LEB128", () => {
  it("ulebBig and slebBig read every 64-bit value back, consuming exactly its bytes", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.nat(3), (v, pad) => {
        const u = BigInt.asUintN(64, v);
        const cu = new Cursor(leb(u, false, pad), "t");
        expect([cu.ulebBig(), cu.pos]).toEqual([u, cu.end]);
        const cs = new Cursor(leb(v, true, pad), "t");
        expect([cs.slebBig(), cs.pos]).toEqual([v, cs.end]);
      }),
      propertyParams({ numRuns: 2000 }),
    );
  });

  it("sign-extends from the last byte; a truncated value is an error at its start", () => {
    const s = (...b: number[]) => new Cursor(Uint8Array.from(b), "t").slebBig();
    expect([s(0x7f), s(0x40), s(0xc0, 0x00), s(0xff, 0x7f), s(0x3f)]).toEqual([-1n, -64n, 64n, -1n, 63n]);
    expect(() => s(0x80)).toThrow(/t\+0x0: truncated SLEB128/);
    expect(() => new Cursor(Uint8Array.from([0xff, 0xff]), "t").ulebBig()).toThrow(/t\+0x0: truncated/);
  });
});
