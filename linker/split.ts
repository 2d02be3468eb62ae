/**
 * golang/go#51692's external debug layout made from an executable that is already linked (`godwarf
 * split`): the stripped executable and its debug file in one pass over the input's bytes.
 *
 * Why not the link's writer (elf/debugfile.ts + write.ts) as is: that writer lays an image out the
 * way Go's internal linker does (sections sorted by address, notes packed at the end of the first
 * page, sh_link and sh_info zero for allocated sections). A binary from disk has its layout
 * already, and an externally linked one (cgo, gcc's ld) another one: .interp, .dynsym whose sh_link
 * names .dynstr, notes at the start of the file. Re-laying it out would move the loaded image. So
 * this copies the input's headers and bytes and only drops, adds and appends sections; what it
 * shares with the link is the debuglink section (elf/debuglink.ts), the CRC (elf/crc32.ts), the
 * compression header and the build-id tree (cli).
 *
 * The stripped executable: the input's bytes up to the end of the loaded image, unchanged (every
 * PT_LOAD byte, the program headers, every allocated section at its offset and address), except
 * the ELF header's three section-header fields (e_shoff, e_shnum, e_shstrndx, which no loader
 * reads); then what is kept of the unallocated sections (.symtab and .strtab unless `-s`, .comment
 * and the like), a new `.gnu_debuglink` where the first `.debug_*` section was, a new `.shstrtab`
 * and the section headers. A Go binary's old section headers sit in its first page, inside the text
 * segment: they are left there, unreferenced, so that no loaded byte changes.
 *
 * The debug file, as elf/debugfile.ts writes it for a link: the input's ELF header (section fields
 * patched) and program headers at the same offsets, every section header of the input at the same
 * index (so st_shndx means the same section in all three files, which eu-unstrip relies on):
 * allocated sections SHT_NOBITS at the same address and size, the notes with their contents at the
 * same offsets (the GNU build id), the `.debug_*` sections (compressed as asked), `.symtab` and
 * `.strtab` with contents, other unallocated sections NOBITS (as eu-strip -f), a new `.shstrtab`.
 * No `.gnu_debuglink` (mold#1656). Its CRC-32 is computed last and put in the executable's debuglink:
 * no forged trailer is needed, since the build id is the input's and hashes nothing written here.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { FormatError } from "../dwarf/errors.js";
import { ELF_SIZES, ELFCLASS, ET, hasFlag, NT_GNU, PT, SHF, SHN, SHT } from "../elf/constants.js";
import { gnuBuildId } from "../elf/notes.js";
import { type ElfFile, type ElfSection, readElf } from "../elf/reader.js";
import { elfChdr, nodeZlibBestSpeed } from "./compress.js";
import { debuglinkSection } from "./elf/debuglink.js";
import { encodeNoteLE, rnd } from "./elf/image.js";
import { type Piece, type Plan, type SplitSource, streamPlan } from "./splitsource.js";

/** Input the command refuses, said in words ("not a Go binary ...", "no DWARF ..."). */
export class SplitError extends Error {
  override readonly name = "SplitError";
}

export interface SplitOptions {
  /** The base name the debuglink gives. */
  debugName: string;
  /** "zlib", "none", or undefined: each .debug_* section as the input stores it. */
  compress?: "zlib" | "none";
  /** Give a binary without a GNU build id one (a non-allocated note, SHA-1 of the input). */
  addBuildId?: boolean;
  /** Drop .symtab and .strtab from the executable (the debug file keeps them). */
  stripSymbols?: boolean;
  /** Split any ELF executable with DWARF, not only Go's. */
  any?: boolean;
}

export interface SplitSection {
  name: string;
  /** Bytes in the debug file. */
  size: number;
  compressed: boolean;
}

export interface SplitResult {
  /** The two files as plans over the input (splitsource.ts): written by streaming them. */
  stripped: Plan;
  debug: Plan;
  /** CRC-32 of `debug`, as the debuglink holds it. */
  crc: number;
  /** The GNU build id the two files share (undefined: none, found by debuglink only). */
  buildId?: Uint8Array;
  /** The build id was added here (--add-build-id); it is a non-allocated note in both files. */
  buildIdAdded: boolean;
  isGo: boolean;
  debugSections: SplitSection[];
  /** End of the loaded image: bytes [0, loadedEnd) are the input's, but for e_shoff/e_shnum/e_shstrndx. */
  loadedEnd: number;
}

