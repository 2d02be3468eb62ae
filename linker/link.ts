/**
 * The link, DWARF-wise: cmd/link's main.go pipeline reduced to the steps that shape the DWARF
 * sections (Go 1.26): load the objects, dwarfGenerateDebugInfo, textaddress,
 * dwarfGenerateDebugSyms, lay out the data, the DWARF section offsets, and relocate. The output is
 * the uncompressed DWARF sections in Go's order, the addresses, and the symbol table; writing an
 * ELF image and compressing (dwarfcompress) are other modules' work.
 */
import type { DwarfSections, DwarfSectionName } from "../dwarf/read/sections.js";
import { type dwarfSecInfo, dwarfGenerateDebugSyms, secName } from "./dwarf/syms.js";
import { dwctxt } from "./dwarf/dwctxt.js";
import { decodetypeSize } from "./dwarf/decodesym.js";
import { dwarfGenerateDebugInfo } from "./dwarf/info.js";
import { expandFile } from "./dwarf/lines.js";
import type { DwarfTypeGen } from "./dwarf/typeseam.js";
import { goTypes } from "./dwarf/types.js";
import { dataaddress, type OutSection, textaddress } from "./layout.js";
import type { LinkObject, Loader } from "./load.js";
import { loadModel } from "./modelload.js";
import { assembleSection, layoutDwarf } from "./reloc.js";
import type { SourceLinkMap } from "./sourcelink.js";
import type { LinkSym, LinkSymKind } from "./sym.js";

export interface LinkOptions {
  /**
   * buildcfg.GOROOT at link time: "$GOROOT/..." file names expand to it. "" (the default) leaves
   * them as they are, which is what a -trimpath build does.
   */
  goroot?: string;
  /** buildcfg.Version, printed in DW_AT_producer (default: the profile's compilerVersion). */
  version?: string;
  /** -T (default 0x401000). */
  textStart?: number;
  /** -funcalign (default 32). */
  funcAlign?: number;
  /** The type DIE generator (default: goTypes, cmd/link's defgotype and synthesizers). */
  types?: DwarfTypeGen;
  /**
   * Write .debug_gdb_scripts even when no runtime unit names runtime/proc.go (default true): the
   * model links without the runtime's code, while every real Go binary has it; the path is then
   * the one Go derives from "$GOROOT/src/runtime/proc.go". false: only what Go derives from the
   * units given.
   */
  gdbScript?: boolean;
  /** Record which modelled Go function wrote each byte. */
  provenance?: boolean;
  /**
   * Beyond Go: a SourceLink map (linker/sourcelink.ts parseSourceLink). Each DWARF 5 line table
   * then carries every file's URL (DW_LNCT_godwarf_url, lines.ts); DWARF 4 tables have no room for
   * it and stay as Go writes them (LinkResult.sourceLink says which happened).
   */
  sourceLink?: SourceLinkMap;
}

/** What a link with a SourceLink map did with it. */
export interface SourceLinkReport {
  /** The URLs were written (DWARF 5); false: DWARF 4, the line tables are Go's. */
  written: boolean;
  /** Every path of the line tables, in the order first written, with its URL (undefined: none). */
  files: { path: string; url: string | undefined }[];
  /** The paths no entry of the map covers (their URL is ""), in the same order. */
  unmapped: string[];
}

/** A symbol of the link with its address. */
export interface LinkedSymbol {
  name: string;
  kind: LinkSymKind;
  addr: number;
  size: number;
  section: string;
  /** The package of the object that defined it. */
  pkg: string | undefined;
  /** File-local (AttrStatic): another object may have a symbol of the same name. */
  static: boolean;
}

/** What a unit became, in output (sorted) order. */
export interface LinkedUnit {
  pkg: string;
  textless: boolean;
  /** Offset of the unit header in .debug_info; undefined when the unit was left out. */
  infoOffset: number | undefined;
  /** The Go types the unit's DWARF referred to (defgotype calls), first-seen. */
  typeRefs: string[];
  /** Its text symbols' names, in address order. */
  text: string[];
}

