/**
 * Attribute values resolved for a reader, as `godwarf demo` shows them and `godwarf dump` prints
 * them without --raw: a reference with the name (or tag) of the DIE it points at, decl_file and
 * call_file with the file's path, enumerations by name (DW_LANG_Go, DW_INL_inlined, DW_ATE_*, Go's
 * DW_AT_go_kind), high_pc as where the code ends, and location and range lists with their entries,
 * expressions disassembled with the machine's register names.
 */
import { ateName, attrName, DW_AT, DW_FORM, inlName, langName } from "../../dwarf/constants.js";
import { isFormatError } from "../../dwarf/errors.js";
import { formatExpr } from "../../dwarf/read/expr.js";
import { type LineProgram, type LineRowSink, lineFilePath, readLineProgram } from "../../dwarf/read/line.js";
import { type ListContext, listContextOf, readLocList, readRngList } from "../../dwarf/read/lists.js";
import { type Attr, attrNumber, attrString, type Die, findAttr, type Unit } from "../../dwarf/read/model.js";
import { DieNameIndex } from "../../dwarf/read/names.js";
import { type RegNamer, regNamer } from "../../dwarf/read/regs.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { ExprEncoding } from "../../dwarf/read/expr.js";
import { attrExprText, attrValueText, unitEncoding } from "./info.js";
import { hex } from "./json.js";

/** reflect.Kind names, the values of Go's DW_AT_go_kind (reflect/type.go Kind). */
const GO_KINDS = [
  "Invalid",
  "Bool",
  "Int",
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "Uint",
  "Uint8",
  "Uint16",
  "Uint32",
  "Uint64",
  "Uintptr",
  "Float32",
  "Float64",
  "Complex64",
  "Complex128",
  "Array",
  "Chan",
  "Func",
  "Interface",
  "Map",
  "Pointer",
  "Slice",
  "String",
  "Struct",
  "UnsafePointer",
];

/** One resolved value: its first line, and further lines for list entries (printed indented). */
export interface ResolvedValue {
  text: string;
  more: string[];
}

function one(text: string): ResolvedValue {
  return { text, more: [] };
}

const DROP_ROWS: LineRowSink = { header() {}, row() {} };

/** Expressions up to this many bytes have their text cached (Go's repeat: DW_OP_fbreg -24, ...). */
const EXPR_CACHE_BYTES = 24;
const EXPR_CACHE_ENTRIES = 1 << 16;

/**
 * The cache key of expression `b` within its unit shape: up to 6 bytes packed into a number with
 * the length (no string built for the usual DW_OP_fbreg -24), else a string.
 */
function exprKey(b: Uint8Array): number | string {
  if (b.length > 6) return String.fromCharCode(...b);
  let k = 0;
  for (let i = 0; i < b.length; i++) k = k * 256 + b[i]!;
  // 48 bits of bytes, then the length (1..6): below 2^53, exact as a float.
  return k + b.length * 2 ** 48;
}

/**
 * Resolves values over a set of units. The DIE index of a unit is built the first time a reference
 * points into it (Go's types all sit in one unit), and each line program is read once.
 */
export class Resolver {
  readonly regName: RegNamer;
  /** The last line program read (units are printed one after another). */
  private lines: { offset: number; program: LineProgram } | undefined;
  /** The encoding and list context of the last unit asked about (units are printed in turn). */
  private perUnit: { unit: Unit; enc: ExprEncoding; lists: ListContext | undefined } | undefined;
  /** Expression text by unit shape (address and offset size) and bytes (see EXPR_CACHE_BYTES). */
  private readonly exprTexts = new Map<number, Map<number | string, string>>();

  constructor(
    private readonly ds: DwarfSections,
    private readonly names: DieNameIndex,
  ) {
    this.regName = regNamer(ds.arch);
  }

  /** An index over `units`, for a caller that holds them all. */
  static over(ds: DwarfSections, units: Iterable<Unit>): Resolver {
    const ix = new DieNameIndex();
    for (const u of units) ix.add(u);
    return new Resolver(ds, ix);
  }

  /** The name a reference shows: the DIE's name, its abstract origin's, or its tag. */
  dieName(offset: number): string {
    return this.names.label(offset) ?? "(no DIE at this offset)";
  }

  /** The unit's line program, for its file names (its rows are not kept). */
  lineProgram(unit: Unit): LineProgram | undefined {
    const off = unit.root === undefined ? undefined : attrNumber(unit.root, DW_AT.stmt_list);
    if (off === undefined || this.ds.sections.debug_line === undefined) return undefined;
    if (this.lines?.offset !== off) {
      const compDir = unit.root === undefined ? undefined : attrString(unit.root, DW_AT.comp_dir);
      // Only the file table is wanted: the rows are run (DW_LNE_define_file adds files) and dropped.
      const program = readLineProgram(this.ds, off, {
        unitVersion: unit.version,
        ...(compDir === undefined ? {} : { compDir }),
        rows: DROP_ROWS,
      });
      this.lines = { offset: off, program };
    }
    return this.lines.program;
  }

