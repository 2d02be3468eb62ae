/**
 * A function's line-program fragment: generateDebugLinesSymbol and putpclcdelta of
 * cmd/internal/obj/dwarf.go, Go 1.26. The linker puts a header in front of the fragments of a
 * unit; each fragment sets its own address and ends its own sequence. File numbers are the
 * package-wide ones plus one, so the linker never rewrites them.
 */
import type { Context } from "../../dwarf/context.js";
import { DW_LNE, DW_LNS } from "../../dwarf/constants.js";
import { Sleb128put, Uleb128put } from "../../dwarf/putattr.js";
import type { LSym } from "./lsym.js";

/** dwarf.go: the line-program parameters the linker's header declares (section 6.2.5). */
export const LINE_BASE = -4;
export const LINE_RANGE = 10;
export const OPCODE_BASE = 11;
export const PC_RANGE = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);

/**
 * PC deltas (beyond PC_RANGE) at which opcode 255 beats 249: the largest deltas that
 * const_add_pc, fixed_advance_pc and each length of advance_pc encode, so one more would cost a
 * byte.
 */
const prefer255 = new Set([
  PC_RANGE,
  2 ** 7 - 1,
  2 ** 16 - 1,
  2 ** 21 - 1,
  2 ** 28 - 1,
  2 ** 35 - 1,
  2 ** 42 - 1,
  2 ** 49 - 1,
]);

/** dwarf.go, generateDebugLinesSymbol: write the fragment of text symbol `s` into `lines`. */
export function generateDebugLinesSymbol(dctxt: Context, s: LSym, lines: LSym): void {
  const fn = s.func;
  if (fn === undefined) throw new Error(`generateDebugLinesSymbol: ${s.name} is not a text symbol`);
  const mark = dctxt.mark;

  mark?.(lines, "generateDebugLinesSymbol DW_LNE_set_address");
  dctxt.addInt(lines, 1, 0);
  Uleb128put(dctxt, lines, 1 + dctxt.ptrSize());
  dctxt.addInt(lines, 1, DW_LNE.set_address);
  dctxt.addAddress(lines, s, 0);

  // The state every sequence starts in.
  let stmt = true;
  let line = 1;
  let pc = 0;
  let lastpc = 0;
  let fileIndex = 1;
  let prologue = false;
  let wrotePrologue = false;
  const progs = fn.text;
  for (let i = 0; i < progs.length; i++) {
    const p = progs[i]!;
    prologue ||= p.prologueEnd;
    // Not a real instruction: no line, or the next prog starts at the same PC.
    const next = progs[i + 1];
    if (p.line === 0 || (next !== undefined && next.pc === p.pc)) continue;
    const newFileIndex = p.fileIndex + 1;

    let wrote = false;
    if (newFileIndex !== fileIndex) {
      mark?.(lines, "generateDebugLinesSymbol DW_LNS_set_file");
      dctxt.addInt(lines, 1, DW_LNS.set_file);
      Uleb128put(dctxt, lines, newFileIndex);
      fileIndex = newFileIndex;
      wrote = true;
    }
    if (prologue && !wrotePrologue) {
      mark?.(lines, "generateDebugLinesSymbol DW_LNS_set_prologue_end");
      dctxt.addInt(lines, 1, DW_LNS.set_prologue_end);
      wrotePrologue = true;
      wrote = true;
    }
    if (stmt !== p.isStmt) {
      mark?.(lines, "generateDebugLinesSymbol DW_LNS_negate_stmt");
      dctxt.addInt(lines, 1, DW_LNS.negate_stmt);
      stmt = p.isStmt;
      wrote = true;
    }
    if (line !== p.line || wrote) {
      lastpc = p.pc;
      putpclcdelta(dctxt, lines, p.pc - pc, p.line - line);
      line = p.line;
      pc = p.pc;
    }
  }

  // The sequence ends one past the function's last byte (issue 38192), so gdb gives the last
  // row a line rather than 0.
  mark?.(lines, "generateDebugLinesSymbol DW_LNE_end_sequence");
  dctxt.addInt(lines, 1, DW_LNS.advance_pc);
  Uleb128put(dctxt, lines, s.size - lastpc);
  dctxt.addInt(lines, 1, 0);
  Uleb128put(dctxt, lines, 1);
  dctxt.addInt(lines, 1, DW_LNE.end_sequence);
}

/**
 * dwarf.go, putpclcdelta: advance the PC by deltaPC and the line by deltaLC and emit a row, in as
 * few bytes as Go manages: a special opcode, preceded when needed by const_add_pc,
 * fixed_advance_pc or advance_pc, and advance_line.
 */
export function putpclcdelta(dctxt: Context, s: LSym, deltaPC: number, deltaLC: number): void {
  dctxt.mark?.(s, "putpclcdelta");
  let opcode: number;
  if (deltaLC < LINE_BASE) {
    opcode = OPCODE_BASE + LINE_RANGE * Math.min(deltaPC, PC_RANGE);
  } else if (deltaLC < LINE_BASE + LINE_RANGE) {
    if (deltaPC >= PC_RANGE) {
      opcode = OPCODE_BASE + (deltaLC - LINE_BASE) + LINE_RANGE * PC_RANGE;
      if (opcode > 255) opcode -= LINE_RANGE;
    } else {
      opcode = OPCODE_BASE + (deltaLC - LINE_BASE) + LINE_RANGE * deltaPC;
    }
  } else if (deltaPC <= PC_RANGE) {
    opcode = Math.min(OPCODE_BASE + (LINE_RANGE - 1) + LINE_RANGE * deltaPC, 255);
  } else {
    // 255 adds pc 24, line 0; 250 adds pc 23, line 5 (Go's comments say 249 and line 1). 250
    // leaves one more PC to encode, which costs a byte exactly when the remainder sits at an
    // encoding's limit.
    opcode = prefer255.has(deltaPC - PC_RANGE) ? 255 : OPCODE_BASE + LINE_RANGE * PC_RANGE - 1;
  }
  if (opcode < OPCODE_BASE || opcode > 255) throw new Error(`produced invalid special opcode ${opcode}`);

  // What the special opcode will add.
  deltaPC -= Math.floor((opcode - OPCODE_BASE) / LINE_RANGE);
  deltaLC -= ((opcode - OPCODE_BASE) % LINE_RANGE) + LINE_BASE;

  if (deltaPC !== 0) {
    if (deltaPC <= PC_RANGE) {
      // Lower the opcode's PC share so that one const_add_pc covers the rest.
      opcode -= LINE_RANGE * (PC_RANGE - deltaPC);
      if (opcode < OPCODE_BASE) throw new Error(`produced invalid special opcode ${opcode}`);
      dctxt.addInt(s, 1, DW_LNS.const_add_pc);
    } else if (2 ** 14 <= deltaPC && deltaPC < 2 ** 16) {
      dctxt.addInt(s, 1, DW_LNS.fixed_advance_pc);
      dctxt.addInt(s, 2, deltaPC);
    } else {
      dctxt.addInt(s, 1, DW_LNS.advance_pc);
      Uleb128put(dctxt, s, deltaPC);
    }
  }
  if (deltaLC !== 0) {
    dctxt.addInt(s, 1, DW_LNS.advance_line);
    Sleb128put(dctxt, s, deltaLC);
  }
  dctxt.addInt(s, 1, opcode);
}
