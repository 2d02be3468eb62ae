/**
 * DWARF register names for the machines Go targets, numbered as Go's assembler backends number them
 * for DWARF (cmd/internal/obj/x86/a.out.go AMD64DWARFRegisters and X86DWARFRegisters,
 * obj/arm64/a.out.go ARM64DWARFRegisters, obj/arm/a.out.go ARMDWARFRegisters, obj/riscv/cpu.go
 * RISCV64DWARFRegisters, obj/ppc64/a.out.go PPC64DWARFRegisters, obj/s390x/a.out.go
 * S390XDWARFRegisters, obj/loong64/a.out.go LOONG64DWARFRegisters), which follow each psABI. The
 * names are the psABI's (as llvm-dwarfdump spells them for x86), so a reader can look them up.
 */
import { amd64RegName } from "./expr.js";

/** The machines whose register numbering is known; the name is Go's GOARCH. */
export type Arch = "amd64" | "386" | "arm64" | "arm" | "riscv64" | "ppc64le" | "ppc64" | "s390x" | "loong64";

/** A register number to its name, or undefined when the machine has none at that number. */
export type RegNamer = (reg: number) => string | undefined;

/** ELF e_machine (and class) to the GOARCH it names, or undefined for machines Go does not target. */
export function archOfElf(machine: number, elfClass: number, littleEndian: boolean): Arch | undefined {
  switch (machine) {
    case 62:
      return "amd64";
    case 3:
      return "386";
    case 183:
      return "arm64";
    case 40:
      return "arm";
    case 243:
      return elfClass === 2 ? "riscv64" : undefined;
    case 21:
      return littleEndian ? "ppc64le" : "ppc64";
    case 22:
      return "s390x";
    case 258:
      return "loong64";
    default:
      return undefined;
  }
}

function table(entries: [number, string][]): RegNamer {
  const m = new Map(entries);
  return (r) => m.get(r);
}

function run(prefix: string, n: number, base: number, first = 0, step = 1): [number, string][] {
  return Array.from({ length: n }, (_, i) => [base + i, `${prefix}${first + i * step}`] as [number, string]);
}

const seg = (base: number): [number, string][] =>
  ["ES", "CS", "SS", "DS", "FS", "GS"].map((s, i) => [base + i, s] as [number, string]);

/** amd64: the psABI's 0-16 and the vector, x87 and MMX registers after them (llvm-dwarfdump's names). */
const amd64: RegNamer = (() => {
  const more = table([
    [49, "RFLAGS"],
    ...seg(50),
    [62, "TR"],
    [63, "LDTR"],
    ...run("XMM", 16, 67, 16),
    ...run("K", 8, 118),
  ]);
  return (r) => amd64RegName(r) ?? more(r);
})();

const i386 = table([
  ...["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EIP", "EFLAGS"].map(
    (s, i) => [i, s] as [number, string],
  ),
  ...run("ST", 8, 11),
  ...run("XMM", 8, 21),
  ...run("MM", 8, 29),
  [39, "MXCSR"],
  ...seg(40),
  [48, "TR"],
  [49, "LDTR"],
]);

/** arm64: X0-X30 (Go's R0-R30; X30 is the link register), SP (Go's RSP), V0-V31 (Go's F and V). */
const arm64 = table([...run("X", 31, 0), [31, "SP"], [32, "PC"], ...run("V", 32, 64)]);

/** arm: R0-R15 (SP, LR, PC by their roles) and the VFP S registers Go's F0-F15 alias (64 + 2n). */
const arm = table([...run("R", 13, 0), [13, "SP"], [14, "LR"], [15, "PC"], ...run("S", 32, 64)]);

const riscv64 = table([...run("X", 32, 0), ...run("F", 32, 32)]);

const ppc64 = table([
  ...run("R", 32, 0),
  ...run("F", 32, 32),
  [65, "LR"],
  [66, "CTR"],
  ...run("CR", 8, 68),
  [76, "XER"],
  ...run("V", 32, 77),
]);

/** s390x: the psABI numbers the floating-point registers out of order (F0 F2 F4 F6 F1 F3 ...). */
const s390x = table([
  ...run("R", 16, 0),
  ...[0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15].map(
    (f, i) => [16 + i, `F${f}`] as [number, string],
  ),
  ...run("A", 16, 48),
]);

const loong64 = table([...run("R", 32, 0), ...run("F", 32, 32)]);

const NAMERS: Record<Arch, RegNamer> = {
  amd64,
  "386": i386,
  arm64,
  arm,
  riscv64,
  ppc64le: ppc64,
  ppc64,
  s390x,
  loong64,
};

/** The register names of `arch`; numbers only (undefined for every register) when it is unknown. */
export function regNamer(arch: Arch | undefined): RegNamer {
  return arch === undefined ? () => undefined : NAMERS[arch];
}

/** Register text for frame tables: the name, or "reg<N>" as llvm-dwarfdump prints an unknown one. */
export function regText(names: RegNamer, r: number): string {
  return names(r) ?? `reg${r}`;
}
