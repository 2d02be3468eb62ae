/**
 * A PE/COFF image reader for what a DWARF consumer needs: the headers, the section table (long
 * names through the COFF string table, `/N`), section contents, the debug directory with its
 * CodeView (RSDS) records, and the DWARF sections (.debug_* and Go's compressed .zdebug_*).
 *
 * Models Go's debug/pe file.go NewFile (DOS header, "PE\0\0", file and optional headers, section
 * table, string table), section.go Section.Data and File.DWARF (contents cut to VirtualSize when
 * that is smaller than the raw size; "ZLIB" + big-endian size prefixed sections inflated). Every
 * read is bounds-checked: bad input is a FormatError naming the structure ("DOS header", "COFF
 * header", "optional header", "section headers", "string table", "debug directory", or the
 * section's name) and the offset (in the file for the headers, in the section for its contents).
 */
import { FormatError, isFormatError } from "../dwarf/errors.js";
import { Cursor } from "../dwarf/read/cursor.js";
import { DWARF_SECTION_NAMES, type DwarfSectionName, type DwarfSections } from "../dwarf/read/sections.js";
import { decompressZdebug, defaultDecompressionLimit, readZdebugHeader } from "../elf/compress.js";
import {
  COFF_SYMBOL_SIZE,
  CV_SIGNATURE_RSDS,
  DEBUG_DIRECTORY_SIZE,
  DOS_LFANEW,
  DOS_MAGIC,
  FILE_HEADER_SIZE,
  IMAGE_DEBUG_TYPE_CODEVIEW,
  IMAGE_DIRECTORY_ENTRY_DEBUG,
  PE_SIGNATURE,
  PE32_MAGIC,
  PE32PLUS_MAGIC,
  SECTION_HEADER_SIZE,
} from "./constants.js";

export interface PeSection {
  /** 1-based, as COFF symbols number them. */
  index: number;
  /** The full name (resolved through the string table for `/N`). */
  name: string;
  virtualSize: number;
  virtualAddress: number;
  sizeOfRawData: number;
  pointerToRawData: number;
  characteristics: number;
}

/** A CodeView record of a debug directory entry (PDB 7.0: "RSDS"). */
export interface CodeViewRecord {
  signature: "RSDS";
  guid: Uint8Array;
  age: number;
  pdbPath: string;
}

/** One IMAGE_DEBUG_DIRECTORY entry. */
export interface DebugDirectoryEntry {
  type: number;
  timeDateStamp: number;
  sizeOfData: number;
  addressOfRawData: number;
  pointerToRawData: number;
  /** Type CODEVIEW with an RSDS record. */
  codeView?: CodeViewRecord;
}

export interface PeFile {
  machine: number;
  /** PE32 (0x10b) or PE32+ (0x20b). */
  magic: number;
  imageBase: bigint;
  entry: number;
  characteristics: number;
  pointerToSymbolTable: number;
  numberOfSymbols: number;
  dataDirectories: { virtualAddress: number; size: number }[];
  sections: PeSection[];
  /** The debug directory's entries (none without one). */
  debugDirectory: DebugDirectoryEntry[];
  /** A section's contents (cut to VirtualSize, as debug/pe does). */
  sectionData(s: PeSection): Uint8Array;
  /** Budget of decompressed bytes all .zdebug_* sections may inflate to together. */
  maxDecompressedSize: number;
}

export interface ReadPeOptions {
  /** Default: 64 times the file's size, at most 1 GiB (as for ELF). */
  maxDecompressedSize?: number;
}

/** True when `bytes` begin with "MZ" (a DOS header, as every PE image does). */
export function isPe(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === (DOS_MAGIC & 0xff) && bytes[1] === DOS_MAGIC >> 8;
}

/** Parses a PE image; FormatErrors are given `file` when it is named. */
export function readPe(bytes: Uint8Array, file?: string, opts: ReadPeOptions = {}): PeFile {
  try {
    return parse(bytes, opts);
  } catch (e) {
    if (file !== undefined && isFormatError(e)) e.inFile(file);
    throw e;
  }
}

