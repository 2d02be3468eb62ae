/**
 * An ELF reader (ELF32 and ELF64, either byte order) for what a DWARF consumer needs: the header,
 * program and section headers, section contents (decompressed), symbols and notes.
 *
 * Models debug/elf/file.go: NewFile (header checks, extended section numbering), Section.Data and
 * Section.Open (SHF_COMPRESSED, .zdebug_*), getSymbols32/64, and File.DWARF (the .debug_* and
 * .zdebug_* mapping). Every read goes through a bounds-checked Cursor, so malformed input always
 * surfaces as a FormatError naming the structure ("ELF header", "section headers", ".debug_info")
 * and the offset within it.
 */
import { FormatError, isFormatError } from "../dwarf/errors.js";
import { Cursor, stringAt } from "../dwarf/read/cursor.js";
import { archOfElf } from "../dwarf/read/regs.js";
import { DWARF_SECTION_NAMES, type DwarfSectionName, type DwarfSections } from "../dwarf/read/sections.js";
import {
  type CompressionHeader,
  decompressChdr,
  decompressZdebug,
  defaultDecompressionLimit,
  readChdr,
  readZdebugHeader,
} from "./compress.js";
import { EI, EM, ET, ELF_SIZES, type ElfClass, EV_CURRENT, hasFlag, PT, SHF, SHN, SHT } from "./constants.js";
import { type ElfNote, parseNotes } from "./notes.js";

/** The file header (Elf32_Ehdr / Elf64_Ehdr), with extended numbering already resolved. */
export interface ElfHeader {
  /** ELFCLASS32 (1) or ELFCLASS64 (2). */
  class: ElfClass;
  /** ELFDATA2LSB (1) or ELFDATA2MSB (2). */
  data: 1 | 2;
  littleEndian: boolean;
  version: number;
  osabi: number;
  abiVersion: number;
  /** ET_*. */
  type: number;
  /** EM_*. */
  machine: number;
  entry: bigint;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  /** Number of program headers (from section 0's sh_info when e_phnum is PN_XNUM). */
  phnum: number;
  shentsize: number;
  /** Number of section headers (from section 0's sh_size when e_shnum is 0). */
  shnum: number;
  /** Index of the section name table (from section 0's sh_link when e_shstrndx is SHN_XINDEX). */
  shstrndx: number;
}

/** One section header (Elf32_Shdr / Elf64_Shdr) and its resolved name. */
export interface ElfSection {
  index: number;
  name: string;
  /** sh_name: offset of the name in the section name table. */
  nameOffset: number;
  /** SHT_*. */
  type: number;
  /** SHF_* bits (exact; sh_flags beyond 2^53 are rejected). */
  flags: number;
  addr: bigint;
  /** File offset of the contents. */
  offset: number;
  /** sh_size: bytes in the file (compressed size for SHF_COMPRESSED; memory size for NOBITS). */
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** The compression header of a SHF_COMPRESSED section. */
  compression?: CompressionHeader;
}

/** One program header (Elf32_Phdr / Elf64_Phdr). */
export interface ElfSegment {
  index: number;
  /** PT_*. */
  type: number;
  /** PF_* bits. */
  flags: number;
  offset: number;
  vaddr: bigint;
  paddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

/** One symbol (Elf32_Sym / Elf64_Sym). `index` is its position in the table (0 is the null symbol). */
export interface ElfSymbol {
  index: number;
  name: string;
  value: bigint;
  size: bigint;
  info: number;
  other: number;
  /** STB_* (high nibble of st_info). */
  bind: number;
  /** STT_* (low nibble of st_info). */
  type: number;
  /** STV_* (low two bits of st_other). */
  visibility: number;
  /** Section index, with SHN_XINDEX resolved through SHT_SYMTAB_SHNDX. */
  shndx: number;
}

export interface ReadElfOptions {
  /**
   * The decompression budget of the whole file: the most bytes all its compressed sections may
   * inflate to together, each section's declared size charged against it before it is inflated
   * (so seven sections each under a per-section limit cannot add up to gigabytes). Default:
   * {@link defaultDecompressionLimit}, 64 times the file size or 1 GiB, whichever is smaller.
   */
  maxDecompressedSize?: number;
}

/** Reads an ELF image. `file` names it in error messages. Throws FormatError on malformed input. */
export function readElf(bytes: Uint8Array, file?: string, opts: ReadElfOptions = {}): ElfFile {
  return withFile(file, () => new ElfFile(bytes, file, opts));
}

function withFile<T>(file: string | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (file !== undefined && isFormatError(e)) throw e.inFile(file);
    throw e;
  }
}

