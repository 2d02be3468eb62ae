/**
 * The DWARF sections of one object, decompressed, as the readers take them. Containers (ELF today,
 * Mach-O and PE later) produce this; the readers never see the container.
 */
import type { Arch } from "./regs.js";

export type DwarfSectionName =
  | "debug_abbrev"
  | "debug_info"
  | "debug_types"
  | "debug_line"
  | "debug_line_str"
  | "debug_str"
  | "debug_str_offsets"
  | "debug_addr"
  | "debug_rnglists"
  | "debug_ranges"
  | "debug_loclists"
  | "debug_loc"
  | "debug_frame"
  | "debug_gdb_scripts";

export const DWARF_SECTION_NAMES: readonly DwarfSectionName[] = [
  "debug_abbrev",
  "debug_info",
  "debug_types",
  "debug_line",
  "debug_line_str",
  "debug_str",
  "debug_str_offsets",
  "debug_addr",
  "debug_rnglists",
  "debug_ranges",
  "debug_loclists",
  "debug_loc",
  "debug_frame",
  "debug_gdb_scripts",
];

export interface DwarfSections {
  littleEndian: boolean;
  /** Address size of the container (8 for ELF64), used where DWARF itself does not say. */
  addressSize: number;
  /** The machine (Go's GOARCH), for register names; undefined when unknown. */
  arch?: Arch | undefined;
  /**
   * .eh_frame and .eh_frame_hdr with their load addresses (the bases of their pcrel pointers):
   * unwind tables in the call frame format, read from the loaded image.
   */
  ehFrame?: {
    frame?: { bytes: Uint8Array; address: bigint };
    hdr?: { bytes: Uint8Array; address: bigint };
  };
  sections: Partial<Record<DwarfSectionName, Uint8Array>>;
}

/** The printable name of a section (".debug_info"), as used in error messages. */
export function sectionLabel(name: DwarfSectionName): string {
  return `.${name}`;
}
