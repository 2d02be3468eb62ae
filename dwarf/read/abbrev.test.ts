import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { DW_AT, DW_FORM, DW_TAG } from "../constants.js";
import { FormatError } from "../errors.js";
import { appendSleb128, appendUleb128 } from "../leb128.js";
import { readAbbrevTable } from "./abbrev.js";

type Decl = [code: number, tag: number, children: number, specs: [number, number, bigint?][]];

function encode(decls: Decl[], terminate = true): number[] {
  const out: number[] = [];
  for (const [code, tag, children, specs] of decls) {
    appendUleb128(out, code);
    appendUleb128(out, tag);
    out.push(children);
    for (const [at, form, ic] of specs) {
      appendUleb128(out, at);
      appendUleb128(out, form);
      if (form === DW_FORM.implicit_const) appendSleb128(out, ic ?? 0n);
    }
    out.push(0, 0);
  }
  if (terminate) out.push(0);
  return out;
}

const sample: Decl[] = [
  [
    1,
    DW_TAG.compile_unit,
    1,
    [
      [DW_AT.name, DW_FORM.strp],
      [DW_AT.go_package_name, DW_FORM.string],
    ],
  ],
  [
    2,
    DW_TAG.base_type,
    0,
    [
      [DW_AT.byte_size, DW_FORM.implicit_const, -5n],
      [DW_AT.encoding, DW_FORM.implicit_const, 1n << 40n],
    ],
  ],
  [300, DW_TAG.subprogram, 0, [[DW_AT.low_pc, DW_FORM.indirect]]],
];

describe("readAbbrevTable", () => {
  it("reads codes, tags, children flags, forms and implicit constants", () => {
    const t = readAbbrevTable(Uint8Array.from(encode(sample)), 0);
    expect([...t.keys()]).toEqual([1, 2, 300]);
    expect(t.get(1)).toEqual({
      code: 1,
      tag: DW_TAG.compile_unit,
      hasChildren: true,
      specs: [
        { at: DW_AT.name, form: DW_FORM.strp },
        { at: DW_AT.go_package_name, form: DW_FORM.string },
      ],
    });
    expect(t.get(2)!.specs.map((s) => s.implicitConst)).toEqual([-5n, 1n << 40n]);
    expect(t.get(300)!.hasChildren).toBe(false);
    expect(t.get(300)!.specs[0]!.form).toBe(DW_FORM.indirect);
  });

  it("reads a table at a non-zero offset and stops at its zero code", () => {
    const first = encode([[1, DW_TAG.variable, 0, []]]);
    const second = encode([[1, DW_TAG.member, 0, [[DW_AT.name, DW_FORM.string]]]]);
    const bytes = Uint8Array.from([...first, ...second]);
    expect(readAbbrevTable(bytes, 0).get(1)!.tag).toBe(DW_TAG.variable);
    const t = readAbbrevTable(bytes, first.length);
    expect(t.get(1)!.tag).toBe(DW_TAG.member);
    expect(t.size).toBe(1);
  });

  it("rejects an offset outside the section", () => {
    expect(() => readAbbrevTable(Uint8Array.from([0]), 1)).toThrow(FormatError);
    expect(() => readAbbrevTable(Uint8Array.from([0]), 1)).toThrow(/\.debug_abbrev\+0x1: abbrev offset 0x1/);
  });

  it("rejects duplicate codes, bad children flags and half-zero attribute specs", () => {
    expect(() => readAbbrevTable(Uint8Array.from(encode([sample[0]!, sample[0]!])), 0)).toThrow(
      /duplicate abbrev code 1/,
    );
    expect(() => readAbbrevTable(Uint8Array.from(encode([[1, 0x11, 2, []]])), 0)).toThrow(
      /\+0x2: bad DW_CHILDREN value 2/,
    );
    expect(() => readAbbrevTable(Uint8Array.from(encode([[1, 0x11, 0, [[0, DW_FORM.data1]]]])), 0)).toThrow(
      /bad attribute spec/,
    );
  });

  test.prop([fc.integer({ min: 0, max: encode(sample).length - 1 })], propertyParams())(
    "a table cut at any byte gives a FormatError naming .debug_abbrev",
    (cut) => {
      const bytes = Uint8Array.from(encode(sample)).subarray(0, cut);
      let err: unknown;
      try {
        readAbbrevTable(bytes, 0);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).section).toBe(".debug_abbrev");
      expect((err as FormatError).offset).toBeLessThanOrEqual(cut);
    },
  );

  test.prop([fc.uint8Array({ maxLength: 64 })], propertyParams())(
    "random bytes give a table or a FormatError",
    (bytes) => {
      try {
        readAbbrevTable(bytes, 0);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    },
  );
});
