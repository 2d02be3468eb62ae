/**
 * The PE layout over random programs (issue #11): each program (arbIrProgram, as
 * test/external.property.test.ts draws them) is compiled once and linked in-process three ways:
 *  - a PE image at Go's windows addresses (image base 0x140000000), with a random --build-id style,
 *    -s (which implies -w) or not, compressed or not: its DWARF, read back by pe/reader.ts, is the
 *    link's own (none with -s), and its
 *    debug directory holds one RSDS record whose GUID is made from the build id (content styles
 *    recomputed from the file), age 1;
 *  - the same PE at the ELF build's addresses (-T 0x401000, image base 0x400000) and the combined
 *    ELF build: the DWARF read back through the PE layout equals the ELF's, section by section,
 *    byte for byte.
 * Then the tools, batched over every run of a variant (one process per tool and batch): llvm-dwarfdump
 * --verify on every image (nothing but what Go's own binaries draw); llvm-dwarfdump --all on each PE at the ELF's addresses and on its ELF
 * build prints the same (the file-format line aside); llvm-readobj --coff-debug-directory and
 * objdump -p show each image's GUID and age 1. GODWARF_RUNS (default 100) runs per variant; a
 * failure names the seed (GODWARF_SEED replays it) and keeps the files.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { dwarfSections, readElf } from "../elf/reader.js";
import { contentBuildId } from "../linker/buildid.js";
import { linkElf } from "../linker/output.js";
import { guidFromBuildId, guidString } from "../linker/pe/codeview.js";
import { type LinkedPe, linkPe, type PeOptions } from "../linker/pe/output.js";
import { peDwarfSections, readPe } from "../pe/reader.js";
import { missingOracle } from "./oracles.js";
import { llvmVerify, unexpectedComplaints } from "./verify/dwarfdump.js";
import { BUILD_ID_STYLES, seedOf, propertyParams } from "./property.js";
import { scratch } from "./scratch.js";

const work = scratch("peprop");
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a !== undefined && b !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** One run: where its files are, and each image with the GUID the tools must show (undefined: none). */
interface Run {
  dir: string;
  images: { file: string; guid: Uint8Array | undefined }[];
}

/** The DWARF sections two containers give, compared by name and bytes. */
function dwarfDiff(a: DwarfSections, b: DwarfSections, what: string): string[] {
  const out: string[] = [];
  const ka = Object.keys(a.sections).sort();
  const kb = Object.keys(b.sections).sort();
  if (JSON.stringify(ka) !== JSON.stringify(kb)) out.push(`${what}: sections ${ka} vs ${kb}`);
  for (const k of ka as (keyof DwarfSections["sections"])[])
    if (!same(a.sections[k], b.sections[k])) out.push(`${what}: .${k} differs`);
  return out;
}

/** The in-process checks of one image's debug directory. */
function debugDirectoryProblems(img: LinkedPe, style: string | undefined): string[] {
  const pe = readPe(img.bytes);
  if (style === "none")
    return pe.debugDirectory.length === 0 ? [] : ["--build-id none wrote a debug directory"];
  const e = pe.debugDirectory;
  if (e.length !== 1 || e[0]!.codeView === undefined) return [`${e.length} debug directory entries`];
  const cv = e[0]!.codeView;
  const out: string[] = [];
  if (cv.age !== 1) out.push(`age ${cv.age}`);
  if (!same(cv.guid, guidFromBuildId(img.buildId!))) out.push("the GUID is not the build id's");
  if (img.buildIdStyle.kind === "content") {
    const copy = img.bytes.slice();
    const at = e[0]!.pointerToRawData + 4;
    copy.fill(0, at, at + 16);
    if (!same(contentBuildId(img.buildIdStyle.algorithm, copy), img.buildId))
      out.push(`the ${img.buildIdStyle.algorithm} build id is not the hash of the file`);
  }
  return out;
}