const HEADER = "ELF header";
const PHDRS = "program headers";
const SHDRS = "section headers";

export class ElfFile {
  readonly header: ElfHeader;
  readonly segments: readonly ElfSegment[];
  readonly sections: readonly ElfSection[];
  /** The decompression budget of the whole file (see {@link ReadElfOptions}). */
  readonly maxDecompressedSize: number;
  /** What the sections decompressed so far have taken from the budget. */
  private decompressedTotal = 0;
  private readonly decoded = new Map<number, Uint8Array>();

  /** The whole image, as a plain Uint8Array (a Node Buffer is re-viewed, not copied). */
  readonly bytes: Uint8Array;

  /** Use {@link readElf}, which also names the file in errors. */
  constructor(
    bytes: Uint8Array,
    readonly file: string | undefined = undefined,
    opts: ReadElfOptions = {},
  ) {
    // Views of a Buffer are Buffers; plain views keep results comparable and JSON-friendly.
    this.bytes =
      Object.getPrototypeOf(bytes) === Uint8Array.prototype
        ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxDecompressedSize = opts.maxDecompressedSize ?? defaultDecompressionLimit(bytes.length);
    this.header = readHeader(this.bytes);
    this.segments = readSegments(this.bytes, this.header);
    this.sections = readSections(this.bytes, this.header);
  }

  get littleEndian(): boolean {
    return this.header.littleEndian;
  }

  /** The first section called `name`. */
  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** The section's bytes as stored in the file (a view; empty for SHT_NOBITS). */
  rawSectionData(sec: ElfSection): Uint8Array {
    return withFile(this.file, () => {
      if (sec.type === SHT.NOBITS) return new Uint8Array(0);
      const end = sec.offset + sec.size;
      if (end > this.bytes.length) {
        throw new FormatError(
          elfSectionLabel(sec),
          0,
          `contents at file offset 0x${sec.offset.toString(16)} (0x${sec.size.toString(16)} bytes) run past the end of the file (0x${this.bytes.length.toString(16)} bytes)`,
        );
      }
      return this.bytes.subarray(sec.offset, end);
    });
  }

  /**
   * The section's contents, decompressed when it is SHF_COMPRESSED or a legacy .zdebug_* section
   * (debug/elf Section.Data). Decompressed results are cached.
   */
  sectionData(sec: ElfSection): Uint8Array {
    const raw = this.rawSectionData(sec);
    const compressed = sec.compression !== undefined || sec.name.startsWith(".zdebug_");
    if (!compressed) return raw;
    let data = this.decoded.get(sec.index);
    if (data === undefined) {
      data = withFile(this.file, () => {
        const label = elfSectionLabel(sec);
        const declared = sec.compression?.size ?? readZdebugHeader(raw, label)?.size ?? 0;
        const left = this.maxDecompressedSize - this.decompressedTotal;
        if (declared > left) {
          const before =
            this.decompressedTotal === 0
              ? ""
              : ` after 0x${this.decompressedTotal.toString(16)} bytes of other sections`;
          throw new FormatError(
            label,
            0,
            `declared uncompressed size 0x${declared.toString(16)} exceeds the limit 0x${left.toString(16)} left of the file's decompression budget 0x${this.maxDecompressedSize.toString(16)}${before} (64 times the file size, at most 1 GiB)`,
          );
        }
        this.decompressedTotal += declared;
        return sec.compression !== undefined
          ? decompressChdr(raw, label, this.header.class, this.littleEndian, left)
          : decompressZdebug(raw, label, left);
      });
      this.decoded.set(sec.index, data);
    }
    return data;
  }

