/**
 * GNU readelf as an oracle: one run of
 *   readelf -W --debug-dump=info,abbrev,line,decodedline,frames,frames-interp,loc,Ranges,addr FILE
 * whose stderr must be empty (readelf reports every warning and error there), and parsers for three
 * of its views: the .debug_info DIE dump (as a tree: offsets, tags, attributes), the decoded line
 * table, and the interpreted frames (the CFA rule at each location). With both line views asked for
 * readelf prints only the decoded one, and with both frame views only the interpreted one.
 *
 * Known readelf 2.40 limits (binutils dwarf.c), none of which the parsers depend on:
 *  - the .debug_loclists view resolves DW_LLE_base_addressx by reading .debug_addr at the *index*
 *    as a byte offset (fetch_indexed_addr ignores DW_AT_addr_base and the entry size), so the
 *    "(base address)" it prints is garbage; the .debug_info view resolves DW_FORM_addrx correctly;
 *  - the .debug_addr view warns "Corrupt .debug_addr section: expecting header size of 8 or 16"
 *    when two units share one .debug_addr table, which every real multi-package Go 1.26 binary
 *    does (one unit with code, as here, is fine);
 *  - in the decoded line view of a version 5 table the "CU:" heading names file 0 (Go's dummy "?"),
 *    so rows of file 1 before any file heading carry only their base name.
 *
 * One complaint is Go's doing (knownGoComplaints): in DWARF 5 Go's linker always writes the
 * .debug_loclists header (dwarf.go dwarfGenerateDebugSyms: writeDebugLocListsHdr, patched to the
 * units' total), so a program without any location list gets a 12-byte section that nothing
 * refers to, and readelf says "Error: No location lists in .debug_info section!" and "Warning:
 * There are 12 unused bytes at the end of section .debug_loclists". (A real binary always has the
 * runtime's location lists, so it is seen only on small linked programs.)
 */
import { spawnSync } from "node:child_process";
import {
  type CfaRow,
  collapseCfa,
  type FdeFact,
  type FunctionFact,
  normalizeFile,
  type RowFact,
} from "./facts.js";

export const READELF_ARGS = [
  "-W",
  "--debug-dump=info,abbrev,line,decodedline,frames,frames-interp,loc,Ranges,addr",
] as const;

export interface ReadelfRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runReadelf(file: string, timeoutMs = 60_000): ReadelfRun {
  const r = spawnSync("readelf", [...READELF_ARGS, file], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: timeoutMs,
  });
  if (r.error !== undefined) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** What readelf says about Go's own layout of these sections (see the module comment). */
export function knownGoComplaints(sections: ReadonlyMap<string, Uint8Array>): RegExp[] {
  const loclists = sections.get(".debug_loclists");
  if (loclists === undefined || loclists.length !== 12) return [];
  return [
    /^readelf: Error: No location lists in \.debug_info section!$/,
    /^readelf: Warning: There are 12 unused bytes at the end of section \.debug_loclists$/,
  ];
}

/** Lines of stdout or stderr that report a problem, but for the `known` ones. */
export function readelfComplaints(run: ReadelfRun, known: readonly RegExp[] = []): string[] {
  const out = run.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  for (const l of run.stdout.split("\n")) {
    if (/^readelf: (Warning|Error)/.test(l) || /\bWarning: |\bError: /.test(l)) out.push(l.trim());
  }
  if (run.status !== 0) out.push(`exit status ${run.status}`);
  return out.filter((l) => !known.some((k) => k.test(l)));
}

/** The text of one "Contents of the SECTION section:" block. */
export function sectionView(stdout: string, section: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`Contents of the ${section} section:`));
  if (start < 0) return [];
  let end = lines.findIndex((l, i) => i > start && /^(Contents of the |Raw dump of )/.test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start + 1, end);
}

/** An attribute as readelf prints it: form and the text after it. */
export interface ReadelfAttr {
  form: string;
  text: string;
}

export interface ReadelfDie {
  offset: number;
  depth: number;
  tag: string;
  attrs: Map<string, ReadelfAttr>;
  children: ReadelfDie[];
  parent: ReadelfDie | undefined;
}

export interface ReadelfUnit {
  offset: number;
  version: number;
  root: ReadelfDie | undefined;
}