function runOne(
  program: IrProgram,
  style: string | undefined,
  s: boolean,
  compress: boolean,
  n: number,
): Run {
  const dir = work.fresh("run");
  writeFileSync(join(dir, "program.json"), JSON.stringify(program, null, 1));
  const objs = [compile(program)];
  // At the ELF build's addresses, DWARF kept whatever -s says, so there is always DWARF to compare.
  const opts: PeOptions = { goroot: "/goroot", compressDwarf: compress, s, w: false, textStart: 0x401000 };
  if (style !== undefined) opts.buildId = style;
  const low = linkPe(objs, opts);
  const elf = linkElf(objs, { goroot: "/goroot", compressDwarf: compress });
  writeFileSync(join(dir, "low.exe"), low.bytes);
  writeFileSync(join(dir, "prog.elf"), elf.bytes);
  const problems = [
    ...dwarfDiff(
      peDwarfSections(readPe(low.bytes)),
      dwarfSections(readElf(elf.bytes)),
      "PE at 0x401000 against ELF",
    ),
    ...debugDirectoryProblems(low, style),
  ];
  if (s && readPe(low.bytes).numberOfSymbols !== 0) problems.push("-s wrote COFF symbols");
  // Every fifth run also at Go's windows addresses, with Go's flags (-s implies -w), and every
  // tenth linked twice: one link per run more would double the test's time.
  let prog: LinkedPe | undefined;
  if (n % 5 === 0) {
    const { w: _w, textStart: _t, ...goFlags } = opts;
    prog = linkPe(objs, goFlags);
    writeFileSync(join(dir, "prog.exe"), prog.bytes);
    const own: DwarfSections = {
      littleEndian: true,
      addressSize: 8,
      sections: prog.dwarf
        ? Object.fromEntries([...prog.link.sections].map(([k, v]) => [k.slice(1), v]))
        : {},
    };
    problems.push(...dwarfDiff(peDwarfSections(readPe(prog.bytes)), own, "the image against its link"));
    problems.push(...debugDirectoryProblems(prog, style));
    if (n % 10 === 0 && !same(linkPe(objs, goFlags).bytes, prog.bytes))
      problems.push("a second link wrote other bytes");
  }
  if (problems.length > 0) work.keep();
  expect(problems, `kept in ${dir}`).toEqual([]);
  return {
    dir,
    images: [{ file: "low.exe", guid: low.guid }, ...(prog ? [{ file: "prog.exe", guid: prog.guid }] : [])],
  };
}

function run(tool: string, args: readonly string[], files: readonly string[]) {
  const r = spawnSync(tool, [...args, ...files], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 300_000 });
  if (r.error !== undefined) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Splits a multi-file output into each file's part, by the lines that start one. */
function perFile(out: string, header: RegExp): Map<string, string> {
  const m = new Map<string, string>();
  let file: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (file !== undefined) m.set(file, lines.join("\n").trim());
  };
  for (const line of out.split("\n")) {
    const h = header.exec(line);
    if (h !== null) {
      flush();
      file = h[1]!;
      lines = [];
    } else lines.push(line);
  }
  flush();
  return m;
}

/**
 * llvm-dwarfdump --verify on every image, in one process; when it complains, each image alone,
 * which may draw only what Go's own binaries draw (test/verify/dwarfdump.ts: random programs
 * reach the block/inlined-call overlap Go writes), as its ELF build does.
 */
function verifyProblems(runs: readonly Run[]): string[] {
  const files = runs.flatMap((r) => r.images.map((i) => join(r.dir, i.file)));
  if (run("llvm-dwarfdump", ["--verify"], files).status === 0) return [];
  return files.flatMap((f) =>
    unexpectedComplaints(llvmVerify(f)).map((c) => `${f}: llvm-dwarfdump --verify: ${c}`),
  );
}

const DWARFDUMP_HEADER = /^(\/\S+):\s+file format /;

