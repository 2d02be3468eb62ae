/**
 * Lifting one function (a subprogram DIE with a PC range) into the model's inputs: its text LSym
 * (name, size, Wrapper / Static / WasInlined, Func().StartLine and the Progs of its line-table
 * fragment) and what dwarfgen.Info would return for it: the scopes (lexical blocks, with their
 * vars and function-relative ranges) and the inlined calls (with their vars, call positions,
 * ranges and nesting).
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_TAG } from "../../dwarf/constants.js";
import { type InlCall, type InlCalls, Scope } from "../../dwarf/context.js";
import type { Die } from "../../dwarf/read/model.js";
import { attrNumber, attrString, findAttr } from "../../dwarf/read/model.js";
import { LSym } from "../../compiler/obj/lsym.js";
import { abstractAt, refOf } from "./abstract.js";
import { LiftError } from "./binary.js";
import type { LiftContext } from "./context.js";
import { type LineFragment, liftProgs } from "./lines.js";
import { type ListBase, liftRanges } from "./lists.js";
import { isVarTag, liftVar, type VarSite } from "./vars.js";

/** A lifted function: also the `curfn` that populateDWARF hands to the DebugInfo hook. */
export interface LiftedFunc {
  offset: number;
  name: string;
  /** DW_ABRV.FUNCTION, WRAPPER, FUNCTION_CONCRETE or WRAPPER_CONCRETE. */
  abbrev: number;
  text: LSym;
  address: bigint;
  size: number;
  /** DWARF 5: the function's .debug_addr slot and the width of its padded addrx values. */
  addrIndex: number | undefined;
  addrWidth: number | undefined;
  fragment: LineFragment;
  scopes: Scope[];
  inlcalls: InlCalls;
}

/** The subprogram abbrevs that carry a PC range. */
export const FUNC_ABBREVS: readonly number[] = [
  DW_ABRV.FUNCTION,
  DW_ABRV.WRAPPER,
  DW_ABRV.FUNCTION_CONCRETE,
  DW_ABRV.WRAPPER_CONCRETE,
];

function where(die: Die): string {
  return `0x${die.offset.toString(16)}`;
}

/** low_pc, the length, and (DWARF 5) the .debug_addr slot and its written width. */
function pcRange(lc: LiftContext, die: Die) {
  const low = findAttr(die, DW_AT.low_pc)?.value;
  const high = findAttr(die, DW_AT.high_pc)?.value;
  if (low?.kind !== "address" || high === undefined)
    throw new LiftError(`function at ${where(die)}: no PC range`);
  let size: number;
  if (high.kind === "constant") size = Number(high.value);
  else if (high.kind === "address") size = Number(high.value - low.value);
  else throw new LiftError(`function at ${where(die)}: high_pc is a ${high.kind}`);
  let addrWidth: number | undefined;
  if (low.index !== undefined) {
    const span = lc.bin.raw(lc.unit).attrSpan(die.offset, DW_AT.low_pc);
    if (span === undefined) throw new LiftError(`function at ${where(die)}: low_pc not found in the raw DIE`);
    addrWidth = span.end - span.start;
  }
  return { address: low.value, size, addrIndex: low.index, addrWidth };
}

