import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { DW_AT, DW_FORM, DW_TAG, DW_UT } from "../constants.js";
import { FormatError } from "../errors.js";
import { readAbbrevTable } from "./abbrev.js";
import { Cursor } from "./cursor.js";
import type { FormContext } from "./forms.js";
import { forEachUnit, readDieSequence, readInfo, readUnitHeaders, units } from "./info.js";
import type { Die, Unit } from "./model.js";
import { attrNumber, attrString, findAttr, walkDies } from "./model.js";
import type { DwarfSections } from "./sections.js";
import { Bytes as W } from "../../test/bytes.js";

type Spec = [at: number, form: number, implicit?: bigint];

function abbrevs(decls: [code: number, tag: number, children: boolean, specs: Spec[]][]): number[] {
  const w = new W();
  for (const [code, tag, children, specs] of decls) {
    w.uleb(code)
      .uleb(tag)
      .u8(children ? 1 : 0);
    for (const [at, form, ic] of specs) {
      w.uleb(at).uleb(form);
      if (form === DW_FORM.implicit_const) w.sleb(ic ?? 0n);
    }
    w.u8(0, 0);
  }
  return w.u8(0).b;
}

interface Hdr {
  version: number;
  unitType?: number;
  addressSize?: number;
  abbrevOffset?: number;
  offsetSize?: 4 | 8;
  id?: bigint;
  typeOffset?: number;
  types?: boolean;
}

/** Header size up to the first DIE, so tests can compute DIE offsets before writing them. */
function headerSize(h: Hdr): number {
  const os = h.offsetSize ?? 4;
  let n = (os === 8 ? 12 : 4) + 2 + os + 1 + (h.version >= 5 ? 1 : 0);
  const ut = h.unitType ?? DW_UT.compile;
  if (h.version >= 5 && (ut === DW_UT.skeleton || ut === DW_UT.split_compile)) n += 8;
  if ((h.version >= 5 && (ut === DW_UT.type || ut === DW_UT.split_type)) || h.types) n += 8 + os;
  return n;
}

function unitBytes(h: Hdr, body: number[]): number[] {
  const os = h.offsetSize ?? 4;
  const w = new W();
  const rest = new W().u16(h.version);
  const ut = h.unitType ?? DW_UT.compile;
  if (h.version >= 5) rest.u8(ut, h.addressSize ?? 8).off(h.abbrevOffset ?? 0, os);
  else rest.off(h.abbrevOffset ?? 0, os).u8(h.addressSize ?? 8);
  if (h.version >= 5 && (ut === DW_UT.skeleton || ut === DW_UT.split_compile)) rest.u64(h.id ?? 0n);
  if ((h.version >= 5 && (ut === DW_UT.type || ut === DW_UT.split_type)) || h.types) {
    rest.u64(h.id ?? 0n).off(h.typeOffset ?? 0, os);
  }
  const len = rest.b.length + body.length;
  if (os === 8) w.u32(0xffffffff).u64(BigInt(len));
  else w.u32(len);
  return [...w.b, ...rest.b, ...body];
}

function secs(sections: DwarfSections["sections"]): DwarfSections {
  return { littleEndian: true, addressSize: 8, sections };
}

// ---------------------------------------------------------------------------------------------
// A DWARF 5 compile unit using every form, with its string, address and offsets sections.

const STR = "\0main.c\0int\0x\0y\0z\0";
const strOff = (s: string) => STR.indexOf(`\0${s}\0`) + 1;
const LINE_STR = "\0GNU C17\0/src\0";

/** Contribution header: initial length (32- or 64-bit) then the body. */
function contribution(os: 4 | 8, body: number[]): number[] {
  const w = new W();
  if (os === 8) w.u32(0xffffffff).u64(BigInt(body.length));
  else w.u32(body.length);
  return [...w.b, ...body];
}

function strOffsetsSection(os: 4 | 8 = 4): number[] {
  const offs = ["main.c", "int", "x", "y", "z"].map(strOff);
  return contribution(
    os,
    new W()
      .u16(5)
      .u16(0)
      .u8(...offs.flatMap((o) => new W().off(o, os).b)).b,
  );
}

const ADDRS = [0x401000n, 0x401100n, 0x402000n, 0x403000n, 0x404000n];
function addrSection(os: 4 | 8 = 4): number[] {
  const w = new W().u16(5).u8(8, 0);
  for (const a of ADDRS) w.u64(a);
  return contribution(os, w.b);
}

