/**
 * An in-memory Context for tests and for the compiler model: symbols are growable byte arrays with
 * relocation lists, much like cmd/internal/obj's LSym written through obj.dwCtxt
 * (cmd/internal/obj/dwarf.go), with DwarfFixupTable's child-DIE fixups built in. `link` lays the
 * symbols of one or more compile units out as .debug_info / .debug_abbrev / .debug_addr /
 * .debug_rnglists / .debug_loclists (DWARF 5) or .debug_ranges / .debug_loc (DWARF 4) and applies
 * the relocations, in the shape cmd/link/internal/ld/dwarf.go gives them (writeUnitInfo,
 * writepcranges, writedebugaddr), simplified: .debug_addr slots follow each unit's text order,
 * there is no line table (DW_AT_stmt_list is 0 and .debug_line is absent), and 32-bit DWARF only.
 */
import { DW_ABRV, getAbbrev } from "./abbrev.js";
import { ByteBuf, putUint } from "./bytebuf.js";
import { DW_AT, DW_CLS, DW_LANG, DW_UT } from "./constants.js";
import type { BuildCfg, Context, DWAttr, Range, Sym, Var } from "./context.js";
import { putPaddedUleb128 } from "./leb128.js";
import { PutAttrs, Uleb128put } from "./putattr.js";
import { MergeRanges, PutBasedRanges, PutRngListRanges } from "./ranges.js";
import type { DwarfSectionName, DwarfSections } from "./read/sections.js";

/** Go's objabi.SymKind names for the symbols this model makes. */
export type SymKind =
  | "STEXT"
  | "SDATA"
  | "SDWARFCUINFO"
  | "SDWARFCONST"
  | "SDWARFFCN"
  | "SDWARFABSFCN"
  | "SDWARFTYPE"
  | "SDWARFVAR"
  | "SDWARFRANGE"
  | "SDWARFLOC"
  | "SDWARFLINES"
  | "SDWARFADDR";

/** Go's objabi relocation types that the DWARF writers produce. */
export type RelocType =
  | "R_ADDR"
  | "R_ADDROFF"
  | "R_ADDRCUOFF"
  | "R_DWARFSECREF"
  | "R_DWTXTADDR_U1"
  | "R_DWTXTADDR_U2"
  | "R_DWTXTADDR_U3"
  | "R_DWTXTADDR_U4";

/** One relocation (goobj.Reloc): `siz` bytes at `off` get the value of `sym` + `add`. */
export interface MemReloc {
  off: number;
  siz: number;
  type: RelocType;
  sym: MemSym;
  add: number;
}

/** Provenance: from `off` on (until the next mark), the bytes were written by `who`. */
export interface MemMark {
  off: number;
  who: string;
}

/** A symbol: bytes, relocations, and for text and data symbols an address and a length. */
export class MemSym {
  /** The bytes; MemContext writes them. */
  readonly bytes = new ByteBuf();
  readonly relocs: MemReloc[] = [];
  readonly marks: MemMark[] = [];

  constructor(
    readonly name: string,
    readonly kind: SymKind,
    /** Address of a text or data symbol (link input). */
    public addr = 0,
    /** Length in bytes of a text symbol's code (the model has no code bytes). */
    public textSize = 0,
  ) {}

  /** The number of bytes written. */
  get size(): number {
    return this.bytes.length;
  }

  set size(v: number) {
    this.bytes.length = v;
  }

  /** The bytes written so far (a view; copy it before writing more). */
  get data(): Uint8Array {
    return this.bytes.view();
  }

  /** Make room for n more (zero) bytes and return the offset where they go. */
  grow(n: number): number {
    return this.bytes.grow(n);
  }

  /** Provenance spans [start, end) with their writer, merged from the marks. */
  spans(): { start: number; end: number; who: string }[] {
    const out: { start: number; end: number; who: string }[] = [];
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i]!;
      const end = i + 1 < this.marks.length ? this.marks[i + 1]!.off : this.size;
      if (end > m.off) out.push({ start: m.off, end, who: m.who });
    }
    return out;
  }
}

/** objabi.FuncCountToDwTxtAddrFlavor: the addrx relocation width for a function count. */
export function FuncCountToDwTxtAddrFlavor(fncount: number): [RelocType, number] {
  if (fncount <= 127) return ["R_DWTXTADDR_U1", 1];
  if (fncount <= 16383) return ["R_DWTXTADDR_U2", 2];
  if (fncount <= 2097151) return ["R_DWTXTADDR_U3", 3];
  if (fncount <= 268435455) return ["R_DWTXTADDR_U4", 4];
  throw new Error("package has more than 268435455 functions");
}

