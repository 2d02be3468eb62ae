/**
 * The layout of a darwin/amd64 executable as Go 1.26's linker lays one out when it links
 * internally (cmd/link/internal/ld/macho.go asmbMacho, machoshbits, machowrite; data.go address for
 * the segments' file offsets), and of its dSYM companion (golang/go#62577) as dsymutil lays one
 * out: the same segments and sections with no file contents but `__DWARF`'s, the same UUID and
 * symbols.
 *
 * Executable: __PAGEZERO (the 16 MiB below the text), __TEXT from file offset 0 (header and load
 * commands, then __text and __rodata at their addresses' offsets), __DATA (__noptrdata, __data,
 * and the zerofill __bss, __noptrbss), __DWARF (vmsize 0, as Go writes it; left out with -w and in
 * the dSYM layout), __LINKEDIT (nlist_64 symbols, then the string table opening with " \0"); then
 * LC_BUILD_VERSION (macOS 12.0), LC_UNIXTHREAD (the entry), LC_SYMTAB, LC_DYSYMTAB,
 * LC_LOAD_DYLINKER and LC_UUID, in asmbMacho's order. Not modelled: PIE (Go's default on darwin:
 * MH_PIE | MH_DYLDLINK and LC_DYLD_INFO_ONLY; this is `-buildmode=exe`),
 * LC_LOAD_DYLIB of libSystem (the placeholder code calls nothing), code signing.
 */
import {
  CPU_SUBTYPE,
  CPU_TYPE,
  LC,
  MH,
  MH_FLAGS,
  N,
  NLIST_64_SIZE,
  PLATFORM_MACOS,
  S,
} from "../../macho/constants.js";
import { Rnd } from "../sym.js";
import {
  headerSize,
  type LoadCommand,
  type MachoFile,
  type MachoSection,
  type MachoSegment,
  sectionOrdinals,
  words,
} from "./file.js";

/** What goes in the file: sections by Go (ELF) name, already at their addresses. */
export interface MachoImage {
  /** __TEXT's vmaddr: -T less HEADR (0x1000000 on darwin/amd64). */
  textSegment: number;
  /** FlagRound: 4096 on darwin/amd64. */
  round: number;
  entry: number;
  /** .text, .rodata, .noptrdata, .data (with bytes) and .bss, .noptrbss (size only). */
  sections: { name: string; addr: number; align: number; data?: Uint8Array; size: number }[];
  /** .debug_* / .zdebug_* sections as stored (undefined: no __DWARF, as -w). */
  debug?: { name: string; data: Uint8Array }[];
  /** Symbols (Go names, without the leading "_"), by ELF section name. */
  symbols: { name: string; value: number; section: string; external: boolean }[];
  /** The LC_UUID payload (undefined: none). */
  uuid?: Uint8Array;
}

/** machoshbits: ".debug_info" is "__debug_info", ".go.buildinfo" "__go_buildinfo". */
export function machoSectName(elfName: string): string {
  return `__${elfName.slice(1).replaceAll(".", "_")}`;
}

/** The segment a section of ours goes to on darwin. */
function segmentOf(elfName: string): "__TEXT" | "__DATA" {
  return elfName === ".text" || elfName === ".rodata" ? "__TEXT" : "__DATA";
}

const ZEROFILL = new Set([".bss", ".noptrbss"]);

function log2(n: number): number {
  let a = 0;
  while (1 << a < n) a++;
  return a;
}

function segment(
  segname: string,
  fields: Partial<Omit<MachoSegment, "segname">> & { sections?: MachoSection[] },
): LoadCommand {
  return {
    kind: "segment",
    segment: {
      segname,
      vmaddr: 0,
      vmsize: 0,
      fileoff: 0,
      filesize: 0,
      maxprot: 0,
      initprot: 0,
      flags: 0,
      sections: [],
      ...fields,
    },
  };
}

