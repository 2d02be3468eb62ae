/**
 * The dSYM layout (golang/go#62577, `--format macho --debug dsym`) over random programs
 * (arbIrProgram, as test/external.property.test.ts). Each program is compiled once and linked
 * three ways in-process: the combined ELF executable, the Mach-O executable with its dSYM, and Go's
 * combined darwin layout (`__zdebug_*`), the Mach-O files with __TEXT at the ELF model's 0x400000
 * so that every address, and so every byte of DWARF, can be the same. For every run:
 *  - our reader reads the same DWARF, byte for byte, from the dSYM companion, from the combined
 *    Mach-O executable (inflating its `__zdebug_*`) and from the ELF file;
 *  - the executable has no `__DWARF`, and the dSYM has the executable's UUID.
 * Then the tools, in one process per tool and batch: llvm-dwarfdump's `--debug-info --debug-line`
 * of each dSYM equals its output for the ELF file (normalised: the file's name and format line);
 * llvm-dwarfdump --verify finds nothing in any dSYM but what Go's own output draws
 * (test/verify/dwarfdump.ts); llvm-objdump --macho --private-headers reads every
 * executable and dSYM. lldb, which is slow, on three programs: `image lookup -v -n FUNC` (a
 * function of the program) gives, through the dSYM, the file and line llvm-dwarfdump --lookup gives
 * for that address in the ELF build.
 * GODWARF_RUNS (default 100) runs, DWARF 4 and 5 drawn at random; GODWARF_SEED replays a failure, whose run
 * directories are kept.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { dwarfSections, readElf } from "../elf/reader.js";
import { machoDwarfSections, readMacho } from "../macho/reader.js";
import { INITTEXT as ELF_TEXT } from "../linker/layout.js";
import { link } from "../linker/link.js";
import { MACHO_HEADR, machoFromLink, machoLinkOptions } from "../linker/macho/output.js";
import { dsymInfoPlist } from "../linker/macho/plist.js";
import { linkElf } from "../linker/output.js";
import { missingOracle } from "./oracles.js";
import { seedOf, propertyParams } from "./property.js";
import { llvmVerify, unexpectedComplaints } from "./verify/dwarfdump.js";
import { scratch } from "./scratch.js";

const work = scratch("machoprop");
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

interface Run {
  dir: string;
  elf: string;
  exe: string;
  dsym: string;
}

/** Differences between two sets of DWARF sections, by name. */
function sectionDiffs(what: string, a: DwarfSections, b: DwarfSections): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(a.sections), ...Object.keys(b.sections)]);
  for (const n of names) {
    const x = a.sections[n as keyof typeof a.sections];
    const y = b.sections[n as keyof typeof b.sections];
    if (x === undefined || y === undefined || !same(x, y)) out.push(`${what}: .${n} differs`);
  }
  return out;
}

function runOne(program: IrProgram): Run {
  const dir = work.fresh("run");
  writeFileSync(join(dir, "program.json"), JSON.stringify(program, null, 1));
  const objs = [compile(program)];
  const base = { goroot: "/goroot" };
  // The ELF model's addresses in both: __TEXT at 0x400000, the text at 0x401000.
  const elf = linkElf(objs, { ...base, compressDwarf: false });
  const mbase = { ...base, textSegment: ELF_TEXT - MACHO_HEADR };
  // One link, both layouts (a link is most of a run's time).
  const r = link(objs, machoLinkOptions(mbase));
  const m = machoFromLink(objs, r, { ...mbase, debug: "dsym" });
  const combined = machoFromLink(objs, r, mbase);
  const bundle = join(dir, "prog.dSYM", "Contents", "Resources", "DWARF");
  mkdirSync(bundle, { recursive: true });
  const run: Run = { dir, elf: join(dir, "elf"), exe: join(dir, "prog"), dsym: join(bundle, "prog") };
  writeFileSync(run.elf, elf.bytes);
  writeFileSync(run.exe, m.bytes);
  writeFileSync(run.dsym, m.dsym!.bytes);
  writeFileSync(join(dir, "prog.dSYM", "Contents", "Info.plist"), dsymInfoPlist("prog"));

  const problems: string[] = [];
  const fromElf = dwarfSections(readElf(elf.bytes, run.elf));
  const d = readMacho(m.dsym!.bytes);
  const x = readMacho(m.bytes);
  problems.push(...sectionDiffs("dSYM vs ELF", machoDwarfSections(m.dsym!.bytes, d), fromElf));
  problems.push(
    ...sectionDiffs(
      "combined Mach-O vs ELF",
      machoDwarfSections(combined.bytes, readMacho(combined.bytes)),
      fromElf,
    ),
  );
  if (x.segments.some((g) => g.segname === "__DWARF")) problems.push("the executable has a __DWARF segment");
  if (x.uuid === undefined || d.uuid === undefined || !same(x.uuid, d.uuid)) problems.push("UUIDs differ");
  if (problems.length > 0) work.keep();
  expect(problems, `kept in ${dir}`).toEqual([]);
  return run;
}

