/**
 * Split DWARF 5 from a linked program's DWARF (beyond Go, which writes none): each unit of
 * .debug_info becomes a skeleton unit (DW_UT_skeleton) left in the executable and a split unit
 * (DW_UT_split_compile) in a .dwo file of its own, one per package (DWARF 5 section 3.1.3 and
 * appendix F).
 *
 * The executable keeps .debug_line, .debug_frame, .debug_addr (the split units' address indexes
 * and list entries resolve through the skeleton's DW_AT_addr_base), .debug_gdb_scripts, the
 * skeletons in .debug_info/.debug_abbrev, and a .debug_rnglists holding only the units' own range
 * lists. Each .dwo has .debug_info.dwo, .debug_abbrev.dwo and, when its unit has lists,
 * .debug_loclists.dwo and .debug_rnglists.dwo. Go writes every string inline (DW_FORM_string), so no
 * string moves and there is no .debug_str.dwo; the split units' DW_AT_decl_file name the skeleton's
 * line table, as the standard says, so there is no .debug_line.dwo either.
 *
 * A split unit is the combined unit's bytes with three changes: the unit DIE loses the attributes
 * the skeleton carries (low_pc, ranges, stmt_list, comp_dir, addr_base); references (Go writes
 * DW_FORM_ref_addr, even within a unit) become unit-relative DW_FORM_ref4, of the same size; list
 * offsets (DW_FORM_sec_offset) become DW_FORM_loclistx/rnglistx indexes written as four-byte
 * padded ULEB128, the same size again. Location lists are written with start/length entries
 * instead of Go's base address plus offset pairs, for gdb (lists.ts dwoLocList says why). A .dwo cannot refer into another .dwo, so a unit's split
 * unit also carries a copy of every top-level DIE of another unit it refers to (Go's type DIEs live
 * in the runtime unit; an abstract function may sit in another package's unit), and of what those
 * refer to in turn, appended after its own DIEs.
 *
 * The dwo_id (in both headers) is the first 8 bytes, little-endian, of the SHA-256 of the .dwo's
 * name and its sections as written with the id zeroed: reproducible, and different for different
 * content or name.
 */
import { createHash } from "node:crypto";
import { DW_AT, DW_FORM, DW_TAG, DW_UT } from "../../dwarf/constants.js";
import { appendSleb128, appendUleb128, paddedUleb128 } from "../../dwarf/leb128.js";
import { type AbbrevTable, readAbbrevTable } from "../../dwarf/read/abbrev.js";
import { readUnitHeaders } from "../../dwarf/read/info.js";
import { dwoLocList, listBytes, listSection } from "./lists.js";
import { scanUnit, type UnitScan } from "./scan.js";

/** One .dwo file's contents. */
export interface DwoUnit {
  /** The unit's DW_AT_name (the package path). */
  unitName: string;
  /** The base name written to DW_AT_dwo_name. */
  name: string;
  dwoId: bigint;
  /** ".debug_abbrev.dwo", ".debug_info.dwo", ... in the order they are written. */
  sections: Map<string, Uint8Array>;
}

export interface SplitDwarf {
  /** The executable's DWARF sections, in Go's order. */
  exe: Map<string, Uint8Array>;
  dwos: DwoUnit[];
}

/** The unit-DIE attributes the skeleton carries instead of the split unit. */
const MOVED: ReadonlySet<number> = new Set([
  DW_AT.stmt_list,
  DW_AT.low_pc,
  DW_AT.high_pc,
  DW_AT.ranges,
  DW_AT.comp_dir,
  DW_AT.addr_base,
  DW_AT.str_offsets_base,
  DW_AT.rnglists_base,
  DW_AT.loclists_base,
]);

/** Attributes of class loclist (DWARF 5 table 7.5.5) that may hold a sec_offset. */
const LOCLIST_ATTRS: ReadonlySet<number> = new Set([
  DW_AT.location,
  DW_AT.frame_base,
  DW_AT.data_member_location,
  DW_AT.string_length,
  DW_AT.return_addr,
  DW_AT.use_location,
  DW_AT.vtable_elem_location,
]);

/** Forms a kept unit-DIE attribute may not use: they name sections the .dwo does not have. */
const INDIRECT_FORMS: ReadonlySet<number> = new Set([
  DW_FORM.strp,
  DW_FORM.line_strp,
  DW_FORM.strx,
  DW_FORM.strx1,
  DW_FORM.strx2,
  DW_FORM.strx3,
  DW_FORM.strx4,
  DW_FORM.sec_offset,
]);

