/**
 * The comparison as people read it (a line per section, the first difference decoded on the same
 * line when both sides line up, a few indented lines when they do not) and as programs read it
 * (plain JSON data: numbers, strings, booleans and null).
 */
import { hex } from "../cli/format/json.js";
import type { CompressedComparison, FirstDiff, SectionReport } from "./diff.js";
import type { HexContext } from "./locate.js";
import type { DiffSide, Step } from "./side.js";

/** The name Go's side goes by in the text. */
const GO = "go";

/**
 * A path as text, outermost first. The unit DIE is not repeated after its unit (`unit "main"
 * (0x1a00)` already names it).
 */
export function pathText(path: readonly Step[]): string {
  return path
    .filter((s, i) => !(s.kind === "die" && path[i - 1]?.kind === "unit"))
    .map((s) => s.text)
    .join(" > ");
}

function storedText(c: CompressedComparison): string {
  if (c.equal) return ", stored bytes identical";
  if (c.ours === undefined || c.theirs === undefined) return "";
  return `, stored ${c.identical}/${c.total} identical (ours ${c.ours}, ${GO} ${c.theirs})`;
}

function sideText(s: DiffSide): string {
  const path = pathText(s.path);
  const what = s.error !== undefined ? `cannot decode: ${s.error}` : (s.value ?? "");
  return path === "" ? what : what === "" ? path : `${path}: ${what}`;
}

function contextLines(c: HexContext, indent: string): string[] {
  return [
    `${indent}bytes from ${hex(c.start)}:`,
    `${indent}  ours ${c.ours}`,
    `${indent}  ${GO.padEnd(4)} ${c.theirs}`,
  ];
}

function diffText(d: FirstDiff, indent: string): { inline: string; lines: string[] } {
  const at = `first difference at ${hex(d.offset)}`;
  if (d.linedUp) {
    // Go's side names the places: it is the reference.
    const path = pathText(d.theirs.path);
    const values = `ours ${d.ours.value ?? "?"}, ${GO} ${d.theirs.value ?? "?"}`;
    const lines = d.ours.path.length === 0 ? contextLines(d.context, indent) : [];
    return { inline: `${at}: ${path === "" ? "" : `${path}: `}${values}`, lines };
  }
  return {
    inline: `${at}, where the two no longer line up:`,
    lines: [
      `${indent}ours: ${sideText(d.ours)}`,
      `${indent}${`${GO}:`.padEnd(5)} ${sideText(d.theirs)}`,
      ...contextLines(d.context, indent),
    ],
  };
}

/** One line per section, plus indented detail lines for differences that need them. */
export function formatReport(reports: readonly SectionReport[]): string {
  const width = Math.max(0, ...reports.map((r) => r.name.length));
  const indent = " ".repeat(width + 4);
  const out: string[] = [];
  for (const r of reports) {
    const name = r.name.padEnd(width);
    if (r.ours === undefined) {
      out.push(`${name}  missing in ours; ${GO} has ${r.theirs ?? 0} bytes`);
      continue;
    }
    if (r.theirs === undefined) {
      out.push(`${name}  missing in ${GO}; ours has ${r.ours} bytes`);
      continue;
    }
    let line = `${name}  ${r.identical}/${r.total} identical`;
    if (r.ours !== r.theirs) line += ` (ours ${r.ours} bytes, ${GO} ${r.theirs})`;
    if (r.compressed !== undefined) line += storedText(r.compressed);
    if (r.firstDiff === undefined) {
      out.push(line);
      continue;
    }
    const d = diffText(r.firstDiff, indent);
    out.push(`${line}, ${d.inline}`, ...d.lines);
  }
  return `${out.join("\n")}\n`;
}

export interface StepJson {
  kind: string;
  offset: number;
  text: string;
}

export interface DiffSideJson {
  path: StepJson[];
  value: string | null;
  error: string | null;
}

export interface SectionReportJson {
  name: string;
  ours: number | null;
  theirs: number | null;
  identical: number;
  total: number;
  equal: boolean;
  compressed: {
    equal: boolean;
    identical: number;
    total: number;
    ours: number | null;
    theirs: number | null;
  } | null;
  firstDiff: {
    offset: number;
    linedUp: boolean;
    ours: DiffSideJson;
    theirs: DiffSideJson;
    context: HexContext;
  } | null;
}

function sideJson(s: DiffSide): DiffSideJson {
  return {
    path: s.path.map((p) => ({ kind: p.kind, offset: p.offset, text: p.text })),
    value: s.value ?? null,
    error: s.error ?? null,
  };
}

/** The reports as JSON data: every field present, null where a side has nothing. */
export function reportJson(reports: readonly SectionReport[]): SectionReportJson[] {
  return reports.map((r) => ({
    name: r.name,
    ours: r.ours ?? null,
    theirs: r.theirs ?? null,
    identical: r.identical,
    total: r.total,
    equal: r.equal,
    compressed:
      r.compressed === undefined
        ? null
        : {
            equal: r.compressed.equal,
            identical: r.compressed.identical,
            total: r.compressed.total,
            ours: r.compressed.ours ?? null,
            theirs: r.compressed.theirs ?? null,
          },
    firstDiff:
      r.firstDiff === undefined
        ? null
        : {
            offset: r.firstDiff.offset,
            linedUp: r.firstDiff.linedUp,
            ours: sideJson(r.firstDiff.ours),
            theirs: sideJson(r.firstDiff.theirs),
            context: { ...r.firstDiff.context },
          },
  }));
}