/** The .debug_info view as a tree of DIEs per unit, and every DIE by offset. */
export function parseInfo(stdout: string): { units: ReadelfUnit[]; byOffset: Map<number, ReadelfDie> } {
  const units: ReadelfUnit[] = [];
  const byOffset = new Map<number, ReadelfDie>();
  let unit: ReadelfUnit | undefined;
  let die: ReadelfDie | undefined;
  const stack: ReadelfDie[] = [];
  for (const line of sectionView(stdout, ".debug_info")) {
    let m = /^\s+Compilation Unit @ offset (0x[0-9a-f]+|0):/.exec(line);
    if (m !== null) {
      unit = { offset: Number(m[1]), version: 0, root: undefined };
      units.push(unit);
      stack.length = 0;
      die = undefined;
      continue;
    }
    m = /^\s+Version:\s+(\d+)/.exec(line);
    if (m !== null && unit !== undefined && die === undefined) {
      unit.version = Number(m[1]);
      continue;
    }
    m = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?/.exec(line);
    if (m !== null) {
      const depth = Number(m[1]);
      if (m[3] === "0") {
        die = undefined;
        continue;
      }
      const d: ReadelfDie = {
        offset: Number.parseInt(m[2]!, 16),
        depth,
        tag: m[4] ?? "?",
        attrs: new Map(),
        children: [],
        parent: undefined,
      };
      stack.length = depth;
      const parent = depth > 0 ? stack[depth - 1] : undefined;
      if (parent !== undefined) {
        d.parent = parent;
        parent.children.push(d);
      } else if (unit !== undefined) unit.root = d;
      stack[depth] = d;
      byOffset.set(d.offset, d);
      die = d;
      continue;
    }
    m = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+|Unknown AT value: \w+)\s*: \((\w+)\) ?(.*)$/.exec(line);
    if (m !== null && die !== undefined) die.attrs.set(m[1]!, { form: m[2]!, text: m[3]! });
  }
  return { units, byOffset };
}

/** A constant, address or index attribute's value. */
export function attrNumber(a: ReadelfAttr | undefined): number | undefined {
  if (a === undefined) return undefined;
  // "(addrx) (index: 0): 0x401000" and "(addr) 0x401000": the address is the last word.
  const words = a.text.split(/\s+/).filter((w) => w !== "");
  const w = a.form.startsWith("addr") ? words[words.length - 1] : words[0];
  if (w === undefined) return undefined;
  const v = /^-?0x[0-9a-f]+$/i.test(w) ? Number.parseInt(w, 16) : Number(w);
  return Number.isFinite(v) ? v : undefined;
}

/** A reference attribute's target offset ("<0x5e99>"). */
export function attrRef(a: ReadelfAttr | undefined): number | undefined {
  const m = a === undefined ? null : /<0x([0-9a-f]+)>/.exec(a.text);
  return m === null ? undefined : Number.parseInt(m[1]!, 16);
}

/** A row of the decoded line view; `baseOnly` when readelf gave no directory for its file. */
export interface ReadelfRow extends RowFact {
  baseOnly: boolean;
}

/**
 * The decoded line view's rows, every unit's, in order. A file heading ("DIR/NAME:", or
 * "./NAME:[++]" for directory 0) is printed at each DW_LNS_set_file; after an end of sequence the
 * state's file is the initial one again without a heading, so the row's own column (the base name)
 * decides: a heading whose base name differs is not the row's file.
 */
export function parseDecodedLines(stdout: string): ReadelfRow[] {
  const rows: ReadelfRow[] = [];
  let initial: string | undefined;
  let path: string | undefined;
  const row = /^(\S.*?)\s+(\d+|-)\s+(0x[0-9a-f]+)(?:\s+(\d+))?(?:\s+(x))?\s*$/;
  const base = (f: string): string => f.slice(f.lastIndexOf("/") + 1);
  for (const line of sectionView(stdout, ".debug_line")) {
    if (line.trim() === "" || line.startsWith("File name ")) continue;
    const cu = /^CU: (.*):$/.exec(line);
    if (cu !== null) {
      // Version 5: file 0, Go's dummy "?", not the file rows start in.
      initial = cu[1]!.endsWith("?") ? undefined : normalizeFile(cu[1]!);
      path = initial;
      continue;
    }
    const m = row.exec(line);
    if (m !== null) {
      const end = m[2] === "-";
      const known = path !== undefined && base(path) === m[1];
      rows.push({
        address: Number.parseInt(m[3]!, 16),
        file: known ? path! : m[1]!,
        baseOnly: !known,
        line: end ? 0 : Number(m[2]),
        isStmt: m[5] === "x",
        endSequence: end,
        prologueEnd: undefined,
      });
      if (end) path = initial;
      continue;
    }
    const h = /^(.*):(?:\[\+\+\])?$/.exec(line);
    if (h !== null) path = normalizeFile(h[1]!);
  }
  return rows;
}

