/**
 * The rows a function's line-table fragment must decode to, derived from its progs by the rule of
 * generateDebugLinesSymbol (cmd/internal/obj/dwarf.go) stated plainly: a prog with no line, or
 * followed by a prog at the same PC, is no row; otherwise a row is written when the line changes
 * or when the file, is_stmt or the first prologue end is announced; the sequence ends at `size`.
 */
import type { Prog } from "../compiler/obj/lsym.js";

export interface ExpectedRow {
  address: bigint;
  file: number;
  line: number;
  isStmt: boolean;
  prologueEnd: boolean;
}

export function expectedRows(progs: readonly Prog[], size: number, base: bigint): ExpectedRow[] {
  const rows: ExpectedRow[] = [];
  let line = 1;
  let file = 1;
  let stmt = true;
  let prologue = false;
  let wrotePrologue = false;
  progs.forEach((p, i) => {
    prologue ||= p.prologueEnd;
    if (p.line === 0 || progs[i + 1]?.pc === p.pc) return;
    let wrote = p.fileIndex + 1 !== file || p.isStmt !== stmt;
    const pe = prologue && !wrotePrologue;
    if (pe) wrotePrologue = wrote = true;
    if (p.line !== line || wrote) {
      rows.push({
        address: base + BigInt(p.pc),
        file: p.fileIndex + 1,
        line: p.line,
        isStmt: p.isStmt,
        prologueEnd: pe,
      });
    }
    line = p.line;
    file = p.fileIndex + 1;
    stmt = p.isStmt;
  });
  rows.push({ address: base + BigInt(size), file, line, isStmt: stmt, prologueEnd: false });
  return rows;
}