const EHDR = ELF_SIZES[2].ehdr;
const SHDR = ELF_SIZES[2].shdr;

/** Sections that carry DWARF (and go to the debug file only). */
export function isDebugSection(s: Pick<ElfSection, "name" | "flags">): boolean {
  return !hasFlag(s.flags, SHF.ALLOC) && (s.name.startsWith(".debug_") || s.name.startsWith(".zdebug_"));
}

/** Why `elf` is a Go binary (a section or note only Go's linker writes), or undefined. */
export function goEvidence(elf: ElfFile): string | undefined {
  for (const n of [".go.buildinfo", ".gopclntab", ".note.go.buildid"]) if (elf.section(n)) return n;
  return undefined;
}

/** A section header to write. */
interface OutSection {
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** Bytes to place at `offset` (undefined: `from`, or already there, or none). */
  data?: Uint8Array;
  /** Or the input's bytes at this offset, `size` of them. */
  from?: number;
}

/**
 * Splits the executable `src` (named `file` in messages), reading only its headers, notes, symbols
 * and whatever DWARF must be recompressed. Throws SplitError or FormatError.
 */
export function splitElf(src: SplitSource, file: string, opts: SplitOptions): SplitResult {
  const bytes = src.bytes;
  const elf = readElf(bytes, file);
  const h = elf.header;
  if (h.class !== ELFCLASS["64"] || !h.littleEndian)
    throw new SplitError("only 64-bit little-endian ELF files are split (amd64, arm64)");
  if (h.type !== ET.EXEC && h.type !== ET.DYN)
    throw new SplitError(`not an executable (ELF type ${h.type}): split takes a linked program`);
  if (h.shnum === 0) throw new SplitError("no section headers: nothing to tell DWARF from code by");
  if (h.shnum >= SHN.LORESERVE || h.shstrndx >= SHN.LORESERVE)
    throw new SplitError("extended section numbering is not supported");
  const isGo = goEvidence(elf) !== undefined;
  if (!isGo && !opts.any)
    throw new SplitError(
      "not a Go binary (no .go.buildinfo, .gopclntab or Go build-id note); add --any to split any ELF executable with DWARF",
    );
  const secs = elf.sections;
  for (const s of secs) {
    if (s.index === 0 || s.type === SHT.NOBITS) continue;
    if (s.offset + s.size > bytes.length)
      throw new FormatError(
        `section ${s.name}`,
        0,
        `contents at 0x${s.offset.toString(16)} (0x${s.size.toString(16)} bytes) run past the end of the file (0x${bytes.length.toString(16)} bytes): truncated?`,
      );
    if (s.type === SHT.SYMTAB_SHNDX) throw new SplitError("SHT_SYMTAB_SHNDX is not supported");
  }
  const debugSecs = secs.filter((s) => s.index > 0 && isDebugSection(s));
  const oldLink = elf.section(".gnu_debuglink");
  if (debugSecs.length === 0) {
    if (oldLink !== undefined)
      throw new SplitError(
        "already stripped: no .debug_* sections, and a .gnu_debuglink names its debug file",
      );
    throw new SplitError("no DWARF (.debug_* sections): built with -ldflags=-w? nothing to split");
  }
  const firstDebug = debugSecs[0]!.index;
  const lastAlloc = Math.max(0, ...secs.filter((s) => hasFlag(s.flags, SHF.ALLOC)).map((s) => s.index));
  if (firstDebug < lastAlloc)
    throw new SplitError(
      `${debugSecs[0]!.name} comes before allocated section ${secs[lastAlloc]!.name}: removing it would renumber sections the loaded image refers to`,
    );
  const symtab = secs.find((s) => s.type === SHT.SYMTAB);
  const strtab = symtab !== undefined && symtab.link > 0 ? secs[symtab.link] : undefined;

  // The loaded image: program headers, every PT_LOAD, every allocated section with contents.
  let loadedEnd = h.phoff + h.phnum * h.phentsize;
  for (const p of elf.segments) if (p.type === PT.LOAD) loadedEnd = Math.max(loadedEnd, p.offset + p.filesz);
  for (const s of secs)
    if (hasFlag(s.flags, SHF.ALLOC) && s.type !== SHT.NOBITS)
      loadedEnd = Math.max(loadedEnd, s.offset + s.size);
  if (loadedEnd > bytes.length)
    throw new FormatError(
      "program headers",
      0,
      `the loaded image ends at 0x${loadedEnd.toString(16)}, past the end of the file: truncated?`,
    );

  for (const s of secs) if (s.type === SHT.NOTE) src.need(s.offset, s.size);
  // The build id: the input's, or with --add-build-id a new note (not allocated: the image stays).
  const existing = gnuBuildId(elf.notes());
  let buildId = existing === undefined ? undefined : Uint8Array.from(Buffer.from(existing, "hex"));
  let addedNote: OutSection | undefined;
  if (buildId === undefined && opts.addBuildId) {
    const sha1 = createHash("sha1");
    src.chunks(0, bytes.length, (c) => sha1.update(c));
    buildId = new Uint8Array(sha1.digest());
    const data = encodeNoteLE({ name: "GNU\x00", type: NT_GNU.BUILD_ID, desc: buildId });
    addedNote = {
      name: ".note.gnu.build-id",
      type: SHT.NOTE,
      flags: 0,
      addr: 0n,
      offset: 0,
      size: data.length,
      link: 0,
      info: 0,
      addralign: 4,
      entsize: 0,
      data,
    };
  }

  // The .debug_* sections as the debug file stores them.
  const debugOut = new Map<number, OutSection>();
  const debugSections: SplitSection[] = [];
  for (const s of debugSecs) {
    let data: Uint8Array | undefined;
    let name = s.name;
    let flags = s.flags;
    let addralign = s.addralign;
    const compressed = s.compression !== undefined || s.name.startsWith(".zdebug_");
    if (opts.compress !== undefined && (compressed || opts.compress === "zlib")) {
      src.need(s.offset, s.size);
      const plain = elf.sectionData(s);
      name = name.replace(/^\.zdebug_/, ".debug_");
      flags &= ~SHF.COMPRESSED;
      if (s.compression !== undefined) addralign = Number(s.compression.addralign) || 1;
      data = plain;
      if (opts.compress === "zlib") {
        const z = nodeZlibBestSpeed(plain);
        const chdr = elfChdr(plain.length, Math.max(1, addralign));
        // As Go's dwarfcompress: kept as it is unless compressing makes it smaller.
        if (chdr.length + z.length < plain.length) {
          data = new Uint8Array(chdr.length + z.length);
          data.set(chdr);
          data.set(z, chdr.length);
          flags |= SHF.COMPRESSED;
          addralign = 8;
        }
      }
    }
    const size = data?.length ?? s.size;
    debugOut.set(
      s.index,
      data !== undefined
        ? { ...header(s), name, flags, addralign, size, data }
        : { ...header(s), name, flags, addralign, size, from: s.offset },
    );
    debugSections.push({
      name,
      size,
      compressed: hasFlag(flags, SHF.COMPRESSED) || name.startsWith(".zdebug_"),
    });
  }

  // The debug file: every section at its index.
  const dbgSecs: OutSection[] = [];
  for (const s of secs) {
    if (s.index === 0) continue;
    if (s.index === h.shstrndx) {
      dbgSecs.push({ ...header(s), offset: 0 });
      continue;
    }
    const d = debugOut.get(s.index);
    if (d !== undefined) dbgSecs.push(d);
    else if (hasFlag(s.flags, SHF.ALLOC) && s.type === SHT.NOTE) dbgSecs.push(header(s));
    else if (s === symtab || s === strtab) dbgSecs.push({ ...header(s), offset: 0, from: s.offset });
    else dbgSecs.push({ ...header(s), type: SHT.NOBITS });
  }
  if (addedNote !== undefined) dbgSecs.push({ ...addedNote });
  let end = h.phoff + h.phnum * h.phentsize;
  for (const s of secs)
    if (hasFlag(s.flags, SHF.ALLOC) && s.type === SHT.NOTE) end = Math.max(end, s.offset + s.size);
  const prefix = new Uint8Array(end);
  prefix.set(bytes.subarray(0, EHDR));
  prefix.set(bytes.subarray(h.phoff, h.phoff + h.phnum * h.phentsize), h.phoff);
  for (const s of secs)
    if (hasFlag(s.flags, SHF.ALLOC) && s.type === SHT.NOTE) prefix.set(elf.rawSectionData(s), s.offset);
  // The section headers where the link puts them when they fit, between the program headers and
  // the first note (Go's first page), else at the end.
  const notesAt = Math.min(
    end,
    ...secs.filter((s) => hasFlag(s.flags, SHF.ALLOC) && s.type === SHT.NOTE).map((s) => s.offset),
  );
  const shAt = rnd(h.phoff + h.phnum * h.phentsize, 8);
  const inFirstPage = shAt + (dbgSecs.length + 1) * SHDR <= notesAt ? shAt : undefined;
  const debug = emit(prefix, undefined, dbgSecs, h.shstrndx - 1, inFirstPage);
  let crc = 0;
  streamPlan(debug, src, (c) => {
    crc = crc32(c, crc);
  });
  crc >>>= 0;

  // The stripped executable: the input's sections less the DWARF (and the symbols with -s), the
  // debuglink where the DWARF began; indices renumbered after it (only unallocated ones move).
  const drop = new Set<number>(debugSecs.map((s) => s.index));
  if (oldLink !== undefined) drop.add(oldLink.index);
  if (opts.stripSymbols && symtab !== undefined) {
    drop.add(symtab.index);
    if (strtab !== undefined && strtab.index !== h.shstrndx) drop.add(strtab.index);
  }
  const link = debuglinkSection(opts.debugName, crc);
  const exeSecs: OutSection[] = [];
  const newIndex = new Map<number, number>([[0, 0]]);
  let exeShstrndx = 0;
  for (const s of secs) {
    if (s.index === 0) continue;
    if (s.index === firstDebug) {
      if (addedNote !== undefined) exeSecs.push({ ...addedNote });
      exeSecs.push({
        name: link.name,
        type: SHT.PROGBITS,
        flags: 0,
        addr: 0n,
        offset: 0,
        size: link.data.length,
        link: 0,
        info: 0,
        addralign: 4,
        entsize: 0,
        data: link.data,
      });
    }
    if (drop.has(s.index)) continue;
    newIndex.set(s.index, exeSecs.length + 1);
    const o = header(s);
    if (s.index === h.shstrndx) {
      exeShstrndx = exeSecs.length;
      o.offset = 0;
    } else if (!hasFlag(s.flags, SHF.ALLOC) && s.type !== SHT.NOBITS) {
      // Kept where it is when it lies in the loaded image; appended otherwise.
      if (s.offset + s.size > loadedEnd || s.size === 0) {
        o.offset = 0;
        o.from = s.offset;
      }
    }
    exeSecs.push(o);
  }
  const remap = (i: number): number => {
    if (i === 0 || i >= SHN.LORESERVE) return i;
    const n = newIndex.get(i);
    if (n === undefined) throw new SplitError(`a kept section refers to removed section ${secs[i]?.name}`);
    return n;
  };
  for (const o of exeSecs) {
    if (o.link !== 0) o.link = remap(o.link);
    if ((o.type === SHT.REL || o.type === SHT.RELA || hasFlag(o.flags, SHF.INFO_LINK)) && o.info !== 0)
      o.info = remap(o.info);
    if (o.type === SHT.SYMTAB && o.from !== undefined && !shiftFree(newIndex)) {
      src.need(o.from, o.size);
      const r = remapSymbols(bytes.subarray(o.from, o.from + o.size), o.info, newIndex);
      delete o.from;
      o.data = r.data;
      o.size = r.data.length;
      o.info = r.info;
    }
  }
  const head = bytes.slice(0, EHDR);
  const stripped = emit(head, { from: EHDR, length: loadedEnd - EHDR }, exeSecs, exeShstrndx);

  const out: SplitResult = {
    stripped,
    debug,
    crc,
    buildIdAdded: addedNote !== undefined,
    isGo,
    debugSections,
    loadedEnd,
  };
  if (buildId !== undefined) out.buildId = buildId;
  return out;
}

