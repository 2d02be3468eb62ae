/**
 * objdump: a compiled object for people (text) and for programs (JSON). Every symbol with its
 * kind, size, attributes and relocations (targets by name or label, with addend), and its DWARF
 * bytes decoded (decode.ts). With `explain`, every decoded item also shows its offset, its bytes
 * and the modelled Go function that wrote them (from the provenance marks the compiler records
 * with CompileOptions.provenance), so a learner sees which compiler step wrote every byte.
 */
import type { ObjFile } from "../gc/compile.js";
import { attrNames, type LSym } from "../obj/lsym.js";
import { type DecodedSym, DecodeEnv, type DumpItem, decodeSym, GO_LINE_PARAMS } from "./decode.js";
import { objToJson, type SymbolJson } from "./json.js";
import type { JsonValue } from "./jsontext.js";
import { type SymEntry, type SymTable, symbolTable } from "./symtab.js";
import { relocNumber, symKindNumber } from "../profile.js";

export interface ObjdumpOptions {
  /** Show offsets, bytes and the writer of every item. */
  explain?: boolean;
  /** Only the symbols of this name, with their anonymous (DWARF aux) symbols. */
  sym?: string;
}

/** The entries to show: all, or those named `sym` and the anonymous symbols labelled after them. */
export function selected(entries: readonly SymEntry[], sym: string | undefined): SymEntry[] {
  if (sym === undefined) return [...entries];
  return entries.filter((e) => e.sym.name === sym || (e.sym.name === "" && e.label.startsWith(`${sym}.`)));
}

const HEX_PER_LINE = 8;
/** Width of the hex column: eight bytes as "xx " less the last space. */
const HEX_WIDTH = HEX_PER_LINE * 3 - 1;
const MAX_TEXT_COLUMN = 72;

/** The whole object as text (decoding everything first: a malformed symbol throws, no half dump). */
export function objdump(obj: ObjFile, opts: ObjdumpOptions = {}): string {
  const table = symbolTable(obj);
  const show = selected(table.entries, opts.sym);
  const of = show.length === table.entries.length ? "" : `${show.length} of `;
  return objdumpTable(
    obj,
    table,
    show,
    `godwarf object: package ${obj.pkgname} (import path ${JSON.stringify(obj.pkgpath)}), ${obj.profile.version}, DWARF ${obj.dwarfVersion}, ${of}${table.entries.length} symbols\n`,
    opts,
  );
}

/** The entries `show` of an object whose symbol table is `table`, after the heading `head`. */
export function objdumpTable(
  obj: ObjFile,
  table: SymTable,
  show: readonly SymEntry[],
  head: string,
  opts: ObjdumpOptions = {},
): string {
  const env = new DecodeEnv(obj, table);
  const decoded = show.map((e) => decodeSym(env, e.sym));
  const explain = opts.explain === true;
  const out: string[] = [];
  out.push(head);
  if (explain) {
    const hasMarks = show.some((e) => e.sym.marks.length > 0);
    out.push(
      hasMarks
        ? "Each line: offset in the symbol, the bytes, what they mean, # the modelled Go function that wrote them.\n"
        : "Each line: offset in the symbol, the bytes, what they mean. (No provenance was recorded: compile with --provenance to see who wrote each byte.)\n",
    );
  }
  show.forEach((e, i) => {
    out.push("\n");
    symbolText(env, e, decoded[i]!, explain, out);
  });
  return out.join("");
}

function kindText(env: DecodeEnv, s: LSym): string {
  return `${s.type}(${symKindNumber(env.obj.profile, s.type)})`;
}

