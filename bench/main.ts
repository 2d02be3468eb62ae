/**
 * `npm run bench`: compiles synthetic programs of 1k, 10k and 100k functions (bench/generate.ts)
 * and links each into an ELF file (linker/output.ts linkElf); prints time per phase, throughput and
 * peak memory in a table, then how close to linear the time grows. Then, when go is on the PATH,
 * the real-objects row (real.ts): cmd/go's archives linked by Go's linker and by the model. Every
 * size (and every repetition, and the real row) runs in a fresh child process with --expose-gc, so
 * that peak memory is that run's alone. Then, when go and llvm-dwarfdump are on the PATH, the dump
 * row (dump.ts): `godwarf dump` on cmd/go against `llvm-dwarfdump --debug-info`.
 *
 *   npm run bench -- [--sizes 1000,10000,100000|none] [--repeat N] [--per-object 100] [--seed 1]
 *                    [--warmup 500] [--check] [--json] [--max-old-space MiB] [--no-real] [--go-runs 3]
 *                    [--no-dump]
 */
import { fork, spawnSync } from "node:child_process";
import { availableParallelism, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type DumpResult, formatDump, runDumpBench } from "./dump.js";
import type { RunResult } from "./pipeline.js";
import type { RealResult } from "./real.js";
import { formatReal, realRatios } from "./real-report.js";
import { formatTable, linearity, summarize, totalMs } from "./report.js";
import { formatSplit, runSplitBench } from "./split.js";

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST       functions per program, comma-separated (default 1000,10000,100000; none: no
                     synthetic programs)
  --repeat N         runs per size, each in a fresh process; the median total is shown (default 1)
  --per-object N     functions per package / object (default 100)
  --seed N           generator seed (default 1)
  --warmup N         functions of an untimed warm-up run in each process (default 500; 0: none)
  --check            validate the generated IR and read the output back (untimed)
  --json             print the results as JSON instead of the table
  --max-old-space M  V8 heap limit of each run, MiB (default 8192)
  --real, --no-real  link cmd/go's real archives with Go's linker (-benchmark=cpu) and with the
                     model, and compare the phases (default: on when go is on the PATH)
  --go-runs N        links by Go's linker for the real row; per phase the median (default 3)
  --dump, --no-dump  godwarf dump (--info, --json-lines of each section, --json) on cmd/go against
                     llvm-dwarfdump --debug-info: time and peak memory (default: on when go and
                     llvm-dwarfdump are on the PATH)
  --split, --no-split  godwarf split against eu-strip -f, objcopy and llvm-objcopy on cmd/go
                     (bench/split.ts; default: on when they and go are on the PATH)
  --split-binary F   also split F (repeatable; e.g. a binary of 200 MB or more)
  --split-runs N     runs per tool and binary; the median is shown (default 3)
  --split-big N      also a generated Go program of N functions (default 10000) and a 200 MB
                     embedded blob: over 200 MB (built once and cached; 0: none)
  -h, --help         this text`;

function positive(v: string, name: string): number {
  const n = Number(v.replace(/_/g, "").replace(/k$/i, "000"));
  if (!Number.isSafeInteger(n) || n <= 0) {
    process.stderr.write(`bench: ${name}: expected a positive integer, got ${JSON.stringify(v)}\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        sizes: { type: "string", default: "1000,10000,100000" },
        repeat: { type: "string", default: "1" },
        "per-object": { type: "string", default: "100" },
        seed: { type: "string", default: "1" },
        warmup: { type: "string", default: "500" },
        check: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        "max-old-space": { type: "string", default: "8192" },
        real: { type: "boolean" },
        "go-runs": { type: "string", default: "3" },
        dump: { type: "boolean" },
        split: { type: "boolean" },
        "split-binary": { type: "string", multiple: true, default: [] },
        "split-runs": { type: "string", default: "3" },
        "split-big": { type: "string", default: "10000" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowNegative: true,
    });
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const sizes =
  values.sizes === "none" ? [] : values.sizes.split(",").map((s) => positive(s.trim(), "--sizes"));
const repeat = positive(values.repeat, "--repeat");
const perObject = positive(values["per-object"], "--per-object");
const seed = positive(values.seed, "--seed");
const warmup = values.warmup === "0" ? 0 : positive(values.warmup, "--warmup");
const maxOldSpace = positive(values["max-old-space"], "--max-old-space");
const goRuns = positive(values["go-runs"], "--go-runs");
const hasGo = (): boolean => spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
const real = values.real ?? hasGo();
if (values.real === undefined && !real)
  process.stderr.write("bench: go is not on the PATH: no real-objects row\n");