/** Lift the function whose subprogram DIE is `die` into `lc.link`. */
export function liftFunc(lc: LiftContext, die: Die, fragments: Map<bigint, LineFragment>): LiftedFunc {
  const abbrev = die.code;
  if (!FUNC_ABBREVS.includes(abbrev)) throw new LiftError(`DIE at ${where(die)} is not a function with PCs`);
  const concrete = abbrev === DW_ABRV.FUNCTION_CONCRETE || abbrev === DW_ABRV.WRAPPER_CONCRETE;
  const wrapper = abbrev === DW_ABRV.WRAPPER || abbrev === DW_ABRV.WRAPPER_CONCRETE;
  const { address, size, addrIndex, addrWidth } = pcRange(lc, die);
  const fragment = fragments.get(address);
  if (fragment === undefined)
    throw new LiftError(`function at ${where(die)}: no line-table sequence at 0x${address.toString(16)}`);
  const firstRow = fragment.rows.find((r) => !r.endSequence);

  let name: string;
  let external: boolean;
  let startLine: number;
  let startFile: number;
  if (concrete) {
    const origin = refOf(die, DW_AT.abstract_origin);
    if (origin === undefined) throw new LiftError(`concrete function at ${where(die)}: no abstract_origin`);
    const abs = abstractAt(lc, origin);
    name = abs.name;
    external = abs.external;
    startLine = abs.declLine;
    startFile = firstRow === undefined ? 0 : firstRow.file - 1;
  } else {
    const n = attrString(die, DW_AT.name);
    if (n === undefined) throw new LiftError(`function at ${where(die)}: no name`);
    name = n;
    if (wrapper) {
      // A wrapper's DIE records no position and no external flag; its TEXT prog's position is
      // not written anywhere, so any consistent one does.
      external = true;
      startLine = firstRow?.line ?? 1;
      startFile = firstRow === undefined ? 0 : firstRow.file - 1;
    } else {
      external = attrNumber(die, DW_AT.external) === 1;
      const line = attrNumber(die, DW_AT.decl_line);
      const file = attrNumber(die, DW_AT.decl_file);
      if (line === undefined || file === undefined)
        throw new LiftError(`function ${name}: no decl_file/decl_line`);
      startLine = line;
      startFile = file - 1;
    }
  }

  let text = concrete ? abstractAt(lc, refOf(die, DW_AT.abstract_origin)!).text : lc.textSym(name, !external);
  if (text.func !== undefined) {
    // Two text symbols of one name are the two ABIs of a function (an ABI wrapper, in the runtime
    // and a few other packages): Go's LookupABI keeps them apart; so does a fresh symbol here.
    if (concrete) throw new LiftError(`function ${name} lifted twice`);
    const other = new LSym(name, "STEXT");
    other.abi = text.abi === "ABI0" ? "ABIInternal" : "ABI0";
    other.set("Static", !external);
    text = other;
  }
  text.size = size;
  text.set("Wrapper", wrapper);
  text.set("WasInlined", concrete);
  text.func = { startLine, text: liftProgs(fragment, startLine, startFile), autot: new Set() };
  lc.address.set(text, address);
  if (addrIndex !== undefined) lc.addrIndex.set(text, addrIndex);

  const base: ListBase = { address, addrIndex };
  const site: VarSite = { base, dicts: new Map(), usedDicts: new Set() };
  const scopes: Scope[] = [new Scope(0)];
  const calls: InlCall[] = [];
  let key = 0;

  const inlined = (d: Die, parent: number): number => {
    const origin = refOf(d, DW_AT.abstract_origin);
    if (origin === undefined) throw new LiftError(`inlined call at ${where(d)}: no abstract_origin`);
    const callee = abstractAt(lc, origin);
    const file = attrNumber(d, DW_AT.call_file);
    const line = attrNumber(d, DW_AT.call_line);
    if (file === undefined || line === undefined)
      throw new LiftError(`inlined call at ${where(d)}: no call position`);
    const idx = calls.length;
    const ic: InlCall = {
      inlIndex: idx + 1,
      callPos: { fileIndex: file - 1, relLine: line },
      absFunSym: callee.absfn,
      children: [],
      inlVars: [],
      ranges: blockRanges(lc, d, base),
      root: parent < 0,
    };
    calls.push(ic);
    for (const k of d.children) {
      if (isVarTag(k.tag)) {
        const v = liftVar(lc, k, site, 0);
        if (!v.isInAbstract) throw new LiftError(`inlined var at ${where(k)} is not concrete`);
        v.inlIndex = ic.inlIndex;
        ic.inlVars.push(v);
        // dwarfgen keeps inlined vars in the scopes too; putPrunedScopes takes them out.
        scopes[0]!.vars.push(v);
      } else if (k.tag === DW_TAG.inlined_subroutine) {
        ic.children.push(inlined(k, idx));
      } else {
        throw new LiftError(`unexpected ${k.tag} child at ${where(k)} of an inlined call`);
      }
    }
    return idx;
  };

  const scope = (children: readonly Die[], cur: number): void => {
    for (const k of children) {
      if (isVarTag(k.tag)) {
        const v = liftVar(lc, k, site, key);
        // A full var in a concrete function sorts where it stands among the concrete ones.
        key = v.childIndex;
        v.scope = cur;
        scopes[cur]!.vars.push(v);
        if (!concrete) key++;
      } else if (k.code === DW_ABRV.LEXICAL_BLOCK_RANGES || k.code === DW_ABRV.LEXICAL_BLOCK_SIMPLE) {
        const idx = scopes.length;
        scopes.push(new Scope(cur, blockRanges(lc, k, base)));
        scope(k.children, idx);
      } else if (k.tag === DW_TAG.inlined_subroutine && cur === 0) {
        inlined(k, -1);
      } else if (k.code === DW_ABRV.DICT_INDEX && cur === 0) {
        const typeRef = refOf(k, DW_AT.type);
        const idx = attrNumber(k, DW_AT.go_dict_index);
        if (typeRef === undefined || idx === undefined)
          throw new LiftError(`DICT_INDEX at ${where(k)} incomplete`);
        site.dicts.set(k.offset, { dictIndex: idx + 1, type: lc.typeSym(typeRef) });
      } else {
        throw new LiftError(`unexpected abbrev ${k.code} at ${where(k)} in function ${name}`);
      }
    }
  };
  scope(die.children, 0);
  concreteDicts(site, scopes, calls, name);

  return {
    offset: die.offset,
    name,
    abbrev,
    text,
    address,
    size,
    addrIndex,
    addrWidth,
    fragment,
    scopes,
    inlcalls: { calls },
  };
}

