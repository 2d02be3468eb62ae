/**
 * The explorer's model: what `godwarf explore` shows, as plain JSON-able data, computed from the
 * DWARF sections (and, for a program or object linked by the model, the provenance of every byte
 * and the relocations the linker applied). The page (page.ts) only draws it; the server
 * (server.ts) hands it out one unit at a time, so a large binary is never decoded whole.
 */
import { attrName, DW_AT, DW_FORM, formName, tagName } from "../dwarf/constants.js";
import { readUnitAt, units } from "../dwarf/read/info.js";
import { lineFilePath, readLineProgram } from "../dwarf/read/line.js";
import { type Attr, type Die, findAttr, type Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import type { AppliedReloc } from "../linker/link.js";
import { GO_SOURCE_TAG, GO_WRITERS, writerUrl } from "./writers.js";

/** A provenance span: [start, end) of a section, written by `who` ("putvar DW_AT_name"). */
export interface Span {
  start: number;
  end: number;
  who: string;
}

export interface ExploreInput {
  /** What the page is of: the file name as given. */
  title: string;
  kind: "program" | "object" | "binary";
  dwarf: DwarfSections;
  /** Per section (".debug_info"): who wrote each byte. */
  provenance?: ReadonlyMap<string, readonly Span[]>;
  /** Per section: the relocations the linker applied. */
  relocations?: ReadonlyMap<string, readonly AppliedReloc[]>;
  /** A source file's text by the path the line table names, when it is at hand. */
  source?: (path: string) => string | undefined;
}

/** A unit in the page's list, before it is opened. */
export interface UnitHead {
  index: number;
  offset: number;
  end: number;
  version: number;
  /** The unit DIE's DW_AT_name ("" when it has none). */
  name: string;
}

export interface Writer {
  goName: string;
  url: string;
}

/** What the page gets first. */
export interface ExploreSummary {
  title: string;
  kind: ExploreInput["kind"];
  provenance: boolean;
  goSourceTag: string;
  units: UnitHead[];
  /** The Go functions provenance marks name, by the mark's first word. */
  writers: Record<string, Writer>;
}

/** One DIE, in pre-order: its own bytes are [o, e) of .debug_info (children excluded). */
export interface ExploreNode {
  o: number;
  e: number;
  /** Depth below the unit DIE (0). */
  d: number;
  tag: string;
  name?: string;
  /** Attribute name, form name, value as text. */
  attrs: [string, string, string][];
  /** The pc range [low, high) as hex, for DIEs that have one. */
  pc?: [string, string];
}

/** A line-table row: address (hex), file index, line, column, flags ("stmt prologue_end"). */
export type RowTuple = [string, number, number, number, string];

export interface ExploreLines {
  offset: number;
  /** File paths by the table's file numbers ("" for a hole). */
  files: string[];
  rows: RowTuple[];
  /** The text of each file at hand, by file number. */
  sources: Record<number, string>;
}

/** One unit opened: its DIEs, its bytes, who wrote them, its relocations and its line table. */
export interface ExploreUnit {
  head: UnitHead;
  nodes: ExploreNode[];
  /** The unit's bytes, [head.offset, head.end) of .debug_info, as hex. */
  hex: string;
  /** [start, end, who] in .debug_info offsets, clipped to the unit. */
  spans: [number, number, string][];
  /** [offset, size, type, target] in .debug_info offsets. */
  relocs: [number, number, string, string][];
  lines?: ExploreLines;
}

/** The list of units and the writers table: what the page needs to open. */
export function exploreSummary(input: ExploreInput): ExploreSummary {
  const heads: UnitHead[] = [];
  for (const u of units(input.dwarf, { unitDieOnly: true, types: false })) {
    heads.push({
      index: heads.length,
      offset: u.offset,
      end: u.end,
      version: u.version,
      name: u.root === undefined ? "" : (stringAttr(u.root, DW_AT.name) ?? ""),
    });
  }
  const writers: Record<string, Writer> = {};
  for (const [mark, g] of GO_WRITERS) writers[mark] = { goName: g.goName, url: writerUrl(g) };
  return {
    title: input.title,
    kind: input.kind,
    provenance: input.provenance !== undefined,
    goSourceTag: GO_SOURCE_TAG,
    units: heads,
    writers,
  };
}

/** Unit `head` opened (head from {@link exploreSummary}). */
export function exploreUnit(input: ExploreInput, head: UnitHead): ExploreUnit {
  const u = readUnitAt(input.dwarf, head.offset);
  const info = input.dwarf.sections.debug_info!;
  const nodes: ExploreNode[] = [];
  if (u?.root !== undefined) layout(u.root, u.end, 0, nodes);
  const out: ExploreUnit = {
    head,
    nodes,
    hex: hexOf(info, head.offset, head.end),
    spans: clip(input.provenance?.get(".debug_info"), head.offset, head.end),
    relocs: (input.relocations?.get(".debug_info") ?? [])
      .filter((r) => r.off >= head.offset && r.off < head.end)
      .map((r) => [r.off, r.siz, r.type, targetText(r)]),
  };
  const stmt = u?.root === undefined ? undefined : findAttr(u.root, DW_AT.stmt_list)?.value;
  if (stmt?.kind === "secOffset" || stmt?.kind === "constant") {
    const lines = linesOf(input, u!, Number(stmt.value));
    if (lines !== undefined) out.lines = lines;
  }
  return out;
}

/** Every DIE whose name contains `q` (case-insensitive), up to `max`: [unit index, DIE offset, name]. */
export function searchUnit(unit: ExploreUnit, q: string, max: number): [number, number, string][] {
  const needle = q.toLowerCase();
  const out: [number, number, string][] = [];
  for (const n of unit.nodes) {
    if (out.length >= max) break;
    if (n.name?.toLowerCase().includes(needle)) out.push([unit.head.index, n.o, n.name]);
  }
  return out;
}

/**
 * Pre-order nodes of `die`'s subtree, which ends (null entry included) at `end`. A DIE's own bytes
 * end where its first child starts; one with children but none listed ends at its null entry.
 */
function layout(die: Die, end: number, depth: number, out: ExploreNode[]): void {
  const kids = die.children;
  const own = !die.hasChildren ? end : (kids[0]?.offset ?? end - 1);
  out.push(nodeOf(die, own, depth));
  kids.forEach((k, i) => {
    layout(k, kids[i + 1]?.offset ?? end - 1, depth + 1, out);
  });
}

function nodeOf(die: Die, end: number, depth: number): ExploreNode {
  const n: ExploreNode = {
    o: die.offset,
    e: end,
    d: depth,
    tag: tagName(die.tag),
    attrs: die.attrs.map((a) => [attrName(a.at), formName(a.form), valueText(a)]),
  };
  const name = stringAttr(die, DW_AT.name);
  if (name !== undefined) n.name = name;
  const pc = pcRange(die);
  if (pc !== undefined) n.pc = pc;
  return n;
}

function stringAttr(die: Die, at: number): string | undefined {
  const v = findAttr(die, at)?.value;
  return v?.kind === "string" ? v.value : undefined;
}

function pcRange(die: Die): [string, string] | undefined {
  const lo = findAttr(die, DW_AT.low_pc)?.value;
  const hi = findAttr(die, DW_AT.high_pc);
  if (lo?.kind !== "address" || hi === undefined) return undefined;
  let high: bigint;
  if (hi.value.kind === "address") high = hi.value.value;
  else if (hi.value.kind === "constant") high = lo.value + hi.value.value;
  else return undefined;
  return [hex(lo.value), hex(high)];
}

function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

function bytesText(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
}

/** An attribute's value as the page shows it. */
export function valueText(a: Attr): string {
  const v = a.value;
  switch (v.kind) {
    case "address":
      return hex(v.value);
    case "constant":
      return a.form === DW_FORM.data8 && !v.signed ? hex(v.value) : v.value.toString();
    case "data16":
    case "block":
      return v.bytes.length === 0 ? "<empty>" : bytesText(v.bytes);
    case "flag":
      return String(v.value);
    case "string":
      return JSON.stringify(v.value);
    case "reference":
      return `<${hex(v.offset)}>`;
    case "signature":
      return hex(v.value);
    case "secOffset":
      return hex(v.value);
    case "listIndex":
      return `index ${v.value}`;
  }
}

function hexOf(b: Uint8Array, start: number, end: number): string {
  const parts: string[] = new Array(end - start);
  for (let i = start; i < end; i++) parts[i - start] = b[i]!.toString(16).padStart(2, "0");
  return parts.join("");
}

function clip(spans: readonly Span[] | undefined, start: number, end: number): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (const s of spans ?? [])
    if (s.end > start && s.start < end) out.push([Math.max(s.start, start), Math.min(s.end, end), s.who]);
  return out;
}

