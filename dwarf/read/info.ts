/**
 * The .debug_info (and .debug_types) reader: unit headers of DWARF 2 to 5, 32- and 64-bit, and
 * each unit's DIE tree. Models debug/dwarf/unit.go ((*Data).parseUnits,
 * collectDwarf5BaseOffsets) and debug/dwarf/entry.go ((*buf).entry, (*Reader).Next), building the
 * whole tree as model.ts describes it.
 *
 * Indexed forms are resolved while reading. Their bases live in the unit DIE itself, possibly after
 * the attributes that use them, so the unit DIE is read first with the indexed values left pending
 * and patched once its bases are known (debug/dwarf reads the unit DIE twice for the same reason).
 */
import { DW_AT, DW_FORM, DW_UT } from "../constants.js";
import { FormatError } from "../errors.js";
import type { AbbrevTable } from "./abbrev.js";
import { readAbbrevTable } from "./abbrev.js";
import { Cursor, stringAt } from "./cursor.js";
import type { FormContext } from "./forms.js";
import { readAttrValue, readFormValue } from "./forms.js";
import { readAddr, readStrx } from "./lists.js";
import type { Attr, AttrValue, Die, Unit } from "./model.js";
import type { DwarfSections } from "./sections.js";

export interface ReadInfoOptions {
  /** Also read the DWARF 4 .debug_types units, after the .debug_info ones (default true). */
  types?: boolean;
  /** Shared abbrev-table cache keyed by .debug_abbrev offset (one is made per call otherwise). */
  abbrevCache?: Map<number, AbbrevTable>;
  /** Read only the unit headers and the unit DIE (no children): fast for big binaries. */
  unitDieOnly?: boolean;
  /**
   * Bases for split units read from a .dwo, where they come from the skeleton (DW_AT_addr_base of
   * the skeleton unit). Used when the unit DIE does not give its own.
   */
  addrBase?: number;
  /**
   * What to do with an address index that cannot be resolved (no .debug_addr, as when dumping a
   * lone .dwo): "error" (default) throws a FormatError; "zero" yields address 0 with the index kept.
   */
  unresolvedAddress?: "error" | "zero";
  /**
   * Called with each DIE as it is read, in section order (a parent before its children), with its
   * depth below the unit DIE; the tree is then not built (unit.root is the unit DIE without
   * children), so a printer holds one DIE at a time rather than a unit's tree.
   */
  onDie?: (unit: Unit, die: Die, depth: number) => void;
}

/** Unit header only (root undefined); the DIE bytes are [dieOffset, end). */
export type UnitHeader = Unit;

/** Every unit of .debug_info, then of .debug_types, with their DIE trees. */
export function readInfo(secs: DwarfSections, opts: ReadInfoOptions = {}): Unit[] {
  const out: Unit[] = [];
  forEachUnit(secs, (u) => out.push(u), opts);
  return out;
}

/**
 * Calls `fn` with each unit in turn, its tree built, so a caller that does not keep the units
 * holds one unit's DIEs at a time (cmd/go has about a million DIEs).
 */
export function forEachUnit(secs: DwarfSections, fn: (unit: Unit) => void, opts: ReadInfoOptions = {}): void {
  for (const u of units(secs, opts)) fn(u);
}

/** A generator over the units, each with its DIE tree, in section order. */
export function* units(secs: DwarfSections, opts: ReadInfoOptions = {}): Generator<Unit> {
  const cache = opts.abbrevCache ?? new Map<number, AbbrevTable>();
  const sections: ("debug_info" | "debug_types")[] = ["debug_info"];
  if (opts.types !== false && secs.sections.debug_types !== undefined) sections.push("debug_types");
  for (const name of sections) {
    const bytes = secs.sections[name];
    if (bytes === undefined) continue;
    const c = new Cursor(bytes, `.${name}`, secs.littleEndian);
    while (!c.atEnd()) {
      const h = readUnitHeader(c, name === "debug_types");
      // A zero-length unit is padding (debug/dwarf skips it too).
      if (h === undefined) continue;
      if (name === "debug_types") h.section = ".debug_types";
      const abbrevs = abbrevTableFor(secs, cache, h);
      readUnitDies(secs, bytes, `.${name}`, h, abbrevs, opts);
      yield h;
    }
  }
}

