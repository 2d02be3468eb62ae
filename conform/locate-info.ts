/**
 * What is at a byte of .debug_info: the unit, the DIE path from the unit DIE down, and the
 * attribute (or abbrev code, or unit header field) holding the byte, with its decoded value.
 *
 * The unit header comes from dwarf/read's readUnitHeader, abbreviations from readAbbrevTable and
 * every value from readAttrValue. The walk over the DIEs is done here, not with readInfo or
 * readDieSequence, because those build a whole unit or nothing: here the walk must stop at the
 * byte, remember where each attribute starts, and keep what it found when a later byte is corrupt.
 */
import { attrName, DW_AT, formName, tagName } from "../dwarf/constants.js";
import { readAbbrevTable } from "../dwarf/read/abbrev.js";
import type { Abbrev, AbbrevTable } from "../dwarf/read/abbrev.js";
import { Cursor, stringAt } from "../dwarf/read/cursor.js";
import { type FormContext, readAttrValue } from "../dwarf/read/forms.js";
import { readUnitHeader } from "../dwarf/read/info.js";
import { readAddr, readStrx } from "../dwarf/read/lists.js";
import type { Attr, Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { attrExprText, attrValueText, unitEncoding } from "../cli/format/info.js";
import { hex } from "../cli/format/json.js";
import {
  type DiffSide,
  type Field,
  findField,
  initialLengthSize,
  locateSafely,
  type SideBuilder,
} from "./side.js";

const SECTION = ".debug_info";

export function locateInfo(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const bytes = secs.sections.debug_info;
    if (bytes === undefined) return b.fail("no .debug_info section");
    const c = new Cursor(bytes, SECTION, secs.littleEndian);
    while (!c.atEnd()) {
      const at = c.pos;
      let unit: Unit | undefined;
      try {
        unit = readUnitHeader(c);
      } catch (e) {
        if (offset >= at) b.step("unit", at, `unit (${hex(at)})`);
        throw e;
      }
      if (unit === undefined) {
        // A zero-length unit: four bytes of padding.
        if (offset < c.pos) {
          b.step("unit", at, `empty unit (${hex(at)})`);
          b.step("field", at, "unit header: unit_length");
          return b.done("0");
        }
        continue;
      }
      if (offset < unit.end) return locateInUnit(secs, bytes, unit, offset, b);
    }
    return b.fail(`offset ${hex(offset)} is past the last unit (the section has ${hex(bytes.length)} bytes)`);
  });
}

/** The header fields of a unit, in order (DWARF 5 section 7.5.1; DWARF 4 section 7.5.1.1). */
function unitHeaderFields(u: Unit): Field[] {
  const f = (name: string, size: number, value: number | bigint): Field => ({
    name,
    size,
    value: typeof value === "bigint" ? hex(value) : `${value}`,
  });
  const lengthSize = initialLengthSize(u.offsetSize);
  const out: Field[] = [
    f("unit_length", lengthSize, BigInt(u.end - u.offset - lengthSize)),
    f("version", 2, u.version),
  ];
  if (u.version >= 5) {
    out.push(f("unit_type", 1, u.unitType), f("address_size", 1, u.addressSize));
    out.push(f("debug_abbrev_offset", u.offsetSize, u.abbrevOffset));
  } else {
    out.push(f("debug_abbrev_offset", u.offsetSize, u.abbrevOffset), f("address_size", 1, u.addressSize));
  }
  if (u.dwoId !== undefined && u.version >= 5) out.push(f("dwo_id", 8, u.dwoId));
  if (u.typeSignature !== undefined) {
    out.push(f("type_signature", 8, u.typeSignature), f("type_offset", u.offsetSize, u.typeOffset ?? 0));
  }
  return out;
}

/** Why an indexed value could not be resolved, for the attribute being read. */
interface Resolution {
  problem: string | undefined;
}

/**
 * The FormContext of a unit, resolving indexed and string-section forms as readInfo does. With
 * `resolve` false every indexed value is a placeholder (the pass that finds the unit DIE's bases).
 * A value that cannot be resolved (its section differs, or is missing) reads as 0 / "" and is noted
 * in `res` rather than thrown: it must not stop the walk to the byte.
 */