function targetText(r: AppliedReloc): string {
  const name = r.target === "" ? "(anonymous)" : r.target;
  return r.add === 0 ? name : `${name}${r.add > 0 ? "+" : "-"}${hex(Math.abs(r.add))}`;
}

const MAX_ROWS = 20000;

function linesOf(input: ExploreInput, u: Unit, offset: number): ExploreLines | undefined {
  if (input.dwarf.sections.debug_line === undefined) return undefined;
  const compDir = stringAttr(u.root!, DW_AT.comp_dir);
  const prog = readLineProgram(input.dwarf, offset, {
    unitVersion: u.version,
    addressSize: u.addressSize,
    ...(compDir !== undefined && { compDir }),
  });
  const files: string[] = [];
  const first = prog.version >= 5 ? 0 : 1;
  for (let i = first; i < prog.fileNames.length + first; i++) files[i] = lineFilePath(prog, i) ?? "";
  const rows: RowTuple[] = [];
  const used = new Set<number>();
  for (const seq of prog.sequences)
    for (const r of seq) {
      if (rows.length >= MAX_ROWS) break;
      const flags = [
        r.isStmt ? "stmt" : "",
        r.prologueEnd ? "prologue_end" : "",
        r.endSequence ? "end_sequence" : "",
      ];
      rows.push([hex(r.address), r.file, r.line, r.column, flags.filter((f) => f !== "").join(" ")]);
      used.add(r.file);
    }
  const sources: Record<number, string> = {};
  if (input.source !== undefined)
    for (const f of [...used].sort((a, b) => a - b)) {
      const text = files[f] === undefined || files[f] === "" ? undefined : input.source(files[f]!);
      if (text !== undefined) sources[f] = text;
    }
  for (let i = 0; i < files.length; i++) files[i] ??= "";
  return { offset, files, rows, sources };
}
