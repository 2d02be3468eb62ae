/**
 * The executable image the ELF writer takes (a plain description: sections, notes, debug sections,
 * symbols) and its layout, computed the way cmd/link lays out a linux executable when it links
 * internally. This file is the "reserve" phase: every file offset, address, section index, symbol
 * index and string-table offset is fixed here, before a byte is written; write.ts then writes in the
 * same order (the object crate's two-phase style, notes/ecosystem-style.md §2.3).
 *
 * Models cmd/link/internal/ld:
 * - data.go `Link.address` (section and segment addresses) and `Link.layout` (segment file offsets);
 * - elf.go `asmbElf` (program headers, the reserved first page with the headers and the notes,
 *   `elfnote`, `elfphload` + `fixElfPhdr`, `elfSortShdrs`, `elfWriteShstrtab`, `.symtab` placement);
 * - symtab.go `asmElfSym` / `putelfstr` (symbol-table conventions);
 * - amd64/obj.go and arm64/obj.go `archinit` (HEADR, *FlagRound, *FlagTextAddr).
 */
import { EM, ELF_SIZES, hasFlag, PF, PT, SHF, SHN, SHT, STB, STT } from "../../elf/constants.js";

/** The architectures the writer knows. */
export type ElfMachine = "amd64" | "arm64";

/** What cmd/link fixes per architecture for a linux executable. */
export interface ElfArch {
  name: ElfMachine;
  /** e_machine. */
  machine: number;
  /** `*FlagRound`: segment alignment; file offsets are congruent with addresses modulo it. */
  round: number;
  /** `HEADR` = `ELFRESERVE`: the bytes reserved at the start of the file for headers and notes. */
  headr: number;
  /** `*FlagTextAddr` = Rnd(base, round) + HEADR: where the first text section starts. */
  textAddr: number;
  /** `Arch.PtrSize` (.symtab is placed at a multiple of it). */
  ptrSize: 8;
  /** `Arch.RegSize` (sh_addralign of .symtab, p_align of PT_GNU_STACK). */
  regSize: 8;
  /** `Arch.Alignment`: sh_addralign and ch_addralign of a compressed DWARF section. */
  alignment: number;
}

/** `ELFRESERVE` (ld/elf.go). */
export const ELFRESERVE = 4096;

/**
 * cmd/link's per-architecture numbers for linux: amd64/obj.go archinit (FlagRound 4096, FlagTextAddr
 * Rnd(1<<22, 4096) + HEADR = 0x401000), arm64/obj.go archinit (FlagRound 0x10000, FlagTextAddr
 * Rnd(0x10000, 0x10000) + HEADR = 0x11000), cmd/internal/sys ArchAMD64 / ArchARM64 (Alignment 1).
 */
export const ELF_ARCHES: Readonly<Record<ElfMachine, ElfArch>> = {
  amd64: {
    name: "amd64",
    machine: EM.X86_64,
    round: 0x1000,
    headr: ELFRESERVE,
    textAddr: 0x400000 + ELFRESERVE,
    ptrSize: 8,
    regSize: 8,
    alignment: 1,
  },
  arm64: {
    name: "arm64",
    machine: EM.AARCH64,
    round: 0x10000,
    headr: ELFRESERVE,
    textAddr: 0x10000 + ELFRESERVE,
    ptrSize: 8,
    regSize: 8,
    alignment: 1,
  },
};

/** The loadable segments of a Go executable, in address order (Segtext, Segrodata, Segrelrodata, Segdata). */
export type SegmentName = "text" | "rodata" | "relrodata" | "data";

const SEGMENT_ORDER: readonly SegmentName[] = ["text", "rodata", "relrodata", "data"];

/** p_flags of each segment (`Seg*.Rwx` in Link.address, turned into PF_* by elfphload). */
const SEGMENT_FLAGS: Readonly<Record<SegmentName, number>> = {
  text: PF.R | PF.X,
  rodata: PF.R,
  relrodata: PF.R | PF.W,
  data: PF.R | PF.W,
};