/** The symbol and string tables (locals first, as machosymorder sorts them), and the counts. */
function symbolTable(
  img: MachoImage,
  ordinals: ReadonlyMap<string, number>,
): { nlist: Uint8Array; strtab: Uint8Array; locals: number; externals: number } {
  const syms = [...img.symbols.filter((s) => !s.external), ...img.symbols.filter((s) => s.external)];
  const strs: Uint8Array[] = [new Uint8Array([0x20, 0])];
  let strsize = 2;
  const nlist = new Uint8Array(syms.length * NLIST_64_SIZE);
  const v = new DataView(nlist.buffer);
  syms.forEach((s, i) => {
    const name = new TextEncoder().encode(`_${s.name}\0`);
    const at = i * NLIST_64_SIZE;
    v.setUint32(at, strsize, true);
    v.setUint8(at + 4, N.SECT | (s.external ? N.EXT : 0));
    v.setUint8(at + 5, ordinals.get(`${segmentOf(s.section)},${machoSectName(s.section)}`) ?? 0);
    v.setUint16(at + 6, 0, true);
    v.setBigUint64(at + 8, BigInt(s.value), true);
    strs.push(name);
    strsize += name.length;
  });
  const strtab = new Uint8Array(Rnd(strsize, 8));
  let o = 0;
  for (const b of strs) {
    strtab.set(b, o);
    o += b.length;
  }
  const externals = syms.filter((s) => s.external).length;
  return { nlist, strtab, locals: syms.length - externals, externals };
}

/** __TEXT and __DATA as the executable maps them (sections with their bytes). */
function loadedSegments(img: MachoImage, withData: boolean): { text: MachoSegment; data?: MachoSegment } {
  const sect = (s: MachoImage["sections"][number], offset: number): MachoSection => {
    const m: MachoSection = {
      sectname: machoSectName(s.name),
      addr: s.addr,
      size: s.size,
      offset: ZEROFILL.has(s.name) ? 0 : offset,
      align: log2(s.align),
      flags: ZEROFILL.has(s.name) ? S.ZEROFILL : 0,
    };
    if (s.name === ".text") m.flags |= S.ATTR_PURE_INSTRUCTIONS | S.ATTR_SOME_INSTRUCTIONS;
    if (withData && s.data !== undefined && !ZEROFILL.has(s.name)) m.data = s.data;
    return m;
  };
  const inText = img.sections.filter((s) => segmentOf(s.name) === "__TEXT");
  const textEnd = Math.max(...inText.map((s) => s.addr + s.size));
  const textSize = Rnd(textEnd - img.textSegment, img.round);
  const text: MachoSegment = {
    segname: "__TEXT",
    vmaddr: img.textSegment,
    vmsize: textSize,
    fileoff: 0,
    filesize: textSize,
    maxprot: 7,
    initprot: 5,
    flags: 0,
    sections: inText.map((s) => sect(s, s.addr - img.textSegment)),
  };
  const inData = img.sections.filter((s) => segmentOf(s.name) === "__DATA");
  if (inData.length === 0) return { text };
  const vmaddr = Math.floor(inData[0]!.addr / img.round) * img.round;
  const fileoff = textSize;
  const filed = inData.filter((s) => !ZEROFILL.has(s.name));
  const fileEnd = filed.length === 0 ? vmaddr : Math.max(...filed.map((s) => s.addr + s.size));
  const data: MachoSegment = {
    segname: "__DATA",
    vmaddr,
    vmsize: Rnd(Math.max(...inData.map((s) => s.addr + s.size)) - vmaddr, img.round),
    fileoff,
    filesize: fileEnd - vmaddr,
    maxprot: 3,
    initprot: 3,
    flags: 0,
    sections: inData.map((s) => sect(s, fileoff + s.addr - vmaddr)),
  };
  return { text, data };
}

/** __DWARF's sections from `fileoff` on, back to back (Segdwarf: alignment 1). */
function dwarfSections(
  debug: readonly { name: string; data: Uint8Array }[],
  vmaddr: number,
  fileoff: number,
) {
  let off = fileoff;
  return debug.map((d): MachoSection => {
    const s: MachoSection = {
      sectname: machoSectName(d.name),
      addr: vmaddr + off - fileoff,
      size: d.data.length,
      offset: off,
      align: 0,
      flags: S.ATTR_DEBUG,
      data: d.data,
    };
    off += d.data.length;
    return s;
  });
}

