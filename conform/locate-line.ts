/**
 * What is at a byte of .debug_line: the line program (its offset and the unit that points at it),
 * then the header field or the opcode (its index, name and operands) holding the byte.
 *
 * Programs and opcodes are decoded by dwarf/read's readLineProgram. When a program does not decode
 * to its end (a later byte is corrupt), it is decoded again cut short just past the byte, in a
 * copy whose unit_length says so: the opcodes up to the byte are all that is needed.
 */
import { lnsName } from "../dwarf/constants.js";
import { Cursor } from "../dwarf/read/cursor.js";
import { type FormContext, readFormValue } from "../dwarf/read/forms.js";
import { type LineOp, type LineProgram, readLineProgram } from "../dwarf/read/line.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { hex } from "../cli/format/json.js";
import { unitNamesByStmtList } from "./names.js";
import {
  type DiffSide,
  type Field,
  findField,
  initialLengthSize,
  lastAtOrBefore,
  locateSafely,
  type SideBuilder,
} from "./side.js";

const SECTION = ".debug_line";
/** How far past the byte a program cut short may end (longer opcodes are not looked for). */
const MAX_WINDOW = 64;

export function locateLine(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const bytes = secs.sections.debug_line;
    if (bytes === undefined) return b.fail("no .debug_line section");
    const c = new Cursor(bytes, SECTION, secs.littleEndian);
    while (!c.atEnd()) {
      const at = c.pos;
      let length: number;
      let offsetSize: 4 | 8;
      try {
        ({ length, offsetSize } = c.initialLength("line program unit length"));
      } catch (e) {
        if (offset >= at) b.step("program", at, `line program ${hex(at)}`);
        throw e;
      }
      const end = c.pos + length;
      if (offset < end) {
        const unit = unitNamesByStmtList(secs).get(at);
        b.step(
          "program",
          at,
          `line program ${hex(at)}${unit === undefined ? "" : ` (unit ${JSON.stringify(unit)})`}`,
        );
        return locateInProgram(secs, bytes, at, end, offsetSize, offset, b);
      }
      c.seek(end);
    }
    return b.fail(`offset ${hex(offset)} is past the last line program`);
  });
}

function locateInProgram(
  secs: DwarfSections,
  bytes: Uint8Array,
  at: number,
  end: number,
  offsetSize: 4 | 8,
  offset: number,
  b: SideBuilder,
): DiffSide {
  try {
    return locateIn(bytes, secs.littleEndian, readLineProgram(secs, at, { ops: true }), 0, offset, b);
  } catch (e) {
    const lengthSize = initialLengthSize(offsetSize);
    // A cut must keep the whole header: where it ends comes from header_length.
    let programOffset: number;
    try {
      const h = new Cursor(bytes, SECTION, secs.littleEndian, at + lengthSize, end);
      if (h.u16("version") >= 5) h.skip(2, "address_size and segment_selector_size");
      const headerLength = h.offset(offsetSize, "header_length");
      programOffset = h.pos + headerLength;
    } catch {
      throw e;
    }
    const first = Math.max(offset + 1, programOffset);
    for (let cut = first; cut <= Math.min(end, first + MAX_WINDOW); cut++) {
      // The program alone, ending at `cut`, with its unit_length patched to match.
      const copy = bytes.slice(at, cut);
      const view = new DataView(copy.buffer);
      if (copy.length < lengthSize) continue;
      const length = cut - at - lengthSize;
      if (offsetSize === 8) view.setBigUint64(4, BigInt(length), secs.littleEndian);
      else view.setUint32(0, length, secs.littleEndian);
      let prog: LineProgram;
      try {
        prog = readLineProgram({ ...secs, sections: { ...secs.sections, debug_line: copy } }, 0, {
          ops: true,
        });
      } catch {
        continue;
      }
      return locateIn(copy, secs.littleEndian, prog, at, offset, b);
    }
    throw e;
  }
}

/** Locates `offset` in a decoded program whose offsets are relative to `shift`. */
function locateIn(
  bytes: Uint8Array,
  littleEndian: boolean,
  prog: LineProgram,
  shift: number,
  offset: number,
  b: SideBuilder,
): DiffSide {
  const rel = offset - shift;
  if (rel < prog.programOffset) {
    const f = headerField(bytes, littleEndian, prog, rel);
    if (f === undefined) return b.fail("inside the line program header, past its known fields");
    b.step("field", f.offset + shift, `header: ${f.name}`);
    return b.done(f.value);
  }
  const ops = prog.ops ?? [];
  const i = lastAtOrBefore(ops, (o) => o.offset, rel);
  if (i < 0) return b.fail("no opcode holds the byte");
  const op = ops[i]!;
  b.step("opcode", op.offset + shift, `opcode ${i}`);
  return b.done(opText(op));
}

/** An opcode as text: "DW_LNS_advance_pc 4", "special opcode 75: address += 4, line += 1". */
export function opText(op: LineOp): string {
  const show = (v: number | bigint | string): string =>
    typeof v === "bigint" ? hex(v) : typeof v === "string" ? JSON.stringify(v) : `${v}`;
  if (op.name.startsWith("special opcode") && op.operands.length === 2) {
    return `${op.name}: address += ${show(op.operands[0]!)}, line += ${show(op.operands[1]!)}`;
  }
  return op.operands.length === 0 ? op.name : `${op.name} ${op.operands.map(show).join(" ")}`;
}