/** An allocated section (.text, .rodata, .data, .bss, ...). */
export interface ImageSection {
  name: string;
  /** SHT_PROGBITS (the default) or SHT_NOBITS; notes go in {@link ElfImage.notes}. */
  type?: number;
  /** SHF_* bits; SHF_ALLOC is added. */
  flags: number;
  /**
   * Virtual address. Omitted: assigned as Link.address does, each section at the previous end
   * rounded up to its alignment, each segment after the first starting on a new `round` boundary.
   */
  addr?: number;
  /** sh_addralign (a power of two; 0 is taken as 1). */
  align: number;
  /** Contents of a PROGBITS section. */
  data?: Uint8Array;
  /** Size of a NOBITS section. */
  size?: number;
  entsize?: number;
  /**
   * Which PT_LOAD holds it. Default from the flags: SHF_EXECINSTR → text, SHF_WRITE → data, else
   * rodata (relrodata only when asked for: Go uses it for PIE and shared builds).
   */
  segment?: SegmentName;
}

/** One note, in its own SHT_NOTE section inside the first page (ld/elf.go elfnote). */
export interface ImageNote {
  /** Section name (".note.go.buildid", ".note.gnu.build-id"). */
  section: string;
  /** Owner exactly as written, NULs included: namesz is its length ("Go\0\0", "GNU\0"). */
  name: string;
  type: number;
  desc: Uint8Array;
}

/** A non-allocated section stored after the data: the .debug_* sections. */
export interface ImageDebugSection {
  name: string;
  /** The bytes as stored: already compressed (Chdr + zlib) when flags has SHF_COMPRESSED. */
  data: Uint8Array;
  /** 0 (the default) or SHF_COMPRESSED. */
  flags?: number;
  /** sh_addralign; default 1 (Go: allocateNamedDataSection with no symbol kinds, or Arch.Alignment). */
  align?: number;
  /** Default SHT_PROGBITS. */
  type?: number;
}

/** A .symtab entry. */
export interface ImageSymbol {
  name: string;
  value: number;
  size: number;
  /** STT_*. */
  type: number;
  /** STB_*. */
  bind: number;
  /** st_other (STV_*); default 0. */
  other?: number;
  /** The defining section by name (the first header with that name), or a raw index (SHN.ABS, SHN.UNDEF). */
  section: string | number;
}

/** The description of one executable. */
export interface ElfImage {
  /** Default "amd64". */
  machine?: ElfMachine;
  /** e_entry. */
  entry: number;
  /** Allocated sections, in address order, grouped by segment (text, rodata, relrodata, data). */
  sections: readonly ImageSection[];
  /**
   * Notes in file order; they are packed against the end of the first page. Go's order is
   * .note.go.buildid then .note.gnu.build-id (notes.ts goNotes).
   */
  notes?: readonly ImageNote[];
  /** .debug_* sections, in file order (Go's dwarfp order). */
  debug?: readonly ImageDebugSection[];
  /**
   * Symbols for .symtab, in Go's emission order. Omitted: no .symtab or .strtab (`-s`). The null
   * symbol is added, and locals are placed before globals (keeping their relative order), as
   * asmElfSym's two passes do.
   */
  symbols?: readonly ImageSymbol[];
  /**
   * Name of the STT_FILE symbol asmElfSym puts first ("go.go", so that no other linker inserts the
   * working directory); null for none. Default "go.go".
   */
  fileSymbol?: string | null;
  /**
   * What PT_NOTE covers. "go" (the default) is what Go 1.26 writes: asmbElf calls phsh on the same
   * program header for each note, so the last one processed wins, and that is the first note in
   * the file (.note.go.buildid when there is one). "all" covers every note (they are contiguous).
   */
  noteSegment?: "go" | "all";
  /**
   * Program headers to write as given instead of computing them: a separate debug file carries its
   * executable's (as eu-strip -f and mold's --separate-debug-file do), so that the addresses of
   * its NOBITS sections sit in the same segments and a reader can map one file onto the other.
   */
  programHeaders?: readonly LaidSegment[];
}

/** A program header as written (after fixElfPhdr). */
export interface LaidSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export type LaidSectionKind = "null" | "alloc" | "note" | "debug" | "symtab" | "strtab" | "shstrtab";

/** A section header as written, with where its bytes come from. */
export interface LaidSection {
  index: number;
  name: string;
  kind: LaidSectionKind;
  nameOffset: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** The bytes to write at `offset` (absent for NULL and NOBITS). */
  data?: Uint8Array;
}

/** A note and where its parts land. */
export interface LaidNote extends ImageNote {
  /** File offset of the note header (namesz). */
  offset: number;
  /** File offset of the descriptor. */
  descOffset: number;
  addr: number;
  /** Bytes including padding (the section size). */
  size: number;
}

