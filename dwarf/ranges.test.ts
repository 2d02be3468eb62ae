import { describe, expect, it } from "vitest";
import { FnState, Scope } from "./context.js";
import { MemContext, MemSym } from "./memctxt.js";
import { MergeRanges, PutBasedRanges, PutRngListRanges } from "./ranges.js";

const r = (start: number, end: number) => ({ start, end });

describe("MergeRanges / Scope.unifyRanges / Scope.appendRange (dwarf.go)", () => {
  it("merges in start order and coalesces touching or overlapping ranges", () => {
    expect(MergeRanges([r(0, 4), r(10, 12)], [r(4, 6), r(20, 30)])).toEqual([r(0, 6), r(10, 12), r(20, 30)]);
    expect(MergeRanges([], [])).toEqual([]);
  });

  it("keeps Go's quirk: a range inside the last one sets its end (it does not take the max)", () => {
    // MergeRanges does out[n-1].End = cur.End whenever cur.Start <= out[n-1].End.
    expect(MergeRanges([r(0, 10)], [r(2, 5)])).toEqual([r(0, 5)]);
  });

  it("does not alias its inputs", () => {
    const a = [r(0, 2)];
    const out = MergeRanges(a, [r(1, 5)]);
    expect(out).toEqual([r(0, 5)]);
    expect(a).toEqual([r(0, 2)]);
  });

  it("unifyRanges merges a child's ranges into the parent", () => {
    const p = new Scope(-1, [r(0, 4)]);
    p.unifyRanges(new Scope(0, [r(4, 8), r(9, 10)]));
    expect(p.ranges).toEqual([r(0, 8), r(9, 10)]);
  });

  it("appendRange drops empty ranges and extends an adjacent last range", () => {
    const s = new Scope(0);
    s.appendRange(r(3, 3));
    s.appendRange(r(5, 4));
    s.appendRange(r(0, 2));
    s.appendRange(r(2, 6));
    s.appendRange(r(7, 9));
    expect(s.ranges).toEqual([r(0, 6), r(7, 9)]);
  });
});

describe("range list writers", () => {
  const text = new MemSym("main.f", "STEXT");

  it("PutBasedRanges: pointer-size pairs then 0,0", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 4 });
    const s = new MemSym("r", "SDWARFRANGE");
    PutBasedRanges(c, s, [r(1, 2), r(0x100, 0x104)]);
    expect([...s.data]).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("PutRngListRanges: base_addressx, offset pairs in ULEB128, end_of_list", () => {
    const c = new MemContext({ dwarf5: true });
    const s = new MemSym("r", "SDWARFRANGE");
    PutRngListRanges(c, s, text, [r(0, 3), r(5, 200)]);
    // DW_RLE_base_addressx=1, index (1 byte, relocated), DW_RLE_offset_pair=4 ..., DW_RLE_end_of_list=0
    expect([...s.data]).toEqual([1, 0, 4, 0, 3, 4, 5, 0xc8, 0x01, 0]);
    expect(s.relocs).toEqual([{ off: 1, siz: 1, type: "R_DWTXTADDR_U1", sym: text, add: 0 }]);
  });

  function fn(useBASEntries: boolean): FnState {
    return new FnState({
      name: "main.f",
      info: new MemSym("i", "SDWARFFCN"),
      ranges: new MemSym("r", "SDWARFRANGE"),
      startPC: text,
      startPos: { fileIndex: 0, relLine: 1 },
      size: 16,
      useBASEntries,
    });
  }

  it("FnState.putRanges, DWARF 4 with a base address selection entry", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 4 });
    const s = fn(true);
    s.putRanges(c, [r(2, 6)]);
    const rs = s.ranges as MemSym;
    expect([...rs.data]).toEqual([
      0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(rs.relocs).toEqual([{ off: 4, siz: 4, type: "R_ADDR", sym: text, add: 0 }]);
  });

  it("FnState.putRanges, DWARF 4 without base entries (darwin): CU-relative relocations", () => {
    const c = new MemContext({ dwarf5: false, ptrSize: 4 });
    const s = fn(false);
    s.putRanges(c, [r(2, 6)]);
    const rs = s.ranges as MemSym;
    expect(rs.size).toBe(16);
    expect(rs.relocs.map((x) => [x.off, x.type, x.add])).toEqual([
      [0, "R_ADDRCUOFF", 2],
      [4, "R_ADDRCUOFF", 6],
    ]);
  });

  it("FnState.putRanges, DWARF 5: a rnglist, whatever useBASEntries says", () => {
    const c = new MemContext({ dwarf5: true });
    const s = fn(false);
    s.putRanges(c, [r(2, 6)]);
    expect([...(s.ranges as MemSym).data]).toEqual([1, 0, 4, 2, 6, 0]);
  });
});
