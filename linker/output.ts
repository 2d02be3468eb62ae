/**
 * The whole link to an executable: link() (the DWARF phases, addresses and symbols), then what
 * cmd/link does after them for a linux/amd64 internal link, Go 1.26: dwarfcompress, the build-id
 * notes, the symbol table (asmElfSym), and the ELF image (asmbElf), written with linker/elf/. Pure:
 * objects in, bytes out, and the same objects and options always give the same bytes.
 *
 * Models cmd/link/internal/ld main.go (the -w / -s / -compressdwarf / -buildid / -B flags and
 * their defaults), dwarf.go dwarfEnabled / dwarfcompress, elf.go asmbElf / addbuildinfo,
 * symtab.go genelfsym / asmElfSym, and the last step of cmd/go's `go build`
 * (cmd/go/internal/work/buildid.go updateBuildID) when it is asked to make up a Go build ID.
 * Beyond Go: the external debug layout of golang/go#51692 (`externalDebug`, linker/external.ts),
 * where the DWARF and symbols go to a separate debug file named by the executable's debuglink.
 *
 * What is a placeholder, because the model carries no machine code and no data contents:
 * - `.text`: every function is `size` bytes of one-byte `nop`s (0x90) ending in `ret` (0xC3), so
 *   every address the line table names is an instruction boundary (a disassembler decodes each
 *   function cleanly and gdb can put a breakpoint on any row). The entry function (main.main)
 *   ends instead in `exit(0)` (`push $60; pop %rax; xor %edi,%edi; syscall`, 7 bytes) when it has
 *   room, so running the file exits 0 and `gdb -ex 'break main.main' -ex run` stops there. Padding
 *   between functions, and the MinLC byte after the last one, is `int3` (0xCC) as Go pads on amd64.
 * - `.rodata`, `.noptrdata`, `.data`: zeros of the laid-out size (type descriptors and variables
 *   have addresses and sizes, not contents); `.bss` / `.noptrbss` are SHT_NOBITS. A data section
 *   with nothing in it is left out (a real Go binary never has an empty one: the runtime's data is
 *   always there).
 * - No `.gopclntab`, `.typelink`, `.itablink`, `.go.buildinfo`, `.go.fipsinfo` or `.go.module`:
 *   only the sections the DWARF refers to and the ones the notes and symbols need.
 */
import { createHash } from "node:crypto";
import { SHF, SHT, STB, STT } from "../elf/constants.js";
import type { ObjFile } from "../compiler/gc/compile.js";
import { WriteObjFile } from "../compiler/obj/objfile.js";
import {
  type BuildIdStyle,
  CONTENT_ID_SIZE,
  initialBuildId,
  parseBuildIdStyle,
  patchBuildId,
} from "./buildid.js";
import { dwarfcompress } from "./compress.js";
import type { ElfImage, ElfLayout, ImageDebugSection, ImageSection, ImageSymbol } from "./elf/image.js";
import { GNU_BUILDID_SECTION, GO_BUILDID_SECTION, gnuBuildIdNoteOf, goNotes } from "./elf/notes.js";
import { writeElf } from "./elf/write.js";
import { type DebugFile, finishDebugFile, writeExternal } from "./external.js";
import { FUNCALIGN, MINLC } from "./layout.js";
import { type SplitLayout, splitLayout } from "./splitdwarf/layout.js";
import { type LinkedSymbol, type LinkOptions, type LinkResult, link } from "./link.js";
import { LinkError } from "./load.js";