/** One Elf64_Sym as it will be written. */
export interface LaidSymbol {
  nameOffset: number;
  info: number;
  other: number;
  shndx: number;
  value: number;
  size: number;
}

/** Everything the writer needs, all positions fixed. */
export interface ElfLayout {
  arch: ElfArch;
  entry: number;
  phoff: number;
  shoff: number;
  segments: LaidSegment[];
  /** Section headers in final (sorted) order; index 0 is the null section. */
  sections: LaidSection[];
  shstrndx: number;
  notes: LaidNote[];
  /** The .symtab entries (null symbol first) and .strtab bytes; undefined with `-s`. */
  symtab?: { offset: number; symbols: LaidSymbol[]; firstGlobal: number; strtab: Uint8Array };
  shstrtab: Uint8Array;
  /** Bytes of the first page used by the ELF header, program headers, section headers and notes. */
  reserved: number;
  fileSize: number;
}

/** Go's Rnd: v rounded up to a multiple of r (r ≤ 0 leaves v). */
export function rnd(v: number, r: number): number {
  if (r <= 0) return v;
  const c = v % r;
  return c === 0 ? v : v + r - c;
}

/** The size of a note: header, name and descriptor, each padded to 4 (ld/elf.go elfnote). */
export function noteSize(n: Pick<ImageNote, "name" | "desc">): number {
  return 12 + rnd(n.name.length, 4) + rnd(n.desc.length, 4);
}

function fail(problem: string): never {
  throw new Error(`ELF image: ${problem}`);
}

function checkAddress(what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) fail(`${what} ${v} is not an address`);
}

function segmentOf(s: ImageSection): SegmentName {
  if (s.segment !== undefined) return s.segment;
  if (hasFlag(s.flags, SHF.EXECINSTR)) return "text";
  if (hasFlag(s.flags, SHF.WRITE)) return "data";
  return "rodata";
}

function sectionSize(s: ImageSection): number {
  if ((s.type ?? SHT.PROGBITS) === SHT.NOBITS) {
    if (s.data !== undefined) fail(`${s.name} is SHT_NOBITS but has data`);
    return s.size ?? 0;
  }
  if (s.size !== undefined && s.data !== undefined && s.size !== s.data.length) {
    fail(`${s.name}: size ${s.size} differs from the length of its data ${s.data.length}`);
  }
  return s.data?.length ?? s.size ?? 0;
}

interface Placed {
  src: ImageSection;
  seg: SegmentName;
  addr: number;
  size: number;
  nobits: boolean;
  offset: number;
}

interface SegmentState {
  name: SegmentName;
  vaddr: number;
  length: number;
  filelen: number;
  fileoff: number;
  sections: Placed[];
}

/**
 * data.go Link.address: addresses for the allocated sections. Text starts at FlagTextAddr; each later
 * segment starts at the running address rounded up to FlagRound; within a segment each section is at
 * the running address rounded up to its alignment. An explicit `addr` must not go backwards.
 */
