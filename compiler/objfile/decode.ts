/**
 * Decoding a compiled symbol's DWARF bytes with the readers of dwarf/read, for objdump. A symbol
 * of the object holds a fragment that the linker later places in a section, so nothing here has a
 * header: SDWARFFCN / SDWARFABSFCN / SDWARFVAR / SDWARFCONST hold DIEs (read with Go's own abbrev
 * table for the object's DWARF version, 4-byte ref_addr and sec_offset), SDWARFLINES a line-program
 * fragment (Go's line_base -4, line_range 10, opcode_base 11, min_inst_len 1), SDWARFLOC and
 * SDWARFRANGE location and range lists (DWARF 5 DW_LLE_ / DW_RLE_ entries, or DWARF 4 pairs with
 * base address selection entries), SDWARFCUINFO a string.
 *
 * The bytes under a relocation are placeholders until the linker patches them (zeros, which an
 * R_DWTXTADDR_U* relocation later fills with a padded ULEB128 .debug_addr index). Decoding runs
 * on a copy in which each placeholder holds the relocation's addend, in the relocation's encoding,
 * so every value decodes as "target + addend with the target at 0"; the item then names the
 * relocation's target instead of that number wherever a relocation covers a value.
 *
 * Every decoded item keeps its byte range, so a dump can show the bytes and, when the compiler
 * recorded provenance (LSym.marks), which modelled Go function wrote them.
 */
import { getAbbrev } from "../../dwarf/abbrev.js";
import { attrName, DW_AT, DW_LNS, formName, tagName } from "../../dwarf/constants.js";
import { FormatError } from "../../dwarf/errors.js";
import { type AbbrevTable, readAbbrevTable } from "../../dwarf/read/abbrev.js";
import { Cursor, decodeUtf8 } from "../../dwarf/read/cursor.js";
import { amd64RegName, disassembleExpr, formatOps } from "../../dwarf/read/expr.js";
import type { FormContext } from "../../dwarf/read/forms.js";
import { type DieEntry, readDieSequence } from "../../dwarf/read/info.js";
import { readLineFragment } from "../../dwarf/read/line.js";
import {
  type ListEntry,
  type ListsHeader,
  type RawList,
  readRawLoc,
  readRawLocLists,
  readRawRanges,
  readRawRngLists,
} from "../../dwarf/read/lists.js";
import type { AttrValue } from "../../dwarf/read/model.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import { attrValueJson, bigJson } from "../../dwarf/read/json.js";
import type { ObjFile } from "../gc/compile.js";
import { LINE_BASE, LINE_RANGE, OPCODE_BASE } from "../obj/lines.js";
import type { LSym, Reloc } from "../obj/lsym.js";
import { type RelocTypeName, relocNumber } from "../profile.js";
import type { JsonValue } from "./jsontext.js";
import type { SymTable } from "./symtab.js";

/** The line-program parameters cmd/link's header declares (and amd64's instruction quantum). */
export const GO_LINE_PARAMS = {
  addressSize: 8,
  minInstLength: 1,
  defaultIsStmt: true,
  lineBase: LINE_BASE,
  lineRange: LINE_RANGE,
  opcodeBase: OPCODE_BASE,
} as const;

export interface SymRef {
  index: number;
  name: string;
  label: string;
}

/** A relocation as a dump shows it. */
export interface RelocView {
  off: number;
  siz: number;
  type: RelocTypeName;
  number: number;
  target: SymRef;
  add: number;
}

/** "note": not from the bytes, a remark of objdump's (a giant symbol cut short). */
export type ItemKind = "die" | "attr" | "null" | "list" | "entry" | "op" | "string" | "bytes" | "note";

/** One decoded piece of a symbol: the bytes [offset, end) and what they mean. */
export interface DumpItem {
  offset: number;
  end: number;
  /** Nesting, for indentation: DIE depth, or 1 for the entries of a list. */
  depth: number;
  kind: ItemKind;
  /** What the bytes mean, as one line of text (relocation targets named). */
  text: string;
  /** The same, structured (for --json). */
  fields: { [k: string]: JsonValue };
  /** The relocations over these bytes. */
  relocs: RelocView[];
  /** The modelled Go functions that wrote these bytes (empty without provenance). */
  who: string[];
}

