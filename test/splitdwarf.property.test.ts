/**
 * Split DWARF 5 over random programs (arbIrProgram, as test/external.property.test.ts draws them:
 * at most 6 functions of at most 40 progs, DWARF 5), GODWARF_RUNS (default 100) runs. Each program
 * is compiled and linked combined and split (--debug split --dwp, compressed or not) in-process:
 * every skeleton's split unit, read back by our reader from its .dwo and from the .dwp, must say
 * what the combined unit says (test/verify/split.ts), and a second link (every tenth run) must
 * give the same bytes.
 * Then llvm-dwarfdump, in one batch per check over every run: --verify passes every executable,
 * .dwo and .dwp; and its --debug-info text of each .dwo, normalised (test/verify/dwarfdump-units.ts),
 * equals that of the combined unit. A failure names the seed (GODWARF_SEED replays it) and keeps
 * the runs' directories.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import { linkElf } from "../linker/output.js";
import { missingOracle } from "./oracles.js";
import { seedOf, propertyParams } from "./property.js";
import { dumpFiles, dumpUnitProblems, dumpUnits } from "./verify/dwarfdump-units.js";
import { splitProblems } from "./verify/split.js";

const root = mkdtempSync(join(tmpdir(), "godwarf-splitprop-"));
let kept = false;
afterAll(() => {
  if (!kept) rmSync(root, { recursive: true, force: true });
});

interface Run {
  dir: string;
  /** The .dwo base names, in unit order. */
  dwos: string[];
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function runOne(program: IrProgram, compress: boolean, n: number): Run {
  const dir = join(root, `run${n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "program.json"), JSON.stringify(program, null, 1));
  const objs = [compile(program)];
  const combined = linkElf(objs, { compressDwarf: compress, goroot: "/goroot" });
  const opts = { compressDwarf: compress, goroot: "/goroot", splitDebug: { base: "prog", dwp: true } };
  const split = linkElf(objs, opts);
  writeFileSync(join(dir, "combined"), combined.bytes);
  writeFileSync(join(dir, "prog"), split.bytes);
  for (const d of split.split!.dwos) writeFileSync(join(dir, d.name), d.bytes);
  writeFileSync(join(dir, "prog.dwp"), split.split!.dwp!.bytes);
  const problems = splitProblems(combined, split);
  const again = linkElf(objs, opts);
  if (!same(again.bytes, split.bytes)) problems.push("a second link wrote another executable");
  if (!same(again.split!.dwp!.bytes, split.split!.dwp!.bytes))
    problems.push("a second link wrote another .dwp");
  if (problems.length > 0) kept = true;
  expect(problems, `kept in ${dir}`).toEqual([]);
  return { dir, dwos: split.split!.dwos.map((d) => d.name) };
}

function dwarfdump(args: readonly string[], files: readonly string[]) {
  const r = spawnSync("llvm-dwarfdump", [...args, ...files], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 300_000,
  });
  if (r.error !== undefined) throw r.error;
  return r;
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** The kinds of error --verify reports ("error: DIEs have overlapping address ranges:"). */
const errorKinds = (text: string): Set<string> =>
  new Set(
    text
      .split("\n")
      .filter((l) => /^error: /.test(l))
      .map((l) => l.replace(/0x[0-9a-f]+/g, "N")),
  );

/** --verify over `files` in batches: each file's output, by its "Verifying FILE:" header. */
function verifyEach(files: readonly string[]): Map<string, { text: string; failed: boolean }> {
  const out = new Map<string, { text: string; failed: boolean }>();
  for (const batch of chunks(files, 64)) {
    const parts = dwarfdump(["--verify"], batch).stdout.split(/^Verifying (\S.*):\tfile format .*$/m);
    for (let i = 1; i + 1 < parts.length; i += 2) {
      const text = parts[i + 1]!;
      out.set(parts[i]!, { text, failed: !/^No errors\.$/m.test(text) });
    }
  }
  return out;
}

/**
 * --verify over every file (in batches): a split file may draw only the kinds of error that the
 * combined build of its program draws (Go's own DWARF has some: overlapping ranges of an inlined
 * call and a lexical block in random programs).
 */
function verifyProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  const split = verifyEach(runs.flatMap((r) => ["prog", "prog.dwp", ...r.dwos].map((f) => join(r.dir, f))));
  const combined = verifyEach(runs.map((r) => join(r.dir, "combined")));
  for (const r of runs) {
    const known = errorKinds(combined.get(join(r.dir, "combined"))?.text ?? "");
    for (const f of ["prog", "prog.dwp", ...r.dwos].map((x) => join(r.dir, x))) {
      const v = split.get(f);
      if (v === undefined) {
        out.push(`${f}: not verified`);
        continue;
      }
      if (!v.failed) continue;
      const kinds = errorKinds(v.text);
      const fresh = [...kinds].filter((k) => !known.has(k));
      if (fresh.length > 0 || kinds.size === 0) out.push(`${f}: ${fresh.join("; ") || "errors detected"}`);
    }
  }
  return out;
}

function dumpProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  const combined = dumpFiles(
    dwarfdump(
      ["--debug-info"],
      runs.map((r) => join(r.dir, "combined")),
    ).stdout,
  );
  const dwos = dumpFiles(
    dwarfdump(
      ["--debug-info"],
      runs.flatMap((r) => r.dwos.map((d) => join(r.dir, d))),
    ).stdout,
  );
  for (const r of runs) {
    const cu = dumpUnits(combined.get(join(r.dir, "combined")) ?? "");
    const all = new Set(cu.flatMap((u) => u.blocks));
    if (cu.length !== r.dwos.length)
      out.push(`${r.dir}: ${cu.length} combined units, ${r.dwos.length} .dwo files`);
    for (const [i, d] of r.dwos.entries()) {
      const [su] = dumpUnits(dwos.get(join(r.dir, d)) ?? "");
      const c = cu[i];
      if (su === undefined || c === undefined) out.push(`${r.dir}/${d}: no unit in the dump`);
      else for (const p of dumpUnitProblems(c, su, all)) out.push(`${r.dir}/${d}: ${p}`);
    }
  }
  return out;
}

describe.skipIf(missingOracle("llvm-dwarfdump"))(
  "split DWARF of random programs: our reader and llvm-dwarfdump read the combined build's DWARF",
  { timeout: 600_000 },
  () => {
    it("every run", () => {
      const params = propertyParams<[IrProgram, boolean]>({ endOnFailure: true });
      const seed = seedOf(params);
      const runs: Run[] = [];
      fc.assert(
        fc.property(
          arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: 5 }),
          fc.boolean(),
          (p, compress) => {
            runs.push(runOne(p, compress, runs.length));
          },
        ),
        { ...params, seed },
      );
      const problems = { verify: verifyProblems(runs), dump: dumpProblems(runs) };
      if (problems.verify.length + problems.dump.length > 0) kept = true;
      expect(problems, `${runs.length} runs; GODWARF_SEED=${seed} replays them; kept in ${root}`).toEqual({
        verify: [],
        dump: [],
      });
    });
  },
);