  /** The .symtab symbols, null symbol included (debug/elf File.Symbols skips it). */
  symbols(): ElfSymbol[] {
    const s = this.sections.find((x) => x.type === SHT.SYMTAB);
    return s === undefined ? [] : this.readSymbols(s);
  }

  /** The .dynsym symbols, null symbol included. */
  dynamicSymbols(): ElfSymbol[] {
    const s = this.sections.find((x) => x.type === SHT.DYNSYM);
    return s === undefined ? [] : this.readSymbols(s);
  }

  /** debug/elf getSymbols32/getSymbols64: one symbol table with its string table (sh_link). */
  readSymbols(sec: ElfSection): ElfSymbol[] {
    return withFile(this.file, () => {
      const label = elfSectionLabel(sec);
      const cls = this.header.class;
      const entSize = ELF_SIZES[cls].sym;
      const data = this.sectionData(sec);
      if (data.length % entSize !== 0) {
        throw new FormatError(
          label,
          0,
          `size 0x${data.length.toString(16)} is not a multiple of the symbol size ${entSize}`,
        );
      }
      const strSec = this.sections[sec.link];
      if (strSec === undefined || sec.link === 0) {
        throw new FormatError(
          SHDRS,
          sec.index * this.header.shentsize,
          `${label} links to missing string table ${sec.link}`,
        );
      }
      const strtab = this.sectionData(strSec);
      const shndxSec = this.sections.find((x) => x.type === SHT.SYMTAB_SHNDX && x.link === sec.index);
      const shndxData = shndxSec === undefined ? undefined : this.sectionData(shndxSec);
      const shndxCur =
        shndxSec === undefined
          ? undefined
          : new Cursor(shndxData!, elfSectionLabel(shndxSec), this.littleEndian);
      const c = new Cursor(data, label, this.littleEndian);
      const out: ElfSymbol[] = [];
      for (let index = 0; !c.atEnd(); index++) {
        const at = c.pos;
        let nameOff: number;
        let value: bigint;
        let size: bigint;
        let info: number;
        let other: number;
        let shndx: number;
        if (cls === 1) {
          nameOff = c.u32("st_name");
          value = BigInt(c.u32("st_value"));
          size = BigInt(c.u32("st_size"));
          info = c.u8("st_info");
          other = c.u8("st_other");
          shndx = c.u16("st_shndx");
        } else {
          nameOff = c.u32("st_name");
          info = c.u8("st_info");
          other = c.u8("st_other");
          shndx = c.u16("st_shndx");
          value = c.u64("st_value");
          size = c.u64("st_size");
        }
        if (shndx === SHN.XINDEX && shndxCur !== undefined) {
          shndxCur.seek(Math.min(index * 4, shndxCur.end));
          shndx = shndxCur.u32("extended section index");
        }
        let name = "";
        if (nameOff !== 0) {
          try {
            name = stringAt(strtab, elfSectionLabel(strSec), nameOff);
          } catch (e) {
            if (isFormatError(e)) throw new FormatError(label, at, `symbol ${index}: ${e.problem}`);
            throw e;
          }
        }
        out.push({
          index,
          name,
          value,
          size,
          info,
          other,
          bind: info >> 4,
          type: info & 0xf,
          visibility: other & 3,
          shndx,
        });
      }
      return out;
    });
  }

  /** Notes from the SHT_NOTE sections, or from the PT_NOTE segments when there are no sections. */
  notes(): ElfNote[] {
    return withFile(this.file, () => {
      const out: ElfNote[] = [];
      const le = this.littleEndian;
      if (this.sections.length > 0) {
        for (const s of this.sections) {
          if (s.type !== SHT.NOTE) continue;
          out.push(...parseNotes(this.sectionData(s), elfSectionLabel(s), le, s.addralign));
        }
        return out;
      }
      for (const p of this.segments) {
        if (p.type !== PT.NOTE) continue;
        const label = `PT_NOTE[${p.index}]`;
        if (p.offset + p.filesz > this.bytes.length) {
          throw new FormatError(label, 0, "segment runs past the end of the file");
        }
        out.push(...parseNotes(this.bytes.subarray(p.offset, p.offset + p.filesz), label, le, p.align));
      }
      return out;
    });
  }
}