/** One row of a line-program fragment, PC relative to the function. */
export interface LineRowView {
  pc: number;
  file: number;
  line: number;
  isStmt: boolean;
  prologueEnd: boolean;
  endSequence: boolean;
}

export type DecodedFormat = "dies" | "lines" | "loclists" | "rnglists" | "string" | "bytes" | "none";

export interface DecodedSym {
  format: DecodedFormat;
  items: DumpItem[];
  /** Line programs: the rows the fragment produces. */
  rows?: LineRowView[];
}

/** What decoding needs to know about the whole object. */
export class DecodeEnv {
  readonly abbrevs: AbbrevTable;
  private readonly dieCache = new Map<LSym, DieEntry[] | undefined>();
  private readonly referrers = new Map<LSym, { from: LSym; r: Reloc }[]>();

  constructor(
    readonly obj: ObjFile,
    readonly table: SymTable,
  ) {
    this.abbrevs = readAbbrevTable(getAbbrev({ dwarf5: obj.dwarfVersion === 5 }), 0);
    for (const e of table.entries) {
      for (const r of e.sym.R) {
        const l = this.referrers.get(r.sym);
        if (l === undefined) this.referrers.set(r.sym, [{ from: e.sym, r }]);
        else l.push({ from: e.sym, r });
      }
    }
  }

  label(s: LSym): string {
    const i = this.table.indexOf.get(s);
    return i === undefined ? s.name || "(anonymous)" : this.table.entries[i]!.label;
  }

  ref(s: LSym): SymRef {
    const index = this.table.indexOf.get(s) ?? -1;
    return { index, name: s.name, label: this.label(s) };
  }

  relocView(r: Reloc): RelocView {
    return {
      off: r.off,
      siz: r.siz,
      type: r.type,
      number: relocNumber(this.obj.profile, r.type) ?? -1,
      target: this.ref(r.sym),
      add: r.add,
    };
  }

  /** The relocations targeting `s` (where a list or DIE is used from). */
  referrersOf(s: LSym): readonly { from: LSym; r: Reloc }[] {
    return this.referrers.get(s) ?? [];
  }

  /**
   * "go:info.main.add$abstract+0xd <DW_TAG_formal_parameter a>": the target, and when it points
   * into a DIE symbol of this object at a DIE, that DIE.
   */
  targetText(r: Reloc): string {
    const sym = r.sym;
    let t =
      r.add === 0
        ? this.label(sym)
        : `${this.label(sym)}${r.add < 0 ? "-" : "+"}0x${Math.abs(r.add).toString(16)}`;
    if (r.add > 0) {
      const die = this.diesOf(sym)?.find((e) => e.offset === r.add)?.die;
      if (die !== undefined) {
        const name = die.attrs.find((a) => a.at === DW_AT.name)?.value;
        t += ` <${tagName(die.tag)}${name?.kind === "string" ? ` ${name.value}` : ""}>`;
      }
    }
    return t;
  }

  private diesOf(s: LSym): DieEntry[] | undefined {
    if (!this.dieCache.has(s)) {
      let v: DieEntry[] | undefined;
      if (DIE_KINDS.has(s.type) && s.P.length > 0) {
        try {
          v = readDieSequence(
            new Cursor(placeholders(s, this.label(s)), this.label(s)),
            this.abbrevs,
            this.formContext(s),
          ).entries;
        } catch {
          v = undefined;
        }
      }
      this.dieCache.set(s, v);
    }
    return this.dieCache.get(s);
  }

  /** The FormContext of a DIE fragment: no unit, no string sections, addrx index = placeholder. */
  formContext(s: LSym): FormContext {
    const label = this.label(s);
    const noStrings = (_: number, at: number): never => {
      throw new FormatError(label, at, "a string-section form does not occur in a compiler's DIE fragment");
    };
    return {
      version: this.obj.dwarfVersion,
      offsetSize: 4,
      addressSize: 8,
      unitOffset: 0,
      unitEnd: s.P.length,
      infoSize: Number.MAX_SAFE_INTEGER,
      addrx: (index) => BigInt(index),
      strx: noStrings,
      strp: noStrings,
      lineStrp: noStrings,
    };
  }
}