function parse(bytes: Uint8Array, opts: ReadPeOptions): PeFile {
  if (bytes.length < 0x40)
    throw new FormatError("DOS header", 0, `file too short: ${bytes.length} bytes (not a PE image)`);
  if (!isPe(bytes)) throw new FormatError("DOS header", 0, "bad magic number (not a PE image: no MZ)");
  const dos = new Cursor(bytes, "DOS header", true, DOS_LFANEW);
  const lfanew = dos.u32("e_lfanew");
  if (lfanew + 4 + FILE_HEADER_SIZE > bytes.length)
    throw new FormatError(
      "DOS header",
      DOS_LFANEW,
      `e_lfanew 0x${lfanew.toString(16)} points past the end of the file`,
    );
  const h = new Cursor(bytes, "COFF header", true, lfanew);
  const sig = h.u32("PE signature");
  if (sig !== PE_SIGNATURE)
    throw new FormatError(
      "COFF header",
      lfanew,
      `bad PE signature 0x${sig.toString(16).padStart(8, "0")} (want "PE\\0\\0")`,
    );
  const machine = h.u16("Machine");
  const nsections = h.u16("NumberOfSections");
  h.skip(4, "TimeDateStamp");
  const pointerToSymbolTable = h.u32("PointerToSymbolTable");
  const numberOfSymbols = h.u32("NumberOfSymbols");
  const optSize = h.u16("SizeOfOptionalHeader");
  const characteristics = h.u16("Characteristics");
  const optStart = h.pos;
  if (optStart + optSize > bytes.length)
    throw new FormatError(
      "optional header",
      optStart,
      `SizeOfOptionalHeader ${optSize} reaches past the end of the file`,
    );
  const o = new Cursor(bytes, "optional header", true, optStart, optStart + optSize);
  const magic = o.u16("Magic");
  if (magic !== PE32_MAGIC && magic !== PE32PLUS_MAGIC)
    throw new FormatError(
      "optional header",
      optStart,
      `bad optional header magic 0x${magic.toString(16)} (want 0x10b or 0x20b)`,
    );
  const wide = magic === PE32PLUS_MAGIC;
  o.seek(optStart + 16);
  const entry = o.u32("AddressOfEntryPoint");
  o.seek(optStart + (wide ? 24 : 28));
  const imageBase = wide ? o.u64("ImageBase") : BigInt(o.u32("ImageBase"));
  o.seek(optStart + (wide ? 108 : 92));
  const ndirs = o.u32("NumberOfRvaAndSizes");
  if (ndirs > 16) throw o.error(`NumberOfRvaAndSizes ${ndirs} is more than 16`, o.pos - 4);
  const dataDirectories: PeFile["dataDirectories"] = [];
  for (let i = 0; i < ndirs; i++)
    dataDirectories.push({ virtualAddress: o.u32("data directory RVA"), size: o.u32("data directory size") });

  const shStart = optStart + optSize;
  if (shStart + nsections * SECTION_HEADER_SIZE > bytes.length)
    throw new FormatError(
      "section headers",
      shStart,
      `${nsections} section headers reach past the end of the file (${bytes.length} bytes)`,
    );
  const strtabAt = pointerToSymbolTable + COFF_SYMBOL_SIZE * numberOfSymbols;
  const sections: PeSection[] = [];
  const sc = new Cursor(bytes, "section headers", true, shStart);
  for (let i = 0; i < nsections; i++) {
    const at = sc.pos;
    const raw = bytes.subarray(at, at + 8);
    const nul = raw.indexOf(0);
    const short = new TextDecoder("latin1").decode(raw.subarray(0, nul < 0 ? 8 : nul));
    sc.skip(8, "Name");
    const s: PeSection = {
      index: i + 1,
      name: short,
      virtualSize: sc.u32("VirtualSize"),
      virtualAddress: sc.u32("VirtualAddress"),
      sizeOfRawData: sc.u32("SizeOfRawData"),
      pointerToRawData: sc.u32("PointerToRawData"),
      characteristics: 0,
    };
    sc.skip(12, "relocations and line numbers");
    s.characteristics = sc.u32("Characteristics");
    if (/^\/\d+$/.test(short))
      s.name = longName(bytes, strtabAt, pointerToSymbolTable, Number(short.slice(1)), at);
    sections.push(s);
  }

  const sectionData = (s: PeSection): Uint8Array => {
    let n = s.sizeOfRawData;
    if (s.virtualSize > 0 && s.virtualSize < n) n = s.virtualSize;
    if (n === 0) return new Uint8Array(0);
    if (s.pointerToRawData + n > bytes.length)
      throw new FormatError(
        s.name,
        0,
        `contents at file offset 0x${s.pointerToRawData.toString(16)}, 0x${n.toString(16)} bytes, reach past the end of the file (0x${bytes.length.toString(16)} bytes)`,
      );
    return bytes.subarray(s.pointerToRawData, s.pointerToRawData + n);
  };
  const pe: PeFile = {
    machine,
    magic,
    imageBase,
    entry,
    characteristics,
    pointerToSymbolTable,
    numberOfSymbols,
    dataDirectories,
    sections,
    debugDirectory: [],
    sectionData,
    maxDecompressedSize: opts.maxDecompressedSize ?? defaultDecompressionLimit(bytes.length),
  };
  pe.debugDirectory = readDebugDirectory(pe, bytes);
  return pe;
}

