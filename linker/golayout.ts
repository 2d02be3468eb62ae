/**
 * Addresses for a link of the real compiler's objects (goload.ts), as cmd/link gives them for an
 * executable linked internally on linux/amd64, Go 1.26 (cmd/link/internal/ld/main.go, the phases
 * from linksetup to address):
 *
 * - textaddress (data.go): ctxt.Textp, stably sorted by kind (FIPS text after the rest), from
 *   -T (0x401000), each function aligned to max(its own alignment, Funcalign 32) and taking at
 *   least MINFUNC bytes; runtime.text and runtime.etext mark the ends;
 * - dodata (data.go: dodata, dodataSect, allocateDataSections): every kept data symbol grouped by
 *   kind (symtab's groups for .rodata), each group sorted by size then loader index
 *   (runtime.zerobase after the empty ones), aligned by symalign; sections .go.buildinfo,
 *   .go.fipsinfo, .go.module, .noptrdata, .data, .bss, .noptrbss in the data segment and
 *   .rodata (type descriptors first), .gopclntab, .typelink, .itablink in the read-only one;
 * - address (data.go): segments on page boundaries (-R 4096), in that order.
 *
 * Type descriptors are what DW_AT_go_runtime_type points at: an R_ADDROFF offset from .rodata.
 *
 * What is modelled beyond the objects: linksetup's module data, dostrdata's -X strings, loadfips's
 * markers (fips140.ts), typelink, buildinfo, the pclntab layout (pcln.ts), symtab's groups and
 * linker data, the GC programs; for cgo, the host objects' sections (loadelf.ts: their text
 * first in .text, their data among Go's) and a dynamically linked program's tables (elfdyn.ts:
 * .plt in the text segment, .rela, .rela.plt, .gnu.version_r, .gnu.version, .hash, .dynstr,
 * .dynsym after .gopclntab, .got.plt and .dynamic before .go.module, .got after it). What is not:
 * the ELF header's own sections (.interp and the notes live in the first page, before -T), the
 * .tbss section of a dynamic link (at 0, outside the layout), -buildmode other than exe, other
 * GOOS/GOARCH, trampolines, text splitting.
 */
import type { GoLoaded } from "./goload.js";
import { GCProg } from "./gcprog.js";
import type { OutSection } from "./layout.js";
import { addexport, doelf, dynreloc, type ElfDyn } from "./elfdyn.js";
import { linksetup } from "./linksetup.js";
import type { SubSyms } from "./subsym.js";
import { findfunctab, type PclntabState, pclntab } from "./pcln.js";
import { buildinfo, dostrdata, type StrData } from "./strdata.js";
import { type LinkSym, Rnd } from "./sym.js";
import { aligndatsize, symalign } from "./symalign.js";
import { ReadOnly, type SymKind, symKindValue } from "./symkind.js";
import { type LayoutState, newLayoutState, symtab, xdefine } from "./symtab.js";
import { typelink } from "./typelink.js";

/** amd64/obj.go archinit (Hlinux): -T default, Rnd(1<<22, 4096) + ELFRESERVE. */
export const INITTEXT = 0x401000;
/** amd64/l.go funcAlign. */
export const FUNCALIGN = 32;
/** -R default for ELF (FlagRound). */
export const FLAGROUND = 4096;
/** internal/abi MINFUNC. */
const MINFUNC = 16;
/** amd64 sys.Arch MinLC. */
const MINLC = 1;

/** A section with the alignment and segment address() needs. */
export interface GoSection extends OutSection {
  align: number;
  /** Segtext, Segrodata or Segdata. */
  segment: "text" | "rodata" | "data";
}

export interface GoLayoutOptions {
  /**
   * The linker's string data in strnames order (strdata.ts): -X flags, the importcfg's modinfo,
   * runtime.defaultGOROOT, runtime.buildVersion. Decides .data (the variables set) and
   * .go.buildinfo.
   */
  strdata?: StrData;
  /** buildcfg.GOROOT of the linker, for the file names in .gopclntab ("" with -trimpath). */
  goroot?: string;
  /** -T (default INITTEXT). */
  textStart?: number;
  /** -funcalign (default FUNCALIGN). */
  funcAlign?: number;
  /**
   * The text symbols ctxt.Textp holds before AssignTextSymbolOrder (loadfips's markers); by
   * default every kept STEXTFIPSSTART/STEXTFIPSEND symbol not already in ld.textp.
   */
  extText?: readonly LinkSym[];
}

