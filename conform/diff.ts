/**
 * The comparison core of `godwarf conform`: every DWARF section of our build against the same
 * section of Go's, byte for byte at the same offsets, and the first difference of each decoded
 * from both sides (unit, DIE and attribute; line program and opcode; FDE and instruction; list and
 * entry) so that a reader sees what differs, not only where.
 */
import type { DwarfSections } from "../dwarf/read/sections.js";
import { compareBytes } from "./compare.js";
import { type HexContext, hexContext, locate } from "./locate.js";
import { type SectionSet, sectionOrder, toDwarfSections } from "./sections.js";
import type { DiffSide } from "./side.js";

export interface FirstDiff {
  /** Offset of the first differing byte (or the length of the shorter side). */
  offset: number;
  /**
   * Both sides decode to the same structure at the offset (same units, DIEs, programs, entries at
   * the same places, and the same attribute, field, opcode or entry), so their values compare.
   */
  linedUp: boolean;
  ours: DiffSide;
  theirs: DiffSide;
  context: HexContext;
}

export interface CompressedComparison {
  equal: boolean;
  identical: number;
  total: number;
  /** Stored sizes; undefined when the side has no such section. */
  ours: number | undefined;
  theirs: number | undefined;
}

export interface SectionReport {
  name: string;
  /** Decompressed sizes; undefined when the side has no such section. */
  ours: number | undefined;
  theirs: number | undefined;
  /** Bytes equal at the same offset within the common length. */
  identical: number;
  /** The larger of the two sizes. */
  total: number;
  equal: boolean;
  /** The stored (compressed) bytes, when either side gave them. */
  compressed?: CompressedComparison;
  /** When both sides have the section and it differs. */
  firstDiff?: FirstDiff;
}

export interface DiffOptions {
  /** Decode the first difference of each section (default true); false for sizes and counts only. */
  decode?: boolean;
}

/** Compares every section either side has, in Go's section order. */
export function diffSections(ours: SectionSet, theirs: SectionSet, opts: DiffOptions = {}): SectionReport[] {
  let oursSecs: DwarfSections | undefined;
  let theirsSecs: DwarfSections | undefined;
  const readers = {
    ours: () => (oursSecs ??= toDwarfSections(ours)),
    theirs: () => (theirsSecs ??= toDwarfSections(theirs)),
  };
  return sectionOrder(ours, theirs).map((name) => diffSection(name, ours, theirs, readers, opts));
}

function diffSection(
  name: string,
  ours: SectionSet,
  theirs: SectionSet,
  readers: { ours: () => DwarfSections; theirs: () => DwarfSections },
  opts: DiffOptions,
): SectionReport {
  const a = ours.sections.get(name);
  const b = theirs.sections.get(name);
  const cmp = compareBytes(a ?? new Uint8Array(0), b ?? new Uint8Array(0));
  const report: SectionReport = {
    name,
    ours: a?.length,
    theirs: b?.length,
    identical: cmp.identical,
    total: cmp.total,
    equal: a !== undefined && b !== undefined && cmp.equal,
  };
  if (ours.compressed?.has(name) || theirs.compressed?.has(name)) {
    const sa = ours.compressed?.get(name) ?? a;
    const sb = theirs.compressed?.get(name) ?? b;
    const c = compareBytes(sa ?? new Uint8Array(0), sb ?? new Uint8Array(0));
    report.compressed = {
      equal: sa !== undefined && sb !== undefined && c.equal,
      identical: c.identical,
      total: c.total,
      ours: sa?.length,
      theirs: sb?.length,
    };
  }
  if (a !== undefined && b !== undefined && cmp.firstDiff !== undefined && opts.decode !== false) {
    report.firstDiff = firstDiff(name, a, b, readers.ours(), readers.theirs(), cmp.firstDiff);
  }
  return report;
}

/** Decodes the difference at `offset` from each side and asks whether the two line up. */
export function firstDiff(
  name: string,
  ours: Uint8Array,
  theirs: Uint8Array,
  oursSecs: DwarfSections,
  theirsSecs: DwarfSections,
  offset: number,
): FirstDiff {
  const o = locate(name, oursSecs, ours, offset);
  const t = locate(name, theirsSecs, theirs, offset);
  return { offset, linedUp: linedUp(o, t), ours: o, theirs: t, context: hexContext(ours, theirs, offset) };
}

/** Same steps at the same offsets, and the same innermost item; ancestors' names may differ. */
function linedUp(a: DiffSide, b: DiffSide): boolean {
  if (a.error !== undefined || b.error !== undefined || a.path.length !== b.path.length) return false;
  for (let i = 0; i < a.path.length; i++) {
    const x = a.path[i]!;
    const y = b.path[i]!;
    if (x.kind !== y.kind || x.offset !== y.offset) return false;
  }
  const last = a.path.length - 1;
  return last < 0 || a.path[last]!.text === b.path[last]!.text;
}