/**
 * The .debug_info unit whose header is at `offset`, with its DIE tree (or only its unit DIE with
 * `unitDieOnly`): for readers that seek (debug/dwarf's (*Reader).Seek) instead of walking.
 */
export function readUnitAt(
  secs: DwarfSections,
  offset: number,
  opts: ReadInfoOptions = {},
): Unit | undefined {
  const bytes = secs.sections.debug_info;
  if (bytes === undefined) return undefined;
  const c = new Cursor(bytes, ".debug_info", secs.littleEndian, offset);
  const h = readUnitHeader(c);
  if (h === undefined) return undefined;
  readUnitDies(secs, bytes, ".debug_info", h, abbrevTableFor(secs, opts.abbrevCache ?? new Map(), h), opts);
  return h;
}

/** Only the unit headers of .debug_info (and .debug_types), without reading any DIE. */
export function readUnitHeaders(
  secs: DwarfSections,
  opts: Pick<ReadInfoOptions, "types"> = {},
): UnitHeader[] {
  const out: UnitHeader[] = [];
  const sections: ("debug_info" | "debug_types")[] = ["debug_info"];
  if (opts.types !== false && secs.sections.debug_types !== undefined) sections.push("debug_types");
  for (const name of sections) {
    const bytes = secs.sections[name];
    if (bytes === undefined) continue;
    const c = new Cursor(bytes, `.${name}`, secs.littleEndian);
    while (!c.atEnd()) {
      const h = readUnitHeader(c, name === "debug_types");
      if (h !== undefined) out.push(h);
    }
  }
  return out;
}

function abbrevTableFor(secs: DwarfSections, cache: Map<number, AbbrevTable>, h: Unit): AbbrevTable {
  let t = cache.get(h.abbrevOffset);
  if (t === undefined) {
    const abbrev = secs.sections.debug_abbrev;
    if (abbrev === undefined) throw new FormatError(".debug_abbrev", h.abbrevOffset, "section is missing");
    t = readAbbrevTable(abbrev, h.abbrevOffset);
    cache.set(h.abbrevOffset, t);
  }
  return t;
}

/**
 * Reads one unit header at the cursor and leaves the cursor at the next unit. Returns undefined
 * for a zero-length unit. Models the header half of debug/dwarf's parseUnits.
 */
export function readUnitHeader(c: Cursor, isTypes = false): Unit | undefined {
  const offset = c.pos;
  const { length, offsetSize } = c.initialLength("unit length");
  const end = c.pos + length;
  if (length === 0) return undefined;
  const h = new Cursor(c.bytes, c.section, c.littleEndian, c.pos, end, c.base);
  c.pos = end;
  const versionAt = h.pos;
  const version = h.u16("unit version");
  if (version < 2 || version > 5) throw h.error(`unsupported DWARF version ${version}`, versionAt);
  let unitType: number = isTypes ? DW_UT.type : DW_UT.compile;
  let addressSize: number;
  let abbrevOffset: number;
  let asAt: number;
  if (version >= 5) {
    const utAt = h.pos;
    unitType = h.u8("unit type");
    if (unitType < DW_UT.compile || unitType > DW_UT.split_type)
      throw h.error(`unknown unit type 0x${unitType.toString(16)}`, utAt);
    asAt = h.pos;
    addressSize = h.u8("address size");
    abbrevOffset = h.offset(offsetSize, "abbrev offset");
  } else {
    abbrevOffset = h.offset(offsetSize, "abbrev offset");
    asAt = h.pos;
    addressSize = h.u8("address size");
  }
  if (addressSize !== 1 && addressSize !== 2 && addressSize !== 4 && addressSize !== 8) {
    throw h.error(`unsupported address size ${addressSize}`, asAt);
  }
  const unit: Unit = {
    offset,
    end,
    offsetSize,
    version,
    unitType,
    addressSize,
    abbrevOffset,
    dieOffset: 0,
    root: undefined,
  };
  if (version >= 5 && (unitType === DW_UT.skeleton || unitType === DW_UT.split_compile)) {
    unit.dwoId = h.u64("dwo id");
  } else if ((version >= 5 && (unitType === DW_UT.type || unitType === DW_UT.split_type)) || isTypes) {
    unit.typeSignature = h.u64("type signature");
    const toAt = h.pos;
    unit.typeOffset = h.offset(offsetSize, "type offset");
    if (unit.typeOffset >= end - offset)
      throw h.error(`type offset 0x${unit.typeOffset.toString(16)} is outside the unit`, toAt);
  }
  unit.dieOffset = h.pos;
  return unit;
}