function dumpProblems(runs: readonly Run[]): string[] {
  const pes = perFile(
    run(
      "llvm-dwarfdump",
      ["--all"],
      runs.map((r) => join(r.dir, "low.exe")),
    ).stdout,
    DWARFDUMP_HEADER,
  );
  const elfs = perFile(
    run(
      "llvm-dwarfdump",
      ["--all"],
      runs.map((r) => join(r.dir, "prog.elf")),
    ).stdout,
    DWARFDUMP_HEADER,
  );
  const out: string[] = [];
  for (const r of runs) {
    const a = pes.get(join(r.dir, "low.exe"));
    const b = elfs.get(join(r.dir, "prog.elf"));
    if (a === undefined || b === undefined || a.length < 100)
      out.push(`${r.dir}: llvm-dwarfdump --all printed nothing`);
    else if (a !== b) out.push(`${r.dir}: llvm-dwarfdump --all differs between low.exe and prog.elf`);
  }
  return out;
}

function debugDirectoryToolProblems(runs: readonly Run[]): string[] {
  const images = runs.flatMap((r) => r.images.map((i) => ({ file: join(r.dir, i.file), guid: i.guid })));
  const files = images.map((i) => i.file);
  const ro = perFile(run("llvm-readobj", ["--coff-debug-directory"], files).stdout, /^File: (\S+)$/);
  const od = perFile(run("objdump", ["-p"], files).stdout, /^(\/\S+):\s+file format pei-x86-64$/);
  const out: string[] = [];
  for (const { file: f, guid } of images) {
    const a = ro.get(f) ?? "";
    const b = od.get(f) ?? "";
    if (guid === undefined) {
      if (a.includes("CodeView") || b.includes("There is a debug directory"))
        out.push(`${f}: a debug directory without a build id`);
      continue;
    }
    const spaced = [...guid].map((x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");
    if (!a.includes(`PDBGUID: (${spaced})`) || !a.includes("PDBAge: 1"))
      out.push(`${f}: llvm-readobj does not show GUID ${spaced} age 1`);
    const sig = guidString(guid).replace(/-/g, "").toLowerCase();
    if (
      !b.includes("There is a debug directory in .buildid") ||
      !b.includes(`(format RSDS signature ${sig} age 1 pdb (none))`)
    )
      out.push(`${f}: objdump -p does not show the debug directory in .buildid with signature ${sig} age 1`);
  }
  return out;
}

describe.skipIf(missingOracle("llvm-dwarfdump", "llvm-readobj", "objdump"))(
  "the PE layout of random programs, read back and by llvm-dwarfdump, llvm-readobj and objdump",
  { timeout: 600_000 },
  () => {
    for (const dwarf of [5, 4] as const) {
      it(`DWARF ${dwarf}`, () => {
        const params = propertyParams<[IrProgram, string | undefined, boolean, boolean]>({
          endOnFailure: true,
        });
        const seed = seedOf(params);
        const runs: Run[] = [];
        const arb = arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: dwarf });
        fc.assert(
          fc.property(
            arb,
            fc.constantFrom(...BUILD_ID_STYLES),
            fc.boolean(),
            fc.boolean(),
            (program, style, s, compress) => {
              runs.push(runOne(program, style, s, compress, runs.length));
            },
          ),
          { ...params, seed },
        );
        const problems = {
          verify: verifyProblems(runs),
          dwarfdump: dumpProblems(runs),
          debugDirectory: debugDirectoryToolProblems(runs),
        };
        const clean = Object.values(problems).every((p) => p.length === 0);
        if (clean) for (const r of runs) rmSync(r.dir, { recursive: true, force: true });
        else work.keep();
        expect(
          problems,
          `${runs.length} runs; GODWARF_SEED=${seed} replays them; kept in ${work.root}`,
        ).toEqual({
          verify: [],
          dwarfdump: [],
          debugDirectory: [],
        });
      });
    }
  },
);