export interface OutputOptions extends LinkOptions {
  /** Go's -compressdwarf (default true): zlib at Go's BestSpeed, SHF_COMPRESSED, where it shrinks. */
  compressDwarf?: boolean;
  /**
   * Go's -w, which is tri-state: true drops DWARF; false keeps it even with -s; undefined (not
   * given) follows -s.
   */
  w?: boolean;
  /** Go's -s: no .symtab / .strtab; implies -w unless w === false. */
  s?: boolean;
  /**
   * Go's -B, the GNU build-id style: "" or undefined (the default: "gobuildid" when there is a Go
   * build ID, else none), "gobuildid", "0xHEX", "none"; beyond Go, the content hashes "fast",
   * "md5", "sha1" (alias "tree"), "sha256", "uuid" (linker/buildid.ts says what each computes).
   */
  buildId?: string;
  /**
   * Go's -buildid: the Go build ID written to .note.go.buildid, used as given. Undefined: made up
   * from the inputs as `go build` would make one (see {@link deriveGoBuildId}). "": none (no
   * .note.go.buildid, and the default -B is then none).
   */
  goBuildId?: string;
  /**
   * The external debug layout (golang/go#51692 `-external-debuginfo`): the name (a base name) the
   * executable's `.gnu_debuglink` gives its separate debug file, which then holds the full DWARF
   * and symbol table whatever -w and -s say (they act on the executable only). Undefined: the
   * combined layout, Go's.
   */
  externalDebug?: string;
  /**
   * Split DWARF 5 (linker/splitdwarf/): the executable's base name, from which its .dwo files
   * (`BASE.PKG.dwo`) and package (`BASE.dwp`) are named; `dwp` also packs them. Undefined: no split.
   */
  splitDebug?: { base: string; dwp: boolean };
}

/** The executable and everything about it a caller may want to show or check. */
export interface LinkedImage {
  /** The file. */
  bytes: Uint8Array;
  /** Where everything landed (section headers, segments, notes, symbols). */
  layout: ElfLayout;
  /** The description that was written (before build-id patching). */
  image: ElfImage;
  /** The link: uncompressed DWARF sections, addresses, symbols, units. */
  link: LinkResult;
  dwarfVersion: 4 | 5;
  /** e_entry, and the function there (undefined: the start of .text). */
  entry: number;
  entrySymbol: string | undefined;
  /** The flags as resolved: DWARF written (not -w), symbol table written (not -s), compressed. */
  dwarf: boolean;
  symtab: boolean;
  compressDwarf: boolean;
  /** The Go build ID in .note.go.buildid (final), or undefined without one. */
  goBuildId: string | undefined;
  /**
   * The Go build ID the link ran with: the same as goBuildId when it was given; when made up, the
   * link-time `A/B/C/A` whose last part updateBuildID then replaced (the GNU id hashes this one).
   */
  linkGoBuildId: string | undefined;
  /** The -B style as given ("" for the default) and as parsed. */
  buildIdFlag: string;
  buildIdStyle: BuildIdStyle;
  /** The .note.gnu.build-id descriptor (final), or undefined without one. */
  gnuBuildId: Uint8Array | undefined;
  /** The separate debug file (external layout only). */
  debugFile?: DebugFile;
  /** The .dwo files (and .dwp) of the split layout. */
  split?: SplitLayout;
}

/** One section of the written file, for printing. */
export interface SectionSummary {
  index: number;
  name: string;
  /** "PROGBITS", "NOBITS", "NOTE", "SYMTAB", "STRTAB". */
  type: string;
  /** readelf's letters: "AX", "WA", "A", "C", "". */
  flags: string;
  addr: number;
  offset: number;
  /** Bytes in the file (memory size for NOBITS). */
  size: number;
  /** SHF_COMPRESSED: the size before compression. */
  uncompressedSize?: number;
}

/** What was written, as plain data (the CLI prints it as text or JSON). */
export interface ImageSummary {
  fileSize: number;
  entry: number;
  entrySymbol: string | null;
  dwarfVersion: 4 | 5;
  dwarf: boolean;
  symtab: boolean;
  compressDwarf: boolean;
  goBuildId: string | null;
  /** The -B style: "gobuildid", "0x...", "none", "fast", ... ("none" also when defaulted to none). */
  buildIdStyle: string;
  gnuBuildId: string | null;
  sections: SectionSummary[];
  /** Entries of .symtab after the null symbol (0 with -s). */
  symbols: number;
  /** The separate debug file (external layout only; absent from a combined build's summary). */
  debugFile?: DebugFileSummary;
}

/** The separate debug file, for printing. */
export interface DebugFileSummary {
  /** The name the executable's .gnu_debuglink gives. */
  name: string;
  fileSize: number;
  /** The debuglink's CRC-32, "0x" and 8 hex digits. */
  crc: string;
  dwarfVersion: 4 | 5;
  compressDwarf: boolean;
  sections: SectionSummary[];
  symbols: number;
}

