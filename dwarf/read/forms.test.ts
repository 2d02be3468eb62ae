import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { DW_AT, DW_FORM } from "../constants.js";
import { FormatError } from "../errors.js";
import { appendUleb128 } from "../leb128.js";
import { Cursor } from "./cursor.js";
import type { FormContext } from "./forms.js";
import { fixedFormSize, readAttrValue, readFormValue } from "./forms.js";
import type { AttrValue } from "./model.js";

function ctx(over: Partial<FormContext> = {}): FormContext {
  return {
    version: 5,
    offsetSize: 4,
    addressSize: 8,
    unitOffset: 0x100,
    unitEnd: 0x200,
    infoSize: 0x1000,
    addrx: (i) => 0x400000n + BigInt(i) * 0x10n,
    strx: (i) => ({ value: `s${i}`, offset: i * 3 }),
    strp: (o) => `str@${o}`,
    lineStrp: (o) => `line@${o}`,
    ...over,
  };
}

const read = (form: number, bytes: number[], c: FormContext = ctx()): { value: AttrValue; used: number } => {
  const cur = new Cursor(Uint8Array.from(bytes), ".debug_info");
  const value = readFormValue(cur, form, c);
  return { value, used: cur.pos };
};

describe("readFormValue", () => {
  const cases: [string, number, number[], AttrValue, FormContext?][] = [
    ["addr", DW_FORM.addr, [1, 0, 0, 0, 0, 0, 0, 0x80], { kind: "address", value: 0x8000000000000001n }],
    [
      "addr (4-byte)",
      DW_FORM.addr,
      [1, 2, 3, 4],
      { kind: "address", value: 0x04030201n },
      ctx({ addressSize: 4 }),
    ],
    ["addrx", DW_FORM.addrx, [0x81, 0x01], { kind: "address", value: 0x400810n, index: 129 }],
    ["addrx3", DW_FORM.addrx3, [1, 0, 0], { kind: "address", value: 0x400010n, index: 1 }],
    ["GNU_addr_index", DW_FORM.GNU_addr_index, [2], { kind: "address", value: 0x400020n, index: 2 }],
    [
      "LLVM_addrx_offset",
      DW_FORM.LLVM_addrx_offset,
      [1, 8, 0, 0, 0],
      { kind: "address", value: 0x400018n, index: 1 },
    ],
    ["strx", DW_FORM.strx, [5], { kind: "string", value: "s5", offset: 15, index: 5 }],
    ["strx3", DW_FORM.strx3, [0, 1, 0], { kind: "string", value: "s256", offset: 768, index: 256 }],
    ["GNU_str_index", DW_FORM.GNU_str_index, [1], { kind: "string", value: "s1", offset: 3, index: 1 }],
    [
      "strp (DWARF64)",
      DW_FORM.strp,
      [9, 0, 0, 0, 0, 0, 0, 0],
      { kind: "string", value: "str@9", offset: 9 },
      ctx({ offsetSize: 8 }),
    ],
    ["line_strp", DW_FORM.line_strp, [7, 0, 0, 0], { kind: "string", value: "line@7", offset: 7 }],
    ["string", DW_FORM.string, [0x68, 0x69, 0], { kind: "string", value: "hi" }],
    [
      "udata",
      DW_FORM.udata,
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1],
      { kind: "constant", value: 0xffffffffffffffffn, signed: false },
    ],
    ["sdata", DW_FORM.sdata, [0x7f], { kind: "constant", value: -1n, signed: true }],
    ["data2", DW_FORM.data2, [0xfe, 0xff], { kind: "constant", value: 0xfffen, signed: false }],
    ["ref_udata", DW_FORM.ref_udata, [0x10], { kind: "reference", offset: 0x110 }],
    [
      "ref_addr (DWARF64)",
      DW_FORM.ref_addr,
      [0x20, 0, 0, 0, 0, 0, 0, 0],
      { kind: "reference", offset: 0x20 },
      ctx({ offsetSize: 8 }),
    ],
    [
      "ref_addr (DWARF 2)",
      DW_FORM.ref_addr,
      [0x20, 0, 0, 0],
      { kind: "reference", offset: 0x20 },
      ctx({ version: 2, addressSize: 4 }),
    ],
    [
      "sec_offset (DWARF64)",
      DW_FORM.sec_offset,
      [1, 0, 0, 0, 1, 0, 0, 0],
      { kind: "secOffset", value: 0x100000001 },
      ctx({ offsetSize: 8 }),
    ],
    ["ref_sup4", DW_FORM.ref_sup4, [4, 0, 0, 0], { kind: "secOffset", value: 4 }, ctx({ offsetSize: 8 })],
    ["ref_sup8", DW_FORM.ref_sup8, [8, 0, 0, 0, 0, 0, 0, 0], { kind: "secOffset", value: 8 }],
    ["strp_sup", DW_FORM.strp_sup, [3, 0, 0, 0], { kind: "secOffset", value: 3 }],
    ["GNU_ref_alt", DW_FORM.GNU_ref_alt, [5, 0, 0, 0], { kind: "secOffset", value: 5 }],
    ["GNU_strp_alt", DW_FORM.GNU_strp_alt, [6, 0, 0, 0], { kind: "secOffset", value: 6 }],
    ["loclistx", DW_FORM.loclistx, [3], { kind: "listIndex", value: 3 }],
    ["rnglistx", DW_FORM.rnglistx, [0x80, 1], { kind: "listIndex", value: 128 }],
    ["flag_present", DW_FORM.flag_present, [], { kind: "flag", value: true }],
    ["exprloc", DW_FORM.exprloc, [1, 0x9c], { kind: "block", bytes: Uint8Array.from([0x9c]) }],
  ];
  for (const [name, form, bytes, want, c] of cases) {
    it(name, () => {
      const r = read(form, bytes, c);
      expect(r.value).toEqual(want);
      expect(r.used).toBe(bytes.length);
    });
  }

  it("reads big-endian values", () => {
    const cur = new Cursor(Uint8Array.from([0x12, 0x34]), ".debug_info", false);
    expect(readFormValue(cur, DW_FORM.data2, ctx())).toEqual({
      kind: "constant",
      value: 0x1234n,
      signed: false,
    });
  });

  it("rejects unknown forms and references outside the unit or section", () => {
    expect(() => read(0x7f, [0])).toThrow(/^\.debug_info\+0x0: unknown attribute form 0x7f/);
    expect(() => read(DW_FORM.ref1, [0xff, 0])).not.toThrow();
    expect(() => read(DW_FORM.ref2, [0, 1])).toThrow(/reference 0x100 is outside its unit \(size 0x100\)/);
    expect(() => read(DW_FORM.ref_addr, [0, 0x10, 0, 0])).toThrow(
      /DW_FORM_ref_addr 0x1000 is outside the section/,
    );
    expect(() => read(DW_FORM.ref8, [0, 0, 0, 0, 0, 0, 0x20, 0])).toThrow(FormatError);
  });
});

