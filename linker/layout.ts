/**
 * Addresses: text like cmd/link's textaddress and assignAddress (ld/data.go) for linux/amd64, and
 * a simple data layout standing in for dodata + address, Go 1.26.
 *
 * Text is exact for what the model has: -T defaults to INITTEXT = Rnd(1<<22, 4096) + ELFRESERVE
 * = 0x401000 (amd64/obj.go archinit, Hlinux), each function is aligned to max(SymAlign,
 * Funcalign = 32) (amd64/l.go funcAlign) and takes max(size, MINFUNC = 16) bytes (abi.MINFUNC).
 * What a real binary puts first in .text (go:buildid, the runtime, assembly) is not there unless
 * the objects are.
 *
 * Data is approximate: Go sorts data symbols by size within each section (dodataSect) and places
 * more sections (.gopclntab, .typelink, .go.buildinfo, ...). Here .rodata (type descriptors and
 * SRODATA) starts at the first page after the text, and .noptrdata, .data, .bss, .noptrbss follow
 * it from the next page on, each symbol in definition order at symalign's alignment.
 */
import { isDataKind, type Loader } from "./load.js";
import { type LinkSym, type LinkSymKind, Rnd } from "./sym.js";

/** amd64 linux: Rnd(1<<22, FlagRound) + HEADR (ELFRESERVE). */
export const INITTEXT = 0x401000;
/** amd64/l.go funcAlign. */
export const FUNCALIGN = 32;
/** internal/abi MINFUNC: the least room a function takes (findfunctab). */
export const MINFUNC = 16;
/** amd64 sys.Arch MinLC. */
export const MINLC = 1;
/** -R default for ELF (FlagRound). */
export const FLAGROUND = 4096;
/** amd64 Maxalign / Minalign (symalign). */
const MAXALIGN = 32;
const MINALIGN = 1;

export interface TextLayoutOptions {
  /** -T: where text starts (default INITTEXT). */
  textStart?: number;
  /** -funcalign (default FUNCALIGN). */
  funcAlign?: number;
}

export interface OutSection {
  name: string;
  vaddr: number;
  length: number;
}

/** data.go, textaddress: give every symbol of Textp its address; returns the .text section. */
export function textaddress(ld: Loader, opts: TextLayoutOptions = {}): OutSection {
  const funcAlign = opts.funcAlign ?? FUNCALIGN;
  const start = Rnd(opts.textStart ?? INITTEXT, funcAlign);
  let va = start;
  for (const s of ld.textp) va = assignAddress(s, va, funcAlign);
  // runtime.etext is va; the section adds MinLC so that nothing else lands on it.
  return { name: ".text", vaddr: start, length: va - start + MINLC };
}

/** data.go, assignAddress (no trampolines, no section splitting: amd64 needs neither). */
export function assignAddress(s: LinkSym, va: number, funcAlign: number): number {
  const align = Math.max(s.align, funcAlign);
  const at = Rnd(va, align);
  s.value = at;
  s.sect = ".text";
  return at + Math.max(s.size, MINFUNC);
}

/** data.go, symalign: the alignment of a data symbol without an explicit one. */
export function symalign(s: LinkSym): number {
  if (s.align >= MINALIGN) return s.align;
  let align = MAXALIGN;
  while (align > s.size && align > MINALIGN) align >>= 1;
  return align;
}

const sectionOf: Readonly<Partial<Record<LinkSymKind, string>>> = {
  STYPE: ".rodata",
  SRODATA: ".rodata",
  SNOPTRDATA: ".noptrdata",
  SDATA: ".data",
  SBSS: ".bss",
  SNOPTRBSS: ".noptrbss",
};

/**
 * The data layout: every data or type symbol gets a size (`sizeOf`, when it has none), an address
 * and a section. `textEnd` is the end of .text.
 */
export function dataaddress(ld: Loader, textEnd: number, sizeOf: (s: LinkSym) => number): OutSection[] {
  const bySect = new Map<string, LinkSym[]>();
  for (const s of ld.syms) {
    // loader.TopLevelSym: an anonymous data symbol (a FuncInfo, a pc-value table) is an aux symbol.
    if (!isDataKind(s.type) || s.name === "") continue;
    const sect = sectionOf[s.type]!;
    const list = bySect.get(sect);
    if (list === undefined) bySect.set(sect, [s]);
    else list.push(s);
  }
  const out: OutSection[] = [];
  let va = Rnd(textEnd, FLAGROUND);
  const place = (name: string): void => {
    const syms = bySect.get(name) ?? [];
    const start = Rnd(va, MAXALIGN);
    va = start;
    // allocateDataSections: skip a byte before the types, so that no type reference (an offset
    // from the section's start, R_ADDROFF) is 0, which reads as no type.
    if (name === ".rodata" && syms.length > 0) va++;
    for (const s of syms) {
      if (s.size === 0) s.size = sizeOf(s);
      va = Rnd(va, symalign(s));
      s.value = va;
      s.sect = name;
      va += s.size;
    }
    out.push({ name, vaddr: start, length: va - start });
  };
  place(".rodata");
  va = Rnd(va, FLAGROUND);
  for (const name of [".noptrdata", ".data", ".bss", ".noptrbss"]) place(name);
  return out;
}
