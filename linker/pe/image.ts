/**
 * A PE32+ image described, then laid out as cmd/link lays out a windows executable when it links
 * internally (cmd/link/internal/ld pe.go Peinit, addSection, addDWARFSection, addDWARF,
 * writeSymbolTableAndStringTable, asmbPe): headers rounded to PEFILEALIGN (512), sections in the
 * order given, each at the next file offset with its raw size rounded to 512, and in memory at the
 * RVA the link gave it or, for the DWARF sections, at the next multiple of PESECTALIGN (0x1000)
 * (Go maps them, discardable); every DWARF section is named through the COFF string table (`/N`),
 * as addDWARFSection does whatever the length; `.symtab` last, holding the COFF symbols and the
 * string table. Beyond Go: a `.buildid` section holding the debug directory entry and its CodeView
 * record, as lld-link writes for `-build-id` under MinGW, the data directory's DEBUG entry
 * pointing at it. It goes after .data (where Go puts .pdata and .xdata), before the DWARF: GNU
 * objdump sizes a .zdebug_* section by what it inflates to, so a .buildid after one would lie
 * inside its range and objdump would look for the debug directory there.
 */
import {
  COFF_SYMBOL_SIZE,
  DEBUG_DIRECTORY_SIZE,
  FILE_HEADER_SIZE,
  IMAGE_SCN_ALIGN_1BYTES,
  IMAGE_SCN_CNT_INITIALIZED_DATA,
  IMAGE_SCN_MEM_DISCARDABLE,
  IMAGE_SCN_MEM_READ,
  OPTIONAL_HEADER64_SIZE,
  SECTION_HEADER_SIZE,
} from "../../pe/constants.js";
import { Rnd } from "../sym.js";
import { debugDirectoryEntry, RSDS_GUID_OFFSET } from "./codeview.js";

/** pe.go PESECTALIGN and PEFILEALIGN for an internal link. */
export const PESECTALIGN = 0x1000;
export const PEFILEALIGN = 0x200;
/** pe.go Peinit: PEBASE for 64-bit images, as MSVC and LLVM use. */
export const PEBASE = 0x140000000;
/** The DOS header and stub Go writes (pe.go dosstub): e_lfanew = 0x80. */
export const DOS_STUB_SIZE = 0x80;
/** Peinit: PEFILEHEADR counts the stub, file and optional headers and 16 section headers. */
const HEADER_SECTIONS = 16;

/** A section the link placed: .text, .rdata, .data. */
export interface PeImageSection {
  name: string;
  characteristics: number;
  rva: number;
  virtualSize: number;
  /** What the file holds (at most virtualSize bytes; the rest is zero-filled memory). */
  data: Uint8Array;
}

/** A COFF symbol (pe.go writeSymbol): value is the offset in its section. */
export interface PeSymbol {
  name: string;
  value: number;
  /** The section's name (.text, .rdata, .data). */
  section: string;
  type: number;
  storageClass: number;
}

export interface PeImage {
  machine: number;
  /** ImageBase: PEBASE unless -T moved the text (a multiple of 64 KiB, as Windows requires). */
  imageBase: number;
  /** AddressOfEntryPoint (an RVA). */
  entry: number;
  sections: readonly PeImageSection[];
  /** The DWARF sections as stored (.zdebug_* compressed, or .debug_*), in Go's order. */
  debug?: readonly { name: string; data: Uint8Array }[];
  /** The CodeView record to point a debug directory at (undefined: no debug directory). */
  codeView?: Uint8Array;
  /** Undefined: no symbols (-s); the string table is still written, as Go does. */
  symbols?: readonly PeSymbol[];
}

/** A section header, resolved. */
export interface PeLayoutSection {
  name: string;
  /** What the header's 8-byte name field holds: the name, or `/N` into the string table. */
  shortName: string;
  characteristics: number;
  rva: number;
  virtualSize: number;
  pointerToRawData: number;
  sizeOfRawData: number;
  data: Uint8Array;
}

export interface PeLayout {
  image: PeImage;
  headerSize: number;
  sections: PeLayoutSection[];
  sizeOfImage: number;
  /** pe.go writeSymbolTableAndStringTable: where the symbols start, and how many. */
  symtabOffset: number;
  symbols: Uint8Array;
  symbolCount: number;
  stringTable: Uint8Array;
  /** The DEBUG data directory entry, and the file offset of the GUID it leads to. */
  debugDirectory?: { rva: number; size: number; guidOffset: number };
  fileSize: number;
}

