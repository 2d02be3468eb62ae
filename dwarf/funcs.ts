/**
 * Subprogram DIEs: abstract, concrete and default functions, their lexical blocks and their
 * inlined calls. Models cmd/internal/dwarf/dwarf.go (PutAbstractFunc, PutConcreteFunc,
 * PutDefaultFunc, putInlinedFunc, emitHiLoPc, putPrunedScopes, putparamtypes, putscope,
 * inlChildren, isEmptyInlinedCall, inlinedVarTable, dwarfFileIndex), Go 1.26.
 *
 * Go returns an error from the Put*Func functions (the compiler reports it with ctxt.Diag); here
 * they throw. Go sorts with slices.SortFunc (pdqsort, not stable); JavaScript's sort is stable.
 * The two agree whenever ChildIndex values are distinct or a list has at most 12 vars (pdqsort
 * insertion-sorts those), which is every case the compiler produces.
 */
import { DW_ABRV, expandPseudoForm } from "./abbrev.js";
import { DW_CLS, DW_FORM, DW_FORM_PSEUDO, DW_INL, DW_OP } from "./constants.js";
import {
  type Context,
  type FnState,
  type InlCalls,
  logDwarf,
  Scope,
  type SrcPos,
  type Var,
} from "./context.js";
import { putattr, Uleb128put } from "./putattr.js";
import { byChildIndexCmp, putAbstractVar, putvar } from "./putvar.js";

/** The frame base of every Go function: the CFA. */
const frameBase: readonly number[] = [DW_OP.call_frame_cfa];

/**
 * dwarf.go, isEmptyInlinedCall: true when the call in `slot` and all its children have no PC
 * ranges. Marks such calls with inlIndex -2 so later visits answer at once.
 */
export function isEmptyInlinedCall(slot: number, calls: InlCalls): boolean {
  const ic = calls.calls[slot]!;
  if (ic.inlIndex === -2) return true;
  let live = false;
  // Every child is visited (no early exit), so each empty one gets marked.
  for (const k of ic.children) {
    if (!isEmptyInlinedCall(k, calls)) live = true;
  }
  if (ic.ranges.length > 0) live = true;
  if (!live) ic.inlIndex = -2;
  return !live;
}

/** dwarf.go, inlChildren: the non-empty children of `slot`, or for slot -1 the non-empty roots. */
export function inlChildren(slot: number, calls: InlCalls): number[] {
  const kids: number[] = [];
  if (slot !== -1) {
    for (const k of calls.calls[slot]!.children) {
      if (!isEmptyInlinedCall(k, calls)) kids.push(k);
    }
  } else {
    for (let k = 0; k < calls.calls.length; k++) {
      if (calls.calls[k]!.root && !isEmptyInlinedCall(k, calls)) kids.push(k);
    }
  }
  return kids;
}

/** dwarf.go, inlinedVarTable: the vars that belong to inlined calls (by identity). */
export function inlinedVarTable(inlcalls: InlCalls): Set<Var> {
  const vars = new Set<Var>();
  for (const ic of inlcalls.calls) for (const v of ic.inlVars) vars.add(v);
  return vars;
}

/**
 * dwarf.go, putPrunedScopes: drop the vars of inlined calls (they go under inlined_subroutine
 * DIEs), sort each scope's vars by ChildIndex, write the dictionary typedefs, then the scopes.
 */
export function putPrunedScopes(ctxt: Context, s: FnState, fnabbrev: number): void {
  if (s.scopes.length === 0) return;
  const pvars = inlinedVarTable(s.inlCalls);
  const scopes: Scope[] = s.scopes.map((sc) => {
    const vars = sc.vars.filter((v) => !pvars.has(v)).sort(byChildIndexCmp);
    return new Scope(sc.parent, sc.ranges, vars);
  });

  s.dictIndexToOffset = putparamtypes(ctxt, s, scopes, fnabbrev);

  if (putscope(ctxt, s, scopes, 0, fnabbrev) < scopes.length) {
    throw new Error("multiple toplevel scopes");
  }
}