function tool(name: string, args: readonly string[]) {
  const r = spawnSync(name, args, { encoding: "utf8", maxBuffer: 1 << 30, timeout: 300_000 });
  if (r.error !== undefined) throw r.error;
  return { out: r.stdout, err: r.stderr, status: r.status };
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** llvm-dwarfdump's dump of several files, by file, without the file-format line. */
function dumpsByFile(files: readonly string[]): Map<string, string> {
  const r = tool("llvm-dwarfdump", ["--debug-info", "--debug-line", ...files]);
  expect(r.err).toBe("");
  const out = new Map<string, string>();
  const parts = r.out.split(/^(\S.*):\tfile format .*$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!);
  return out;
}

function toolProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  for (const batch of chunks(runs, 50)) {
    const elf = dumpsByFile(batch.map((r) => r.elf));
    const dsym = dumpsByFile(batch.map((r) => r.dsym));
    for (const r of batch) {
      const a = elf.get(r.elf);
      const b = dsym.get(r.dsym);
      if (a === undefined || b === undefined || a !== b)
        out.push(`${r.dir}: llvm-dwarfdump reads other DWARF in the dSYM`);
    }
    // One process for the batch; only a batch with complaints is looked at file by file.
    const v = tool("llvm-dwarfdump", ["--verify", ...batch.map((r) => r.dsym)]);
    if (v.status !== 0 || /^\s*(warning|error):/m.test(v.out + v.err))
      for (const r of batch) {
        const bad = unexpectedComplaints(llvmVerify(r.dsym));
        if (bad.length > 0) out.push(`${r.dsym}: llvm-dwarfdump --verify: ${bad.join("; ")}`);
      }
    const o = tool("llvm-objdump", [
      "--macho",
      "--private-headers",
      ...batch.flatMap((r) => [r.exe, r.dsym]),
    ]);
    if (o.status !== 0 || o.err !== "") out.push(`llvm-objdump: ${o.err.trim()} (${o.status})`);
    if ((o.out.match(/cmd LC_UUID/g)?.length ?? 0) !== 2 * batch.length)
      out.push("llvm-objdump: an LC_UUID missing");
  }
  return out;
}

describe.skipIf(missingOracle("llvm-dwarfdump", "llvm-objdump"))(
  "the dSYM layout of random programs: the combined build's DWARF, read by us and by LLVM",
  { timeout: 600_000 },
  () => {
    it("DWARF 4 (Go's for darwin) and 5, one link per layout", () => {
      const params = propertyParams<[IrProgram]>({ endOnFailure: true });
      const seed = seedOf(params);
      const runs: Run[] = [];
      const arb = fc.oneof(
        arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: 4 }),
        arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: 5 }),
      );
      fc.assert(
        fc.property(arb, (program) => {
          runs.push(runOne(program));
        }),
        { ...params, seed },
      );
      const problems = toolProblems(runs);
      if (problems.length === 0) for (const r of runs) rmSync(r.dir, { recursive: true, force: true });
      else work.keep();
      expect(
        problems,
        `${runs.length} runs; GODWARF_SEED=${seed} replays them; kept in ${work.root}`,
      ).toEqual([]);
    });
  },
);

describe.skipIf(missingOracle("lldb"))(
  "lldb through the dSYM of random programs",
  { timeout: 600_000 },
  () => {
    it("image lookup -v -n FUNC: the file and line llvm-dwarfdump finds at FUNC in the ELF build", () => {
      const params = propertyParams();
      const seed = seedOf(params);
      const programs = fc.sample(arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: 4 }), {
        numRuns: 3,
        seed,
      });
      for (const p of programs) {
        const r = runOne(p);
        const fn = p.functions.find((f) => (f.size ?? 0) > 0)!.name;
        const a = tool("lldb", [
          "-b",
          "-o",
          `target create ${r.exe}`,
          "-o",
          `target symbols add ${r.dsym}`,
          "-o",
          `image lookup -v -n ${fn}`,
        ]);
        expect(a.out, `GODWARF_SEED=${seed}`).toContain(`symbol file '${r.dsym}' has been added`);
        const entry = /LineEntry: \[0x[0-9a-f]+-0x[0-9a-f]+\): (\S+):(\d+)/.exec(a.out);
        expect(entry, `${a.out}\nGODWARF_SEED=${seed}`).not.toBeNull();
        // The same question of the combined ELF build (same addresses), answered by llvm-dwarfdump.
        const low = /Address: prog\[(0x[0-9a-f]+)\]/.exec(a.out)![1]!;
        const l = tool("llvm-dwarfdump", ["--lookup", low, r.elf]).out;
        expect(l, `GODWARF_SEED=${seed}`).toContain(
          `Line info: file '${entry![1]!.slice(entry![1]!.lastIndexOf("/") + 1)}', line ${entry![2]}`,
        );
      }
    });
  },
);