/** Split-unit and skeleton header size, DWARF 5 32-bit: length, version, type, address size, abbrev, id. */
const HEADER = 20;

/** The form a value takes in the .dwo. */
function dwoForm(at: number, form: number): number {
  if (form === DW_FORM.ref_addr) return DW_FORM.ref4;
  if (form === DW_FORM.sec_offset) {
    if (at === DW_AT.ranges) return DW_FORM.rnglistx;
    if (LOCLIST_ATTRS.has(at)) return DW_FORM.loclistx;
  }
  return form;
}

/**
 * Splits `sections` (a link's relocated, uncompressed DWARF 5, LinkResult.sections). `dwoName`
 * gives each unit's .dwo base name from its DW_AT_name. Throws for DWARF it cannot split (not
 * version 5, 64-bit, units with different abbrev tables).
 */
export function splitDwarf(
  sections: ReadonlyMap<string, Uint8Array>,
  dwoName: (unitName: string) => string,
): SplitDwarf {
  const info = need(sections, ".debug_info");
  const abbrev = need(sections, ".debug_abbrev");
  const rnglists = sections.get(".debug_rnglists") ?? new Uint8Array();
  const loclists = sections.get(".debug_loclists") ?? new Uint8Array();
  const addr = sections.get(".debug_addr");
  const headers = readUnitHeaders({ littleEndian: true, addressSize: 8, sections: { debug_info: info } });
  const first = headers[0];
  if (first === undefined) throw new Error("split DWARF: .debug_info has no unit");
  for (const h of headers) {
    if (h.version !== 5)
      throw new Error(
        `split DWARF needs DWARF 5; the unit at 0x${h.offset.toString(16)} is version ${h.version}`,
      );
    if (h.abbrevOffset !== first.abbrevOffset)
      throw new Error("split DWARF: the units use different abbrev tables");
  }
  const table = readAbbrevTable(abbrev, first.abbrevOffset);
  const scans = headers.map((h) => scanUnit(info, h, table));
  const unitAt = (off: number): UnitScan => {
    let lo = 0;
    let hi = scans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (scans[mid]!.unit.offset <= off) lo = mid;
      else hi = mid - 1;
    }
    return scans[lo]!;
  };
  const rootCode = Math.max(...table.keys()) + 1;
  const dwoAbbrevBase = dwoAbbrevs(table);

  const skeletons: { abbrev: number[]; die: number[]; dwoId: bigint }[] = [];
  const cuLists: Uint8Array[] = [];
  const dwos: DwoUnit[] = [];
  for (const u of scans) {
    const name = unitName(u);
    const file = dwoName(name);
    // The split unit's own DIEs, then the foreign subtrees it needs, in the order first needed.
    const regions: { scan: UnitScan; top: number; start: number; end: number }[] = [
      { scan: u, top: -2, start: u.childrenStart, end: u.childrenEnd },
    ];
    const imported = new Map<UnitScan, Map<number, number>>();
    const rootAttrs = u.rootAttrs.filter((a) => !MOVED.has(a.at));
    for (const a of rootAttrs)
      if (INDIRECT_FORMS.has(a.form))
        throw new Error(
          `split DWARF: unit ${name}: attribute 0x${a.at.toString(16)} of the unit DIE uses form 0x${a.form.toString(16)}`,
        );
    const rootDie: number[] = [];
    appendUleb128(rootDie, rootCode);
    for (const a of rootAttrs) rootDie.push(...info.subarray(a.start, a.end));
    let at = HEADER + rootDie.length;
    const regionStart: number[] = [at];
    at += u.childrenEnd - u.childrenStart;
    const importOf = (target: number): void => {
      const v = unitAt(target);
      if (v === u) return;
      const ti = v.topOf.get(target);
      if (ti === undefined || ti < 0)
        throw new Error(
          `split DWARF: unit ${name} refers to 0x${target.toString(16)}, not a DIE below a unit DIE`,
        );
      let m = imported.get(v);
      if (m === undefined) {
        m = new Map();
        imported.set(v, m);
      }
      if (m.has(ti)) return;
      const t = v.top[ti]!;
      m.set(ti, regions.length);
      regions.push({ scan: v, top: ti, start: t.start, end: t.end });
      regionStart.push(at);
      at += t.end - t.start;
    };
    for (let r = 0; r < regions.length; r++) {
      const reg = regions[r]!;
      for (const p of reg.scan.patches)
        if ((reg.top === -2 || p.top === reg.top) && p.form !== DW_FORM.sec_offset) importOf(p.value);
    }
    const size = at + 1;
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, size - 4, true);
    view.setUint16(4, 5, true);
    out[6] = DW_UT.split_compile;
    out[7] = 8;
    view.setUint32(8, 0, true);
    out.set(rootDie, HEADER);
    const newOffset = (target: number): number => {
      const v = unitAt(target);
      if (v === u) {
        if (v.topOf.get(target) === -1) return HEADER;
        return regionStart[0]! + (target - u.childrenStart);
      }
      const ri = imported.get(v)!.get(v.topOf.get(target)!)!;
      return regionStart[ri]! + (target - regions[ri]!.start);
    };
    const lists = { rnglists: new Map<number, number>(), loclists: new Map<number, number>() };
    const base = u.rootAttrs.find((a) => a.at === DW_AT.addr_base)?.value;
    const addrx = (i: number): bigint => {
      if (base?.kind !== "secOffset" || addr === undefined || base.value + 8 * i + 8 > addr.length)
        throw new Error(`split DWARF: unit ${name}: address index ${i} with no address table`);
      return new DataView(addr.buffer, addr.byteOffset).getBigUint64(base.value + 8 * i, true);
    };
    const listData = { rnglists: [] as Uint8Array[], loclists: [] as Uint8Array[] };
    const listIndex = (kind: "rnglists" | "loclists", offset: number): number => {
      let i = lists[kind].get(offset);
      if (i === undefined) {
        i = listData[kind].length;
        listData[kind].push(
          kind === "rnglists" ? listBytes(rnglists, kind, offset, 8) : dwoLocList(loclists, offset, addrx),
        );
        lists[kind].set(offset, i);
      }
      return i;
    };
    regions.forEach((reg, ri) => {
      const dst = regionStart[ri]!;
      out.set(info.subarray(reg.start, reg.end), dst);
      for (const p of reg.scan.patches) {
        if (p.pos < reg.start || p.pos >= reg.end) continue;
        const pos = dst + (p.pos - reg.start);
        const form = dwoForm(p.at, p.form);
        if (form === DW_FORM.ref4) view.setUint32(pos, newOffset(p.value), true);
        else if (form === DW_FORM.rnglistx) out.set(paddedUleb128(listIndex("rnglists", p.value), 4), pos);
        else if (form === DW_FORM.loclistx) out.set(paddedUleb128(listIndex("loclists", p.value), 4), pos);
        else
          throw new Error(
            `split DWARF: unit ${name}: attribute 0x${p.at.toString(16)} has a section offset of no known class`,
          );
      }
    });
    out[size - 1] = 0;

    const secs = new Map<string, Uint8Array>();
    secs.set(".debug_abbrev.dwo", new Uint8Array([...dwoAbbrevBase, ...rootAbbrev(rootCode, rootAttrs), 0]));
    secs.set(".debug_info.dwo", out);
    if (listData.loclists.length > 0)
      secs.set(".debug_loclists.dwo", listSection(listData.loclists, 8, true));
    if (listData.rnglists.length > 0)
      secs.set(".debug_rnglists.dwo", listSection(listData.rnglists, 8, true));
    const dwoId = dwoIdOf(file, secs);
    view.setBigUint64(12, dwoId, true);
    dwos.push({ unitName: name, name: file, dwoId, sections: secs });
    skeletons.push({ ...skeletonDie(u, file, rnglists, cuLists), dwoId });
  }

  // The executable's .debug_abbrev: one declaration per distinct skeleton shape.
  const codes = new Map<string, number>();
  const exeAbbrev: number[] = [];
  const exeInfo: number[] = [];
  for (const s of skeletons) {
    const key = s.abbrev.join(",");
    let code = codes.get(key);
    if (code === undefined) {
      code = codes.size + 1;
      codes.set(key, code);
      appendUleb128(exeAbbrev, code);
      exeAbbrev.push(...s.abbrev);
    }
    const die: number[] = [];
    appendUleb128(die, code);
    die.push(...s.die);
    const h = new Uint8Array(HEADER);
    const hv = new DataView(h.buffer);
    hv.setUint32(0, HEADER - 4 + die.length, true);
    hv.setUint16(4, 5, true);
    h[6] = DW_UT.skeleton;
    h[7] = 8;
    hv.setBigUint64(12, s.dwoId, true);
    exeInfo.push(...h, ...die);
  }
  exeAbbrev.push(0);

  const exe = new Map<string, Uint8Array>();
  for (const [n, data] of sections) {
    if (n === ".debug_info") exe.set(n, new Uint8Array(exeInfo));
    else if (n === ".debug_abbrev") exe.set(n, new Uint8Array(exeAbbrev));
    else if (n === ".debug_rnglists") {
      if (cuLists.length > 0) exe.set(n, listSection(cuLists, 8, false));
    } else if (n !== ".debug_loclists") exe.set(n, data);
  }
  return { exe, dwos };
}

