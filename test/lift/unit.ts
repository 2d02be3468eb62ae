/**
 * One compile unit lifted into one compiler Link and emitted again, as cmd/compile would for that
 * package: every function with PCs through populateDWARF (PutDefaultFunc, or PutAbstractFunc and
 * PutConcreteFunc when it was inlined somewhere), then DwarfFixupTable.Finalize, which writes the
 * abstract functions the package only inlined (DwarfAbstractFunc) and fixes up references to
 * abstract children. The DebugInfo hook stands in for dwarfgen.Info: it returns the lifted scopes
 * and inlined calls, so cmd/compile/internal/dwarfgen itself is not exercised here.
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT } from "../../dwarf/constants.js";
import type { Unit } from "../../dwarf/read/model.js";
import { attrString, findAttr } from "../../dwarf/read/model.js";
import { DwarfAbstractFunc, dwarfSym, populateDWARF } from "../../compiler/obj/dwarf.js";
import { FuncCountToDwTxtAddrFlavor } from "../../compiler/obj/dwctxt.js";
import { DwarfFixupTable } from "../../compiler/obj/fixups.js";
import { Link } from "../../compiler/obj/link.js";
import type { LSym } from "../../compiler/obj/lsym.js";
import { GO126 } from "../../compiler/profile.js";
import { abstractDebugInfo, type LiftedAbstract, liftedAbstracts } from "./abstract.js";
import { type GoBinary, LiftError } from "./binary.js";
import { comparePart, type Part, type PartResult } from "./compare.js";
import { LiftContext } from "./context.js";
import { FUNC_ABBREVS, type LiftedFunc, liftFunc } from "./func.js";
import { lineFragments } from "./lines.js";
import { deduceListBases, relocate } from "./relocate.js";

export interface ItemResult {
  /** The unit whose Link emitted it. */
  unit: string;
  kind: "function" | "abstract";
  name: string;
  /** The DIE's .debug_info offset. */
  offset: number;
  /** For abstract functions: the unit whose DIEs hold it (may be another package's). */
  home: string;
  parts: PartResult[];
  /** Why it could not be lifted or emitted. */
  error?: string;
}

export function itemOk(r: ItemResult): boolean {
  return r.error === undefined && r.parts.length > 0 && r.parts.every((p) => p.ok);
}