export interface MemContextOptions extends BuildCfg {
  /** 8 (default) or 4. */
  ptrSize?: number;
  bigEndian?: boolean;
  /** obj.Link.DwTextCount: functions in the package; sizes addrx relocations (doubled, as Go). */
  dwTextCount?: number;
  /** Record provenance marks on every symbol. */
  provenance?: boolean;
}

interface FixupEntry {
  /** ChildIndex to offset, once the abstract function has been written. */
  doffsets: Map<number, number> | undefined;
  fixups: { sym: MemSym; ridx: number; dclIdx: number }[];
}

function asSym(s: Sym): MemSym {
  if (!(s instanceof MemSym)) throw new Error(`not a MemSym: ${String(s)}`);
  return s;
}

/** A Context over MemSyms (obj.dwCtxt's behaviour, plus what the linker's context adds). */
export class MemContext implements Context {
  readonly buildcfg: BuildCfg;
  readonly bigEndian: boolean;
  readonly dwTextCount: number;
  readonly logs: string[] = [];
  mark?: (s: Sym, who: string) => void;
  private readonly ps: number;
  private readonly fixups = new Map<MemSym, FixupEntry>();

  constructor(opts: MemContextOptions) {
    this.buildcfg =
      opts.darwin === undefined ? { dwarf5: opts.dwarf5 } : { dwarf5: opts.dwarf5, darwin: opts.darwin };
    this.ps = opts.ptrSize ?? 8;
    this.bigEndian = opts.bigEndian ?? false;
    this.dwTextCount = opts.dwTextCount ?? 1;
    if (opts.provenance === true) {
      this.mark = (s, who) => {
        const m = asSym(s);
        const last = m.marks[m.marks.length - 1];
        if (last !== undefined && last.off === m.size) last.who = who;
        else m.marks.push({ off: m.size, who });
      };
    }
  }

  ptrSize(): number {
    return this.ps;
  }

  size(s: Sym): number {
    return asSym(s).size;
  }

  addInt(s: Sym, size: number, i: number): void {
    asSym(s).bytes.addUint(size, i, this.bigEndian);
  }

  addBytes(s: Sym, b: ArrayLike<number>): void {
    asSym(s).bytes.addBytes(b);
  }

  private addReloc(s: Sym, siz: number, type: RelocType, t: unknown, add: number): void {
    const m = asSym(s);
    const off = m.grow(siz);
    m.relocs.push({ off, siz, type, sym: asSym(t), add });
  }

  addAddress(s: Sym, t: unknown, ofs: number): void {
    if (t == null) this.addInt(s, this.ps, ofs);
    else this.addReloc(s, this.ps, "R_ADDR", t, ofs);
  }

  addCURelativeAddress(s: Sym, t: unknown, ofs: number): void {
    this.addReloc(s, this.ps, "R_ADDRCUOFF", t, ofs);
  }

  /** The compiler never calls this (Go panics); the linker writes go_runtime_type with it. */
  addSectionOffset(s: Sym, size: number, t: unknown, ofs: number): void {
    this.addReloc(s, size, "R_ADDROFF", t, ofs);
  }

  addDWARFAddrSectionOffset(s: Sym, t: unknown, ofs: number): void {
    this.addReloc(s, 4, "R_DWARFSECREF", t, ofs);
  }

  addIndirectTextRef(s: Sym, t: unknown): void {
    // Go doubles DwTextCount: it is an estimate that misses wrappers.
    const [type, siz] = FuncCountToDwTxtAddrFlavor(this.dwTextCount * 2);
    this.addReloc(s, siz, type, t, 0);
  }

  currentOffset(s: Sym): number {
    return asSym(s).size;
  }

  /** DwarfFixupTable.ReferenceChildDIE on the last relocation of `from`. */
  recordDclReference(from: Sym, to: Sym, dclIdx: number, _inlIndex: number): void {
    const m = asSym(from);
    const ridx = m.relocs.length - 1;
    const e = this.fixupEntry(asSym(to));
    if (e.doffsets !== undefined) this.applyFixup(m, ridx, e.doffsets, dclIdx, asSym(to));
    else e.fixups.push({ sym: m, ridx, dclIdx });
  }