/** The bytes of a function body: nops then `ret`; the entry function's ends in exit(0) instead. */
const NOP = 0x90;
const RET = 0xc3;
const INT3 = 0xcc;
/** push $60 (SYS_exit); pop %rax; xor %edi,%edi; syscall. */
const EXIT0 = [0x6a, 0x3c, 0x58, 0x31, 0xff, 0x0f, 0x05];

/** SHF bits, alignment and type of each data section as cmd/link's dodata gives them on ELF. */
const DATA_SECTIONS: Readonly<Record<string, { flags: number; nobits: boolean }>> = {
  ".rodata": { flags: SHF.ALLOC, nobits: false },
  ".noptrdata": { flags: SHF.ALLOC | SHF.WRITE, nobits: false },
  ".data": { flags: SHF.ALLOC | SHF.WRITE, nobits: false },
  ".bss": { flags: SHF.ALLOC | SHF.WRITE, nobits: true },
  ".noptrbss": { flags: SHF.ALLOC | SHF.WRITE, nobits: true },
};
/** Maxalign on amd64: the sh_addralign Go gives each data section. */
const DATA_ALIGN = 32;

const DATA_KINDS: ReadonlySet<string> = new Set(["SRODATA", "SNOPTRDATA", "SDATA", "SBSS", "SNOPTRBSS"]);

/** The link-phase options an output's options carry (`textStart` when the format fixes none). */
export function linkOptionsOf(
  opts: Pick<
    LinkOptions,
    "goroot" | "version" | "textStart" | "funcAlign" | "types" | "gdbScript" | "provenance" | "sourceLink"
  >,
  textStart?: number,
): LinkOptions {
  const o: LinkOptions = {};
  const keys = ["goroot", "version", "funcAlign", "types", "gdbScript", "provenance", "sourceLink"] as const;
  for (const k of keys) if (opts[k] !== undefined) (o as Record<string, unknown>)[k] = opts[k];
  const start = opts.textStart ?? textStart;
  if (start !== undefined) o.textStart = start;
  return o;
}

/** The text symbols in address order, main.main, and the entry (main.main, else the text start). */
export function textFuncs(r: LinkResult): {
  funcs: LinkedSymbol[];
  main: LinkedSymbol | undefined;
  entry: number;
} {
  const funcs = [...r.symbols.values()]
    .filter((y) => y.section === ".text" && y.kind === "STEXT")
    .sort((a, b) => a.addr - b.addr);
  const main = funcs.find((f) => f.name === "main.main" && !f.static);
  return { funcs, main, entry: main?.addr ?? r.layout[0]!.vaddr };
}

/**
 * Links `objs` (in link order) into a linux/amd64 executable as cmd/link does when it links
 * internally. Throws LinkError for objects that cannot be linked together (no objects, DWARF
 * versions or toolchains that differ, duplicate symbols) and BuildIdError for a bad `buildId`.
 */