const DIE_KINDS: ReadonlySet<string> = new Set(["SDWARFFCN", "SDWARFABSFCN", "SDWARFVAR", "SDWARFCONST"]);

/**
 * A copy of the symbol's bytes with each relocation's addend in its placeholder: little-endian
 * for the fixed-size relocations, a padded ULEB128 of the relocation's width for R_DWTXTADDR_U*
 * (what the linker writes there, with the index in place of the addend).
 */
export function placeholders(s: LSym, label: string): Uint8Array {
  const b = s.P.slice();
  for (const r of s.R) {
    if (r.siz === 0) continue;
    if (r.off < 0 || r.off + r.siz > b.length)
      throw new FormatError(
        label,
        r.off,
        `${r.type} relocation of ${r.siz} bytes runs past the ${b.length} bytes of data`,
      );
    if (r.type.startsWith("R_DWTXTADDR_")) {
      if (r.add < 0 || r.add >= 2 ** (7 * r.siz))
        throw new FormatError(
          label,
          r.off,
          `${r.type} addend ${r.add} does not fit in ${r.siz} ULEB128 bytes`,
        );
      let v = r.add;
      for (let k = 0; k < r.siz; k++) {
        b[r.off + k] = (v & 0x7f) | (k + 1 < r.siz ? 0x80 : 0);
        v = Math.floor(v / 128);
      }
    } else {
      const v = BigInt.asUintN(8 * r.siz, BigInt(r.add));
      for (let k = 0; k < r.siz; k++) b[r.off + k] = Number((v >> BigInt(8 * k)) & 0xffn);
    }
  }
  return b;
}

/** Decodes the bytes of `s` by its kind; malformed bytes throw a FormatError named by its label. */
export function decodeSym(env: DecodeEnv, s: LSym): DecodedSym {
  // Machine code is not decoded (a real object's text symbols carry code and its relocations).
  if (s.type === "STEXT" || s.type === "STEXTFIPS") return { format: "none", items: [] };
  const label = env.label(s);
  const bytes = placeholders(s, label);
  const d = new Decoder(env, s, label, bytes);
  let out: DecodedSym;
  const format: DecodedFormat =
    bytes.length === 0
      ? "none"
      : DIE_KINDS.has(s.type)
        ? "dies"
        : s.type === "SDWARFLINES"
          ? "lines"
          : s.type === "SDWARFLOC"
            ? "loclists"
            : s.type === "SDWARFRANGE"
              ? "rnglists"
              : s.type === "SDWARFCUINFO"
                ? "string"
                : "bytes";
  try {
    if (format === "none") out = { format, items: [] };
    else if (format === "dies") out = { format, items: d.dies() };
    else if (format === "lines") out = d.lines();
    else if (format === "loclists") out = { format, items: d.lists(true) };
    else if (format === "rnglists") out = { format, items: d.lists(false) };
    else if (format === "string") out = { format, items: [d.string()] };
    else out = { format, items: d.rawBytes() };
  } catch (e) {
    if (!(e instanceof ItemCapReached)) throw e;
    // A giant symbol: what was decoded, then a line saying what was not.
    const items = d.made.slice(0, MAX_ITEMS_PER_SYMBOL);
    const at = e.offset;
    items.push({
      offset: at,
      end: at,
      depth: 0,
      kind: "note",
      text: `... ${bytes.length - at} more bytes not decoded: objdump shows at most ${MAX_ITEMS_PER_SYMBOL} items (and ${MAX_STRING_SHOWN} bytes of a string) of one symbol`,
      fields: { truncatedAt: at, remainingBytes: bytes.length - at },
      relocs: [],
      who: [],
    });
    out = { format, items };
  }
  annotateMarks(s, out.items);
  return out;
}

/** The most bytes of one string symbol objdump shows. */
export const MAX_STRING_SHOWN = 4096;