/** A `/N` name: the NUL-terminated string at offset N of the string table. */
function longName(bytes: Uint8Array, strtabAt: number, symtab: number, off: number, header: number): string {
  if (symtab === 0)
    throw new FormatError(
      "section headers",
      header,
      `section name /${off} refers to a string table the file does not have`,
    );
  if (strtabAt + 4 > bytes.length)
    throw new FormatError(
      "section headers",
      header,
      `section name /${off} refers to the string table at file offset 0x${strtabAt.toString(16)}, past the end of the file (0x${bytes.length.toString(16)} bytes: truncated?)`,
    );
  const size = new Cursor(bytes, "string table", true, strtabAt).u32("size");
  if (off < 4 || off >= size || strtabAt + off >= bytes.length)
    throw new FormatError(
      "string table",
      off,
      `section name /${off} is outside the ${size}-byte string table`,
    );
  const end = bytes.indexOf(0, strtabAt + off);
  if (end < 0 || end > strtabAt + size)
    throw new FormatError("string table", off, "section name is not NUL-terminated inside the string table");
  return new TextDecoder().decode(bytes.subarray(strtabAt + off, end));
}

/** The section holding an RVA range, or undefined. */
function sectionAt(pe: PeFile, rva: number, size: number): PeSection | undefined {
  return pe.sections.find(
    (s) =>
      rva >= s.virtualAddress && rva + size <= s.virtualAddress + Math.max(s.virtualSize, s.sizeOfRawData),
  );
}