const sizeOf = (xs: readonly { size: number }[]) => xs.reduce((n, s) => n + s.size, 0);

function rawCommands(img: MachoImage): { buildVersion: LoadCommand; uuid?: LoadCommand } {
  const buildVersion: LoadCommand = {
    kind: "raw",
    cmd: LC.BUILD_VERSION,
    body: words([PLATFORM_MACOS, 12 << 16, 12 << 16, 0]),
  };
  if (img.uuid === undefined) return { buildVersion };
  return { buildVersion, uuid: { kind: "raw", cmd: LC.UUID, body: img.uuid.slice() } };
}

/** The executable: Go's darwin layout, with __DWARF when `img.debug` is given. */
export function executableFile(img: MachoImage): MachoFile {
  const { text, data } = loadedSegments(img, true);
  const dataEnd = data === undefined ? text.vmaddr + text.vmsize : data.vmaddr + data.vmsize;
  const afterData = data === undefined ? text.filesize : Rnd(data.fileoff + data.filesize, img.round);
  const linkVm = Rnd(dataEnd, img.round);
  let dwarf: MachoSegment | undefined;
  if (img.debug !== undefined) {
    const sections = dwarfSections(img.debug, linkVm, afterData);
    dwarf = {
      segname: "__DWARF",
      vmaddr: linkVm,
      vmsize: 0,
      fileoff: afterData,
      filesize: sizeOf(sections),
      maxprot: 0,
      initprot: 0,
      flags: 0,
      sections,
    };
  }
  const linkoff = dwarf === undefined ? afterData : Rnd(dwarf.fileoff + dwarf.filesize, img.round);

  // The commands' sizes do not depend on the offsets: lay them out, then fill in the tables.
  const segs: LoadCommand[] = [
    segment("__PAGEZERO", { vmsize: img.textSegment }),
    { kind: "segment", segment: text },
    ...(data === undefined ? [] : [{ kind: "segment", segment: data } as LoadCommand]),
    ...(dwarf === undefined ? [] : [{ kind: "segment", segment: dwarf } as LoadCommand]),
  ];
  const ordinals = sectionOrdinals(segs);
  const tab = symbolTable(img, ordinals);
  const stroff = linkoff + tab.nlist.length;
  const linkSize = tab.nlist.length + tab.strtab.length;
  const nsyms = tab.locals + tab.externals;
  const { buildVersion, uuid } = rawCommands(img);
  const thread = new Array<number>(44).fill(0);
  thread[0] = 4; // x86_THREAD_STATE64
  thread[1] = 42;
  thread[2 + 32] = img.entry % 2 ** 32;
  thread[2 + 33] = Math.floor(img.entry / 2 ** 32);
  const dylinker = new Uint8Array(24);
  dylinker.set(words([12]));
  dylinker.set(new TextEncoder().encode("/usr/lib/dyld"), 4);
  const commands: LoadCommand[] = [
    ...segs,
    segment("__LINKEDIT", {
      vmaddr: linkVm,
      vmsize: linkSize,
      fileoff: linkoff,
      filesize: linkSize,
      maxprot: 1,
      initprot: 1,
    }),
    buildVersion,
    { kind: "raw", cmd: LC.UNIXTHREAD, body: words(thread) },
    { kind: "raw", cmd: LC.SYMTAB, body: words([linkoff, nsyms, stroff, tab.strtab.length]) },
    {
      kind: "raw",
      cmd: LC.DYSYMTAB,
      body: words([0, tab.locals, tab.locals, tab.externals, nsyms, 0, ...new Array<number>(12).fill(0)]),
    },
    { kind: "raw", cmd: LC.LOAD_DYLINKER, body: dylinker },
    ...(uuid === undefined ? [] : [uuid]),
  ];
  const firstSection = Math.min(...text.sections.map((s) => s.offset));
  if (headerSize(commands) > firstSection)
    throw new Error(`Mach-O load commands (${headerSize(commands)} bytes) do not fit before __text`);
  return {
    cputype: CPU_TYPE.X86_64,
    cpusubtype: CPU_SUBTYPE.X86_64_ALL,
    filetype: MH.EXECUTE,
    flags: MH_FLAGS.NOUNDEFS,
    commands,
    blobs: [
      { offset: linkoff, data: tab.nlist, what: "symbol table" },
      { offset: stroff, data: tab.strtab, what: "string table" },
    ],
    fileSize: linkoff + linkSize,
  };
}

