import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { DW_LLE, DW_RLE, DW_TAG, DW_UT } from "../constants.js";
import { FormatError } from "../errors.js";
import type { ListContext } from "./lists.js";
import {
  listContextOf,
  listOffsetFromIndex,
  readAddr,
  readAddrHeaders,
  readAddrTable,
  readLoc,
  readLocList,
  readLocListsHeaders,
  readRanges,
  readRawLoc,
  readRawLocLists,
  readRawRanges,
  readRawRngLists,
  readRngList,
  readRngListsHeaders,
  readStrOffsetsHeaders,
  readStrx,
} from "./lists.js";
import type { Unit } from "./model.js";
import type { DwarfSections } from "./sections.js";
import { Bytes as W } from "../../test/bytes.js";

/** A contribution: initial length, then `body` (which starts with the version). */
function contribution(os: 4 | 8, body: number[]): number[] {
  const w = new W();
  if (os === 8) w.u32(0xffffffff).u64(BigInt(body.length));
  else w.u32(body.length);
  return [...w.b, ...body];
}

/** A .debug_rnglists / .debug_loclists contribution with an offset table. */
function listsContribution(os: 4 | 8, offsets: number[], lists: number[]): number[] {
  const body = new W().u16(5).u8(8, 0).u32(offsets.length);
  for (const o of offsets) body.off(o, os);
  return contribution(os, [...body.b, ...lists]);
}

const S = (sections: DwarfSections["sections"]): DwarfSections => ({
  littleEndian: true,
  addressSize: 8,
  sections,
});

const ADDRS = [0x1000n, 0x2000n, 0x3000n, 0x4000n];
const addrSection = (os: 4 | 8 = 4) => {
  const w = new W().u16(5).u8(8, 0);
  for (const a of ADDRS) w.u64(a);
  return contribution(os, w.b);
};

const ctx5: ListContext = { version: 5, addressSize: 8, offsetSize: 4, baseAddress: 0x400000n, addrBase: 8 };

describe("section headers", () => {
  it("reads Go's single header and GCC's header per unit, 32- and 64-bit", () => {
    const one = listsContribution(4, [], [DW_RLE.end_of_list]);
    const two = listsContribution(8, [3, 4], [DW_RLE.end_of_list, DW_RLE.end_of_list]);
    const hs = readRngListsHeaders(S({ debug_rnglists: Uint8Array.from([...one, ...two]) }));
    expect(hs).toEqual([
      {
        offset: 0,
        end: 13,
        offsetSize: 4,
        version: 5,
        base: 12,
        addressSize: 8,
        segmentSelectorSize: 0,
        offsetEntryCount: 0,
        offsets: [],
        dataOffset: 12,
      },
      {
        offset: 13,
        end: 13 + 20 + 16 + 2,
        offsetSize: 8,
        version: 5,
        base: 33,
        addressSize: 8,
        segmentSelectorSize: 0,
        offsetEntryCount: 2,
        offsets: [3, 4],
        dataOffset: 49,
      },
    ]);
    expect(readLocListsHeaders(S({ debug_loclists: Uint8Array.from(one) }))).toHaveLength(1);
    expect(readRngListsHeaders(S({}))).toEqual([]);

    const addr = [...addrSection(4), ...addrSection(8)];
    expect(
      readAddrHeaders(S({ debug_addr: Uint8Array.from(addr) })).map((h) => [
        h.offset,
        h.base,
        h.end,
        h.offsetSize,
        h.addressSize,
      ]),
    ).toEqual([
      [0, 8, 40, 4, 8],
      [40, 56, 88, 8, 8],
    ]);
    const so = [
      ...contribution(4, new W().u16(5).u16(0).u32(1).u32(2).b),
      ...contribution(8, new W().u16(5).u16(0).u64(3n).b),
    ];
    expect(
      readStrOffsetsHeaders(S({ debug_str_offsets: Uint8Array.from(so) })).map((h) => [
        h.offset,
        h.base,
        h.end,
        h.offsetSize,
      ]),
    ).toEqual([
      [0, 8, 16, 4],
      [16, 32, 40, 8],
    ]);
  });

  it("rejects bad versions, address sizes and offset counts with the section and offset", () => {
    const bad = contribution(4, new W().u16(4).u8(8, 0).u32(0).b);
    expect(() => readRngListsHeaders(S({ debug_rnglists: Uint8Array.from(bad) }))).toThrow(
      /^\.debug_rnglists\+0x0: unsupported \.debug_rnglists version 4/,
    );
    const as = contribution(4, new W().u16(5).u8(3, 0).u32(0).b);
    expect(() => readLocListsHeaders(S({ debug_loclists: Uint8Array.from(as) }))).toThrow(
      /^\.debug_loclists\+0x6: unsupported address size 3/,
    );
    const count = contribution(4, new W().u16(5).u8(8, 0).u32(0x40000000).b);
    expect(() => readRngListsHeaders(S({ debug_rnglists: Uint8Array.from(count) }))).toThrow(
      /^\.debug_rnglists\+0x8: offset_entry_count 1073741824 runs past/,
    );
    expect(() => readAddrHeaders(S({ debug_addr: Uint8Array.from([8, 0, 0, 0, 5, 0]) }))).toThrow(
      /^\.debug_addr\+0x0: contribution length 0x8 runs past/,
    );
  });
});