/** A placeholder context: header entry forms are only skipped here, their values come from `prog`. */
const SKIP_CONTEXT = (offsetSize: 4 | 8, addressSize: number, size: number): FormContext => ({
  version: 5,
  offsetSize,
  addressSize,
  unitOffset: 0,
  unitEnd: size,
  infoSize: size,
  addrx: () => 0n,
  strx: () => ({ value: "", offset: 0 }),
  strp: () => "",
  lineStrp: () => "",
});

/**
 * The header field holding `rel` (an offset relative to the program's bytes): the fixed fields
 * (DWARF 5 section 6.2.4), then the directory and file tables walked entry by entry.
 */
function headerField(
  bytes: Uint8Array,
  littleEndian: boolean,
  prog: LineProgram,
  rel: number,
): { name: string; offset: number; value: string } | undefined {
  const v = prog.version;
  const num = (name: string, size: number, value: number | boolean): Field => ({
    name,
    size,
    value: typeof value === "boolean" ? (value ? "1" : "0") : `${value}`,
  });
  const lengthSize = initialLengthSize(prog.offsetSize);
  const fields: Field[] = [num("unit_length", lengthSize, prog.unitLength), num("version", 2, v)];
  if (v >= 5)
    fields.push(
      num("address_size", 1, prog.addressSize),
      num("segment_selector_size", 1, prog.segmentSelectorSize),
    );
  fields.push(
    num("header_length", prog.offsetSize, prog.headerLength),
    num("minimum_instruction_length", 1, prog.minInstLength),
  );
  if (v >= 4) fields.push(num("maximum_operations_per_instruction", 1, prog.maxOpsPerInst));
  fields.push(
    num("default_is_stmt", 1, prog.defaultIsStmt),
    num("line_base", 1, prog.lineBase),
    num("line_range", 1, prog.lineRange),
    num("opcode_base", 1, prog.opcodeBase),
  );
  prog.standardOpcodeLengths.forEach((n, i) => {
    fields.push(num(`standard_opcode_lengths[${i}] (${lnsName(i + 1)})`, 1, n));
  });
  const start = prog.offset;
  const fixed = findField(fields, start, rel);
  if (fixed !== undefined) return { name: fixed.field.name, offset: fixed.offset, value: fixed.field.value };

  // The tables: walked with the same cursor reads the reader makes, to find entry boundaries.
  const tablesAt = start + fields.reduce((n, f) => n + f.size, 0);
  const c = new Cursor(bytes, SECTION, littleEndian, tablesAt, prog.programOffset);
  const hit = (name: string, from: number, value: string) =>
    rel >= from && rel < c.pos ? { name, offset: from, value } : undefined;
  const dirName = (i: number): string => JSON.stringify(prog.includeDirectories[i] ?? "?");
  const fileValue = (i: number): string => {
    const f = prog.fileNames[i];
    return f === undefined ? "?" : `${JSON.stringify(f.name)} dir ${f.dirIndex}`;
  };
  if (v < 5) {
    // Versions 2 to 4 number directories and files from 1 (directory 0 is DW_AT_comp_dir).
    for (let i = 1; ; i++) {
      const from = c.pos;
      const s = c.cstring("include_directories entry");
      const h = hit(
        s === "" ? "include_directories terminator" : `include_directories[${i}]`,
        from,
        JSON.stringify(s),
      );
      if (h !== undefined) return h;
      if (s === "") break;
    }
    for (let i = 0; ; i++) {
      const from = c.pos;
      const s = c.cstring("file_names entry");
      if (s !== "") {
        c.uleb("directory index");
        c.ulebBig("modification time");
        c.ulebBig("file length");
      }
      const h = hit(s === "" ? "file_names terminator" : `file_names[${i + 1}]`, from, fileValue(i));
      if (h !== undefined) return h;
      if (s === "") return undefined;
    }
  }
  const skip = SKIP_CONTEXT(prog.offsetSize, prog.addressSize, bytes.length);
  const tables = [
    { what: "directory", format: prog.directoryEntryFormat ?? [], value: dirName },
    { what: "file_name", format: prog.fileNameEntryFormat ?? [], value: fileValue },
  ];
  for (const t of tables) {
    let from = c.pos;
    const n = c.u8("format count");
    for (let k = 0; k < n; k++) {
      c.uleb("content type");
      c.uleb("form");
    }
    let h = hit(`${t.what}_entry_format`, from, `${n} entries`);
    if (h !== undefined) return h;
    from = c.pos;
    const count = c.uleb("entry count");
    h = hit(`${t.what}s_count`, from, `${count}`);
    if (h !== undefined) return h;
    for (let i = 0; i < count; i++) {
      from = c.pos;
      for (const f of t.format) readFormValue(c, f.form, skip);
      h = hit(`${t.what}s[${i}]`, from, t.value(i));
      if (h !== undefined) return h;
    }
  }
  return undefined;
}
