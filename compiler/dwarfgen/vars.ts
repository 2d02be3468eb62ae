/**
 * The DWARF variables of one function: cmd/compile/internal/dwarfgen/dwarf.go (createDwarfVars,
 * createSimpleVars, createSimpleVar, createABIVars, createComplexVars, createComplexVar,
 * sortDeclsAndVars, preInliningDcls, closureOffset) and ssa/debug.go (IsVarWantedForDebug), Go 1.26.
 *
 * Where the IR stands in for compiler state:
 *  - fn.DebugInfo (*ssa.FuncDebug) is IrFunction.debug. Go's DebugInfo is set for every function
 *    SSA compiles; the IR gives `debug` only when there is something in it, so an absent `debug`
 *    reads as Go's nil for the createComplexVars test (as the IR documents: "present when the
 *    function was optimized with location lists") and as an empty FuncDebug everywhere else.
 *  - Under -N (createABIVars), Go's BuildFuncDebugNoOptimized gives location lists to the named
 *    register-resident input params (and .closureptr). The IR has no ABI parameter assignment, so a
 *    var listed in debug.vars *is* such a param: it goes through createComplexVar like Go's do.
 *  - OptDcl: Go recovers the autos of OptDcl whose type has size 0: IrDecl.size when given, else
 *    every auto listed in debug.optDcl is taken to be zero-sized.
 *  - IrDebugVar.decl indexes dcl, then debugDcl: an index past the end of dcl is
 *    debugDcl[index - dcl.length].
 *  - Type symbols: reflectdata.TypeLinksym(t) is "type:" + IrDecl.type; the DIE's type is
 *    "go:info." + IrDecl.type (types.TypeSymName). TSSA-kind autos (Int128 spill slots), which Go
 *    keeps out of Autot, are marked IrDecl.ssaType.
 *  - n.Heapaddr is IrDecl.heapAddrFrameOffset. Go's closure-struct iteration also gives a captured
 *    var's Heapaddr name its closure offset; the IR lists that name in closureVars too (a capture
 *    does, from the same closure-struct iteration), so closureOffset finds it like Go's map does.
 */
import { DW_TAG } from "../../dwarf/constants.js";
import { InfoPrefix, type Var } from "../../dwarf/context.js";
import type { IrDebugVar, IrDecl, IrFunction } from "../ir.js";
import type { LSym } from "../obj/lsym.js";
import type { irFuncDebug } from "./loclist.js";
import { asCurFunc, type fnGen, fileName, localFunc, type NameMap, NameSet } from "./state.js";
import { posInlIndex, relCol } from "./xpos.js";

/** ssa/debug.go, IsVarWantedForDebug: "#" names (range-over-func internals) only for #yield. */
export function IsVarWantedForDebug(n: IrDecl): boolean {
  if (n.wantedForDebug !== undefined) return n.wantedForDebug;
  let name = n.name;
  if (name.startsWith("&")) name = name.slice(1);
  if (name.startsWith("#")) return name.startsWith("#yield");
  return true;
}

/** ir.IsAutoTmp. */
function isAutoTmp(n: IrDecl): boolean {
  return n.autoTmp === true;
}

/** obj.FuncInfo.RecordAutoType(reflectdata.TypeLinksym(t)). */
export function RecordAutoType(g: fnGen, typeName: string): void {
  autot(g).add(g.ctxt.Lookup(`type:${typeName}`));
}

/** delete(fnsym.Func().Autot, reflectdata.TypeLinksym(t)): a DIE refers to this type already. */
function forgetAutoType(g: fnGen, typeName: string): void {
  autot(g).delete(g.ctxt.Lookup(`type:${typeName}`));
}

function autot(g: fnGen): Set<LSym> {
  const f = g.fnsym.func;
  if (f === undefined) return g.ctxt.Diag(`dwarfgen: ${g.fnsym.name} has no FuncInfo`);
  return f.autot;
}

/** dwarf.go, closureOffset: the var's offset in the closure struct, 0 if it is not captured. */
export function closureOffset(n: IrDecl, closureVars: NameMap<number> | undefined): number {
  return closureVars?.getCanonical(n) ?? 0;
}

/** The inlIndex (1-based; 0 = not inlined) and tag adjustment of dwarfgen's three var makers. */
function inlIndexAndTag(g: fnGen, n: IrDecl, tag: number): [number, number] {
  let inlIndex = 0;
  let t = tag;
  if (g.genDwarfInl > 1 && (n.inlFormal === true || n.inlLocal === true)) {
    inlIndex = posInlIndex(n.pos) + 1;
    if (n.inlFormal === true) t = DW_TAG.formal_parameter;
  }
  return [inlIndex, t];
}

