/**
 * Mach-O 64 (little-endian, thin) reader: the header, the load commands, segments and sections,
 * LC_UUID and LC_SYMTAB, and the DWARF of `__DWARF` (executables Go links for darwin, with their
 * `__zdebug_*` sections, and dSYM companion files). Every offset and size is checked against the
 * file before it is used; a bad one is a FormatError naming the load command or section.
 *
 * Models debug/macho NewFile (load commands, Segment64, Section64) and File.DWARF (section names
 * `__debug_X` / `__zdebug_X`, cut at 16 bytes, and the "ZLIB" prefix of compressed ones).
 */
import { FormatError } from "../dwarf/errors.js";
import { DWARF_SECTION_NAMES, type DwarfSectionName, type DwarfSections } from "../dwarf/read/sections.js";
import { decompressZdebug, defaultDecompressionLimit, readZdebugHeader } from "../elf/compress.js";
import {
  CPU_TYPE,
  FAT_MAGIC,
  LC,
  LC_NAMES,
  MACH_HEADER_64_SIZE,
  MH,
  MH_CIGAM,
  MH_CIGAM_64,
  MH_MAGIC,
  MH_MAGIC_64,
  S,
  SECTION_64_SIZE,
  SEGMENT_COMMAND_64_SIZE,
} from "./constants.js";

export interface MachoSectionInfo {
  sectname: string;
  segname: string;
  addr: number;
  size: number;
  offset: number;
  /** log2 of the alignment. */
  align: number;
  flags: number;
}

export interface MachoSegmentInfo {
  segname: string;
  vmaddr: number;
  vmsize: number;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
  flags: number;
  /** The load command's index and file offset. */
  command: number;
  commandOffset: number;
  sections: MachoSectionInfo[];
}

export interface MachoInfo {
  cputype: number;
  filetype: number;
  ncmds: number;
  commands: { cmd: number; offset: number; size: number }[];
  segments: MachoSegmentInfo[];
  uuid: Uint8Array | undefined;
  symtab: { symoff: number; nsyms: number; stroff: number; strsize: number } | undefined;
}

export interface ReadMachoOptions {
  /** The most bytes all compressed sections may inflate to together (default: elf/compress.ts's). */
  maxDecompressedSize?: number;
}

/** True when `b` starts with a Mach-O or universal-binary magic number. */
export function isMacho(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const v = new DataView(b.buffer, b.byteOffset, 4);
  const le = v.getUint32(0, true);
  const be = v.getUint32(0, false);
  return le === MH_MAGIC_64 || le === MH_MAGIC || be === MH_MAGIC_64 || be === MH_MAGIC || be === FAT_MAGIC;
}

function cstr(b: Uint8Array, at: number, n: number): string {
  const s = b.subarray(at, at + n);
  const end = s.indexOf(0);
  return new TextDecoder("latin1").decode(end < 0 ? s : s.subarray(0, end));
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** Parses the header and load commands of a thin 64-bit little-endian Mach-O file. */
export function readMacho(b: Uint8Array): MachoInfo {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 4) throw new FormatError("Mach-O header", 0, `file too short: ${b.length} bytes`);
  const magic = v.getUint32(0, true);
  if (v.getUint32(0, false) === FAT_MAGIC)
    throw new FormatError(
      "Mach-O header",
      0,
      "a universal (fat) binary: give the one architecture's file (lipo -thin)",
    );
  if (magic === MH_MAGIC || magic === MH_CIGAM)
    throw new FormatError("Mach-O header", 0, "a 32-bit Mach-O file: only 64-bit files are read");
  if (magic === MH_CIGAM_64) throw new FormatError("Mach-O header", 0, "a big-endian Mach-O file: not read");
  if (magic !== MH_MAGIC_64)
    throw new FormatError("Mach-O header", 0, "bad magic number (not a Mach-O file)");
  if (b.length < MACH_HEADER_64_SIZE)
    throw new FormatError("Mach-O header", 0, `file too short: ${b.length} bytes, the header needs 32`);
  const cputype = v.getUint32(4, true);
  const filetype = v.getUint32(12, true);
  const ncmds = v.getUint32(16, true);
  const sizeofcmds = v.getUint32(20, true);
  const cmdsEnd = MACH_HEADER_64_SIZE + sizeofcmds;
  if (cmdsEnd > b.length)
    throw new FormatError(
      "Mach-O header",
      20,
      `sizeofcmds ${hex(sizeofcmds)} reaches past the end of the file (${hex(b.length)} bytes)`,
    );
  const info: MachoInfo = {
    cputype,
    filetype,
    ncmds,
    commands: [],
    segments: [],
    uuid: undefined,
    symtab: undefined,
  };
  let at = MACH_HEADER_64_SIZE;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > cmdsEnd)
      throw new FormatError(
        `load command ${i}`,
        0,
        `at file offset ${hex(at)}: past sizeofcmds (${ncmds} commands declared)`,
      );
    const cmd = v.getUint32(at, true);
    const size = v.getUint32(at + 4, true);
    const label = `load command ${i} (${LC_NAMES.get(cmd) ?? hex(cmd)})`;
    if (size < 8 || size % 4 !== 0 || at + size > cmdsEnd)
      throw new FormatError(label, 4, `at file offset ${hex(at)}: bad cmdsize ${hex(size)}`);
    info.commands.push({ cmd, offset: at, size });
    const need = (n: number) => {
      if (size < n)
        throw new FormatError(
          label,
          4,
          `at file offset ${hex(at)}: cmdsize ${hex(size)} is less than ${hex(n)}`,
        );
    };
    const u64 = (o: number) => Number(v.getBigUint64(at + o, true));
    const range = (what: string, off: number, len: number, o: number) => {
      if (off + len > b.length)
        throw new FormatError(
          label,
          o,
          `${what} ${hex(off)}+${hex(len)} reaches past the end of the file (${hex(b.length)} bytes)`,
        );
    };
    if (cmd === LC.SEGMENT_64) {
      need(SEGMENT_COMMAND_64_SIZE);
      const nsects = v.getUint32(at + 64, true);
      need(SEGMENT_COMMAND_64_SIZE + SECTION_64_SIZE * nsects);
      const seg: MachoSegmentInfo = {
        segname: cstr(b, at + 8, 16),
        vmaddr: u64(24),
        vmsize: u64(32),
        fileoff: u64(40),
        filesize: u64(48),
        maxprot: v.getUint32(at + 56, true),
        initprot: v.getUint32(at + 60, true),
        flags: v.getUint32(at + 68, true),
        command: i,
        commandOffset: at,
        sections: [],
      };
      range(`segment ${seg.segname}: file range`, seg.fileoff, seg.filesize, 40);
      for (let j = 0; j < nsects; j++) {
        const s = at + SEGMENT_COMMAND_64_SIZE + j * SECTION_64_SIZE;
        const sec: MachoSectionInfo = {
          sectname: cstr(b, s, 16),
          segname: cstr(b, s + 16, 16),
          addr: Number(v.getBigUint64(s + 32, true)),
          size: Number(v.getBigUint64(s + 40, true)),
          offset: v.getUint32(s + 48, true),
          align: v.getUint32(s + 52, true),
          flags: v.getUint32(s + 64, true),
        };
        const zerofill = (sec.flags & 0xff) === S.ZEROFILL;
        if (!zerofill && sec.offset !== 0 && sec.offset + sec.size > b.length)
          throw new FormatError(
            `section ${sec.segname},${sec.sectname}`,
            0,
            `in ${label}: data at file offset ${hex(sec.offset)}+${hex(sec.size)} reaches past the end of the file (${hex(b.length)} bytes)`,
          );
        seg.sections.push(sec);
      }
      info.segments.push(seg);
    } else if (cmd === LC.UUID) {
      need(24);
      info.uuid = b.slice(at + 8, at + 24);
    } else if (cmd === LC.SYMTAB) {
      need(24);
      const t = {
        symoff: v.getUint32(at + 8, true),
        nsyms: v.getUint32(at + 12, true),
        stroff: v.getUint32(at + 16, true),
        strsize: v.getUint32(at + 20, true),
      };
      range("symbol table", t.symoff, t.nsyms * 16, 8);
      range("string table", t.stroff, t.strsize, 16);
      info.symtab = t;
    }
    at += size;
  }
  return info;
}

