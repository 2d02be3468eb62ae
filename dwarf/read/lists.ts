/**
 * Readers for the sections that units point into by offset or by index: .debug_addr,
 * .debug_str_offsets, .debug_rnglists and .debug_loclists (DWARF 5 sections 7.27 to 7.29, each
 * with a header per contribution), and the pre-5 .debug_ranges and .debug_loc (no header).
 *
 * Models debug/dwarf/entry.go ((*Data).debugAddr, (*Data).dwarf5Ranges, (*Data).dwarf2Ranges, the
 * strx/rnglistx resolution in (*buf).entry) and the location-list side that debug/dwarf leaves
 * out, after gimli's read/rnglists.rs and read/loclists.rs. Every list returns both its raw
 * entries (what a dumper prints) and the resolved [begin, end) ranges (what a debugger uses).
 *
 * Go writes ONE header for each of .debug_addr, .debug_rnglists and .debug_loclists and points
 * every unit's base into it (cmd/link/internal/ld/dwarf.go); GCC writes one header per unit. Both
 * shapes read the same here because every lookup is by absolute offset or by base + index.
 */
import { DW_AT, DW_LLE, DW_RLE, lleName, rleName } from "../constants.js";
import { FormatError } from "../errors.js";
import { Cursor, stringAt } from "./cursor.js";
import type { AttrValue, Unit } from "./model.js";
import { findAttr } from "./model.js";
import type { DwarfSectionName, DwarfSections } from "./sections.js";

// ---------------------------------------------------------------------------------------------
// Section headers

/** The common header of a DWARF 5 .debug_addr / .debug_str_offsets / lists contribution. */
export interface ContributionHeader {
  /** Offset of the header (its unit_length field). */
  offset: number;
  /** One past the contribution's last byte. */
  end: number;
  offsetSize: 4 | 8;
  version: number;
  /** Where a unit's *_base attribute points: the first byte after the header. */
  base: number;
}

export interface AddrHeader extends ContributionHeader {
  addressSize: number;
  segmentSelectorSize: number;
}

export type StrOffsetsHeader = ContributionHeader;

export interface ListsHeader extends ContributionHeader {
  addressSize: number;
  segmentSelectorSize: number;
  offsetEntryCount: number;
  /** The offset array, each entry relative to `base`. */
  offsets: number[];
  /** First byte after the offset array, where the lists start. */
  dataOffset: number;
}

function sectionCursor(secs: DwarfSections, name: DwarfSectionName): Cursor {
  const bytes = secs.sections[name] ?? new Uint8Array(0);
  return new Cursor(bytes, `.${name}`, secs.littleEndian);
}

function need(secs: DwarfSections, name: DwarfSectionName, at: number, why: string): Uint8Array {
  const bytes = secs.sections[name];
  if (bytes === undefined) throw new FormatError(`.${name}`, at, `section is missing (needed for ${why})`);
  return bytes;
}

/** Reads the initial length and version shared by every DWARF 5 contribution header. */
function readContribution(c: Cursor): { offset: number; end: number; offsetSize: 4 | 8; version: number } {
  const offset = c.pos;
  const { length, offsetSize } = c.initialLength("contribution length");
  const end = c.pos + length;
  const body = new Cursor(c.bytes, c.section, c.littleEndian, c.pos, end, c.base);
  const version = body.u16("version");
  c.pos = body.pos;
  return { offset, end, offsetSize, version };
}

function checkAddressSize(c: Cursor, size: number, at: number): void {
  if (size !== 1 && size !== 2 && size !== 4 && size !== 8)
    throw c.error(`unsupported address size ${size}`, at);
}

/**
 * Every contribution header of .debug_addr (DWARF 5 section 7.27). A pre-standard GNU split DWARF 4
 * .debug_addr has no headers; this reader rejects it (use {@link readAddrTable} with a count).
 */
export function readAddrHeaders(secs: DwarfSections): AddrHeader[] {
  const c = sectionCursor(secs, "debug_addr");
  const out: AddrHeader[] = [];
  while (!c.atEnd()) {
    const h = readContribution(c);
    const body = c.slice(c.pos, h.end);
    if (h.version !== 5) throw body.error(`unsupported .debug_addr version ${h.version}`, h.offset);
    const asAt = body.pos;
    const addressSize = body.u8("address_size");
    checkAddressSize(body, addressSize, asAt);
    const segmentSelectorSize = body.u8("segment_selector_size");
    out.push({ ...h, base: body.pos, addressSize, segmentSelectorSize });
    c.pos = h.end;
  }
  return out;
}

