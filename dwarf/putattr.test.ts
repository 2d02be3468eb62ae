import { describe, expect, it } from "vitest";
import { DW_ABRV } from "./abbrev.js";
import { DW_AT, DW_ATE, DW_CLS, DW_FORM, DW_OP } from "./constants.js";
import type { DWAttr } from "./context.js";
import { MemContext, MemSym } from "./memctxt.js";
import { HasChildren, PutAttrs, PutGlobal, PutIntConst, putattr, Sleb128put, Uleb128put } from "./putattr.js";

const ctx4 = () => new MemContext({ dwarf5: false });
const ctx5 = () => new MemContext({ dwarf5: true });
const sym = (name = "s") => new MemSym(name, "SDWARFFCN");
const bytes = (s: MemSym) => [...s.data];
const str = (t: string) => [...new TextEncoder().encode(t), 0];

describe("Uleb128put / Sleb128put (dwarf.go)", () => {
  it.each([
    [0, [0x00]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [624485, [0xe5, 0x8e, 0x26]], // the DWARF spec's example
    // Go converts with uint64(v): -1 is ten bytes of all ones.
    [-1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ])("Uleb128put(%d)", (v, want) => {
    const c = ctx5();
    const s = sym();
    Uleb128put(c, s, v);
    expect(bytes(s)).toEqual(want);
  });

  it.each([
    [0, [0x00]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [-1, [0x7f]],
    [-64, [0x40]], // sevenBitS: 128+v
    [-65, [0xbf, 0x7f]],
    [-123456, [0xc0, 0xbb, 0x78]], // the DWARF spec's example
  ])("Sleb128put(%d)", (v, want) => {
    const c = ctx5();
    const s = sym();
    Sleb128put(c, s, v);
    expect(bytes(s)).toEqual(want);
  });
});

describe("putattr: one value per form (dwarf.go, putattr)", () => {
  const target = new MemSym("target", "STEXT");

  it("addr: nil and 0 is ptrsize zeros, no relocation", () => {
    const c = ctx4();
    const s = sym();
    expect(putattr(c, s, 0, DW_FORM.addr, DW_CLS.ADDRESS, 0, undefined)).toBeUndefined();
    expect(bytes(s)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.relocs).toEqual([]);
  });

  it("addr: R_ADDR to the symbol plus value; GO_TYPEREF is a section offset", () => {
    const c = ctx4();
    const s = sym();
    putattr(c, s, 0, DW_FORM.addr, DW_CLS.ADDRESS, 5, target);
    putattr(c, s, 0, DW_FORM.addr, DW_CLS.GO_TYPEREF, 7, target);
    expect(s.size).toBe(16);
    expect(s.relocs).toEqual([
      { off: 0, siz: 8, type: "R_ADDR", sym: target, add: 5 },
      { off: 8, siz: 8, type: "R_ADDROFF", sym: target, add: 7 },
    ]);
  });

  it("block1 with DW_CLS_ADDRESS: length 1+ptrsize, DW_OP_addr, address", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 4 });
    const s = sym();
    putattr(c, s, 0, DW_FORM.block1, DW_CLS.ADDRESS, 0, target);
    expect(bytes(s)).toEqual([5, DW_OP.addr, 0, 0, 0, 0]);
    expect(s.relocs).toEqual([{ off: 2, siz: 4, type: "R_ADDR", sym: target, add: 0 }]);
  });

  it("blocks: length (masked to the form's width) then the first `length` bytes", () => {
    const c = ctx4();
    const s = sym();
    putattr(c, s, 0, DW_FORM.block1, DW_CLS.BLOCK, 2, [9, 8, 7]);
    putattr(c, s, 0, DW_FORM.block2, DW_CLS.BLOCK, 1, Uint8Array.of(6));
    putattr(c, s, 0, DW_FORM.block4, DW_CLS.BLOCK, 1, [5]);
    putattr(c, s, 0, DW_FORM.block, DW_CLS.BLOCK, 2, [4, 3]);
    expect(bytes(s)).toEqual([2, 9, 8, 1, 0, 6, 1, 0, 0, 0, 5, 2, 4, 3]);
    expect(() => putattr(c, s, 0, DW_FORM.block1, DW_CLS.BLOCK, 4, [1])).toThrow(/block of length 4/);
  });

  it("constants: data1/2/4/8 little-endian, sdata/udata LEB128, flag 0/1", () => {
    const c = ctx4();
    const s = sym();
    putattr(c, s, 0, DW_FORM.data1, DW_CLS.CONSTANT, 0x12, undefined);
    putattr(c, s, 0, DW_FORM.data2, DW_CLS.CONSTANT, 0x1234, undefined);
    putattr(c, s, 0, DW_FORM.data4, DW_CLS.CONSTANT, 0x12345678, undefined);
    putattr(c, s, 0, DW_FORM.data8, DW_CLS.CONSTANT, -2, undefined);
    putattr(c, s, 0, DW_FORM.sdata, DW_CLS.CONSTANT, -2, undefined);
    putattr(c, s, 0, DW_FORM.udata, DW_CLS.CONSTANT, 300, undefined);
    putattr(c, s, 0, DW_FORM.flag, DW_CLS.FLAG, 7, undefined);
    putattr(c, s, 0, DW_FORM.flag, DW_CLS.FLAG, 0, undefined);
    expect(bytes(s)).toEqual([
      0x12, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7e, 0xac,
      0x02, 1, 0,
    ]);
  });

  it("data4 with DW_CLS_PTR, ref_addr and sec_offset: 4-byte R_DWARFSECREF", () => {
    const c = ctx4();
    const s = sym();
    putattr(c, s, 0, DW_FORM.data4, DW_CLS.PTR, 3, target);
    putattr(c, s, 0, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, target);
    putattr(c, s, 0, DW_FORM.sec_offset, DW_CLS.PTR, 9, target);
    expect(bytes(s)).toEqual(new Array(12).fill(0));
    expect(s.relocs.map((r) => [r.off, r.siz, r.type, r.add])).toEqual([
      [0, 4, "R_DWARFSECREF", 3],
      [4, 4, "R_DWARFSECREF", 0],
      [8, 4, "R_DWARFSECREF", 9],
    ]);
  });

  it("ref_addr / sec_offset to nil: an error, nothing written", () => {
    const c = ctx4();
    const s = sym();
    expect(putattr(c, s, 7, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, undefined)?.message).toBe(
      "dwarf: null reference in 7",
    );
    expect(putattr(c, s, 7, DW_FORM.sec_offset, DW_CLS.PTR, 0, null)).toBeInstanceOf(Error);
    expect(s.size).toBe(0);
  });

  it("addrx: an indirect text reference sized by the function count", () => {
    const small = new MemContext({ dwarf5: true, dwTextCount: 63 });
    const big = new MemContext({ dwarf5: true, dwTextCount: 64 });
    const s1 = sym();
    const s2 = sym();
    putattr(small, s1, 0, DW_FORM.addrx, DW_CLS.CONSTANT, 0, target);
    putattr(big, s2, 0, DW_FORM.addrx, DW_CLS.CONSTANT, 0, target);
    // 2*63 = 126 <= 127 fits one byte; 2*64 = 128 needs two (objabi.FuncCountToDwTxtAddrFlavor).
    expect(s1.relocs[0]).toMatchObject({ siz: 1, type: "R_DWTXTADDR_U1" });
    expect(s2.relocs[0]).toMatchObject({ siz: 2, type: "R_DWTXTADDR_U2" });
  });

  it("string: bytes and NUL, padded with NULs to `value` bytes", () => {
    const c = ctx4();
    const s = sym();
    putattr(c, s, 0, DW_FORM.string, DW_CLS.STRING, 2, "ab");
    putattr(c, s, 0, DW_FORM.string, DW_CLS.STRING, 4, "é"); // 2 UTF-8 bytes, then 2 of padding
    expect(bytes(s)).toEqual([0x61, 0x62, 0, 0xc3, 0xa9, 0, 0, 0]);
  });

  it("forms Go never writes are errors", () => {
    const c = ctx4();
    const s = sym();
    for (const f of [DW_FORM.ref4, DW_FORM.strp, DW_FORM.indirect, DW_FORM.ref_udata]) {
      expect(putattr(c, s, 0, f, DW_CLS.REFERENCE, 0, target)?.message).toMatch(/unsupported attribute form/);
    }
    expect(s.size).toBe(0);
  });
});