const hasLlvm = (): boolean => spawnSync("llvm-dwarfdump", ["--version"], { stdio: "ignore" }).status === 0;
const dump = values.dump ?? (hasGo() && hasLlvm());
if (values.dump === undefined && !dump)
  process.stderr.write("bench: go or llvm-dwarfdump is not on the PATH: no dump row\n");
const hasAll = (...tools: string[]): boolean =>
  tools.every((t) => spawnSync("sh", ["-c", 'command -v "$1"', "sh", t], { stdio: "ignore" }).status === 0);
const split = values.split ?? hasAll("go", "eu-strip", "objcopy", "llvm-objcopy", "/usr/bin/time");
const splitRuns = positive(values["split-runs"], "--split-runs");
const splitBig = values["split-big"] === "0" ? 0 : positive(values["split-big"], "--split-big");

const child = fileURLToPath(new URL("./child.ts", import.meta.url));

function runChild(functions: number): Promise<RunResult> {
  const args = [
    "--functions",
    String(functions),
    "--per-object",
    String(perObject),
    "--seed",
    String(seed),
    "--warmup",
    String(warmup),
  ];
  if (values.check) args.push("--check");
  return fork1<RunResult>(args, `run of ${functions} functions`);
}

/** Runs child.ts with `args` in a fresh process and resolves with the result it sends. */
function fork1<T>(args: readonly string[], what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = fork(child, args, {
      // process.execArgv carries tsx's loader when started with `tsx bench/main.ts`.
      execArgv: [...process.execArgv, "--expose-gc", `--max-old-space-size=${maxOldSpace}`],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: T | undefined;
    p.on("message", (m) => {
      result = m as T;
    });
    p.on("error", reject);
    p.on("exit", (code, signal) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`${what} ended (${signal ?? `exit ${code}`}) without a result`));
    });
  });
}

const results = new Map<number, RunResult[]>();
for (const n of sizes) {
  for (let i = 0; i < repeat; i++) {
    process.stderr.write(`bench: ${n} functions${repeat > 1 ? ` (run ${i + 1}/${repeat})` : ""}... `);
    const r = await runChild(n);
    process.stderr.write(`${(totalMs(r) / 1000).toFixed(2)} s\n`);
    results.set(n, [...(results.get(n) ?? []), r]);
  }
}

let realResult: RealResult | undefined;
if (real) {
  process.stderr.write("bench: real objects (cmd/go: go build, Go's linker, the model)... ");
  realResult = await fork1<RealResult>(
    ["--real", "--warmup", String(warmup), "--go-runs", String(goRuns)],
    "the real-objects run",
  );
  const o = realResult.overheadMs;
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  process.stderr.write(
    `${(realResult.modelMs / 1000).toFixed(2)} s (untimed: go build ${s(o.collect)}, Go's links ${s(o.goLinks)}, warm-up ${s(o.warmup)})\n`,
  );
}

let dumpResult: DumpResult | undefined;
if (dump) {
  process.stderr.write("bench: dump (cmd/go: godwarf dump against llvm-dwarfdump --debug-info)... ");
  dumpResult = await runDumpBench();
  process.stderr.write("done\n");
}
const splitResults = split ? runSplitBench(values["split-binary"], splitRuns, splitBig) : undefined;

const summaries = sizes.map((n) => summarize(n, results.get(n)!));
const lin = linearity(summaries);
const machine = {
  node: process.version,
  cpus: availableParallelism(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  maxOldSpaceMiB: maxOldSpace,
};
if (values.json) {
  const out = {
    machine,
    options: { sizes, repeat, perObject, seed, warmup, check: values.check, real, goRuns },
    sizes: summaries,
    linearity: lin,
    real: realResult === undefined ? undefined : { ...realResult, ratios: realRatios(realResult) },
    dump: dumpResult,
    split: splitResults,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  process.stdout.write(
    `godwarf bench: Node ${machine.node}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB; ${perObject} functions per object; seed ${seed}; warm-up ${warmup} functions\n\n`,
  );
  if (summaries.length > 0) process.stdout.write(`${formatTable(summaries, lin)}\n`);
  if (realResult !== undefined)
    process.stdout.write(`${summaries.length > 0 ? "\n" : ""}${formatReal(realResult)}\n`);
  if (dumpResult !== undefined) process.stdout.write(`\n${formatDump(dumpResult)}\n`);
  if (splitResults !== undefined) process.stdout.write(`\n${formatSplit(splitResults)}\n`);
}
