/**
 * The learner's tour `godwarf demo` prints: the DWARF of an executable read back with our readers
 * (elf/ and dwarf/read, as `godwarf dump` does), cut down to what fits on a screen: the compile
 * units, one function's DIE tree with its attribute values resolved (references to names, file
 * numbers to paths, location and range lists to their entries), and that function's line rows next
 * to the source lines they point at.
 */
import { attrName, DW_AT, DW_TAG, langName, tagName } from "../../dwarf/constants.js";
import { amd64RegName, formatExpr } from "../../dwarf/read/expr.js";
import { readInfo } from "../../dwarf/read/info.js";
import { type LineProgram, lineFilePath, readLineProgram } from "../../dwarf/read/line.js";
import { listContextOf, readLocList, readRngList } from "../../dwarf/read/lists.js";
import {
  type Attr,
  attrNumber,
  attrString,
  type Die,
  findAttr,
  type Unit,
  walkDies,
} from "../../dwarf/read/model.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import { attrValueText, unitEncoding } from "./info.js";
import { hex } from "./json.js";

export interface TourOptions {
  /** The function whose DIE tree and line rows are shown (default: the first with code). */
  func?: string;
  /** The program's source, to show next to the line rows: its path as the DWARF names it. */
  source?: { file: string; text: string };
}

interface Indexed {
  units: Unit[];
  byOffset: Map<number, { die: Die; unit: Unit }>;
}

function index(ds: DwarfSections): Indexed {
  const units = readInfo(ds);
  const byOffset = new Map<number, { die: Die; unit: Unit }>();
  for (const unit of units) for (const die of walkDies(unit.root)) byOffset.set(die.offset, { die, unit });
  return { units, byOffset };
}

function lineProgramOf(ds: DwarfSections, unit: Unit): LineProgram | undefined {
  const off = unit.root === undefined ? undefined : attrNumber(unit.root, DW_AT.stmt_list);
  if (off === undefined) return undefined;
  return readLineProgram(ds, off, { unitVersion: unit.version });
}

function dieName(ix: Indexed, offset: number): string {
  const hit = ix.byOffset.get(offset);
  if (hit === undefined) return "";
  const name = attrString(hit.die, DW_AT.name);
  if (name !== undefined) return name;
  const origin = findAttr(hit.die, DW_AT.abstract_origin)?.value;
  return origin?.kind === "reference" ? dieName(ix, origin.offset) : tagName(hit.die.tag);
}

/** One attribute's value, resolved for a reader. */
function valueText(
  ix: Indexed,
  ds: DwarfSections,
  unit: Unit,
  die: Die,
  a: Attr,
  lines: LineProgram | undefined,
): string {
  const v = a.value;
  const enc = unitEncoding(unit);
  const expr = (b: Uint8Array) =>
    b.length === 0 ? "(empty: optimized out)" : formatExpr(b, enc, { regName: amd64RegName });
  switch (a.at) {
    case DW_AT.type:
    case DW_AT.abstract_origin:
      if (v.kind === "reference") return `<${hex(v.offset)}> ${dieName(ix, v.offset)}`;
      break;
    case DW_AT.decl_file:
    case DW_AT.call_file:
      if (v.kind === "constant" && lines !== undefined) {
        const path = lineFilePath(lines, Number(v.value));
        if (path !== undefined) return `${v.value} (${path})`;
      }
      break;
    case DW_AT.high_pc: {
      const low = findAttr(die, DW_AT.low_pc)?.value;
      if (v.kind === "constant" && low?.kind === "address")
        return `${v.value} bytes (ends at ${hex(low.value + v.value)})`;
      break;
    }
    case DW_AT.location:
      if (v.kind === "secOffset" || v.kind === "listIndex") {
        const list = readLocList(ds, unit, v);
        const parts = list.locations.map((l) => `[${hex(l.begin)}, ${hex(l.end)}) ${expr(l.expr)}`);
        return `location list: ${parts.join("; ") || "(empty)"}`;
      }
      if (v.kind === "block") return expr(v.bytes);
      break;
    case DW_AT.ranges:
      if (v.kind === "secOffset" || v.kind === "listIndex") {
        const list = readRngList(ds, listContextOf(unit), v);
        return `ranges: ${list.ranges.map((r) => `[${hex(r.begin)}, ${hex(r.end)})`).join(" ")}`;
      }
      break;
    case DW_AT.frame_base:
      if (v.kind === "block") return expr(v.bytes);
      break;
    case DW_AT.language:
      if (v.kind === "constant") return `${hex(v.value)} (${langName(Number(v.value))})`;
      break;
  }
  if (v.kind === "constant") return v.value.toString();
  return attrValueText(v);
}