describe("indexed lookups", () => {
  const secs = S({
    debug_addr: Uint8Array.from(addrSection()),
    debug_str: new TextEncoder().encode("\0ab\0cd\0"),
    debug_str_offsets: Uint8Array.from(contribution(4, new W().u16(5).u16(0).u32(4).u32(1).b)),
  });

  it("reads addresses and address tables", () => {
    expect(readAddr(secs, 8, 3, 8)).toBe(0x4000n);
    expect(readAddrTable(secs, 8, 8)).toEqual(ADDRS);
    expect(readAddrTable(secs, 16, 8)).toEqual(ADDRS.slice(1));
    expect(readAddrTable(secs, 16, 8, 2)).toEqual(ADDRS.slice(1, 3));
    expect(() => readAddr(secs, 8, 4, 8)).toThrow(
      /^\.debug_addr\+0x28: address index 4 \(base 0x8\) is outside/,
    );
    expect(() => readAddrTable(secs, 8, 8, 5)).toThrow(FormatError);
    expect(() => readAddr(S({}), 8, 0, 8)).toThrow(/^\.debug_addr\+0x8: section is missing/);
  });

  it("reads strings through .debug_str_offsets", () => {
    expect(readStrx(secs, 8, 0, 4)).toEqual({ value: "cd", offset: 4 });
    expect(readStrx(secs, 8, 1, 4)).toEqual({ value: "ab", offset: 1 });
    expect(() => readStrx(secs, 8, 2, 4)).toThrow(/^\.debug_str_offsets\+0x10: string index 2/);
  });

  it("turns a list index into an absolute offset", () => {
    const rl = S({ debug_rnglists: Uint8Array.from(listsContribution(4, [8, 1], [0, 0, 0])) });
    expect(listOffsetFromIndex(rl, "debug_rnglists", 12, 0, 4)).toBe(20);
    expect(listOffsetFromIndex(rl, "debug_rnglists", 12, 1, 4)).toBe(13);
    expect(() => listOffsetFromIndex(rl, "debug_rnglists", 12, 9, 4)).toThrow(
      /^\.debug_rnglists\+0x17: list index 9/,
    );
  });
});

/** Every DW_RLE kind, resolved against base 0x400000 and the address table. */
function rleList(): number[] {
  return new W()
    .u8(DW_RLE.offset_pair)
    .uleb(0x10)
    .uleb(0x20)
    .u8(DW_RLE.base_addressx)
    .uleb(1)
    .u8(DW_RLE.offset_pair)
    .uleb(1)
    .uleb(2)
    .u8(DW_RLE.startx_endx)
    .uleb(2)
    .uleb(3)
    .u8(DW_RLE.startx_length)
    .uleb(0)
    .uleb(0x10)
    .u8(DW_RLE.base_address)
    .u64(0x500000n)
    .u8(DW_RLE.offset_pair)
    .uleb(4)
    .uleb(8)
    .u8(DW_RLE.start_end)
    .u64(0x600000n)
    .u64(0x600010n)
    .u8(DW_RLE.start_length)
    .u64(0x700000n)
    .uleb(3)
    .u8(DW_RLE.end_of_list).b;
}

