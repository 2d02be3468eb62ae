/**
 * The linker over random programs, read by independent tools. Each program (arbIrProgram, at most
 * 6 functions of at most 40 progs) is compiled, linked to an ELF file in a temp directory, and then
 * (test/verify/pipeline.ts):
 *  1. readelf prints no warning or error, and its views match the program: the units and their
 *     version, every function's name and [low_pc, high_pc), every variable's name, declaration line
 *     and kind, the package variables' addresses, every line row (address, file, line, is_stmt, end
 *     of sequence) and every FDE's range and CFA rule after each stack change;
 *  2. llvm-dwarfdump --verify says "No errors." and reports nothing but what Go's own binaries
 *     draw from it (test/verify/dwarfdump.ts);
 *  3. Go's debug/elf + debug/dwarf (testdata/go/dwarfcheck) read every entry, type, line table and
 *     range list without error, and give the same functions, variables and rows (prologue_end
 *     too), the unit's ranges, every inlined call with its callee, call line, nesting and ranges,
 *     and lexical blocks inside their parents;
 *  4. gdb agrees, on every program: `info address` of every function and package variable,
 *     `info scope` at every function's entry (the names gdb's block rules give from the DIEs), and
 *     `info line` at the first four line-table entries of each function.
 * Expectations come from the program (test/verify/expect.ts), not from our reader.
 *
 * The four layouts, compressed or not × DWARF 5 or 4, are four properties, so every run of the
 * suite covers each; GODWARF_RUNS (default 100) runs each of them. A failing run
 * prints its seed (propertyParams) and keeps its directory (program.json, a.out) for a look with
 * the tools; the path is in the failure.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import type { IrProgram } from "../compiler/ir.js";
import { missingOracle } from "./oracles.js";
import { propertyParams } from "./property.js";
import { dwarfcheckBinary } from "./verify/gocheck.js";
import { checkLinkedProgram, type Variant } from "./verify/pipeline.js";

const VARIANTS: readonly Variant[] = [
  { dwarf: 5, compress: true },
  { dwarf: 5, compress: false },
  { dwarf: 4, compress: true },
  { dwarf: 4, compress: false },
];

const root = mkdtempSync(join(tmpdir(), "godwarf-linkprop-"));
let kept = false;
afterAll(() => {
  if (!kept) rmSync(root, { recursive: true, force: true });
});
let seq = 0;

/**
 * fast-check prints a failing program through this (a program's JSON runs to thousands of lines,
 * and the kept directory has it as program.json). JSON.stringify ignores the symbol.
 */
function shortPrint(p: IrProgram): IrProgram {
  Object.defineProperty(p, fc.toStringMethod, {
    value: () =>
      `IrProgram(${p.functions.length} functions: ${p.functions.map((f) => f.name).join(", ")}; DWARF ${p.dwarfVersion})`,
  });
  return p;
}

function check(program: IrProgram, v: Variant): void {
  const dir = join(root, `run${seq++}`);
  mkdirSync(dir);
  const problems = checkLinkedProgram(program, v, dir, {
    goroot: "/goroot",
    gdb: true,
    gdbRowsPerFunction: 4,
  });
  const clean = Object.values(problems).every((p) => p.length === 0);
  if (clean) rmSync(dir, { recursive: true, force: true });
  else kept = true;
  expect(problems, `kept in ${dir}`).toEqual({ layout: [], readelf: [], llvm: [], go: [], gdb: [] });
}

describe.skipIf(missingOracle("readelf", "llvm-dwarfdump", "go", "gdb"))(
  "linked random programs, read by readelf, llvm-dwarfdump, debug/dwarf and gdb",
  { timeout: 600_000 },
  () => {
    // The issue asks for at least 100 runs in CI: that many per layout.
    const runs = propertyParams().numRuns ?? 100;
    // Build the Go checker first (its time is not a property's).
    beforeAll(() => {
      dwarfcheckBinary();
    });
    for (const v of VARIANTS) {
      const arb = arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: v.dwarf }).map(shortPrint);
      // No shrinking (each step would run every tool again): the seed and the kept directory are
      // what a failure leaves.
      test.prop([arb], { ...propertyParams({ endOnFailure: true }), numRuns: runs })(
        `DWARF ${v.dwarf}, ${v.compress ? "compressed" : "uncompressed"}`,
        (program) => check(program, v),
      );
    }
  },
);