function assignAddresses(arch: ElfArch, sections: readonly ImageSection[]): SegmentState[] {
  const segs: SegmentState[] = [];
  let va = arch.textAddr;
  let order = 0;
  for (const src of sections) {
    const seg = segmentOf(src);
    const o = SEGMENT_ORDER.indexOf(seg);
    if (o < order) fail(`${src.name} (${seg} segment) comes after a section of a later segment`);
    order = o;
    if (src.addr !== undefined) checkAddress(`${src.name} address`, src.addr);
    if (seg === "text" && src.addr !== undefined && src.addr < arch.textAddr) {
      fail(
        `text section ${src.name} at 0x${src.addr.toString(16)} is below the text address 0x${arch.textAddr.toString(16)}`,
      );
    }
    let cur = segs[segs.length - 1];
    if (cur === undefined || cur.name !== seg) {
      // A new segment: text at FlagTextAddr, the others at the next FlagRound boundary. An explicit
      // address moves the segment start to its page (or to itself, if that page is still in use).
      let vaddr = seg === "text" ? arch.textAddr : rnd(va, arch.round);
      if (seg !== "text" && src.addr !== undefined) {
        if (src.addr < va) {
          fail(
            `${src.name} at 0x${src.addr.toString(16)} overlaps what precedes it (up to 0x${va.toString(16)})`,
          );
        }
        const page = src.addr - (src.addr % arch.round);
        vaddr = page >= va ? page : src.addr;
      }
      cur = { name: seg, vaddr, length: 0, filelen: 0, fileoff: 0, sections: [] };
      segs.push(cur);
      va = vaddr;
    }
    const align = Math.max(1, src.align);
    if (!Number.isSafeInteger(align) || (align & (align - 1)) !== 0) {
      fail(`${src.name}: alignment ${src.align} is not a power of two`);
    }
    let addr = rnd(va, align);
    if (src.addr !== undefined) {
      if (src.addr < va) {
        fail(
          `${src.name} at 0x${src.addr.toString(16)} overlaps what precedes it (up to 0x${va.toString(16)})`,
        );
      }
      addr = src.addr;
    }
    const size = sectionSize(src);
    const nobits = (src.type ?? SHT.PROGBITS) === SHT.NOBITS;
    const last = cur.sections[cur.sections.length - 1];
    if (!nobits && last?.nobits)
      fail(`${src.name} has contents but follows NOBITS ${last.src.name} in its segment`);
    cur.sections.push({ src, seg, addr, size, nobits, offset: 0 });
    va = addr + size;
    cur.length = va - cur.vaddr;
    // The file image stops where the first NOBITS section starts (Segdata.Filelen = bss.Vaddr -
    // Segdata.Vaddr), so the padding before it is in the file.
    if (!nobits) cur.filelen = cur.length;
    else if (last === undefined || !last.nobits) cur.filelen = addr - cur.vaddr;
  }
  if (segs[0]?.name !== "text") {
    // The text segment always exists: it holds the headers and the notes (asmbElf elfphload(&Segtext)).
    segs.unshift({ name: "text", vaddr: arch.textAddr, length: 0, filelen: 0, fileoff: 0, sections: [] });
  }
  return segs;
}

/**
 * data.go Link.layout: the text segment's file offset is HEADR; each later one starts at the end of
 * the previous rounded up to FlagRound (generalised to "the next offset congruent with the segment's
 * address", which is the same for Go's page-aligned segments). Returns the end of the last one.
 */
function layoutSegments(arch: ElfArch, segs: SegmentState[]): number {
  let end = 0;
  for (const [i, seg] of segs.entries()) {
    if (i === 0) {
      seg.fileoff = arch.headr;
    } else {
      seg.fileoff = congruent(end, seg.vaddr, arch.round);
    }
    for (const p of seg.sections) p.offset = seg.fileoff + p.addr - seg.vaddr;
    end = seg.fileoff + seg.filelen;
  }
  return end;
}

/** The smallest offset ≥ from that is congruent with vaddr modulo round. */
function congruent(from: number, vaddr: number, round: number): number {
  const want = vaddr % round;
  const base = from - (from % round) + want;
  return base >= from ? base : base + round;
}

/**
 * Lays out `image` as cmd/link's internal linker lays out a linux executable. Throws an Error naming
 * the problem when the description cannot be laid out (overlapping addresses, too many headers for
 * the reserved first page, an unknown symbol section).
 */
