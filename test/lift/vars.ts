/**
 * Lifting a variable or parameter DIE to a dwarf.Var. A concrete DIE (abstract_origin) takes its
 * name, tag, type and decl_line from the abstract child it points at and its ChildIndex from that
 * child's rank; a full DIE carries them itself, its type either a Go type or one of the function's
 * DICT_INDEX typedefs (a shape-typed var: DictIndex). The location becomes StackOffset (DW_OP_fbreg
 * or DW_OP_call_frame_cfa), WithLoclist with no list (an empty block), or a location list.
 */
import { DW_AT, DW_OP, DW_TAG } from "../../dwarf/constants.js";
import type { Var } from "../../dwarf/context.js";
import { appendSleb128 } from "../../dwarf/leb128.js";
import { Cursor } from "../../dwarf/read/cursor.js";
import type { Die } from "../../dwarf/read/model.js";
import { attrNumber, attrString, findAttr } from "../../dwarf/read/model.js";
import type { LSym } from "../../compiler/obj/lsym.js";
import { abstractChild, newVar, refOf } from "./abstract.js";
import { LiftError } from "./binary.js";
import type { LiftContext } from "./context.js";
import { type ListBase, liftLocList, locationListWriter } from "./lists.js";

/** What a var's DIE needs from its function. */
export interface VarSite {
  base: ListBase;
  /** The function's DICT_INDEX typedefs: offset to 1-based dictionary index and real type. */
  dicts: Map<number, { dictIndex: number; type: LSym }>;
  /** The typedefs some full var's DW_AT_type refers to. */
  usedDicts: Set<number>;
}

export function isVarTag(tag: number): boolean {
  return tag === DW_TAG.variable || tag === DW_TAG.formal_parameter;
}

/** Set the location fields of `v` from the DIE's DW_AT_location. */
function liftLocation(lc: LiftContext, die: Die, v: Var, site: VarSite): void {
  const loc = findAttr(die, DW_AT.location)?.value;
  const where = `var ${v.name} at 0x${die.offset.toString(16)}`;
  if (loc === undefined) throw new LiftError(`${where}: no location`);
  if (loc.kind === "secOffset") {
    v.withLoclist = true;
    v.putLocationList = locationListWriter(lc.link, liftLocList(lc.bin, lc.unit, loc, site.base));
    return;
  }
  if (loc.kind !== "block") throw new LiftError(`${where}: location is a ${loc.kind}`);
  const b = loc.bytes;
  if (b.length === 0) {
    v.withLoclist = true;
  } else if (b.length === 1 && b[0] === DW_OP.call_frame_cfa) {
    v.stackOffset = 0;
  } else if (b[0] === DW_OP.fbreg) {
    const c = new Cursor(b, "location", true, 1);
    v.stackOffset = c.sleb("fbreg offset");
    // A zero offset is written as call_frame_cfa, and the block must be exactly what putvar writes.
    const again = appendSleb128([DW_OP.fbreg], v.stackOffset);
    if (v.stackOffset === 0 || again.length !== b.length || again.some((x, i) => x !== b[i]))
      throw new LiftError(`${where}: block ${[...b]} is not one putvar writes`);
  } else {
    throw new LiftError(`${where}: block ${[...b]} is not one putvar writes`);
  }
}

/**
 * A var DIE as a Var. `key` orders a full var among the concrete ones of its scope, which Go sorts
 * by ChildIndex (putPrunedScopes): the caller passes the ChildIndex it should take.
 */
export function liftVar(lc: LiftContext, die: Die, site: VarSite, key: number): Var {
  if (!isVarTag(die.tag)) throw new LiftError(`DIE at 0x${die.offset.toString(16)} is not a var`);
  const origin = refOf(die, DW_AT.abstract_origin);
  let v: Var;
  if (origin !== undefined) {
    const { abs, rank } = abstractChild(lc, origin);
    const a = abs.vars[rank]!;
    if (a.tag !== die.tag)
      throw new LiftError(`var at 0x${die.offset.toString(16)}: tag differs from its origin`);
    v = newVar({ ...a, putLocationList: undefined });
  } else {
    const name = attrString(die, DW_AT.name);
    const typeRef = refOf(die, DW_AT.type);
    if (name === undefined || typeRef === undefined)
      throw new LiftError(`var at 0x${die.offset.toString(16)} lacks a name or type`);
    const dict = site.dicts.get(typeRef);
    if (dict !== undefined) site.usedDicts.add(typeRef);
    v = newVar({
      name,
      tag: die.tag,
      isReturnValue: die.tag === DW_TAG.formal_parameter && attrNumber(die, DW_AT.variable_parameter) === 1,
      declLine: attrNumber(die, DW_AT.decl_line) ?? 0,
      type: dict?.type ?? lc.typeSym(typeRef),
      dictIndex: dict?.dictIndex ?? 0,
      closureOffset: attrNumber(die, DW_AT.go_closure_offset) ?? 0,
      childIndex: key,
      isInAbstract: false,
    });
  }
  liftLocation(lc, die, v, site);
  return v;
}
