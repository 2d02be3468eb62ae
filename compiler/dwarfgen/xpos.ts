/**
 * Source positions as dwarfgen compares them: the parts of cmd/internal/src (xpos.go, pos.go) that
 * findScope and the Prog walks of scopePCs and assembleInlines depend on, over the IR's IrPos.
 *
 * Go compares positions two ways here:
 *  - `p.Pos == q.Pos` (XPos equality): same position base (PosTable index) and same lico. A base
 *    is one file (or one //line directive) and, for inlined code, one inlining index, so the IR's
 *    (file, inl) pair stands for the base, with the lico (absLine and absCol under //line) telling
 *    two directives of one file apart. Only two directives in two different source files that
 *    name the same file, met at the same lico outside inlined code, would be one base here and
 *    two in Go; a function's progs come from one source file there, so that does not occur.
 *  - xposBefore (dwarfgen/scope.go) goes through PosTable.Pos and Pos.Before: by the base's
 *    *filename* first (a string comparison, not the base index that XPos.Before would use), then by
 *    the lico (line, column, prologue/epilogue bits, is_stmt bits, in that order of significance).
 *    The filename is program.files[pos.file]. Go's lico holds the line and column in the file as
 *    written while IrPos.line and col are RelLine and RelCol; under a //line directive, where they
 *    differ, the IR gives the lico's in absLine and absCol.
 */
import type { IrPos, IrProg } from "../ir.js";

/** pos.go: layout of a lico (20 bits of line, 8 of column, 2 of xlogue, 2 of is_stmt). */
const lineBits = 20;
const lineMax = 2 ** lineBits - 2;
const colMax = 2 ** 8 - 1;

/** pos.go, PosDefaultStmt / PosIsStmt / PosNotStmt. */
export const PosDefaultStmt = 0;
export const PosIsStmt = 1;
export const PosNotStmt = 2;

/** pos.go, PosDefaultLogue / PosPrologueEnd. */
export const PosDefaultLogue = 0;
export const PosPrologueEnd = 1;

/**
 * pos.go, makeLico + withStmt + withXlogue: the 32-bit lico of a line and column, saturated as Go
 * saturates them (a line beyond lineMax becomes lineMax with column 0; a column beyond colMax
 * becomes colMax). Computed with arithmetic, so it stays a non-negative number.
 */
export function makeLico(line: number, col: number, stmt = PosDefaultStmt, xlogue = PosDefaultLogue): number {
  let l = line;
  let c = col;
  if (l >= lineMax) {
    l = lineMax;
    c = 0;
  }
  if (c > colMax) c = colMax;
  const x = l * 4096 + c * 16;
  // withStmt and withXlogue leave the zero lico alone (withXlogue would first make it "not stmt").
  if (x === 0) {
    if (xlogue === PosDefaultLogue) return 0;
    return xlogue * 4 + PosNotStmt;
  }
  return x + xlogue * 4 + stmt;
}

/**
 * Pos.RelCol of a position outside //line directives: the lico's column, so at most colMax (and 0
 * once the line saturates). Idempotent on a column that already came from Go.
 */
export function relCol(pos: IrPos): number {
  if (pos.line >= lineMax) return 0;
  return Math.min(pos.col, colMax);
}

/** The stmt field of an IrProg as Go's is_stmt bits. */
export function progStmt(p: IrProg): number {
  switch (p.stmt) {
    case "is":
      return PosIsStmt;
    case "not":
      return PosNotStmt;
    default:
      return PosDefaultStmt;
  }
}

/** A position with the lico bits that a Prog carries and a declaration or a scope mark does not. */
export interface XPos {
  pos: IrPos;
  stmt: number;
  xlogue: number;
}

/** A declaration's or a scope mark's position: default is_stmt, no prologue/epilogue bits. */
export function declXPos(pos: IrPos): XPos {
  return { pos, stmt: PosDefaultStmt, xlogue: PosDefaultLogue };
}

/** A Prog's position, with its is_stmt and prologue-end bits. */
export function progXPos(p: IrProg): XPos {
  return { pos: p.pos, stmt: progStmt(p), xlogue: p.prologueEnd === true ? PosPrologueEnd : PosDefaultLogue };
}

/** The lico: Pos.Line and Pos.Col, the position in the file as written (absLine under //line). */
function lico(x: XPos): number {
  return makeLico(x.pos.absLine ?? x.pos.line, x.pos.absCol ?? x.pos.col, x.stmt, x.xlogue);
}

/** XPos equality (`==` on src.XPos): same base, i.e. same (file, inlining index), and same lico. */
export function xposEqual(a: XPos, b: XPos): boolean {
  return a.pos.file === b.pos.file && a.pos.inl === b.pos.inl && lico(a) === lico(b);
}

/** Go's string comparison is bytewise over UTF-8, which orders like code points (not UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * dwarfgen/scope.go, xposBefore (via src.Pos.Before): `p` comes before `q` when its file name
 * sorts first, or in the same file when its lico is smaller. `files` is IrProgram.files.
 */
export function xposBefore(files: readonly string[], p: XPos, q: XPos): boolean {
  const n = files[p.pos.file] ?? "";
  const m = files[q.pos.file] ?? "";
  const c = compareStrings(n, m);
  return c < 0 || (c === 0 && lico(p) < lico(q));
}

/** dwinl.go, posInlIndex: the inlining index of the position's base, or -1. */
export function posInlIndex(pos: IrPos): number {
  return pos.inl >= 0 ? pos.inl : -1;
}