/** A pending indexed value of the unit DIE, patched once the bases are known. */
interface Pending {
  attr: Attr;
  index: number;
  at: number;
}

/** Reads the DIE tree of `unit` (whose header was read) into unit.root; iterative, so depth is no risk. */
function readUnitDies(
  secs: DwarfSections,
  bytes: Uint8Array,
  section: string,
  unit: Unit,
  abbrevs: AbbrevTable,
  opts: ReadInfoOptions,
): void {
  const cur = new Cursor(bytes, section, secs.littleEndian, unit.dieOffset, unit.end);
  const str = secs.sections.debug_str;
  const lineStr = secs.sections.debug_line_str;
  const pendingAddr: Pending[] = [];
  const pendingStr: Pending[] = [];
  let rootDone = false;
  const bases = { addr: opts.addrBase, strOffsets: undefined as number | undefined };
  const zeroUnresolved = opts.unresolvedAddress === "zero";
  const onDie = opts.onDie;

  const ctx: FormContext = {
    version: unit.version,
    offsetSize: unit.offsetSize,
    addressSize: unit.addressSize,
    unitOffset: unit.offset,
    unitEnd: unit.end,
    infoSize: secs.sections.debug_info?.length ?? 0,
    addrx(index, at) {
      if (!rootDone) return 0n;
      return resolveAddr(index, at);
    },
    strx(index, at) {
      if (!rootDone) return { value: "", offset: 0 };
      return resolveStr(index, at);
    },
    strp(offset, at) {
      if (str === undefined) throw cur.error("DW_FORM_strp with no .debug_str section", at);
      return stringAt(str, ".debug_str", offset);
    },
    lineStrp(offset, at) {
      if (lineStr === undefined) throw cur.error("DW_FORM_line_strp with no .debug_line_str section", at);
      return stringAt(lineStr, ".debug_line_str", offset);
    },
  };

  function resolveAddr(index: number, at: number): bigint {
    if (secs.sections.debug_addr === undefined) {
      if (zeroUnresolved) return 0n;
      throw cur.error(`address index ${index} but there is no .debug_addr section`, at);
    }
    // DWARF 5 without DW_AT_addr_base: just past the first header, as llvm does for split units.
    const base = bases.addr ?? (unit.version >= 5 ? (unit.offsetSize === 8 ? 16 : 8) : 0);
    return readAddr(secs, base, index, unit.addressSize);
  }

  function resolveStr(index: number, at: number): { value: string; offset: number } {
    if (secs.sections.debug_str_offsets === undefined)
      throw cur.error(`string index ${index} but there is no .debug_str_offsets section`, at);
    // DWARF 5 without DW_AT_str_offsets_base: just past the first header (llvm, gimli); GNU split
    // DWARF 4 .dwo files have no header, so 0.
    const base = bases.strOffsets ?? (unit.version >= 5 ? (unit.offsetSize === 8 ? 16 : 8) : 0);
    return readStrx(secs, base, index, unit.offsetSize);
  }

  // The parent chain of the DIE being read; children are appended to the top.
  const stack: Die[] = [];
  while (!cur.atEnd()) {
    const dieOffset = cur.pos;
    const code = cur.uleb("abbrev code");
    if (code === 0) {
      if (stack.length === 0) {
        // Zero padding after a finished tree is tolerated; a null entry before any DIE is not a tree.
        if (unit.root !== undefined) continue;
        throw cur.error("null entry where the unit DIE should be", dieOffset);
      }
      stack.pop();
      continue;
    }
    if (unit.root !== undefined && stack.length === 0) {
      throw cur.error("DIE after the end of the unit DIE's tree", dieOffset);
    }
    const abbrev = abbrevs.get(code);
    if (abbrev === undefined)
      throw cur.error(
        `unknown abbrev code ${code} (abbrev table at 0x${unit.abbrevOffset.toString(16)})`,
        dieOffset,
      );
    const specs = abbrev.specs;
    const attrs: Attr[] = new Array(specs.length);
    for (let i = 0; i < specs.length; i++) {
      const at = cur.pos;
      const spec = specs[i]!;
      // The common case skips readAttrValue's wrapper object: this loop runs once per attribute.
      let attr: Attr;
      if (spec.form === DW_FORM.indirect || spec.form === DW_FORM.implicit_const) {
        // Named fields, not a spread: spreads are slow where this loop runs (GCC's implicit_const).
        const r = readAttrValue(cur, spec, ctx);
        attr = { at: spec.at, form: r.form, value: r.value };
      } else attr = { at: spec.at, form: spec.form, value: readFormValue(cur, spec.form, ctx) };
      const value = attr.value;
      attrs[i] = attr;
      if (!rootDone) {
        if (value.kind === "address" && value.index !== undefined)
          pendingAddr.push({ attr, index: value.index, at });
        else if (value.kind === "string" && value.index !== undefined)
          pendingStr.push({ attr, index: value.index, at });
      }
    }
    const die: Die = {
      offset: dieOffset,
      code,
      tag: abbrev.tag,
      hasChildren: abbrev.hasChildren,
      attrs,
      children: [],
    };
    if (unit.root === undefined) {
      unit.root = die;
      takeBases(unit, die, bases);
      rootDone = true;
      patchPending(pendingAddr, pendingStr, resolveAddr, resolveStr, unit.addressSize);
      if (opts.unitDieOnly) return;
      onDie?.(unit, die, 0);
      if (abbrev.hasChildren) stack.push(die);
      continue;
    }
    if (onDie === undefined) stack[stack.length - 1]!.children.push(die);
    else onDie(unit, die, stack.length);
    if (abbrev.hasChildren) stack.push(die);
  }
  if (stack.length > 0) {
    throw cur.error(
      `DIE tree does not close: ${stack.length} open DIE(s) at the end of the unit (innermost at 0x${stack[stack.length - 1]!.offset.toString(16)})`,
      unit.end,
    );
  }
}