const ABBREV5 = abbrevs([
  [
    1,
    DW_TAG.compile_unit,
    true,
    [
      // Indexed forms before the bases they need: the reader must patch them.
      [DW_AT.name, DW_FORM.strx1],
      [DW_AT.low_pc, DW_FORM.addrx],
      [DW_AT.producer, DW_FORM.line_strp],
      [DW_AT.comp_dir, DW_FORM.line_strp],
      [DW_AT.str_offsets_base, DW_FORM.sec_offset],
      [DW_AT.addr_base, DW_FORM.sec_offset],
      [DW_AT.rnglists_base, DW_FORM.sec_offset],
      [DW_AT.loclists_base, DW_FORM.sec_offset],
      [DW_AT.language, DW_FORM.data2],
      [DW_AT.high_pc, DW_FORM.data4],
    ],
  ],
  [
    2,
    DW_TAG.base_type,
    false,
    [
      [DW_AT.name, DW_FORM.strx],
      [DW_AT.byte_size, DW_FORM.implicit_const, 8n],
      [DW_AT.encoding, DW_FORM.data1],
      [DW_AT.alignment, DW_FORM.implicit_const, -3n],
    ],
  ],
  [
    3,
    DW_TAG.variable,
    false,
    [
      [DW_AT.name, DW_FORM.strx2],
      [DW_AT.type, DW_FORM.ref4],
      [DW_AT.location, DW_FORM.exprloc],
      [DW_AT.external, DW_FORM.flag_present],
      [DW_AT.decl_line, DW_FORM.udata],
      [DW_AT.const_value, DW_FORM.sdata],
      [DW_AT.ranges, DW_FORM.rnglistx],
      [DW_AT.GNU_locviews, DW_FORM.loclistx],
      [DW_AT.signature, DW_FORM.ref_sig8],
      [DW_AT.upper_bound, DW_FORM.data16],
    ],
  ],
  [
    4,
    DW_TAG.subprogram,
    true,
    [
      [DW_AT.name, DW_FORM.strx3],
      [DW_AT.linkage_name, DW_FORM.strx4],
      [DW_AT.low_pc, DW_FORM.addrx1],
      [DW_AT.high_pc, DW_FORM.addrx2],
      [DW_AT.entry_pc, DW_FORM.addrx3],
      [DW_AT.call_pc, DW_FORM.addrx4],
      [DW_AT.type, DW_FORM.ref1],
      [DW_AT.specification, DW_FORM.ref2],
      [DW_AT.abstract_origin, DW_FORM.ref8],
      [DW_AT.object_pointer, DW_FORM.ref_udata],
      [DW_AT.sibling, DW_FORM.ref_addr],
    ],
  ],
  [
    5,
    DW_TAG.formal_parameter,
    false,
    [
      [DW_AT.name, DW_FORM.string],
      [DW_AT.description, DW_FORM.strp],
      [DW_AT.byte_size, DW_FORM.data8],
      [DW_AT.bit_size, DW_FORM.data4],
      [DW_AT.location, DW_FORM.block1],
      [DW_AT.frame_base, DW_FORM.block2],
      [DW_AT.data_location, DW_FORM.block4],
      [DW_AT.allocated, DW_FORM.block],
      [DW_AT.artificial, DW_FORM.flag],
      [DW_AT.prototyped, DW_FORM.flag],
      [DW_AT.entry_pc, DW_FORM.addr],
      [DW_AT.count, DW_FORM.indirect],
      [DW_AT.stmt_list, DW_FORM.indirect],
    ],
  ],
]);

interface Built {
  info: number[];
  root: number;
  baseType: number;
  variable: number;
  subprogram: number;
  param: number;
}