describe("readAttrValue", () => {
  it("follows DW_FORM_indirect chains and reports the form used", () => {
    const bytes = [...appendUleb128([], DW_FORM.indirect), ...appendUleb128([], DW_FORM.strx1), 4];
    const cur = new Cursor(Uint8Array.from(bytes), ".debug_info");
    expect(readAttrValue(cur, { at: DW_AT.name, form: DW_FORM.indirect }, ctx())).toEqual({
      form: DW_FORM.strx1,
      value: { kind: "string", value: "s4", offset: 12, index: 4 },
    });
    expect(cur.atEnd()).toBe(true);
  });

  it("takes implicit_const from the abbrev and refuses it through indirect", () => {
    const cur = new Cursor(new Uint8Array(0), ".debug_info");
    expect(
      readAttrValue(cur, { at: DW_AT.byte_size, form: DW_FORM.implicit_const, implicitConst: -9n }, ctx()),
    ).toEqual({
      form: DW_FORM.implicit_const,
      value: { kind: "constant", value: -9n, signed: true },
    });
    const ind = new Cursor(Uint8Array.from([DW_FORM.implicit_const]), ".debug_info");
    expect(() => readAttrValue(ind, { at: DW_AT.byte_size, form: DW_FORM.indirect }, ctx())).toThrow(
      /names DW_FORM_implicit_const/,
    );
  });
});

describe("fixedFormSize", () => {
  const fixed = Object.values(DW_FORM).filter(
    (f) => fixedFormSize(f, ctx()) !== undefined && f !== DW_FORM.implicit_const,
  );
  it("knows the fixed-size forms", () => {
    expect(fixed).toContain(DW_FORM.data16);
    expect(fixedFormSize(DW_FORM.udata, ctx())).toBeUndefined();
    expect(fixedFormSize(DW_FORM.ref_addr, { version: 2, offsetSize: 4, addressSize: 8 })).toBe(8);
  });

  test.prop(
    [
      fc.constantFrom(...fixed),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.constantFrom(4 as const, 8 as const),
      fc.constantFrom(4, 8),
    ],
    propertyParams(),
  )("agrees with the bytes readFormValue consumes", (form, bytes, offsetSize, addressSize) => {
    // References and string lookups are range-checked; widen the context so any value is in range.
    const c = ctx({
      offsetSize,
      addressSize,
      unitOffset: 0,
      unitEnd: Number.MAX_SAFE_INTEGER,
      infoSize: Number.MAX_SAFE_INTEGER,
    });
    const cur = new Cursor(bytes, ".debug_info");
    try {
      readFormValue(cur, form, c);
    } catch (e) {
      // Only an 8-byte value too large for a safe integer may be refused.
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).problem).toMatch(/too large/);
      return;
    }
    expect(cur.pos).toBe(fixedFormSize(form, c));
  });
});
