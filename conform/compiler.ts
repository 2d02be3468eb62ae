/**
 * The compiler's conformance check: the model compiles a package from what the real cmd/compile
 * gave dwarfgen (a capture), and each DWARF symbol of the real object (SDWARF* kinds: function
 * info, location and range lists, line fragments, abstract functions, cuinfo, constants, global
 * variable DIEs) is compared by name with the model's: bytes, then relocations (offset, size,
 * type, target, addend). Anonymous aux symbols are named after what they hang on
 * ("main.add.info", ".loc", ".ranges", ".lines"; "main.v.var" for a global's DIE), as objdump
 * labels them for both kinds of object.
 *
 * The first difference is decoded with objdump's decoder on both sides: the DIE path and the
 * attribute (or the line opcode, the list entry), both values, and, from the model's provenance
 * marks, the modelled Go function that wrote those bytes.
 */
import type { ObjFile } from "../compiler/gc/compile.js";
import { DecodeEnv, type DumpItem, decodeSym } from "../compiler/objfile/decode.js";
import type { GoObjView } from "../compiler/objfile/goobj.js";
import { type SymTable, symbolTable } from "../compiler/objfile/symtab.js";
import type { LSym, Reloc } from "../compiler/obj/lsym.js";

export const DWARF_SYM_KINDS: ReadonlySet<string> = new Set([
  "SDWARFCUINFO",
  "SDWARFCONST",
  "SDWARFFCN",
  "SDWARFABSFCN",
  "SDWARFTYPE",
  "SDWARFVAR",
  "SDWARFRANGE",
  "SDWARFLOC",
  "SDWARFLINES",
]);

/** Where two versions of one symbol first differ. */
export interface SymDifference {
  /** The symbol's label ("main.add.info", "go:info.main.add$abstract", "go:cuinfo.producer.main"). */
  symbol: string;
  kind: string;
  /** The function (or variable) the symbol belongs to, when it is an aux symbol. */
  function: string | undefined;
  what: "missing" | "extra" | "bytes" | "size" | "reloc";
  /** Byte offset of the first difference in the symbol (bytes, size, reloc). */
  offset?: number;
  /** The enclosing DIEs (tag and name), outermost first, for DIE symbols. */
  path?: string[];
  /** The decoded item at the offset on each side (attribute, line opcode, list entry, reloc). */
  real?: string;
  model?: string;
  /** The modelled Go functions that wrote the model's bytes there (provenance). */
  wroteIt?: string[];
}

export interface CompilerPackageReport {
  importPath: string;
  /** DWARF symbols of the real object, compared by name. */
  compared: number;
  identical: number;
  /** DWARF symbols the model wrote that the real object does not have. */
  extra: number;
  first: SymDifference | undefined;
  /** Every differing symbol's label (the first one decoded in `first`). */
  differing: string[];
  /** The package could not be compiled by the model (CompileError, a bad capture). */
  error?: string;
}

/**
 * The name of a symbol of another package that a real object refers to by package and index
 * ("slices#6" in the view): the importing object does not carry it, the other package's object
 * does. Undefined when that object is not at hand.
 */
export type ForeignNames = (importPath: string, index: number) => string | undefined;

interface Side {
  foreign?: ForeignNames | undefined;
  obj: ObjFile;
  table: SymTable;
  /** Each symbol's comparison key (keysOf). */
  keys: Map<LSym, string>;
  bySymLabel: Map<string, LSym>;
  env: DecodeEnv;
}

/**
 * The key each symbol is compared by: its table label, except that an ABI0 text symbol is
 * "name<ABI0>" and its aux symbols "name<ABI0>.info" (and so on). An ABI0 wrapper and the
 * ABIInternal function of the same name are two LSyms in Go (Ctxt.hash and Ctxt.funchash), and the
 * table, which labels by name, would tell them apart only by an index that differs between objects.
 */
function keysOf(obj: ObjFile, table: SymTable): Map<LSym, string> {
  const keys = new Map<LSym, string>();
  for (const t of obj.text) {
    if (t.name === "") continue;
    const k = t.abi === "ABI0" ? `${t.name}<ABI0>` : t.name;
    keys.set(t, k);
    const f = t.func;
    if (f === undefined) continue;
    for (const [field, suffix] of FUNC_AUX) {
      const a = f[field];
      if (a !== undefined && a.name === "") keys.set(a, `${k}.${suffix}`);
    }
  }
  for (const e of table.entries) if (!keys.has(e.sym)) keys.set(e.sym, e.label);
  return keys;
}