function buildV5(offsetSize: 4 | 8 = 4): Built {
  const hdr: Hdr = { version: 5, offsetSize };
  const hs = headerSize(hdr);
  const b = new W();
  const root = hs + b.pos;
  // Just past the first contribution header, whose size follows the offset size.
  const contribBase = offsetSize === 8 ? 16 : 8;
  const listsBase = offsetSize === 8 ? 20 : 12;
  b.uleb(1)
    .u8(0) // name: strx1 0 -> "main.c"
    .uleb(0) // low_pc: addrx 0
    .off(1, offsetSize) // producer
    .off(9, offsetSize) // comp_dir
    .off(contribBase, offsetSize) // str_offsets_base
    .off(contribBase, offsetSize) // addr_base
    .off(listsBase, offsetSize) // rnglists_base
    .off(listsBase, offsetSize) // loclists_base
    .u16(0x16)
    .u32(0x100);
  const baseType = hs + b.pos;
  b.uleb(2).uleb(1).u8(5);
  const variable = hs + b.pos;
  b.uleb(3)
    .u16(2) // strx2 -> "x"
    .u32(baseType) // ref4
    .uleb(3)
    .u8(0x91, 0x68, 0x9f) // exprloc: fbreg -24, stack_value
    .uleb(300) // udata
    .sleb(-70000) // sdata
    .uleb(1) // rnglistx
    .uleb(2) // loclistx
    .u64(0x1122334455667788n) // ref_sig8
    .u8(...Array.from({ length: 16 }, (_, i) => i)); // data16
  const subprogram = hs + b.pos;
  const param = subprogram + 0; // fixed below
  const sp = new W()
    .uleb(4)
    .u8(3, 0, 0) // strx3 -> "y"
    .u32(4) // strx4 -> "z"
    .u8(1) // addrx1
    .u16(2) // addrx2
    .u8(3, 0, 0) // addrx3
    .u32(4) // addrx4
    .u8(baseType) // ref1
    .u16(baseType) // ref2
    .u64(BigInt(variable)) // ref8
    .uleb(variable) // ref_udata
    .off(root, offsetSize); // ref_addr (unit at section offset 0)
  b.u8(...sp.b);
  const paramOff = hs + b.pos;
  b.uleb(5)
    .str("p")
    .off(strOff("int"), offsetSize)
    .u64(0xfffffffffffffffen)
    .u32(7)
    .u8(1, 0x50) // block1: reg0
    .u16(1)
    .u8(0x9c) // block2: call_frame_cfa
    .u32(0) // block4: empty
    .uleb(2)
    .u8(0x31, 0x9f) // block
    .u8(1) // flag true
    .u8(0) // flag false
    .u64(0xdeadbeefn) // addr
    .uleb(DW_FORM.data1)
    .u8(42) // indirect -> data1
    .uleb(DW_FORM.indirect)
    .uleb(DW_FORM.sec_offset)
    .off(0x30, offsetSize); // indirect -> indirect -> sec_offset
  b.u8(0); // end of subprogram's children
  b.u8(0); // end of root's children
  void param;
  return { info: unitBytes(hdr, b.b), root, baseType, variable, subprogram, param: paramOff };
}

function sectionsV5(info: number[], os: 4 | 8 = 4): DwarfSections {
  return secs({
    debug_info: Uint8Array.from(info),
    debug_abbrev: Uint8Array.from(ABBREV5),
    debug_str: new TextEncoder().encode(STR),
    debug_line_str: new TextEncoder().encode(LINE_STR),
    debug_str_offsets: Uint8Array.from(strOffsetsSection(os)),
    debug_addr: Uint8Array.from(addrSection(os)),
  });
}

function only(units: Unit[]): Die {
  expect(units).toHaveLength(1);
  return units[0]!.root!;
}

