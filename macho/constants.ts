/**
 * Mach-O constants the writer and the reader share (<mach-o/loader.h>, as Go's debug/macho and
 * cmd/link/internal/ld/macho.go name them).
 */

/** MH_MAGIC_64, as the first four bytes of a little-endian file read it. */
export const MH_MAGIC_64 = 0xfeedfacf;
/** MH_CIGAM_64: a big-endian 64-bit file (none of Apple's current targets). */
export const MH_CIGAM_64 = 0xcffaedfe;
/** MH_MAGIC / MH_CIGAM: 32-bit files. */
export const MH_MAGIC = 0xfeedface;
export const MH_CIGAM = 0xcefaedfe;
/** FAT_MAGIC: a universal binary (big-endian header). */
export const FAT_MAGIC = 0xcafebabe;

/** mach_header_64: magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags, reserved. */
export const MACH_HEADER_64_SIZE = 32;
/** segment_command_64 without its sections, and one section_64. */
export const SEGMENT_COMMAND_64_SIZE = 72;
export const SECTION_64_SIZE = 80;
/** nlist_64: n_strx u32, n_type u8, n_sect u8, n_desc u16, n_value u64. */
export const NLIST_64_SIZE = 16;

export const MH = {
  EXECUTE: 0x2,
  DSYM: 0xa,
} as const;

export const MH_FLAGS = {
  NOUNDEFS: 0x1,
  DYLDLINK: 0x4,
  PIE: 0x200000,
} as const;

export const CPU_TYPE = {
  X86_64: 0x01000007,
  ARM64: 0x0100000c,
} as const;

export const CPU_SUBTYPE = {
  X86_64_ALL: 3,
  ARM64_ALL: 0,
} as const;

export const LC = {
  SYMTAB: 0x2,
  UNIXTHREAD: 0x5,
  DYSYMTAB: 0xb,
  LOAD_DYLINKER: 0xe,
  SEGMENT_64: 0x19,
  UUID: 0x1b,
  BUILD_VERSION: 0x32,
  MAIN: 0x80000028,
} as const;

/** Section types and attributes (section_64.flags). */
export const S = {
  ZEROFILL: 0x1,
  ATTR_SOME_INSTRUCTIONS: 0x400,
  ATTR_DEBUG: 0x02000000,
  ATTR_PURE_INSTRUCTIONS: 0x80000000,
} as const;

/** nlist n_type bits. */
export const N = {
  EXT: 0x01,
  SECT: 0x0e,
} as const;

/** LC_BUILD_VERSION platform. */
export const PLATFORM_MACOS = 1;

/** Names of the load commands a reader may meet, for messages. */
export const LC_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [LC.SYMTAB, "LC_SYMTAB"],
  [LC.UNIXTHREAD, "LC_UNIXTHREAD"],
  [LC.DYSYMTAB, "LC_DYSYMTAB"],
  [LC.LOAD_DYLINKER, "LC_LOAD_DYLINKER"],
  [LC.SEGMENT_64, "LC_SEGMENT_64"],
  [LC.UUID, "LC_UUID"],
  [LC.BUILD_VERSION, "LC_BUILD_VERSION"],
  [LC.MAIN, "LC_MAIN"],
  [0xc, "LC_LOAD_DYLIB"],
  [0x22, "LC_DYLD_INFO"],
  [0x80000022, "LC_DYLD_INFO_ONLY"],
  [0x1d, "LC_CODE_SIGNATURE"],
  [0x26, "LC_FUNCTION_STARTS"],
  [0x29, "LC_DATA_IN_CODE"],
  [0x2a, "LC_SOURCE_VERSION"],
  [0x80000033, "LC_DYLD_EXPORTS_TRIE"],
  [0x80000034, "LC_DYLD_CHAINED_FIXUPS"],
]);