/** dwarf.go, createSimpleVar: a var with a single stack home for the whole function. */
export function createSimpleVar(g: fnGen, n: IrDecl, closureVars: NameMap<number> | undefined): Var {
  const ptrSize = g.ctxt.ptrSize;
  const { FixedFrameSize, FramePointerEnabled } = g.ctxt.arch;
  const localAutoOffset = (): number => {
    let offs = n.frameOffset;
    if (FixedFrameSize === 0) offs -= ptrSize;
    if (FramePointerEnabled) offs -= ptrSize;
    return offs;
  };

  let tag: number;
  let offs: number;
  switch (n.class) {
    case "auto":
      offs = localAutoOffset();
      tag = DW_TAG.variable;
      break;
    case "param":
    case "result":
      tag = DW_TAG.formal_parameter;
      offs = n.outputParamInRegisters === true ? localAutoOffset() : n.frameOffset + FixedFrameSize;
      break;
    default:
      return g.ctxt.Diag(`createSimpleVar unexpected class ${String(n.class)} for node ${n.name}`);
  }

  forgetAutoType(g, n.type);
  const [inlIndex, t] = inlIndexAndTag(g, n, tag);
  // InnermostPos(declPos(n)): a captured var of a closure is declared where its outer var is,
  // unlike in createComplexVar and the conservative vars, which read n.Pos().
  const declpos = n.scopePos ?? n.pos;
  return {
    name: n.name,
    isReturnValue: n.class === "result",
    isInlFormal: n.inlFormal === true,
    tag: t,
    withLoclist: false,
    stackOffset: offs | 0,
    type: g.ctxt.Lookup(InfoPrefix + n.type),
    declFile: fileName(g, declpos),
    declLine: declpos.line,
    declCol: relCol(declpos),
    inlIndex,
    childIndex: -1,
    isInAbstract: false,
    dictIndex: n.dictIndex ?? 0,
    closureOffset: closureOffset(n, closureVars),
    scope: 0,
  };
}

/** One step of createDwarfVars: the decls, their vars, and the names already described. */
export interface varsResult {
  decls: IrDecl[];
  vars: Var[];
  selected: NameSet;
}

/** dwarf.go, createSimpleVars: every apdecl but compiler temporaries, homed on the stack. */
export function createSimpleVars(
  g: fnGen,
  apDecls: readonly IrDecl[],
  closureVars: NameMap<number> | undefined,
): varsResult {
  const r: varsResult = { decls: [], vars: [], selected: new NameSet() };
  for (const n of apDecls) {
    if (isAutoTmp(n)) continue;
    r.decls.push(n);
    r.vars.push(createSimpleVar(g, n, closureVars));
    r.selected.Add(n);
  }
  return r;
}

/**
 * dwarf.go, createABIVars (-N with the register ABI): register-resident input params get
 * location lists (createComplexVars over what BuildFuncDebugNoOptimized tracked), everything
 * else is simple.
 */
export function createABIVars(
  g: fnGen,
  fn: IrFunction,
  debug: irFuncDebug,
  apDecls: readonly IrDecl[],
  closureVars: NameMap<number> | undefined,
): varsResult {
  const r = createComplexVars(g, fn, debug, closureVars);
  for (const n of apDecls) {
    if (isAutoTmp(n)) continue;
    if (r.selected.Has(n)) continue;
    r.decls.push(n);
    r.vars.push(createSimpleVar(g, n, closureVars));
    r.selected.Add(n);
  }
  return r;
}

/** The ir.Name of an ssa.FuncDebug var: dcl[i], or past the end of dcl, debugDcl[i - len(dcl)]. */
export function debugVarDecl(g: fnGen, fn: IrFunction, dv: IrDebugVar): IrDecl {
  const n = dv.decl < fn.dcl.length ? fn.dcl[dv.decl] : fn.debug?.debugDcl?.[dv.decl - fn.dcl.length];
  if (n === undefined) return g.ctxt.Diag(`dwarfgen: ${fn.name}: debug var decl ${dv.decl} out of range`);
  return n;
}