const FUNC_AUX = [
  ["dwarfInfoSym", "info"],
  ["dwarfLocSym", "loc"],
  ["dwarfRangesSym", "ranges"],
  ["dwarfDebugLinesSym", "lines"],
] as const;

function side(obj: ObjFile, table: SymTable): Side {
  const bySymLabel = new Map<string, LSym>();
  const keys = keysOf(obj, table);
  for (const e of table.entries) {
    if (e.role === "undefined") continue;
    if (!DWARF_SYM_KINDS.has(e.sym.type)) continue;
    bySymLabel.set(keys.get(e.sym)!, e.sym);
  }
  return { obj, table, keys, bySymLabel, env: new DecodeEnv(obj, table) };
}

function labelOf(s: Side, sym: LSym): string {
  const label = s.keys.get(sym) ?? sym.name;
  const m = s.foreign === undefined ? null : /^(.+)#(\d+)$/.exec(label);
  if (m !== null) return s.foreign?.(m[1]!, Number(m[2])) ?? label;
  return label;
}

/** "main.add.info" -> "main.add"; named symbols have no owner. */
function ownerOf(label: string, sym: LSym): string | undefined {
  if (sym.name !== "") {
    const m = /^go:info\.(.*)\$abstract$/.exec(sym.name);
    return m?.[1];
  }
  const dot = label.lastIndexOf(".");
  return dot > 0 ? label.slice(0, dot) : undefined;
}

/** The number of DWARF symbols `real` defines (what a package's report compares). */
export function countDwarfSyms(real: GoObjView): number {
  return side(real.obj, real.table).bySymLabel.size;
}

/** Compare the model's object with the real one, DWARF symbol by DWARF symbol. */
export function compareCompiled(
  importPath: string,
  real: GoObjView,
  model: ObjFile,
  foreign?: ForeignNames,
): CompilerPackageReport {
  const r: Side = { ...side(real.obj, real.table), foreign };
  const m = side(model, symbolTable(model));
  const report: CompilerPackageReport = {
    importPath,
    compared: 0,
    identical: 0,
    extra: 0,
    first: undefined,
    differing: [],
  };
  const note = (d: SymDifference): void => {
    report.differing.push(d.symbol);
    report.first ??= d;
  };
  for (const [label, rs] of r.bySymLabel) {
    report.compared++;
    const ms = m.bySymLabel.get(label);
    if (ms === undefined) {
      note({ symbol: label, kind: rs.type, function: ownerOf(label, rs), what: "missing" });
      continue;
    }
    const d = compareSym(label, r, rs, m, ms);
    if (d === undefined) report.identical++;
    else note(d);
  }
  for (const [label, ms] of m.bySymLabel) {
    if (r.bySymLabel.has(label)) continue;
    // An empty symbol the real compiler dropped (Go does not write empty aux symbols).
    if (ms.P.length === 0 && ms.R.length === 0) continue;
    report.extra++;
    if (report.first === undefined)
      report.first = { symbol: label, kind: ms.type, function: ownerOf(label, ms), what: "extra" };
  }
  return report;
}

function relocKey(s: Side, x: Reloc): string {
  return `${x.type} off=${x.off} siz=${x.siz} -> ${labelOf(s, x.sym)}${x.add !== 0 ? `${x.add < 0 ? "" : "+"}${x.add}` : ""}`;
}