export interface GoLayout {
  /** Every allocated section, in address order. */
  sections: GoSection[];
  /** The address of .text (runtime.text). */
  textBase: number;
  /** Attributes the later phases need (special symbols, not in the symbol table, groups). */
  state: LayoutState;
  pcln: PclntabState;
}

/**
 * The layout phases of ld.Main after deadcode and AssignTextSymbolOrder (goload.ts): linksetup's
 * module data, dostrdata, textaddress, typelink, buildinfo, pclntab, findfunctab, symtab, dodata,
 * address. Sets `value` (an address) and `sect` on every symbol laid out, and ld.textp to
 * ctxt.Textp. (loadGoObjects ran loadfips, as loadlib does.)
 */
export function layoutGo(g: GoLoaded, opts: GoLayoutOptions = {}): GoLayout {
  const ld = g.ld;
  const st = newLayoutState(ld);
  const strdata = opts.strdata ?? [];
  const moduledata = linksetup(ld);
  dostrdata(ld, strdata);
  // doelf and addexport: a dynamically linked (cgo) program's own tables.
  const dyn = doelf(ld, g.host.cgo);
  if (dyn !== undefined) addexport(dyn);
  const inTextp = new Set(ld.textp);
  const ext =
    opts.extText ??
    ld.syms.filter((s) => (s.type === "STEXTFIPSSTART" || s.type === "STEXTFIPSEND") && !inTextp.has(s));
  const text = textaddress(st, [...ext.filter((s) => s.reachable), ...ld.textp], {
    ...opts,
    subs: g.host.subs,
  });
  typelink(ld);
  buildinfo(ld, strdata);
  const pcln = pclntab(g, ld.textp, opts.goroot ?? "", st.special, st.notInSymtab);
  findfunctab(g, ld.textp);
  symtab(st, moduledata, (s) => s.static && g.defs.get(s)?.o.r.fromAssembly === false);
  const sections = [text, ...dodata(st, { dyn, subs: g.host.subs })];
  address(st, sections, g.host.subs);
  sections.sort((a, b) => a.vaddr - b.vaddr);
  return { sections, textBase: text.vaddr, state: st, pcln };
}

/**
 * data.go, textaddress and assignAddress (one text section, no trampolines on amd64): sorts
 * `textp` by kind into ld.textp and gives each symbol its address. A host object's text section
 * is placed as one function, its interior symbols (`subs`) at their offsets in it. Returns .text.
 */
export function textaddress(
  st: LayoutState,
  textp: LinkSym[],
  opts: { textStart?: number; funcAlign?: number; subs?: SubSyms } = {},
): GoSection {
  const funcAlign = opts.funcAlign ?? FUNCALIGN;
  const sect: GoSection = { name: ".text", vaddr: 0, length: 0, align: funcAlign, segment: "text" };
  // sort.SliceStable by SymType.
  textp.sort((a, b) => symKindValue(a.type) - symKindValue(b.type));
  const text = xdefine(st, "runtime.text", "STEXT", 0);
  const etext = xdefine(st, "runtime.etext", "STEXTEND", 0);
  text.sect = ".text";
  const start = Rnd(opts.textStart ?? INITTEXT, funcAlign);
  let va = start;
  sect.vaddr = va;
  const subs = opts.subs;
  for (const s of textp) {
    s.sect = ".text";
    if (subs?.AttrSubSymbol(s)) continue;
    const align = Math.max(s.align, funcAlign);
    va = Rnd(va, align);
    if (sect.align < align) sect.align = align;
    s.value = va;
    for (const sub of subs?.subs(s) ?? []) sub.value += va;
    va += Math.max(s.size, MINFUNC);
  }
  sect.length = va - sect.vaddr + MINLC;
  etext.sect = ".text";
  etext.value = va;
  text.value = sect.vaddr;
  st.ld.textp = textp;
  return sect;
}

/** dodataState: the data symbols by kind, and each kind's largest alignment. */
interface DodataState {
  st: LayoutState;
  data: Map<SymKind, LinkSym[]>;
  maxAlign: Map<SymKind, number>;
  datsize: number;
  sections: GoSection[];
}

/** loader.TopLevelSym: named, or an anonymous symbol of a kind laid out on its own. */
function topLevelSym(s: LinkSym): boolean {
  if (s.name !== "") return true;
  switch (s.type) {
    case "SDWARFFCN":
    case "SDWARFABSFCN":
    case "SDWARFTYPE":
    case "SDWARFCONST":
    case "SDWARFCUINFO":
    case "SDWARFRANGE":
    case "SDWARFLOC":
    case "SDWARFLINES":
    case "SGOFUNC":
      return true;
    default:
      return false;
  }
}

