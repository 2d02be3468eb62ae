/**
 * godwarf's package entry (`import { openDwarfData } from "godwarf"`): the questions a library
 * user asks first of a binary's DWARF (dwarf/read/dwarfdata.ts), and the ELF reader under them.
 * The full readers and writers are in "godwarf/dwarf", "godwarf/elf", "godwarf/compiler" and
 * "godwarf/linker".
 */
import { DwarfData } from "./dwarf/read/dwarfdata.js";
import { dwarfSections, type ReadElfOptions, readElf } from "./elf/reader.js";

export { DwarfData, type PcLine } from "./dwarf/read/dwarfdata.js";
export type { Die, Unit } from "./dwarf/read/model.js";
export type { AddressRange } from "./dwarf/read/lists.js";
export { dwarfSections, readElf } from "./elf/reader.js";
export { FormatError } from "./dwarf/errors.js";

/**
 * The DWARF of an ELF file's bytes (Go's elf.File.DWARF): compressed sections are inflated;
 * malformed input throws FormatError naming the section and offset.
 */
export function openDwarfData(bytes: Uint8Array, file?: string, opts: ReadElfOptions = {}): DwarfData {
  return new DwarfData(dwarfSections(readElf(bytes, file, opts)));
}