/** The most items objdump decodes and shows for one symbol (a giant symbol is cut short, saying so). */
export const MAX_ITEMS_PER_SYMBOL = 4096;

/** Thrown by the decoder when a symbol has more items than objdump shows. */
class ItemCapReached extends Error {
  constructor(readonly offset: number) {
    super("item cap reached");
  }
}

/** Attributes whose block value is a location expression. */
const EXPR_ATTRS: ReadonlySet<number> = new Set([DW_AT.location, DW_AT.frame_base]);

class Decoder {
  /** Every item made so far, in order (what is shown when the cap is reached). */
  readonly made: DumpItem[] = [];
  /** The relocations by offset (sorted, with their index in s.R), for {@link Decoder.item}. */
  private readonly byOff: { off: number; i: number }[];
  private readonly maxSiz: number;

  constructor(
    readonly env: DecodeEnv,
    readonly s: LSym,
    readonly label: string,
    readonly bytes: Uint8Array,
  ) {
    this.byOff = s.R.map((r, i) => ({ off: r.off, i })).sort((a, b) => a.off - b.off || a.i - b.i);
    this.maxSiz = s.R.reduce((m, r) => Math.max(m, r.siz), 0);
  }

  item(
    kind: ItemKind,
    offset: number,
    end: number,
    depth: number,
    text: string,
    fields: { [k: string]: JsonValue },
  ): DumpItem {
    if (this.made.length >= MAX_ITEMS_PER_SYMBOL) throw new ItemCapReached(offset);
    // Relocations overlapping [offset, end): one starts at or after offset - (the largest
    // relocation's size), found by binary search; in s.R's order, as a filter would give them.
    const R = this.s.R;
    let lo = 0;
    let hi = this.byOff.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.byOff[mid]!.off < offset - this.maxSiz) lo = mid + 1;
      else hi = mid;
    }
    const hit: number[] = [];
    for (let k = lo; k < this.byOff.length && this.byOff[k]!.off < end; k++) {
      const r = R[this.byOff[k]!.i]!;
      if (r.siz > 0 && r.off + r.siz > offset) hit.push(this.byOff[k]!.i);
    }
    const relocs = hit.sort((a, b) => a - b).map((i) => this.env.relocView(R[i]!));
    const it: DumpItem = { offset, end, depth, kind, text, fields, relocs, who: [] };
    this.made.push(it);
    return it;
  }

  /** The relocation filling exactly the last bytes [r.off, end) with r.off >= from, if any. */
  tail(from: number, end: number): Reloc | undefined {
    return this.s.R.find((r) => r.siz > 0 && r.off >= from && r.off + r.siz === end);
  }

  /** Relocations over [from, end) not in `shown`, as " [+0x8: R_ADDR main.f]" notes. */
  notes(from: number, end: number, shown: readonly Reloc[]): string {
    return this.s.R.filter((r) => r.siz > 0 && r.off < end && r.off + r.siz > from && !shown.includes(r))
      .map((r) => ` [+0x${(r.off - from).toString(16)}: ${r.type} ${this.env.targetText(r)}]`)
      .join("");
  }

  relabel<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FormatError && e.section !== this.label)
        throw new FormatError(this.label, e.offset, e.problem);
      throw e;
    }
  }

  /** A location expression at [start, start + len), with DW_OP_addr operands named by relocation. */
  expr(bytes: Uint8Array, start: number, shown: Reloc[]): string {
    if (bytes.length === 0) return "<empty>";
    const ops = disassembleExpr(
      bytes,
      { addressSize: 8, offsetSize: 4, littleEndian: true },
      this.label,
      start,
    );
    return ops
      .map((op) => {
        const r = op.end > op.offset + 1 ? this.tail(op.offset + 1, op.end) : undefined;
        if (r === undefined) return formatOps([op], { regName: amd64RegName });
        shown.push(r);
        return `${op.name} ${this.env.targetText(r)}`;
      })
      .join(", ");
  }

  dies(): DumpItem[] {
    const c = new Cursor(this.bytes, this.label);
    const { entries } = readDieSequence(c, this.env.abbrevs, this.env.formContext(this.s));
    const items: DumpItem[] = [];
    for (const e of entries) {
      const die = e.die;
      if (die === undefined) {
        items.push(this.item("null", e.offset, e.end, e.depth, "(end of children)", {}));
        continue;
      }
      const headEnd = e.attrOffsets[0] ?? e.end;
      items.push(
        this.item(
          "die",
          e.offset,
          headEnd,
          e.depth,
          `${tagName(die.tag)} [abbrev ${die.code}]${die.hasChildren ? " {children}" : ""}`,
          { code: die.code, tag: tagName(die.tag), children: die.hasChildren },
        ),
      );
      die.attrs.forEach((a, i) => {
        const start = e.attrOffsets[i]!;
        const end = e.attrOffsets[i + 1] ?? e.end;
        const shown: Reloc[] = [];
        const fields: { [k: string]: JsonValue } = {
          name: attrName(a.at),
          form: formName(a.form),
          value: attrValueJson(a.value),
        };
        let value: string;
        const v = a.value;
        const whole = this.tail(start, end);
        if (v.kind === "block" && EXPR_ATTRS.has(a.at)) {
          value = this.relabel(() => this.expr(v.bytes, end - v.bytes.length, shown));
          fields.expr = value;
        } else if (whole !== undefined && whole.off === start) {
          shown.push(whole);
          value = `${this.env.targetText(whole)} (${whole.type})`;
          fields.target = this.env.targetText(whole);
        } else {
          value = valueText(v);
        }
        const text = `${attrName(a.at)} [${formName(a.form)}] ${value}${this.notes(start, end, shown)}`;
        items.push(this.item("attr", start, end, e.depth + 1, text, fields));
      });
    }
    return items;
  }

  lines(): DecodedSym {
    const { ops, sequences } = this.relabel(() =>
      readLineFragment(this.bytes, { ...GO_LINE_PARAMS, version: this.env.obj.dwarfVersion }, this.label),
    );
    const items = ops.map((op, i) => {
      const end = ops[i + 1]?.offset ?? this.bytes.length;
      const shown: Reloc[] = [];
      const operands = op.operands.map((x) => (typeof x === "bigint" ? bigJson(x) : x));
      let text: string;
      const r = this.tail(op.offset + 1, end);
      if (op.name.startsWith("special opcode")) {
        const [pc, line] = op.operands as number[];
        text = `${op.name}: pc +${pc}, line ${line! < 0 ? line : `+${line}`}`;
      } else if (r !== undefined) {
        shown.push(r);
        text = `${op.name} ${this.env.targetText(r)}`;
      } else if (this.bytes[op.offset] === DW_LNS.negate_stmt) {
        text = `${op.name} (is_stmt is now ${op.operands[0]})`;
      } else {
        text = [op.name, ...op.operands.map(String)].join(" ");
      }
      const fields: { [k: string]: JsonValue } = { op: op.name, operands };
      if (r !== undefined) fields.target = this.env.targetText(r);
      return this.item("op", op.offset, end, 0, text + this.notes(op.offset, end, shown), fields);
    });
    const rows = sequences.flat().map((r) => ({
      pc: Number(r.address),
      file: r.file,
      line: r.line,
      isStmt: r.isStmt,
      prologueEnd: r.prologueEnd,
      endSequence: r.endSequence,
    }));
    return { format: "lines", items, rows };
  }

  lists(loc: boolean): DumpItem[] {
    const v5 = this.env.obj.dwarfVersion === 5;
    const name = loc ? (v5 ? "debug_loclists" : "debug_loc") : v5 ? "debug_rnglists" : "debug_ranges";
    const secs: DwarfSections = { littleEndian: true, addressSize: 8, sections: { [name]: this.bytes } };
    const header: ListsHeader = {
      offset: 0,
      end: this.bytes.length,
      offsetSize: 4,
      version: 5,
      base: 0,
      addressSize: 8,
      segmentSelectorSize: 0,
      offsetEntryCount: 0,
      offsets: [],
      dataOffset: 0,
    };
    const lists: RawList[] = this.relabel(() =>
      v5
        ? loc
          ? readRawLocLists(secs, header)
          : readRawRngLists(secs, header)
        : loc
          ? readRawLoc(secs, 8)
          : readRawRanges(secs, 8),
    );
    const items: DumpItem[] = [];
    lists.forEach((l, n) => {
      const users = this.env
        .referrersOf(this.s)
        .filter((u) => u.r.add === l.offset)
        .map((u) => `${this.env.label(u.from)}+0x${u.r.off.toString(16)}`);
      const used = users.length > 0 ? `, used by ${users.join(", ")}` : "";
      items.push(
        this.item("list", l.offset, l.offset, 0, `list ${n} at 0x${l.offset.toString(16)}${used}`, {
          list: n,
          usedBy: users,
        }),
      );
      l.entries.forEach((e, k) => {
        const end = l.entries[k + 1]?.offset ?? l.end;
        items.push(this.entry(e, end, n));
      });
    });
    return items;
  }

  entry(e: ListEntry, end: number, list: number): DumpItem {
    const shown: Reloc[] = [];
    const fields: { [k: string]: JsonValue } = {
      list,
      entry: e.kind,
      operands: e.operands.map(bigJson),
    };
    let text: string;
    const r = e.expr === undefined && e.operands.length === 1 ? this.tail(e.offset + 1, end) : undefined;
    if (r !== undefined) {
      shown.push(r);
      text = `${e.kind} ${this.env.targetText(r)}`;
      fields.target = this.env.targetText(r);
    } else {
      text = [e.kind, e.operands.map((o) => `0x${o.toString(16)}`).join(", ")]
        .filter((x) => x !== "")
        .join(" ");
    }
    if (e.expr !== undefined) {
      const expr = this.relabel(() => this.expr(e.expr!, end - e.expr!.length, shown));
      fields.expr = expr;
      text += `: ${expr}`;
    }
    return this.item("entry", e.offset, end, 1, text + this.notes(e.offset, end, shown), fields);
  }

  string(): DumpItem {
    // A giant string shows its start: the rest is cut short by the item cap below.
    const shown = Math.min(this.bytes.length, MAX_STRING_SHOWN);
    const value = decodeUtf8(this.bytes.subarray(0, shown));
    const it = this.item("string", 0, shown, 0, JSON.stringify(value), { value });
    if (shown < this.bytes.length) throw new ItemCapReached(shown);
    return it;
  }

  rawBytes(): DumpItem[] {
    const items: DumpItem[] = [];
    for (let off = 0; off < this.bytes.length; off += 16) {
      const end = Math.min(off + 16, this.bytes.length);
      items.push(this.item("bytes", off, end, 0, `${end - off} bytes`, {}));
    }
    return items;
  }
}