/**
 * data.go, dodata for an internally linked ELF executable: collect, sort (dodataSect) and assign
 * the data symbols to sections. Symbol values become offsets in their sections; address() makes
 * them addresses. Returns the sections in order, with addresses relative to their segment.
 */
export function dodata(
  st: LayoutState,
  host: { dyn?: ElfDyn | undefined; subs?: SubSyms } = {},
): GoSection[] {
  const { ld, special, groupType } = st;
  const data = new Map<SymKind, LinkSym[]>();
  const textEnd = symKindValue("STEXTEND");
  const unallocated = symKindValue("SFirstUnallocated");
  for (const s of ld.syms) {
    if (!s.reachable || special.has(s) || host.subs?.AttrSubSymbol(s) || !topLevelSym(s)) continue;
    const t = groupType.get(s) ?? s.type;
    const v = symKindValue(t);
    if (v <= textEnd || v >= unallocated) continue;
    const list = data.get(t);
    if (list === undefined) data.set(t, [s]);
    else list.push(s);
  }
  // The dynamic relocations grow the tables before they are sorted and placed.
  if (host.dyn !== undefined) dynreloc(host.dyn, ld.textp, data);
  const ds: DodataState = { st, data, maxAlign: new Map(), datsize: 0, sections: [] };
  const zerobase = ld.lookup("runtime.zerobase", 0);
  for (const [symn, syms] of data) ds.maxAlign.set(symn, dodataSect(symn, syms, zerobase));
  relaContiguous(data.get("SELFROSECT"));
  allocateDataSections(ds);
  return ds.sections;
}

/** data.go, dodataSect: sort one kind's symbols (by size, then index) and return their largest alignment. */
function dodataSect(symn: SymKind, syms: LinkSym[], zerobase: LinkSym | undefined): number {
  if (symn !== "SPCLNTAB") {
    const sortBySize = symn !== "SELFGOT";
    syms.sort((si, sj) => {
      const isz = si.size;
      const jsz = sj.size;
      if (sortBySize) {
        if (si === zerobase) return jsz !== 0 ? -1 : 1;
        if (sj === zerobase) return isz === 0 ? -1 : 1;
        if (isz !== jsz) return isz - jsz;
      } else if (si.name !== sj.name) return si.name < sj.name ? -1 : 1;
      // The loader index (position in ld.syms).
      return si.index - sj.index;
    });
  }
  let maxAlign = 0;
  for (const s of syms) maxAlign = Math.max(maxAlign, symalign(s));
  return maxAlign;
}

/** sym.Section creation (addsection) at the current datsize, aligned to `align`. */
function addsection(ds: DodataState, name: string, segment: GoSection["segment"], align: number): GoSection {
  ds.datsize = Rnd(ds.datsize, align);
  const sect: GoSection = { name, vaddr: ds.datsize, length: 0, align, segment };
  ds.sections.push(sect);
  return sect;
}

/** data.go, allocateNamedDataSection: a section as aligned as the most aligned of `types`. */
function allocateNamedDataSection(
  ds: DodataState,
  name: string,
  segment: GoSection["segment"],
  types: readonly SymKind[],
): GoSection {
  let align = types.length === 0 ? 1 : 0;
  for (const t of types) align = Math.max(align, ds.maxAlign.get(t) ?? 0);
  return addsection(ds, name, segment, align);
}

/** data.go, assignDsymsToSection / assignToSection: place one kind's symbols in `sect`. */
function assignToSection(ds: DodataState, sect: GoSection, symn: SymKind): void {
  for (const s of ds.data.get(symn) ?? []) {
    ds.datsize = aligndatsize(ds.datsize, s);
    s.sect = sect.name;
    s.value = ds.datsize - sect.vaddr;
    ds.datsize += s.size;
  }
  sect.length = ds.datsize - sect.vaddr;
}

/** data.go, allocateSingleSymSections: each symbol of `symn` in a section named after it. */
function allocateSingleSymSections(ds: DodataState, segment: GoSection["segment"], symn: SymKind): void {
  for (const s of ds.data.get(symn) ?? []) {
    const name = s.name.startsWith("go:") ? `.go.${s.name.slice(3)}` : s.name;
    const sect = addsection(ds, name, segment, symalign(s));
    s.sect = sect.name;
    s.value = ds.datsize - sect.vaddr;
    ds.datsize += s.size;
    sect.length = ds.datsize - sect.vaddr;
  }
}