/**
 * dwarf.go, PutAbstractFunc: the abstract subprogram DIE in s.absfn: name, DW_INL_inlined,
 * decl_line, external, then the vars that exist in the abstract function, flattened out of their
 * scopes and sorted by ChildIndex. Their offsets go to recordChildDieOffsets so that concrete
 * and inlined instances can point at them.
 */
export function PutAbstractFunc(ctxt: Context, s: FnState): void {
  if (logDwarf) ctxt.logf("PutAbstractFunc(%v)\n", s.absfn);

  const abbrev = DW_ABRV.FUNCTION_ABSTRACT;
  ctxt.mark?.(s.absfn, "PutAbstractFunc abbrev");
  Uleb128put(ctxt, s.absfn, abbrev);

  const fullname = s.name;
  if (s.name.startsWith('"".')) throw new Error(`unqualified symbol name: ${s.name}`);
  ctxt.mark?.(s.absfn, "PutAbstractFunc DW_AT_name");
  putattr(ctxt, s.absfn, abbrev, DW_FORM.string, DW_CLS.STRING, fullname.length, fullname);
  ctxt.mark?.(s.absfn, "PutAbstractFunc DW_AT_inline");
  putattr(ctxt, s.absfn, abbrev, DW_FORM.data1, DW_CLS.CONSTANT, DW_INL.inlined, undefined);
  ctxt.mark?.(s.absfn, "PutAbstractFunc DW_AT_decl_line");
  putattr(ctxt, s.absfn, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, s.startPos.relLine, undefined);
  ctxt.mark?.(s.absfn, "PutAbstractFunc DW_AT_external");
  putattr(ctxt, s.absfn, abbrev, DW_FORM.flag, DW_CLS.FLAG, s.external ? 1 : 0, 0);

  // Scopes are flattened: lexical blocks carry PC ranges, which an abstract DIE must not have.
  const flattened: Var[] = [];
  const offsets: number[] = [];
  if (s.scopes.length > 0) {
    const pvars = inlinedVarTable(s.inlCalls);
    for (const scope of s.scopes) {
      for (const v of scope.vars) {
        if (pvars.has(v) || !v.isInAbstract) continue;
        flattened.push(v);
      }
    }
    if (flattened.length > 0) {
      flattened.sort(byChildIndexCmp);
      if (logDwarf) {
        ctxt.logf("putAbstractScope(%v): vars:", s.info);
        for (const [i, v] of flattened.entries()) ctxt.logf(" %d:%s", i, v.name);
        ctxt.logf("\n");
      }
      for (const v of flattened) {
        offsets.push(ctxt.currentOffset(s.absfn));
        putAbstractVar(ctxt, s.absfn, v);
      }
    }
  }
  ctxt.recordChildDieOffsets(s.absfn, flattened, offsets);

  ctxt.mark?.(s.absfn, "PutAbstractFunc end of children");
  Uleb128put(ctxt, s.absfn, 0);
}

/** dwarf.go, dwarfFileIndex: the DW_AT_decl_file / call_file value of a position (1-based). */
export function dwarfFileIndex(pos: SrcPos): number {
  return 1 + pos.fileIndex;
}

/**
 * dwarf.go, putInlinedFunc: an inlined_subroutine DIE: abstract_origin, its PCs (always a range
 * list in DWARF 5, Go issue 72821; low/high pc in DWARF 4 when there is one range), call_file,
 * call_line, the callee's vars that exist in its abstract DIE, the nested inlined calls, then 0.
 */
