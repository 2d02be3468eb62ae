/**
 * Relocations a host object brings (linux/amd64): ldelf keeps an ELF relocation as the objabi
 * type `objabi.ElfRelocOffset + R_X86_64_*` (cmd/link/internal/loadelf/ldelf.go, Load and relSize),
 * named here by the ELF name (debug/elf's R_X86_64 strings), and only the kinds relSize accepts.
 */

/** debug/elf R_X86_64 values, by name. */
export const R_X86_64 = {
  R_X86_64_NONE: 0,
  R_X86_64_64: 1,
  R_X86_64_PC32: 2,
  R_X86_64_GOT32: 3,
  R_X86_64_PLT32: 4,
  R_X86_64_COPY: 5,
  R_X86_64_GLOB_DAT: 6,
  R_X86_64_JMP_SLOT: 7,
  R_X86_64_RELATIVE: 8,
  R_X86_64_GOTPCREL: 9,
  R_X86_64_32: 10,
  R_X86_64_32S: 11,
  R_X86_64_PC64: 24,
  R_X86_64_GOTPCRELX: 41,
  R_X86_64_REX_GOTPCRELX: 42,
} as const;

/** The name of an ELF relocation kind a host object may use. */
export type ElfRelocName = keyof typeof R_X86_64;

const byNumber = new Map<number, ElfRelocName>(
  (Object.entries(R_X86_64) as [ElfRelocName, number][]).map(([k, v]) => [v, k]),
);

/** The ELF name of an R_X86_64 value, or undefined. */
export function elfRelocName(t: number): ElfRelocName | undefined {
  return byNumber.get(t);
}

/** Whether a relocation type is an ELF one (ElfRelocOffset and up), not one of Go's. */
export function isElfReloc(t: string): t is ElfRelocName {
  return Object.hasOwn(R_X86_64, t);
}

/**
 * ldelf.go, relSize for AMD64: the size of the relocated field and of its addend, or undefined
 * for a kind the internal linker does not take (a host object compiled without -fpic).
 */
export function relSize(t: number): { siz: number; addend: number } | undefined {
  switch (t) {
    case R_X86_64.R_X86_64_PC32:
    case R_X86_64.R_X86_64_PLT32:
    case R_X86_64.R_X86_64_GOTPCREL:
    case R_X86_64.R_X86_64_GOTPCRELX:
    case R_X86_64.R_X86_64_REX_GOTPCRELX:
      return { siz: 4, addend: 4 };
    case R_X86_64.R_X86_64_64:
    case R_X86_64.R_X86_64_PC64:
      return { siz: 8, addend: 8 };
    default:
      return undefined;
  }
}
