/**
 * What a linked file must say, derived from the IR program (and, for the things only the linker
 * decides, from the link's symbol table). The rules are stated here from Go's, not read back from
 * our linker:
 *  - text: functions in program order from 0x401000 (INITTEXT), each at a multiple of 32
 *    (funcAlign) and taking max(size, 16) bytes (MINFUNC); a subprogram's [low_pc, high_pc) is
 *    [address, address + size); the unit's range runs from the first function to the end of the
 *    last (dwarf.go's unit.PCs: one range per run of functions of the same unit);
 *  - lines: test/linerows.ts expectedRows per function, file i being program.files[i] with
 *    "$GOROOT" expanded (pcln.go expandGoroot), each function its own sequence;
 *  - frames: one FDE per function over [address, address + size), the CFA rsp+8+spdelta from each
 *    pcsp entry on (a later entry at the same pc wins);
 *  - inlined calls: every inlining-tree node with PCs, those of the progs positioned in it or in
 *    its descendants (dwinl.go assembleInlines, unifyCallRanges), has a DW_TAG_inlined_subroutine
 *    with the callee and call line, nested as the tree is, and those ranges; no other node has one
 *    (dwarf.go inlChildren drops calls without PCs);
 *  - variables: see varProblems.
 */
import type { IrDecl, IrFunction, IrProgram } from "../../compiler/ir.js";
import type { LinkResult } from "../../linker/link.js";
import { expectedRows } from "../linerows.js";
import {
  type CfaRow,
  collapseCfa,
  type FdeFact,
  hex,
  normalizeSpans,
  type RowFact,
  type Span,
  type VarFact,
} from "./facts.js";

/** INITTEXT, funcAlign and MINFUNC for linux/amd64 (amd64/obj.go, amd64/l.go, internal/abi). */
const TEXT_START = 0x401000;
const FUNC_ALIGN = 32;
const MIN_FUNC = 16;

export interface ExpectedInlined {
  /** Index in the function's inlTree. */
  node: number;
  parent: number;
  callee: string;
  callLine: number;
  ranges: Span[];
  /**
   * It has PCs: the DIE must be there. A call without any (all its progs at the PC of the next
   * one) has none: dwarf.go inlChildren leaves out empty calls (isEmptyInlinedCall).
   */
  required: boolean;
}

export interface ExpectedFunction {
  fn: IrFunction;
  name: string;
  lowpc: number;
  highpc: number;
  inlined: ExpectedInlined[];
  /** The rows of its line sequence, the end_sequence row last. */
  rows: RowFact[];
  fde: FdeFact;
}

export interface ExpectedGlobal {
  name: string;
  addr: number;
}

export interface Expected {
  program: IrProgram;
  dwarfVersion: 4 | 5;
  /** Compile unit names: the package, then the textless runtime unit holding the types. */
  units: string[];
  /** Functions in address order. */
  functions: ExpectedFunction[];
  /** The package unit's DW_AT_ranges. */
  unitRanges: Span[];
  /** Package variables with a DIE (non-local ones), at their linked addresses. */
  globals: ExpectedGlobal[];
  /** File names as the line table must give them, by program file index. */
  files: string[];
}

const rnd = (v: number, r: number): number => Math.ceil(v / r) * r;

/** pcln.go expandGoroot for the names the generator makes. */
export function expandGoroot(name: string, goroot: string): string {
  return goroot !== "" && name.startsWith("$GOROOT/") ? `${goroot}${name.slice("$GOROOT".length)}` : name;
}

