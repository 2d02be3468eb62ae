/**
 * What one side (ours or Go's) says is at a byte offset: a path from the outermost structure
 * (unit, line program, FDE, list) down to the item holding the byte, and that item's value, each
 * decoded from that side's own bytes. Locators build the path as they descend, so a decoding error
 * still reports how far they got.
 */
import { isFormatError } from "../dwarf/errors.js";

export type StepKind =
  /** A .debug_info unit (with its DW_AT_name). */
  | "unit"
  /** A DIE (tag and DW_AT_name). */
  | "die"
  /** An attribute of a DIE (DW_AT_ name and form). */
  | "attribute"
  /** A fixed or table field of a header, or a DIE's abbrev code. */
  | "field"
  /** A line program of .debug_line. */
  | "program"
  /** A line-program opcode. */
  | "opcode"
  | "cie"
  | "fde"
  /** A call frame instruction. */
  | "instruction"
  /** A DWARF 5 .debug_addr / .debug_rnglists / .debug_loclists contribution (header and body). */
  | "contribution"
  /** A range or location list. */
  | "list"
  /** One entry of a list, or one address of .debug_addr. */
  | "entry"
  /** An abbreviation table. */
  | "table"
  /** An abbreviation declaration. */
  | "abbrev";

export interface Step {
  kind: StepKind;
  /** Where the structure starts within the section. */
  offset: number;
  /** How it reads: `unit "main" (0x1a00)`, `DW_TAG_subprogram "main.f"`, `DW_AT_high_pc (DW_FORM_udata)`. */
  text: string;
}

export interface DiffSide {
  /** Outermost first; the last step is the item holding the byte. */
  path: Step[];
  /** The innermost item's value, decoded from this side. */
  value?: string;
  /** Why decoding stopped before the item was reached or read. */
  error?: string;
}

/** Collects steps while a locator descends. */
export class SideBuilder {
  readonly path: Step[] = [];

  step(kind: StepKind, offset: number, text: string): void {
    this.path.push({ kind, offset, text });
  }

  done(value: string | undefined): DiffSide {
    return value === undefined ? { path: this.path } : { path: this.path, value };
  }

  fail(error: string): DiffSide {
    return { path: this.path, error };
  }
}

/**
 * Runs a locator so that it never throws: malformed or mismatched input (a FormatError) becomes
 * the side's error with the path found so far. Any other error is a reader bug, reported the same
 * way rather than losing the whole report.
 */
export function locateSafely(locator: (b: SideBuilder) => DiffSide): DiffSide {
  const b = new SideBuilder();
  try {
    return locator(b);
  } catch (e) {
    if (isFormatError(e)) return b.fail(e.message);
    return b.fail(`reader failure: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** One field of a fixed-layout header. */
export interface Field {
  name: string;
  size: number;
  value: string;
}

/**
 * The field of a header laid out from `start` that holds `offset`, with its start; undefined when
 * the offset is past the fields.
 */
export function findField(
  fields: readonly Field[],
  start: number,
  offset: number,
): { field: Field; offset: number } | undefined {
  let at = start;
  for (const f of fields) {
    if (offset >= at && offset < at + f.size) return { field: f, offset: at };
    at += f.size;
  }
  return undefined;
}

/** The size of a DWARF initial length field: 4, or 12 for 64-bit DWARF (0xffffffff escape). */
export function initialLengthSize(offsetSize: 4 | 8): number {
  return offsetSize === 8 ? 12 : 4;
}

/** Index of the last item whose start is at or before `offset` (items sorted by start). */
export function lastAtOrBefore<T>(items: readonly T[], start: (t: T) => number, offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (start(items[mid]!) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