/** data.go, allocateDataSections for linux/amd64, internal linking, buildmode exe, static. */
function allocateDataSections(ds: DodataState): void {
  const { ld } = ds.st;
  const named = (name: string, segment: GoSection["segment"], symn: SymKind): GoSection => {
    const sect = allocateNamedDataSection(ds, name, segment, [symn]);
    assignToSection(ds, sect, symn);
    return sect;
  };
  for (const symn of ["SBUILDINFO", "SFIPSINFO", "SELFSECT", "SMACHO", "SWINDOWS"] as const)
    allocateSingleSymSections(ds, "data", symn);
  const md = ds.data.get("SMODULEDATA") ?? [];
  if (md.length > 1) throw new Error("internal error: more than one SMODULEDATA symbol");
  if (md.length === 1) {
    const s = md[0]!;
    const sect = addsection(ds, ".go.module", "data", symalign(s));
    s.sect = sect.name;
    s.value = 0;
    ds.datsize += s.size;
    sect.length = ds.datsize - sect.vaddr;
  }
  if ((ds.data.get("SELFGOT") ?? []).length > 0) named(".got", "data", "SELFGOT");

  const noptr = named(".noptrdata", "data", "SNOPTRDATA");
  for (const symn of ["SNOPTRDATAFIPSSTART", "SNOPTRDATAFIPS", "SNOPTRDATAFIPSEND", "SNOPTRDATAEND"] as const)
    assignToSection(ds, noptr, symn);

  const data = named(".data", "data", "SDATA");
  for (const symn of ["SDATAFIPSSTART", "SDATAFIPS", "SDATAFIPSEND", "SDATAEND"] as const)
    assignToSection(ds, data, symn);
  const dataGcEnd = ds.datsize - data.vaddr;
  assignToSection(ds, data, "SXCOFFTOC");

  const bss = named(".bss", "data", "SBSS");
  const bssGcEnd = ds.datsize - bss.vaddr;
  for (const [name, symn, gcEnd] of [
    ["runtime.gcdata", "SDATA", dataGcEnd],
    ["runtime.gcbss", "SBSS", bssGcEnd],
  ] as const) {
    const gc = new GCProg(ld, ld.lookupOrCreate(name));
    for (const s of ds.data.get(symn) ?? []) gc.AddSym(s);
    gc.End(gcEnd);
  }

  const noptrbss = named(".noptrbss", "data", "SNOPTRBSS");
  ds.st.covctrs.start = noptrbss.length;
  assignToSection(ds, noptrbss, "SCOVERAGE_COUNTER");
  ds.st.covctrs.length = noptrbss.length - ds.st.covctrs.start;
  if ((ds.data.get("SLIBFUZZER_8BIT_COUNTER") ?? []).length > 0)
    named(".go.fuzzcntrs", "data", "SLIBFUZZER_8BIT_COUNTER");
  // STLSBSS: no .tbss in a static executable (-d); the symbols keep offsets from 0.
  let tls = 0;
  for (const s of ds.data.get("STLSBSS") ?? []) {
    tls = aligndatsize(tls, s);
    s.value = tls;
    tls += s.size;
  }

  // The text segment's ELF sections (.plt), then the read-only segment.
  ds.datsize = 0;
  allocateSingleSymSections(ds, "text", "SELFRXSECT");
  const rodata = allocateNamedDataSection(ds, ".rodata", "rodata", ReadOnly);
  for (const symn of ReadOnly) assignToSection(ds, rodata, symn);
  named(".gopclntab", "rodata", "SPCLNTAB");
  allocateSingleSymSections(ds, "rodata", "SELFROSECT");
  for (const [name, symn, sym] of [
    [".typelink", "STYPELINK", "runtime.typelink"],
    [".itablink", "SITABLINK", "runtime.itablink"],
  ] as const) {
    const sect = allocateNamedDataSection(ds, name, "rodata", [symn]);
    const s = ld.lookupOrCreate(sym);
    s.sect = sect.name;
    s.value = 0;
    ds.datsize += s.size;
    sect.length = ds.datsize - sect.vaddr;
  }
}

/**
 * data.go, dodata's fix for ELF: .rela and .rela.plt next to each other (.rela first), both then
 * aligned to 8 (RegSize).
 */