/** The interpreted frames: every FDE with its CFA rows, consecutive equal rules merged. */
export function parseFramesInterp(stdout: string): FdeFact[] {
  const fdes: FdeFact[] = [];
  let cur: { begin: number; end: number; rows: CfaRow[] } | undefined;
  for (const line of sectionView(stdout, ".debug_frame")) {
    const h = /^[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
    if (h !== null) {
      cur = { begin: Number.parseInt(h[1]!, 16), end: Number.parseInt(h[2]!, 16), rows: [] };
      fdes.push(cur);
      continue;
    }
    if (/^[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ CIE/.test(line)) {
      cur = undefined;
      continue;
    }
    const r = /^([0-9a-f]{8,16}) (\S+)/.exec(line);
    if (r !== null && cur !== undefined) cur.rows.push({ pc: Number.parseInt(r[1]!, 16), cfa: r[2]! });
  }
  return fdes.map((f) => ({ ...f, rows: collapseCfa(f.rows) }));
}

/** What the .debug_info view says about the program. */
export interface InfoFacts {
  units: { name: string; version: number }[];
  functions: FunctionFact[];
  globals: { name: string; addr: number | undefined }[];
}

/** Functions with code, their variables, and the package variables, from the .debug_info view. */
export function infoFacts(stdout: string): InfoFacts {
  const { units, byOffset } = parseInfo(stdout);
  const origin = (d: ReadelfDie): ReadelfDie | undefined => {
    const o = attrRef(d.attrs.get("DW_AT_abstract_origin"));
    return o === undefined ? undefined : byOffset.get(o);
  };
  const attr = (d: ReadelfDie, at: string): ReadelfAttr | undefined =>
    d.attrs.get(at) ?? (origin(d) === undefined ? undefined : origin(d)!.attrs.get(at));
  const name = (d: ReadelfDie): string | undefined => attr(d, "DW_AT_name")?.text;

  const out: InfoFacts = { units: [], functions: [], globals: [] };
  for (const u of units) {
    const root = u.root;
    if (root === undefined) continue;
    out.units.push({ name: name(root) ?? "", version: u.version });
    for (const d of root.children) {
      if (d.tag === "DW_TAG_variable") {
        const m = /DW_OP_addr: ([0-9a-f]+)/.exec(d.attrs.get("DW_AT_location")?.text ?? "");
        out.globals.push({ name: name(d) ?? "", addr: m === null ? undefined : Number.parseInt(m[1]!, 16) });
        continue;
      }
      if (d.tag !== "DW_TAG_subprogram" || !d.attrs.has("DW_AT_low_pc")) continue;
      const lowpc = attrNumber(d.attrs.get("DW_AT_low_pc")) ?? -1;
      const hi = d.attrs.get("DW_AT_high_pc");
      const hv = attrNumber(hi) ?? -1;
      const fn: FunctionFact = {
        name: name(d) ?? "",
        lowpc,
        highpc: hi?.form === "addr" ? hv : lowpc + hv,
        vars: [],
      };
      const walk = (p: ReadelfDie, inlinedIn: string | undefined): void => {
        for (const c of p.children) {
          if (c.tag === "DW_TAG_formal_parameter" || c.tag === "DW_TAG_variable") {
            fn.vars.push({
              name: name(c) ?? "",
              declLine: attrNumber(attr(c, "DW_AT_decl_line")),
              param: c.tag === "DW_TAG_formal_parameter",
              inlinedIn,
            });
          } else if (c.tag === "DW_TAG_lexical_block") walk(c, inlinedIn);
          else if (c.tag === "DW_TAG_inlined_subroutine") walk(c, name(c) ?? "");
        }
      };
      walk(d, undefined);
      out.functions.push(fn);
    }
  }
  return out;
}
