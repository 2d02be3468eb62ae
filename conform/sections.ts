/**
 * The input of a conformance comparison: one binary's `.debug_*` sections, decompressed, and
 * optionally as stored (ELF compression header included), so that both what a debugger reads and
 * what the linker wrote can be compared.
 */
import { DWARF_SECTION_NAMES, type DwarfSectionName, type DwarfSections } from "../dwarf/read/sections.js";
import type { ElfFile } from "../elf/reader.js";

export interface SectionSet {
  /** Decompressed contents keyed by section name (".debug_info"). */
  sections: ReadonlyMap<string, Uint8Array>;
  /** Contents as stored in the file, for the sections that are compressed there. */
  compressed?: ReadonlyMap<string, Uint8Array>;
  /** Byte order of the DWARF (default true: little-endian). */
  littleEndian?: boolean;
  /** Address size where DWARF does not say it (.debug_frame, .debug_ranges, .debug_loc); default 8. */
  addressSize?: number;
}

/**
 * The order cmd/link writes its DWARF sections in (dwarfGenerateDebugSyms in
 * cmd/link/internal/ld/dwarf.go appends them to dwarfp in this order); a DWARF 5 build has the
 * *lists and .debug_addr, a DWARF 4 build .debug_loc and .debug_ranges. Sections Go never writes
 * follow.
 */
export const GO_SECTION_ORDER: readonly string[] = [
  ".debug_abbrev",
  ".debug_line",
  ".debug_frame",
  ".debug_gdb_scripts",
  ".debug_info",
  ".debug_loclists",
  ".debug_loc",
  ".debug_rnglists",
  ".debug_ranges",
  ".debug_addr",
  ".debug_types",
  ".debug_str",
  ".debug_line_str",
  ".debug_str_offsets",
];

/**
 * The union of both sets' section names: Go's order first, then any other name in the order the
 * files list them (theirs first, being the reference).
 */
export function sectionOrder(ours: SectionSet, theirs: SectionSet): string[] {
  const seen = new Set<string>();
  for (const s of [theirs, ours]) {
    for (const k of s.sections.keys()) seen.add(k);
    for (const k of s.compressed?.keys() ?? []) seen.add(k);
  }
  const known = GO_SECTION_ORDER.filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !GO_SECTION_ORDER.includes(n));
  return [...known, ...rest];
}

/** The set as the dwarf/read readers take it (".debug_info" becomes `debug_info`). */
export function toDwarfSections(set: SectionSet): DwarfSections {
  const known = new Set<string>(DWARF_SECTION_NAMES);
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  for (const [name, bytes] of set.sections) {
    const key = name.startsWith(".") ? name.slice(1) : name;
    if (known.has(key)) sections[key as DwarfSectionName] = bytes;
  }
  return { littleEndian: set.littleEndian ?? true, addressSize: set.addressSize ?? 8, sections };
}

/**
 * Every `.debug_*` section of an ELF file: decompressed, and as stored when SHF_COMPRESSED.
 * Legacy `.zdebug_*` sections are listed under their `.debug_*` name.
 */
export function elfSectionSet(elf: ElfFile): SectionSet {
  const sections = new Map<string, Uint8Array>();
  const compressed = new Map<string, Uint8Array>();
  for (const s of elf.sections) {
    const name = s.name.startsWith(".zdebug_") ? `.debug_${s.name.slice(8)}` : s.name;
    if (!name.startsWith(".debug_") || sections.has(name)) continue;
    sections.set(name, elf.sectionData(s));
    if (s.compression !== undefined || s.name.startsWith(".zdebug_"))
      compressed.set(name, elf.rawSectionData(s));
  }
  return {
    sections,
    compressed,
    littleEndian: elf.littleEndian,
    addressSize: elf.header.class === 2 ? 8 : 4,
  };
}