/** dwarf.go, createComplexVars: a var with a location list for each user var SSA tracked. */
export function createComplexVars(
  g: fnGen,
  fn: IrFunction,
  debug: irFuncDebug,
  closureVars: NameMap<number> | undefined,
): varsResult {
  const r: varsResult = { decls: [], vars: [], selected: new NameSet() };
  for (const dv of fn.debug?.vars ?? []) {
    const n = debugVarDecl(g, fn, dv);
    r.selected.Add(n);
    // The names of the var's slots (LocalSlot.N): a split var's pieces count as described too.
    for (const i of dv.slots ?? []) {
      const sn = fn.dcl[i];
      if (sn === undefined) return g.ctxt.Diag(`dwarfgen: ${fn.name}: slot decl ${i} out of range`);
      r.selected.Add(sn);
    }
    const v = createComplexVar(g, n, dv, debug, closureVars);
    if (v !== undefined) {
      r.decls.push(n);
      r.vars.push(v);
    }
  }
  return r;
}

/** dwarf.go, createComplexVar: one var and, when SSA produced one, its location list. */
export function createComplexVar(
  g: fnGen,
  n: IrDecl,
  dv: IrDebugVar,
  debug: irFuncDebug,
  closureVars: NameMap<number> | undefined,
): Var | undefined {
  let tag: number;
  switch (n.class) {
    case "auto":
      tag = DW_TAG.variable;
      break;
    case "param":
    case "result":
      tag = DW_TAG.formal_parameter;
      break;
    default:
      return undefined;
  }

  forgetAutoType(g, n.type);
  const [inlIndex, t] = inlIndexAndTag(g, n, tag);
  const v: Var = {
    name: n.name,
    isReturnValue: n.class === "result",
    isInlFormal: n.inlFormal === true,
    tag: t,
    withLoclist: true,
    type: g.ctxt.Lookup(InfoPrefix + n.type),
    // Only a sort key (the first slot's stack offset).
    stackOffset: dv.stackOffset | 0,
    declFile: fileName(g, n.pos),
    declLine: n.pos.line,
    declCol: relCol(n.pos),
    inlIndex,
    childIndex: -1,
    isInAbstract: false,
    dictIndex: n.dictIndex ?? 0,
    closureOffset: closureOffset(n, closureVars),
    scope: 0,
  };
  if (dv.list.length !== 0) v.putLocationList = debug.putter(debug.encodeList(dv.list));
  return v;
}

/**
 * dwarf.go, preInliningDcls: the precursor's fn.Inl.Dcl without "_" params (issue 23179),
 * compiler-named ('.') and untyped names.
 */
export function preInliningDcls(g: fnGen, fnsym: LSym): IrDecl[] {
  const ft = g.ctxt.DwFixups;
  if (ft === undefined) return g.ctxt.Diag("dwarfgen: no DwarfFixupTable");
  const pre = asCurFunc(g.ctxt, ft.GetPrecursorFunc(fnsym));
  const inlDcl = pre.fn.inlDcl;
  if (inlDcl === undefined) return g.ctxt.Diag(`dwarfgen: precursor of ${fnsym.name} has no Inl.Dcl`);
  return inlDcl.filter((n) => !(n.name === "_" || n.name.startsWith(".") || n.untyped === true));
}

/**
 * dwarf.go, sortDeclsAndVars: a stable sort putting the signature's params and results first, in
 * signature order (IrDecl.paramOrder), the rest after them in the order they came.
 */
export function sortDeclsAndVars(decls: IrDecl[], vars: Var[]): void {
  const idx = decls.map((_, i) => i);
  const order = (i: number): number | undefined => decls[i]!.paramOrder;
  idx.sort((i, j) => {
    const oi = order(i);
    const oj = order(j);
    if (oi !== undefined) return oj !== undefined ? oi - oj : -1;
    return oj !== undefined ? 1 : 0;
  });
  const d = idx.map((i) => decls[i]!);
  const v = idx.map((i) => vars[i]!);
  for (let k = 0; k < idx.length; k++) {
    decls[k] = d[k]!;
    vars[k] = v[k]!;
  }
}

/**
 * dwarf.go, createDwarfVars: the function's vars (complex, ABI or simple), the zero-sized autos
 * recovered from OptDcl, then a conservative var for every declaration the above missed (a
 * stack home for non-SSA-able params, a heap-deref list for escaped vars, else an empty
 * location), sorted by signature order.
 */