export function putInlinedFunc(ctxt: Context, s: FnState, callIdx: number): void {
  const ic = s.inlCalls.calls[callIdx]!;
  const callee = ic.absFunSym;

  let abbrev: number = DW_ABRV.INLINED_SUBROUTINE_RANGES;
  if (ic.ranges.length === 1 && !ctxt.buildcfg.dwarf5) abbrev = DW_ABRV.INLINED_SUBROUTINE;
  ctxt.mark?.(s.info, "putInlinedFunc abbrev");
  Uleb128put(ctxt, s.info, abbrev);

  if (logDwarf) ctxt.logf("putInlinedFunc(callee=%v,abbrev=%d)\n", callee, abbrev);

  ctxt.mark?.(s.info, "putInlinedFunc DW_AT_abstract_origin");
  putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, callee);

  if (abbrev === DW_ABRV.INLINED_SUBROUTINE_RANGES) {
    ctxt.mark?.(s.info, "putInlinedFunc DW_AT_ranges");
    putattr(ctxt, s.info, abbrev, DW_FORM.sec_offset, DW_CLS.PTR, ctxt.size(s.ranges), s.ranges);
    s.putRanges(ctxt, ic.ranges);
  } else {
    const r = ic.ranges[0]!;
    emitHiLoPc(ctxt, abbrev, s, r.start, r.end, "putInlinedFunc");
  }

  ctxt.mark?.(s.info, "putInlinedFunc DW_AT_call_file");
  putattr(ctxt, s.info, abbrev, DW_FORM.data4, DW_CLS.CONSTANT, dwarfFileIndex(ic.callPos), undefined);
  const form = expandPseudoForm(DW_FORM_PSEUDO.udata_pseudo, ctxt.buildcfg);
  ctxt.mark?.(s.info, "putInlinedFunc DW_AT_call_line");
  putattr(ctxt, s.info, abbrev, form, DW_CLS.CONSTANT, ic.callPos.relLine, undefined);

  // Sorted in place, as Go sorts the shared slice.
  const vars = ic.inlVars.sort(byChildIndexCmp);
  const inlIndex = ic.inlIndex;
  for (const v of vars) {
    if (!v.isInAbstract) continue;
    putvar(ctxt, s, v, callee, abbrev, inlIndex);
  }

  for (const sib of inlChildren(callIdx, s.inlCalls)) putInlinedFunc(ctxt, s, sib);

  ctxt.mark?.(s.info, "putInlinedFunc end of children");
  Uleb128put(ctxt, s.info, 0);
}

/**
 * dwarf.go, emitHiLoPc: low_pc/high_pc of [st, en) relative to fns.startPC. DWARF 5: addrx of
 * the start symbol (so `st` is not written: callers pass 0) and the end as a length. DWARF 4: two
 * relocated addresses.
 */
export function emitHiLoPc(
  ctxt: Context,
  abbrev: number,
  fns: FnState,
  st: number,
  en: number,
  who = "emitHiLoPc",
): void {
  ctxt.mark?.(fns.info, `${who} DW_AT_low_pc`);
  if (ctxt.buildcfg.dwarf5) {
    putattr(ctxt, fns.info, abbrev, DW_FORM.addrx, DW_CLS.CONSTANT, st, fns.startPC);
    ctxt.mark?.(fns.info, `${who} DW_AT_high_pc`);
    putattr(ctxt, fns.info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, en, 0);
  } else {
    putattr(ctxt, fns.info, abbrev, DW_FORM.addr, DW_CLS.ADDRESS, st, fns.startPC);
    ctxt.mark?.(fns.info, `${who} DW_AT_high_pc`);
    putattr(ctxt, fns.info, abbrev, DW_FORM.addr, DW_CLS.ADDRESS, en, fns.startPC);
  }
}

/**
 * dwarf.go, PutConcreteFunc: the concrete DIE of a function that also has an abstract DIE:
 * abstract_origin, low/high pc, frame_base (and trampoline for wrappers), scopes, inlined calls,
 * then 0. Go's `fncount` parameter is unused there too.
 */