/** The expectations for `program` linked alone with GOROOT `goroot`. */
export function expectations(program: IrProgram, link: LinkResult, goroot: string): Expected {
  const files = program.files.map((f) => expandGoroot(f, goroot));
  let va = TEXT_START;
  const functions = program.functions.map((fn): ExpectedFunction => {
    const lowpc = rnd(va, FUNC_ALIGN);
    va = lowpc + Math.max(fn.size, MIN_FUNC);
    return {
      fn,
      name: fn.name,
      lowpc,
      highpc: lowpc + fn.size,
      inlined: inlinedCalls(fn, lowpc),
      rows: lineRows(fn, lowpc, files),
      fde: { begin: lowpc, end: lowpc + fn.size, rows: cfaRows(fn, lowpc) },
    };
  });
  const first = functions[0];
  const last = functions[functions.length - 1];
  const globals = (program.globals ?? [])
    .filter((g) => g.local !== true)
    .map((g) => {
      const s = link.symbols.get(g.name);
      if (s === undefined) throw new Error(`global ${g.name} has no linked symbol`);
      return { name: g.name, addr: s.addr };
    });
  return {
    program,
    dwarfVersion: program.dwarfVersion ?? 5,
    units: [program.package.path, "runtime"],
    functions,
    unitRanges: first === undefined || last === undefined ? [] : [[first.lowpc, last.highpc]],
    globals,
    files,
  };
}

function lineRows(fn: IrFunction, base: number, files: readonly string[]): RowFact[] {
  const progs = fn.progs.map((p) => ({
    pc: p.pc,
    fileIndex: p.pos.file,
    line: p.pos.line,
    isStmt: p.stmt !== "not",
    prologueEnd: p.prologueEnd === true,
  }));
  const rows = expectedRows(progs, fn.size, BigInt(base));
  return rows.map((r, i) => ({
    address: Number(r.address),
    file: files[r.file - 1] ?? `<file ${r.file}>`,
    line: r.line,
    isStmt: r.isStmt,
    endSequence: i === rows.length - 1,
    prologueEnd: r.prologueEnd,
  }));
}

function cfaRows(fn: IrFunction, base: number): CfaRow[] {
  const pts: { pc: number; sp: number }[] = [{ pc: 0, sp: 0 }];
  for (const e of fn.pcsp ?? []) {
    const last = pts[pts.length - 1]!;
    if (e.pc === last.pc) last.sp = e.spdelta;
    else pts.push({ pc: e.pc, sp: e.spdelta });
  }
  return collapseCfa(pts.map((p) => ({ pc: base + p.pc, cfa: `rsp+${8 + p.sp}` })));
}

/** The PC spans each inlining-tree node owns, its descendants' included. */
function inlinedCalls(fn: IrFunction, base: number): ExpectedInlined[] {
  const tree = fn.inlTree ?? [];
  const spans: Span[][] = tree.map(() => []);
  const chain = (k: number): number[] => {
    const out: number[] = [];
    for (let i = k; i >= 0; i = tree[i]!.parent) out.push(i);
    return out;
  };
  fn.progs.forEach((p, i) => {
    if (p.pos.inl < 0) return;
    const end = fn.progs[i + 1]?.pc ?? fn.size;
    for (const k of chain(p.pos.inl)) {
      if (end > p.pc) spans[k]!.push([base + p.pc, base + end]);
    }
  });
  return tree.map((n, k) => ({
    node: k,
    parent: n.parent,
    callee: n.func,
    callLine: n.pos.line,
    ranges: normalizeSpans(spans[k]!),
    required: spans[k]!.length > 0,
  }));
}

/** The expected function at `lowpc`, or undefined. */
export function functionAt(exp: Expected, lowpc: number): ExpectedFunction | undefined {
  return exp.functions.find((f) => f.lowpc === lowpc);
}

/** The pre-inlining declarations of a callee: a function of the program or an import. */
function calleeDecls(program: IrProgram, callee: string): IrDecl[] {
  const f =
    program.functions.find((x) => x.name === callee) ?? program.imports?.find((x) => x.name === callee);
  return f?.inlDcl ?? [];
}

const isParamClass = (d: IrDecl): boolean => d.class === "param" || d.class === "result";
const inlinedDecl = (d: IrDecl): boolean => d.inlFormal === true || d.inlLocal === true || d.pos.inl >= 0;

/**
 * The declarations a variable DIE of `fn` may stand for. At the function's level: its own
 * declarations, its pre-inlining ones (the DIEs of a function that was also inlined take their
 * names from the abstract function), and inlined ones (which sit at the function's level when no
 * inlined-call DIE holds them). Under an inlined call of X: X's pre-inlining declarations and the
 * function's inlined declarations positioned in a call of X.
 */
