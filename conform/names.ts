/**
 * Names that make a location readable, taken from a side's own .debug_info: the unit that owns a
 * line program, the function an FDE describes. Best effort: when .debug_info does not read, the
 * locations simply go without names (or with those read before the bad unit).
 */
import { DW_AT, DW_TAG } from "../dwarf/constants.js";
import { forEachUnit } from "../dwarf/read/info.js";
import { attrNumber, attrString, findAttr, walkDies } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";

/** Reading .debug_info is the costly part of locating: each side's names are read once. */
const unitNames = new WeakMap<DwarfSections, Map<number, string>>();
const functionNames = new WeakMap<DwarfSections, Map<bigint, string>>();

/** DW_AT_name of each unit, keyed by its DW_AT_stmt_list (a .debug_line offset). */
export function unitNamesByStmtList(secs: DwarfSections): Map<number, string> {
  const cached = unitNames.get(secs);
  if (cached !== undefined) return cached;
  const names = new Map<number, string>();
  unitNames.set(secs, names);
  try {
    forEachUnit(
      secs,
      (u) => {
        if (u.root === undefined) return;
        const stmt = attrNumber(u.root, DW_AT.stmt_list);
        const name = attrString(u.root, DW_AT.name);
        if (stmt !== undefined && name !== undefined && !names.has(stmt)) names.set(stmt, name);
      },
      { unitDieOnly: true, types: false },
    );
  } catch {
    // Keep the names read so far.
  }
  return names;
}

/** DW_AT_name of each DW_TAG_subprogram with a DW_AT_low_pc, keyed by that address. */
export function functionNamesByAddress(secs: DwarfSections): Map<bigint, string> {
  const cached = functionNames.get(secs);
  if (cached !== undefined) return cached;
  const names = new Map<bigint, string>();
  functionNames.set(secs, names);
  try {
    forEachUnit(
      secs,
      (u) => {
        for (const d of walkDies(u.root)) {
          if (d.tag !== DW_TAG.subprogram) continue;
          const low = findAttr(d, DW_AT.low_pc)?.value;
          const name = attrString(d, DW_AT.name);
          if (low?.kind === "address" && name !== undefined && !names.has(low.value))
            names.set(low.value, name);
        }
      },
      { types: false },
    );
  } catch {
    // Keep the names read so far.
  }
  return names;
}