export interface LinkResult {
  dwarfVersion: 4 | 5;
  /** ".debug_abbrev" and friends: relocated, uncompressed, in Go's section order. */
  sections: Map<string, Uint8Array>;
  /** runtime.text: the address of the first text symbol's section. */
  textBase: number;
  /** .text, then the data sections, with addresses and lengths. */
  layout: OutSection[];
  /**
   * Text, data and type symbols by name; a file-local symbol is listed unless its name is taken (by
   * a global symbol or an earlier object's file-local one).
   */
  symbols: Map<string, LinkedSymbol>;
  units: LinkedUnit[];
  /** Per section: [start, end) spans and the modelled Go function that wrote them (provenance). */
  provenance?: Map<string, { start: number; end: number; who: string }[]>;
  /** With provenance: per section, the relocations the linker applied there (section offsets). */
  relocations?: Map<string, AppliedReloc[]>;
  /** Present when LinkOptions.sourceLink was given. */
  sourceLink?: SourceLinkReport;
  /** link(): the objects as the linker read them (Go object files), in the order given. */
  objectFiles?: Uint8Array[];
}

/** A relocation of a DWARF symbol, as applied at `off` of its output section (data.go relocsym). */
export interface AppliedReloc {
  off: number;
  siz: number;
  type: string;
  /** The target symbol's name ("" for an anonymous one), and the addend. */
  target: string;
  add: number;
  /** The symbol the relocation belongs to. */
  from: string;
}

/**
 * Where the symbols go: `text` gives every Textp symbol its address (textaddress) and returns the
 * .text section; `data` places the data and type symbols (dodata + address) after `textEnd`.
 */
export interface LinkLayout {
  text(ld: Loader): OutSection;
  data(ld: Loader, textEnd: number): OutSection[];
}

/** Link the objects (in link order) into DWARF sections. */
export function link(objs: readonly LinkObject[], opts: LinkOptions = {}): LinkResult {
  const { ld, objectFiles } = loadModel(objs);
  const layout: LinkLayout = {
    text: (l) =>
      textaddress(l, {
        ...(opts.textStart !== undefined && { textStart: opts.textStart }),
        ...(opts.funcAlign !== undefined && { funcAlign: opts.funcAlign }),
      }),
    data: (l, textEnd) =>
      dataaddress(l, textEnd, (s: LinkSym): number => {
        // A variable without a size takes its type's, from the descriptor.
        const gt = s.goType === undefined ? undefined : l.lookup(`type:${s.goType}`);
        return gt !== undefined && gt.P.length !== 0 ? decodetypeSize(8, gt.P) : 8;
      }),
  };
  return { ...linkLoaded(ld, layout, opts), objectFiles };
}

/**
 * The DWARF phases of a loaded link, in cmd/link's order: dwarfGenerateDebugInfo, textaddress,
 * dwarfGenerateDebugSyms, the data layout, and relocation. The loader holds real objects, the real
 * compiler's (goload.ts, after deadcode and AssignTextSymbolOrder) or the model's (modelload.ts).
 */