function header(s: ElfSection): OutSection {
  return {
    name: s.name,
    type: s.type,
    flags: s.flags,
    addr: s.addr,
    offset: s.offset,
    size: s.size,
    link: s.link,
    info: s.info,
    addralign: s.addralign,
    entsize: s.entsize,
  };
}

/** Whether no section that symbols can name changes index (then .symtab is copied as it is). */
function shiftFree(newIndex: ReadonlyMap<number, number>): boolean {
  for (const [o, n] of newIndex) if (o !== n) return false;
  return true;
}

/** .symtab with st_shndx renumbered; symbols of removed sections are dropped (sh_info follows). */
function remapSymbols(
  data: Uint8Array,
  firstGlobal: number,
  newIndex: ReadonlyMap<number, number>,
): { data: Uint8Array; info: number } {
  const size = ELF_SIZES[2].sym;
  const out = new Uint8Array(data.length);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const w = new DataView(out.buffer);
  let n = 0;
  let info = firstGlobal;
  for (let i = 0; i * size < data.length; i++) {
    const shndx = v.getUint16(i * size + 6, true);
    let to = shndx;
    if (shndx !== 0 && shndx < SHN.LORESERVE) {
      const m = newIndex.get(shndx);
      if (m === undefined) {
        if (i < firstGlobal) info--;
        continue;
      }
      to = m;
    }
    out.set(data.subarray(i * size, (i + 1) * size), n * size);
    w.setUint16(n * size + 6, to, true);
    n++;
  }
  return { data: out.subarray(0, n * size), info };
}