/** How a section is named in errors: its name, or its index when it has none that reads like one. */
export function elfSectionLabel(sec: ElfSection): string {
  // A name read through a damaged e_shstrndx or sh_name can be any bytes: name the section by
  // its index unless its name reads like one (".text", ".debug_info").
  return /^\.[\w.$-]+$/.test(sec.name) ? sec.name : `section [${sec.index}]`;
}

/** debug/elf NewFile, the identification and the file header. */
function readHeader(bytes: Uint8Array): ElfHeader {
  const id = new Cursor(bytes, HEADER, true, 0, Math.min(bytes.length, EI.NIDENT));
  id.need(EI.NIDENT, "e_ident");
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new FormatError(HEADER, 0, "bad magic number (not an ELF file)");
  }
  const cls = bytes[EI.CLASS]!;
  if (cls !== 1 && cls !== 2) throw new FormatError(HEADER, EI.CLASS, `unknown ELF class ${cls}`);
  const data = bytes[EI.DATA]!;
  if (data !== 1 && data !== 2) throw new FormatError(HEADER, EI.DATA, `unknown ELF data encoding ${data}`);
  const version = bytes[EI.VERSION]!;
  if (version !== EV_CURRENT) throw new FormatError(HEADER, EI.VERSION, `unknown ELF version ${version}`);
  const le = data === 1;
  const c = new Cursor(bytes, HEADER, le, EI.NIDENT);
  const type = c.u16("e_type");
  const machine = c.u16("e_machine");
  const vAt = c.pos;
  const v2 = c.u32("e_version");
  if (v2 !== version) throw new FormatError(HEADER, vAt, `mismatched ELF version ${v2}`);
  const wide = cls === 2;
  const entry = wide ? c.u64("e_entry") : BigInt(c.u32("e_entry"));
  const phoff = wide ? c.u64n("e_phoff") : c.u32("e_phoff");
  const shoffAt = c.pos;
  const shoff = wide ? c.u64n("e_shoff") : c.u32("e_shoff");
  const flags = c.u32("e_flags");
  const ehsize = c.u16("e_ehsize");
  const phentsize = c.u16("e_phentsize");
  const phnum = c.u16("e_phnum");
  const shentsize = c.u16("e_shentsize");
  const shnumAt = c.pos;
  const shnum = c.u16("e_shnum");
  const shstrndxAt = c.pos;
  const shstrndx = c.u16("e_shstrndx");
  const h: ElfHeader = {
    class: cls,
    data,
    littleEndian: le,
    version,
    osabi: bytes[EI.OSABI]!,
    abiVersion: bytes[EI.ABIVERSION]!,
    type,
    machine,
    entry,
    phoff,
    shoff,
    flags,
    ehsize,
    phentsize,
    phnum,
    shentsize,
    shnum,
    shstrndx,
  };
  if (shoff === 0 && shnum !== 0)
    throw new FormatError(HEADER, shnumAt, `e_shnum is ${shnum} but e_shoff is 0`);
  const sizes = ELF_SIZES[cls];
  if (phnum > 0 && phentsize < sizes.phdr) {
    throw new FormatError(HEADER, shnumAt - 6, `e_phentsize ${phentsize} is below ${sizes.phdr}`);
  }
  // Extended numbering (gABI): e_shnum 0, e_shstrndx SHN_XINDEX and e_phnum PN_XNUM (0xffff) defer
  // to fields of section header 0.
  if (shoff > 0 && (shnum === 0 || shstrndx === SHN.XINDEX || phnum === 0xffff)) {
    if (shentsize < sizes.shdr) {
      throw new FormatError(HEADER, shnumAt - 2, `e_shentsize ${shentsize} is below ${sizes.shdr}`);
    }
    if (shoff + sizes.shdr > bytes.length) {
      throw new FormatError(HEADER, shoffAt, `e_shoff 0x${shoff.toString(16)} is past the end of the file`);
    }
    const s0 = new Cursor(bytes, SHDRS, le, shoff, shoff + sizes.shdr, -shoff);
    s0.u32("sh_name");
    const t0 = s0.u32("sh_type");
    if (wide) s0.skip(24, "section 0");
    else s0.skip(12, "section 0");
    const sizeAt = s0.pos;
    const size0 = wide ? s0.u64n("sh_size") : s0.u32("sh_size");
    const link0 = s0.u32("sh_link");
    const info0 = s0.u32("sh_info");
    if (shnum === 0) {
      if (t0 !== SHT.NULL) throw new FormatError(SHDRS, 4, `section 0 has type ${t0}, want SHT_NULL`);
      if (size0 < SHN.LORESERVE) {
        throw new FormatError(
          SHDRS,
          sizeAt,
          `extended section count ${size0} in sh_size is below SHN_LORESERVE`,
        );
      }
      h.shnum = size0;
    }
    if (shstrndx === SHN.XINDEX) {
      if (link0 < SHN.LORESERVE) {
        throw new FormatError(
          SHDRS,
          sizeAt + (wide ? 8 : 4),
          `extended shstrndx ${link0} in sh_link is below SHN_LORESERVE`,
        );
      }
      h.shstrndx = link0;
    }
    if (phnum === 0xffff) h.phnum = info0;
  }
  if (h.shnum > 0 && h.shstrndx >= h.shnum) {
    throw new FormatError(
      HEADER,
      shstrndxAt,
      `e_shstrndx ${h.shstrndx} is not below the section count ${h.shnum}`,
    );
  }
  if (h.shnum > 0 && shentsize < sizes.shdr) {
    throw new FormatError(HEADER, shnumAt - 2, `e_shentsize ${shentsize} is below ${sizes.shdr}`);
  }
  return h;
}

