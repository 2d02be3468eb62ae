/**
 * ELF constants: the subset a DWARF reader needs, with Go's debug/elf names (debug/elf/elf.go) and
 * one `as const` table per enumeration, keyed by the name after the prefix. Values are from the
 * System V gABI (and the GNU extensions binutils prints).
 */

/** Turns a table into a name function; unknown values print as `SHT_0x1234`. */
function namer(prefix: string, table: Readonly<Record<string, number>>): (v: number) => string {
  const names = new Map<number, string>();
  for (const [k, v] of Object.entries(table)) if (!names.has(v)) names.set(v, prefix + k);
  return (v) => names.get(v) ?? `${prefix}0x${v.toString(16)}`;
}

/** e_ident indexes (elf.go, EI_*). */
export const EI = { CLASS: 4, DATA: 5, VERSION: 6, OSABI: 7, ABIVERSION: 8, NIDENT: 16 } as const;

export const ELFMAG = "\x7fELF";

/** e_ident[EI_CLASS]. */
export const ELFCLASS = { NONE: 0, "32": 1, "64": 2 } as const;
export type ElfClass = 1 | 2;

/** e_ident[EI_DATA]. */
export const ELFDATA = { NONE: 0, "2LSB": 1, "2MSB": 2 } as const;

export const EV_CURRENT = 1;

/** e_ident[EI_OSABI] (elf.go, ELFOSABI_*). */
export const ELFOSABI = {
  NONE: 0,
  HPUX: 1,
  NETBSD: 2,
  LINUX: 3,
  HURD: 4,
  "86OPEN": 5,
  SOLARIS: 6,
  AIX: 7,
  IRIX: 8,
  FREEBSD: 9,
  TRU64: 10,
  MODESTO: 11,
  OPENBSD: 12,
  OPENVMS: 13,
  NSK: 14,
  AROS: 15,
  FENIXOS: 16,
  CLOUDABI: 17,
  ARM: 97,
  STANDALONE: 255,
} as const;
export const osabiName: (v: number) => string = namer("ELFOSABI_", ELFOSABI);

/** e_type. */
export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;
export const typeName: (v: number) => string = namer("ET_", ET);

/** e_machine (the architectures Go targets, and a few neighbours). */
export const EM = {
  NONE: 0,
  SPARC: 2,
  "386": 3,
  "68K": 4,
  MIPS: 8,
  PPC: 20,
  PPC64: 21,
  S390: 22,
  ARM: 40,
  SPARCV9: 43,
  IA_64: 50,
  X86_64: 62,
  AARCH64: 183,
  RISCV: 243,
  BPF: 247,
  LOONGARCH: 258,
} as const;
export const machineName: (v: number) => string = namer("EM_", EM);

/** Special section indexes. */
export const SHN = {
  UNDEF: 0,
  LORESERVE: 0xff00,
  ABS: 0xfff1,
  COMMON: 0xfff2,
  XINDEX: 0xffff,
} as const;

/** sh_type. */
export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  RELA: 4,
  HASH: 5,
  DYNAMIC: 6,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  SHLIB: 10,
  DYNSYM: 11,
  INIT_ARRAY: 14,
  FINI_ARRAY: 15,
  PREINIT_ARRAY: 16,
  GROUP: 17,
  SYMTAB_SHNDX: 18,
  RELR: 19,
  GNU_ATTRIBUTES: 0x6ffffff5,
  GNU_HASH: 0x6ffffff6,
  GNU_LIBLIST: 0x6ffffff7,
  GNU_VERDEF: 0x6ffffffd,
  GNU_VERNEED: 0x6ffffffe,
  GNU_VERSYM: 0x6fffffff,
  X86_64_UNWIND: 0x70000001,
} as const;
export const sectionTypeName: (v: number) => string = namer("SHT_", SHT);

/** sh_flags bits. */
export const SHF = {
  WRITE: 0x1,
  ALLOC: 0x2,
  EXECINSTR: 0x4,
  MERGE: 0x10,
  STRINGS: 0x20,
  INFO_LINK: 0x40,
  LINK_ORDER: 0x80,
  OS_NONCONFORMING: 0x100,
  GROUP: 0x200,
  TLS: 0x400,
  COMPRESSED: 0x800,
  GNU_RETAIN: 0x200000,
  GNU_MBIND: 0x01000000,
  EXCLUDE: 0x80000000,
} as const;

/**
 * The flag letters `readelf -S -W` prints, in its order (binutils readelf.c, get_elf_section_flags).
 * Bits without a letter print as "x" (unknown), "o" (OS-specific) or "p" (processor-specific).
 */