export function PutConcreteFunc(ctxt: Context, s: FnState, isWrapper: boolean, _fncount = 0): void {
  if (logDwarf) ctxt.logf("PutConcreteFunc(%v)\n", s.info);
  const abbrev = isWrapper ? DW_ABRV.WRAPPER_CONCRETE : DW_ABRV.FUNCTION_CONCRETE;
  ctxt.mark?.(s.info, "PutConcreteFunc abbrev");
  Uleb128put(ctxt, s.info, abbrev);

  ctxt.mark?.(s.info, "PutConcreteFunc DW_AT_abstract_origin");
  putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, s.absfn);

  emitHiLoPc(ctxt, abbrev, s, 0, s.size, "PutConcreteFunc");

  ctxt.mark?.(s.info, "PutConcreteFunc DW_AT_frame_base");
  putattr(ctxt, s.info, abbrev, DW_FORM.block1, DW_CLS.BLOCK, 1, frameBase);

  if (isWrapper) {
    ctxt.mark?.(s.info, "PutConcreteFunc DW_AT_trampoline");
    putattr(ctxt, s.info, abbrev, DW_FORM.flag, DW_CLS.FLAG, 1, 0);
  }

  putPrunedScopes(ctxt, s, abbrev);

  for (const sib of inlChildren(-1, s.inlCalls)) putInlinedFunc(ctxt, s, sib);

  ctxt.mark?.(s.info, "PutConcreteFunc end of children");
  Uleb128put(ctxt, s.info, 0);
}

/**
 * dwarf.go, PutDefaultFunc: a function that was never inlined (so it has no abstract DIE): name,
 * low/high pc, frame_base, then trampoline for wrappers or decl_file, decl_line and external for
 * the rest; scopes, inlined calls, then 0.
 */
export function PutDefaultFunc(ctxt: Context, s: FnState, isWrapper: boolean): void {
  if (logDwarf) ctxt.logf("PutDefaultFunc(%v)\n", s.info);
  const abbrev = isWrapper ? DW_ABRV.WRAPPER : DW_ABRV.FUNCTION;
  ctxt.mark?.(s.info, "PutDefaultFunc abbrev");
  Uleb128put(ctxt, s.info, abbrev);

  const name = s.name;
  if (name.startsWith('"".')) throw new Error(`unqualified symbol name: ${name}`);

  ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_name");
  putattr(ctxt, s.info, DW_ABRV.FUNCTION, DW_FORM.string, DW_CLS.STRING, name.length, name);
  emitHiLoPc(ctxt, abbrev, s, 0, s.size, "PutDefaultFunc");
  ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_frame_base");
  putattr(ctxt, s.info, abbrev, DW_FORM.block1, DW_CLS.BLOCK, 1, frameBase);
  if (isWrapper) {
    ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_trampoline");
    putattr(ctxt, s.info, abbrev, DW_FORM.flag, DW_CLS.FLAG, 1, 0);
  } else {
    ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_decl_file");
    putattr(ctxt, s.info, abbrev, DW_FORM.data4, DW_CLS.CONSTANT, dwarfFileIndex(s.startPos), undefined);
    ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_decl_line");
    putattr(ctxt, s.info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, s.startPos.relLine, undefined);
    ctxt.mark?.(s.info, "PutDefaultFunc DW_AT_external");
    putattr(ctxt, s.info, abbrev, DW_FORM.flag, DW_CLS.FLAG, s.external ? 1 : 0, 0);
  }

  putPrunedScopes(ctxt, s, abbrev);

  for (const sib of inlChildren(-1, s.inlCalls)) putInlinedFunc(ctxt, s, sib);

  ctxt.mark?.(s.info, "PutDefaultFunc end of children");
  Uleb128put(ctxt, s.info, 0);
}

/**
 * dwarf.go, putparamtypes: one DICT_INDEX typedef (".param<N>") per dictionary index used by the
 * function's vars, for shape-typed vars of generic functions. Returns the typedefs' offsets in
 * s.info by dictionary index - 1 (0 for unused), or undefined when there are none. Skipped under a
 * FUNCTION_CONCRETE DIE (whose vars point at the abstract ones), though not under WRAPPER_CONCRETE.
 */
