/**
 * The DWARF sections (cmd/link/internal/ld/dwarf.go: dwarfGenerateDebugSyms, dwUnitPortion,
 * writeabbrev, writegdbscript, writeDebugMiscSecHdr and the three header writers,
 * compilationUnitByStartPCCmp), Go 1.26, after text addresses are assigned.
 *
 * Go writes .debug_frame in one goroutine and each unit's portion in another; every symbol the
 * goroutines write into is made beforehand and the results are stitched in sorted-unit order, so
 * the output does not depend on scheduling, and running them one after another here is exact.
 */
import { DW_ABRV, getAbbrev } from "../../dwarf/abbrev.js";
import { SortFunc } from "../sort.js";
import type { LinkSym, LinkSymKind } from "../sym.js";
import type { CompilationUnit } from "../unit.js";
import { type dwctxt, movetomodule, reversetree } from "./dwctxt.js";
import { writeframes } from "./frame.js";
import { writeUnitInfo } from "./info.js";
import { writelines } from "./lines.js";
import { collectUnitLocs, calcCompUnitRanges, writedebugaddr, writepcranges } from "./ranges.js";

/** dwarf.go, dwarfSecInfo: an output section's symbol, then the symbols whose bytes follow it. */
export interface dwarfSecInfo {
  syms: LinkSym[];
}

/** The section's name (its first symbol's). */
export function secName(si: dwarfSecInfo): string {
  return si.syms[0]!.name;
}

/** GdbScriptPythonFileId: a .debug_gdb_scripts entry naming a Python file. */
export const GdbScriptPythonFileId = 1;

/** dwarf.go, writeabbrev: .debug_abbrev is Go's fixed table, in one symbol. */
export function writeabbrev(d: dwctxt): dwarfSecInfo {
  const abrvs = d.ldr.lookupOrCreate(".debug_abbrev", "SDWARFSECT");
  d.mark?.(abrvs, "writeabbrev");
  abrvs.addBytes(getAbbrev(d.buildcfg));
  return { syms: [abrvs] };
}

/** dwarf.go, writegdbscript: 0x01, the runtime-gdb.py path and a NUL; nothing when there is no path. */
export function writegdbscript(d: dwctxt): dwarfSecInfo | undefined {
  if (d.gdbscript === "") return undefined;
  const gs = d.ldr.lookupOrCreate(".debug_gdb_scripts", "SDWARFSECT");
  d.mark?.(gs, "writegdbscript");
  gs.addUint8(GdbScriptPythonFileId);
  gs.addString(d.gdbscript);
  return { syms: [gs] };
}

/**
 * dwarf.go, compilationUnitByStartPCCmp: units with text first, by the start of their first range,
 * then the textless ones by package path. Every unit's ranges are relative to its own first text
 * symbol, so PCs[0].Start is always 0 and all units with text compare equal: their order is what
 * slices.SortFunc leaves, which (sort.ts) keeps them in link order when there are 12 units or fewer.
 */