  private unitState(unit: Unit): { enc: ExprEncoding; lists: ListContext | undefined } {
    if (this.perUnit?.unit !== unit)
      this.perUnit = { unit, enc: unitEncoding(unit, this.ds.littleEndian), lists: undefined };
    return this.perUnit;
  }

  private listContext(unit: Unit): ListContext {
    const st = this.unitState(unit);
    st.lists ??= listContextOf(unit);
    return st.lists;
  }

  private expr(unit: Unit, b: Uint8Array): string {
    if (b.length === 0) return "<empty> (optimized out)";
    const enc = this.unitState(unit).enc;
    const key = b.length <= EXPR_CACHE_BYTES ? exprKey(b) : undefined;
    const shape = enc.addressSize * 16 + enc.offsetSize;
    let texts = this.exprTexts.get(shape);
    if (texts === undefined) {
      texts = new Map();
      this.exprTexts.set(shape, texts);
    }
    if (key !== undefined) {
      const t = texts.get(key);
      if (t !== undefined) return t;
    }
    let text: string;
    try {
      text = formatExpr(b, enc, { regName: this.regName });
    } catch (e) {
      if (!isFormatError(e)) throw e;
      text = `<malformed expression: ${e.problem}>`;
    }
    if (key !== undefined) {
      if (texts.size >= EXPR_CACHE_ENTRIES) texts.clear();
      texts.set(key, text);
    }
    return text;
  }

  /** The value of `a` (an attribute of `die` in `unit`), resolved. */
  value(unit: Unit, die: Die, a: Attr): ResolvedValue {
    const v = a.value;
    if (v.kind === "reference") return one(`<${hex(v.offset)}> ${this.dieName(v.offset)}`);
    switch (a.at) {
      case DW_AT.decl_file:
      case DW_AT.call_file:
        if (v.kind === "constant") {
          const lp = this.lineProgram(unit);
          const path = lp === undefined ? undefined : lineFilePath(lp, Number(v.value));
          return one(path === undefined ? `${v.value}` : `${v.value} (${path})`);
        }
        break;
      case DW_AT.high_pc: {
        const low = findAttr(die, DW_AT.low_pc)?.value;
        if (v.kind === "constant" && low?.kind === "address")
          return one(`${hex(v.value)} bytes (ends at ${hex(low.value + v.value)})`);
        break;
      }
      case DW_AT.language:
        if (v.kind === "constant") return one(langName(Number(v.value)));
        break;
      case DW_AT.inline:
        if (v.kind === "constant") return one(inlName(Number(v.value)));
        break;
      case DW_AT.encoding:
        if (v.kind === "constant") return one(ateName(Number(v.value)));
        break;
      case DW_AT.go_kind:
        if (v.kind === "constant") return one(`${v.value} (${GO_KINDS[Number(v.value)] ?? "unknown kind"})`);
        break;
      case DW_AT.stmt_list:
        if (v.kind === "secOffset") return one(`${hex(v.value)} (.debug_line program)`);
        break;
      case DW_AT.ranges:
        if (v.kind === "secOffset" || v.kind === "listIndex") {
          const list = readRngList(this.ds, this.listContext(unit), v);
          return {
            text: `range list at ${hex(list.offset)}: ${list.ranges.length} range${list.ranges.length === 1 ? "" : "s"}`,
            more: list.ranges.map((r) => `[${hex(r.begin)}, ${hex(r.end)})`),
          };
        }
        break;
    }
    if (a.at === DW_AT.location || a.at === DW_AT.frame_base) {
      if (v.kind === "secOffset" || v.kind === "listIndex") {
        const list = readLocList(this.ds, this.listContext(unit), v);
        return {
          text: `location list at ${hex(list.offset)}: ${list.locations.length} entr${list.locations.length === 1 ? "y" : "ies"}`,
          more: list.locations.map((l) => `[${hex(l.begin)}, ${hex(l.end)}) ${this.expr(unit, l.expr)}`),
        };
      }
      if (v.kind === "block") return one(this.expr(unit, v.bytes));
    }
    const e = attrExprText(a, this.unitState(unit).enc, this.regName);
    if (e !== undefined) return one(e);
    if (v.kind === "constant") return one(v.value.toString());
    if (v.kind === "flag") return one(v.value ? "true" : "false");
    if (v.kind === "string") return one(JSON.stringify(v.value));
    if (v.kind === "address" && a.form !== DW_FORM.addr) return one(hex(v.value));
    return one(attrValueText(v));
  }
}

/** The attribute name column of the resolved text. */
export function attrLabel(at: number): string {
  return attrName(at);
}