/**
 * The plan of a file: `head` (bytes at 0) and `rest` (the input's bytes after it), then every
 * section with `data` or `from` (appended at its alignment), a new .shstrtab (sections[shstrIdx])
 * and the section headers (at `shoffAt`, a free place in `head`, or appended); the ELF header's
 * section fields patched in `head`.
 */
function emit(
  head: Uint8Array,
  rest: { from: number; length: number } | undefined,
  sections: OutSection[],
  shstrIdx: number,
  shoffAt?: number,
): Plan {
  // .shstrtab: every name once.
  const names = new Map<string, number>([["", 0]]);
  const parts: Uint8Array[] = [new Uint8Array(1)];
  let strSize = 1;
  const enc = new TextEncoder();
  for (const s of sections) {
    if (names.has(s.name)) continue;
    names.set(s.name, strSize);
    const b = enc.encode(s.name);
    parts.push(b, new Uint8Array(1));
    strSize += b.length + 1;
  }
  const shstr = Buffer.concat(parts);
  const shs = sections[shstrIdx]!;
  shs.data = shstr;
  delete shs.from;
  shs.size = shstr.length;
  shs.addralign = 1;
  const pieces: Piece[] = [{ at: 0, bytes: head }];
  if (rest !== undefined && rest.length > 0) pieces.push({ at: head.length, ...rest });
  let pos = head.length + (rest?.length ?? 0);
  for (const s of sections) {
    if ((s.data === undefined && s.from === undefined) || s.type === SHT.NOBITS) continue;
    pos = rnd(pos, Math.max(1, s.addralign));
    s.offset = pos;
    if (s.data !== undefined) {
      s.size = s.data.length;
      pieces.push({ at: pos, bytes: s.data });
    } else pieces.push({ at: pos, from: s.from!, length: s.size });
    pos += s.size;
  }
  const shoff = shoffAt ?? rnd(pos, 8);
  const table = (sections.length + 1) * SHDR;
  const shdrs = shoffAt !== undefined ? head.subarray(shoffAt, shoffAt + table) : new Uint8Array(table);
  if (shoffAt === undefined) pieces.push({ at: shoff, bytes: shdrs });
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  hv.setBigUint64(0x28, BigInt(shoff), true);
  hv.setUint16(0x3c, sections.length + 1, true);
  hv.setUint16(0x3e, shstrIdx + 1, true);
  const v = new DataView(shdrs.buffer, shdrs.byteOffset, shdrs.byteLength);
  let at = SHDR; // header 0 stays zero
  for (const s of sections) {
    v.setUint32(at, names.get(s.name)!, true);
    v.setUint32(at + 4, s.type, true);
    v.setBigUint64(at + 8, BigInt(s.flags), true);
    v.setBigUint64(at + 16, s.addr, true);
    v.setBigUint64(at + 24, BigInt(s.offset), true);
    v.setBigUint64(at + 32, BigInt(s.size), true);
    v.setUint32(at + 40, s.link, true);
    v.setUint32(at + 44, s.info, true);
    v.setBigUint64(at + 48, BigInt(s.addralign), true);
    v.setBigUint64(at + 56, BigInt(s.entsize), true);
    at += SHDR;
  }
  return { size: shoffAt !== undefined ? pos : shoff + table, pieces };
}