describe("readInfo: a DWARF 5 unit with every form", () => {
  for (const offsetSize of [4, 8] as const) {
    it(`reads the header, resolves indexed forms and builds the tree (${offsetSize === 8 ? "DWARF64" : "32-bit"})`, () => {
      const built = buildV5(offsetSize);
      const [u] = readInfo(sectionsV5(built.info, offsetSize));
      const cb = offsetSize === 8 ? 16 : 8;
      const lb = offsetSize === 8 ? 20 : 12;
      expect(u).toMatchObject({
        offset: 0,
        end: built.info.length,
        offsetSize,
        version: 5,
        unitType: DW_UT.compile,
        addressSize: 8,
        abbrevOffset: 0,
        dieOffset: built.root,
        addrBase: cb,
        strOffsetsBase: cb,
        rnglistsBase: lb,
        loclistsBase: lb,
      });
      const root = u!.root!;
      expect(root.offset).toBe(built.root);
      expect(root.tag).toBe(DW_TAG.compile_unit);
      expect(findAttr(root, DW_AT.name)!.value).toEqual({
        kind: "string",
        value: "main.c",
        offset: 1,
        index: 0,
      });
      expect(findAttr(root, DW_AT.low_pc)!.value).toEqual({ kind: "address", value: 0x401000n, index: 0 });
      expect(findAttr(root, DW_AT.producer)!.value).toEqual({ kind: "string", value: "GNU C17", offset: 1 });
      expect(attrString(root, DW_AT.comp_dir)).toBe("/src");
      expect(findAttr(root, DW_AT.language)!.value).toEqual({
        kind: "constant",
        value: 0x16n,
        signed: false,
      });
      expect(root.children.map((d) => d.tag)).toEqual([DW_TAG.base_type, DW_TAG.variable, DW_TAG.subprogram]);

      const bt = root.children[0]!;
      expect(bt.offset).toBe(built.baseType);
      expect(bt.attrs.map((a) => a.value)).toEqual([
        { kind: "string", value: "int", offset: strOff("int"), index: 1 },
        { kind: "constant", value: 8n, signed: true },
        { kind: "constant", value: 5n, signed: false },
        { kind: "constant", value: -3n, signed: true },
      ]);

      const v = root.children[1]!;
      expect(v.attrs.map((a) => a.value)).toEqual([
        { kind: "string", value: "x", offset: strOff("x"), index: 2 },
        { kind: "reference", offset: built.baseType },
        { kind: "block", bytes: Uint8Array.from([0x91, 0x68, 0x9f]) },
        { kind: "flag", value: true },
        { kind: "constant", value: 300n, signed: false },
        { kind: "constant", value: -70000n, signed: true },
        { kind: "listIndex", value: 1 },
        { kind: "listIndex", value: 2 },
        { kind: "signature", value: 0x1122334455667788n },
        { kind: "data16", bytes: Uint8Array.from(Array.from({ length: 16 }, (_, i) => i)) },
      ]);

      const sp = root.children[2]!;
      expect(sp.hasChildren).toBe(true);
      expect(sp.attrs.map((a) => a.value)).toEqual([
        { kind: "string", value: "y", offset: strOff("y"), index: 3 },
        { kind: "string", value: "z", offset: strOff("z"), index: 4 },
        { kind: "address", value: ADDRS[1], index: 1 },
        { kind: "address", value: ADDRS[2], index: 2 },
        { kind: "address", value: ADDRS[3], index: 3 },
        { kind: "address", value: ADDRS[4], index: 4 },
        { kind: "reference", offset: built.baseType },
        { kind: "reference", offset: built.baseType },
        { kind: "reference", offset: built.variable },
        { kind: "reference", offset: built.variable },
        { kind: "reference", offset: built.root },
      ]);

      const p = sp.children[0]!;
      expect(p.offset).toBe(built.param);
      expect(p.attrs.map((a) => [a.form, a.value])).toEqual([
        [DW_FORM.string, { kind: "string", value: "p" }],
        [DW_FORM.strp, { kind: "string", value: "int", offset: strOff("int") }],
        [DW_FORM.data8, { kind: "constant", value: 0xfffffffffffffffen, signed: false }],
        [DW_FORM.data4, { kind: "constant", value: 7n, signed: false }],
        [DW_FORM.block1, { kind: "block", bytes: Uint8Array.from([0x50]) }],
        [DW_FORM.block2, { kind: "block", bytes: Uint8Array.from([0x9c]) }],
        [DW_FORM.block4, { kind: "block", bytes: new Uint8Array(0) }],
        [DW_FORM.block, { kind: "block", bytes: Uint8Array.from([0x31, 0x9f]) }],
        [DW_FORM.flag, { kind: "flag", value: true }],
        [DW_FORM.flag, { kind: "flag", value: false }],
        [DW_FORM.addr, { kind: "address", value: 0xdeadbeefn }],
        // DW_FORM_indirect is resolved to the form actually used.
        [DW_FORM.data1, { kind: "constant", value: 42n, signed: false }],
        [DW_FORM.sec_offset, { kind: "secOffset", value: 0x30 }],
      ]);
      expect([...walkDies(root)].map((d) => d.offset)).toEqual([
        built.root,
        built.baseType,
        built.variable,
        built.subprogram,
        built.param,
      ]);
    });
  }

  it("defaults the str_offsets and addr bases to just past the first header when the unit gives none", () => {
    const ab = abbrevs([
      [
        1,
        DW_TAG.compile_unit,
        false,
        [
          [DW_AT.name, DW_FORM.strx1],
          [DW_AT.low_pc, DW_FORM.addrx1],
        ],
      ],
    ]);
    const info = unitBytes({ version: 5, unitType: DW_UT.split_compile, id: 7n }, new W().uleb(1).u8(3, 2).b);
    const s = sectionsV5(info);
    s.sections.debug_abbrev = Uint8Array.from(ab);
    const [u] = readInfo(s);
    expect(u!.dwoId).toBe(7n);
    expect(u!.unitType).toBe(DW_UT.split_compile);
    expect(u!.strOffsetsBase).toBeUndefined();
    expect(attrString(u!.root!, DW_AT.name)).toBe("y");
    expect(findAttr(u!.root!, DW_AT.low_pc)!.value).toEqual({ kind: "address", value: ADDRS[2], index: 2 });
  });

  it("can leave unresolvable address indexes as zero, or use a skeleton's addr_base", () => {
    const ab = abbrevs([[1, DW_TAG.compile_unit, false, [[DW_AT.low_pc, DW_FORM.addrx1]]]]);
    const info = unitBytes({ version: 5, unitType: DW_UT.split_compile, id: 7n }, new W().uleb(1).u8(1).b);
    const s = secs({ debug_info: Uint8Array.from(info), debug_abbrev: Uint8Array.from(ab) });
    expect(() => readInfo(s)).toThrow(/address index 1 but there is no \.debug_addr section/);
    expect(findAttr(only(readInfo(s, { unresolvedAddress: "zero" })), DW_AT.low_pc)!.value).toEqual({
      kind: "address",
      value: 0n,
      index: 1,
    });
    s.sections.debug_addr = Uint8Array.from(addrSection());
    expect(findAttr(only(readInfo(s, { addrBase: 16 })), DW_AT.low_pc)!.value).toEqual({
      kind: "address",
      value: ADDRS[2],
      index: 1,
    });
  });

  it("offers the units one at a time, headers only, or unit DIEs only", () => {
    const built = buildV5();
    const s = sectionsV5([...built.info, ...built.info]);
    const seen: number[] = [];
    forEachUnit(s, (u) => seen.push(u.offset));
    expect(seen).toEqual([0, built.info.length]);
    expect([...units(s)].map((u) => u.root!.children.length)).toEqual([3, 3]);
    const hs = readUnitHeaders(s);
    expect(hs.map((h) => [h.offset, h.dieOffset, h.root])).toEqual([
      [0, built.root, undefined],
      [built.info.length, built.info.length + built.root, undefined],
    ]);
    const light = readInfo(s, { unitDieOnly: true });
    expect(light.map((u) => [u.root!.tag, u.root!.children.length, u.addrBase])).toEqual([
      [DW_TAG.compile_unit, 0, 8],
      [DW_TAG.compile_unit, 0, 8],
    ]);
  });

  it("shares an abbrev table cache across calls", () => {
    const built = buildV5();
    const cache = new Map([[0, readAbbrevTable(Uint8Array.from(ABBREV5), 0)]]);
    const s = sectionsV5(built.info);
    delete s.sections.debug_abbrev;
    expect(readInfo(s, { abbrevCache: cache })).toHaveLength(1);
    expect(() => readInfo(s)).toThrow(/\.debug_abbrev\+0x0: section is missing/);
  });
});