/** The DWARF section a Mach-O section name stands for ("__zdebug_line_st" is debug_line_str). */
export function dwarfNameOf(sectname: string): { name: DwarfSectionName; compressed: boolean } | undefined {
  let stem: string;
  let compressed = false;
  if (sectname.startsWith("__debug_")) stem = sectname.slice("__debug_".length);
  else if (sectname.startsWith("__zdebug_")) {
    stem = sectname.slice("__zdebug_".length);
    compressed = true;
  } else return undefined;
  const exact = DWARF_SECTION_NAMES.find((n) => n === `debug_${stem}`);
  if (exact !== undefined) return { name: exact, compressed };
  if (sectname.length < 16) return undefined;
  const cut = DWARF_SECTION_NAMES.filter((n) => n.startsWith(`debug_${stem}`));
  return cut.length === 1 ? { name: cut[0]!, compressed } : undefined;
}

/** The sections of `__DWARF`, decompressed, as the DWARF readers take them. */
export function machoDwarfSections(b: Uint8Array, m: MachoInfo, opts: ReadMachoOptions = {}): DwarfSections {
  let budget = opts.maxDecompressedSize ?? defaultDecompressionLimit(b.length);
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  for (const seg of m.segments) {
    for (const s of seg.sections) {
      if (s.segname !== "__DWARF" && seg.segname !== "__DWARF") continue;
      const d = dwarfNameOf(s.sectname);
      if (d === undefined || sections[d.name] !== undefined) continue;
      const raw = b.subarray(s.offset, s.offset + s.size);
      const label = `section ${s.segname},${s.sectname}`;
      if (d.compressed && readZdebugHeader(raw, label) !== undefined) {
        const h = readZdebugHeader(raw, label)!;
        if (h.size > budget)
          throw new FormatError(
            label,
            4,
            `declared uncompressed size ${hex(h.size)} exceeds what is left of the decompression budget (${hex(budget)})`,
          );
        budget -= h.size;
        sections[d.name] = decompressZdebug(raw, label, h.size);
      } else {
        sections[d.name] = raw;
      }
    }
  }
  return { littleEndian: true, addressSize: 8, sections };
}

/** True when the file has a __DWARF segment with a .debug_info. */
export function machoHasDwarf(m: MachoInfo): boolean {
  return m.segments.some((g) =>
    g.sections.some((s) => s.segname === "__DWARF" && dwarfNameOf(s.sectname)?.name === "debug_info"),
  );
}

/** "Mach-O 64 x86_64 executable", for the dump's first line. */
export function describeMacho(m: MachoInfo): string {
  const cpu =
    m.cputype === CPU_TYPE.X86_64 ? "x86_64" : m.cputype === CPU_TYPE.ARM64 ? "arm64" : hex(m.cputype);
  const type =
    m.filetype === MH.EXECUTE
      ? "executable"
      : m.filetype === MH.DSYM
        ? "dSYM companion"
        : `file type ${m.filetype}`;
  return `Mach-O 64 ${cpu} ${type}`;
}
