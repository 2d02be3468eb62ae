/**
 * A unit's PC ranges, its .debug_addr slots and its location lists (cmd/link/internal/ld/dwarf.go:
 * calcCompUnitRanges, writepcranges, writedebugaddr, assignDebugAddrSlot, collectUnitLocs), Go 1.26.
 */
import { DW_AT, DW_CLS } from "../../dwarf/constants.js";
import { PutBasedRanges, PutRngListRanges } from "../../dwarf/ranges.js";
import type { Range } from "../../dwarf/context.js";
import { isTextKind } from "../symkind.js";
import { LinkError } from "../load.js";
import type { LinkReloc, LinkSym } from "../sym.js";
import type { CompilationUnit } from "../unit.js";
import { type dwctxt, newattr } from "./dwctxt.js";

/** objabi.RelocType.IsDwTxtAddr. */
export function IsDwTxtAddr(t: LinkReloc["type"]): boolean {
  return t === "R_DWTXTADDR_U1" || t === "R_DWTXTADDR_U2" || t === "R_DWTXTADDR_U3" || t === "R_DWTXTADDR_U4";
}

/** objabi.RelocType.DwTxtAddrRelocParams: the largest index and the ULEB width. */
export function DwTxtAddrRelocParams(t: LinkReloc["type"]): [lim: number, width: number] {
  switch (t) {
    case "R_DWTXTADDR_U1":
      return [0x7f, 1];
    case "R_DWTXTADDR_U2":
      return [0x3fff, 2];
    case "R_DWTXTADDR_U3":
      return [0x1fffff, 3];
    case "R_DWTXTADDR_U4":
      return [0xfffffff, 4];
    default:
      throw new Error("not a dwtxtaddr relocation");
  }
}

/**
 * dwarf.go, calcCompUnitRanges: walking Textp in address order, a unit gets a new range whenever
 * the previous text symbol belonged to another unit, and each range ends where its last symbol's
 * code ends. Ranges are relative to the unit's first text symbol.
 */
export function calcCompUnitRanges(d: dwctxt): void {
  let prevUnit: CompilationUnit | undefined;
  for (const s of d.ldr.textp) {
    if (s.func === undefined) continue;
    const unit = s.unit;
    if (unit === undefined) continue;
    const sval = s.value;
    const u0val = unit.textp[0]!.value;
    if (prevUnit !== unit) {
      unit.pcs.push({ start: sval - u0val, end: 0 });
      prevUnit = unit;
    }
    unit.pcs[unit.pcs.length - 1]!.end = sval - u0val + s.size;
  }
}

/**
 * dwarf.go, assignDebugAddrSlot: give the text symbol `r` refers to the next slot of the unit's
 * .debug_addr fragment, unless it has one: an address-size entry (R_ADDR) appended to `sb`.
 */
export function assignDebugAddrSlot(
  d: dwctxt,
  unit: CompilationUnit,
  fnsym: LinkSym,
  r: LinkReloc,
  sb: LinkSym,
): void {
  const rsym = r.sym;
  if (unit.addrs.has(rsym)) return;
  const sl = unit.addrs.size;
  const [lim] = DwTxtAddrRelocParams(r.type);
  if (sl > lim)
    throw new LinkError(`internal error: ${r.type} relocation overflow on infosym for ${fnsym.name}`);
  unit.addrs.set(rsym, sl);
  d.mark?.(sb, "assignDebugAddrSlot");
  sb.addSymRef(rsym, 0, "R_ADDR", d.ptrSize());
}

/**
 * dwarf.go, writedebugaddr: the unit's .debug_addr slots, first-seen: for each function in Textp,
 * the R_DWTXTADDR_* relocations of its info symbol, then of its ranges symbol, then of its
 * location-list symbol.
 */
export function writedebugaddr(d: dwctxt, unit: CompilationUnit, debugaddr: LinkSym): void {
  for (const fnSym of unit.textp) {
    const fi = fnSym.func;
    const dsyms: LinkSym[] = [];
    if (fi?.info !== undefined) dsyms.push(fi.info);
    if (fi?.ranges !== undefined) dsyms.push(fi.ranges);
    if (fi?.loc !== undefined) dsyms.push(fi.loc);
    for (const dsym of dsyms) {
      for (const r of dsym.R) {
        if (!IsDwTxtAddr(r.type)) continue;
        const rsym = r.sym;
        if (!isTextKind(rsym.type))
          throw new LinkError(
            `internal error: R_DWTXTADDR_* relocation on dwinfosym for ${fnSym.name} against non-function ${rsym.name} type:${rsym.type}`,
          );
        if (rsym.unit !== unit)
          throw new LinkError(
            `internal error: R_DWTXTADDR_* relocation target text sym unit mismatch (want "${unit.lib.pkg}" got "${rsym.unit?.lib.pkg}")`,
          );
        assignDebugAddrSlot(d, unit, fnSym, r, debugaddr);
      }
    }
  }
}

/**
 * dwarf.go, writepcranges: the unit DIE's DW_AT_ranges (a list in `rangeProlog`) and DW_AT_low_pc
 * (the unit's first text symbol), then the functions' range symbols. DWARF 5 writes a rnglist
 * whose base goes through .debug_addr (slots for its own relocations are assigned here); DWARF 4
 * writes pairs relative to low_pc.
 */
export function writepcranges(
  d: dwctxt,
  unit: CompilationUnit,
  base: LinkSym,
  pcs: readonly Range[],
  rangeProlog: LinkSym,
  debugaddrsym: LinkSym | undefined,
): LinkSym[] {
  const syms = [rangeProlog];
  const cu = unit.dwInfo!;
  newattr(cu, DW_AT.ranges, DW_CLS.PTR, rangeProlog.size, rangeProlog);
  newattr(cu, DW_AT.low_pc, DW_CLS.ADDRESS, 0, base);
  if (d.buildcfg.dwarf5 && debugaddrsym !== undefined) {
    PutRngListRanges(d, rangeProlog, base, pcs);
    const cusym = d.dtolsym(cu.sym)!;
    for (const r of rangeProlog.R) {
      if (!IsDwTxtAddr(r.type)) continue;
      assignDebugAddrSlot(d, unit, cusym, r, debugaddrsym);
    }
  } else {
    PutBasedRanges(d, rangeProlog, pcs);
  }
  syms.push(...unit.rangeSyms);
  return syms;
}

/**
 * dwarf.go, collectUnitLocs: for each function DIE, the one SDWARFLOC symbol it refers to (the
 * first such relocation; the others point into the same symbol).
 */
export function collectUnitLocs(u: CompilationUnit): LinkSym[] {
  const syms: LinkSym[] = [];
  for (const fn of u.funcDIEs) {
    for (const r of fn.R) {
      if (r.type !== "R_DWARFSECREF") continue;
      if (r.sym.type === "SDWARFLOC") {
        syms.push(r.sym);
        break;
      }
    }
  }
  return syms;
}
