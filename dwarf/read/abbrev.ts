/**
 * The .debug_abbrev reader. Models debug/dwarf/entry.go, (*Data).parseAbbrev: a table is a run of
 * declarations (code, tag, children flag, then (attribute, form) pairs closed by 0,0), ended by a
 * zero code. DW_FORM_implicit_const carries its value in the declaration (DWARF 5 section 7.5.3).
 */
import { DW_FORM } from "../constants.js";
import { Cursor } from "./cursor.js";

export interface AttrSpec {
  /** DW_AT_*. */
  at: number;
  /** DW_FORM_* as declared (may be DW_FORM_indirect). */
  form: number;
  /** The value of a DW_FORM_implicit_const attribute. */
  implicitConst?: bigint;
}

export interface Abbrev {
  code: number;
  tag: number;
  hasChildren: boolean;
  specs: AttrSpec[];
}

/** Abbreviation code to declaration. */
export type AbbrevTable = Map<number, Abbrev>;

const SECTION = ".debug_abbrev";

/**
 * Read the abbreviation table that starts at `offset` of .debug_abbrev. Every loop reads at least
 * one byte per turn, so a malformed table ends in a FormatError, never a hang; running off the end
 * before the terminating zero code is an error (as in Go's reader).
 */
export function readAbbrevTable(bytes: Uint8Array, offset: number): AbbrevTable {
  if (offset < 0 || offset >= bytes.length) {
    throw new Cursor(bytes, SECTION).error(
      `abbrev offset 0x${offset.toString(16)} is outside the section (size 0x${bytes.length.toString(16)})`,
      Math.min(Math.max(offset, 0), bytes.length),
    );
  }
  const c = new Cursor(bytes, SECTION, true, offset);
  const table: AbbrevTable = new Map();
  for (;;) {
    const at = c.pos;
    const code = c.uleb("abbrev code");
    if (code === 0) break;
    if (table.has(code)) throw c.error(`duplicate abbrev code ${code}`, at);
    const tag = c.uleb("abbrev tag");
    const childrenAt = c.pos;
    const children = c.u8("abbrev children flag");
    if (children > 1) throw c.error(`bad DW_CHILDREN value ${children}`, childrenAt);
    const specs: AttrSpec[] = [];
    for (;;) {
      const attr = c.uleb("attribute name");
      const form = c.uleb("attribute form");
      if (attr === 0 && form === 0) break;
      if (attr === 0 || form === 0)
        throw c.error(`bad attribute spec (DW_AT 0x${attr.toString(16)}, DW_FORM 0x${form.toString(16)})`);
      if (form === DW_FORM.implicit_const) {
        specs.push({ at: attr, form, implicitConst: c.slebBig("implicit_const value") });
      } else {
        specs.push({ at: attr, form });
      }
    }
    table.set(code, { code, tag, hasChildren: children === 1, specs });
  }
  return table;
}