/** Every contribution header of .debug_str_offsets (DWARF 5 section 7.26). */
export function readStrOffsetsHeaders(secs: DwarfSections): StrOffsetsHeader[] {
  const c = sectionCursor(secs, "debug_str_offsets");
  const out: StrOffsetsHeader[] = [];
  while (!c.atEnd()) {
    const h = readContribution(c);
    const body = c.slice(c.pos, h.end);
    if (h.version !== 5) throw body.error(`unsupported .debug_str_offsets version ${h.version}`, h.offset);
    body.u16("padding");
    out.push({ ...h, base: body.pos });
    c.pos = h.end;
  }
  return out;
}

function readListsHeaders(secs: DwarfSections, name: "debug_rnglists" | "debug_loclists"): ListsHeader[] {
  const c = sectionCursor(secs, name);
  const out: ListsHeader[] = [];
  while (!c.atEnd()) {
    const h = readContribution(c);
    const body = c.slice(c.pos, h.end);
    if (h.version !== 5) throw body.error(`unsupported .${name} version ${h.version}`, h.offset);
    const asAt = body.pos;
    const addressSize = body.u8("address_size");
    checkAddressSize(body, addressSize, asAt);
    const segmentSelectorSize = body.u8("segment_selector_size");
    const countAt = body.pos;
    const offsetEntryCount = body.u32("offset_entry_count");
    const base = body.pos;
    // Checked against the bytes present before anything is allocated.
    if (offsetEntryCount * h.offsetSize > body.remaining) {
      throw body.error(`offset_entry_count ${offsetEntryCount} runs past the contribution`, countAt);
    }
    const offsets = new Array<number>(offsetEntryCount);
    for (let i = 0; i < offsetEntryCount; i++) offsets[i] = body.offset(h.offsetSize, "list offset");
    out.push({
      ...h,
      base,
      addressSize,
      segmentSelectorSize,
      offsetEntryCount,
      offsets,
      dataOffset: body.pos,
    });
    c.pos = h.end;
  }
  return out;
}

/** Every contribution header of .debug_rnglists (DWARF 5 section 7.28). */
export function readRngListsHeaders(secs: DwarfSections): ListsHeader[] {
  return readListsHeaders(secs, "debug_rnglists");
}

/** Every contribution header of .debug_loclists (DWARF 5 section 7.29). */
export function readLocListsHeaders(secs: DwarfSections): ListsHeader[] {
  return readListsHeaders(secs, "debug_loclists");
}

// ---------------------------------------------------------------------------------------------
// Indexed lookups

/** The address at `index` of the .debug_addr table at `base` (debug/dwarf's debugAddr). */
export function readAddr(secs: DwarfSections, base: number, index: number, addressSize: number): bigint {
  const bytes = need(secs, "debug_addr", base, `address index ${index}`);
  const off = base + index * addressSize;
  if (!Number.isSafeInteger(off) || off < 0 || off + addressSize > bytes.length) {
    throw new FormatError(
      ".debug_addr",
      Math.min(Math.max(off, 0), bytes.length),
      `address index ${index} (base 0x${base.toString(16)}) is outside the section (size 0x${bytes.length.toString(16)})`,
    );
  }
  const c = new Cursor(bytes, ".debug_addr", secs.littleEndian, off);
  return c.address(addressSize);
}

/**
 * The addresses of the .debug_addr table that starts at `base`: `count` of them, or, without a
 * count, up to the end of the DWARF 5 contribution holding `base` (the section end when no header
 * holds it, as for GNU split DWARF 4).
 */