export function putparamtypes(
  ctxt: Context,
  s: FnState,
  scopes: readonly Scope[],
  fnabbrev: number,
): number[] | undefined {
  if (fnabbrev === DW_ABRV.FUNCTION_CONCRETE) return undefined;

  let maxDictIndex = 0;
  for (const sc of scopes)
    for (const v of sc.vars) if (v.dictIndex > maxDictIndex) maxDictIndex = v.dictIndex;
  if (maxDictIndex === 0) return undefined;

  const dictIndexToOffset: number[] = new Array<number>(maxDictIndex).fill(0);
  for (const sc of scopes) {
    for (const v of sc.vars) {
      if (v.dictIndex === 0 || dictIndexToOffset[v.dictIndex - 1] !== 0) continue;
      dictIndexToOffset[v.dictIndex - 1] = ctxt.currentOffset(s.info);

      const abbrev = DW_ABRV.DICT_INDEX;
      ctxt.mark?.(s.info, "putparamtypes abbrev");
      Uleb128put(ctxt, s.info, abbrev);
      const n = `.param${v.dictIndex - 1}`;
      ctxt.mark?.(s.info, "putparamtypes DW_AT_name");
      putattr(ctxt, s.info, abbrev, DW_FORM.string, DW_CLS.STRING, n.length, n);
      ctxt.mark?.(s.info, "putparamtypes DW_AT_type");
      putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, v.type);
      ctxt.mark?.(s.info, "putparamtypes DW_AT_go_dict_index");
      putattr(ctxt, s.info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, v.dictIndex - 1, undefined);
    }
  }
  return dictIndexToOffset;
}

/**
 * dwarf.go, putscope: the vars of scopes[curscope], then its child scopes (those whose parent is
 * curscope, which follow it in the array). A child with no vars is flattened into its parent;
 * the others become lexical blocks (SIMPLE low/high pc in DWARF 4 with one range, else a range
 * list). Returns the index of the first scope that is not a descendant.
 */
export function putscope(
  ctxt: Context,
  s: FnState,
  scopes: readonly Scope[],
  curscope: number,
  fnabbrev: number,
): number {
  if (logDwarf) {
    ctxt.logf("putscope(%v,%d): vars:", s.info, curscope);
    for (const [i, v] of scopes[curscope]!.vars.entries()) ctxt.logf(" %d:%d:%s", i, v.childIndex, v.name);
    ctxt.logf("\n");
  }

  for (const v of scopes[curscope]!.vars) putvar(ctxt, s, v, s.absfn, fnabbrev, -1);
  const self = curscope;
  curscope++;
  while (curscope < scopes.length) {
    const scope = scopes[curscope]!;
    if (scope.parent !== self) return curscope;

    if (scope.vars.length === 0) {
      curscope = putscope(ctxt, s, scopes, curscope, fnabbrev);
      continue;
    }

    // DWARF 5 always uses ranges (Go issue 72821).
    if (scope.ranges.length === 1 && !ctxt.buildcfg.dwarf5) {
      const abbrev = DW_ABRV.LEXICAL_BLOCK_SIMPLE;
      ctxt.mark?.(s.info, "putscope abbrev");
      Uleb128put(ctxt, s.info, abbrev);
      ctxt.mark?.(s.info, "putscope DW_AT_low_pc");
      putattr(ctxt, s.info, abbrev, DW_FORM.addr, DW_CLS.ADDRESS, scope.ranges[0]!.start, s.startPC);
      ctxt.mark?.(s.info, "putscope DW_AT_high_pc");
      putattr(ctxt, s.info, abbrev, DW_FORM.addr, DW_CLS.ADDRESS, scope.ranges[0]!.end, s.startPC);
    } else {
      const abbrev = DW_ABRV.LEXICAL_BLOCK_RANGES;
      ctxt.mark?.(s.info, "putscope abbrev");
      Uleb128put(ctxt, s.info, abbrev);
      ctxt.mark?.(s.info, "putscope DW_AT_ranges");
      putattr(ctxt, s.info, abbrev, DW_FORM.sec_offset, DW_CLS.PTR, ctxt.size(s.ranges), s.ranges);
      s.putRanges(ctxt, scope.ranges);
    }

    curscope = putscope(ctxt, s, scopes, curscope, fnabbrev);

    ctxt.mark?.(s.info, "putscope end of children");
    Uleb128put(ctxt, s.info, 0);
  }
  return curscope;
}