function compareSym(label: string, r: Side, rs: LSym, m: Side, ms: LSym): SymDifference | undefined {
  const base = { symbol: label, kind: rs.type, function: ownerOf(label, rs) };
  const a = rs.P;
  const b = ms.P;
  const n = Math.min(a.length, b.length);
  let off = -1;
  for (let i = 0; i < n; i++)
    if (a[i] !== b[i]) {
      off = i;
      break;
    }
  if (off < 0 && a.length !== b.length) off = n;
  if (off >= 0)
    return {
      ...base,
      what: a.length !== b.length && off === n ? "size" : "bytes",
      ...locate(r, rs, m, ms, off),
    };
  const rr = [...rs.R].sort((x, y) => x.off - y.off);
  const mr = [...ms.R].sort((x, y) => x.off - y.off);
  for (let i = 0; i < Math.max(rr.length, mr.length); i++) {
    const x = rr[i];
    const y = mr[i];
    const kx = x === undefined ? "(none)" : relocKey(r, x);
    const ky = y === undefined ? "(none)" : relocKey(m, y);
    if (kx !== ky) {
      const at = x?.off ?? y?.off ?? 0;
      const loc = locate(r, rs, m, ms, at);
      return {
        ...base,
        what: "reloc",
        ...loc,
        offset: at,
        real: `${kx}${loc.real ? `  [${loc.real}]` : ""}`,
        model: `${ky}${loc.model ? `  [${loc.model}]` : ""}`,
      };
    }
  }
  return undefined;
}

/** The innermost decoded item of `s` over `off`, and the DIEs around it ("DW_TAG_variable x"). */
function itemAt(side: Side, s: LSym, off: number): { item: DumpItem | undefined; path: string[] } {
  let items: DumpItem[];
  try {
    items = decodeSym(side.env, s).items;
  } catch {
    return { item: undefined, path: [] };
  }
  let best: DumpItem | undefined;
  const open: { die: DumpItem; name: string | undefined }[] = [];
  for (const it of items) {
    if (it.offset > off) break;
    if (it.kind === "die") {
      while (open.length > 0 && open[open.length - 1]!.die.depth >= it.depth) open.pop();
      open.push({ die: it, name: undefined });
    } else if (it.kind === "attr" && it.text.startsWith("DW_AT_name ")) {
      const top = open[open.length - 1];
      if (top !== undefined && top.name === undefined) top.name = /"([^"]*)"/.exec(it.text)?.[1];
    }
    if (it.offset <= off && off < Math.max(it.end, it.offset + 1)) best = it;
  }
  const path = open.map((o) => `${o.die.text.split(" ")[0]}${o.name !== undefined ? ` ${o.name}` : ""}`);
  return { item: best ?? items[items.length - 1], path };
}

function locate(
  r: Side,
  rs: LSym,
  m: Side,
  ms: LSym,
  off: number,
): Pick<SymDifference, "offset" | "path" | "real" | "model" | "wroteIt"> {
  const a = itemAt(r, rs, off);
  const b = itemAt(m, ms, off);
  return {
    offset: off,
    path: a.path.length > 0 ? a.path : b.path,
    real: a.item?.text ?? hexAround(rs.P, off),
    model: b.item?.text ?? hexAround(ms.P, off),
    wroteIt: b.item?.who ?? [],
  };
}

function hexAround(p: Uint8Array, off: number): string {
  const s = Math.max(0, off - 4);
  return `${[...p.slice(s, off + 8)].map((x) => x.toString(16).padStart(2, "0")).join(" ")} (bytes from +${s})`;
}

/** One package's report as text lines. */
export function formatCompilerReport(p: CompilerPackageReport): string[] {
  const lines: string[] = [];
  const ok = p.error === undefined && p.first === undefined;
  lines.push(
    `${ok ? "ok  " : "FAIL"} ${p.importPath}: ${p.identical}/${p.compared} DWARF symbols identical${p.extra > 0 ? `, ${p.extra} extra in the model` : ""}`,
  );
  if (p.error !== undefined) lines.push(`     error: ${p.error}`);
  const d = p.first;
  if (d !== undefined) {
    lines.push(
      `     first difference: ${d.symbol} (${d.kind}${d.function !== undefined ? `, function ${d.function}` : ""}): ${d.what}${d.offset !== undefined ? ` at +0x${d.offset.toString(16)}` : ""}`,
    );
    if (d.path !== undefined && d.path.length > 0) lines.push(`       in ${d.path.join(" > ")}`);
    if (d.real !== undefined) lines.push(`       go:    ${d.real}`);
    if (d.model !== undefined) lines.push(`       model: ${d.model}`);
    if (d.wroteIt !== undefined && d.wroteIt.length > 0)
      lines.push(`       written by ${d.wroteIt.join(" < ")}`);
  }
  return lines;
}