export function createDwarfVars(
  g: fnGen,
  complexOK: boolean,
  apDecls: readonly IrDecl[],
  closureVars: NameMap<number> | undefined,
  debug: irFuncDebug,
): { decls: IrDecl[]; vars: Var[] } {
  const { ctxt, fnsym } = g;
  const fn = localFunc(g.curfn);
  const fnDebug = fn?.debug;

  let r: varsResult;
  if (ctxt.flagLocationlists && ctxt.flagOptimize && fn !== undefined && fnDebug !== undefined && complexOK) {
    r = createComplexVars(g, fn, debug, closureVars);
  } else if (fn !== undefined && fn.abi === "ABIInternal" && g.flagN !== 0 && complexOK) {
    r = createABIVars(g, fn, debug, apDecls, closureVars);
  } else {
    r = createSimpleVars(g, apDecls, closureVars);
  }
  const { decls, vars, selected } = r;

  if (fn !== undefined && fnDebug !== undefined) {
    // Recover the zero-sized autos the stackframe pass dropped.
    for (const i of fnDebug.optDcl ?? []) {
      const n = fn.dcl[i];
      if (n === undefined) return ctxt.Diag(`dwarfgen: ${fn.name}: optDcl index ${i} out of range`);
      if (n.class !== "auto") continue;
      // Only the zero-sized ones (types.CalcSize); a size the IR does not give counts as zero.
      if (n.size !== undefined && n.size !== 0) continue;
      decls.push(n);
      const v = createSimpleVar(g, n, closureVars);
      v.stackOffset = 0;
      vars.push(v);
      RecordAutoType(g, n.type);
    }
  }

  const wasInlined = fnsym.has("WasInlined");
  let dcl: IrDecl[];
  if (wasInlined) {
    dcl = preInliningDcls(g, fnsym);
  } else {
    // Register-resident results the stackframe pass pruned from fn.Dcl (issue 48573).
    dcl = [...apDecls];
    for (const i of fnDebug?.regOutputParams ?? []) {
      const n = fn?.dcl[i];
      if (n === undefined) return ctxt.Diag(`dwarfgen: regOutputParams index ${i} out of range`);
      if (!IsVarWantedForDebug(n)) continue;
      if (n.class !== "result" || n.outputParamInRegisters !== true)
        return ctxt.Diag("invalid ir.Name on debugInfo.RegOutputParams list");
      dcl.push(n);
    }
  }

  // Declarations the optimizer lost (registers, constants, dead code) still get a var: "there is
  // an X here, but its value is not known". Non-SSA-able params have one stack home for the call.
  for (const n of dcl) {
    if (wasInlined ? selected.HasCanonical(n) : selected.Has(n)) continue;
    if (n.name.startsWith(".") || n.untyped === true) continue;
    if (n.class === "param" && n.canSSA === false) {
      vars.push(createSimpleVar(g, n, closureVars));
      decls.push(n);
      continue;
    }
    decls.push(n);
    let tag: number = DW_TAG.variable;
    if (n.class === "param" || n.class === "result") tag = DW_TAG.formal_parameter;
    let inlIndex = 0;
    if (g.genDwarfInl > 1 && (n.inlFormal === true || n.inlLocal === true)) {
      inlIndex = posInlIndex(n.pos) + 1;
      if (n.inlFormal === true) tag = DW_TAG.formal_parameter;
    }
    // Go leaves IsInlFormal unset here, unlike createSimpleVar and createComplexVar.
    const dvar: Var = {
      name: n.name,
      isReturnValue: n.class === "result",
      isInlFormal: false,
      tag,
      withLoclist: true,
      stackOffset: n.frameOffset | 0,
      type: ctxt.Lookup(InfoPrefix + n.type),
      declFile: fileName(g, n.pos),
      declLine: n.pos.line,
      declCol: relCol(n.pos),
      inlIndex,
      childIndex: -1,
      isInAbstract: false,
      dictIndex: n.dictIndex ?? 0,
      closureOffset: closureOffset(n, closureVars),
      scope: 0,
    };
    // Escaped to the heap with a known Heapaddr: the value is behind the pointer in that slot.
    // (Without a Heapaddr, e.g. declared in dead code, the var keeps an empty location.)
    if (n.heapAddrFrameOffset !== undefined) {
      dvar.putLocationList = debug.putter(debug.heapDerefList(n.heapAddrFrameOffset));
    }
    vars.push(dvar);
    RecordAutoType(g, n.type);
  }

  sortDeclsAndVars(decls, vars);
  return { decls, vars };
}
