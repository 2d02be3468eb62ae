/**
 * The external debug layout (golang/go#51692, issue #8) over random programs, read by independent
 * tools. Each program (arbIrProgram, at most 6 functions of at most 40 progs) is compiled and
 * linked twice in-process, combined and external (with a random --build-id style and -s or not),
 * and the external link is run again. In-process, for every run (test/verify/external.ts): the
 * executable is the combined build less its DWARF plus a .gnu_debuglink whose CRC is zlib's crc32
 * of the debug file; the debug file has the executable's program headers, NOBITS sections, notes,
 * the combined build's DWARF and symbols; the second link gives the same bytes in both files.
 *
 * Then the tools, in batches over every run of a layout (one process per tool and batch, so the
 * test takes seconds, not minutes; a batch that complains is run again file by file to name the
 * file):
 *  - readelf -W -S -n --debug-dump=info,line,links and eu-readelf -a on both files: nothing on
 *    stderr, no warning or error; readelf follows every executable's debuglink to its debug file;
 *  - eu-elflint (--gnu-ld; -d for the debug file, elfutils' "separate debuginfo file" mode): no
 *    complaint but the one every Go binary draws (the Go build-id note's type is unknown to it);
 *  - eu-unstrip puts the two files back together into one whose DWARF equals the combined build's.
 * The four layouts (DWARF 5 or 4, compressed or not) are four tests of GODWARF_RUNS (default 100)
 * runs each. A failure names the seed (GODWARF_SEED replays it) and keeps the run's directory
 * (program.json, combined, prog, prog.debug).
 *
 * gdb, on a few programs (it is slow): it finds the debug file by build id (`set
 * debug-file-directory` over a --build-id-dir tree, the executable alone in its directory) and by
 * the debuglink next to the executable, and `info functions`, `info line`, `info scope` answer as
 * on the combined build.
 *
 * debuginfod: a real server, started on a free port of 127.0.0.1 over a --build-id-dir tree (-F,
 * a database of its own), serves the debug file byte for byte to curl-like fetches,
 * debuginfod-find and gdb (with nothing on local disk); it is always stopped.
 */
import { freePort, stop } from "./server.test-util.js";
import { gdbBatch } from "./verify/gdb.js";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { arbIrProgram } from "../compiler/ir.arbitrary.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import { parseIr } from "../compiler/ir-validate.js";
import { type ElfFile, readElf } from "../elf/reader.js";
import { buildIdTreePaths } from "../linker/buildid.js";
import { type LinkedImage, linkElf, type OutputOptions } from "../linker/output.js";
import { missingOracle } from "./oracles.js";
import { BUILD_ID_STYLES, seedOf, propertyParams } from "./property.js";
import { externalProblems } from "./verify/external.js";
import { knownGoComplaints, readelfComplaints } from "./verify/readelf.js";
import { scratch } from "./scratch.js";

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const work = scratch("extprop");
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** One run of a layout: its directory and what the tools need to judge it. */
interface Run {
  dir: string;
  /** readelf complaints Go's own layout draws on this program (readelf.ts knownGoComplaints). */
  known: RegExp[];
}

function linkBoth(
  program: IrProgram,
  opts: OutputOptions,
  objs = [compile(program)],
): { combined: LinkedImage; ext: LinkedImage } {
  const { s: _s, w: _w, externalDebug: _e, ...rest } = opts;
  return { combined: linkElf(objs, rest), ext: linkElf(objs, opts) };
}