/** A cursor over a table of `num` entries of `entsize` bytes at `off`, checked against the file. */
function tableCursor(
  bytes: Uint8Array,
  label: string,
  le: boolean,
  off: number,
  num: number,
  entsize: number,
): Cursor {
  const size = num * entsize;
  if (off + size > bytes.length) {
    throw new FormatError(
      label,
      0,
      `${num} entries of ${entsize} bytes at file offset 0x${off.toString(16)} run past the end of the file (0x${bytes.length.toString(16)} bytes)`,
    );
  }
  return new Cursor(bytes, label, le, off, off + size, -off);
}

function readSegments(bytes: Uint8Array, h: ElfHeader): ElfSegment[] {
  if (h.phnum === 0) return [];
  const c = tableCursor(bytes, PHDRS, h.littleEndian, h.phoff, h.phnum, h.phentsize);
  const out: ElfSegment[] = [];
  for (let index = 0; index < h.phnum; index++) {
    c.seek(h.phoff + index * h.phentsize);
    if (h.class === 2) {
      const type = c.u32("p_type");
      const flags = c.u32("p_flags");
      const offset = c.u64n("p_offset");
      const vaddr = c.u64("p_vaddr");
      const paddr = c.u64("p_paddr");
      const filesz = c.u64n("p_filesz");
      const memsz = c.u64n("p_memsz");
      const align = c.u64n("p_align");
      out.push({ index, type, flags, offset, vaddr, paddr, filesz, memsz, align });
    } else {
      const type = c.u32("p_type");
      const offset = c.u32("p_offset");
      const vaddr = BigInt(c.u32("p_vaddr"));
      const paddr = BigInt(c.u32("p_paddr"));
      const filesz = c.u32("p_filesz");
      const memsz = c.u32("p_memsz");
      const flags = c.u32("p_flags");
      const align = c.u32("p_align");
      out.push({ index, type, flags, offset, vaddr, paddr, filesz, memsz, align });
    }
  }
  return out;
}