function need(sections: ReadonlyMap<string, Uint8Array>, name: string): Uint8Array {
  const s = sections.get(name);
  if (s === undefined) throw new Error(`split DWARF: no ${name} section`);
  return s;
}

function unitName(u: UnitScan): string {
  const a = u.rootAttrs.find((x) => x.at === DW_AT.name);
  return a?.value.kind === "string" ? a.value.value : `unit@0x${u.unit.offset.toString(16)}`;
}

/** The abbrev table of the .dwo files (without its closing 0): every form as the .dwo writes it. */
function dwoAbbrevs(table: AbbrevTable): number[] {
  const out: number[] = [];
  for (const ab of [...table.values()].sort((a, b) => a.code - b.code)) {
    appendUleb128(out, ab.code);
    appendUleb128(out, ab.tag);
    out.push(ab.hasChildren ? 1 : 0);
    for (const s of ab.specs) {
      appendUleb128(out, s.at);
      appendUleb128(out, dwoForm(s.at, s.form));
      if (s.form === DW_FORM.implicit_const) appendSleb128(out, s.implicitConst ?? 0n);
    }
    out.push(0, 0);
  }
  return out;
}

/** The split unit DIE's declaration: DW_TAG_compile_unit with the attributes it keeps. */
function rootAbbrev(code: number, attrs: readonly { at: number; form: number }[]): number[] {
  const out: number[] = [];
  appendUleb128(out, code);
  appendUleb128(out, DW_TAG.compile_unit);
  out.push(1);
  for (const a of attrs) {
    appendUleb128(out, a.at);
    appendUleb128(out, a.form);
  }
  out.push(0, 0);
  return out;
}