export function linkElf(objs: readonly ObjFile[], opts: OutputOptions = {}): LinkedImage {
  const first = objs[0];
  if (first === undefined) throw new LinkError("nothing to link");
  for (const o of objs) {
    if (o.dwarfVersion !== first.dwarfVersion) {
      throw new LinkError(
        `${o.pkgpath} was compiled for DWARF ${o.dwarfVersion} but ${first.pkgpath} for DWARF ${first.dwarfVersion}: every object of a link must have the same DWARF version`,
      );
    }
  }
  // main.go: -s implies -w unless -w was given (either way); dwarfEnabled is !-w on ELF.
  const s = opts.s === true;
  const w = opts.w ?? s;
  const external = opts.externalDebug !== undefined;
  // The executable of the external layout has no DWARF whatever -w says; the debug file has it all.
  const dwarf = !w && !external;
  const compress = opts.compressDwarf !== false;
  const buildIdFlag = opts.buildId ?? "";

  const r = link(objs, linkOptionsOf(opts));

  // The Go build ID: as given (-buildid), or the link-time one `go build` would pass.
  const derived = opts.goBuildId === undefined ? deriveGoBuildId(objs, opts, r.objectFiles) : undefined;
  const linkGoBuildId = opts.goBuildId ?? derived!.linkTime;
  const style = parseBuildIdStyle(buildIdFlag, { goBuildId: linkGoBuildId });
  const gnuDesc = initialBuildId(style, linkGoBuildId);

  const text = r.layout[0]!;
  const { funcs, main, entry } = textFuncs(r);

  const sections: ImageSection[] = [
    {
      name: ".text",
      flags: SHF.ALLOC | SHF.EXECINSTR,
      addr: text.vaddr,
      align: opts.funcAlign ?? FUNCALIGN,
      data: textBytes(text.vaddr, text.length, funcs, main?.addr),
    },
  ];
  for (const sec of r.layout.slice(1)) {
    const kind = DATA_SECTIONS[sec.name];
    if (kind === undefined) throw new LinkError(`unexpected output section ${sec.name}`);
    if (sec.length === 0) continue;
    const out: ImageSection = { name: sec.name, flags: kind.flags, addr: sec.vaddr, align: DATA_ALIGN };
    if (kind.nobits) {
      out.type = SHT.NOBITS;
      out.size = sec.length;
    } else {
      out.data = new Uint8Array(sec.length);
    }
    sections.push(out);
  }

  const image: ElfImage = {
    machine: "amd64",
    entry,
    sections,
    notes: goNotes({
      ...(linkGoBuildId !== "" && { goBuildId: linkGoBuildId }),
      ...(gnuDesc !== undefined && { gnuBuildId: gnuDesc }),
    }),
  };
  let split: SplitLayout | undefined;
  if (opts.splitDebug !== undefined) {
    if (r.dwarfVersion !== 5)
      throw new LinkError(
        `split DWARF (--debug split) is DWARF 5's layout, and the objects are DWARF ${r.dwarfVersion}: build them with --dwarf 5`,
      );
    if (dwarf) split = splitLayout(r.sections, opts.splitDebug.base, opts.splitDebug.dwp);
  }
  if (dwarf) image.debug = debugSections(split?.exe ?? r.sections, compress);
  const symbols = elfSymbols(r, sections);
  if (!s) image.symbols = symbols;

  let debugFile: DebugFile | undefined;
  let bytes: Uint8Array;
  let layout: ElfLayout;
  let written = image;
  if (external) {
    ({
      image: written,
      bytes,
      layout,
      debugFile,
    } = writeExternal(image, debugSections(r.sections, compress), symbols, opts.externalDebug!));
  } else {
    ({ bytes, layout } = writeElf(image));
  }

  let goBuildId: string | undefined = linkGoBuildId === "" ? undefined : linkGoBuildId;
  if (derived !== undefined) goBuildId = updateBuildID(bytes, layout, linkGoBuildId);
  let gnuBuildId = gnuDesc;
  if (style.kind === "content") {
    // Last, over the finished file (descriptor zeroed): anyone can recompute it from the file.
    gnuBuildId = patchBuildId(bytes, gnuBuildIdNoteOf(layout)!, style.algorithm);
  }
  if (debugFile !== undefined) finishDebugFile(debugFile, bytes, layout);

  const out: LinkedImage = {
    bytes,
    layout,
    image: written,
    link: r,
    dwarfVersion: r.dwarfVersion,
    entry,
    entrySymbol: main?.name,
    dwarf,
    symtab: !s,
    compressDwarf: compress,
    goBuildId,
    linkGoBuildId: linkGoBuildId === "" ? undefined : linkGoBuildId,
    buildIdFlag,
    buildIdStyle: style,
    gnuBuildId,
  };
  if (debugFile !== undefined) out.debugFile = debugFile;
  if (split !== undefined) out.split = split;
  return out;
}

/** .text: int3 everywhere, each function nops + ret (the entry function nops + exit(0)); linker/pe too. */
export function textBytes(
  base: number,
  length: number,
  funcs: readonly { addr: number; size: number }[],
  entry: number | undefined,
): Uint8Array {
  const out = new Uint8Array(length).fill(INT3);
  for (const f of funcs) {
    const at = f.addr - base;
    if (f.size <= 0) continue;
    out.fill(NOP, at, at + f.size - 1);
    out[at + f.size - 1] = RET;
    if (f.addr === entry && f.size > EXIT0.length) out.set(EXIT0, at + f.size - EXIT0.length);
  }
  return out;
}