function symbolText(env: DecodeEnv, e: SymEntry, d: DecodedSym, explain: boolean, out: string[]): void {
  const s = e.sym;
  const head = `[${e.index}] ${e.label}${s.name === "" ? " (anonymous)" : ""}  ${kindText(env, s)}`;
  const attrs = attrNames(s.attr);
  if (e.role === "undefined") {
    const users = [...new Set(env.referrersOf(s).map((u) => env.label(u.from)))];
    out.push(`${head}  undefined${users.length > 0 ? `, referenced by ${users.join(", ")}` : ""}\n`);
    return;
  }
  const size =
    s.func !== undefined && s.P.length === 0
      ? `${s.size} bytes of machine code (not shown)`
      : `${s.size} bytes`;
  out.push(
    `${head}  ${e.role}, ${size}${attrs.length > 0 ? `, ${attrs.join(" ")}` : ""}${s.func !== undefined ? `, ${s.abi}` : ""}\n`,
  );
  auxText(env, s, out);
  if (s.func !== undefined && s.func.text.length > 0) {
    out.push("    progs (pc, file index, line):\n");
    for (const p of s.func.text) {
      const flags = [p.isStmt ? "" : "not_stmt", p.prologueEnd ? "prologue_end" : ""].filter((x) => x !== "");
      out.push(
        `      0x${p.pc.toString(16).padStart(4, "0")}  file ${p.fileIndex}  line ${p.line}${flags.length > 0 ? `  ${flags.join(" ")}` : ""}\n`,
      );
    }
  }
  if (s.R.length > 0) {
    out.push("    relocations:\n");
    const w = Math.max(...s.R.map((r) => `${r.type}(${relocNumber(env.obj.profile, r.type)})`.length));
    for (const r of s.R) {
      const t = `${r.type}(${relocNumber(env.obj.profile, r.type)})`.padEnd(w);
      out.push(`      0x${r.off.toString(16).padStart(4, "0")}  size ${r.siz}  ${t}  ${env.targetText(r)}\n`);
    }
  }
  if (d.items.length === 0) return;
  out.push(`    ${sectionTitle(env, s, d)}:\n`);
  itemsText(s, d.items, explain, out);
  if (d.rows !== undefined && d.rows.length > 0) {
    out.push(`    rows (pc relative to ${ownerOf(env, s) ?? "the function"}):\n`);
    out.push("      pc        line  file  flags\n");
    for (const r of d.rows) {
      const flags = [
        r.isStmt ? "stmt" : "",
        r.prologueEnd ? "prologue_end" : "",
        r.endSequence ? "end_sequence" : "",
      ].filter((x) => x !== "");
      out.push(
        `      0x${r.pc.toString(16).padStart(4, "0")}  ${String(r.line).padStart(6)}  ${String(r.file).padStart(4)}  ${flags.join(" ")}\n`,
      );
    }
  }
}

/** The text symbol whose aux symbol `s` is. */
function ownerOf(env: DecodeEnv, s: LSym): string | undefined {
  for (const e of env.table.entries) {
    const f = e.sym.func;
    if (f !== undefined && (f.dwarfDebugLinesSym === s || f.dwarfInfoSym === s || f.dwarfLocSym === s))
      return e.label;
  }
  return undefined;
}

function auxText(env: DecodeEnv, s: LSym, out: string[]): void {
  const parts: string[] = [];
  const link = (what: string, a: LSym | undefined): void => {
    if (a === undefined) return;
    parts.push(`${what} [${env.table.indexOf.get(a)}] ${env.label(a)}`);
  };
  link("gotype", s.Gotype);
  const f = s.func;
  if (f !== undefined) {
    link("info", f.dwarfInfoSym);
    link("loc", f.dwarfLocSym);
    link("ranges", f.dwarfRangesSym);
    link("lines", f.dwarfDebugLinesSym);
    link("abstract", f.dwarfAbsFnSym);
  }
  if (s.varInfo !== undefined) link("info", s.varInfo.dwarfInfoSym);
  if (parts.length > 0) out.push(`    aux: ${parts.join(", ")}\n`);
}

function sectionTitle(env: DecodeEnv, s: LSym, d: DecodedSym): string {
  const v = env.obj.dwarfVersion;
  switch (d.format) {
    case "dies":
      return `DIEs (Go's DWARF ${v} abbrev table; no unit header: the linker places them in a unit)`;
    case "lines":
      return `line-program fragment (line_base ${GO_LINE_PARAMS.lineBase}, line_range ${GO_LINE_PARAMS.lineRange}, opcode_base ${GO_LINE_PARAMS.opcodeBase}, min_inst_len ${GO_LINE_PARAMS.minInstLength}; the linker writes the header)`;
    case "loclists":
      return v === 5
        ? "location lists (DWARF 5, DW_LLE_ entries)"
        : "location lists (DWARF 4 .debug_loc pairs)";
    case "rnglists":
      return v === 5 ? "range lists (DWARF 5, DW_RLE_ entries)" : "range lists (DWARF 4 .debug_ranges pairs)";
    case "string":
      return s.type === "SDWARFCUINFO" ? "compile-unit record (a string, no NUL)" : "string";
    default:
      return "contents";
  }
}

function hexBytes(b: Uint8Array, from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(b[i]!.toString(16).padStart(2, "0"));
  return parts.join(" ");
}