describe("readInfo: DWARF 2 to 4, .debug_types, skeletons", () => {
  const AB4 = abbrevs([
    [
      1,
      DW_TAG.compile_unit,
      true,
      [
        [DW_AT.name, DW_FORM.string],
        [DW_AT.stmt_list, DW_FORM.data4],
        [DW_AT.GNU_dwo_id, DW_FORM.data8],
        [DW_AT.GNU_addr_base, DW_FORM.sec_offset],
      ],
    ],
    [2, DW_TAG.pointer_type, false, [[DW_AT.type, DW_FORM.ref_addr]]],
    [3, DW_TAG.structure_type, false, [[DW_AT.name, DW_FORM.string]]],
  ]);

  it("reads a v4 unit with GNU split-DWARF attributes and a v2 unit whose ref_addr is address-sized", () => {
    const v4 = unitBytes(
      { version: 4 },
      new W().uleb(1).str("a.c").u32(0).u64(0xabcdefn).u32(0).uleb(2).u32(11).u8(0).b,
    );
    const v2 = unitBytes(
      { version: 2, addressSize: 4 },
      new W().uleb(1).str("b.c").u32(0).u64(1n).u32(0).uleb(2).u32(11).u8(0).b,
    );
    const s = secs({ debug_info: Uint8Array.from([...v4, ...v2]), debug_abbrev: Uint8Array.from(AB4) });
    const us = readInfo(s);
    expect(
      us.map((u) => [u.version, u.unitType, u.addressSize, u.dwoId, u.addrBase, u.dieOffset - u.offset]),
    ).toEqual([
      [4, DW_UT.compile, 8, 0xabcdefn, 0, 11],
      [2, DW_UT.compile, 4, 1n, 0, 11],
    ]);
    expect(us.map((u) => u.root!.children[0]!.attrs[0]!.value)).toEqual([
      { kind: "reference", offset: 11 },
      { kind: "reference", offset: 11 },
    ]);
    // The v2 unit's ref_addr took 4 bytes (its address size), so the tree closed exactly.
    expect(us[1]!.end).toBe(v4.length + v2.length);
    expect(attrNumber(us[0]!.root!, DW_AT.stmt_list)).toBe(0);
  });

  it("reads .debug_types units (v4) after .debug_info and labels their errors .debug_types", () => {
    const ab = abbrevs([
      [1, DW_TAG.type_unit, true, []],
      [2, DW_TAG.structure_type, false, [[DW_AT.name, DW_FORM.string]]],
    ]);
    const hdr: Hdr = { version: 4, types: true, id: 0xfeedn, typeOffset: 0 };
    const hs = headerSize(hdr);
    hdr.typeOffset = hs + 1;
    const tu = unitBytes(hdr, new W().uleb(1).uleb(2).str("T").u8(0).b);
    const cu = unitBytes({ version: 4 }, new W().uleb(1).u8(0).b);
    const s = secs({
      debug_info: Uint8Array.from(cu),
      debug_types: Uint8Array.from(tu),
      debug_abbrev: Uint8Array.from(ab),
    });
    const us = readInfo(s);
    expect(us.map((u) => [u.unitType, u.typeSignature, u.typeOffset])).toEqual([
      [DW_UT.compile, undefined, undefined],
      [DW_UT.type, 0xfeedn, hs + 1],
    ]);
    expect(attrString(us[1]!.root!.children[0]!, DW_AT.name)).toBe("T");
    expect(readInfo(s, { types: false })).toHaveLength(1);
    s.sections.debug_types = Uint8Array.from(tu.slice(0, -1));
    expect(() => readInfo(s)).toThrow(/^\.debug_types\+0x0: unit length/);
  });

  it("reads v5 type and skeleton unit headers", () => {
    const ab = abbrevs([[1, DW_TAG.skeleton_unit, false, []]]);
    const sk = unitBytes({ version: 5, unitType: DW_UT.skeleton, id: 0x1234n }, [1]);
    const ty = unitBytes({ version: 5, unitType: DW_UT.type, id: 0x99n, typeOffset: 24 }, [1]);
    const us = readInfo(
      secs({ debug_info: Uint8Array.from([...sk, ...ty]), debug_abbrev: Uint8Array.from(ab) }),
    );
    expect(
      us.map((u) => [u.unitType, u.dwoId, u.typeSignature, u.typeOffset, u.dieOffset - u.offset]),
    ).toEqual([
      [DW_UT.skeleton, 0x1234n, undefined, undefined, 20],
      [DW_UT.type, undefined, 0x99n, 24, 24],
    ]);
  });

  it("skips zero-length units and tolerates zero padding after the tree", () => {
    const ab = abbrevs([[1, DW_TAG.compile_unit, false, []]]);
    const u = unitBytes({ version: 4 }, [1, 0, 0]);
    const us = readInfo(
      secs({ debug_info: Uint8Array.from([0, 0, 0, 0, ...u]), debug_abbrev: Uint8Array.from(ab) }),
    );
    expect(us.map((x) => x.offset)).toEqual([4]);
    expect(us[0]!.root!.children).toEqual([]);
  });

  it("returns an empty unit with no root", () => {
    const us = readInfo(
      secs({
        debug_info: Uint8Array.from(unitBytes({ version: 4 }, [])),
        debug_abbrev: Uint8Array.from([0]),
      }),
    );
    expect(us[0]!.root).toBeUndefined();
  });
});