describe("PutAttrs (dwarf.go)", () => {
  it("writes in abbrev order, skips unlisted attributes and zero-fills missing ones", () => {
    const c = ctx5();
    const s = sym();
    // A BASETYPE DIE built as the linker does (newattr prepends): no go_runtime_type, plus an
    // attribute the abbrev does not have.
    let attr: DWAttr | undefined;
    const add = (atr: number, cls: number, value: number, data: unknown) => {
      attr = { link: attr, atr, cls, value, data };
    };
    add(DW_AT.go_kind, DW_CLS.CONSTANT, 2, undefined);
    add(DW_AT.byte_size, DW_CLS.CONSTANT, 8, undefined);
    add(DW_AT.decl_line, DW_CLS.CONSTANT, 99, undefined);
    add(DW_AT.encoding, DW_CLS.CONSTANT, DW_ATE.signed, undefined);
    add(DW_AT.name, DW_CLS.STRING, 3, "int");
    PutAttrs(c, s, DW_ABRV.BASETYPE, attr);
    expect(bytes(s)).toEqual([...str("int"), DW_ATE.signed, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("HasChildren follows the abbrev", () => {
    const die = {
      abbrev: DW_ABRV.STRUCTTYPE,
      link: undefined,
      child: undefined,
      attr: undefined,
      sym: undefined,
    };
    expect(HasChildren(die)).toBe(true);
    expect(HasChildren({ ...die, abbrev: DW_ABRV.BASETYPE })).toBe(false);
    expect(HasChildren({ ...die, abbrev: DW_ABRV.PUTVAR_START + 3 })).toBe(false);
  });
});

describe("PutIntConst / PutGlobal (dwarf.go)", () => {
  it("PutIntConst: INT_CONSTANT, name, type ref, sdata value", () => {
    const c = ctx5();
    const s = sym();
    const typ = new MemSym("go:info.int", "SDWARFTYPE");
    PutIntConst(c, s, typ, "main.k", -2);
    expect(bytes(s)).toEqual([DW_ABRV.INT_CONSTANT, ...str("main.k"), 0, 0, 0, 0, 0x7e]);
    expect(s.relocs).toEqual([{ off: 8, siz: 4, type: "R_DWARFSECREF", sym: typ, add: 0 }]);
  });

  it("PutGlobal: VARIABLE, name, DW_OP_addr location, type ref, external", () => {
    const c = ctx5();
    const s = sym();
    const typ = new MemSym("go:info.int", "SDWARFTYPE");
    const g = new MemSym("main.g", "SDATA");
    PutGlobal(c, s, typ, g, "main.g");
    expect(bytes(s)).toEqual([
      DW_ABRV.VARIABLE,
      ...str("main.g"),
      9,
      DW_OP.addr,
      ...new Array(8).fill(0),
      0,
      0,
      0,
      0,
      1,
    ]);
    expect(s.relocs).toEqual([
      { off: 10, siz: 8, type: "R_ADDR", sym: g, add: 0 },
      { off: 18, siz: 4, type: "R_DWARFSECREF", sym: typ, add: 0 },
    ]);
  });
});

describe("provenance marks", () => {
  it("cost nothing when off and name the writer when on", () => {
    const off = ctx5();
    expect(off.mark).toBeUndefined();
    const on = new MemContext({ dwarf5: true, provenance: true });
    const s = sym();
    PutIntConst(on, s, new MemSym("t", "SDWARFTYPE"), "k", 1);
    expect(s.spans()).toEqual([
      { start: 0, end: 1, who: "PutIntConst abbrev" },
      { start: 1, end: 3, who: "PutIntConst DW_AT_name" },
      { start: 3, end: 7, who: "PutIntConst DW_AT_type" },
      { start: 7, end: 8, who: "PutIntConst DW_AT_const_value" },
    ]);
  });
});
