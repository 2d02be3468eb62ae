/** crc32 against zlib's and known values; crc32Forge reaches any CRC from any data (property). */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../test/property.js";
import { crc32, crc32Forge } from "./crc32.js";

describe("crc32", () => {
  it("is the IEEE CRC-32 gdb checks a debug file with", () => {
    expect(crc32(new Uint8Array())).toBe(0);
    // The check value of CRC-32/ISO-HDLC.
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});

describe("crc32Forge", () => {
  it("gives four bytes after which the CRC is the one asked for", () => {
    const data = new TextEncoder().encode("hello, debug file");
    for (const target of [0, 1, 0xffffffff, 0xcbf43926, crc32(data)]) {
      const x = crc32Forge(data, target);
      expect(x.length).toBe(4);
      const all = new Uint8Array(data.length + 4);
      all.set(data);
      all.set(x, data.length);
      expect(crc32(all)).toBe(target);
    }
  });

  test.prop([fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 0xffffffff })], propertyParams())(
    "any data, any target",
    (data, target) => {
      const all = new Uint8Array(data.length + 4);
      all.set(data);
      all.set(crc32Forge(data, target), data.length);
      expect(crc32(all)).toBe(target);
    },
  );
});
