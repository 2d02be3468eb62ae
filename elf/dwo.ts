/**
 * The DWARF of a split-DWARF file (.dwo, or a .dwp package): its `.debug_X.dwo` sections under the
 * reader's names, and a package's `.debug_cu_index`. Compressed sections are inflated as in
 * dwarfSections.
 */
import { DWARF_SECTION_NAMES, type DwarfSectionName, type DwarfSections } from "../dwarf/read/sections.js";
import type { ElfFile } from "./reader.js";

/** Whether `elf` holds split units (a .dwo or .dwp). */
export function isSplitDwarfFile(elf: ElfFile): boolean {
  return elf.sections.some((s) => s.name === ".debug_info.dwo" || s.name === ".zdebug_info.dwo");
}

/** The .dwo sections, named as the readers name the plain ones, and the package index if any. */
export function dwoSections(elf: ElfFile): DwarfSections & { cuIndex?: Uint8Array } {
  const known = new Set<string>(DWARF_SECTION_NAMES);
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  let cuIndex: Uint8Array | undefined;
  for (const s of elf.sections) {
    if (s.name === ".debug_cu_index") cuIndex = elf.sectionData(s);
    const m = /^\.z?debug_(.*)\.dwo$/.exec(s.name);
    if (m === null || !known.has(`debug_${m[1]}`)) continue;
    sections[`debug_${m[1]}` as DwarfSectionName] = elf.sectionData(s);
  }
  const out: DwarfSections & { cuIndex?: Uint8Array } = {
    littleEndian: elf.littleEndian,
    addressSize: elf.header.class === 2 ? 8 : 4,
    sections,
  };
  if (cuIndex !== undefined) out.cuIndex = cuIndex;
  return out;
}