/** The in-process part of a run (asserted here), and the files for the tools. */
function runOne(program: IrProgram, v: { compress: boolean }, style: string | undefined, s: boolean): Run {
  const dir = work.fresh("run");
  writeFileSync(join(dir, "program.json"), JSON.stringify(program, null, 1));
  const opts: OutputOptions = {
    compressDwarf: v.compress,
    goroot: "/goroot",
    s,
    externalDebug: "prog.debug",
  };
  if (style !== undefined) opts.buildId = style;
  const objs = [compile(program)];
  const { combined, ext } = linkBoth(program, opts, objs);
  writeFileSync(join(dir, "combined"), combined.bytes);
  writeFileSync(join(dir, "prog"), ext.bytes);
  writeFileSync(join(dir, "prog.debug"), ext.debugFile!.bytes);
  // Linked again from the same objects: every byte of both files must come out the same.
  const again = linkElf(objs, opts);
  const problems = externalProblems(combined, ext, s);
  if (!same(again.bytes, ext.bytes)) problems.push("a second link wrote another executable");
  if (!same(again.debugFile!.bytes, ext.debugFile!.bytes))
    problems.push("a second link wrote another debug file");
  if (problems.length > 0) work.keep();
  expect(problems, `kept in ${dir}`).toEqual([]);
  return { dir, known: knownGoComplaints(combined.link.sections) };
}

/** Runs `tool args... files...`; returns stdout, stderr and status. */
function run(tool: string, args: readonly string[], files: readonly string[]) {
  const r = spawnSync(tool, [...args, ...files], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 300_000 });
  if (r.error !== undefined) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const READELF = ["-W", "-S", "-n", "--debug-dump=info,line,links"];

/** readelf over every file, in batches; a batch with complaints is run file by file. */
function readelfProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  for (const batch of chunks(runs, 50)) {
    const files = batch.flatMap((r) => [join(r.dir, "prog"), join(r.dir, "prog.debug")]);
    const all = run("readelf", READELF, files);
    const known = batch.flatMap((r) => r.known);
    const found = all.stdout.match(/Found separate debug info file: /g)?.length ?? 0;
    if (readelfComplaints(all, known).length === 0 && found === batch.length) continue;
    for (const r of batch) {
      for (const f of ["prog", "prog.debug"]) {
        const one = run("readelf", READELF, [join(r.dir, f)]);
        for (const c of readelfComplaints(one, r.known)) out.push(`${r.dir}/${f}: readelf: ${c}`);
        if (
          f === "prog" &&
          !one.stdout.includes(`Found separate debug info file: ${join(r.dir, "prog.debug")}`)
        )
          out.push(`${r.dir}/prog: readelf did not follow the debuglink`);
      }
    }
  }
  return out;
}

/** eu-readelf -a over every file, in batches: nothing on stderr, exit 0. */
function euReadelfProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  for (const batch of chunks(runs, 50)) {
    const files = batch.flatMap((r) => [join(r.dir, "prog"), join(r.dir, "prog.debug")]);
    const all = run("eu-readelf", ["-a"], files);
    if (all.stderr === "" && all.status === 0) continue;
    for (const f of files) {
      const one = run("eu-readelf", ["-a"], [f]);
      if (one.stderr !== "" || one.status !== 0)
        out.push(`${f}: eu-readelf -a: ${one.stderr.trim()} (${one.status})`);
    }
  }
  return out;
}

/** What eu-elflint says of every Go binary: it does not know the Go build-id note's type. */
const GO_NOTE = /unknown object file note type 4 with owner name 'Go'/;

/** eu-elflint over every executable (--gnu-ld) and debug file (-d), in batches. */
function elflintProblems(runs: readonly Run[]): string[] {
  const out: string[] = [];
  for (const [args, name] of [
    [["--gnu-ld"], "prog"],
    [["--gnu-ld", "-d"], "prog.debug"],
  ] as const) {
    for (const batch of chunks(runs, 100)) {
      const r = run(
        "eu-elflint",
        args,
        batch.map((x) => join(x.dir, name)),
      );
      if (r.stderr !== "") out.push(`eu-elflint ${args.join(" ")}: ${r.stderr.trim()}`);
      let file = "";
      for (const line of r.stdout.split("\n")) {
        const head = /^(\/.*):$/.exec(line);
        if (head !== null) file = head[1]!;
        else if (line.trim() !== "" && !GO_NOTE.test(line)) out.push(`${file}: eu-elflint: ${line}`);
      }
    }
  }
  return out;
}