/** A DIE and its children, indented two spaces a level, attribute names in a column. */
function dieTree(
  ix: Indexed,
  ds: DwarfSections,
  unit: Unit,
  root: Die,
  lines: LineProgram | undefined,
): string[] {
  const out: string[] = [];
  const stack: [Die, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [d, depth] = stack.pop()!;
    const pad = "  ".repeat(depth + 2);
    const name = attrString(d, DW_AT.name);
    out.push(`${pad}${tagName(d.tag)}${name === undefined ? "" : ` "${name}"`}   <${hex(d.offset)}>`);
    for (const a of d.attrs) {
      if (a.at === DW_AT.name) continue;
      out.push(`${pad}  ${attrName(a.at).padEnd(26)} ${valueText(ix, ds, unit, d, a, lines)}`);
    }
    for (let i = d.children.length - 1; i >= 0; i--) stack.push([d.children[i]!, depth + 1]);
  }
  return out;
}

/** The tour of `ds` (the DWARF of an executable), as text. */
export function dwarfTour(ds: DwarfSections, opts: TourOptions = {}): string {
  const ix = index(ds);
  const out: string[] = [];

  out.push("1. Compile units (.debug_info): one per package, as Go's linker writes them");
  for (const u of ix.units) {
    const r = u.root;
    if (r === undefined) continue;
    const fns = r.children.filter(
      (c) => c.tag === DW_TAG.subprogram && findAttr(c, DW_AT.low_pc) !== undefined,
    );
    const lang = attrNumber(r, DW_AT.language);
    const what =
      fns.length > 0
        ? `${fns.length} function${fns.length === 1 ? "" : "s"}`
        : `no code; holds ${r.children.length} type DIEs (Go puts every type under runtime)`;
    out.push(
      `     ${(attrString(r, DW_AT.name) ?? "?").padEnd(10)} ${lang === undefined ? "" : `${langName(lang)}, `}producer ${JSON.stringify(attrString(r, DW_AT.producer) ?? "")}, ${what}`,
    );
  }

  // The function: named, or the first with code.
  let fn: { die: Die; unit: Unit } | undefined;
  for (const u of ix.units) {
    for (const c of u.root?.children ?? []) {
      if (c.tag !== DW_TAG.subprogram || findAttr(c, DW_AT.low_pc) === undefined) continue;
      const name = dieName(ix, c.offset);
      if (fn === undefined && (opts.func === undefined || name === opts.func)) fn = { die: c, unit: u };
    }
  }
  if (fn === undefined) return `${out.join("\n")}\n`;
  const fname = dieName(ix, fn.die.offset);
  const lines = lineProgramOf(ds, fn.unit);

  out.push("");
  out.push(`2. The DIE tree of ${fname}: a subprogram, its parameters and variables, the`);
  out.push("   lexical blocks of its loops, and where another function was inlined into it");
  out.push(...dieTree(ix, ds, fn.unit, fn.die, lines));

  const low = findAttr(fn.die, DW_AT.low_pc)?.value;
  const high = findAttr(fn.die, DW_AT.high_pc)?.value;
  if (lines !== undefined && low?.kind === "address" && high?.kind === "constant") {
    const begin = low.value;
    const end = low.value + high.value;
    const src = opts.source?.text.split("\n");
    out.push("");
    out.push(`3. Its rows of the line table (.debug_line): each address, the source line it belongs to,`);
    out.push("   and whether it is a good place for a breakpoint (is_stmt)");
    out.push(`     ${"address".padEnd(10)} ${"file:line".padEnd(14)} stmt  source`);
    let last: { file: number; line: number } | undefined;
    for (const seq of lines.sequences) {
      for (const row of seq) {
        if (row.address < begin || row.address > end || (row.address === end && !row.endSequence)) continue;
        const path = lineFilePath(lines, row.file) ?? "?";
        const base = path.slice(path.lastIndexOf("/") + 1);
        if (row.endSequence) {
          out.push(
            `     ${hex(row.address).padEnd(10)} ${"".padEnd(14)}       (end of sequence: the function ends here)`,
          );
          continue;
        }
        // The source line, once per run of rows on the same line.
        const same = last?.file === row.file && last.line === row.line;
        last = row;
        const text =
          src !== undefined && path === opts.source?.file && !same ? (src[row.line - 1] ?? "").trim() : "";
        out.push(
          `     ${hex(row.address).padEnd(10)} ${`${base}:${row.line}`.padEnd(14)} ${(row.isStmt ? "yes" : "no").padEnd(5)} ${text}`.trimEnd(),
        );
      }
    }
  }
  return `${out.join("\n")}\n`;
}