function candidates(program: IrProgram, fn: IrFunction, inlinedIn: string | undefined): IrDecl[] {
  const tree = fn.inlTree ?? [];
  const all = [...fn.dcl, ...(fn.debug?.debugDcl ?? [])];
  if (inlinedIn === undefined) return [...all, ...(fn.inlDcl ?? [])];
  return [
    ...calleeDecls(program, inlinedIn),
    ...all.filter((d) => inlinedDecl(d) && d.pos.inl >= 0 && tree[d.pos.inl]?.func === inlinedIn),
  ];
}

/**
 * The declarations that must have a DIE at the function's level: every parameter and result of
 * the signature (dwarf.go createDwarfVars gives a var to each declaration the optimizer lost, and
 * to every one under -N), and every used local that the stackframe pass kept; for a function that
 * was inlined, its pre-inlining declarations instead (preInliningDcls). Compiler-named ones (".")
 * and "_" are never required.
 */
function required(fn: IrFunction): IrDecl[] {
  const named = (d: IrDecl): boolean => !d.name.startsWith(".") && d.name !== "_" && d.untyped !== true;
  if (fn.wasInlined === true) return (fn.inlDcl ?? []).filter(named);
  const opt = new Set(fn.debug?.optDcl ?? []);
  const regResults = new Set(fn.debug?.regOutputParams ?? []);
  return fn.dcl.filter((d, i) => {
    if (!named(d) || inlinedDecl(d)) return false;
    if (isParamClass(d)) return !opt.has(i) || regResults.has(i);
    return d.used !== false || opt.has(i);
  });
}

const varLabel = (v: VarFact): string =>
  `${v.param ? "param" : "var"} ${v.name}${v.declLine === undefined ? "" : `:${v.declLine}`}${v.inlinedIn === undefined ? "" : ` (inlined ${v.inlinedIn})`}`;

/**
 * Problems with the variables an oracle reports for `fn`: each must be a declaration of the right
 * kind (name, declaration line when it has one, parameter or not), and with `complete` every
 * required declaration must be among them.
 */
export function varProblems(
  program: IrProgram,
  fn: IrFunction,
  vars: readonly VarFact[],
  complete: boolean,
): string[] {
  const problems: string[] = [];
  for (const v of vars) {
    const ok = candidates(program, fn, v.inlinedIn).some(
      (d) =>
        d.name === v.name &&
        (v.declLine === undefined || d.pos.line === v.declLine) &&
        (v.param ? isParamClass(d) || d.inlFormal === true : !isParamClass(d)),
    );
    if (!ok) problems.push(`${fn.name}: ${varLabel(v)} is no declaration of the program`);
  }
  if (complete) {
    for (const d of required(fn)) {
      const found = vars.some(
        (v) =>
          v.inlinedIn === undefined &&
          v.name === d.name &&
          (v.declLine === undefined || v.declLine === d.pos.line),
      );
      if (!found) problems.push(`${fn.name}: ${d.class} ${d.name}:${d.pos.line} has no DIE`);
    }
  }
  return problems;
}

/** Compare two row lists; problems name the first differences. */
export function rowProblems(what: string, want: readonly RowFact[], got: readonly RowFact[]): string[] {
  const fmt = (r: RowFact | undefined): string =>
    r === undefined
      ? "nothing"
      : `${hex(r.address)} ${r.file}:${r.endSequence ? "end" : r.line}${r.isStmt ? " stmt" : ""}${r.prologueEnd === true ? " prologue_end" : ""}`;
  const problems: string[] = [];
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n && problems.length < 5; i++) {
    const w = want[i];
    const g = got[i];
    const same =
      w !== undefined &&
      g !== undefined &&
      w.address === g.address &&
      w.file === g.file &&
      w.endSequence === g.endSequence &&
      (w.endSequence || (w.line === g.line && w.isStmt === g.isStmt)) &&
      (g.prologueEnd === undefined || w.prologueEnd === g.prologueEnd);
    if (!same) problems.push(`${what} row ${i}: want ${fmt(w)}, got ${fmt(g)}`);
  }
  return problems;
}