export function sectionFlagLetters(flags: number, machine = EM.X86_64 as number): string {
  const letters: [number, string][] = [
    [SHF.WRITE, "W"],
    [SHF.ALLOC, "A"],
    [SHF.EXECINSTR, "X"],
    [SHF.MERGE, "M"],
    [SHF.STRINGS, "S"],
    [SHF.INFO_LINK, "I"],
    [SHF.LINK_ORDER, "L"],
    [SHF.OS_NONCONFORMING, "O"],
    [SHF.GROUP, "G"],
    [SHF.TLS, "T"],
    [SHF.COMPRESSED, "C"],
    [SHF.GNU_RETAIN, "R"],
    [SHF.GNU_MBIND, "D"],
  ];
  let out = "";
  let rest = flags;
  for (const [bit, letter] of letters) {
    if (hasFlag(flags, bit)) {
      out += letter;
      rest -= bit;
    }
  }
  // x86-64 large sections (SHF_X86_64_LARGE) and exclude share the processor range.
  if (machine === EM.X86_64 && hasFlag(rest, 0x10000000)) {
    out += "l";
    rest -= 0x10000000;
  }
  if (hasFlag(rest, SHF.EXCLUDE)) {
    out += "E";
    rest -= SHF.EXCLUDE;
  }
  if (rest !== 0) {
    const low = rest % 2 ** 32;
    if (low & 0x0ff00000) out += "o";
    if ((low & 0xf0000000) >>> 0 !== 0) out += "p";
    if (low & 0x000ff000 || rest >= 2 ** 32) out += "x";
  }
  return out;
}

/** Whether `bit` (one of the low 32 bits) is set in `flags` (an exact number up to 2^53). */
export function hasFlag(flags: number, bit: number): boolean {
  return ((flags % 2 ** 32) & bit) >>> 0 === bit >>> 0;
}

/** p_type. */
export const PT = {
  NULL: 0,
  LOAD: 1,
  DYNAMIC: 2,
  INTERP: 3,
  NOTE: 4,
  SHLIB: 5,
  PHDR: 6,
  TLS: 7,
  GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551,
  GNU_RELRO: 0x6474e552,
  GNU_PROPERTY: 0x6474e553,
} as const;
export const progTypeName: (v: number) => string = namer("PT_", PT);

/** p_flags bits. */
export const PF = { X: 0x1, W: 0x2, R: 0x4 } as const;

/** st_info binding (high nibble). */
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2, GNU_UNIQUE: 10 } as const;
export const symBindName: (v: number) => string = namer("STB_", STB);

/** st_info type (low nibble). */
export const STT = {
  NOTYPE: 0,
  OBJECT: 1,
  FUNC: 2,
  SECTION: 3,
  FILE: 4,
  COMMON: 5,
  TLS: 6,
  GNU_IFUNC: 10,
} as const;
export const symTypeName: (v: number) => string = namer("STT_", STT);

/** st_other visibility (low two bits). */
export const STV = { DEFAULT: 0, INTERNAL: 1, HIDDEN: 2, PROTECTED: 3 } as const;

/** ch_type of Elf32_Chdr / Elf64_Chdr. */
export const ELFCOMPRESS = { ZLIB: 1, ZSTD: 2 } as const;

/** The magic of the legacy (and Mach-O / PE) compressed-section prefix: "ZLIB", then a big-endian u64 size. */
export const ZDEBUG_MAGIC = "ZLIB";

/** Note types of the "GNU" owner. */
export const NT_GNU = { ABI_TAG: 1, HWCAP: 2, BUILD_ID: 3, GOLD_VERSION: 4, PROPERTY_TYPE_0: 5 } as const;

/**
 * Note owner names as Go's linker writes them, NUL padding included, so namesz is 4 for both
 * (ld/elf.go, ELF_NOTE_GO_NAME and ELF_NOTE_BUILDINFO_NAME).
 */
export const ELF_NOTE_GO_NAME = "Go\x00\x00";
export const ELF_NOTE_GNU_NAME = "GNU\x00";

/** The note type Go's linker writes for its build id under owner "Go" (ld/elf.go, ELF_NOTE_GOBUILDID_TAG). */
export const ELF_NOTE_GOBUILDID_TAG = 4;
/** Other "Go" notes (ld/elf.go): package list (1), ABI hash (2), dependencies (3). */
export const ELF_NOTE_GOPKGLIST_TAG = 1;
export const ELF_NOTE_GOABIHASH_TAG = 2;
export const ELF_NOTE_GODEPS_TAG = 3;

/** Header sizes: Elf32_Ehdr/Elf64_Ehdr, Phdr, Shdr, Sym, Chdr. */
export const ELF_SIZES = {
  1: { ehdr: 52, phdr: 32, shdr: 40, sym: 16, chdr: 12 },
  2: { ehdr: 64, phdr: 56, shdr: 64, sym: 24, chdr: 24 },
} as const;
