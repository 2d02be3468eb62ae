/**
 * DIE trees as resolved text (`godwarf dump --info` and its queries without --raw): each DIE on a
 * line with its offset and tag, its attributes below in a column, values resolved by resolve.ts,
 * list entries on lines of their own; --show-parents' ancestors first, children to the depth asked.
 */
import { DW_AT, tagName, utName } from "../../dwarf/constants.js";
import { isFormatError } from "../../dwarf/errors.js";
import { lineFilePath } from "../../dwarf/read/line.js";
import { attrString, type Die, type Unit } from "../../dwarf/read/model.js";
import type { PcLookup, Selected } from "../../dwarf/read/query.js";
import type { Sink } from "../output.js";
import { hex } from "./json.js";
import { attrLabel, type ResolvedValue, type Resolver } from "./resolve.js";
import { fitLine, type Style } from "./style.js";

const ATTR_WIDTH = 26;

/** "DW_AT_name" padded to the column, by attribute code (a million DIEs ask for the same few). */
const labels = new Map<number, string>();
function label(at: number): string {
  let l = labels.get(at);
  if (l === undefined) {
    l = attrLabel(at).padEnd(ATTR_WIDTH);
    labels.set(at, l);
  }
  return l;
}

const pads: string[] = [];
/** Indentation for a DIE at `level` (at most 64 levels: malformed input can nest deeper). */
function pad(level: number): string {
  const l = Math.min(level, 64);
  pads[l] ??= "  ".repeat(l);
  return pads[l]!;
}
const ATTR_INDENT = " ".repeat(12);
const MORE_INDENT = " ".repeat(ATTR_WIDTH + 3);

export class DieWriter {
  constructor(
    private readonly r: Resolver,
    private readonly style: Style,
    private readonly out: Sink,
  ) {}

  private line(s: string): void {
    this.out.write(this.style.width === undefined ? `${s}\n` : `${fitLine(s, this.style.width)}\n`);
  }

  unitHeader(u: Unit): void {
    const st = this.style;
    const name = u.root === undefined ? undefined : attrString(u.root, DW_AT.name);
    this.line(
      st.head(
        `Unit at ${hex(u.offset)}${name === undefined ? "" : ` ${JSON.stringify(name)}`}: ${utName(u.unitType)}, version ${u.version}, ${u.offsetSize === 8 ? "64" : "32"}-bit, address size ${u.addressSize}, abbrev offset ${hex(u.abbrevOffset)}, length ${hex(u.end - u.offset)}`,
      ),
    );
  }

  private resolved(unit: Unit, die: Die, i: number): ResolvedValue {
    try {
      return this.r.value(unit, die, die.attrs[i]!);
    } catch (e) {
      if (isFormatError(e)) return { text: `<error: ${e.message}>`, more: [] };
      throw e;
    }
  }

  /** One DIE: "0x…: DW_TAG_x" at `level`, then its attributes. */
  die(unit: Unit, d: Die, level: number): void {
    const st = this.style;
    const p = pad(level);
    this.line(`${st.offset(hex(d.offset, 8))}: ${p}${st.tag(tagName(d.tag))}`);
    const apad = `${ATTR_INDENT}${p}`;
    for (let i = 0; i < d.attrs.length; i++) {
      const a = d.attrs[i]!;
      const v = this.resolved(unit, d, i);
      const text = a.at === DW_AT.name ? st.name(v.text) : v.text;
      this.line(`${apad}${st.attr(label(a.at))} ${text}`);
      for (const m of v.more) this.line(`${apad}${MORE_INDENT}${m}`);
    }
  }

  /** `root` and its subtree to `depth` levels below it (iterative: input may nest deeply). */
  tree(unit: Unit, root: Die, level0: number, depth: number): void {
    const stack: [Die, number][] = [[root, 0]];
    while (stack.length > 0) {
      const [d, rel] = stack.pop()!;
      this.die(unit, d, level0 + rel);
      if (rel >= depth) continue;
      for (let i = d.children.length - 1; i >= 0; i--) stack.push([d.children[i]!, rel + 1]);
    }
  }

  /** The DIEs a query selected, each after its unit's header (once per unit) and blank-separated. */
  selected(sel: readonly Selected[], showParents: boolean): void {
    let lastUnit: Unit | undefined;
    for (const s of sel) {
      if (s.unit !== lastUnit) {
        if (lastUnit !== undefined) this.out.write("\n");
        this.unitHeader(s.unit);
        lastUnit = s.unit;
      }
      this.out.write("\n");
      const parents = showParents ? s.parents : [];
      parents.forEach((p, i) => {
        this.die(s.unit, p, i);
      });
      this.tree(s.unit, s.die, parents.length, s.depth);
    }
  }

  /** --lookup: the summary lines, then the DIEs (each alone). */
  lookup(l: PcLookup): void {
    const st = this.style;
    const r = this.r;
    const ref = (d: Die) => `${st.offset(`<${hex(d.offset)}>`)} ${st.name(r.dieName(d.offset))}`;
    this.line(st.head(`Lookup ${hex(l.pc)}:`));
    this.line(`  unit        ${l.unit.root === undefined ? hex(l.unit.offset) : ref(l.unit.root)}`);
    this.line(`  subprogram  ${l.subprogram === undefined ? "(none covers this pc)" : ref(l.subprogram)}`);
    for (const s of l.scopes) {
      const kind = tagName(s.tag).replace("DW_TAG_", "").replace("_subroutine", "");
      this.line(`  ${kind.padEnd(11)} ${ref(s)}`);
    }
    if (l.row !== undefined) {
      const { row, program } = l.row;
      const path = lineFilePath(program, row.file) ?? `file ${row.file}`;
      this.line(
        `  line        ${hex(row.address)} ${path}:${row.line}${row.column > 0 ? `:${row.column}` : ""}${row.isStmt ? " is_stmt" : ""}`,
      );
    } else this.line("  line        (no row of the line table covers this pc)");
    this.out.write("\n");
    this.unitHeader(l.unit);
    const chain = [...(l.subprogram === undefined ? [] : [l.subprogram]), ...l.scopes];
    for (const d of chain) {
      this.out.write("\n");
      this.die(l.unit, d, 0);
    }
  }
}
