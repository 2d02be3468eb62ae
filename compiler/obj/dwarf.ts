/**
 * The DWARF symbols of the compiler's object: cmd/internal/obj/dwarf.go's dwarfSym,
 * populateDWARF, DwarfIntConst, DwarfGlobal and DwarfAbstractFunc, Go 1.26.
 */
import { ConstInfoPrefix, FnState, InfoPrefix, type SrcPos } from "../../dwarf/context.js";
import { PutAbstractFunc, PutConcreteFunc, PutDefaultFunc } from "../../dwarf/funcs.js";
import { PutGlobal, PutIntConst } from "../../dwarf/putattr.js";
import { dwCtxt } from "./dwctxt.js";
import { generateDebugLinesSymbol } from "./lines.js";
import type { Func, Link } from "./link.js";
import { LSym } from "./lsym.js";

/** The anonymous aux symbols of a text symbol (dwarfSym's five results). */
export interface DwarfSyms {
  info: LSym;
  loc: LSym | undefined;
  ranges: LSym;
  absfn: LSym | undefined;
  lines: LSym;
}

/**
 * dwarf.go, dwarfSym: make, once, the anonymous SDWARFFCN, SDWARFLOC (only with location
 * lists), SDWARFRANGE and SDWARFLINES symbols of `s`, and find its abstract symbol if it was
 * inlined.
 */
export function dwarfSym(ctxt: Link, s: LSym): DwarfSyms {
  const fn = s.func;
  if (fn === undefined || s.type !== "STEXT") ctxt.Diag(`dwarfSym of non-TEXT ${s.name}`);
  if (fn.dwarfInfoSym === undefined) {
    fn.dwarfInfoSym = new LSym("", "SDWARFFCN");
    if (ctxt.flagLocationlists) fn.dwarfLocSym = new LSym("", "SDWARFLOC");
    fn.dwarfRangesSym = new LSym("", "SDWARFRANGE");
    fn.dwarfDebugLinesSym = new LSym("", "SDWARFLINES");
    if (s.has("WasInlined")) fn.dwarfAbsFnSym = fixups(ctxt).AbsFuncDwarfSym(s);
  }
  return {
    info: fn.dwarfInfoSym,
    loc: fn.dwarfLocSym,
    ranges: fn.dwarfRangesSym!,
    absfn: fn.dwarfAbsFnSym,
    lines: fn.dwarfDebugLinesSym!,
  };
}

function fixups(ctxt: Link) {
  if (ctxt.DwFixups === undefined) ctxt.Diag("no DwarfFixupTable: DWARF is off");
  return ctxt.DwFixups;
}

/**
 * dwarf.go, populateDWARF: the subprogram DIE of `s` (abstract + concrete when the function was
 * inlined somewhere, default otherwise) and its line-program fragment.
 */
export function populateDWARF(ctxt: Link, curfn: Func, s: LSym): void {
  if (ctxt.pkgpath === "") return;
  const { info, loc, ranges, absfn, lines } = dwarfSym(ctxt, s);
  if (info.size !== 0) ctxt.Diag(`makeFuncDebugEntry double process ${s.name}`);
  const dbg = ctxt.DebugInfo?.(ctxt, s, info, curfn);
  const fn = s.func!;
  const first = fn.text[0];
  // textPos: the TEXT prog's position must be the function's start line.
  if (first === undefined || first.line === 0 || first.line !== fn.startLine)
    ctxt.Diag(`bad startPos for ${s.name}`);
  const startPos: SrcPos = { fileIndex: first.fileIndex, relLine: first.line };
  const dwctxt = new dwCtxt(ctxt);
  const fnstate = new FnState({
    name: s.name,
    info,
    loc,
    ranges,
    absfn,
    startPC: s,
    size: s.size,
    startPos,
    external: !s.has("Static"),
    scopes: dbg?.scopes ?? [],
    inlCalls: dbg?.inlcalls ?? { calls: [] },
    useBASEntries: ctxt.useBASEntries,
  });
  try {
    if (absfn !== undefined) {
      PutAbstractFunc(dwctxt, fnstate);
      PutConcreteFunc(dwctxt, fnstate, s.has("Wrapper"), ctxt.dwTextCount);
    } else {
      PutDefaultFunc(dwctxt, fnstate, s.has("Wrapper"));
    }
  } catch (e) {
    ctxt.Diag(`emitting DWARF for ${s.name} failed: ${(e as Error).message}`);
  }
  generateDebugLinesSymbol(dwctxt, s, lines);
}

/** dwarf.go, DwarfIntConst: a constant DIE in the package's `go:constinfo.<pkg>` symbol. */
export function DwarfIntConst(ctxt: Link, name: string, typename: string, val: number | bigint): void {
  const myimportpath = ctxt.pkgpath;
  if (myimportpath === "") return;
  const s = ctxt.LookupInit(ConstInfoPrefix + myimportpath, (s) => {
    s.type = "SDWARFCONST";
    ctxt.data.push(s);
  });
  PutIntConst(new dwCtxt(ctxt), s, ctxt.Lookup(InfoPrefix + typename), `${myimportpath}.${name}`, val);
}

/** dwarf.go, DwarfGlobal: an anonymous SDWARFVAR DIE symbol, hung on the variable as VarInfo. */
export function DwarfGlobal(ctxt: Link, typename: string, varSym: LSym): void {
  if (ctxt.pkgpath === "" || varSym.has("Local")) return;
  const dieSym = new LSym("", "SDWARFVAR");
  varSym.varInfo = { dwarfInfoSym: dieSym };
  ctxt.data.push(dieSym);
  PutGlobal(new dwCtxt(ctxt), dieSym, ctxt.Lookup(InfoPrefix + typename), varSym, varSym.name);
}

/**
 * dwarf.go, DwarfAbstractFunc: the abstract DIE of a function inlined here but compiled
 * elsewhere (called from DwarfFixupTable.Finalize through GenAbstractFunc). `startPos` is
 * InnermostPos(curfn.Pos()).
 */
export function DwarfAbstractFunc(ctxt: Link, curfn: Func, s: LSym, startPos: SrcPos): void {
  const absfn = fixups(ctxt).AbsFuncDwarfSym(s);
  if (absfn.size !== 0) ctxt.Diag(`internal error: DwarfAbstractFunc double process ${s.name}`);
  s.func ??= { startLine: 0, text: [], autot: new Set() };
  if (ctxt.DebugInfo === undefined) ctxt.Diag("DwarfAbstractFunc: no DebugInfo hook");
  const { scopes } = ctxt.DebugInfo(ctxt, s, absfn, curfn);
  const fnstate = new FnState({
    name: s.name,
    info: absfn,
    absfn,
    startPC: undefined,
    startPos,
    size: 0,
    external: !s.has("Static"),
    scopes,
    useBASEntries: ctxt.useBASEntries,
  });
  try {
    PutAbstractFunc(new dwCtxt(ctxt), fnstate);
  } catch (e) {
    ctxt.Diag(`emitting DWARF for ${s.name} failed: ${(e as Error).message}`);
  }
}