export function readAddrTable(
  secs: DwarfSections,
  base: number,
  addressSize: number,
  count?: number,
): bigint[] {
  const bytes = need(secs, "debug_addr", base, "an address table");
  let end = bytes.length;
  if (count === undefined) {
    try {
      for (const h of readAddrHeaders(secs)) if (h.base <= base && base <= h.end) end = h.end;
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
    }
  }
  if (base < 0 || base > end)
    throw new FormatError(
      ".debug_addr",
      Math.min(Math.max(base, 0), bytes.length),
      `address table base 0x${base.toString(16)} is outside the section`,
    );
  const n = count ?? Math.floor((end - base) / addressSize);
  const c = new Cursor(bytes, ".debug_addr", secs.littleEndian, base, end);
  c.need(n * addressSize, "address table");
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = c.address(addressSize);
  return out;
}

/** The .debug_str offset at `index` of the .debug_str_offsets table at `base`. */
export function readStrOffset(secs: DwarfSections, base: number, index: number, offsetSize: 4 | 8): number {
  const bytes = need(secs, "debug_str_offsets", base, `string index ${index}`);
  const off = base + index * offsetSize;
  if (!Number.isSafeInteger(off) || off < 0 || off + offsetSize > bytes.length) {
    throw new FormatError(
      ".debug_str_offsets",
      Math.min(Math.max(off, 0), bytes.length),
      `string index ${index} (base 0x${base.toString(16)}) is outside the section (size 0x${bytes.length.toString(16)})`,
    );
  }
  return new Cursor(bytes, ".debug_str_offsets", secs.littleEndian, off).offset(offsetSize, "string offset");
}

/** The string at `index` of the .debug_str_offsets table at `base`, and its .debug_str offset. */
export function readStrx(
  secs: DwarfSections,
  base: number,
  index: number,
  offsetSize: 4 | 8,
): { value: string; offset: number } {
  const offset = readStrOffset(secs, base, index, offsetSize);
  return { value: stringAt(need(secs, "debug_str", offset, "DW_FORM_strx"), ".debug_str", offset), offset };
}

/**
 * The absolute section offset of list `index` of the rnglists/loclists offset table at `base`
 * (rnglistx/loclistx: base + offsets[index], DWARF 5 section 7.28).
 */
export function listOffsetFromIndex(
  secs: DwarfSections,
  name: "debug_rnglists" | "debug_loclists",
  base: number,
  index: number,
  offsetSize: 4 | 8,
): number {
  const bytes = need(secs, name, base, `list index ${index}`);
  const off = base + index * offsetSize;
  if (!Number.isSafeInteger(off) || off < 0 || off + offsetSize > bytes.length) {
    throw new FormatError(
      `.${name}`,
      Math.min(Math.max(off, 0), bytes.length),
      `list index ${index} (base 0x${base.toString(16)}) is outside the section`,
    );
  }
  const rel = new Cursor(bytes, `.${name}`, secs.littleEndian, off).offset(offsetSize, "list offset");
  return base + rel;
}

// ---------------------------------------------------------------------------------------------
// Lists

/** What resolving a list needs from its unit. */
export interface ListContext {
  version: number;
  addressSize: number;
  offsetSize: 4 | 8;
  /** The unit's base address (DW_AT_low_pc of the unit DIE, else 0). */
  baseAddress: bigint;
  addrBase?: number | undefined;
  rnglistsBase?: number | undefined;
  loclistsBase?: number | undefined;
}

/** One entry as written. `code` is the DW_RLE / DW_LLE kind (undefined in .debug_ranges/.debug_loc). */
export interface ListEntry {
  /** Offset of the entry within its section. */
  offset: number;
  code: number | undefined;
  /** "DW_RLE_offset_pair", ...; for .debug_ranges / .debug_loc: "range", "base_address", "end_of_list". */
  kind: string;
  /** The operands as written (indexes stay indexes). */
  operands: bigint[];
  /** The location expression (location lists). */
  expr?: Uint8Array;
}

/** A resolved half-open address range. */
export interface AddressRange {
  begin: bigint;
  end: bigint;
}

export interface RangeList {
  /** Offset of the list within its section. */
  offset: number;
  /** One past the end_of_list entry. */
  end: number;
  entries: ListEntry[];
  ranges: AddressRange[];
}

export interface Location extends AddressRange {
  expr: Uint8Array;
}

export interface LocList {
  offset: number;
  end: number;
  entries: ListEntry[];
  locations: Location[];
  /** DW_LLE_default_location's expression. */
  defaultLocation?: Uint8Array;
}

