import { describe, expect, it } from "vitest";
import { DW_ABRV, getAbbrev } from "./abbrev.js";
import { FnState } from "./context.js";
import { PutDefaultFunc } from "./funcs.js";
import { FuncCountToDwTxtAddrFlavor, link, MemContext, MemSym } from "./memctxt.js";
import { PutIntConst } from "./putattr.js";

describe("FuncCountToDwTxtAddrFlavor (objabi/reloctype.go)", () => {
  it("picks the padded ULEB width from the function count", () => {
    expect(FuncCountToDwTxtAddrFlavor(127)).toEqual(["R_DWTXTADDR_U1", 1]);
    expect(FuncCountToDwTxtAddrFlavor(128)).toEqual(["R_DWTXTADDR_U2", 2]);
    expect(FuncCountToDwTxtAddrFlavor(16384)).toEqual(["R_DWTXTADDR_U3", 3]);
    expect(FuncCountToDwTxtAddrFlavor(2097152)).toEqual(["R_DWTXTADDR_U4", 4]);
    expect(() => FuncCountToDwTxtAddrFlavor(268435456)).toThrow();
  });
});

describe("MemContext fixups (obj.DwarfFixupTable)", () => {
  it("queues references made before the abstract function is written", () => {
    const c = new MemContext({ dwarf5: true });
    const abs = new MemSym("f$abstract", "SDWARFABSFCN");
    const s = new MemSym("s", "SDWARFFCN");
    c.addDWARFAddrSectionOffset(s, abs, 0);
    c.recordDclReference(s, abs, 3, 1);
    expect(c.unresolvedFixups()).toEqual(["s -> f$abstract dclIdx=3"]);
    expect(() => link(c, [])).toThrow(/orphaned DWARF fixups/);
    const v = { childIndex: 3 } as Parameters<MemContext["recordChildDieOffsets"]>[1][number];
    c.recordChildDieOffsets(abs, [v], [17]);
    expect(s.relocs[0]!.add).toBe(17);
    expect(c.unresolvedFixups()).toEqual([]);
  });
});

describe("link", () => {
  function unit(dwarf5: boolean, provenance = false) {
    const c = new MemContext({ dwarf5, provenance });
    const text = [
      new MemSym("main.main", "STEXT", 0x401000, 0x20),
      new MemSym("main.f", "STEXT", 0x401040, 0x10),
    ];
    const fns = text.map(
      (t) =>
        new FnState({
          name: t.name,
          info: new MemSym(`${t.name} info`, "SDWARFFCN"),
          ranges: new MemSym(`${t.name} ranges`, "SDWARFRANGE"),
          loc: new MemSym(`${t.name} loc`, "SDWARFLOC"),
          useBASEntries: true,
          startPC: t,
          startPos: { fileIndex: 0, relLine: 1 },
          size: t.textSize,
        }),
    );
    for (const f of fns) PutDefaultFunc(c, f, false);
    const consts = new MemSym("go:constinfo.main", "SDWARFCONST");
    PutIntConst(c, consts, fns[0]!.info, "main.k", 1);
    const out = link(c, [{ name: "main", text, info: [...fns.map((f) => f.info as MemSym), consts] }]);
    return { out, fns, text };
  }

  it("DWARF 5: v5 unit header, COMPUNIT with addr_base, .debug_addr slots in text order", () => {
    const { out, fns } = unit(true);
    const info = out.sections.sections.debug_info!;
    const dv = new DataView(info.buffer, info.byteOffset);
    expect(dv.getUint32(0, true)).toBe(info.length - 4);
    expect([...info.subarray(4, 12)]).toEqual([5, 0, 1, 8, 0, 0, 0, 0]); // version, DW_UT_compile, addr size, abbrev 0
    expect(info[12]).toBe(DW_ABRV.COMPUNIT);
    expect(info[info.length - 1]).toBe(0);
    const addr = out.sections.sections.debug_addr!;
    expect([...addr.subarray(0, 8)]).toEqual([20, 0, 0, 0, 5, 0, 8, 0]);
    expect(new DataView(addr.buffer, addr.byteOffset).getBigUint64(8, true)).toBe(0x401000n);
    expect(new DataView(addr.buffer, addr.byteOffset).getBigUint64(16, true)).toBe(0x401040n);
    // main.f's low_pc is addrx slot 1 (its byte right after "main.f\0").
    const fAt = out.placement.get(fns[1]!.info as MemSym)!.offset;
    expect(info[fAt + 1 + 7]).toBe(1);
    expect(out.sections.sections.debug_abbrev).toEqual(getAbbrev({ dwarf5: true }));
    // The unit's own range list: base_addressx 0, one pair covering both functions [0, 0x50).
    const rl = out.sections.sections.debug_rnglists!;
    expect([...rl.subarray(12)]).toEqual([1, 0, 4, 0, 0x20, 4, 0x40, 0x50, 0]);
  });

  it("DWARF 4: v4 header and relocated low/high pc", () => {
    const { out, fns } = unit(false);
    const info = out.sections.sections.debug_info!;
    expect([...info.subarray(4, 11)]).toEqual([4, 0, 0, 0, 0, 0, 8]);
    const fAt = out.placement.get(fns[1]!.info as MemSym)!.offset;
    const dv = new DataView(info.buffer, info.byteOffset);
    expect(dv.getBigUint64(fAt + 8, true)).toBe(0x401040n);
    expect(dv.getBigUint64(fAt + 16, true)).toBe(0x401050n);
    expect(out.sections.sections.debug_addr).toBeUndefined();
  });

  it("references resolve to the target's .debug_info offset", () => {
    const { out, fns } = unit(true);
    const info = out.sections.sections.debug_info!;
    const k = [...out.placement].find(([s]) => s.name === "go:constinfo.main")![1].offset;
    const ref = new DataView(info.buffer, info.byteOffset).getUint32(k + 1 + 7, true);
    expect(ref).toBe(out.placement.get(fns[0]!.info as MemSym)!.offset);
  });

  it("carries provenance into section offsets", () => {
    const { out, fns } = unit(true, true);
    const at = out.placement.get(fns[1]!.info as MemSym)!.offset; // main.f
    const spans = out.provenance.debug_info!;
    expect(spans).toContainEqual({ start: at, end: at + 1, who: "PutDefaultFunc abbrev" });
    expect(spans).toContainEqual({ start: at + 8, end: at + 9, who: "PutDefaultFunc DW_AT_low_pc" });
    expect(spans[0]).toEqual({ start: 0, end: 12, who: "writeUnitInfo header" });
  });
});
