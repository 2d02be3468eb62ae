/**
 * Loading a host object, an ELF relocatable file gcc made for cgo (cmd/link/internal/loadelf/
 * ldelf.go: Load, readelfsym), Go 1.26, linux/amd64:
 *
 * - every allocated PROGBITS or NOBITS section becomes a file-local symbol `PKG(SECTION)` holding
 *   its bytes, of a kind from its flags (STEXT, SRODATA, SNOPTRDATA, SNOPTRBSS; SELFGOT for .got),
 *   aligned as the section is;
 * - the object's symbols defined in such a section become interior symbols of it (subsym.ts), at
 *   their offsets, taking its kind: global ones by name (a cgo export's Go symbol when there is one,
 *   loader.LookupOrCreateCgoExport), local ones as new file-local symbols; common symbols become
 *   SNOPTRBSS; undefined ones are looked up by name (SXREF when nothing defines them yet);
 * - the relocations of the loaded sections go onto the section symbols, as ELF relocation kinds;
 * - the text sections and their interior symbols, in section order, are returned: ldobj appends
 *   them to ctxt.Textp, ahead of every Go function.
 */
import { FormatError } from "../dwarf/errors.js";
import { EM, ET, SHF, SHN, SHT, STB, STT, STV } from "../elf/constants.js";
import { type ElfFile, type ElfSection, type ElfSymbol, readElf } from "../elf/reader.js";
import type { CgoAttrs } from "./cgo.js";
import { elfRelocName, relSize } from "./elfreloc.js";
import { LinkError, type Loader } from "./load.js";
import type { SubSyms } from "./subsym.js";
import { LinkSym, type LinkSymKind } from "./sym.js";

/** What loading a host object reads and changes besides the loader's symbols. */
export interface HostLoader {
  ld: Loader;
  subs: SubSyms;
  cgo: CgoAttrs;
  /** loader.MakeSymbolUpdater: a symbol an object defines becomes the linker's own. */
  update(s: LinkSym): LinkSym;
  /** AttrExternal: text symbols a host object defined (a second definition is an error). */
  hostText: Set<LinkSym>;
}

