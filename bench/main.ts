/**
 * `npm run bench`: compiles synthetic programs of 1k, 10k and 100k functions (bench/generate.ts)
 * and links each into an ELF file (linker/output.ts linkElf); prints time per phase, throughput and
 * peak memory in a table, then how close to linear the time grows. Every size (and every repetition) runs in a fresh child process with --expose-gc, so that
 * peak memory is that run's alone.
 *
 *   npm run bench -- [--sizes 1000,10000,100000] [--repeat N] [--per-object 100] [--seed 1]
 *                    [--warmup 500] [--check] [--json] [--max-old-space MiB]
 */
import { fork } from "node:child_process";
import { availableParallelism, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { RunResult } from "./pipeline.js";
import { formatTable, linearity, summarize, totalMs } from "./report.js";

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST       functions per program, comma-separated (default 1000,10000,100000)
  --repeat N         runs per size, each in a fresh process; the median total is shown (default 1)
  --per-object N     functions per package / object (default 100)
  --seed N           generator seed (default 1)
  --warmup N         functions of an untimed warm-up run in each process (default 500; 0: none)
  --check            validate the generated IR and read the output back (untimed)
  --json             print the results as JSON instead of the table
  --max-old-space M  V8 heap limit of each run, MiB (default 8192)
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
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
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
const sizes = values.sizes.split(",").map((s) => positive(s.trim(), "--sizes"));
const repeat = positive(values.repeat, "--repeat");
const perObject = positive(values["per-object"], "--per-object");
const seed = positive(values.seed, "--seed");
const warmup = values.warmup === "0" ? 0 : positive(values.warmup, "--warmup");
const maxOldSpace = positive(values["max-old-space"], "--max-old-space");

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
  return new Promise((resolve, reject) => {
    const p = fork(child, args, {
      // process.execArgv carries tsx's loader when started with `tsx bench/main.ts`.
      execArgv: [...process.execArgv, "--expose-gc", `--max-old-space-size=${maxOldSpace}`],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: RunResult | undefined;
    p.on("message", (m) => {
      result = m as RunResult;
    });
    p.on("error", reject);
    p.on("exit", (code, signal) => {
      if (result !== undefined) resolve(result);
      else
        reject(
          new Error(`run of ${functions} functions ended (${signal ?? `exit ${code}`}) without a result`),
        );
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
    options: { sizes, repeat, perObject, seed, warmup, check: values.check },
    sizes: summaries,
    linearity: lin,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  process.stdout.write(
    `godwarf bench: Node ${machine.node}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB; ${perObject} functions per object; seed ${seed}; warm-up ${warmup} functions\n\n`,
  );
  process.stdout.write(`${formatTable(summaries, lin)}\n`);
}