export function layoutElf(image: ElfImage): ElfLayout {
  const arch = ELF_ARCHES[image.machine ?? "amd64"];
  checkAddress("entry", image.entry);
  const sizes = ELF_SIZES[2];
  const segs = assignAddresses(arch, image.sections);
  const loadEnd = layoutSegments(arch, segs);

  // Program headers, in asmbElf's order: PHDR, NOTE, LOAD per segment (+ GNU_RELRO), GNU_STACK.
  const notesIn = image.notes ?? [];
  const phTypes: number[] = [PT.PHDR];
  if (notesIn.length > 0) phTypes.push(PT.NOTE);
  for (const s of segs) {
    phTypes.push(PT.LOAD);
    if (s.name === "relrodata") phTypes.push(PT.GNU_RELRO);
  }
  phTypes.push(PT.GNU_STACK);
  const phnum = image.programHeaders?.length ?? phTypes.length;
  const phoff = sizes.ehdr;
  const shoff = phoff + phnum * sizes.phdr;

  // Notes: asmbElf reserves them backwards from the end of the first page (resoff), the last note
  // of the file first; elfnote keeps them 4-aligned.
  const startva = arch.textAddr - arch.headr;
  let resoff = arch.headr;
  const notes: LaidNote[] = [];
  for (let i = notesIn.length - 1; i >= 0; i--) {
    const n = notesIn[i]!;
    if (n.name.length === 0) fail(`note ${n.section} has an empty owner name`);
    const size = noteSize(n);
    resoff -= size;
    notes.unshift({
      ...n,
      offset: resoff,
      addr: startva + resoff,
      descOffset: resoff + 12 + rnd(n.name.length, 4),
      size,
    });
  }
  const notesTotal = arch.headr - resoff;

  // Section headers in creation order (Asmbelfsetup, then asmbElf), sorted by elfSortShdrs below.
  type Pending = Omit<LaidSection, "index" | "nameOffset"> & { linkName?: string; order: number };
  const pending: Pending[] = [];
  const push = (p: Omit<Pending, "order">) => pending.push({ ...p, order: pending.length });
  push({
    name: "",
    kind: "null",
    type: SHT.NULL,
    flags: 0,
    addr: 0,
    offset: 0,
    size: 0,
    link: 0,
    info: 0,
    addralign: 0,
    entsize: 0,
  });
  for (const seg of segs) {
    for (const p of seg.sections) {
      const sec: Pending = {
        name: p.src.name,
        kind: "alloc",
        type: p.src.type ?? SHT.PROGBITS,
        flags: p.src.flags | SHF.ALLOC,
        addr: p.addr,
        offset: p.offset,
        size: p.size,
        link: 0,
        info: 0,
        addralign: p.src.align,
        entsize: p.src.entsize ?? 0,
        order: 0,
      };
      if (p.src.data !== undefined) sec.data = p.src.data;
      push(sec);
    }
  }

  // .debug_*: Segdwarf starts on a new FlagRound boundary after the last loaded byte, even when
  // empty (-w), and its sections follow one another at their alignment (1 in Go).
  let pos = rnd(loadEnd, arch.round);
  for (const d of image.debug ?? []) {
    const align = Math.max(1, d.align ?? 1);
    pos = rnd(pos, align);
    const flags = d.flags ?? 0;
    if (hasFlag(flags, SHF.ALLOC)) fail(`debug section ${d.name} must not be SHF_ALLOC`);
    push({
      name: d.name,
      kind: "debug",
      type: d.type ?? SHT.PROGBITS,
      flags,
      addr: 0,
      offset: pos,
      size: d.data.length,
      link: 0,
      info: 0,
      addralign: d.align ?? 1,
      entsize: 0,
      data: d.data,
    });
    pos += d.data.length;
  }
  // Go creates the note headers in processing order (the last note in the file first).
  for (let i = notes.length - 1; i >= 0; i--) {
    const n = notes[i]!;
    push({
      name: n.section,
      kind: "note",
      type: SHT.NOTE,
      flags: SHF.ALLOC,
      addr: n.addr,
      offset: n.offset,
      size: n.size,
      link: 0,
      info: 0,
      addralign: 4,
      entsize: 0,
      data: encodeNoteLE(n),
    });
  }
  const stripped = image.symbols === undefined;
  if (!stripped) {
    push({
      name: ".symtab",
      kind: "symtab",
      type: SHT.SYMTAB,
      flags: 0,
      addr: 0,
      offset: 0,
      size: 0,
      link: 0,
      info: 0,
      addralign: arch.regSize,
      entsize: sizes.sym,
      linkName: ".strtab",
    });
    push({
      name: ".strtab",
      kind: "strtab",
      type: SHT.STRTAB,
      flags: 0,
      addr: 0,
      offset: 0,
      size: 0,
      link: 0,
      info: 0,
      addralign: 1,
      entsize: 0,
    });
  }
  push({
    name: ".shstrtab",
    kind: "shstrtab",
    type: SHT.STRTAB,
    flags: 0,
    addr: 0,
    offset: 0,
    size: 0,
    link: 0,
    info: 0,
    addralign: 1,
    entsize: 0,
  });

  // elfSortShdrs: header 0 stays; allocated sections by address, then size; unallocated after, in
  // creation order (a stable sort).
  const sorted = [pending[0]!, ...pending.slice(1).sort(compareShdrs)];
  const shnum = sorted.length;
  if (shnum >= 0xffff) fail("too many ELF sections");

  const reserved = shoff + shnum * sizes.shdr + notesTotal;
  if (reserved > arch.headr) {
    fail(
      `ELFRESERVE too small: ${reserved} > ${arch.headr} (${phnum} program headers, ${shnum} section headers, ${notesTotal} bytes of notes)`,
    );
  }

  // elfWriteShstrtab: names in header order, each distinct name once.
  const shstr = new StringTableBuilder();
  const nameOffsets = sorted.map((s) => shstr.addUnique(s.name));
  const shstrtab = shstr.bytes();
  const index = new Map<string, number>();
  sorted.forEach((s, i) => {
    if (!index.has(s.name)) index.set(s.name, i);
  });

  // .symtab at Rnd(end of Segdwarf, PtrSize), then .strtab, then .shstrtab, back to back.
  const symo = rnd(pos, arch.ptrSize);
  let symtab: ElfLayout["symtab"];
  let shstroff = symo;
  if (!stripped) {
    symtab = buildSymtab(image, index);
    symtab.offset = symo;
    shstroff = symo + symtab.symbols.length * sizes.sym + symtab.strtab.length;
  }

  const sections: LaidSection[] = sorted.map((p, i) => {
    const { order: _order, linkName, ...rest } = p;
    const s: LaidSection = { ...rest, index: i, nameOffset: nameOffsets[i]! };
    if (linkName !== undefined) s.link = index.get(linkName)!;
    switch (s.kind) {
      case "symtab":
        s.offset = symo;
        s.size = symtab!.symbols.length * sizes.sym;
        s.info = symtab!.firstGlobal;
        break;
      case "strtab":
        s.offset = symo + symtab!.symbols.length * sizes.sym;
        s.size = symtab!.strtab.length;
        s.data = symtab!.strtab;
        break;
      case "shstrtab":
        s.offset = shstroff;
        s.size = shstrtab.length;
        s.data = shstrtab;
        break;
    }
    return s;
  });
  const shstrndx = index.get(".shstrtab")!;

  // Program headers (elfphload + fixElfPhdr for each PT_LOAD).
  const segments: LaidSegment[] = [];
  const pphVaddr = startva + phoff;
  segments.push({
    type: PT.PHDR,
    flags: PF.R,
    offset: phoff,
    vaddr: pphVaddr,
    paddr: pphVaddr,
    filesz: phnum * sizes.phdr,
    memsz: phnum * sizes.phdr,
    align: arch.round,
  });
  if (notes.length > 0) {
    const first = notes[0]!;
    const last = notes[notes.length - 1]!;
    const all = image.noteSegment === "all";
    const size = all ? last.offset + last.size - first.offset : first.size;
    segments.push({
      type: PT.NOTE,
      flags: PF.R,
      offset: first.offset,
      vaddr: first.addr,
      paddr: first.addr,
      filesz: size,
      memsz: size,
      align: 4,
    });
  }
  for (const seg of segs) {
    let { vaddr, fileoff, length, filelen } = seg;
    if (seg.name === "text") {
      // "PHDR must be in a loaded segment": the text segment is stretched down to the program
      // headers, then fixElfPhdr takes it down to the page (offset 0, the ELF header).
      const o = vaddr - pphVaddr;
      vaddr -= o;
      length += o;
      const of = fileoff - phoff;
      fileoff -= of;
      filelen += of;
    }
    const frag = vaddr % arch.round;
    const load: LaidSegment = {
      type: PT.LOAD,
      flags: SEGMENT_FLAGS[seg.name],
      offset: fileoff - frag,
      vaddr: vaddr - frag,
      paddr: vaddr - frag,
      filesz: filelen + frag,
      memsz: length + frag,
      align: arch.round,
    };
    segments.push(load);
    if (seg.name === "relrodata") {
      // elfphrelro (written without fixElfPhdr).
      segments.push({
        type: PT.GNU_RELRO,
        flags: PF.R,
        offset: fileoff,
        vaddr,
        paddr: vaddr,
        filesz: filelen,
        memsz: length,
        align: arch.round,
      });
    }
  }
  segments.push({
    type: PT.GNU_STACK,
    flags: PF.R | PF.W,
    offset: 0,
    vaddr: 0,
    paddr: 0,
    filesz: 0,
    memsz: 0,
    align: arch.regSize,
  });

  if (image.programHeaders !== undefined)
    segments.splice(0, segments.length, ...image.programHeaders.map((p) => ({ ...p })));

  const layout: ElfLayout = {
    arch,
    entry: image.entry,
    phoff,
    shoff,
    segments,
    sections,
    shstrndx,
    notes,
    shstrtab,
    reserved,
    fileSize: shstroff + shstrtab.length,
  };
  if (symtab !== undefined) layout.symtab = symtab;
  return layout;
}