/** A list reference as an attribute holds it: an offset (sec_offset) or an index (rnglistx / loclistx). */
export type ListRef =
  | number
  | { kind: "secOffset"; value: number }
  | { kind: "listIndex"; value: number }
  | AttrValue;

/** The {@link ListContext} of a unit read by readInfo. */
export function listContextOf(unit: Unit): ListContext {
  let baseAddress = 0n;
  const low = unit.root === undefined ? undefined : findAttr(unit.root, DW_AT.low_pc)?.value;
  if (low?.kind === "address") baseAddress = low.value;
  return {
    version: unit.version,
    addressSize: unit.addressSize,
    offsetSize: unit.offsetSize,
    baseAddress,
    addrBase: unit.addrBase,
    rnglistsBase: unit.rnglistsBase,
    loclistsBase: unit.loclistsBase,
  };
}

function contextOf(u: Unit | ListContext): ListContext {
  return "baseAddress" in u ? u : listContextOf(u);
}

/** The default base of a lists offset table: just past the first header (LLVM does this for split units). */
function defaultListsBase(offsetSize: 4 | 8): number {
  return offsetSize === 8 ? 20 : 12;
}

function resolveRef(
  secs: DwarfSections,
  name: "debug_rnglists" | "debug_loclists",
  ref: ListRef,
  base: number | undefined,
  offsetSize: 4 | 8,
): number {
  if (typeof ref === "number") return ref;
  if (ref.kind === "secOffset") return ref.value;
  if (ref.kind === "listIndex")
    return listOffsetFromIndex(secs, name, base ?? defaultListsBase(offsetSize), ref.value, offsetSize);
  if (ref.kind === "constant") return Number(ref.value);
  throw new FormatError(`.${name}`, 0, `a ${ref.kind} value is not a list reference`);
}

/**
 * The range list that `ref` (DW_AT_ranges' value) names: in .debug_rnglists for DWARF 5 units, in
 * .debug_ranges before. Models debug/dwarf's (*Data).Ranges.
 */
export function readRngList(secs: DwarfSections, unit: Unit | ListContext, ref: ListRef): RangeList {
  const ctx = contextOf(unit);
  if (ctx.version < 5)
    return readRanges(secs, resolveRef(secs, "debug_rnglists", ref, undefined, ctx.offsetSize), ctx);
  const offset = resolveRef(secs, "debug_rnglists", ref, ctx.rnglistsBase, ctx.offsetSize);
  return readRngListAt(secs, offset, ctx);
}

function addrOf(secs: DwarfSections, ctx: ListContext, index: bigint, section: string, at: number): bigint {
  if (index > BigInt(Number.MAX_SAFE_INTEGER))
    throw new FormatError(section, at, `address index ${index} is too large`);
  if (ctx.addrBase === undefined && secs.sections.debug_addr === undefined) {
    throw new FormatError(section, at, "address index used but there is no .debug_addr section");
  }
  return readAddr(secs, ctx.addrBase ?? (ctx.offsetSize === 8 ? 16 : 8), Number(index), ctx.addressSize);
}

/** One DWARF 5 range-list entry, raw (DWARF 5 section 2.17.3). */
function readRle(c: Cursor, addressSize: number): ListEntry {
  const offset = c.pos;
  const code = c.u8("DW_RLE kind");
  const kind = rleName(code);
  switch (code) {
    case DW_RLE.end_of_list:
      return { offset, code, kind, operands: [] };
    case DW_RLE.base_addressx:
      return { offset, code, kind, operands: [c.ulebBig("address index")] };
    case DW_RLE.startx_endx:
      return { offset, code, kind, operands: [c.ulebBig("start index"), c.ulebBig("end index")] };
    case DW_RLE.startx_length:
      return { offset, code, kind, operands: [c.ulebBig("start index"), c.ulebBig("length")] };
    case DW_RLE.offset_pair:
      return { offset, code, kind, operands: [c.ulebBig("start offset"), c.ulebBig("end offset")] };
    case DW_RLE.base_address:
      return { offset, code, kind, operands: [c.address(addressSize)] };
    case DW_RLE.start_end:
      return { offset, code, kind, operands: [c.address(addressSize), c.address(addressSize)] };
    case DW_RLE.start_length:
      return { offset, code, kind, operands: [c.address(addressSize), c.ulebBig("length")] };
    default:
      throw c.error(`unknown range list entry kind 0x${code.toString(16)}`, offset);
  }
}

