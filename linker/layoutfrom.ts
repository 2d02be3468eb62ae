/**
 * `--layout-from BINARY`: take the addresses of a link from the binary Go built instead of the
 * model's layout (golayout.ts). The fallback for what the model does not lay out exactly yet
 * (other build modes), and a way to tell a layout difference from a DWARF one: every text and data symbol goes where
 * the binary's .symtab puts it, named as genelfsym/putelfsym name them (cmd/link/internal/ld
 * symtab.go: mangleABIName's ".abi0" for an ABI0 function with an ABIInternal twin, "·" written
 * as "."). Symbols the symbol table leaves out (type descriptors, Go strings, static temporaries,
 * funcdata) cannot be placed this way; they are returned by name.
 */
import { SHF, STT } from "../elf/constants.js";
import type { ElfFile } from "../elf/reader.js";
import type { OutSection } from "./layout.js";
import type { Loader } from "./load.js";
import { type LinkSym, SymVerABIInternal } from "./sym.js";
import { isTextKind, type SymKind, symKindValue } from "./symkind.js";

/** What layoutFrom did. */
export interface LayoutFromResult {
  /** How many symbols got an address. */
  placed: number;
  /** The kept text and data symbols the symbol table does not name, by name ("" for anonymous). */
  unplaced: string[];
  /** Those symbols themselves. */
  unplacedSyms: LinkSym[];
  /** The binary's allocated sections. */
  sections: OutSection[];
}

/** symtab.go, mangleABIName and putelfsym's "·" rewrite: the name .symtab gives `s`. */
export function elfSymName(ld: Loader, s: LinkSym): string {
  let name = s.name;
  if (isTextKind(s.type) && s.ver !== SymVerABIInternal && !s.static) {
    const twin = ld.lookup(name, SymVerABIInternal);
    if (twin !== undefined && isTextKind(twin.type)) name = `${name}.abi${s.ver}`;
  }
  return name.replaceAll("·", ".");
}

/** Kinds genelfsym writes: text, and SELFRXSECT up to SFirstUnallocated. */
function laidOut(k: SymKind): boolean {
  const v = symKindValue(k);
  return isTextKind(k) || (v >= symKindValue("SELFRXSECT") && v < symKindValue("SFirstUnallocated"));
}

/**
 * Give every kept text and data symbol of `ld` the address and section `elf`'s .symtab records
 * for its name. Symbols of one name (file-local ones) are matched in order: text in ld.textp
 * order, data in loader order, as genelfsym writes them. ld.textp is then sorted by address.
 */
export function layoutFrom(ld: Loader, elf: ElfFile): LayoutFromResult {
  const byIndex = new Map(elf.sections.map((s) => [s.index, s]));
  const entries = new Map<string, { value: number; sect: string }[]>();
  for (const e of elf.symbols()) {
    if (e.name === "" || e.type === STT.SECTION || e.type === STT.FILE) continue;
    const sec = byIndex.get(e.shndx);
    if (sec === undefined || e.shndx === 0) continue;
    const list = entries.get(e.name);
    const at = { value: Number(e.value), sect: sec.name };
    if (list === undefined) entries.set(e.name, [at]);
    else list.push(at);
  }
  const unplaced: string[] = [];
  const unplacedSyms: LinkSym[] = [];
  let placed = 0;
  const place = (s: LinkSym): void => {
    const at = entries.get(elfSymName(ld, s))?.shift();
    if (at === undefined) {
      unplaced.push(s.name);
      unplacedSyms.push(s);
      return;
    }
    s.value = at.value;
    s.sect = at.sect;
    placed++;
  };
  const inTextp = new Set(ld.textp);
  for (const s of ld.textp) place(s);
  for (const s of ld.syms) {
    if (!s.reachable || inTextp.has(s) || !laidOut(s.type)) continue;
    place(s);
  }
  ld.textp = ld.textp
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.value - b.s.value || a.i - b.i)
    .map((x) => x.s);
  const sections = elf.sections
    .filter((s) => s.addr !== 0n && (s.flags & SHF.ALLOC) !== 0)
    .map((s) => ({ name: s.name, vaddr: Number(s.addr), length: s.size }));
  return { placed, unplaced, unplacedSyms, sections };
}