describe("range lists", () => {
  const list = rleList();
  const secs = S({
    debug_addr: Uint8Array.from(addrSection()),
    debug_rnglists: Uint8Array.from(listsContribution(4, [4], [0, ...list])),
  });

  it("reads every DW_RLE kind, raw and resolved", () => {
    const r = readRngList(secs, ctx5, 17);
    expect(r.offset).toBe(17);
    expect(r.end).toBe(17 + list.length);
    expect(r.entries.map((e) => [e.kind, e.operands])).toEqual([
      ["DW_RLE_offset_pair", [0x10n, 0x20n]],
      ["DW_RLE_base_addressx", [1n]],
      ["DW_RLE_offset_pair", [1n, 2n]],
      ["DW_RLE_startx_endx", [2n, 3n]],
      ["DW_RLE_startx_length", [0n, 0x10n]],
      ["DW_RLE_base_address", [0x500000n]],
      ["DW_RLE_offset_pair", [4n, 8n]],
      ["DW_RLE_start_end", [0x600000n, 0x600010n]],
      ["DW_RLE_start_length", [0x700000n, 3n]],
      ["DW_RLE_end_of_list", []],
    ]);
    expect(r.entries[1]!.offset).toBe(17 + 3);
    expect(r.ranges).toEqual([
      { begin: 0x400010n, end: 0x400020n },
      { begin: 0x2001n, end: 0x2002n },
      { begin: 0x3000n, end: 0x4000n },
      { begin: 0x1000n, end: 0x1010n },
      { begin: 0x500004n, end: 0x500008n },
      { begin: 0x600000n, end: 0x600010n },
      { begin: 0x700000n, end: 0x700003n },
    ]);
  });

  it("follows a rnglistx index through the unit's rnglists_base, or a sec_offset directly", () => {
    const withBase = { ...ctx5, rnglistsBase: 12 };
    expect(readRngList(secs, withBase, { kind: "listIndex", value: 0 }).offset).toBe(16);
    expect(readRngList(secs, withBase, { kind: "secOffset", value: 17 }).ranges).toHaveLength(7);
    // Without DW_AT_rnglists_base the table just past the first header is used.
    expect(readRngList(secs, ctx5, { kind: "listIndex", value: 0 }).entries.map((e) => e.kind)).toEqual([
      "DW_RLE_end_of_list",
    ]);
  });

  it("takes its context from a unit read by readInfo", () => {
    const unit: Unit = {
      offset: 0,
      end: 0,
      offsetSize: 4,
      version: 5,
      unitType: DW_UT.compile,
      addressSize: 8,
      abbrevOffset: 0,
      dieOffset: 12,
      addrBase: 8,
      root: {
        offset: 12,
        code: 1,
        tag: DW_TAG.compile_unit,
        hasChildren: false,
        attrs: [{ at: 0x11, form: 0x1b, value: { kind: "address", value: 0x400000n, index: 0 } }],
        children: [],
      },
    };
    expect(listContextOf(unit)).toEqual({ ...ctx5, rnglistsBase: undefined, loclistsBase: undefined });
    expect(readRngList(secs, unit, 17).ranges[0]).toEqual({ begin: 0x400010n, end: 0x400020n });
  });

  it("walks a whole contribution raw", () => {
    const h = readRngListsHeaders(secs)[0]!;
    expect(readRawRngLists(secs, h).map((l) => [l.offset, l.end, l.entries.length])).toEqual([
      [16, 17, 1],
      [17, 17 + list.length, 10],
    ]);
  });

  it("rejects unknown kinds, unterminated lists and offsets outside the section", () => {
    const bad = S({ debug_rnglists: Uint8Array.from([0x08]), debug_addr: Uint8Array.from(addrSection()) });
    expect(() => readRngList(bad, ctx5, 0)).toThrow(
      /^\.debug_rnglists\+0x0: unknown range list entry kind 0x8/,
    );
    const open = S({ debug_rnglists: Uint8Array.from([DW_RLE.offset_pair, 1, 2]) });
    expect(() => readRngList(open, ctx5, 0)).toThrow(/^\.debug_rnglists\+0x3: truncated DW_RLE kind/);
    expect(() => readRngList(open, ctx5, 3)).toThrow(/^\.debug_rnglists\+0x3: list offset 0x3 is outside/);
    const noAddr = S({ debug_rnglists: Uint8Array.from([DW_RLE.startx_endx, 0, 1, 0]) });
    expect(() => readRngList(noAddr, { ...ctx5, addrBase: undefined }, 0)).toThrow(
      /^\.debug_rnglists\+0x0: address index used but there is no \.debug_addr/,
    );
  });

  test.prop([fc.integer({ min: 0, max: list.length - 1 })], propertyParams())(
    "a list cut at any byte gives a FormatError",
    (cut) => {
      const s = S({
        debug_addr: secs.sections.debug_addr!,
        debug_rnglists: Uint8Array.from(list.slice(0, cut)),
      });
      expect(() => readRngList(s, ctx5, 0)).toThrow(FormatError);
    },
  );
});

