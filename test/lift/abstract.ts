/**
 * Lifting abstract subprograms (FUNCTION_ABSTRACT DIEs): the function's name, decl_line and
 * external flag, and its children as Vars whose ChildIndex is their rank, which is what concrete
 * and inlined instances refer to (through the fixup table) by abstract_origin.
 *
 * Each abstract function a unit's functions refer to becomes, in that unit's Link, the precursor
 * of its text symbol (SetPrecursorFunc, as the inliner does), so `go:info.<fn>$abstract` exists and
 * is written either by populateDWARF (the unit compiles the function) or by DwarfAbstractFunc from
 * DwarfFixupTable.Finalize (it only inlines it).
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_TAG } from "../../dwarf/constants.js";
import { Scope, type Var } from "../../dwarf/context.js";
import type { Die } from "../../dwarf/read/model.js";
import { attrNumber, attrString, findAttr } from "../../dwarf/read/model.js";
import type { LSym } from "../../compiler/obj/lsym.js";
import { LiftError } from "./binary.js";
import type { LiftContext } from "./context.js";

/** A lifted abstract function: also the `curfn` that DwarfAbstractFunc hands to the DebugInfo hook. */
export interface LiftedAbstract {
  offset: number;
  name: string;
  declLine: number;
  external: boolean;
  /** Its children by rank (= ChildIndex), as the abstract DIE has them. */
  vars: Var[];
  /** The .debug_info offset of each child, by rank. */
  childOffsets: number[];
  /** The text symbol whose precursor this is, and its abstract symbol. */
  text: LSym;
  absfn: LSym;
}

/** A Var with Go's zero values, then `fields`. */
export function newVar(fields: Partial<Var> & Pick<Var, "name" | "tag">): Var {
  return {
    withLoclist: false,
    isReturnValue: false,
    isInlFormal: false,
    dictIndex: 0,
    stackOffset: 0,
    putLocationList: undefined,
    scope: 0,
    type: undefined,
    declFile: "",
    declLine: 0,
    declCol: 0,
    inlIndex: 0,
    childIndex: 0,
    isInAbstract: false,
    closureOffset: 0,
    ...fields,
  };
}

/** A reference attribute's target offset. */
export function refOf(die: Die, at: number): number | undefined {
  const v = findAttr(die, at)?.value;
  return v?.kind === "reference" ? v.offset : undefined;
}

function abstractVar(lc: LiftContext, die: Die, rank: number): Var {
  if (die.code !== DW_ABRV.PUTVAR_START && die.code !== DW_ABRV.PUTVAR_START + 1)
    throw new LiftError(
      `abstract child at 0x${die.offset.toString(16)} has abbrev ${die.code}, not an abstract var`,
    );
  const name = attrString(die, DW_AT.name);
  const type = refOf(die, DW_AT.type);
  if (name === undefined || type === undefined)
    throw new LiftError(`abstract var at 0x${die.offset.toString(16)} lacks a name or type`);
  return newVar({
    name,
    tag: die.tag,
    isReturnValue: die.tag === DW_TAG.formal_parameter && attrNumber(die, DW_AT.variable_parameter) === 1,
    // Abstract params carry no decl_line (Go issue 23374); nothing writes theirs.
    declLine: attrNumber(die, DW_AT.decl_line) ?? 0,
    type: lc.typeSym(type),
    childIndex: rank,
    isInAbstract: true,
  });
}

/**
 * The abstract function at `offset`, lifted once per unit, registered as the precursor of its text
 * symbol, and its abstract symbol placed (for R_DWARFSECREF) at that offset.
 */
export function abstractAt(lc: LiftContext, offset: number): LiftedAbstract {
  const c = lc.abstracts;
  const hit = c.get(offset);
  if (hit !== undefined) return hit;
  const { die } = lc.bin.at(offset);
  if (die.code !== DW_ABRV.FUNCTION_ABSTRACT)
    throw new LiftError(
      `abstract_origin 0x${offset.toString(16)} is abbrev ${die.code}, not FUNCTION_ABSTRACT`,
    );
  const name = attrString(die, DW_AT.name);
  const declLine = attrNumber(die, DW_AT.decl_line);
  if (name === undefined || declLine === undefined)
    throw new LiftError(`abstract function at 0x${offset.toString(16)} lacks a name or decl_line`);
  const external = attrNumber(die, DW_AT.external) === 1;
  const text = lc.textSym(name, !external);
  const fixups = lc.link.DwFixups;
  if (fixups === undefined) throw new LiftError("Link has no DwarfFixupTable");
  const entry: LiftedAbstract = {
    offset,
    name,
    declLine,
    external,
    vars: die.children.map((k, i) => abstractVar(lc, k, i)),
    childOffsets: die.children.map((k) => k.offset),
    text,
    absfn: text,
  };
  fixups.SetPrecursorFunc(text, entry);
  entry.absfn = fixups.AbsFuncDwarfSym(text);
  lc.secOffset.set(entry.absfn, offset);
  c.set(offset, entry);
  return entry;
}

/** The abstract child DIE at `offset`: its function and rank. */
export function abstractChild(lc: LiftContext, offset: number): { abs: LiftedAbstract; rank: number } {
  const { parent } = lc.bin.at(offset);
  if (parent === undefined) throw new LiftError(`abstract_origin 0x${offset.toString(16)} has no parent`);
  const abs = abstractAt(lc, parent.offset);
  const rank = abs.childOffsets.indexOf(offset);
  if (rank < 0) throw new LiftError(`abstract_origin 0x${offset.toString(16)} is not a child of ${abs.name}`);
  return { abs, rank };
}

/** What the DebugInfo hook returns for an abstract-only function: its vars, in one scope. */
export function abstractDebugInfo(abs: LiftedAbstract) {
  return { scopes: [new Scope(0, [], [...abs.vars])], inlcalls: { calls: [] } };
}

/** Every abstract function lifted into this unit's Link so far. */
export function liftedAbstracts(lc: LiftContext): LiftedAbstract[] {
  return [...lc.abstracts.values()];
}