/** Fills each item's `who` from the symbol's marks (a mark covers its offset up to the next). */
function annotateMarks(s: LSym, items: DumpItem[]): void {
  const marks = s.marks;
  if (marks.length === 0) return;
  for (const it of items) {
    if (it.end <= it.offset) continue;
    const who: string[] = [];
    marks.forEach((m, i) => {
      const next = marks[i + 1]?.off ?? Number.POSITIVE_INFINITY;
      if (m.off < it.end && next > it.offset && !who.includes(m.who)) who.push(m.who);
    });
    it.who = who;
  }
}

function valueText(v: AttrValue): string {
  switch (v.kind) {
    case "address":
      return `0x${v.value.toString(16)}`;
    case "constant":
      return v.signed || v.value < 10n ? v.value.toString() : `${v.value} (0x${v.value.toString(16)})`;
    case "signature":
      return `0x${v.value.toString(16).padStart(16, "0")}`;
    case "data16":
    case "block":
      return `${v.bytes.length} byte block: ${Array.from(v.bytes, (b) => b.toString(16).padStart(2, "0")).join(" ")}`;
    case "flag":
      return v.value ? "true" : "false";
    case "string":
      return JSON.stringify(v.value);
    case "reference":
      return `<0x${v.offset.toString(16)}>`;
    case "secOffset":
      return `0x${v.value.toString(16)}`;
    case "listIndex":
      return `index ${v.value}`;
  }
}