/** One DWARF 5 location-list entry, raw (DWARF 5 section 2.6.2), with GCC's DW_LLE_GNU_view_pair. */
function readLle(c: Cursor, addressSize: number): ListEntry {
  const offset = c.pos;
  const code = c.u8("DW_LLE kind");
  const kind = lleName(code);
  let operands: bigint[];
  switch (code) {
    case DW_LLE.end_of_list:
      return { offset, code, kind, operands: [] };
    case DW_LLE.base_addressx:
      return { offset, code, kind, operands: [c.ulebBig("address index")] };
    case DW_LLE.base_address:
      return { offset, code, kind, operands: [c.address(addressSize)] };
    case DW_LLE.GNU_view_pair:
      return { offset, code, kind, operands: [c.ulebBig("begin view"), c.ulebBig("end view")] };
    case DW_LLE.startx_endx:
      operands = [c.ulebBig("start index"), c.ulebBig("end index")];
      break;
    case DW_LLE.startx_length:
      operands = [c.ulebBig("start index"), c.ulebBig("length")];
      break;
    case DW_LLE.offset_pair:
      operands = [c.ulebBig("start offset"), c.ulebBig("end offset")];
      break;
    case DW_LLE.default_location:
      operands = [];
      break;
    case DW_LLE.start_end:
      operands = [c.address(addressSize), c.address(addressSize)];
      break;
    case DW_LLE.start_length:
      operands = [c.address(addressSize), c.ulebBig("length")];
      break;
    default:
      throw c.error(`unknown location list entry kind 0x${code.toString(16)}`, offset);
  }
  const expr = c.bytesN(c.uleb("expression length"), "location expression");
  return { offset, code, kind, operands, expr };
}

/**
 * Resolves DWARF 5 entries (range or location, their codes agree except for the base and
 * default-location kinds) into [begin, end) pairs, tracking the base address.
 */
function resolveV5(
  secs: DwarfSections,
  ctx: ListContext,
  e: ListEntry,
  state: { base: bigint },
  section: string,
  isLoc: boolean,
): AddressRange | undefined {
  const mask = ctx.addressSize * 8;
  const ops = e.operands;
  const code = e.code!;
  const baseAddressx = DW_RLE.base_addressx; // same value in DW_LLE
  const baseAddress = isLoc ? DW_LLE.base_address : DW_RLE.base_address;
  const startEnd = isLoc ? DW_LLE.start_end : DW_RLE.start_end;
  const startLength = isLoc ? DW_LLE.start_length : DW_RLE.start_length;
  if (code === baseAddressx) {
    state.base = addrOf(secs, ctx, ops[0]!, section, e.offset);
    return undefined;
  }
  if (code === baseAddress) {
    state.base = ops[0]!;
    return undefined;
  }
  switch (code) {
    case DW_RLE.startx_endx:
      return {
        begin: addrOf(secs, ctx, ops[0]!, section, e.offset),
        end: addrOf(secs, ctx, ops[1]!, section, e.offset),
      };
    case DW_RLE.startx_length: {
      const begin = addrOf(secs, ctx, ops[0]!, section, e.offset);
      return { begin, end: BigInt.asUintN(mask, begin + ops[1]!) };
    }
    case DW_RLE.offset_pair:
      return {
        begin: BigInt.asUintN(mask, state.base + ops[0]!),
        end: BigInt.asUintN(mask, state.base + ops[1]!),
      };
    case startEnd:
      return { begin: ops[0]!, end: ops[1]! };
    case startLength:
      return { begin: ops[0]!, end: BigInt.asUintN(mask, ops[0]! + ops[1]!) };
    default:
      return undefined;
  }
}

