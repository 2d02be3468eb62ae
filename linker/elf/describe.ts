/**
 * The inverse of the writer: the {@link ElfImage} description of an executable that Go's internal
 * linker wrote, read with the ELF reader. Writing the description back gives the same bytes (tested
 * on real go1.26 builds), which is what makes it useful: take a real Go binary apart, change its
 * .debug_* sections (compress, strip, split), and write it again the way cmd/link would have.
 */
import { EM, hasFlag, SHF, SHN, SHT, STT } from "../../elf/constants.js";
import type { ElfFile } from "../../elf/reader.js";
import type {
  ElfImage,
  ElfMachine,
  ImageDebugSection,
  ImageNote,
  ImageSection,
  ImageSymbol,
} from "./image.js";

/**
 * Describes `elf` (an ET_EXEC from cmd/link's internal linking) as an ElfImage: allocated sections
 * with their addresses and bytes, SHT_NOTE sections as notes (owner names with their exact NUL
 * padding), non-allocated sections other than the symbol and string tables as `debug`, and the
 * symbols after the null symbol (a leading STT_FILE "go.go" becomes `fileSymbol`).
 */
export function describeElf(elf: ElfFile): ElfImage {
  const machine: ElfMachine = elf.header.machine === EM.AARCH64 ? "arm64" : "amd64";
  if (elf.header.class !== 2 || !elf.littleEndian)
    throw new Error("describeElf: only ELF64 little-endian images");
  const sections: ImageSection[] = [];
  const notes: ImageNote[] = [];
  const debug: ImageDebugSection[] = [];
  for (const s of elf.sections) {
    if (s.index === 0) continue;
    if (s.type === SHT.NOTE) {
      const raw = elf.rawSectionData(s);
      const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const namesz = v.getUint32(0, true);
      const descsz = v.getUint32(4, true);
      const name = String.fromCharCode(...raw.subarray(12, 12 + namesz));
      const at = 12 + Math.ceil(namesz / 4) * 4;
      notes.push({ section: s.name, name, type: v.getUint32(8, true), desc: raw.slice(at, at + descsz) });
      continue;
    }
    if (hasFlag(s.flags, SHF.ALLOC)) {
      const sec: ImageSection = {
        name: s.name,
        type: s.type,
        flags: s.flags,
        addr: Number(s.addr),
        align: s.addralign,
      };
      if (s.entsize !== 0) sec.entsize = s.entsize;
      if (s.type === SHT.NOBITS) sec.size = s.size;
      else sec.data = elf.rawSectionData(s);
      sections.push(sec);
      continue;
    }
    if (s.type === SHT.SYMTAB || s.type === SHT.STRTAB) continue;
    const d: ImageDebugSection = { name: s.name, data: elf.rawSectionData(s), align: s.addralign };
    if (s.flags !== 0) d.flags = s.flags;
    if (s.type !== SHT.PROGBITS) d.type = s.type;
    debug.push(d);
  }
  sections.sort((a, b) => a.addr! - b.addr!);
  notes.sort((a, b) => noteOffset(elf, a) - noteOffset(elf, b));
  const image: ElfImage = { machine, entry: Number(elf.header.entry), sections, notes, debug };
  const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB);
  if (symtab !== undefined) {
    const all = elf.readSymbols(symtab).slice(1);
    const first = all[0];
    if (first !== undefined && first.type === STT.FILE && first.shndx === SHN.ABS) {
      image.fileSymbol = first.name;
      all.shift();
    } else {
      image.fileSymbol = null;
    }
    const names = new Map(elf.sections.map((s) => [s.index, s.name]));
    image.symbols = all.map((y): ImageSymbol => {
      const inSection = y.shndx !== SHN.UNDEF && y.shndx < SHN.LORESERVE;
      const sym: ImageSymbol = {
        name: y.name,
        value: Number(y.value),
        size: Number(y.size),
        type: y.type,
        bind: y.bind,
        section: inSection ? names.get(y.shndx)! : y.shndx,
      };
      if (y.other !== 0) sym.other = y.other;
      return sym;
    });
    // A name shared by two sections would resolve to the first; keep the raw index then.
    for (const [i, y] of all.entries()) {
      const n = names.get(y.shndx);
      if (n !== undefined && elf.sections.findIndex((s) => s.name === n) !== y.shndx)
        image.symbols[i]!.section = y.shndx;
    }
  }
  return image;
}

function noteOffset(elf: ElfFile, n: ImageNote): number {
  return elf.sections.find((s) => s.name === n.section)?.offset ?? 0;
}
