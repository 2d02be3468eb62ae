/**
 * The facts every oracle's view of a linked file is reduced to, so that one set of expectations
 * (expect.ts) is held against readelf, Go's debug/dwarf and gdb alike. Addresses are numbers: a
 * linked program's addresses are far below 2^53.
 */

/** [begin, end) */
export type Span = [number, number];

/** A variable or parameter DIE, its name and declaration line taken through its abstract origin. */
export interface VarFact {
  name: string;
  /** undefined when neither the DIE nor its origin has one (an abstract parameter has none). */
  declLine: number | undefined;
  /** DW_TAG_formal_parameter rather than DW_TAG_variable. */
  param: boolean;
  /** The callee of the innermost inlined call the DIE is under, undefined at the function's level. */
  inlinedIn: string | undefined;
}

/** A subprogram with code. */
export interface FunctionFact {
  name: string;
  lowpc: number;
  highpc: number;
  vars: VarFact[];
}

/** One row of the line table. */
export interface RowFact {
  address: number;
  /** The file's full name as the oracle gives it (normalized: no leading "./"). */
  file: string;
  line: number;
  isStmt: boolean;
  endSequence: boolean;
  /** DW_LNS_set_prologue_end on the row; undefined when the oracle does not show it. */
  prologueEnd?: boolean | undefined;
}

/** The CFA rule at and after `pc`, as "rsp+N". */
export interface CfaRow {
  pc: number;
  cfa: string;
}

/** One FDE: the function's range and its CFA rows (consecutive equal rules merged). */
export interface FdeFact {
  begin: number;
  end: number;
  rows: CfaRow[];
}

/** Sorted, overlapping and touching spans merged, empty ones dropped. */
export function normalizeSpans(spans: readonly Span[]): Span[] {
  const s = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Span[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Every span of `inner` lies in one span of `outer`. */
export function spansWithin(inner: readonly Span[], outer: readonly Span[]): boolean {
  return inner.every(([a, b]) => outer.some(([c, d]) => c <= a && b <= d));
}

/** "./x" and "x" name the same file. */
export function normalizeFile(name: string): string {
  return name.startsWith("./") ? name.slice(2) : name;
}

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** Collapse CFA rows whose rule equals the previous one's. */
export function collapseCfa(rows: readonly CfaRow[]): CfaRow[] {
  const out: CfaRow[] = [];
  for (const r of rows) if (out[out.length - 1]?.cfa !== r.cfa) out.push({ ...r });
  return out;
}