/** The data directory's DEBUG entry, read as IMAGE_DEBUG_DIRECTORY entries. */
function readDebugDirectory(pe: PeFile, bytes: Uint8Array): DebugDirectoryEntry[] {
  const dir = pe.dataDirectories[IMAGE_DIRECTORY_ENTRY_DEBUG];
  if (dir === undefined || dir.size === 0) return [];
  const s = sectionAt(pe, dir.virtualAddress, dir.size);
  if (s === undefined)
    throw new FormatError(
      "debug directory",
      0,
      `RVA 0x${dir.virtualAddress.toString(16)} (0x${dir.size.toString(16)} bytes) is in no section`,
    );
  const data = pe.sectionData(s);
  const c = new Cursor(data, "debug directory", true, dir.virtualAddress - s.virtualAddress);
  const out: DebugDirectoryEntry[] = [];
  for (let i = 0; i + DEBUG_DIRECTORY_SIZE <= dir.size; i += DEBUG_DIRECTORY_SIZE) {
    c.skip(4, "Characteristics");
    const e: DebugDirectoryEntry = {
      timeDateStamp: c.u32("TimeDateStamp"),
      type: 0,
      sizeOfData: 0,
      addressOfRawData: 0,
      pointerToRawData: 0,
    };
    c.skip(4, "version");
    e.type = c.u32("Type");
    e.sizeOfData = c.u32("SizeOfData");
    e.addressOfRawData = c.u32("AddressOfRawData");
    e.pointerToRawData = c.u32("PointerToRawData");
    if (e.type === IMAGE_DEBUG_TYPE_CODEVIEW) {
      const cv = codeView(bytes, e.pointerToRawData, e.sizeOfData);
      if (cv !== undefined) e.codeView = cv;
    }
    out.push(e);
  }
  return out;
}

/** An RSDS record at a file offset (other CodeView signatures, such as NB10, are left undecoded). */
function codeView(bytes: Uint8Array, at: number, size: number): CodeViewRecord | undefined {
  if (at + size > bytes.length || size < 24)
    throw new FormatError(
      "debug directory",
      0,
      `CodeView record at file offset 0x${at.toString(16)} (0x${size.toString(16)} bytes) is outside the file or too short`,
    );
  const c = new Cursor(bytes.subarray(at, at + size), "CodeView record");
  if (c.u32("signature") !== CV_SIGNATURE_RSDS) return undefined;
  const guid = bytes.slice(at + 4, at + 20);
  c.skip(16, "GUID");
  const age = c.u32("Age");
  const end = bytes.subarray(at + 24, at + size).indexOf(0);
  const pdbPath = new TextDecoder().decode(bytes.subarray(at + 24, end < 0 ? at + size : at + 24 + end));
  return { signature: "RSDS", guid, age, pdbPath };
}

/**
 * debug/pe File.DWARF: the .debug_* sections, and .zdebug_* ones inflated (a .debug_* section wins
 * over a .zdebug_* one of the same name), within the file's decompression budget.
 */
export function peDwarfSections(pe: PeFile): DwarfSections {
  const known = new Set<string>(DWARF_SECTION_NAMES);
  const found = new Map<DwarfSectionName, PeSection>();
  for (const s of pe.sections) {
    let key: string | undefined;
    if (s.name.startsWith(".debug_")) key = s.name.slice(1);
    else if (s.name.startsWith(".zdebug_")) key = `debug_${s.name.slice(".zdebug_".length)}`;
    if (key === undefined || !known.has(key)) continue;
    const prev = found.get(key as DwarfSectionName);
    if (prev === undefined || (prev.name.startsWith(".zdebug_") && s.name.startsWith(".debug_")))
      found.set(key as DwarfSectionName, s);
  }
  let budget = pe.maxDecompressedSize;
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  for (const [k, s] of found) {
    const raw = pe.sectionData(s);
    if (!s.name.startsWith(".zdebug_")) {
      sections[k] = raw;
      continue;
    }
    const h = readZdebugHeader(raw, s.name);
    if (h !== undefined) {
      if (h.size > budget)
        throw new FormatError(
          s.name,
          4,
          `declares ${h.size} bytes uncompressed, more than the ${budget} left of the file's decompression budget`,
        );
      budget -= h.size;
    }
    sections[k] = decompressZdebug(raw, s.name, h === undefined ? raw.length : h.size);
  }
  return { littleEndian: true, addressSize: pe.magic === PE32PLUS_MAGIC ? 8 : 4, sections };
}

/** True when the image has DWARF sections. */
export function peHasDwarf(pe: PeFile): boolean {
  return pe.sections.some((s) => s.name.startsWith(".debug_info") || s.name === ".zdebug_info");
}