/** The function-relative ranges of a lexical block or inlined call (a list, or low/high pc). */
function blockRanges(lc: LiftContext, d: Die, base: ListBase) {
  const ranges = findAttr(d, DW_AT.ranges)?.value;
  if (ranges !== undefined) return liftRanges(lc.bin, lc.unit, ranges, base);
  const low = findAttr(d, DW_AT.low_pc)?.value;
  const high = findAttr(d, DW_AT.high_pc)?.value;
  if (low?.kind !== "address" || high === undefined) throw new LiftError(`block at ${where(d)}: no PCs`);
  const start = Number(low.value - base.address);
  const end =
    high.kind === "address"
      ? Number(high.value - base.address)
      : start + Number(high.kind === "constant" ? high.value : 0n);
  return [{ start, end }];
}

/**
 * putparamtypes also runs under a WRAPPER_CONCRETE DIE, whose vars are concrete: a typedef there
 * can come from a concrete var, which then names no type to point at it. Such a typedef goes to the
 * first concrete var (in scope order, as putparamtypes walks them) of the typedef's type.
 */
function concreteDicts(site: VarSite, scopes: readonly Scope[], calls: readonly InlCall[], fn: string): void {
  const inlined = new Set(calls.flatMap((c) => c.inlVars));
  for (const [off, d] of site.dicts) {
    if (site.usedDicts.has(off)) continue;
    const v = scopes
      .flatMap((s) => s.vars)
      .find((x) => x.isInAbstract && !inlined.has(x) && x.dictIndex === 0 && x.type === d.type);
    if (v === undefined)
      throw new LiftError(`${fn}: no var for the DICT_INDEX typedef at 0x${off.toString(16)}`);
    v.dictIndex = d.dictIndex;
  }
}