function readSections(bytes: Uint8Array, h: ElfHeader): ElfSection[] {
  if (h.shnum === 0) return [];
  const le = h.littleEndian;
  const c = tableCursor(bytes, SHDRS, le, h.shoff, h.shnum, h.shentsize);
  const out: ElfSection[] = [];
  for (let index = 0; index < h.shnum; index++) {
    const at = h.shoff + index * h.shentsize;
    c.seek(at);
    let s: ElfSection;
    if (h.class === 2) {
      const nameOffset = c.u32("sh_name");
      const type = c.u32("sh_type");
      const flags = c.u64n("sh_flags");
      const addr = c.u64("sh_addr");
      const offset = c.u64n("sh_offset");
      const size = c.u64n("sh_size");
      const link = c.u32("sh_link");
      const info = c.u32("sh_info");
      const addralign = c.u64n("sh_addralign");
      const entsize = c.u64n("sh_entsize");
      s = { index, name: "", nameOffset, type, flags, addr, offset, size, link, info, addralign, entsize };
    } else {
      const nameOffset = c.u32("sh_name");
      const type = c.u32("sh_type");
      const flags = c.u32("sh_flags");
      const addr = BigInt(c.u32("sh_addr"));
      const offset = c.u32("sh_offset");
      const size = c.u32("sh_size");
      const link = c.u32("sh_link");
      const info = c.u32("sh_info");
      const addralign = c.u32("sh_addralign");
      const entsize = c.u32("sh_entsize");
      s = { index, name: "", nameOffset, type, flags, addr, offset, size, link, info, addralign, entsize };
    }
    out.push(s);
  }
  // Names first, so that errors in section contents can name the section.
  if (h.shstrndx !== SHN.UNDEF) {
    const shstr = out[h.shstrndx]!;
    const at = h.shstrndx * h.shentsize;
    if (shstr.type !== SHT.STRTAB) {
      throw new FormatError(
        SHDRS,
        at + 4,
        `section name table [${h.shstrndx}] has type ${shstr.type}, want SHT_STRTAB`,
      );
    }
    if (shstr.offset + shstr.size > bytes.length) {
      throw new FormatError(SHDRS, at, `section name table [${h.shstrndx}] runs past the end of the file`);
    }
    const strtab = bytes.subarray(shstr.offset, shstr.offset + shstr.size);
    for (const s of out) {
      try {
        s.name = stringAt(strtab, "section name table", s.nameOffset);
      } catch (e) {
        if (!isFormatError(e)) throw e;
        // An empty name table entry 0 is common for the null section; anything else is bad.
        if (s.nameOffset === 0 && strtab.length === 0) continue;
        throw new FormatError(
          SHDRS,
          s.index * h.shentsize,
          `bad section name index 0x${s.nameOffset.toString(16)}: ${e.problem}`,
        );
      }
    }
  }
  for (const s of out) {
    if (!hasFlag(s.flags, SHF.COMPRESSED)) continue;
    if (hasFlag(s.flags, SHF.ALLOC)) {
      throw new FormatError(
        SHDRS,
        s.index * h.shentsize + 8,
        `${elfSectionLabel(s)}: SHF_COMPRESSED applies only to non-allocable sections`,
      );
    }
    if (s.type === SHT.NOBITS) continue;
    if (s.offset + s.size > bytes.length) {
      throw new FormatError(
        elfSectionLabel(s),
        0,
        `contents at file offset 0x${s.offset.toString(16)} (0x${s.size.toString(16)} bytes) run past the end of the file`,
      );
    }
    s.compression = readChdr(bytes.subarray(s.offset, s.offset + s.size), elfSectionLabel(s), h.class, le);
  }
  return out;
}

/**
 * The DWARF sections of an ELF file, as the readers take them (debug/elf File.DWARF). `.debug_X`
 * and legacy `.zdebug_X` both map to `X` (`.debug_X` wins if both exist). Contents are
 * decompressed lazily, on first access to each property, and cached.
 *
 * In files other than ET_EXEC the SHT_RELA / SHT_REL sections that target a DWARF section are
 * applied to a copy of it, as Go does, for the plain S + A data relocations of x86-64, arm64 and
 * 386 (other machines get the bytes unrelocated).
 */