function itemsText(s: LSym, items: readonly DumpItem[], explain: boolean, out: string[]): void {
  const pad = "      ";
  const texts = items.map((it) => `${"  ".repeat(Math.min(it.depth, 32))}${it.text}`);
  if (!explain) {
    for (const t of texts) out.push(`${pad}${t}\n`);
    return;
  }
  const P = s.P;
  const offWidth = Math.max(2, (Math.max(P.length, 1) - 1).toString(16).length);
  const textWidth = Math.min(MAX_TEXT_COLUMN, Math.max(...texts.map((t) => t.length)));
  items.forEach((it, i) => {
    const off = `0x${it.offset.toString(16).padStart(offWidth, "0")}`;
    const firstEnd = Math.min(it.end, it.offset + HEX_PER_LINE);
    const who = it.who.length > 0 ? `  # ${it.who.join("; ")}` : "";
    const text = who === "" ? texts[i]! : texts[i]!.padEnd(textWidth);
    out.push(
      `${pad}${off}  ${hexBytes(P, it.offset, firstEnd).padEnd(HEX_WIDTH)}  ${text}${who}`.trimEnd(),
      "\n",
    );
    for (let k = firstEnd; k < it.end; k += HEX_PER_LINE) {
      const blank = " ".repeat(off.length);
      out.push(`${pad}${blank}  ${hexBytes(P, k, Math.min(it.end, k + HEX_PER_LINE))}\n`);
    }
  });
}

/** The structure --json prints: the object's symbols, each with its decoded DWARF bytes. */
export interface ObjdumpJson {
  toolchain: string;
  package: { path: string; name: string };
  dwarfVersion: 4 | 5;
  symbols: (Omit<SymbolJson, "data" | "marks"> & { decoded: JsonValue })[];
}

/** The decoded object as data: symbols as in the object format, `data` and `marks` replaced by `decoded`. */
export function objdumpJson(obj: ObjFile): ObjdumpJson {
  const table = symbolTable(obj);
  const env = new DecodeEnv(obj, table);
  const doc = objToJson(obj, table);
  const symbols = doc.symbols.map((sj, i) => {
    const s = table.entries[i]!.sym;
    const d = decodeSym(env, s);
    const { data: _data, marks: _marks, ...rest } = sj;
    const decoded: { [k: string]: JsonValue } = {
      format: d.format,
      items: d.items.map((it) => itemJson(s, it)),
    };
    if (d.rows !== undefined) decoded.rows = d.rows as unknown as JsonValue;
    return { ...rest, decoded };
  });
  return { toolchain: doc.toolchain, package: doc.package, dwarfVersion: doc.dwarfVersion, symbols };
}

function itemJson(s: LSym, it: DumpItem): JsonValue {
  const o: { [k: string]: JsonValue } = {
    offset: it.offset,
    end: it.end,
    bytes: hexBytes(s.P, it.offset, it.end).replaceAll(" ", ""),
    depth: it.depth,
    kind: it.kind,
    text: it.text,
    ...it.fields,
  };
  if (it.relocs.length > 0) o.relocs = it.relocs as unknown as JsonValue;
  if (it.who.length > 0) o.who = it.who;
  return o;
}

/**
 * Symbols as data for an object read from elsewhere (a real Go object's view): index, name, label,
 * role, kind, ABI, size, relocations, DWARF aux links and the decoded bytes, plus `extra(index)`.
 */
export function objdumpJsonTable(
  obj: ObjFile,
  table: SymTable,
  show: readonly SymEntry[],
  extra: (index: number) => { [k: string]: JsonValue },
): JsonValue[] {
  const env = new DecodeEnv(obj, table);
  return show.map((e) => {
    const s = e.sym;
    const d = decodeSym(env, s);
    const decoded: { [k: string]: JsonValue } = {
      format: d.format,
      items: d.items.map((it) => itemJson(s, it)),
    };
    if (d.rows !== undefined) decoded.rows = d.rows as unknown as JsonValue;
    const aux: { [k: string]: JsonValue } = {};
    const link = (k: string, a: LSym | undefined): void => {
      if (a !== undefined) aux[k] = table.indexOf.get(a) ?? -1;
    };
    link("gotype", s.Gotype);
    link("dwarfInfo", s.func?.dwarfInfoSym ?? s.varInfo?.dwarfInfoSym);
    link("dwarfLoc", s.func?.dwarfLocSym);
    link("dwarfRanges", s.func?.dwarfRangesSym);
    link("dwarfLines", s.func?.dwarfDebugLinesSym);
    return {
      index: e.index,
      name: s.name,
      label: e.label,
      role: e.role,
      kind: { name: s.type, number: symKindNumber(obj.profile, s.type) ?? -1 },
      abi: s.has("Static") ? "static" : s.abi,
      size: s.size,
      relocs: s.R.map((r) => env.relocView(r)) as unknown as JsonValue,
      ...(Object.keys(aux).length > 0 && { aux }),
      ...extra(e.index),
      decoded,
    };
  });
}