/** elfSortShdrs' comparator (header 0 excluded). Array.prototype.sort is stable. */
function compareShdrs(a: { flags: number; addr: number; size: number; order: number }, b: typeof a): number {
  const aa = hasFlag(a.flags, SHF.ALLOC);
  const ba = hasFlag(b.flags, SHF.ALLOC);
  if (aa && ba) return a.addr - b.addr || a.size - b.size;
  if (aa) return -1;
  if (ba) return 1;
  return 0;
}

/**
 * symtab.go asmElfSym: the null symbol, the STT_FILE "go.go" symbol, then the locals, then the
 * globals (sh_info = index of the first global). .strtab is putelfstr's: a leading NUL, then every
 * name appended with its NUL, without sharing.
 */
function buildSymtab(image: ElfImage, index: ReadonlyMap<string, number>): NonNullable<ElfLayout["symtab"]> {
  const str = new StringTableBuilder();
  const symbols: LaidSymbol[] = [{ nameOffset: 0, info: 0, other: 0, shndx: 0, value: 0, size: 0 }];
  const fileSymbol = image.fileSymbol === undefined ? "go.go" : image.fileSymbol;
  if (fileSymbol !== null) {
    symbols.push({
      nameOffset: str.add(fileSymbol),
      info: (STB.LOCAL << 4) | STT.FILE,
      other: 0,
      shndx: SHN.ABS,
      value: 0,
      size: 0,
    });
  }
  const all = image.symbols ?? [];
  const locals = all.filter((s) => s.bind === STB.LOCAL);
  const others = all.filter((s) => s.bind !== STB.LOCAL);
  let firstGlobal = symbols.length + locals.length;
  for (const s of [...locals, ...others]) {
    if (!Number.isInteger(s.type) || s.type < 0 || s.type > 15) fail(`symbol ${s.name}: bad type ${s.type}`);
    if (!Number.isInteger(s.bind) || s.bind < 0 || s.bind > 15)
      fail(`symbol ${s.name}: bad binding ${s.bind}`);
    checkAddress(`symbol ${s.name} value`, s.value);
    checkAddress(`symbol ${s.name} size`, s.size);
    let shndx: number;
    if (typeof s.section === "number") {
      shndx = s.section;
    } else {
      const i = index.get(s.section);
      if (i === undefined) fail(`symbol ${s.name} is in unknown section ${s.section}`);
      shndx = i;
    }
    if (shndx > 0xffff) fail(`symbol ${s.name}: section index ${shndx} does not fit st_shndx`);
    symbols.push({
      nameOffset: s.name === "" ? 0 : str.add(s.name),
      info: (s.bind << 4) | s.type,
      other: s.other ?? 0,
      shndx,
      value: s.value,
      size: s.size,
    });
  }
  if (others.length === 0) firstGlobal = symbols.length;
  return { offset: 0, symbols, firstGlobal, strtab: str.bytes() };
}