/**
 * The dSYM companion (Contents/Resources/DWARF/NAME), laid out as dsymutil writes one: LC_UUID,
 * LC_BUILD_VERSION, LC_SYMTAB, then the executable's segments with their sections' addresses and
 * sizes but no contents (file offset and size 0), __LINKEDIT holding the symbols, and __DWARF after
 * it with the `debug` sections, uncompressed.
 */
export function dsymFile(img: MachoImage, debug: readonly { name: string; data: Uint8Array }[]): MachoFile {
  const { text, data } = loadedSegments(img, false);
  const empty = (g: MachoSegment): MachoSegment => ({
    ...g,
    fileoff: 0,
    filesize: 0,
    sections: g.sections.map((s) => ({ ...s, offset: 0 })),
  });
  const segs: LoadCommand[] = [
    segment("__PAGEZERO", { vmsize: img.textSegment }),
    { kind: "segment", segment: empty(text) },
    ...(data === undefined ? [] : [{ kind: "segment", segment: empty(data) } as LoadCommand]),
  ];
  const dwarfCount = debug.length;
  const { buildVersion, uuid } = rawCommands(img);
  // Sizes first (each command's size is fixed), offsets after.
  const sizing: LoadCommand[] = [
    ...(uuid === undefined ? [] : [uuid]),
    buildVersion,
    { kind: "raw", cmd: LC.SYMTAB, body: new Uint8Array(16) },
    ...segs,
    segment("__LINKEDIT", {}),
    segment("__DWARF", { sections: new Array<MachoSection>(dwarfCount) }),
  ];
  const linkoff = Rnd(headerSize(sizing), img.round);
  const dataEnd = data === undefined ? text.vmaddr + text.vmsize : data.vmaddr + data.vmsize;
  const linkVm = Rnd(dataEnd, img.round);
  // The DWARF sections are numbered after every other section.
  const ordinals = sectionOrdinals(segs);
  const tab = symbolTable(img, ordinals);
  const stroff = linkoff + tab.nlist.length;
  const linkSize = tab.nlist.length + tab.strtab.length;
  const dwarfOff = Rnd(linkoff + linkSize, img.round);
  const dwarfVm = Rnd(linkVm + linkSize, img.round);
  const sections = dwarfSections(debug, dwarfVm, dwarfOff);
  const dwarfSize = sizeOf(sections);
  const commands: LoadCommand[] = [
    ...(uuid === undefined ? [] : [uuid]),
    buildVersion,
    {
      kind: "raw",
      cmd: LC.SYMTAB,
      body: words([linkoff, tab.locals + tab.externals, stroff, tab.strtab.length]),
    },
    ...segs,
    segment("__LINKEDIT", {
      vmaddr: linkVm,
      vmsize: Rnd(linkSize, img.round),
      fileoff: linkoff,
      filesize: linkSize,
      maxprot: 7,
      initprot: 1,
    }),
    segment("__DWARF", {
      vmaddr: dwarfVm,
      vmsize: Rnd(dwarfSize, img.round),
      fileoff: dwarfOff,
      filesize: dwarfSize,
      maxprot: 7,
      initprot: 3,
      sections,
    }),
  ];
  return {
    cputype: CPU_TYPE.X86_64,
    cpusubtype: CPU_SUBTYPE.X86_64_ALL,
    filetype: MH.DSYM,
    flags: 0,
    commands,
    blobs: [
      { offset: linkoff, data: tab.nlist, what: "symbol table" },
      { offset: stroff, data: tab.strtab, what: "string table" },
    ],
    fileSize: dwarfOff + dwarfSize,
  };
}