/** pe.go peStringTable: a 4-byte size, then NUL-terminated strings; offsets count the size. */
class StringTable {
  private parts: Uint8Array[] = [];
  private len = 4;
  add(s: string): number {
    const off = this.len;
    const b = new TextEncoder().encode(`${s}\0`);
    this.parts.push(b);
    this.len += b.length;
    return off;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.len);
    new DataView(out.buffer).setUint32(0, this.len, true);
    let at = 4;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Peinit's PEFILEHEADR: the stub and headers for 16 sections (more when there are more). */
export function peHeaderSize(nsections: number): number {
  const n = Math.max(HEADER_SECTIONS, nsections);
  return Rnd(
    DOS_STUB_SIZE + 4 + FILE_HEADER_SIZE + OPTIONAL_HEADER64_SIZE + n * SECTION_HEADER_SIZE,
    PEFILEALIGN,
  );
}

/** The BUILDID section's contents: the debug directory entry then the record, at 4-byte alignment. */
const BUILDID_SECTION = ".buildid";

/** Lays out `image`: every section's offsets, the string table and the symbols. */
export function layoutPe(image: PeImage): PeLayout {
  const debug = image.debug ?? [];
  const nsections = image.sections.length + debug.length + (image.codeView === undefined ? 0 : 1) + 1;
  const headerSize = peHeaderSize(nsections);
  const strtab = new StringTable();
  const out: PeLayoutSection[] = [];
  let nextFile = headerSize;
  let nextRva = Rnd(headerSize, PESECTALIGN);
  const add = (
    name: string,
    shortName: string,
    characteristics: number,
    rva: number,
    virtualSize: number,
    data: Uint8Array,
  ): PeLayoutSection => {
    if (rva < nextRva)
      throw new Error(`PE section ${name} at RVA 0x${rva.toString(16)} overlaps the one before it`);
    const s: PeLayoutSection = {
      name,
      shortName,
      characteristics,
      rva,
      virtualSize,
      pointerToRawData: data.length > 0 ? nextFile : 0,
      sizeOfRawData: Rnd(data.length, PEFILEALIGN),
      data,
    };
    nextFile += s.sizeOfRawData;
    nextRva = Rnd(rva + virtualSize, PESECTALIGN);
    out.push(s);
    return s;
  };
  for (const s of image.sections) add(s.name, s.name, s.characteristics, s.rva, s.virtualSize, s.data);
  let debugDirectory: PeLayout["debugDirectory"];
  if (image.codeView !== undefined) {
    const cv = image.codeView;
    const data = new Uint8Array(DEBUG_DIRECTORY_SIZE + cv.length);
    const rva = nextRva;
    const off = nextFile;
    data.set(debugDirectoryEntry(cv.length, rva + DEBUG_DIRECTORY_SIZE, off + DEBUG_DIRECTORY_SIZE));
    data.set(cv, DEBUG_DIRECTORY_SIZE);
    add(
      BUILDID_SECTION,
      BUILDID_SECTION,
      IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ,
      rva,
      data.length,
      data,
    );
    debugDirectory = {
      rva,
      size: DEBUG_DIRECTORY_SIZE,
      guidOffset: off + DEBUG_DIRECTORY_SIZE + RSDS_GUID_OFFSET,
    };
  }

  // addDWARFSection: every DWARF section named through the string table.
  const dwarfFlags =
    IMAGE_SCN_ALIGN_1BYTES | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_DISCARDABLE | IMAGE_SCN_CNT_INITIALIZED_DATA;
  for (const d of debug) add(d.name, `/${strtab.add(d.name)}`, dwarfFlags, nextRva, d.data.length, d.data);

  // writeSymbolTableAndStringTable: the symbols, then the string table, as one .symtab section.
  const symtabOffset = nextFile;
  const syms = image.symbols ?? [];
  const symbols = new Uint8Array(syms.length * COFF_SYMBOL_SIZE);
  const sv = new DataView(symbols.buffer);
  const index = new Map(out.map((s, i) => [s.name, i + 1]));
  syms.forEach((y, i) => {
    const at = i * COFF_SYMBOL_SIZE;
    const name = new TextEncoder().encode(y.name);
    if (name.length > 8) sv.setUint32(at + 4, strtab.add(y.name), true);
    else symbols.set(name, at);
    sv.setUint32(at + 8, y.value >>> 0, true);
    sv.setUint16(at + 12, index.get(y.section) ?? 0, true);
    sv.setUint16(at + 14, y.type, true);
    symbols[at + 16] = y.storageClass;
  });
  const stringTable = strtab.bytes();
  const symtabData = new Uint8Array(symbols.length + stringTable.length);
  symtabData.set(symbols);
  symtabData.set(stringTable, symbols.length);
  const symtab = add(
    ".symtab",
    ".symtab",
    IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_DISCARDABLE,
    nextRva,
    symtabData.length,
    symtabData,
  );
  const layout: PeLayout = {
    image,
    headerSize,
    sections: out,
    sizeOfImage: nextRva,
    symtabOffset: symtab.pointerToRawData,
    symbols,
    symbolCount: syms.length,
    stringTable,
    fileSize: nextFile,
  };
  if (symtabOffset !== symtab.pointerToRawData) throw new Error("PE .symtab is not where the symbols go");
  if (debugDirectory !== undefined) layout.debugDirectory = debugDirectory;
  return layout;
}