describe("readInfo: malformed input", () => {
  const AB = abbrevs([
    [1, DW_TAG.compile_unit, true, [[DW_AT.name, DW_FORM.string]]],
    [2, DW_TAG.variable, false, [[DW_AT.type, DW_FORM.ref4]]],
    [3, DW_TAG.variable, false, [[DW_AT.type, 0x7f]]],
  ]);
  const read = (body: number[], hdr: Hdr = { version: 4 }) =>
    readInfo(secs({ debug_info: Uint8Array.from(unitBytes(hdr, body)), debug_abbrev: Uint8Array.from(AB) }));

  it("names the section and offset of each problem", () => {
    expect(() => read([1, 0x61, 0, 9, 0])).toThrow(/^\.debug_info\+0xe: unknown abbrev code 9/);
    expect(() => read([1, 0x61, 0, 3, 0, 0])).toThrow(/^\.debug_info\+0xf: unknown attribute form 0x7f/);
    expect(() => read([1, 0x61, 0, 2, 0x40, 0, 0, 0, 0])).toThrow(
      /^\.debug_info\+0xf: reference 0x40 is outside its unit/,
    );
    expect(() => read([1, 0x61, 0, 2, 0, 0, 0, 0])).toThrow(
      /^\.debug_info\+0x13: DIE tree does not close: 1 open DIE/,
    );
    expect(() => read([1, 0x61, 0, 0, 2, 0, 0, 0, 0])).toThrow(
      /^\.debug_info\+0xf: DIE after the end of the unit DIE's tree/,
    );
    expect(() => read([0, 1, 0x61, 0, 0])).toThrow(
      /^\.debug_info\+0xb: null entry where the unit DIE should be/,
    );
    expect(() => read([1, 0x61, 0, 0], { version: 6 })).toThrow(
      /^\.debug_info\+0x4: unsupported DWARF version 6/,
    );
    expect(() => read([1, 0x61, 0, 0], { version: 4, addressSize: 3 })).toThrow(/unsupported address size 3/);
    expect(() => read([1, 0x61, 0, 0], { version: 5, unitType: 9 })).toThrow(
      /^\.debug_info\+0x6: unknown unit type 0x9/,
    );
    expect(() => read([1, 0x61, 0, 0], { version: 4, abbrevOffset: 99 })).toThrow(/^\.debug_abbrev\+0x/);
    const long = unitBytes({ version: 4 }, [1, 0x61, 0, 0]);
    long[0] = 0x40;
    expect(() =>
      readInfo(secs({ debug_info: Uint8Array.from(long), debug_abbrev: Uint8Array.from(AB) })),
    ).toThrow(/^\.debug_info\+0x0: unit length 0x40 runs past the end/);
  });

  it("rejects strx without .debug_str_offsets, strp without .debug_str, and a bad ref_addr", () => {
    const ab = abbrevs([
      [1, DW_TAG.compile_unit, false, [[DW_AT.name, DW_FORM.strx1]]],
      [2, DW_TAG.compile_unit, false, [[DW_AT.name, DW_FORM.strp]]],
      [3, DW_TAG.compile_unit, false, [[DW_AT.sibling, DW_FORM.ref_addr]]],
    ]);
    const run = (body: number[]) =>
      readInfo(
        secs({
          debug_info: Uint8Array.from(unitBytes({ version: 5 }, body)),
          debug_abbrev: Uint8Array.from(ab),
        }),
      );
    expect(() => run([1, 0])).toThrow(
      /^\.debug_info\+0xd: string index 0 but there is no \.debug_str_offsets/,
    );
    expect(() => run([2, 0, 0, 0, 0])).toThrow(
      /^\.debug_info\+0xd: DW_FORM_strp with no \.debug_str section/,
    );
    expect(() => run([3, 0xff, 0, 0, 0])).toThrow(
      /^\.debug_info\+0xd: DW_FORM_ref_addr 0xff is outside the section/,
    );
  });

  // Truncating the unit anywhere, with its length left alone or fixed up to the cut, and cutting
  // any of the sections it needs, must end in a FormatError, never a RangeError or a hang.
  const full = buildV5();
  const base = sectionsV5(full.info);
  const names = [
    "debug_info",
    "debug_abbrev",
    "debug_str",
    "debug_line_str",
    "debug_str_offsets",
    "debug_addr",
  ] as const;
  test.prop([fc.constantFrom(...names), fc.nat(), fc.boolean()], propertyParams())(
    "cutting any section at any byte gives a FormatError",
    (name, n, fixLength) => {
      const bytes = base.sections[name]!;
      const cut = n % bytes.length;
      const s: DwarfSections = { ...base, sections: { ...base.sections } };
      const t = bytes.slice(0, cut);
      if (name === "debug_info" && fixLength && cut >= 4) new DataView(t.buffer).setUint32(0, cut - 4, true);
      s.sections[name] = t;
      let err: unknown;
      try {
        readInfo(s);
      } catch (e) {
        err = e;
      }
      // Cutting .debug_info to nothing, to a zero-length unit (padding) or to a bare header (an
      // empty unit) is valid; every other cut breaks something.
      if (name === "debug_info" && (cut === 0 || (fixLength && (cut === 4 || cut === full.root))))
        expect(err).toBeUndefined();
      else {
        expect(err).toBeInstanceOf(FormatError);
        expect((err as FormatError).offset).toBeGreaterThanOrEqual(0);
      }
    },
  );

  test("every cut of .debug_info (length fixed up) gives a FormatError", () => {
    // (A cut at 4 bytes is a zero-length unit, which is padding; one after the header, an empty unit.)
    for (let cut = 1; cut < full.info.length; cut++) {
      if (cut === 4 || cut === full.root) continue;
      const t = Uint8Array.from(full.info.slice(0, cut));
      if (cut >= 4) new DataView(t.buffer).setUint32(0, cut - 4, true);
      expect(
        () => readInfo({ ...base, sections: { ...base.sections, debug_info: t } }),
        `cut at ${cut}`,
      ).toThrow(FormatError);
    }
  });

  test.prop([fc.nat(), fc.integer({ min: 0, max: 255 })], propertyParams())(
    "any single corrupted byte gives units or a FormatError",
    (n, v) => {
      const t = Uint8Array.from(full.info);
      t[n % t.length] = v;
      try {
        readInfo({ ...base, sections: { ...base.sections, debug_info: t } });
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    },
  );

  test.prop([fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 })], propertyParams())(
    "random .debug_info and .debug_abbrev give units or a FormatError",
    (info, abbrev) => {
      try {
        readInfo(secs({ debug_info: info, debug_abbrev: abbrev }));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    },
  );
});