/**
 * The skeleton unit DIE (DW_TAG_skeleton_unit, no children): its declaration (without the code)
 * and its attribute bytes. The unit's range list moves to the executable's new .debug_rnglists
 * (appended to `cuLists`; the offset is where it will land after the 12-byte header).
 */
function skeletonDie(
  u: UnitScan,
  dwoName: string,
  rnglists: Uint8Array,
  cuLists: Uint8Array[],
): { abbrev: number[]; die: number[] } {
  const abbrev: number[] = [];
  const die: number[] = [];
  appendUleb128(abbrev, DW_TAG.skeleton_unit);
  abbrev.push(0);
  const add = (at: number, form: number, bytes: ArrayLike<number>): void => {
    appendUleb128(abbrev, at);
    appendUleb128(abbrev, form);
    die.push(...Array.from(bytes));
  };
  const src = u.unit;
  const raw = (a: { start: number; end: number }): Uint8Array => u.info.subarray(a.start, a.end);
  for (const at of [DW_AT.stmt_list, DW_AT.low_pc, DW_AT.high_pc, DW_AT.ranges, DW_AT.comp_dir]) {
    const a = u.rootAttrs.find((x) => x.at === at);
    if (a === undefined) continue;
    if (at === DW_AT.ranges) {
      if (a.value.kind !== "secOffset")
        throw new Error(
          `split DWARF: unit at 0x${src.offset.toString(16)}: DW_AT_ranges is not a section offset`,
        );
      const off = 12 + cuLists.reduce((n, l) => n + l.length, 0);
      cuLists.push(listBytes(rnglists, "rnglists", a.value.value, 8));
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, off, true);
      add(at, DW_FORM.sec_offset, b);
    } else add(at, a.form, raw(a));
  }
  add(DW_AT.dwo_name, DW_FORM.string, [...new TextEncoder().encode(dwoName), 0]);
  const base = u.rootAttrs.find((x) => x.at === DW_AT.addr_base);
  if (base !== undefined) add(DW_AT.addr_base, base.form, raw(base));
  abbrev.push(0, 0);
  return { abbrev, die };
}

/** SHA-256 of the name and sections (id zeroed), first 8 bytes little-endian. */
function dwoIdOf(name: string, secs: ReadonlyMap<string, Uint8Array>): bigint {
  const h = createHash("sha256").update("godwarf dwo_id\0").update(`${name}\0`);
  for (const [n, data] of secs) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(data.length);
    h.update(`${n}\0`).update(len).update(data);
  }
  return h.digest().readBigUInt64LE(0);
}
