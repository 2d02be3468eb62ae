import { describe, expect, it } from "vitest";
import { DW_OP } from "./constants.js";
import {
  appendEncodedValue,
  appendLocListEntry,
  decodeValue,
  PutLocationList,
  PutLocationListDwarf4,
  PutLocationListDwarf5,
  patchLocListLength,
  SetupLocList,
} from "./loclist.js";
import { MemContext, MemSym } from "./memctxt.js";

describe("intermediate encoding (ssa/debug.go encodeValue / decodeValue / SetupLocList)", () => {
  it("8-byte words are block<<32 | uint32(value), in target byte order", () => {
    const le: number[] = [];
    appendEncodedValue(le, 8, 2, 0x10);
    expect(le).toEqual([0x10, 0, 0, 0, 2, 0, 0, 0]);
    const be: number[] = [];
    appendEncodedValue(be, 8, 2, 0x10, true);
    expect(be).toEqual([0, 0, 0, 2, 0, 0, 0, 0x10]);
    expect({ ...decodeValue(le, 0, 8) }).toEqual({ block: 2, value: 0x10 });
    expect({ ...decodeValue(be, 0, 8, true) }).toEqual({ block: 2, value: 0x10 });
    // A negative value ID survives as int32.
    const neg: number[] = [];
    appendEncodedValue(neg, 8, 1, -1);
    expect({ ...decodeValue(neg, 0, 8) }).toEqual({ block: 1, value: -1 });
  });

  it("4-byte words hold int16 IDs only; the value reads back sign-extended", () => {
    const w: number[] = [];
    expect(appendEncodedValue(w, 4, 3, -2)).toBe(true);
    expect(w).toEqual([0xfe, 0xff, 3, 0]);
    expect({ ...decodeValue(w, 0, 4) }).toEqual({ block: 3, value: -2 });
    expect(appendEncodedValue(w, 4, 40000, 1)).toBe(false);
    expect(appendEncodedValue(w, 4, 1, 32768)).toBe(false);
    expect(w.length).toBe(4);
  });

  it("SetupLocList reserves the length; patchLocListLength fills it", () => {
    const list: number[] = [];
    const at = SetupLocList(list, 8, 1, 5, 9);
    expect(at).toBe(16);
    list.push(DW_OP.reg0 + 3);
    patchLocListLength(list, at);
    expect(list.slice(16)).toEqual([1, 0, 0x53]);
    expect(SetupLocList(list, 4, 1 << 20, 0, 0)).toBe(-1);
    expect(list.length).toBe(19);
  });

  it("appendLocListEntry skips empty entries, as writePendingEntry does", () => {
    const list: number[] = [];
    appendLocListEntry(list, 8, { block: 1, value: 2 }, { block: 1, value: 2 }, [DW_OP.reg0]);
    expect(list).toEqual([]);
    appendLocListEntry(list, 8, { block: 1, value: 2 }, { block: 1, value: 3 }, [DW_OP.reg0]);
    expect(list.length).toBe(8 + 8 + 2 + 1);
  });
});

/** An intermediate list whose (block, value) pairs map to PCs through a table. */
function sample(ptrSize: number): { list: Uint8Array; getPC: (b: number, v: number) => number } {
  const pcs = new Map<string, number>([
    ["1/1", 0],
    ["1/2", 0], // a zero-width first entry: [0, 0)
    ["1/3", 4],
    ["2/7", 300],
  ]);
  const list: number[] = [];
  appendLocListEntry(list, ptrSize, { block: 1, value: 1 }, { block: 1, value: 2 }, [DW_OP.call_frame_cfa]);
  appendLocListEntry(list, ptrSize, { block: 1, value: 3 }, { block: 2, value: 7 }, [DW_OP.fbreg, 0x78]);
  return { list: Uint8Array.from(list), getPC: (b, v) => pcs.get(`${b}/${v}`)! };
}

describe("PutLocationListDwarf4 (ssa/debug.go)", () => {
  const start = new MemSym("main.f", "STEXT");

  it("with base address entries: ^0, addr(startPC), PC pairs (the [0,0) one fudged to [0,1)), 0,0", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 4 });
    const { list, getPC } = sample(4);
    const s = new MemSym("loc", "SDWARFLOC");
    PutLocationListDwarf4({ getPC }, list, c, { useBASEntries: true }, s, start);
    expect([...s.data]).toEqual([
      0xff,
      0xff,
      0xff,
      0xff,
      0,
      0,
      0,
      0, // BAS
      0,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      DW_OP.call_frame_cfa,
      4,
      0,
      0,
      0,
      0x2c,
      0x01,
      0,
      0,
      2,
      0,
      DW_OP.fbreg,
      0x78,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(s.relocs).toEqual([{ off: 4, siz: 4, type: "R_ADDR", sym: start, add: 0 }]);
  });

  it("without base entries: CU-relative relocated bounds", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 8 });
    const { list, getPC } = sample(8);
    const s = new MemSym("loc", "SDWARFLOC");
    PutLocationListDwarf4({ getPC }, list, c, { useBASEntries: false }, s, start);
    expect(s.size).toBe(16 + 3 + 16 + 4 + 16);
    expect(s.relocs.map((r) => [r.off, r.type, r.add])).toEqual([
      [0, "R_ADDRCUOFF", 0],
      [8, "R_ADDRCUOFF", 1],
      [19, "R_ADDRCUOFF", 4],
      [27, "R_ADDRCUOFF", 300],
    ]);
  });

  it("rejects a truncated intermediate list", () => {
    const c = new MemContext({ dwarf5: false });
    const { list, getPC } = sample(8);
    expect(() =>
      PutLocationListDwarf4(
        { getPC },
        list.subarray(0, list.length - 1),
        c,
        { useBASEntries: true },
        new MemSym("l", "SDWARFLOC"),
        start,
      ),
    ).toThrow(/malformed intermediate location list/);
  });
});

describe("PutLocationListDwarf5 (ssa/debug.go)", () => {
  it("base_addressx, offset pairs with ULEB128 lengths (no fudge), end_of_list", () => {
    const start = new MemSym("main.f", "STEXT");
    const c = new MemContext({ dwarf5: true });
    const { list, getPC } = sample(8);
    const s = new MemSym("loc", "SDWARFLOC");
    PutLocationListDwarf5({ getPC }, list, c, { useBASEntries: true }, s, start);
    expect([...s.data]).toEqual([
      1,
      0, // DW_LLE_base_addressx, index
      4,
      0,
      0,
      1,
      DW_OP.call_frame_cfa, // DW_LLE_offset_pair [0,0): stays empty in v5
      4,
      4,
      0xac,
      0x02,
      2,
      DW_OP.fbreg,
      0x78,
      0, // DW_LLE_end_of_list
    ]);
    expect(s.relocs).toEqual([{ off: 1, siz: 1, type: "R_DWTXTADDR_U1", sym: start, add: 0 }]);
  });

  it("PutLocationList dispatches on the DWARF version", () => {
    const start = new MemSym("main.f", "STEXT");
    const { list, getPC } = sample(8);
    const s4 = new MemSym("l4", "SDWARFLOC");
    const s5 = new MemSym("l5", "SDWARFLOC");
    PutLocationList({ getPC }, list, new MemContext({ dwarf5: false }), { useBASEntries: true }, s4, start);
    PutLocationList({ getPC }, list, new MemContext({ dwarf5: true }), { useBASEntries: true }, s5, start);
    expect(s4.data[0]).toBe(0xff);
    expect(s5.data[0]).toBe(1);
  });
});