function listCursor(secs: DwarfSections, name: DwarfSectionName, offset: number): Cursor {
  const bytes = need(secs, name, offset, "a list");
  if (offset < 0 || offset >= bytes.length) {
    throw new FormatError(
      `.${name}`,
      Math.min(Math.max(offset, 0), bytes.length),
      `list offset 0x${offset.toString(16)} is outside the section (size 0x${bytes.length.toString(16)})`,
    );
  }
  return new Cursor(bytes, `.${name}`, secs.littleEndian, offset);
}

/** The DWARF 5 range list at an absolute offset of .debug_rnglists. */
export function readRngListAt(secs: DwarfSections, offset: number, ctx: ListContext): RangeList {
  const c = listCursor(secs, "debug_rnglists", offset);
  const entries: ListEntry[] = [];
  const ranges: AddressRange[] = [];
  const state = { base: ctx.baseAddress };
  for (;;) {
    // Each entry reads at least its kind byte; running off the end is a FormatError.
    const e = readRle(c, ctx.addressSize);
    entries.push(e);
    if (e.code === DW_RLE.end_of_list) break;
    const r = resolveV5(secs, ctx, e, state, c.section, false);
    if (r !== undefined) ranges.push(r);
  }
  return { offset, end: c.pos, entries, ranges };
}

/**
 * The location list that `ref` (DW_AT_location's loclistx / sec_offset value) names: in
 * .debug_loclists for DWARF 5 units, in .debug_loc before.
 */
export function readLocList(secs: DwarfSections, unit: Unit | ListContext, ref: ListRef): LocList {
  const ctx = contextOf(unit);
  if (ctx.version < 5)
    return readLoc(secs, resolveRef(secs, "debug_loclists", ref, undefined, ctx.offsetSize), ctx);
  const offset = resolveRef(secs, "debug_loclists", ref, ctx.loclistsBase, ctx.offsetSize);
  return readLocListAt(secs, offset, ctx);
}

/** The DWARF 5 location list at an absolute offset of .debug_loclists. */
export function readLocListAt(secs: DwarfSections, offset: number, ctx: ListContext): LocList {
  const c = listCursor(secs, "debug_loclists", offset);
  const entries: ListEntry[] = [];
  const locations: Location[] = [];
  const state = { base: ctx.baseAddress };
  let defaultLocation: Uint8Array | undefined;
  for (;;) {
    const e = readLle(c, ctx.addressSize);
    entries.push(e);
    if (e.code === DW_LLE.end_of_list) break;
    if (e.code === DW_LLE.default_location) {
      defaultLocation = e.expr!;
      continue;
    }
    const r = resolveV5(secs, ctx, e, state, c.section, true);
    // Fields copied by name: a spread of this object was most of the time of reading a list.
    if (r !== undefined) locations.push({ begin: r.begin, end: r.end, expr: e.expr! });
  }
  const out: LocList = { offset, end: c.pos, entries, locations };
  if (defaultLocation !== undefined) out.defaultLocation = defaultLocation;
  return out;
}

/**
 * Reads the (begin, end) address pair that opens a .debug_ranges / .debug_loc entry and classifies
 * it: (0, 0) ends the list, (max, x) selects base address x (DWARF 4 section 2.17.3).
 */
function readPair(
  c: Cursor,
  addressSize: number,
): { offset: number; begin: bigint; end: bigint; kind: "end_of_list" | "base_address" | "range" } {
  const offset = c.pos;
  const begin = c.address(addressSize, "range begin");
  const end = c.address(addressSize, "range end");
  const max = (1n << BigInt(addressSize * 8)) - 1n;
  const kind = begin === 0n && end === 0n ? "end_of_list" : begin === max ? "base_address" : "range";
  return { offset, begin, end, kind };
}

/** The pre-DWARF 5 range list at `offset` of .debug_ranges (debug/dwarf's dwarf2Ranges). */
export function readRanges(secs: DwarfSections, offset: number, ctx: ListContext): RangeList {
  const c = listCursor(secs, "debug_ranges", offset);
  const mask = ctx.addressSize * 8;
  const entries: ListEntry[] = [];
  const ranges: AddressRange[] = [];
  let base = ctx.baseAddress;
  for (;;) {
    const p = readPair(c, ctx.addressSize);
    if (p.kind === "base_address") {
      entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [p.end] });
      base = p.end;
      continue;
    }
    entries.push({
      offset: p.offset,
      code: undefined,
      kind: p.kind,
      operands: p.kind === "end_of_list" ? [] : [p.begin, p.end],
    });
    if (p.kind === "end_of_list") break;
    ranges.push({ begin: BigInt.asUintN(mask, base + p.begin), end: BigInt.asUintN(mask, base + p.end) });
  }
  return { offset, end: c.pos, entries, ranges };
}

