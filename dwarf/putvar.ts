/**
 * Variable and parameter DIEs. Models cmd/internal/dwarf/dwarf.go (concreteVar, putAbstractVar,
 * putvar, byChildIndexCmp), with the abbrev choice of putvarabbrevgen.go (putvarAbbrev,
 * putAbstractVarAbbrev, in dwarf/abbrev.ts), Go 1.26.
 */
import { DW_ABRV, putAbstractVarAbbrev, putvarAbbrev } from "./abbrev.js";
import { DW_CLS, DW_FORM, DW_OP, DW_TAG } from "./constants.js";
import type { Context, FnState, Sym, Var } from "./context.js";
import { appendSleb128 } from "./leb128.js";
import { putattr, Uleb128put } from "./putattr.js";

/** dwarf.go, byChildIndexCmp. */
export function byChildIndexCmp(a: Var, b: Var): number {
  return a.childIndex < b.childIndex ? -1 : a.childIndex > b.childIndex ? 1 : 0;
}

/**
 * dwarf.go, concreteVar: whether v is written as a concrete instance (abstract_origin plus a
 * location) under a subprogram or inlined-call DIE of abbrev `fnabbrev`.
 */
export function concreteVar(fnabbrev: number, v: Var): boolean {
  switch (fnabbrev) {
    case DW_ABRV.FUNCTION:
    case DW_ABRV.WRAPPER:
      return false;
    case DW_ABRV.FUNCTION_CONCRETE:
    case DW_ABRV.WRAPPER_CONCRETE:
      // A var the abstract function lacks gets a full (non-concrete) DIE.
      return v.isInAbstract;
    case DW_ABRV.INLINED_SUBROUTINE:
    case DW_ABRV.INLINED_SUBROUTINE_RANGES:
      return true;
    default:
      throw new Error("should never happen");
  }
}

/**
 * dwarf.go, putAbstractVar: a var's DIE under an abstract subprogram: name, variable_parameter
 * (params), decl_line (variables only: Go issue 23374), type. No location.
 */
export function putAbstractVar(ctxt: Context, info: Sym, v: Var): void {
  const abbrev = putAbstractVarAbbrev(v);
  ctxt.mark?.(info, "putAbstractVar abbrev");
  Uleb128put(ctxt, info, abbrev);
  ctxt.mark?.(info, "putAbstractVar DW_AT_name");
  putattr(ctxt, info, abbrev, DW_FORM.string, DW_CLS.STRING, v.name.length, v.name);

  if (v.tag === DW_TAG.formal_parameter) {
    ctxt.mark?.(info, "putAbstractVar DW_AT_variable_parameter");
    putattr(ctxt, info, abbrev, DW_FORM.flag, DW_CLS.FLAG, v.isReturnValue ? 1 : 0, undefined);
  }

  if (v.tag === DW_TAG.variable) {
    ctxt.mark?.(info, "putAbstractVar DW_AT_decl_line");
    putattr(ctxt, info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, v.declLine, undefined);
  }

  ctxt.mark?.(info, "putAbstractVar DW_AT_type");
  putattr(ctxt, info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, v.type);
}

/** Scratch for putvar's location expression; putattr hands it to addBytes, which copies. */
const loc: number[] = [];

/**
 * dwarf.go, putvar: a var's DIE under a concrete, default or inlined subprogram. Concrete ones
 * point at the abstract var (abstract_origin, fixed up through recordDclReference); the others
 * carry name, variable_parameter, decl_line, type (or the DICT_INDEX typedef of a shape-typed
 * var) and go_closure_offset. Then the location: a list in s.loc, or an expression block.
 * (Go's `encbuf` scratch parameter is a module-level buffer here.)
 */
export function putvar(
  ctxt: Context,
  s: FnState,
  v: Var,
  absfn: Sym,
  fnabbrev: number,
  inlIndex: number,
): void {
  const concrete = concreteVar(fnabbrev, v);
  const dio = s.dictIndexToOffset;
  const hasParametricType =
    !concrete && v.dictIndex > 0 && dio !== undefined && (dio[v.dictIndex - 1] ?? 0) !== 0;
  const withLoclist = v.withLoclist && v.putLocationList !== undefined;

  const abbrev = putvarAbbrev(v, concrete, withLoclist);
  ctxt.mark?.(s.info, "putvar abbrev");
  Uleb128put(ctxt, s.info, abbrev);

  if (concrete) {
    // The target is a child DIE of the abstract function, which has no symbol of its own: the
    // reference goes to absfn and the Context adds the child's offset later.
    ctxt.mark?.(s.info, "putvar DW_AT_abstract_origin");
    putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, absfn);
    ctxt.recordDclReference(s.info, absfn, v.childIndex, inlIndex);
  } else {
    ctxt.mark?.(s.info, "putvar DW_AT_name");
    putattr(ctxt, s.info, abbrev, DW_FORM.string, DW_CLS.STRING, v.name.length, v.name);
    if (v.tag === DW_TAG.formal_parameter) {
      ctxt.mark?.(s.info, "putvar DW_AT_variable_parameter");
      putattr(ctxt, s.info, abbrev, DW_FORM.flag, DW_CLS.FLAG, v.isReturnValue ? 1 : 0, undefined);
    }
    ctxt.mark?.(s.info, "putvar DW_AT_decl_line");
    putattr(ctxt, s.info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, v.declLine, undefined);
    ctxt.mark?.(s.info, "putvar DW_AT_type");
    if (hasParametricType) {
      // The typedef putparamtypes wrote earlier in this same symbol.
      putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, dio![v.dictIndex - 1]!, s.info);
    } else {
      putattr(ctxt, s.info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, v.type);
    }
    if (v.closureOffset > 0) {
      ctxt.mark?.(s.info, "putvar DW_AT_go_closure_offset");
      putattr(ctxt, s.info, abbrev, DW_FORM.udata, DW_CLS.CONSTANT, v.closureOffset, undefined);
    }
  }

  ctxt.mark?.(s.info, "putvar DW_AT_location");
  if (withLoclist) {
    putattr(ctxt, s.info, abbrev, DW_FORM.sec_offset, DW_CLS.PTR, ctxt.size(s.loc), s.loc);
    v.putLocationList!(s.loc, s.startPC);
  } else {
    loc.length = 0;
    if (v.withLoclist) {
      // A var with no list: an empty location says it was optimized away.
    } else if (v.stackOffset === 0) {
      loc.push(DW_OP.call_frame_cfa);
    } else {
      loc.push(DW_OP.fbreg);
      appendSleb128(loc, v.stackOffset);
    }
    putattr(ctxt, s.info, abbrev, DW_FORM.block1, DW_CLS.BLOCK, loc.length, loc);
  }
}