function relaContiguous(syms: LinkSym[] | undefined): void {
  if (syms === undefined) return;
  const reli = syms.findIndex((s) => s.name === ".rela");
  const plti = syms.findIndex((s) => s.name === ".rela.plt");
  if (reli < 0 || plti < 0 || plti === reli + 1) return;
  const rel = syms[reli]!;
  const plt = syms[plti]!;
  const [first, second] = plti > reli ? [reli, plti] : [plti, reli];
  syms.copyWithin(first + 2, first + 1, second);
  syms[first] = rel;
  syms[first + 1] = plt;
  rel.align = 8;
  plt.align = 8;
}

/**
 * data.go, address: place the segments (text from -T, the others each on the next page) and the
 * sections in them (text and read-only ones one after the other at their alignment, data ones
 * keeping the gaps dodata left), make every laid-out symbol's value an address (a host section's
 * interior symbols move with it), and define the markers.
 */
export function address(st: LayoutState, sections: GoSection[], subs?: SubSyms): void {
  const { ld, special } = st;
  const text = sections.find((s) => s.segment === "text")!;
  let va = text.vaddr;
  const rel = new Map<GoSection, number>();
  for (const s of sections) {
    if (s.segment !== "text") continue;
    va = Rnd(va, s.align);
    if (s !== text) rel.set(s, s.vaddr);
    s.vaddr = va;
    va += s.length;
  }
  va = Rnd(va, FLAGROUND);
  for (const s of sections) {
    if (s.segment !== "rodata") continue;
    va = Rnd(va, s.align);
    rel.set(s, s.vaddr);
    s.vaddr = va;
    va += s.length;
  }
  va = Rnd(va, FLAGROUND);
  const data = sections.filter((s) => s.segment === "data");
  data.forEach((s, i) => {
    const next = data[i + 1];
    const vlen = next === undefined ? s.length : next.vaddr - s.vaddr;
    rel.set(s, s.vaddr);
    s.vaddr = va;
    va += vlen;
  });
  const byName = new Map(sections.map((s) => [s.name, s]));
  const moved: LinkSym[] = [];
  for (const s of ld.syms) {
    if (special.has(s) || s.sect === undefined || s.sect === ".text") continue;
    const sect = byName.get(s.sect);
    if (sect !== undefined && rel.has(sect) && s.reachable) {
      s.value += sect.vaddr;
      moved.push(s);
    }
  }
  // The interior symbols move with their section's symbol. (Go leaves their section unset and
  // folds them into the outer symbol when relocating, FoldSubSymbolOffset: the same address.)
  if (subs !== undefined)
    for (const s of moved)
      for (const sub of subs.subs(s)) {
        sub.value += s.value;
        sub.sect = s.sect;
      }
  const at = (name: string): GoSection | undefined => byName.get(name);
  const mark = (name: string, sect: GoSection | undefined, v: number | undefined): void => {
    if (sect === undefined || v === undefined) return;
    const s = ld.lookupOrCreate(name);
    s.value = v;
    s.sect = sect.name;
  };
  const rodata = at(".rodata");
  mark("runtime.rodata", rodata, rodata?.vaddr);
  mark("runtime.erodata", rodata, rodata && rodata.vaddr + rodata.length);
  mark("runtime.types", rodata, rodata?.vaddr);
  mark("runtime.etypes", rodata, rodata && rodata.vaddr + rodata.length);
  for (const [name, end] of [
    ["runtime.gcdata", "runtime.egcdata"],
    ["runtime.gcbss", "runtime.egcbss"],
  ] as const) {
    const s = ld.lookup(name, 0);
    if (s !== undefined) mark(end, rodata, s.value + s.size);
  }
  const pcln = at(".gopclntab");
  mark("runtime.pclntab", pcln, pcln?.vaddr);
  mark("runtime.epclntab", pcln, pcln && pcln.vaddr + pcln.length);
  for (const [sect, start, end] of [
    [".noptrdata", "runtime.noptrdata", "runtime.enoptrdata"],
    [".bss", "runtime.bss", "runtime.ebss"],
    [".data", "runtime.data", "runtime.edata"],
    [".noptrbss", "runtime.noptrbss", "runtime.enoptrbss"],
  ] as const) {
    const s = at(sect);
    mark(start, s, s?.vaddr);
    mark(end, s, s && s.vaddr + s.length);
  }
  const noptrbss = at(".noptrbss");
  mark("runtime.covctrs", noptrbss, noptrbss && noptrbss.vaddr + st.covctrs.start);
  mark("runtime.ecovctrs", noptrbss, noptrbss && noptrbss.vaddr + st.covctrs.start + st.covctrs.length);
  const last = data.at(-1);
  mark("runtime.end", last, last && last.vaddr + last.length);
}
