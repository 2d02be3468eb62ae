/**
 * Reading split DWARF: a split unit (DW_UT_split_compile, in a .dwo or a .dwp) read with what its
 * skeleton gives it (DWARF 5 section 3.1.3): the executable's .debug_addr and DW_AT_addr_base for
 * its address indexes, the executable's line table for its file numbers. In a package, a unit's
 * sections are its contributions, which the index locates by dwo_id.
 */
import { readUnitIndex, type UnitIndex } from "./cuindex.js";
import { readInfo } from "./info.js";
import type { Unit } from "./model.js";
import type { DwarfSectionName, DwarfSections } from "./sections.js";

/** The sections a split unit's reading borrows from its executable. */
const FROM_EXECUTABLE: readonly DwarfSectionName[] = ["debug_addr", "debug_line", "debug_line_str"];

/** The index of a package's units, or undefined when `dwo` is a single .dwo. */
export function packageIndex(dwo: DwarfSections & { cuIndex?: Uint8Array }): UnitIndex | undefined {
  return dwo.cuIndex === undefined ? undefined : readUnitIndex(dwo.cuIndex);
}

/** The sections of one unit of a package: each section cut to the row's contribution. */
export function contributionSections(dwo: DwarfSections, row: UnitIndex["rows"][number]): DwarfSections {
  const sections: DwarfSections["sections"] = {};
  for (const [k, v] of Object.entries(dwo.sections) as [DwarfSectionName, Uint8Array][]) {
    const c = row.contributions.get(k);
    sections[k] = c === undefined ? v : v.subarray(c.offset, c.offset + c.size);
  }
  return { littleEndian: dwo.littleEndian, addressSize: dwo.addressSize, sections };
}

/**
 * The split units of a .dwo (or of one package row), their indexes resolved through `exe` when
 * given (with `addrBase`, the skeleton's DW_AT_addr_base), else read as address 0.
 */
export function readSplitUnits(dwo: DwarfSections, exe?: DwarfSections, addrBase?: number): Unit[] {
  const sections = { ...dwo.sections };
  if (exe !== undefined)
    for (const k of FROM_EXECUTABLE) if (exe.sections[k] !== undefined) sections[k] = exe.sections[k];
  const secs: DwarfSections = { ...dwo, sections };
  return readInfo(secs, {
    ...(addrBase !== undefined && { addrBase }),
    unresolvedAddress: exe === undefined ? "zero" : "error",
  });
}

/** Every unit of a package (.dwp) or .dwo, read alone (addresses as 0). */
export function readPackageUnits(dwo: DwarfSections & { cuIndex?: Uint8Array }): Unit[] {
  const index = packageIndex(dwo);
  if (index === undefined) return readSplitUnits(dwo);
  return index.rows.flatMap((row) => readSplitUnits(contributionSections(dwo, row)));
}