export function compilationUnitByStartPCCmp(a: CompilationUnit, b: CompilationUnit): number {
  const at = a.textp.length !== 0;
  const bt = b.textp.length !== 0;
  if (!at && !bt) return a.lib.pkg < b.lib.pkg ? -1 : a.lib.pkg > b.lib.pkg ? 1 : 0;
  if (at && !bt) return -1;
  if (!at && bt) return 1;
  const x = a.pcs[0]!.start;
  const y = b.pcs[0]!.start;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * dwarf.go, writeDebugMiscSecHdr: the one header of .debug_addr, .debug_rnglists or
 * .debug_loclists (unit_length, patched later; version 5; address size; segment selector size; and
 * for the lists an offset_entry_count of 0).
 */
export function writeDebugMiscSecHdr(d: dwctxt, st: LinkSymKind, addOffsetEntryCount: boolean): LinkSym {
  const su = d.ldr.createExtSym(st);
  d.mark?.(su, "writeDebugMiscSecHdr");
  su.addUint(4, 0);
  su.addUint(2, 5);
  su.addUint8(d.ptrSize());
  su.addUint8(0);
  if (addOffsetEntryCount) su.addUint(4, 0);
  return su;
}

/** What one unit contributes (dwUnitSyms). */
interface dwUnitSyms {
  lineProlog: LinkSym;
  rangeProlog: LinkSym;
  infoEpilog: LinkSym;
  addrsym: LinkSym | undefined;
  linesyms: LinkSym[];
  infosyms: LinkSym[];
  locsyms: LinkSym[];
  rangessyms: LinkSym[];
}

/**
 * dwarf.go, dwUnitPortion: a unit's lines, .debug_addr slots (DWARF 5), ranges and location lists
 * (units with text only), then its .debug_info part. writelines and writepcranges add attributes
 * to the unit DIE, so they come first.
 */
function dwUnitPortion(d: dwctxt, u: CompilationUnit, abbrevsym: LinkSym, us: dwUnitSyms): void {
  if (u.dwInfo!.abbrev !== DW_ABRV.COMPUNIT_TEXTLESS) {
    us.linesyms = writelines(d, u, us.lineProlog);
    const base = u.textp[0]!;
    if (d.buildcfg.dwarf5) writedebugaddr(d, u, us.addrsym!);
    us.rangessyms = writepcranges(d, u, base, u.pcs, us.rangeProlog, us.addrsym);
    us.locsyms = collectUnitLocs(u);
  }
  us.infosyms = writeUnitInfo(d, u, abbrevsym, us.addrsym, us.infoEpilog);
}

/**
 * dwarf.go, dwarfGenerateDebugSyms: every DWARF section's symbols, in Go's section order: abbrev,
 * line, frame, gdb_scripts (when there is a script), info, loc/loclists (when it has more than its
 * section symbol: always in DWARF 5, which has a header), ranges/rnglists, addr (DWARF 5).
 */
export function dwarfGenerateDebugSyms(d: dwctxt): dwarfSecInfo[] {
  const dwarf5 = d.buildcfg.dwarf5;
  const dwarfp: dwarfSecInfo[] = [];
  const abbrevSec = writeabbrev(d);
  dwarfp.push(abbrevSec);
  calcCompUnitRanges(d);
  SortFunc(d.compUnits, compilationUnitByStartPCCmp);

  for (const u of d.compUnits) reversetree(u.dwInfo!);
  reversetree(d.dwtypes);
  const rt = d.runtimeCU;
  if (rt === undefined) throw new Error("dwarf: no runtime compilation unit");
  movetomodule(rt.dwInfo!, d.dwtypes);

  const mkSecSym = (name: string): LinkSym => d.ldr.lookupOrCreate(name, "SDWARFSECT");
  const frameSym = mkSecSym(".debug_frame");
  const lineSym = mkSecSym(".debug_line");
  const rangesSym = mkSecSym(dwarf5 ? ".debug_rnglists" : ".debug_ranges");
  const locSym = mkSecSym(dwarf5 ? ".debug_loclists" : ".debug_loc");
  const infoSym = mkSecSym(".debug_info");
  const addrSym = dwarf5 ? mkSecSym(".debug_addr") : undefined;

  const lineSec: dwarfSecInfo = { syms: [lineSym] };
  const infoSec: dwarfSecInfo = { syms: [infoSym] };
  let addrSec: dwarfSecInfo | undefined;
  let rangesSec: dwarfSecInfo;
  let locSec: dwarfSecInfo;
  if (dwarf5) {
    addrSec = { syms: [addrSym!, writeDebugMiscSecHdr(d, "SDWARFADDR", false)] };
    rangesSec = { syms: [rangesSym, writeDebugMiscSecHdr(d, "SDWARFRANGE", true)] };
    locSec = { syms: [locSym, writeDebugMiscSecHdr(d, "SDWARFLOC", true)] };
  } else {
    rangesSec = { syms: [rangesSym] };
    locSec = { syms: [locSym] };
  }

  // The symbols the per-unit work writes into, made before it starts, in sorted-unit order.
  const unitSyms: dwUnitSyms[] = d.compUnits.map(() => ({
    lineProlog: d.ldr.createExtSym("SDWARFLINES"),
    rangeProlog: d.ldr.createExtSym("SDWARFRANGE"),
    infoEpilog: d.ldr.createExtSym("SDWARFFCN"),
    addrsym: d.ldr.createExtSym("SDWARFADDR"),
    linesyms: [],
    infosyms: [],
    locsyms: [],
    rangessyms: [],
  }));

  const frameSec: dwarfSecInfo = { syms: writeframes(d, frameSym) };
  d.compUnits.forEach((u, i) => {
    dwUnitPortion(d, u, abbrevSec.syms[0]!, unitSyms[i]!);
  });

  // The section headers' lengths cover every unit's part.
  const patchHdr = (sec: dwarfSecInfo, len: number): void => {
    const hdrsym = sec.syms[1]!;
    hdrsym.setUint(0, 4, len + hdrsym.size - 4);
  };
  if (dwarf5) {
    let rltot = 0;
    let addrtot = 0;
    let loctot = 0;
    for (const us of unitSyms) {
      addrtot += us.addrsym!.size;
      for (const s of us.rangessyms) rltot += s.size;
      for (const s of us.locsyms) loctot += s.size;
    }
    patchHdr(addrSec!, addrtot);
    patchHdr(rangesSec, rltot);
    patchHdr(locSec, loctot);
  }

  for (const us of unitSyms) {
    lineSec.syms.push(...us.linesyms);
    infoSec.syms.push(...us.infosyms);
    locSec.syms.push(...us.locsyms);
    rangesSec.syms.push(...us.rangessyms);
    if (dwarf5 && us.addrsym !== undefined) addrSec!.syms.push(us.addrsym);
  }
  dwarfp.push(lineSec, frameSec);
  const gdbScriptSec = writegdbscript(d);
  if (gdbScriptSec !== undefined) dwarfp.push(gdbScriptSec);
  dwarfp.push(infoSec);
  if (locSec.syms.length > 1) dwarfp.push(locSec);
  dwarfp.push(rangesSec);
  if (addrSec !== undefined) dwarfp.push(addrSec);

  // No symbol may be listed twice in .debug_info.
  const seen = new Set<LinkSym>();
  for (const s of infoSec.syms) {
    if (seen.has(s)) throw new Error(`dwarf symbol ${s.name || "(anonymous)"} listed multiple times`);
    seen.add(s);
  }
  return dwarfp;
}