  /** DwarfFixupTable.RegisterChildDIEOffsets; pending fixups are applied at once. */
  recordChildDieOffsets(s: Sym, vars: readonly Var[], offsets: readonly number[]): void {
    if (vars.length !== offsets.length)
      throw new Error("RegisterChildDIEOffsets vars/offsets length mismatch");
    const absfn = asSym(s);
    const e = this.fixupEntry(absfn);
    // Go stores an empty table as "not yet seen"; keep that so references stay queued.
    if (vars.length === 0) return;
    e.doffsets = new Map(vars.map((v, i) => [v.childIndex, offsets[i]!]));
    for (const f of e.fixups) this.applyFixup(f.sym, f.ridx, e.doffsets, f.dclIdx, absfn);
    e.fixups = [];
  }

  /** DwarfFixupTable.Finalize's check: every child reference found its DIE. */
  unresolvedFixups(): string[] {
    const out: string[] = [];
    for (const [absfn, e] of this.fixups) {
      for (const f of e.fixups) out.push(`${f.sym.name} -> ${absfn.name} dclIdx=${f.dclIdx}`);
    }
    return out;
  }

  private fixupEntry(absfn: MemSym): FixupEntry {
    let e = this.fixups.get(absfn);
    if (e === undefined) {
      e = { doffsets: undefined, fixups: [] };
      this.fixups.set(absfn, e);
    }
    return e;
  }

  private applyFixup(
    m: MemSym,
    ridx: number,
    doffsets: Map<number, number>,
    dclIdx: number,
    absfn: MemSym,
  ): void {
    const off = doffsets.get(dclIdx);
    if (off === undefined) {
      throw new Error(
        `unable to locate child DIE offset for dclIdx=${dclIdx} src=${m.name} tgt=${absfn.name}`,
      );
    }
    m.relocs[ridx]!.add += off;
  }

  addString(s: Sym, v: string): void {
    asSym(s).bytes.addString(v);
  }

  logf(format: string, ...args: unknown[]): void {
    this.logs.push(`${format} ${args.map(String).join(" ")}`);
  }
}

/** One compile unit to link: its text symbols (Textp) and the DWARF symbols it owns. */
export interface LinkUnit {
  name: string;
  /** Text symbols in address order; the first is the unit's low_pc and .debug_addr slot 0. */
  text: MemSym[];
  /** Info symbols in output order (abstract functions, functions, types, globals, constants). */
  info: MemSym[];
  loc?: MemSym[];
  ranges?: MemSym[];
  compDir?: string;
  producer?: string;
  packageName?: string;
}

/** Where a symbol landed. */
export interface Placement {
  section: DwarfSectionName;
  offset: number;
}

export interface LinkResult {
  sections: DwarfSections;
  placement: Map<MemSym, Placement>;
  /** Offset of each unit's header in .debug_info. */
  unitOffsets: number[];
  /** Provenance spans per section, from the marks of every placed symbol (if recorded). */
  provenance: Partial<Record<DwarfSectionName, { start: number; end: number; who: string }[]>>;
}

function newattr(
  die: { attr: DWAttr | undefined },
  atr: number,
  cls: number,
  value: number,
  data: unknown,
): void {
  die.attr = { link: die.attr, atr, cls, value, data };
}

/**
 * Lay out and relocate. Each unit gets a header, a compile_unit DIE written with PutAttrs (COMPUNIT,
 * or COMPUNIT_TEXTLESS when it has no text), its info symbols, and a closing 0. Its range list
 * covers each text symbol's [addr, addr+textSize), relative to the first.
 */
