/**
 * Lifting a function's line-program fragment: each compile unit's .debug_line program is the
 * linker's header followed by one fragment per function (generateDebugLinesSymbol), each opening
 * with DW_LNE_set_address and closing with DW_LNE_end_sequence. The fragment's rows become the
 * Progs of the function's text symbol; its bytes are what the re-emitted SDWARFLINES symbol must be.
 */
import { DW_AT, DW_LNE, lneName } from "../../dwarf/constants.js";
import { readLineProgram } from "../../dwarf/read/line.js";
import type { LineRow } from "../../dwarf/read/line.js";
import type { Unit } from "../../dwarf/read/model.js";
import { attrNumber } from "../../dwarf/read/model.js";
import type { Prog } from "../../compiler/obj/lsym.js";
import { type GoBinary, LiftError } from "./binary.js";

/** One function's fragment: its bytes in .debug_line and its rows (the end_sequence row last). */
export interface LineFragment {
  /** The DW_LNE_set_address operand: the function's address. */
  address: bigint;
  start: number;
  end: number;
  rows: LineRow[];
}

const SET_ADDRESS = lneName(DW_LNE.set_address);
const END_SEQUENCE = lneName(DW_LNE.end_sequence);

/** The fragments of a unit's line program, by address. */
export function lineFragments(bin: GoBinary, unit: Unit): Map<bigint, LineFragment> {
  const out = new Map<bigint, LineFragment>();
  if (unit.root === undefined) return out;
  const stmtList = attrNumber(unit.root, DW_AT.stmt_list);
  if (stmtList === undefined) return out;
  const prog = readLineProgram(bin.secs, stmtList, { ops: true, unitVersion: unit.version });
  const ops = prog.ops ?? [];
  let seq = 0;
  let start: number | undefined;
  let address: bigint | undefined;
  for (const op of ops) {
    if (op.name === SET_ADDRESS) {
      if (start !== undefined)
        throw new LiftError(`.debug_line+0x${op.offset.toString(16)}: nested set_address`);
      start = op.offset;
      address = op.operands[0] as bigint;
    } else if (op.name === END_SEQUENCE) {
      if (start === undefined || address === undefined)
        throw new LiftError(`.debug_line+0x${op.offset.toString(16)}: sequence without set_address`);
      const rows = prog.sequences[seq++];
      if (rows === undefined) throw new LiftError("line program: fewer sequences than end_sequence ops");
      // DW_LNE_end_sequence is 00 01 01.
      out.set(address, { address, start, end: op.offset + 3, rows });
      start = undefined;
      address = undefined;
    }
  }
  return out;
}

/**
 * The Progs that make generateDebugLinesSymbol write this fragment again: the TEXT prog (at pc 0,
 * at the function's start position, skipped by the writer because the next prog shares its pc),
 * then one prog per row, carrying the row's file, line, is_stmt and prologue_end.
 */
export function liftProgs(frag: LineFragment, startLine: number, startFile: number): Prog[] {
  const progs: Prog[] = [{ pc: 0, fileIndex: startFile, line: startLine, isStmt: true, prologueEnd: false }];
  const rows = frag.rows.filter((r) => !r.endSequence);
  // Nothing at pc 0: a positionless prog there keeps the TEXT prog out of the table, as in Go.
  if (rows[0] === undefined || rows[0].address !== frag.address)
    progs.push({ pc: 0, fileIndex: 0, line: 0, isStmt: true, prologueEnd: false });
  for (const r of rows) {
    progs.push({
      pc: Number(r.address - frag.address),
      fileIndex: r.file - 1,
      line: r.line,
      isStmt: r.isStmt,
      prologueEnd: r.prologueEnd,
    });
  }
  return progs;
}