function unitContext(
  secs: DwarfSections,
  unit: Unit,
  bases: { addr?: number; strOffsets?: number },
  resolve: boolean,
  res: Resolution,
): FormContext {
  const tolerate = <T>(fallback: T, f: () => T): T => {
    if (!resolve) return fallback;
    try {
      return f();
    } catch (e) {
      res.problem = e instanceof Error ? e.message : String(e);
      return fallback;
    }
  };
  const defaultBase = unit.version >= 5 ? (unit.offsetSize === 8 ? 16 : 8) : 0;
  return {
    version: unit.version,
    offsetSize: unit.offsetSize,
    addressSize: unit.addressSize,
    unitOffset: unit.offset,
    unitEnd: unit.end,
    infoSize: secs.sections.debug_info?.length ?? 0,
    addrx: (index) => tolerate(0n, () => readAddr(secs, bases.addr ?? defaultBase, index, unit.addressSize)),
    strx: (index) =>
      tolerate({ value: "", offset: 0 }, () =>
        readStrx(secs, bases.strOffsets ?? defaultBase, index, unit.offsetSize),
      ),
    strp: (off) =>
      tolerate("", () => {
        const s = secs.sections.debug_str;
        if (s === undefined) throw new Error("no .debug_str section");
        return stringAt(s, ".debug_str", off);
      }),
    lineStrp: (off) =>
      tolerate("", () => {
        const s = secs.sections.debug_line_str;
        if (s === undefined) throw new Error("no .debug_line_str section");
        return stringAt(s, ".debug_line_str", off);
      }),
  };
}

/** One DIE as read: its attributes with where each starts, up to the first that failed. */
interface ReadDie {
  offset: number;
  code: number;
  abbrev: Abbrev | undefined;
  /** Offset one past the abbrev code. */
  codeEnd: number;
  attrs: { attr: Attr; start: number; end: number; problem: string | undefined }[];
  /** Offset one past the DIE, when every attribute was read. */
  end?: number;
  /** Where and why reading stopped. */
  error?: { at: number; message: string };
}

function readDie(cur: Cursor, abbrevs: AbbrevTable, ctx: FormContext, res: Resolution): ReadDie {
  const offset = cur.pos;
  const code = cur.uleb("abbrev code");
  const d: ReadDie = { offset, code, abbrev: undefined, codeEnd: cur.pos, attrs: [] };
  if (code === 0) {
    d.end = cur.pos;
    return d;
  }
  d.abbrev = abbrevs.get(code);
  if (d.abbrev === undefined) {
    d.error = { at: offset, message: `${SECTION}+${hex(offset)}: unknown abbrev code ${code}` };
    return d;
  }
  for (const spec of d.abbrev.specs) {
    const start = cur.pos;
    res.problem = undefined;
    try {
      const v = readAttrValue(cur, spec, ctx);
      d.attrs.push({ attr: { at: spec.at, ...v }, start, end: cur.pos, problem: res.problem });
    } catch (e) {
      d.error = { at: start, message: e instanceof Error ? e.message : String(e) };
      return d;
    }
  }
  d.end = cur.pos;
  return d;
}

function dieLabel(d: ReadDie): string {
  if (d.abbrev === undefined) return `DIE with abbrev code ${d.code}`;
  const name = d.attrs.find((a) => a.attr.at === DW_AT.name)?.attr.value;
  return `${tagName(d.abbrev.tag)}${name?.kind === "string" ? ` ${JSON.stringify(name.value)}` : ""}`;
}

