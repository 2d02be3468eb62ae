/**
 * The questions `godwarf dump` answers about .debug_info, in llvm-dwarfdump's terms: DIEs by name
 * (--name, exact or --regex, on DW_AT_name and DW_AT_linkage_name), the DIE at an offset (--die,
 * its --debug-info=OFFSET), the units named or at an offset (--unit), and what is at a pc
 * (--lookup: the unit, the subprogram, the chain of inlined calls and lexical blocks inside it,
 * the line row). Pure: it takes decoded units and returns what is selected, for the text and JSON
 * printers alike.
 */
import { DW_AT, DW_TAG } from "../constants.js";
import { type LineProgram, type LineRow, readLineProgram } from "./line.js";
import { attrNumber, attrString, type Die, type Unit } from "./model.js";
import { dieRanges, rangesContain } from "./pcranges.js";
import type { DwarfSections } from "./sections.js";

export interface DieQuery {
  /** DIEs whose DW_AT_name or DW_AT_linkage_name is this (a regular expression with `regex`). */
  name?: string;
  regex?: boolean;
  /** Units whose unit DIE is named this, or whose header or unit DIE is at this .debug_info offset. */
  unit?: string;
  /** The DIE at this offset. */
  die?: number;
  /** Print the selected DIEs' children, to `recurseDepth` levels (unbounded without it). */
  showChildren?: boolean;
  showParents?: boolean;
  recurseDepth?: number;
}

/** One selected DIE: its unit, its ancestors from the unit DIE down, and how deep to print it. */
export interface Selected {
  unit: Unit;
  die: Die;
  /** Ancestors, outermost first (the unit DIE first), not including `die`. */
  parents: Die[];
  /** Levels of children to print under `die`: 0 for the DIE alone, Infinity for its whole subtree. */
  depth: number;
}

/** Is any DIE-level query asked for (as opposed to whole sections)? */
export function isDieQuery(q: DieQuery): boolean {
  return q.name !== undefined || q.unit !== undefined || q.die !== undefined;
}

/** A --unit argument as an offset when it reads as a number (0x.. or decimal), else undefined. */
export function unitOffsetArg(s: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(s) || /^\d+$/.test(s)) return Number(s);
  return undefined;
}

function unitMatches(u: Unit, sel: string): boolean {
  const off = unitOffsetArg(sel);
  // The header's offset (llvm-dwarfdump's) or the unit DIE's (what --lookup shows).
  if (off !== undefined) return u.offset === off || u.root?.offset === off;
  return u.root !== undefined && attrString(u.root, DW_AT.name) === sel;
}

/** The units that --unit selects (all of them without it). */
export function selectUnits(units: Iterable<Unit>, q: Pick<DieQuery, "unit">): Unit[] {
  const out: Unit[] = [];
  for (const u of units) if (q.unit === undefined || unitMatches(u, q.unit)) out.push(u);
  return out;
}

/** A name matcher for --name (exact) or --name --regex (the whole name must match). */
export function nameMatcher(name: string, regex = false): (s: string) => boolean {
  if (!regex) return (s) => s === name;
  const re = new RegExp(`^(?:${name})$`, "u");
  return (s) => re.test(s);
}

/**
 * The DIEs a query selects, in section order. With only --unit, each unit DIE with its subtree (or
 * to --recurse-depth). Throws SyntaxError for a bad --regex.
 */
export function selectDies(units: Iterable<Unit>, q: DieQuery): Selected[] {
  const childDepth =
    q.recurseDepth !== undefined ? q.recurseDepth : q.showChildren ? Number.POSITIVE_INFINITY : 0;
  const match = q.name === undefined ? undefined : nameMatcher(q.name, q.regex);
  const out: Selected[] = [];
  for (const unit of selectUnits(units, q)) {
    if (unit.root === undefined) continue;
    if (match === undefined && q.die === undefined) {
      out.push({
        unit,
        die: unit.root,
        parents: [],
        depth: q.recurseDepth ?? Number.POSITIVE_INFINITY,
      });
      continue;
    }
    if (q.die !== undefined && (q.die < unit.offset || q.die >= unit.end)) continue;
    // Depth-first with the path kept, so each hit knows its parents.
    const path: Die[] = [];
    const stack: { die: Die; level: number }[] = [{ die: unit.root, level: 0 }];
    while (stack.length > 0) {
      const { die, level } = stack.pop()!;
      path.length = level;
      const hit =
        (q.die === undefined || die.offset === q.die) && (match === undefined || nameOf(die).some(match));
      if (hit) out.push({ unit, die, parents: path.slice(), depth: childDepth });
      path.push(die);
      for (let i = die.children.length - 1; i >= 0; i--)
        stack.push({ die: die.children[i]!, level: level + 1 });
    }
  }
  return out;
}