/** ELF magic: ldobj hands a member starting with it to ldelf. */
export function isElfObject(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** loader.CreateStaticSym: a new file-local symbol, never found by name. */
function createStaticSym(ld: Loader, name: string): LinkSym {
  const s = new LinkSym(name, "Sxxx");
  s.static = true;
  s.ver = -1;
  ld.define(s);
  return s;
}

/** loader.LookupOrCreateCgoExport at version 0: a cgo-exported Go symbol, else the ABI0 one. */
function lookupOrCreateCgoExport(h: HostLoader, name: string): LinkSym {
  return h.cgo.cgoExports.get(name) ?? h.ld.lookupOrCreate(name, "Sxxx", 0);
}

/** ldelf.go, ElfSect: a section and the symbol made for it. */
interface ElfSect {
  s: ElfSection;
  /** Mapped (elfmap): its bytes were read. */
  mapped: boolean;
  sym: LinkSym | undefined;
}

/**
 * ldelf.go, Load: read host object `data` (archive member `pn` of package prefix `pkg`) into the
 * loader. Returns the text symbols for ctxt.Textp.
 */
export function loadelf(h: HostLoader, data: Uint8Array, pkg: string, pn: string): LinkSym[] {
  const { ld, subs } = h;
  const fail = (msg: string): never => {
    throw new LinkError(`loadelf: ${pn}: ${msg}`);
  };
  let f: ElfFile;
  try {
    f = readElf(data, pn);
  } catch (e) {
    if (e instanceof FormatError) fail(`malformed elf file: ${e.message}`);
    throw e;
  }
  const hdr = f.header;
  if (hdr.type !== ET.REL) fail("elf but not elf relocatable object");
  if (!hdr.littleEndian || hdr.machine !== EM.X86_64 || hdr.class !== 2) fail("elf object but not amd64");
  const sects: ElfSect[] = f.sections.map((s) => ({ s, mapped: false, sym: undefined }));
  const symtab = f.sections.find((s) => s.name === ".symtab");
  // No symbols: nothing can refer to this file.
  if (symtab === undefined) return [];
  if (symtab.link <= 0 || symtab.link >= sects.length)
    fail("elf object has symbol table with invalid string table link");
  const elfsyms = f.readSymbols(symtab);

  // Symbols for the allocated sections.
  const sectsymNames = new Set<string>();
  let counter = 0;
  for (const sect of sects) {
    const { s } = sect;
    if ((s.type !== SHT.PROGBITS && s.type !== SHT.NOBITS) || (s.flags & SHF.ALLOC) === 0) continue;
    if (s.type !== SHT.NOBITS) sect.mapped = true;
    let name = `${pkg}(${s.name})`;
    while (sectsymNames.has(name)) {
      counter++;
      name = `${pkg}(${s.name}${counter})`;
    }
    sectsymNames.add(name);
    const sb = createStaticSym(ld, name);
    let kind: LinkSymKind;
    switch (s.flags & (SHF.ALLOC | SHF.WRITE | SHF.EXECINSTR)) {
      case SHF.ALLOC:
        kind = "SRODATA";
        break;
      case SHF.ALLOC | SHF.WRITE:
        kind = s.type === SHT.NOBITS ? "SNOPTRBSS" : "SNOPTRDATA";
        break;
      case SHF.ALLOC | SHF.EXECINSTR:
        kind = "STEXT";
        break;
      default:
        return fail(`${pn}: unexpected flags for ELF section ${s.name}`);
    }
    if (s.name === ".got" || s.name === ".toc") kind = "SELFGOT";
    sb.type = kind;
    if (s.type === SHT.PROGBITS) sb.setData(f.rawSectionData(s));
    else sb.size = s.size;
    sb.align = s.addralign;
    sect.sym = sb;
  }

  // The symbols, entered into their sections.
  const symbols: (LinkSym | undefined)[] = new Array(elfsyms.length);
  for (let i = 1; i < elfsyms.length; i++) {
    const es = elfsyms[i]!;
    const s = readelfsym(h, sects, es);
    symbols[i] = s;
    if (es.type !== STT.FUNC && es.type !== STT.OBJECT && es.type !== STT.NOTYPE && es.type !== STT.COMMON)
      continue;
    if (es.shndx === SHN.COMMON || es.type === STT.COMMON) {
      const sb = h.update(s!);
      if (sb.size < Number(es.size)) sb.size = Number(es.size);
      if (sb.type === "Sxxx" || sb.type === "SXREF") sb.type = "SNOPTRBSS";
      continue;
    }
    if (es.shndx >= sects.length || es.shndx === 0) continue;
    if (s === undefined) continue;
    const sect = sects[es.shndx]!;
    if (sect.sym === undefined) {
      // gcc and clang leave a few symbols in unloaded (debug) sections.
      if (es.type === STT.NOTYPE && sect.s.name.startsWith(".debug_") && es.name === "") continue;
      if (es.name.startsWith(".Linfo_string")) continue;
      if (/^\.(LASF|LLRL|LLST|LVUS)/.test(es.name)) continue;
      fail(
        `sym#${i} (${JSON.stringify(es.name)}): ignoring symbol in section ${es.shndx} (${JSON.stringify(sect.s.name)}) (type ${es.type})`,
      );
    }
    if (subs.OuterSym(s) !== undefined) {
      if (s.dupok) continue;
      fail(`duplicate symbol reference: ${s.name} in both ${subs.OuterSym(s)!.name} and ${sect.sym!.name}`);
    }
    const container = sect.sym!;
    const sb = h.update(s);
    sb.type = container.type;
    subs.AddInteriorSym(container, sb);
    if (!h.cgo.cgoExportDynamic.has(sb)) h.cgo.dynimplib.set(sb, "");
    sb.value = Number(es.value);
    sb.size = Number(es.size);
    if (container.type === "STEXT") {
      if (h.hostText.has(sb) && !sb.dupok) fail(`${sb.name}: duplicate symbol definition`);
      h.hostText.add(sb);
    }
  }

  // Interior lists sorted by offset; text sections and their symbols for Textp.
  const textp: LinkSym[] = [];
  const onList = new Set<LinkSym>();
  for (const sect of sects) {
    const s = sect.sym;
    if (s === undefined) continue;
    subs.SortSub(s);
    if (s.type !== "STEXT") continue;
    if (onList.has(s)) fail(`symbol ${s.name} listed multiple times`);
    onList.add(s);
    textp.push(s);
    for (const ss of subs.subs(s)) {
      if (onList.has(ss)) fail(`symbol ${ss.name} listed multiple times`);
      onList.add(ss);
      textp.push(ss);
    }
  }

  // Relocations of the loaded sections.
  for (const rsect of f.sections) {
    if (rsect.type !== SHT.RELA && rsect.type !== SHT.REL) continue;
    const target = sects[rsect.info];
    if (target === undefined || !target.mapped || target.sym === undefined) continue;
    const rela = rsect.type === SHT.RELA;
    const p = f.rawSectionData(rsect);
    const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
    const entsize = rela ? 24 : 16;
    const sb = target.sym;
    const added: LinkSym["R"] = [];
    for (let at = 0; at + entsize <= p.length; at += entsize) {
      const off = Number(dv.getBigUint64(at, true));
      const info = dv.getBigUint64(at + 8, true);
      const type = Number(info & 0xffffffffn);
      const symIdx = Number(info >> 32n);
      // R_*_NONE.
      if (type === 0) continue;
      const name = elfRelocName(type);
      const size = relSize(type);
      if (name === undefined || size === undefined)
        throw new LinkError(`${pn}: unknown relocation type ${type}; compiled without -fpic?`);
      let add: number;
      if (rela) add = Number(dv.getBigInt64(at + 16, true));
      else {
        // REL: the addend is in the image.
        const img = new DataView(sb.P.buffer, sb.P.byteOffset, sb.P.byteLength);
        add = size.siz === 4 ? img.getUint32(off, true) : Number(img.getBigInt64(off, true));
      }
      if (size.addend === 4) add |= 0;
      // An absolute relocation (no symbol) changes nothing the model follows.
      if (symIdx === 0) continue;
      if (symIdx >= elfsyms.length) fail("malformed elf file: invalid elf symbol index");
      const rs = symbols[symIdx];
      if (rs === undefined) {
        const es = elfsyms[symIdx]!;
        fail(
          `malformed elf file: ${sb.name}#${added.length}: reloc of invalid sym #${symIdx} ${es.name} shndx=${es.shndx} type=${es.type}`,
        );
      }
      added.push({ off: off | 0, siz: size.siz, type: name, sym: rs!, add });
    }
    // SortRelocs.
    const all = [...sb.R, ...added].map((r, i) => ({ r, i })).sort((a, b) => a.r.off - b.r.off || a.i - b.i);
    sb.R.length = 0;
    for (const { r } of all) sb.R.push(r);
  }
  return textp;
}

/**
 * ldelf.go, readelfsym with needSym: the loader symbol of an ELF symbol, made as ldelf makes it
 * (undefined for the kinds it ignores). Relocations use the symbols this made, by index.
 */
function readelfsym(h: HostLoader, sects: readonly ElfSect[], es: ElfSymbol): LinkSym | undefined {
  const name = es.name === "_GLOBAL_OFFSET_TABLE_" ? ".got" : es.name;
  let s: LinkSym | undefined;
  switch (es.type) {
    case STT.SECTION:
      s = sects[es.shndx]?.sym;
      break;
    case STT.OBJECT:
    case STT.FUNC:
    case STT.NOTYPE:
    case STT.COMMON:
      switch (es.bind) {
        case STB.GLOBAL:
          s = lookupOrCreateCgoExport(h, name);
          // A global hidden symbol: may be defined twice (__i686.get_pc_thunk.bx).
          if (es.other === STV.HIDDEN) h.update(s).dupok = true;
          break;
        case STB.LOCAL:
          // Local names are referred to by index only.
          s = createStaticSym(h.ld, name);
          break;
        case STB.WEAK:
          s = lookupOrCreateCgoExport(h, name);
          // Weak symbols may be defined twice.
          if (h.subs.OuterSym(s) !== undefined) s.dupok = true;
          break;
        default:
          throw new LinkError(`${name}: invalid symbol binding ${es.bind}`);
      }
      break;
    default:
      break;
  }
  if (s !== undefined && s.type === "Sxxx" && es.type !== STT.SECTION) h.update(s).type = "SXREF";
  return s;
}