function locateInUnit(
  secs: DwarfSections,
  bytes: Uint8Array,
  unit: Unit,
  offset: number,
  b: SideBuilder,
): DiffSide {
  const res: Resolution = { problem: undefined };
  const abbrevBytes = secs.sections.debug_abbrev;
  let abbrevs: AbbrevTable | undefined;
  let abbrevError: string | undefined;
  try {
    if (abbrevBytes === undefined) throw new Error("no .debug_abbrev section");
    abbrevs = readAbbrevTable(abbrevBytes, unit.abbrevOffset);
  } catch (e) {
    abbrevError = e instanceof Error ? e.message : String(e);
  }

  // Bases first (they may follow the attributes that use them), then the unit DIE for its name.
  const bases: { addr?: number; strOffsets?: number } = {};
  let unitName: string | undefined;
  if (abbrevs !== undefined) {
    const root = readDie(
      new Cursor(bytes, SECTION, secs.littleEndian, unit.dieOffset, unit.end),
      abbrevs,
      unitContext(secs, unit, bases, false, res),
      res,
    );
    for (const { attr } of root.attrs) {
      const v = attr.value;
      const n = v.kind === "secOffset" ? v.value : undefined;
      if (n === undefined) continue;
      if (attr.at === DW_AT.addr_base || attr.at === DW_AT.GNU_addr_base) bases.addr = n;
      if (attr.at === DW_AT.str_offsets_base) bases.strOffsets = n;
    }
    const named = readDie(
      new Cursor(bytes, SECTION, secs.littleEndian, unit.dieOffset, unit.end),
      abbrevs,
      unitContext(secs, unit, bases, true, res),
      res,
    );
    const name = named.attrs.find((a) => a.attr.at === DW_AT.name)?.attr.value;
    if (name?.kind === "string") unitName = name.value;
  }
  b.step(
    "unit",
    unit.offset,
    `unit${unitName === undefined ? "" : ` ${JSON.stringify(unitName)}`} (${hex(unit.offset)})`,
  );

  if (offset < unit.dieOffset) {
    const f = findField(unitHeaderFields(unit), unit.offset, offset);
    if (f === undefined) return b.fail("inside the unit header, past its known fields");
    b.step("field", f.offset, `unit header: ${f.field.name}`);
    return b.done(f.field.value);
  }
  if (abbrevs === undefined) return b.fail(`cannot read the unit's abbreviations: ${abbrevError}`);

  const ctx = unitContext(secs, unit, bases, true, res);
  const enc = unitEncoding(unit, secs.littleEndian);
  const cur = new Cursor(bytes, SECTION, secs.littleEndian, unit.dieOffset, unit.end);
  const open: { offset: number; label: string }[] = [];
  const ancestors = (): void => {
    for (const o of open) b.step("die", o.offset, o.label);
  };
  while (!cur.atEnd()) {
    let d: ReadDie;
    try {
      d = readDie(cur, abbrevs, ctx, res);
    } catch (e) {
      // The abbrev code itself does not read (truncated): the byte is past the open DIEs.
      ancestors();
      throw e;
    }
    if (d.code === 0) {
      if (offset < d.end!) {
        ancestors();
        b.step("field", d.offset, "null entry (end of children)");
        return b.done("0");
      }
      open.pop();
      continue;
    }
    const end = d.end ?? d.error!.at;
    if (offset >= end && d.error === undefined) {
      if (d.abbrev?.hasChildren) open.push({ offset: d.offset, label: dieLabel(d) });
      continue;
    }
    // The byte is in this DIE, or reading stopped at or before it.
    ancestors();
    b.step("die", d.offset, dieLabel(d));
    if (offset < d.codeEnd) {
      b.step("field", d.offset, "abbrev code");
      return b.done(d.abbrev === undefined ? `${d.code} (unknown)` : `${d.code} (${tagName(d.abbrev.tag)})`);
    }
    const a = d.attrs.find((x) => offset >= x.start && offset < x.end);
    if (a !== undefined) {
      b.step("attribute", a.start, `${attrName(a.attr.at)} (${formName(a.attr.form)})`);
      const text = attrExprText(a.attr, enc) ?? attrValueText(a.attr.value);
      return b.done(a.problem === undefined ? text : `${text} (unresolved: ${a.problem})`);
    }
    const failed = d.abbrev?.specs[d.attrs.length];
    if (failed !== undefined)
      b.step("attribute", d.error!.at, `${attrName(failed.at)} (${formName(failed.form)})`);
    return b.fail(d.error?.message ?? "the DIE ends before the byte");
  }
  return b.fail(`offset ${hex(offset)} is past the unit's DIEs`);
}