export function dwarfSections(elf: ElfFile): DwarfSections {
  const known = new Set<string>(DWARF_SECTION_NAMES);
  const found = new Map<DwarfSectionName, ElfSection>();
  for (const s of elf.sections) {
    let key: string | undefined;
    if (s.name.startsWith(".debug_")) key = s.name.slice(1);
    else if (s.name.startsWith(".zdebug_")) key = s.name.slice(2);
    if (key === undefined || !known.has(key)) continue;
    const k = key as DwarfSectionName;
    const prev = found.get(k);
    if (prev === undefined || (prev.name.startsWith(".zdebug_") && s.name.startsWith(".debug_")))
      found.set(k, s);
  }
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  for (const [k, s] of found) {
    let cached: Uint8Array | undefined;
    Object.defineProperty(sections, k, {
      enumerable: true,
      get: () => {
        cached ??= elf.header.type === ET.EXEC ? elf.sectionData(s) : relocated(elf, s);
        return cached;
      },
    });
  }
  return {
    littleEndian: elf.littleEndian,
    addressSize: elf.header.class === 2 ? 8 : 4,
    arch: archOfElf(elf.header.machine, elf.header.class, elf.littleEndian),
    sections,
  };
}

/**
 * debug/elf File.DWARF sectionData and applyRelocationsAMD64/ARM64/386: the section's contents
 * with the S + A relocations of the relocation sections aimed at it written in.
 */
function relocated(elf: ElfFile, target: ElfSection): Uint8Array {
  const data = elf.sectionData(target);
  const relSecs = elf.sections.filter(
    (r) => (r.type === SHT.RELA || r.type === SHT.REL) && r.info === target.index && r.index !== target.index,
  );
  const { machine, class: cls } = elf.header;
  const kind =
    cls === 2 && machine === EM.X86_64
      ? { rela: true, abs64: 1, abs32: 10 }
      : cls === 2 && machine === EM.AARCH64
        ? { rela: true, abs64: 257, abs32: 258 }
        : cls === 1 && machine === EM["386"]
          ? { rela: false, abs64: -1, abs32: 1 }
          : undefined;
  if (relSecs.length === 0 || kind === undefined) return data;
  const out = data.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const le = elf.littleEndian;
  const symbols = elf.symbols();
  for (const r of relSecs) {
    const isRela = r.type === SHT.RELA;
    if (isRela !== kind.rela) continue;
    const entSize = cls === 2 ? (isRela ? 24 : 16) : isRela ? 12 : 8;
    const rels = elf.sectionData(r);
    const label = elfSectionLabel(r);
    if (rels.length % entSize !== 0) {
      throw new FormatError(label, 0, `size 0x${rels.length.toString(16)} is not a multiple of ${entSize}`);
    }
    const c = new Cursor(rels, label, le);
    while (!c.atEnd()) {
      let off: number;
      let symNo: number;
      let type: number;
      let addend = 0n;
      if (cls === 2) {
        off = c.u64n("r_offset");
        const info = c.u64("r_info");
        symNo = Number(info >> 32n);
        type = Number(info & 0xffffffffn);
        if (isRela) addend = c.i64("r_addend");
      } else {
        off = c.u32("r_offset");
        const info = c.u32("r_info");
        symNo = info >>> 8;
        type = info & 0xff;
        if (isRela) addend = BigInt(c.i32("r_addend"));
      }
      // Our symbol list keeps the null symbol, so symNo indexes it directly.
      const sym = symbols[symNo];
      if (symNo === 0 || sym === undefined || sym.shndx === SHN.UNDEF || sym.shndx >= SHN.LORESERVE) continue;
      const size = type === kind.abs64 ? 8 : type === kind.abs32 ? 4 : 0;
      if (size === 0 || off + size > out.length) continue;
      if (size === 8) {
        view.setBigUint64(off, BigInt.asUintN(64, sym.value + addend), le);
      } else {
        // REL (386) keeps the addend in place.
        const a = isRela ? addend : BigInt(view.getUint32(off, le));
        view.setUint32(off, Number(BigInt.asUintN(32, sym.value + a)), le);
      }
    }
  }
  return out;
}