/** Takes the unit's bases and split-DWARF id from its DIE (debug/dwarf's collectDwarf5BaseOffsets). */
function takeBases(
  unit: Unit,
  die: Die,
  bases: { addr: number | undefined; strOffsets: number | undefined },
): void {
  for (const a of die.attrs) {
    const n = offsetValue(a.value);
    switch (a.at) {
      case DW_AT.addr_base:
      case DW_AT.GNU_addr_base:
        if (n !== undefined) {
          unit.addrBase = n;
          bases.addr = n;
        }
        break;
      case DW_AT.str_offsets_base:
        if (n !== undefined) {
          unit.strOffsetsBase = n;
          bases.strOffsets = n;
        }
        break;
      case DW_AT.rnglists_base:
        if (n !== undefined) unit.rnglistsBase = n;
        break;
      case DW_AT.loclists_base:
        if (n !== undefined) unit.loclistsBase = n;
        break;
      case DW_AT.GNU_dwo_id:
        if (unit.dwoId === undefined && a.value.kind === "constant")
          unit.dwoId = BigInt.asUintN(64, a.value.value);
        break;
    }
  }
}

function offsetValue(v: AttrValue): number | undefined {
  if (v.kind === "secOffset") return v.value;
  if (v.kind === "constant" && v.value >= 0n && v.value <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(v.value);
  return undefined;
}

function patchPending(
  pendingAddr: Pending[],
  pendingStr: Pending[],
  resolveAddr: (index: number, at: number) => bigint,
  resolveStr: (index: number, at: number) => { value: string; offset: number },
  addressSize: number,
): void {
  for (const p of pendingAddr) {
    let value = resolveAddr(p.index, p.at);
    // LLVM_addrx_offset adds its offset to the indexed address; it was read as 0 + offset.
    if (p.attr.form === DW_FORM.LLVM_addrx_offset && p.attr.value.kind === "address") {
      value = BigInt.asUintN(addressSize * 8, value + p.attr.value.value);
    }
    p.attr.value = { kind: "address", value, index: p.index };
  }
  for (const p of pendingStr) {
    const s = resolveStr(p.index, p.at);
    p.attr.value = { kind: "string", value: s.value, offset: s.offset, index: p.index };
  }
}

/** One entry of a DIE sequence read by {@link readDieSequence}: a DIE, or a null entry. */
export interface DieEntry {
  /** Offset of the entry's abbrev code. */
  offset: number;
  /** One past the entry's last byte. */
  end: number;
  /** Nesting depth: 0 for a top-level DIE; a null entry has the depth of the siblings it ends. */
  depth: number;
  /** The DIE, or undefined for a null entry (the end of a sibling chain). */
  die: Die | undefined;
  /** Where each attribute's value starts; it ends where the next one starts, or at `end`. */
  attrOffsets: number[];
}

/**
 * Reads DIEs from the cursor to its end with no unit header in front: a compiler's DIE fragment
 * (cmd/internal/obj's SDWARFFCN, SDWARFABSFCN, SDWARFVAR and SDWARFCONST symbols hold DIEs that
 * the linker later places inside a unit). Returns the top-level DIEs with their subtrees, and every
 * entry in byte order with its offsets, for dumpers that show which bytes are which. Indexed and
 * string-section forms resolve through `ctx`; a null entry with no open DIE, or a DIE left open at
 * the end, is a FormatError.
 */
export function readDieSequence(
  c: Cursor,
  abbrevs: AbbrevTable,
  ctx: FormContext,
): { dies: Die[]; entries: DieEntry[] } {
  const dies: Die[] = [];
  const entries: DieEntry[] = [];
  const stack: Die[] = [];
  while (!c.atEnd()) {
    const offset = c.pos;
    const code = c.uleb("abbrev code");
    if (code === 0) {
      if (stack.length === 0) throw c.error("null entry with no open DIE", offset);
      entries.push({ offset, end: c.pos, depth: stack.length, die: undefined, attrOffsets: [] });
      stack.pop();
      continue;
    }
    const abbrev = abbrevs.get(code);
    if (abbrev === undefined) throw c.error(`unknown abbrev code ${code}`, offset);
    const attrOffsets: number[] = [];
    const attrs: Attr[] = abbrev.specs.map((spec) => {
      attrOffsets.push(c.pos);
      const r = readAttrValue(c, spec, ctx);
      return { at: spec.at, form: r.form, value: r.value };
    });
    const die: Die = { offset, code, tag: abbrev.tag, hasChildren: abbrev.hasChildren, attrs, children: [] };
    entries.push({ offset, end: c.pos, depth: stack.length, die, attrOffsets });
    const parent = stack[stack.length - 1];
    if (parent === undefined) dies.push(die);
    else parent.children.push(die);
    if (abbrev.hasChildren) stack.push(die);
  }
  if (stack.length > 0) {
    throw c.error(
      `DIE tree does not close: ${stack.length} open DIE(s) at the end (innermost at 0x${stack[stack.length - 1]!.offset.toString(16)})`,
      c.end,
    );
  }
  return { dies, entries };
}