/** dwarfcompress, or the sections as they are (-compressdwarf=false), in Go's order. */
function debugSections(sections: ReadonlyMap<string, Uint8Array>, compress: boolean): ImageDebugSection[] {
  const plain = [...sections].map(([name, data]) => ({ name, data }));
  if (compress) return dwarfcompress(plain);
  return plain.map((d) => ({ ...d, align: 1 }));
}

/**
 * symtab.go genelfsym, run for STB_LOCAL and then STB_GLOBAL (the writer sorts locals first and
 * keeps the order): runtime.text, the functions in address order, runtime.etext, then the data
 * symbols, then the section markers the linker defines (runtime.rodata ... runtime.end, as a
 * go1.26 binary lists them, where runtime.types spans .rodata as runtime.rodata does) and the
 * `type:*` symbol standing for all the type descriptors (each is AttrNotInSymbolTable).
 */
export function elfSymbols(r: LinkResult, sections: readonly ImageSection[]): ImageSymbol[] {
  const text = r.layout[0]!;
  const out: ImageSymbol[] = [];
  const bind = (isStatic: boolean) => (isStatic ? STB.LOCAL : STB.GLOBAL);
  const marker = (name: string, value: number, section: string, type: number = STT.OBJECT) =>
    out.push({ name, value, size: 0, type, bind: STB.LOCAL, section });

  marker("runtime.text", text.vaddr, ".text", STT.FUNC);
  const all = [...r.symbols.values()];
  for (const f of all
    .filter((y) => y.kind === "STEXT" && y.section === ".text")
    .sort((a, b) => a.addr - b.addr))
    out.push({
      name: f.name,
      value: f.addr,
      size: f.size,
      type: STT.FUNC,
      bind: bind(f.static),
      section: ".text",
    });
  marker("runtime.etext", text.vaddr + text.length - MINLC, ".text", STT.FUNC);

  const present = new Set(sections.map((s) => s.name));
  for (const y of all) {
    if (!DATA_KINDS.has(y.kind) || !present.has(y.section)) continue;
    out.push({
      name: y.name,
      value: y.addr,
      size: y.size,
      type: STT.OBJECT,
      bind: bind(y.static),
      section: y.section,
    });
  }

  const bounds = new Map(r.layout.map((l) => [l.name, l]));
  const pair = (sect: string, start: string, end: string): void => {
    const l = bounds.get(sect);
    if (l === undefined || !present.has(sect)) return;
    marker(start, l.vaddr, sect);
    marker(end, l.vaddr + l.length, sect);
  };
  pair(".rodata", "runtime.rodata", "runtime.erodata");
  pair(".rodata", "runtime.types", "runtime.etypes");
  pair(".noptrdata", "runtime.noptrdata", "runtime.enoptrdata");
  pair(".data", "runtime.data", "runtime.edata");
  pair(".bss", "runtime.bss", "runtime.ebss");
  pair(".noptrbss", "runtime.noptrbss", "runtime.enoptrbss");
  const last = [...r.layout].reverse().find((l) => present.has(l.name) && l.name !== ".text");
  if (last !== undefined) marker("runtime.end", last.vaddr + last.length, last.name);
  const rodata = bounds.get(".rodata");
  if (rodata !== undefined && present.has(".rodata") && all.some((y) => y.kind === "STYPE"))
    out.push({
      name: "type:*",
      value: rodata.vaddr,
      size: 0,
      type: STT.OBJECT,
      bind: STB.GLOBAL,
      section: ".rodata",
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go build IDs

/**
 * cmd/internal/buildid.HashToString: the first 120 bits of a SHA-256 in 20 characters of
 * base64url (no padding).
 */
export function hashToString(sum: Uint8Array): string {
  return Buffer.from(sum.subarray(0, 15)).toString("base64url");
}

function sha256(data: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/**
 * An object's digest: the SHA-256 of the Go object file the linker reads (compiler/obj/objfile.ts
 * WriteObjFile), which holds everything of the object that reaches the output and no provenance
 * marks.
 */
function objectDigest(file: Uint8Array): string {
  return Buffer.from(sha256(file)).toString("hex");
}

/**
 * The Go build ID `go build` would give the executable, made up from the inputs in its format
 * (cmd/go/internal/work/buildid.go): `actionID(binary)/actionID(main.a)/contentID(main.a)/
 * contentID(binary)`, each part HashToString of a SHA-256. The model has no sources or compiler
 * flags, so the parts hash what it has:
 * - contentID(main.a): the main package's object (the digest of its Go object file);
 * - actionID(main.a): "compile", the toolchain version, the package path and that digest;
 * - actionID(binary): "link", the toolchain version, every object's path and digest in link order,
 *   and the link flags (as cmd/go puts the -ldflags into the link action ID);
 * - contentID(binary): computed after writing, from the file itself ({@link updateBuildID}).
 * Returned: the three known parts and the link-time ID `A/B/C/A` cmd/go passes to the linker.
 */
export function deriveGoBuildId(
  objs: readonly ObjFile[],
  opts: OutputOptions = {},
  /** The objects as written by the link (LinkResult.objectFiles); written here if not given. */
  objectFiles?: readonly Uint8Array[],
): { actionBinary: string; actionMain: string; contentMain: string; linkTime: string } {
  const version = objs[0]?.profile.version ?? "";
  const mainObj = objs.find((o) => o.pkgpath === "main") ?? objs[0];
  if (mainObj === undefined) throw new LinkError("nothing to link");
  const files = objectFiles ?? objs.map((o) => WriteObjFile(o).bytes);
  if (files.length !== objs.length)
    throw new LinkError(`${files.length} object files for ${objs.length} objects`);
  const digests = files.map(objectDigest);
  const mainDigest = digests[objs.indexOf(mainObj)]!;
  const contentMain = hashToString(sha256(`content\n${mainDigest}\n`));
  const actionMain = hashToString(sha256(`compile ${version}\n${mainObj.pkgpath}\n${mainDigest}\n`));
  const flags = {
    w: opts.w ?? null,
    s: opts.s === true,
    compressdwarf: opts.compressDwarf !== false,
    B: opts.buildId ?? "",
    goroot: opts.goroot ?? "",
    version: opts.version ?? "",
    T: opts.textStart ?? null,
    funcalign: opts.funcAlign ?? null,
    gdbScript: opts.gdbScript !== false,
    // Only when set, so a combined build's ID is what it always was.
    ...(opts.externalDebug !== undefined && { debug: `external=${opts.externalDebug}` }),
    ...(opts.splitDebug !== undefined && {
      debug: `split=${opts.splitDebug.base}`,
      dwp: opts.splitDebug.dwp,
    }),
    ...(opts.sourceLink !== undefined && {
      sourceLink: opts.sourceLink.entries.map((e) => [e.key, e.url]),
    }),
  };
  const lines = objs.map((o, i) => `packagefile ${o.pkgpath}=${digests[i]}`);
  const actionBinary = hashToString(
    sha256(`link ${version}\n${lines.join("\n")}\nflags ${JSON.stringify(flags)}\n`),
  );
  return {
    actionBinary,
    actionMain,
    contentMain,
    linkTime: `${actionBinary}/${actionMain}/${contentMain}/${actionBinary}`,
  };
}

/**
 * cmd/go's updateBuildID after the link: buildid.FindAndHash hashes the file with every
 * occurrence of the link-time ID and the GNU build-id descriptor (excludeHostBuildID: the note
 * section past its 16-byte header) read as zeros; the last part of the ID becomes HashToString
 * of that, and every occurrence is rewritten in place (same length). Patches `bytes`; returns
 * the final ID.
 */
export function updateBuildID(bytes: Uint8Array, layout: ElfLayout, linkTimeId: string): string {
  const id = new TextEncoder().encode(linkTimeId);
  const matches: number[] = [];
  for (let at = indexOf(bytes, id, 0); at >= 0; at = indexOf(bytes, id, at + id.length)) matches.push(at);
  const hashed = bytes.slice();
  for (const m of matches) hashed.fill(0, m, m + id.length);
  const gnu = layout.sections.find((s) => s.name === GNU_BUILDID_SECTION);
  if (gnu !== undefined) hashed.fill(0, gnu.offset + 16, gnu.offset + gnu.size);
  const newId = `${linkTimeId.slice(0, linkTimeId.lastIndexOf("/"))}/${hashToString(sha256(hashed))}`;
  const enc = new TextEncoder().encode(newId);
  if (enc.length !== id.length) throw new Error(`build ID length mismatch ${linkTimeId} vs ${newId}`);
  for (const m of matches) bytes.set(enc, m);
  return newId;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  if (needle.length === 0) return -1;
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(needle, from);
}

// ---------------------------------------------------------------------------------------------
// Summary

/** The style as a flag would name it. */
function styleName(img: LinkedImage): string {
  const st = img.buildIdStyle;
  switch (st.kind) {
    case "none":
      return "none";
    case "gobuildid":
      return "gobuildid";
    case "literal":
      return `0x${Buffer.from(st.bytes).toString("hex")}`;
    case "content":
      return st.algorithm;
  }
}

/** readelf's one-letter flags for what an executable of ours can carry. */
function flagLetters(flags: number): string {
  let out = "";
  if (flags & SHF.WRITE) out += "W";
  if (flags & SHF.ALLOC) out += "A";
  if (flags & SHF.EXECINSTR) out += "X";
  if (flags & SHF.COMPRESSED) out += "C";
  return out;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [SHT.PROGBITS]: "PROGBITS",
  [SHT.NOBITS]: "NOBITS",
  [SHT.NOTE]: "NOTE",
  [SHT.SYMTAB]: "SYMTAB",
  [SHT.STRTAB]: "STRTAB",
};

/** One file's sections, in section-header order (the null section left out). */
function sectionSummaries(layout: ElfLayout, raw: ReadonlyMap<string, Uint8Array>): SectionSummary[] {
  return layout.sections.slice(1).map((s): SectionSummary => {
    const row: SectionSummary = {
      index: s.index,
      name: s.name,
      type: TYPE_NAMES[s.type] ?? `0x${s.type.toString(16)}`,
      flags: flagLetters(s.flags),
      addr: s.addr,
      offset: s.offset,
      size: s.size,
    };
    if (s.flags & SHF.COMPRESSED) {
      const plain = raw.get(s.name);
      if (plain !== undefined) row.uncompressedSize = plain.length;
    }
    return row;
  });
}

/** The summary of a linked image (and of its debug file in the external layout). */
export function imageSummary(img: LinkedImage): ImageSummary {
  const sections = sectionSummaries(img.layout, img.link.sections);
  const sum: ImageSummary = {
    fileSize: img.bytes.length,
    entry: img.entry,
    entrySymbol: img.entrySymbol ?? null,
    dwarfVersion: img.dwarfVersion,
    dwarf: img.dwarf,
    symtab: img.symtab,
    compressDwarf: img.compressDwarf,
    goBuildId: img.goBuildId ?? null,
    buildIdStyle: styleName(img),
    gnuBuildId: img.gnuBuildId === undefined ? null : Buffer.from(img.gnuBuildId).toString("hex"),
    sections,
    symbols: img.layout.symtab === undefined ? 0 : img.layout.symtab.symbols.length - 1,
  };
  const d = img.debugFile;
  if (d !== undefined) {
    sum.debugFile = {
      name: d.name,
      fileSize: d.bytes.length,
      crc: `0x${d.crc.toString(16).padStart(8, "0")}`,
      dwarfVersion: img.dwarfVersion,
      compressDwarf: img.compressDwarf,
      sections: sectionSummaries(d.layout, img.link.sections),
      symbols: d.layout.symtab === undefined ? 0 : d.layout.symtab.symbols.length - 1,
    };
  }
  return sum;
}

/** The size of the GNU build-id note's descriptor for a style (0: no note). For tests and docs. */
export function gnuBuildIdSize(style: BuildIdStyle): number {
  switch (style.kind) {
    case "none":
      return 0;
    case "literal":
      return style.bytes.length;
    case "gobuildid":
      return 20;
    case "content":
      return CONTENT_ID_SIZE[style.algorithm];
  }
}

export { GNU_BUILDID_SECTION, GO_BUILDID_SECTION };