/** The .debug_* sections of a file by name, decompressed. */
function dwarfOf(elf: ElfFile): Map<string, Uint8Array> {
  return new Map(
    elf.sections.filter((s) => s.name.startsWith(".debug_")).map((s) => [s.name, elf.sectionData(s)]),
  );
}

/** eu-unstrip of every pair (one shell for all): the result's DWARF is the combined build's. */
function unstripProblems(runs: readonly Run[]): string[] {
  const script = 'for d; do eu-unstrip -o "$d/unstripped" "$d/prog" "$d/prog.debug" 2>"$d/unstrip.err"; done';
  const r = spawnSync("sh", ["-c", script, "sh", ...runs.map((x) => x.dir)], {
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.error !== undefined) throw r.error;
  const out: string[] = [];
  for (const x of runs) {
    const err = readFileSync(join(x.dir, "unstrip.err"), "utf8");
    if (err !== "") {
      out.push(`${x.dir}: eu-unstrip: ${err.trim()}`);
      continue;
    }
    const un = dwarfOf(readElf(new Uint8Array(readFileSync(join(x.dir, "unstripped")))));
    const comb = dwarfOf(readElf(new Uint8Array(readFileSync(join(x.dir, "combined")))));
    if (JSON.stringify([...un.keys()]) !== JSON.stringify([...comb.keys()]))
      out.push(`${x.dir}: eu-unstrip gave ${[...un.keys()]}, the combined build has ${[...comb.keys()]}`);
    for (const [name, data] of comb) {
      if (!same(un.get(name) ?? new Uint8Array(), data))
        out.push(`${x.dir}: eu-unstrip's ${name} differs from the combined build's`);
    }
  }
  return out;
}

const VARIANTS = [
  { dwarf: 5, compress: true },
  { dwarf: 5, compress: false },
  { dwarf: 4, compress: true },
  { dwarf: 4, compress: false },
] as const;

describe.skipIf(missingOracle("readelf", "eu-readelf", "eu-elflint", "eu-unstrip"))(
  "the external layout of random programs, read by readelf, eu-readelf, eu-elflint and eu-unstrip",
  { timeout: 600_000 },
  () => {
    for (const v of VARIANTS) {
      it(`DWARF ${v.dwarf}, ${v.compress ? "compressed" : "uncompressed"}`, () => {
        const params = propertyParams<[IrProgram, string | undefined, boolean]>({ endOnFailure: true });
        const seed = seedOf(params);
        const runs: Run[] = [];
        const arb = arbIrProgram({ maxFunctions: 6, maxProgs: 40, dwarfVersion: v.dwarf });
        // No shrinking: each step would link again; the seed and the kept directory are what a
        // failure leaves.
        fc.assert(
          fc.property(arb, fc.constantFrom(...BUILD_ID_STYLES), fc.boolean(), (program, style, s) => {
            runs.push(runOne(program, v, style, s));
          }),
          { ...params, seed },
        );
        const problems = {
          readelf: readelfProblems(runs),
          euReadelf: euReadelfProblems(runs),
          elflint: elflintProblems(runs),
          unstrip: unstripProblems(runs),
        };
        const clean = Object.values(problems).every((p) => p.length === 0);
        if (clean) for (const r of runs) rmSync(r.dir, { recursive: true, force: true });
        else work.keep();
        expect(
          problems,
          `${runs.length} runs; GODWARF_SEED=${seed} replays them; kept in ${work.root}`,
        ).toEqual({
          readelf: [],
          euReadelf: [],
          elflint: [],
          unstrip: [],
        });
      });
    }
  },
);

// ---------------------------------------------------------------------------------------------
// gdb

/** One gdb session over `file` with `commands`; the answer to each, told apart by markers. */
function gdb(
  file: string,
  commands: readonly string[],
  init: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
) {
  return gdbBatch(file, commands, { init, env, timeoutMs: 120_000 });
}

/**
 * gdb lists a symbol without debug info once for each file whose .symtab has it: an executable
 * that keeps its .symtab (no -s) and its debug file both do, as with objcopy --only-keep-debug, so
 * `info functions` names runtime.etext twice. Each such line is kept once.
 */
function onceEach(answer: string): string {
  const [debug, minimal] = answer.split(/^Non-debugging symbols:$/m);
  if (minimal === undefined) return answer;
  return `${debug}Non-debugging symbols:${[...new Set(minimal.split("\n"))].join("\n")}`;
}

/** `info functions`, then `info scope` at each function's entry and `info line` at its first rows. */
function gdbQueries(img: LinkedImage): string[] {
  const q = ["info functions"];
  const funcs = [...img.link.symbols.values()].filter((y) => y.kind === "STEXT" && y.section === ".text");
  for (const f of funcs.sort((a, b) => a.addr - b.addr)) {
    q.push(`info scope *0x${f.addr.toString(16)}`);
    for (const off of [0, 1, Math.floor(f.size / 2), f.size - 1])
      if (off >= 0 && off < f.size) q.push(`info line *0x${(f.addr + off).toString(16)}`);
  }
  return q;
}

describe.skipIf(missingOracle("gdb"))(
  "gdb finds the debug file by build id and by debuglink",
  { timeout: 600_000 },
  () => {
    const params = propertyParams();
    const seed = seedOf(params);
    const random = fc.sample(arbIrProgram({ maxFunctions: 6, maxProgs: 40 }), { numRuns: 3, seed });
    const cases: [string, IrProgram, OutputOptions][] = [
      ["the sample", parseIr(readFileSync(SAMPLE_IR, "utf8"), SAMPLE_IR), {}],
      ...random.map((p, i): [string, IrProgram, OutputOptions] => [
        `random program ${i} (GODWARF_SEED=${seed})`,
        p,
        [{ s: true }, { buildId: "sha1", compressDwarf: false }, { buildId: "fast" }][i]!,
      ]),
    ];
    it.each(cases)("%s", (_name, program, flags) => {
      const dir = work.fresh("gdb");
      const opts: OutputOptions = { goroot: "/goroot", ...flags, externalDebug: "prog.debug" };
      const { combined, ext } = linkBoth(program, opts);
      writeFileSync(join(dir, "combined"), combined.bytes);
      writeFileSync(join(dir, "prog"), ext.bytes);
      writeFileSync(join(dir, "prog.debug"), ext.debugFile!.bytes);
      // The tree, and the executable alone in a directory of its own.
      const tree = join(dir, "tree");
      const rel = buildIdTreePaths(ext.gnuBuildId!)!;
      mkdirSync(join(tree, rel.dir), { recursive: true });
      writeFileSync(join(tree, rel.debugFile), ext.debugFile!.bytes);
      mkdirSync(join(dir, "alone"));
      copyFileSync(join(dir, "prog"), join(dir, "alone", "prog"));
      const empty = join(dir, "empty");
      mkdirSync(empty);

      const queries = [...gdbQueries(combined), "info sources"];
      const want = gdb(join(dir, "combined"), queries);
      const byLink = gdb(join(dir, "prog"), queries, [`set debug-file-directory ${empty}`]);
      const byId = gdb(join(dir, "alone", "prog"), queries, [`set debug-file-directory ${tree}`]);
      const n = queries.length - 1;
      expect(want.answers[0]).toMatch(/All defined functions:/);
      expect(want.answers.slice(1, n).join("")).toMatch(/^Line \d+ of /m);
      for (const [how, got, path] of [
        ["by debuglink", byLink, join(dir, "prog.debug")],
        ["by build id", byId, join(tree, rel.debugFile)],
      ] as const) {
        expect(got.preamble, how).not.toMatch(/warning|error|CRC mismatch/i);
        expect([onceEach(got.answers[0]!), ...got.answers.slice(1, n)], how).toEqual([
          onceEach(want.answers[0]!),
          ...want.answers.slice(1, n),
        ]);
        // `info sources` heads each objfile's files with its name: gdb read the debug file.
        expect(got.answers[n], how).toContain(`${path}:`);
      }
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

// ---------------------------------------------------------------------------------------------
// debuginfod

describe.skipIf(missingOracle("debuginfod", "debuginfod-find", "gdb"))(
  "a real debuginfod serves a --build-id-dir tree",
  { timeout: 120_000 },
  () => {
    let server: ChildProcess | undefined;
    afterAll(async () => {
      if (server !== undefined) await stop(server);
    });

    it("debuginfod -F indexes it; debuginfod-find and gdb fetch the debug file byte for byte", async () => {
      const dir = work.fresh("debuginfod");
      const out = join(dir, "bin", "prog");
      mkdirSync(join(dir, "bin"));
      const tree = join(dir, "tree");
      const r = cli("build", SAMPLE_IR, "-o", out, "--debug", "external", "--build-id-dir", tree, "--json");
      expect(r.err).toBe("");
      const id = (JSON.parse(r.out) as { gnuBuildId: string }).gnuBuildId;
      const ours = readFileSync(`${out}.debug`);

      const port = await freePort();
      const log: string[] = [];
      server = spawn(
        "debuginfod",
        ["-p", String(port), "-d", join(dir, "db.sqlite"), "-F", tree, "-t0", "-g0"],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      server.stdout?.on("data", (c: Buffer) => log.push(c.toString()));
      server.stderr?.on("data", (c: Buffer) => log.push(c.toString()));
      const url = `http://127.0.0.1:${port}`;
      // Ready when it serves our id (indexing takes a moment); at most 30 s.
      let got: Buffer | undefined;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        if (server.exitCode !== null) break;
        try {
          const res = await fetch(`${url}/buildid/${id}/debuginfo`);
          if (res.status === 200) {
            got = Buffer.from(await res.arrayBuffer());
            break;
          }
        } catch {
          // Not listening yet.
        }
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(got, `debuginfod never served ${id}: ${log.join("").slice(-2000)}`).toBeDefined();
      expect(Buffer.compare(got!, ours)).toBe(0);
      const exe = await fetch(`${url}/buildid/${id}/executable`);
      expect(exe.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await exe.arrayBuffer()), readFileSync(out))).toBe(0);

      // debuginfod-find, with a cache of its own.
      const env = { ...process.env, DEBUGINFOD_URLS: url, DEBUGINFOD_CACHE_PATH: join(dir, "cache-find") };
      const find = spawnSync("debuginfod-find", ["debuginfo", id], {
        encoding: "utf8",
        env,
        timeout: 60_000,
      });
      expect(find.status, find.stderr).toBe(0);
      const path = find.stdout.trim();
      expect(path.startsWith(join(dir, "cache-find"))).toBe(true);
      expect(Buffer.compare(readFileSync(path), ours)).toBe(0);

      // gdb with nothing on local disk: the executable alone, an empty cache and debug directory.
      const alone = join(dir, "alone");
      mkdirSync(alone);
      copyFileSync(out, join(alone, "prog"));
      const empty = join(dir, "empty");
      mkdirSync(empty);
      const g = gdb(
        join(alone, "prog"),
        ["info functions main\\."],
        ["set debuginfod enabled on", `set debug-file-directory ${empty}`],
        { DEBUGINFOD_URLS: url, DEBUGINFOD_CACHE_PATH: join(dir, "cache-gdb") },
      );
      expect(g.answers[0]).toMatch(/void main\.main\(void\);[\s\S]*void main\.sumSquares\(int, int\);/);
      await stop(server);
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    });
  },
);