/** Every DW_LLE kind with a one-byte expression each (the entry's position as DW_OP_lit). */
function lleList(): number[] {
  const w = new W();
  let n = 0;
  const expr = () => w.uleb(1).u8(0x30 + (n++ % 32));
  w.u8(DW_LLE.offset_pair).uleb(0x10).uleb(0x20);
  expr();
  w.u8(DW_LLE.base_addressx).uleb(1);
  w.u8(DW_LLE.GNU_view_pair).uleb(0).uleb(1);
  w.u8(DW_LLE.offset_pair).uleb(1).uleb(2);
  expr();
  w.u8(DW_LLE.startx_endx).uleb(2).uleb(3);
  expr();
  w.u8(DW_LLE.startx_length).uleb(0).uleb(0x10);
  expr();
  w.u8(DW_LLE.base_address).u64(0x500000n);
  w.u8(DW_LLE.start_end).u64(0x600000n).u64(0x600010n);
  expr();
  w.u8(DW_LLE.start_length).u64(0x700000n).uleb(3);
  expr();
  w.u8(DW_LLE.default_location).uleb(2).u8(0x50, 0x9f);
  w.u8(DW_LLE.end_of_list);
  return w.b;
}

describe("location lists", () => {
  const list = lleList();
  const secs = S({
    debug_addr: Uint8Array.from(addrSection()),
    debug_loclists: Uint8Array.from(listsContribution(4, [4], list)),
  });

  it("reads every DW_LLE kind with its expression, raw and resolved", () => {
    const l = readLocList(secs, { ...ctx5, loclistsBase: 12 }, { kind: "listIndex", value: 0 });
    expect(l.offset).toBe(16);
    expect(
      l.entries.map((e) => [e.kind, e.operands, e.expr === undefined ? undefined : [...e.expr]]),
    ).toEqual([
      ["DW_LLE_offset_pair", [0x10n, 0x20n], [0x30]],
      ["DW_LLE_base_addressx", [1n], undefined],
      ["DW_LLE_GNU_view_pair", [0n, 1n], undefined],
      ["DW_LLE_offset_pair", [1n, 2n], [0x31]],
      ["DW_LLE_startx_endx", [2n, 3n], [0x32]],
      ["DW_LLE_startx_length", [0n, 0x10n], [0x33]],
      ["DW_LLE_base_address", [0x500000n], undefined],
      ["DW_LLE_start_end", [0x600000n, 0x600010n], [0x34]],
      ["DW_LLE_start_length", [0x700000n, 3n], [0x35]],
      ["DW_LLE_default_location", [], [0x50, 0x9f]],
      ["DW_LLE_end_of_list", [], undefined],
    ]);
    expect(l.locations.map((x) => [x.begin, x.end, x.expr[0]])).toEqual([
      [0x400010n, 0x400020n, 0x30],
      [0x2001n, 0x2002n, 0x31],
      [0x3000n, 0x4000n, 0x32],
      [0x1000n, 0x1010n, 0x33],
      [0x600000n, 0x600010n, 0x34],
      [0x700000n, 0x700003n, 0x35],
    ]);
    expect([...l.defaultLocation!]).toEqual([0x50, 0x9f]);
    expect(readRawLocLists(secs, readLocListsHeaders(secs)[0]!).map((r) => r.entries.length)).toEqual([11]);
  });

  test.prop([fc.integer({ min: 0, max: list.length - 1 })], propertyParams())(
    "a list cut at any byte gives a FormatError",
    (cut) => {
      const s = S({
        debug_addr: secs.sections.debug_addr!,
        debug_loclists: Uint8Array.from(list.slice(0, cut)),
      });
      expect(() => readLocList(s, ctx5, 0)).toThrow(FormatError);
    },
  );
});

