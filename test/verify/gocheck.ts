/**
 * Go's debug/elf and debug/dwarf as an oracle: testdata/go/dwarfcheck, built with the machine's Go
 * (cached by test/gobuild.ts under the OS temp dir, never in the repository), reads every entry,
 * every type an entry refers to, every line table and the ranges of every unit, subprogram, lexical
 * block and inlined call, and prints them as JSON; any error from the Go packages is a non-zero exit
 * with a message. The JSON's shapes are declared here as the checker writes them.
 */
import { spawnSync } from "node:child_process";
import { goBuild } from "../gobuild.js";
import { type FunctionFact, normalizeFile, type RowFact, type Span } from "./facts.js";

/** A parameter or variable child of an abstract function. */
export interface GoOriginVar {
  name: string;
  offset: number;
  param: boolean;
}

export interface GoScope {
  parent: string;
  ranges: Span[];
  callee?: string;
  callFile?: number;
  callLine?: number;
  /** The callee's abstract parameters and variables. */
  originVars?: GoOriginVar[];
}

export interface GoVar {
  name: string;
  declLine?: number;
  param: boolean;
  /** "bN" (Blocks[N]), "iN" (Inlined[N]) or "" (the subprogram). */
  scope: string;
  /** Index of the innermost inlined call around it, -1 if none. */
  inlined: number;
  /** Offset of its abstract origin, if any. */
  origin?: number;
}

export interface GoSubprogram {
  name: string;
  offset: number;
  lowpc: number;
  highpc: number;
  ranges: Span[];
  vars: GoVar[];
  blocks: GoScope[];
  inlined: GoScope[];
  /** Other child DIEs at any nesting (Go's ".param<N>" typedefs), by debug/dwarf's tag name. */
  others: { tag: string; name: string; scope: string }[];
  abstractOrigin: boolean;
  /** The abstract origin's parameters and variables (for the concrete copy of an inlined function). */
  originVars?: GoOriginVar[];
}

export interface GoRow {
  address: number;
  file: string;
  line: number;
  isStmt: boolean;
  endSequence: boolean;
  prologueEnd: boolean;
}

export interface GoUnit {
  name: string;
  offset: number;
  ranges: Span[];
  subprograms: GoSubprogram[];
  lines: GoRow[];
}

export interface GoCheckOutput {
  units: GoUnit[];
}

let built: string | undefined;

/** The checker's binary (built once per Go version and source). */
export function dwarfcheckBinary(): string {
  built ??= goBuild("testdata/go/dwarfcheck");
  return built;
}

export type GoCheckResult = { ok: true; output: GoCheckOutput } | { ok: false; error: string };

export function runGoCheck(file: string, timeoutMs = 60_000): GoCheckResult {
  const r = spawnSync(dwarfcheckBinary(), [file], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: timeoutMs,
  });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0 || r.stderr !== "") return { ok: false, error: `exit ${r.status}: ${r.stderr.trim()}` };
  return { ok: true, output: JSON.parse(r.stdout) as GoCheckOutput };
}

/** A subprogram's variables as facts (the callee of the innermost inlined call, by name). */
export function goFunctionFact(sp: GoSubprogram): FunctionFact {
  return {
    name: sp.name,
    lowpc: sp.lowpc,
    highpc: sp.highpc,
    vars: sp.vars.map((v) => ({
      name: v.name,
      declLine: v.declLine,
      param: v.param,
      inlinedIn: v.inlined < 0 ? undefined : (sp.inlined[v.inlined]?.callee ?? "?"),
    })),
  };
}

/** A unit's rows as facts. */
export function goRows(u: GoUnit): RowFact[] {
  return u.lines.map((r) => ({ ...r, file: normalizeFile(r.file) }));
}