describe("readDieSequence: DIEs with no unit header", () => {
  const AB = readAbbrevTable(
    Uint8Array.from(
      abbrevs([
        [
          1,
          DW_TAG.subprogram,
          true,
          [
            [DW_AT.name, DW_FORM.string],
            [DW_AT.low_pc, DW_FORM.addrx],
          ],
        ],
        [
          2,
          DW_TAG.variable,
          false,
          [
            [DW_AT.name, DW_FORM.string],
            [DW_AT.external, DW_FORM.flag_present],
          ],
        ],
      ]),
    ),
    0,
  );
  const ctx: FormContext = {
    version: 5,
    offsetSize: 4,
    addressSize: 8,
    unitOffset: 0,
    unitEnd: 64,
    infoSize: 64,
    addrx: (i) => BigInt(i) * 0x10n,
    strx: () => ({ value: "", offset: 0 }),
    strp: () => "",
    lineStrp: () => "",
  };
  const read = (b: number[]) => readDieSequence(new Cursor(Uint8Array.from(b), "frag"), AB, ctx);

  it("returns the tree and every entry with its byte offsets", () => {
    // subprogram "f" (addrx 2) { variable "x" }, then a top-level variable "y"
    const { dies, entries } = read([1, 0x66, 0, 2, 2, 0x78, 0, 0, 2, 0x79, 0]);
    expect(dies.map((d) => d.tag)).toEqual([DW_TAG.subprogram, DW_TAG.variable]);
    expect(attrString(dies[0]!, DW_AT.name)).toBe("f");
    expect(findAttr(dies[0]!, DW_AT.low_pc)?.value).toEqual({ kind: "address", value: 0x20n, index: 2 });
    expect(dies[0]!.children.map((d) => attrString(d, DW_AT.name))).toEqual(["x"]);
    expect(entries.map((e) => [e.offset, e.end, e.depth, e.die?.code ?? 0, e.attrOffsets])).toEqual([
      [0, 4, 0, 1, [1, 3]],
      [4, 7, 1, 2, [5, 7]],
      [7, 8, 1, 0, []],
      [8, 11, 0, 2, [9, 11]],
    ]);
  });

  it("reports a null entry with nothing open, an unknown code and an unclosed tree", () => {
    expect(() => read([0])).toThrow(/^frag\+0x0: null entry with no open DIE/);
    expect(() => read([3])).toThrow(/^frag\+0x0: unknown abbrev code 3/);
    expect(() => read([1, 0x66, 0, 2])).toThrow(/^frag\+0x4: DIE tree does not close: 1 open DIE/);
    expect(() => read([1, 0x66])).toThrow(FormatError);
    expect(read([])).toEqual({ dies: [], entries: [] });
  });
});
