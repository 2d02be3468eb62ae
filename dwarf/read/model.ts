/**
 * The reader's data model: what `readInfo` returns. Plain data (no methods) so that it prints and
 * serializes; helpers below answer the common questions.
 */

/** One unit of .debug_info (compile, partial, skeleton, split or type unit). */
export interface Unit {
  /** Offset of the unit header within its section. */
  offset: number;
  /** ".debug_types" for a DWARF 4 type unit of that section; absent for .debug_info. */
  section?: ".debug_types";
  /** Offset one past the unit's last byte. */
  end: number;
  /** 4 for 32-bit DWARF, 8 for 64-bit DWARF. */
  offsetSize: 4 | 8;
  version: number;
  /** DW_UT_* (for versions before 5: DW_UT_compile, or DW_UT_type for .debug_types). */
  unitType: number;
  addressSize: number;
  abbrevOffset: number;
  /** Skeleton and split units (DWARF 5) and GNU split DWARF 4 (from DW_AT_GNU_dwo_id). */
  dwoId?: bigint;
  /** Type units. */
  typeSignature?: bigint;
  typeOffset?: number;
  /** Offset of the first DIE. */
  dieOffset: number;
  /** The unit DIE with its subtree; undefined for an empty unit. */
  root: Die | undefined;
  /** Bases taken from the unit DIE (DW_AT_addr_base and friends), for resolving indexed forms. */
  addrBase?: number;
  strOffsetsBase?: number;
  rnglistsBase?: number;
  loclistsBase?: number;
}

export interface Die {
  /** Offset within .debug_info. */
  offset: number;
  /** Abbreviation code. */
  code: number;
  /** DW_TAG_*. */
  tag: number;
  hasChildren: boolean;
  attrs: Attr[];
  children: Die[];
}

export interface Attr {
  /** DW_AT_*. */
  at: number;
  /** DW_FORM_* as written (after resolving DW_FORM_indirect). */
  form: number;
  value: AttrValue;
}

/**
 * A decoded attribute value. Indexed forms are resolved (addrx through .debug_addr, strx through
 * .debug_str_offsets) and keep their index so nothing is lost.
 */
export type AttrValue =
  /** addr, addrx*: an address. */
  | { kind: "address"; value: bigint; index?: number }
  /** data1/2/4/8, udata, sdata, implicit_const: a constant; `signed` for sdata and implicit_const. */
  | { kind: "constant"; value: bigint; signed: boolean }
  /** data16. */
  | { kind: "data16"; bytes: Uint8Array }
  /** block*, exprloc. */
  | { kind: "block"; bytes: Uint8Array }
  /** flag, flag_present. */
  | { kind: "flag"; value: boolean }
  /** string, strp, line_strp, strx*, GNU_str_index; `offset` into the string section when indirect. */
  | { kind: "string"; value: string; offset?: number; index?: number }
  /** ref1/2/4/8, ref_udata, ref_addr: an absolute .debug_info offset. */
  | { kind: "reference"; offset: number }
  /** ref_sig8. */
  | { kind: "signature"; value: bigint }
  /** sec_offset (stmt_list, ranges, location, *_base): an offset into another section. */
  | { kind: "secOffset"; value: number }
  /** loclistx, rnglistx: an index into the unit's offset table. */
  | { kind: "listIndex"; value: number };

export function findAttr(die: Die, at: number): Attr | undefined {
  for (const a of die.attrs) if (a.at === at) return a;
  return undefined;
}

/** The attribute's value as a string, or undefined when absent or not a string. */
export function attrString(die: Die, at: number): string | undefined {
  const v = findAttr(die, at)?.value;
  return v?.kind === "string" ? v.value : undefined;
}

/** The attribute's value as a number: constants, offsets, references, flags and indexes. */
export function attrNumber(die: Die, at: number): number | undefined {
  const v = findAttr(die, at)?.value;
  if (v === undefined) return undefined;
  switch (v.kind) {
    case "constant":
    case "address":
      return Number(v.value);
    case "secOffset":
    case "listIndex":
      return v.value;
    case "reference":
      return v.offset;
    case "flag":
      return v.value ? 1 : 0;
    default:
      return undefined;
  }
}

/** Depth-first, pre-order walk of a DIE tree. */
export function* walkDies(die: Die | undefined): Generator<Die> {
  if (die === undefined) return;
  const stack: Die[] = [die];
  while (stack.length > 0) {
    const d = stack.pop()!;
    yield d;
    for (let i = d.children.length - 1; i >= 0; i--) stack.push(d.children[i]!);
  }
}
