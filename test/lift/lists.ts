/**
 * Lifting range and location lists back to what the compiler held: PC ranges relative to the
 * function start (dwarf.Range), and a location list in ssa/debug.go's intermediate encoding with a
 * FuncDebug whose GetPC gives back the listed PCs, so PutLocationList writes the entries again.
 *
 * Go's per-function lists always start from the function itself: DWARF 5 with
 * DW_RLE/DW_LLE_base_addressx naming the function's .debug_addr slot, DWARF 4 with a base address
 * selection entry holding its address (UseBASEntries). Anything else is not what Go writes.
 */
import { DW_LLE, DW_RLE } from "../../dwarf/constants.js";
import type { Range, Sym } from "../../dwarf/context.js";
import { appendEncodedValue, type FuncDebug, PutLocationList } from "../../dwarf/loclist.js";
import type { Unit } from "../../dwarf/read/model.js";
import type { AttrValue } from "../../dwarf/read/model.js";
import { type ListEntry, listContextOf, readLocList, readRngList } from "../../dwarf/read/lists.js";
import { dwCtxt } from "../../compiler/obj/dwctxt.js";
import type { Link } from "../../compiler/obj/link.js";
import { type GoBinary, LiftError } from "./binary.js";

/** What a function's lists must start from. */
export interface ListBase {
  /** The function's address (DWARF 4 base entries). */
  address: bigint;
  /** Its .debug_addr slot (DWARF 5 base_addressx); undefined in DWARF 4. */
  addrIndex: number | undefined;
}

function checkBase(e: ListEntry, base: ListBase, what: string): void {
  const want = base.addrIndex === undefined ? base.address : BigInt(base.addrIndex);
  if (e.operands[0] !== want)
    throw new LiftError(
      `${what} at 0x${e.offset.toString(16)}: base ${e.operands[0]} is not the function's (${want})`,
    );
}

/** Generic walk: base entry first, then [begin, end) offset pairs, then the end. */
function pairs(entries: readonly ListEntry[], base: ListBase, v5: boolean, what: string): ListEntry[] {
  const out: ListEntry[] = [];
  let sawBase = false;
  for (const e of entries) {
    if (v5 ? e.code === DW_RLE.base_addressx : e.kind === "base_address") {
      if (sawBase || out.length > 0) throw new LiftError(`${what}: base entry not first`);
      checkBase(e, base, what);
      sawBase = true;
    } else if (v5 ? e.code === DW_RLE.offset_pair : e.kind === "range") {
      if (!sawBase) throw new LiftError(`${what}: offset pair before the base entry`);
      out.push(e);
    } else if (v5 ? e.code === DW_RLE.end_of_list : e.kind === "end_of_list") {
      break;
    } else {
      throw new LiftError(`${what}: entry ${e.kind} is not one Go writes`);
    }
  }
  if (!sawBase) throw new LiftError(`${what}: no base entry`);
  return out;
}

/** A DW_AT_ranges list as function-relative ranges. */
export function liftRanges(bin: GoBinary, unit: Unit, value: AttrValue, base: ListBase): Range[] {
  const list = readRngList(bin.secs, unit, value);
  return pairs(list.entries, base, bin.dwarf5, `range list 0x${list.offset.toString(16)}`).map((e) => ({
    start: Number(e.operands[0]),
    end: Number(e.operands[1]),
  }));
}

/** The list itself: where it is and its function-relative entries. */
export interface LiftedLocList {
  offset: number;
  entries: { begin: number; end: number; expr: Uint8Array }[];
}

export function liftLocList(bin: GoBinary, unit: Unit, value: AttrValue, base: ListBase): LiftedLocList {
  const list = readLocList(bin.secs, listContextOf(unit), value);
  // DW_LLE_base_addressx, offset_pair and end_of_list share DW_RLE's codes.
  if (DW_LLE.base_addressx !== DW_RLE.base_addressx || DW_LLE.offset_pair !== DW_RLE.offset_pair)
    throw new LiftError("DW_LLE and DW_RLE codes differ");
  const es = pairs(list.entries, base, bin.dwarf5, `location list 0x${list.offset.toString(16)}`);
  return {
    offset: list.offset,
    entries: es.map((e) => ({ begin: Number(e.operands[0]), end: Number(e.operands[1]), expr: e.expr! })),
  };
}

/**
 * The Var.putLocationList of a lifted list: the entries in the intermediate encoding (block 0,
 * value IDs 2i and 2i+1 naming entry i's bounds) handed to PutLocationList with a GetPC that maps
 * the IDs back to the PCs, as ssagen's closure over ssa.FuncDebug does.
 */
export function locationListWriter(link: Link, lifted: LiftedLocList): (listSym: Sym, startPC: Sym) => void {
  const ps = link.ptrSize;
  const pcs: number[] = [];
  const list: number[] = [];
  for (const e of lifted.entries) {
    const i = pcs.length;
    pcs.push(e.begin, e.end);
    appendEncodedValue(list, ps, 0, i);
    appendEncodedValue(list, ps, 0, i + 1);
    if (e.expr.length > 0xffff) throw new LiftError("location expression longer than 64K");
    list.push(e.expr.length & 0xff, e.expr.length >>> 8, ...e.expr);
  }
  const debugInfo: FuncDebug = {
    getPC(block, value) {
      const pc = pcs[value];
      if (block !== 0 || pc === undefined) throw new LiftError(`GetPC(${block}, ${value}): no such ID`);
      return pc;
    },
  };
  const bytes = Uint8Array.from(list);
  return (listSym, startPC) =>
    PutLocationList(
      debugInfo,
      bytes,
      new dwCtxt(link),
      { useBASEntries: link.useBASEntries },
      listSym,
      startPC,
    );
}
