/**
 * The pc ranges a DIE covers: [low_pc, high_pc) (high_pc an address, or a constant length since
 * DWARF 4) or its DW_AT_ranges list. Models debug/dwarf's (*Data).Ranges.
 */
import { DW_AT } from "../constants.js";
import { listContextOf, readRngList } from "./lists.js";
import { type Die, findAttr, type Unit } from "./model.js";
import type { DwarfSections } from "./sections.js";

export interface PcRange {
  begin: bigint;
  end: bigint;
}

/** The DIE's ranges, empty when it has none; a malformed range list throws FormatError. */
export function dieRanges(ds: DwarfSections, unit: Unit, die: Die): PcRange[] {
  const low = findAttr(die, DW_AT.low_pc)?.value;
  const high = findAttr(die, DW_AT.high_pc)?.value;
  if (low?.kind === "address" && high !== undefined) {
    if (high.kind === "address") return [{ begin: low.value, end: high.value }];
    if (high.kind === "constant") return [{ begin: low.value, end: low.value + high.value }];
  }
  const r = findAttr(die, DW_AT.ranges)?.value;
  if (r === undefined) return [];
  if (r.kind === "secOffset" || r.kind === "listIndex")
    return readRngList(ds, listContextOf(unit), r).ranges.map((x) => ({ begin: x.begin, end: x.end }));
  if (r.kind === "constant" && unit.version < 4)
    return readRngList(ds, listContextOf(unit), { kind: "secOffset", value: Number(r.value) }).ranges;
  return [];
}

export function rangesContain(ranges: readonly PcRange[], pc: bigint): boolean {
  return ranges.some((r) => pc >= r.begin && pc < r.end);
}