describe(".debug_ranges and .debug_loc (DWARF 2-4)", () => {
  const ctx4: ListContext = { version: 4, addressSize: 8, offsetSize: 4, baseAddress: 0x400000n };
  const ranges = new W()
    .u64(0x10n)
    .u64(0x20n)
    .u64(0xffffffffffffffffn)
    .u64(0x500000n)
    .u64(1n)
    .u64(2n)
    .u64(0n)
    .u64(0n).b;
  const loc = new W()
    .u64(0x10n)
    .u64(0x20n)
    .u16(1)
    .u8(0x50)
    .u64(0xffffffffffffffffn)
    .u64(0x500000n)
    .u64(1n)
    .u64(2n)
    .u16(2)
    .u8(0x91, 0x10)
    .u64(0n)
    .u64(0n).b;

  it("applies base address selection entries", () => {
    const secs = S({ debug_ranges: Uint8Array.from([0, ...ranges]), debug_loc: Uint8Array.from(loc) });
    const r = readRngList(secs, ctx4, 1);
    expect(r.entries.map((e) => [e.kind, e.code, e.operands])).toEqual([
      ["range", undefined, [0x10n, 0x20n]],
      ["base_address", undefined, [0x500000n]],
      ["range", undefined, [1n, 2n]],
      ["end_of_list", undefined, []],
    ]);
    expect(r.ranges).toEqual([
      { begin: 0x400010n, end: 0x400020n },
      { begin: 0x500001n, end: 0x500002n },
    ]);
    expect(r.end).toBe(1 + ranges.length);
    expect(readRanges(secs, 1, { ...ctx4, baseAddress: 0n }).ranges[0]).toEqual({ begin: 0x10n, end: 0x20n });

    const l = readLocList(secs, ctx4, { kind: "secOffset", value: 0 });
    expect(l.locations.map((x) => [x.begin, x.end, [...x.expr]])).toEqual([
      [0x400010n, 0x400020n, [0x50]],
      [0x500001n, 0x500002n, [0x91, 0x10]],
    ]);
    expect(readLoc(secs, 0, ctx4).end).toBe(loc.length);
  });

  it("handles 4-byte addresses and walks whole sections", () => {
    const r32 = new W()
      .u32(1)
      .u32(2)
      .u32(0xffffffff)
      .u32(0x100)
      .u32(3)
      .u32(4)
      .u32(0)
      .u32(0)
      .u32(5)
      .u32(6)
      .u32(0)
      .u32(0).b;
    const secs = S({ debug_ranges: Uint8Array.from(r32) });
    const r = readRanges(secs, 0, { version: 3, addressSize: 4, offsetSize: 4, baseAddress: 0x10n });
    expect(r.ranges).toEqual([
      { begin: 0x11n, end: 0x12n },
      { begin: 0x103n, end: 0x104n },
    ]);
    expect(readRawRanges(secs, 4).map((x) => [x.offset, x.entries.length])).toEqual([
      [0, 4],
      [32, 2],
    ]);
    expect(
      readRawLoc(S({ debug_loc: Uint8Array.from(loc) })).map((x) => x.entries.map((e) => e.expr?.length)),
    ).toEqual([[1, undefined, 2, undefined]]);
  });

  test.prop([fc.constantFrom("ranges", "loc"), fc.nat()], propertyParams())(
    "a list cut at any byte gives a FormatError",
    (which, n) => {
      const bytes = which === "ranges" ? ranges : loc;
      const cut = n % bytes.length;
      const secs = S({
        debug_ranges: Uint8Array.from(ranges.slice(0, cut)),
        debug_loc: Uint8Array.from(loc.slice(0, cut)),
      });
      expect(() => (which === "ranges" ? readRngList(secs, ctx4, 0) : readLocList(secs, ctx4, 0))).toThrow(
        FormatError,
      );
    },
  );
});

describe("random bytes", () => {
  test.prop([fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 70 })], propertyParams())(
    "every reader gives a result or a FormatError",
    (bytes, at) => {
      const secs = S({
        debug_rnglists: bytes,
        debug_loclists: bytes,
        debug_addr: bytes,
        debug_str_offsets: bytes,
        debug_ranges: bytes,
        debug_loc: bytes,
      });
      const calls = [
        () => readRngListsHeaders(secs),
        () => readLocListsHeaders(secs),
        () => readAddrHeaders(secs),
        () => readStrOffsetsHeaders(secs),
        () => readRngList(secs, ctx5, at),
        () => readLocList(secs, ctx5, at),
        () => readRngList(secs, { ...ctx5, version: 4 }, at),
        () => readLocList(secs, { ...ctx5, version: 4 }, at),
        () => readRawRanges(secs),
        () => readRawLoc(secs),
        () => readAddrTable(secs, at, 8),
      ];
      for (const call of calls) {
        try {
          call();
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }
    },
  );
});