function nameOf(d: Die): string[] {
  const out: string[] = [];
  const n = attrString(d, DW_AT.name);
  if (n !== undefined) out.push(n);
  const l = attrString(d, DW_AT.linkage_name);
  if (l !== undefined) out.push(l);
  return out;
}

/** What is at a pc (--lookup). */
export interface PcLookup {
  pc: bigint;
  unit: Unit;
  /** The subprogram containing the pc (undefined when none of the unit's does). */
  subprogram?: Die;
  /** The inlined subroutines and lexical blocks containing the pc, outermost first. */
  scopes: Die[];
  /** The line row the pc belongs to, with its program (for file names). */
  row?: { row: LineRow; program: LineProgram };
}

const SCOPE_TAGS: ReadonlySet<number> = new Set([DW_TAG.inlined_subroutine, DW_TAG.lexical_block]);

/**
 * The unit, subprogram, nested inlined calls and lexical blocks, and line row of `pc`; undefined
 * when no unit covers it. Models llvm-dwarfdump --lookup (DWARFContext::getDIEsForAddress).
 */
export function lookupPc(ds: DwarfSections, units: Iterable<Unit>, pc: bigint): PcLookup | undefined {
  for (const unit of units) {
    const root = unit.root;
    if (root === undefined || !rangesContain(dieRanges(ds, unit, root), pc)) continue;
    const found: PcLookup = { pc, unit, scopes: [] };
    // Go nests subprograms directly under the unit DIE; C may put them in namespaces.
    const queue: Die[] = [...root.children];
    while (queue.length > 0 && found.subprogram === undefined) {
      const d = queue.shift()!;
      if (d.tag === DW_TAG.subprogram && rangesContain(dieRanges(ds, unit, d), pc)) found.subprogram = d;
      else if (d.tag === DW_TAG.namespace || d.tag === DW_TAG.module) queue.push(...d.children);
    }
    let scope = found.subprogram;
    while (scope !== undefined) {
      const inner: Die | undefined = scope.children.find(
        (c) => SCOPE_TAGS.has(c.tag) && rangesContain(dieRanges(ds, unit, c), pc),
      );
      if (inner !== undefined) found.scopes.push(inner);
      scope = inner;
    }
    const row = lineRowAt(ds, unit, pc);
    if (row !== undefined) found.row = row;
    return found;
  }
  return undefined;
}

/** The row of the unit's line table whose address range holds `pc`. */
export function lineRowAt(
  ds: DwarfSections,
  unit: Unit,
  pc: bigint,
): { row: LineRow; program: LineProgram } | undefined {
  const off = unit.root === undefined ? undefined : attrNumber(unit.root, DW_AT.stmt_list);
  if (off === undefined || ds.sections.debug_line === undefined) return undefined;
  const compDir = unit.root === undefined ? undefined : attrString(unit.root, DW_AT.comp_dir);
  const program = readLineProgram(ds, off, {
    unitVersion: unit.version,
    ...(compDir === undefined ? {} : { compDir }),
  });
  for (const seq of program.sequences) {
    const rows = seq;
    for (let i = 0; i + 1 < rows.length; i++) {
      const r = rows[i]!;
      if (r.endSequence) continue;
      if (pc >= r.address && pc < rows[i + 1]!.address) return { row: r, program };
    }
  }
  return undefined;
}

/** A copy of `d` with its subtree cut below `depth` levels (iterative: input may nest deeply). */
export function prunedDie(d: Die, depth: number): Die {
  if (depth === Number.POSITIVE_INFINITY) return d;
  const top: Die = { ...d, children: [] };
  const stack: [Die, Die, number][] = [[d, top, 0]];
  while (stack.length > 0) {
    const [src, dst, level] = stack.pop()!;
    if (level >= depth) continue;
    for (const c of src.children) {
      const copy: Die = { ...c, children: [] };
      dst.children.push(copy);
      stack.push([c, copy, level + 1]);
    }
  }
  return top;
}