/** The pre-DWARF 5 location list at `offset` of .debug_loc. */
export function readLoc(secs: DwarfSections, offset: number, ctx: ListContext): LocList {
  const c = listCursor(secs, "debug_loc", offset);
  const mask = ctx.addressSize * 8;
  const entries: ListEntry[] = [];
  const locations: Location[] = [];
  let base = ctx.baseAddress;
  for (;;) {
    const p = readPair(c, ctx.addressSize);
    if (p.kind === "base_address") {
      entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [p.end] });
      base = p.end;
      continue;
    }
    if (p.kind === "end_of_list") {
      entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [] });
      break;
    }
    const expr = c.bytesN(c.u16("expression length"), "location expression");
    entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [p.begin, p.end], expr });
    locations.push({
      begin: BigInt.asUintN(mask, base + p.begin),
      end: BigInt.asUintN(mask, base + p.end),
      expr,
    });
  }
  return { offset, end: c.pos, entries, locations };
}

// ---------------------------------------------------------------------------------------------
// Whole-section walks, for dumpers

/** A list as written, without resolution (the base address is a property of the referring unit). */
export interface RawList {
  offset: number;
  end: number;
  entries: ListEntry[];
}

function rawListsV5(
  secs: DwarfSections,
  name: "debug_rnglists" | "debug_loclists",
  h: ListsHeader,
): RawList[] {
  const bytes = secs.sections[name] ?? new Uint8Array(0);
  const c = new Cursor(bytes, `.${name}`, secs.littleEndian, h.dataOffset, h.end);
  const out: RawList[] = [];
  while (!c.atEnd()) {
    const offset = c.pos;
    const entries: ListEntry[] = [];
    for (;;) {
      const e = name === "debug_rnglists" ? readRle(c, h.addressSize) : readLle(c, h.addressSize);
      entries.push(e);
      if (e.code === 0) break;
    }
    out.push({ offset, end: c.pos, entries });
  }
  return out;
}

/** Every list of one .debug_rnglists contribution, in section order. */
export function readRawRngLists(secs: DwarfSections, header: ListsHeader): RawList[] {
  return rawListsV5(secs, "debug_rnglists", header);
}

/** Every list of one .debug_loclists contribution, in section order. */
export function readRawLocLists(secs: DwarfSections, header: ListsHeader): RawList[] {
  return rawListsV5(secs, "debug_loclists", header);
}

function rawListsV4(secs: DwarfSections, name: "debug_ranges" | "debug_loc", addressSize: number): RawList[] {
  const bytes = secs.sections[name] ?? new Uint8Array(0);
  const c = new Cursor(bytes, `.${name}`, secs.littleEndian);
  const out: RawList[] = [];
  while (!c.atEnd()) {
    const offset = c.pos;
    const entries: ListEntry[] = [];
    for (;;) {
      const p = readPair(c, addressSize);
      if (p.kind === "end_of_list") {
        entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [] });
        break;
      }
      if (p.kind === "base_address") {
        entries.push({ offset: p.offset, code: undefined, kind: p.kind, operands: [p.end] });
        continue;
      }
      const e: ListEntry = { offset: p.offset, code: undefined, kind: p.kind, operands: [p.begin, p.end] };
      if (name === "debug_loc") e.expr = c.bytesN(c.u16("expression length"), "location expression");
      entries.push(e);
    }
    out.push({ offset, end: c.pos, entries });
  }
  return out;
}

/** Every list of .debug_ranges, in section order. */
export function readRawRanges(secs: DwarfSections, addressSize = secs.addressSize): RawList[] {
  return rawListsV4(secs, "debug_ranges", addressSize);
}

/** Every list of .debug_loc, in section order. */
export function readRawLoc(secs: DwarfSections, addressSize = secs.addressSize): RawList[] {
  return rawListsV4(secs, "debug_loc", addressSize);
}