/** Smallest DwTextCount whose addrx width (FuncCountToDwTxtAddrFlavor of twice it) is `width`. */
function dwTextCountFor(width: number): number {
  const n = [0, 1, 64, 8192, 1048576][width];
  if (n === undefined || FuncCountToDwTxtAddrFlavor(n * 2)[1] !== width)
    throw new LiftError(`no function count gives ${width}-byte addrx values`);
  return n;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export interface LiftUnitOptions {
  /** -N was not given (Ctxt.Flag_optimize). */
  optimize: boolean;
  /** Called on each lifted function before it is emitted (a test changes one to see it caught). */
  perturb?: ((f: LiftedFunc) => void) | undefined;
}

/** Lift, re-emit, relocate and compare every function of `unit`, and the abstract functions it refers to. */
export function liftUnit(bin: GoBinary, unit: Unit, opts: LiftUnitOptions): ItemResult[] {
  const cuName = (unit.root && attrString(unit.root, DW_AT.name)) ?? "?";
  const link = new Link({
    pkgpath: cuName,
    profile: GO126,
    dwarf5: bin.dwarf5,
    useBASEntries: true,
    flagLocationlists: bin.has(bin.dwarf5 ? "debug_loclists" : "debug_loc"),
    flagOptimize: opts.optimize,
    provenance: true,
  });
  link.DwFixups = new DwarfFixupTable(link);
  link.DebugInfo = (_ctxt, _fnsym, _infosym, curfn) => {
    const f = curfn as LiftedFunc | LiftedAbstract;
    if ("scopes" in f) return { scopes: f.scopes, inlcalls: f.inlcalls };
    return abstractDebugInfo(f);
  };
  link.GenAbstractFunc = (fn: LSym) => {
    const abs = link.DwFixups!.GetPrecursorFunc(fn) as LiftedAbstract;
    DwarfAbstractFunc(link, abs, fn, { fileIndex: 0, relLine: abs.declLine });
  };
  const lc = new LiftContext(bin, unit, link);
  const fragments = lineFragments(bin, unit);
  const results: ItemResult[] = [];

  // Lift every function first: the inliner registers every precursor before any function is
  // emitted, and WasInlined is known by then.
  const funcs: LiftedFunc[] = [];
  const failed = new Map<LiftedFunc | number, ItemResult>();
  for (const die of unit.root?.children ?? []) {
    if (!FUNC_ABBREVS.includes(die.code)) continue;
    try {
      const f = liftFunc(lc, die, fragments);
      opts.perturb?.(f);
      funcs.push(f);
    } catch (e) {
      results.push({
        unit: cuName,
        kind: "function",
        name: attrString(die, DW_AT.name) ?? hex(die.offset),
        offset: die.offset,
        home: cuName,
        parts: [],
        error: `lift: ${message(e)}`,
      });
    }
  }
  for (const f of funcs) {
    try {
      // DwTextCount belongs to the compile that produced the function, and a unit can hold
      // functions of several compiles (DUPOK generated functions such as type:.eq.*, kept from
      // whichever object the linker read first), so it is set per function.
      link.dwTextCount = f.addrWidth === undefined ? 0 : dwTextCountFor(f.addrWidth);
      populateDWARF(link, f, f.text);
    } catch (e) {
      failed.set(f, {
        unit: cuName,
        kind: "function",
        name: f.name,
        offset: f.offset,
        home: cuName,
        parts: [],
        error: `emit: ${message(e)}`,
      });
    }
  }
  let finalizeError: string | undefined;
  try {
    link.DwFixups.Finalize(cuName);
  } catch (e) {
    finalizeError = `Finalize: ${message(e)}`;
  }

  const loclists = bin.section(bin.dwarf5 ? "debug_loclists" : "debug_loc");
  const rnglists = bin.section(bin.dwarf5 ? "debug_rnglists" : "debug_ranges");
  for (const f of funcs) {
    const bad = failed.get(f);
    if (bad !== undefined) {
      results.push(bad);
      continue;
    }
    const syms = dwarfSym(link, f.text);
    lc.secOffset.set(syms.info, f.offset);
    const origInfo = bin.subtreeBytes(f.offset);
    deduceListBases(lc, syms.info, [syms.loc, syms.ranges], origInfo);
    const parts: PartResult[] = [];
    const check = (part: Part, s: LSym, where: string, expected: Uint8Array) => {
      const { bytes, unresolved } = relocate(lc, s);
      parts.push(comparePart(part, where, expected, bytes, s, unresolved));
    };
    check("info", syms.info, `.debug_info+${hex(f.offset)}`, origInfo);
    const fr = f.fragment;
    check(
      "lines",
      syms.lines,
      `.debug_line+${hex(fr.start)}`,
      bin.section("debug_line").subarray(fr.start, fr.end),
    );
    for (const [part, s, sec, name] of [
      ["loc", syms.loc, loclists, bin.dwarf5 ? ".debug_loclists" : ".debug_loc"],
      ["ranges", syms.ranges, rnglists, bin.dwarf5 ? ".debug_rnglists" : ".debug_ranges"],
    ] as const) {
      if (s === undefined || s.size === 0) continue;
      const base = lc.secOffset.get(s);
      if (base === undefined) {
        parts.push({
          part,
          ok: false,
          where: name,
          detail: "no reference from the info symbol gives its offset",
        });
        continue;
      }
      check(part, s, `${name}+${hex(base)}`, sec.subarray(base, base + s.size));
    }
    const r: ItemResult = {
      unit: cuName,
      kind: "function",
      name: f.name,
      offset: f.offset,
      home: cuName,
      parts,
    };
    if (finalizeError !== undefined) r.error = finalizeError;
    results.push(r);
  }

  for (const abs of liftedAbstracts(lc)) {
    const home = bin.at(abs.offset).unit;
    const r: ItemResult = {
      unit: cuName,
      kind: "abstract",
      name: abs.name,
      offset: abs.offset,
      home: (home.root && attrString(home.root, DW_AT.name)) ?? "?",
      parts: [],
    };
    if (abs.absfn.size === 0) {
      r.error = finalizeError ?? "abstract function was never written";
    } else {
      const { bytes, unresolved } = relocate(lc, abs.absfn);
      r.parts.push(
        comparePart(
          "abstract",
          `.debug_info+${hex(abs.offset)}`,
          bin.subtreeBytes(abs.offset),
          bytes,
          abs.absfn,
          unresolved,
        ),
      );
    }
    results.push(r);
  }
  return results;
}

/**
 * Every subprogram DIE of a unit that the lift covers (functions with PCs and abstract functions),
 * and the addresses of line-program fragments that no function DIE claims.
 */
export function coveredDies(
  bin: GoBinary,
  unit: Unit,
): { functions: number[]; abstracts: number[]; strayFragments: bigint[] } {
  const functions: number[] = [];
  const abstracts: number[] = [];
  const lows = new Set<bigint>();
  for (const d of unit.root?.children ?? []) {
    if (FUNC_ABBREVS.includes(d.code)) {
      functions.push(d.offset);
      const low = findAttr(d, DW_AT.low_pc)?.value;
      if (low?.kind === "address") lows.add(low.value);
    } else if (d.code === DW_ABRV.FUNCTION_ABSTRACT) abstracts.push(d.offset);
  }
  const strayFragments = [...lineFragments(bin, unit).keys()].filter((a) => !lows.has(a));
  return { functions, abstracts, strayFragments };
}