/** A NUL-led string table: `add` appends (putelfstr), `addUnique` shares equal names (elfWriteShstrtab). */
class StringTableBuilder {
  private parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private seen = new Map<string, number>([["", 0]]);
  private readonly enc = new TextEncoder();

  add(s: string): number {
    const off = this.size;
    const b = this.enc.encode(s);
    if (b.includes(0)) fail(`name ${JSON.stringify(s)} contains a NUL`);
    this.parts.push(b, new Uint8Array(1));
    this.size += b.length + 1;
    return off;
  }

  addUnique(s: string): number {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const off = this.add(s);
    this.seen.set(s, off);
    return off;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** Encodes a note little-endian: namesz, descsz, type, then name and descriptor padded to 4. */
export function encodeNoteLE(n: Pick<ImageNote, "name" | "type" | "desc">): Uint8Array {
  const out = new Uint8Array(noteSize(n));
  const v = new DataView(out.buffer);
  v.setUint32(0, n.name.length, true);
  v.setUint32(4, n.desc.length, true);
  v.setUint32(8, n.type, true);
  for (let i = 0; i < n.name.length; i++) {
    const c = n.name.charCodeAt(i);
    if (c > 0xff) fail(`note name ${JSON.stringify(n.name)} is not Latin-1`);
    out[12 + i] = c;
  }
  out.set(n.desc, 12 + rnd(n.name.length, 4));
  return out;
}