export function link(ctxt: MemContext, units: readonly LinkUnit[]): LinkResult {
  const dwarf5 = ctxt.buildcfg.dwarf5;
  const ps = ctxt.ptrSize();
  const be = ctxt.bigEndian;
  const pending = ctxt.unresolvedFixups();
  if (pending.length > 0) throw new Error(`orphaned DWARF fixups: ${pending.join(", ")}`);

  const infoName: DwarfSectionName = "debug_info";
  const locName: DwarfSectionName = dwarf5 ? "debug_loclists" : "debug_loc";
  const rngName: DwarfSectionName = dwarf5 ? "debug_rnglists" : "debug_ranges";
  const order: Record<string, { sec: DwarfSectionName; syms: MemSym[] }> = {
    info: { sec: infoName, syms: [] },
    addr: { sec: "debug_addr", syms: [] },
    rng: { sec: rngName, syms: [] },
    loc: { sec: locName, syms: [] },
  };
  const placement = new Map<MemSym, Placement>();
  /** Which unit each symbol belongs to, for addrx indices and CU-relative addresses. */
  const unitOf = new Map<MemSym, number>();

  // DWARF 5 list and address sections start with one header each (not one per unit).
  const listHeader = (name: string, size: number): MemSym => {
    const h = new MemSym(name, "SDWARFADDR");
    ctxt.mark?.(h, `writeDwarf5Header ${name}`);
    h.grow(size);
    return h;
  };
  const addrHeader = dwarf5 ? listHeader(".debug_addr header", 8) : undefined;
  const rngHeader = dwarf5 ? listHeader(".debug_rnglists header", 12) : undefined;
  const locHeader = dwarf5 ? listHeader(".debug_loclists header", 12) : undefined;
  if (addrHeader) order.addr!.syms.push(addrHeader);
  if (rngHeader) order.rng!.syms.push(rngHeader);
  if (locHeader) order.loc!.syms.push(locHeader);

  const unitHeaders: MemSym[] = [];
  const unitEnds: MemSym[] = [];
  units.forEach((u, ui) => {
    const cu = new MemSym(`${u.name} CU`, "SDWARFCUINFO");
    const end = new MemSym(`${u.name} CU end`, "SDWARFCUINFO");
    const hasText = u.text.length > 0;
    const base = u.text[0];

    // .debug_addr slots: this unit's text symbols, in order.
    let addrSym: MemSym | undefined;
    if (dwarf5 && hasText) {
      addrSym = new MemSym(`${u.name} .debug_addr`, "SDWARFADDR");
      ctxt.mark?.(addrSym, "writedebugaddr");
      for (const t of u.text) ctxt.addAddress(addrSym, t, 0);
      order.addr!.syms.push(addrSym);
    }

    // The unit's own range list (writepcranges).
    let rangeSym: MemSym | undefined;
    if (hasText) {
      rangeSym = new MemSym(`${u.name} CU ranges`, "SDWARFRANGE");
      let pcs: Range[] = [];
      for (const t of u.text)
        pcs = MergeRanges(pcs, [{ start: t.addr - base!.addr, end: t.addr - base!.addr + t.textSize }]);
      if (dwarf5) PutRngListRanges(ctxt, rangeSym, base, pcs);
      else PutBasedRanges(ctxt, rangeSym, pcs);
      order.rng!.syms.push(rangeSym);
      unitOf.set(rangeSym, ui);
    }

    // Header (writeUnitInfo); unit_length is patched below.
    ctxt.mark?.(cu, "writeUnitInfo header");
    ctxt.addInt(cu, 4, 0);
    ctxt.addInt(cu, 2, dwarf5 ? 5 : 4);
    if (dwarf5) {
      ctxt.addInt(cu, 1, DW_UT.compile);
      ctxt.addInt(cu, 1, ps);
      ctxt.addInt(cu, 4, 0); // abbrev offset: one table at 0
    } else {
      ctxt.addInt(cu, 4, 0);
      ctxt.addInt(cu, 1, ps);
    }

    const abbrev = hasText ? DW_ABRV.COMPUNIT : DW_ABRV.COMPUNIT_TEXTLESS;
    const die: { attr: DWAttr | undefined } = { attr: undefined };
    newattr(die, DW_AT.name, DW_CLS.STRING, u.name.length, u.name);
    newattr(die, DW_AT.language, DW_CLS.CONSTANT, DW_LANG.Go, undefined);
    newattr(die, DW_AT.comp_dir, DW_CLS.STRING, 0, u.compDir ?? ".");
    newattr(die, DW_AT.producer, DW_CLS.STRING, 0, u.producer ?? "Go cmd/compile godwarf");
    newattr(die, DW_AT.go_package_name, DW_CLS.STRING, 0, u.packageName ?? "main");
    if (hasText) {
      const line = new MemSym(`${u.name} .debug_line`, "SDWARFLINES");
      placement.set(line, { section: "debug_line", offset: 0 });
      newattr(die, DW_AT.stmt_list, DW_CLS.PTR, 0, line);
      newattr(die, DW_AT.low_pc, DW_CLS.ADDRESS, 0, base);
      newattr(die, DW_AT.ranges, DW_CLS.PTR, 0, rangeSym);
      if (addrSym !== undefined) newattr(die, DW_AT.addr_base, DW_CLS.REFERENCE, 0, addrSym);
    }
    ctxt.mark?.(cu, "writeUnitInfo abbrev");
    Uleb128put(ctxt, cu, abbrev);
    PutAttrs(ctxt, cu, abbrev, die.attr);
    ctxt.mark?.(end, "writeUnitInfo end of children");
    ctxt.addInt(end, 1, 0);

    unitHeaders.push(cu);
    unitEnds.push(end);
    for (const s of [cu, ...u.info, end]) {
      order.info!.syms.push(s);
      unitOf.set(s, ui);
    }
    for (const s of u.ranges ?? []) {
      order.rng!.syms.push(s);
      unitOf.set(s, ui);
    }
    for (const s of u.loc ?? []) {
      order.loc!.syms.push(s);
      unitOf.set(s, ui);
    }
  });

  // Lay out every section.
  const bufs: Partial<Record<DwarfSectionName, Uint8Array>> = {};
  const provenance: LinkResult["provenance"] = {};
  for (const { sec, syms } of Object.values(order)) {
    let off = 0;
    for (const s of syms) {
      if (placement.has(s)) throw new Error(`symbol ${s.name} laid out twice`);
      placement.set(s, { section: sec, offset: off });
      off += s.size;
    }
    if (off === 0) continue;
    const b = new Uint8Array(off);
    const spans: { start: number; end: number; who: string }[] = [];
    for (const s of syms) {
      const at = placement.get(s)!.offset;
      b.set(s.data, at);
      for (const sp of s.spans()) spans.push({ start: sp.start + at, end: sp.end + at, who: sp.who });
    }
    bufs[sec] = b;
    if (spans.length > 0) provenance[sec] = spans;
  }

  // Relocate.
  for (const { sec, syms } of Object.values(order)) {
    const b = bufs[sec];
    if (b === undefined) continue;
    for (const s of syms) {
      const at = placement.get(s)!.offset;
      const unit = units[unitOf.get(s) ?? -1];
      for (const r of s.relocs) {
        const where = at + r.off;
        switch (r.type) {
          case "R_ADDR":
          case "R_ADDROFF":
            putUint(b, where, r.siz, r.sym.addr + r.add, be);
            break;
          case "R_ADDRCUOFF": {
            if (unit === undefined || unit.text.length === 0)
              throw new Error(`${s.name}: R_ADDRCUOFF outside a unit with text`);
            putUint(b, where, r.siz, r.sym.addr + r.add - unit.text[0]!.addr, be);
            break;
          }
          case "R_DWARFSECREF": {
            const p = placement.get(r.sym);
            if (p === undefined)
              throw new Error(`${s.name}: R_DWARFSECREF to ${r.sym.name}, which is not laid out`);
            putUint(b, where, r.siz, p.offset + r.add, be);
            break;
          }
          default: {
            const slot = unit?.text.indexOf(r.sym) ?? -1;
            if (slot < 0)
              throw new Error(`${s.name}: ${r.type} to ${r.sym.name}, not a text symbol of its unit`);
            putPaddedUleb128(b, where, slot, r.siz);
          }
        }
      }
    }
  }

  // Lengths: unit_length excludes itself.
  const info = bufs.debug_info!;
  const unitOffsets: number[] = [];
  unitHeaders.forEach((cu, i) => {
    const start = placement.get(cu)!.offset;
    const end = placement.get(unitEnds[i]!)!.offset + 1;
    putUint(info, start, 4, end - start - 4, be);
    unitOffsets.push(start);
  });
  if (dwarf5) {
    const header = (sec: DwarfSectionName, withOffsetCount: boolean): void => {
      const b = bufs[sec];
      if (b === undefined) return;
      putUint(b, 0, 4, b.length - 4, be);
      putUint(b, 4, 2, 5, be);
      b[6] = ps;
      b[7] = 0;
      if (withOffsetCount) putUint(b, 8, 4, 0, be);
    };
    header("debug_addr", false);
    header("debug_rnglists", true);
    header("debug_loclists", true);
  }
  bufs.debug_abbrev = getAbbrev(ctxt.buildcfg);

  return {
    sections: { littleEndian: !be, addressSize: ps, sections: bufs },
    placement,
    unitOffsets,
    provenance,
  };
}
