/**
 * The unwind sections of an ELF file that are not DWARF debug sections but use its call frame
 * format: .eh_frame (with the load address its pcrel pointers are relative to) and .eh_frame_hdr.
 * They live in the loaded image, so they are read from the executable even when its DWARF is in a
 * separate debug file (where they are NOBITS).
 */
import type { DwarfSections } from "../dwarf/read/sections.js";
import { SHT } from "./constants.js";
import type { ElfFile } from "./reader.js";

export type EhFrameSections = NonNullable<DwarfSections["ehFrame"]>;

export function ehFrameSections(elf: ElfFile): EhFrameSections {
  const out: EhFrameSections = {};
  for (const s of elf.sections) {
    if (s.type === SHT.NOBITS || s.size === 0) continue;
    if (s.name === ".eh_frame") out.frame = { bytes: elf.sectionData(s), address: s.addr };
    else if (s.name === ".eh_frame_hdr") out.hdr = { bytes: elf.sectionData(s), address: s.addr };
  }
  return out;
}