export function linkLoaded(ld: Loader, layout: LinkLayout, opts: LinkOptions = {}): LinkResult {
  const types = opts.types ?? goTypes;
  const goroot = opts.goroot ?? "";
  const d = new dwctxt(ld, {
    goroot,
    provenance: opts.provenance === true,
    ...(opts.sourceLink !== undefined && { sourceLink: opts.sourceLink }),
  });

  dwarfGenerateDebugInfo(d, { types, version: opts.version ?? ld.profile.compilerVersion });
  const text = layout.text(ld);
  const runtimeNamesProc = d.compUnits.some(
    (u) =>
      u.lib.pkg === "runtime" &&
      u.textp.length > 0 &&
      u.fileTable.some((f) => expandFile(f, goroot).includes("runtime/proc.go")),
  );
  if (opts.gdbScript !== false && !runtimeNamesProc) {
    // As if the runtime's unit listed proc.go (see LinkOptions.gdbScript).
    const name = expandFile("$GOROOT/src/runtime/proc.go", goroot);
    d.gdbscript = `${name.slice(0, name.indexOf("runtime/proc.go"))}runtime/runtime-gdb.py`;
  }
  const dwarfp = dwarfGenerateDebugSyms(d);

  const data = layout.data(ld, text.vaddr + text.length);
  const sectionsOut = [text, ...data];
  const bySect = new Map(sectionsOut.map((s) => [s.name, s]));
  layoutDwarf(dwarfp);

  const sections = new Map<string, Uint8Array>();
  for (const sec of dwarfp) sections.set(secName(sec), assembleSection(sec, bySect));

  const symbols = new Map<string, LinkedSymbol>();
  for (const s of ld.syms) {
    if (s.name === "" || s.sect === undefined || s.sect.startsWith(".debug_")) continue;
    const had = symbols.get(s.name);
    if (had !== undefined && (s.static || !had.static)) continue;
    symbols.set(s.name, {
      name: s.name,
      kind: s.type,
      addr: s.value,
      size: s.size,
      section: s.sect,
      pkg: s.unit?.lib.pkg,
      static: s.static,
    });
  }

  const units: LinkedUnit[] = d.compUnits.map((u) => {
    const cu = d.dtolsym(u.dwInfo!.sym)!;
    return {
      pkg: u.lib.pkg,
      textless: u.textp.length === 0,
      infoOffset: cu.sect === ".debug_info" ? cu.value : undefined,
      typeRefs: [...u.typeRefs],
      text: u.textp.map((s) => s.name),
    };
  });

  const result: LinkResult = {
    dwarfVersion: ld.dwarfVersion,
    sections,
    textBase: text.vaddr,
    layout: sectionsOut,
    symbols,
    units,
  };
  if (opts.provenance === true) {
    result.provenance = provenanceOf(dwarfp);
    result.relocations = relocationsOf(dwarfp);
  }
  if (opts.sourceLink !== undefined) {
    const files = [...d.sourceUrls].map(([path, url]) => ({ path, url: url === "" ? undefined : url }));
    result.sourceLink = {
      written: d.buildcfg.dwarf5,
      files,
      unmapped: files.filter((f) => f.url === undefined).map((f) => f.path),
    };
  }
  return result;
}

function provenanceOf(
  dwarfp: readonly dwarfSecInfo[],
): Map<string, { start: number; end: number; who: string }[]> {
  const out = new Map<string, { start: number; end: number; who: string }[]>();
  for (const sec of dwarfp) {
    const spans: { start: number; end: number; who: string }[] = [];
    for (const s of sec.syms) {
      const marks = s.marks;
      for (let i = 0; i < marks.length; i++) {
        const m = marks[i]!;
        const end = marks[i + 1]?.off ?? s.size;
        if (end > m.off) spans.push({ start: s.value + m.off, end: s.value + end, who: m.who });
      }
    }
    out.set(secName(sec), spans);
  }
  return out;
}

function relocationsOf(dwarfp: readonly dwarfSecInfo[]): Map<string, AppliedReloc[]> {
  const out = new Map<string, AppliedReloc[]>();
  for (const sec of dwarfp) {
    const list: AppliedReloc[] = [];
    for (const s of sec.syms)
      for (const r of s.R)
        if (r.siz > 0)
          list.push({
            off: s.value + r.off,
            siz: r.siz,
            type: r.type,
            target: r.sym.name,
            add: r.add,
            from: s.name,
          });
    out.set(secName(sec), list);
  }
  return out;
}

/** The sections as the readers take them (dwarf/read). */
export function dwarfSectionsOf(r: Pick<LinkResult, "sections">): DwarfSections {
  const sections: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  for (const [name, b] of r.sections) sections[name.slice(1) as DwarfSectionName] = b;
  return { littleEndian: true, addressSize: 8, sections };
}
