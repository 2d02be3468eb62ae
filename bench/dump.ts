/**
 * The text-dump row of `npm run bench` (issue #13): `godwarf dump --info` and `llvm-dwarfdump
 * --debug-info` on the same cmd/go binary, in the same run, each in its own process with its output
 * thrown away; wall time and peak resident memory as GNU time reports them (the kernel's maxrss of
 * that process). The aim is within 1.5x llvm-dwarfdump's time and 2x its memory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface DumpRun {
  seconds: number;
  maxRssMiB: number;
}

export interface DumpBenchResult {
  file: string;
  godwarf: DumpRun;
  llvm: DumpRun;
}

const TIME = "/usr/bin/time";
const repoRoot = resolve(import.meta.dirname, "..");

/** Why the row cannot run here, or undefined when it can. */
export function dumpBenchMissing(): string | undefined {
  if (!existsSync(TIME)) return `${TIME} (GNU time) is missing`;
  for (const tool of ["go", "llvm-dwarfdump"])
    if (spawnSync(tool, ["--version"], { stdio: "ignore" }).error !== undefined)
      return `${tool} is not on the PATH`;
  return undefined;
}

/** Runs `argv` under GNU time with stdout to /dev/null; best (lowest time) of `runs`. */
function timed(argv: string[], runs: number): DumpRun {
  let best: DumpRun | undefined;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(TIME, ["-f", "%e %M", ...argv], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    const last = r.stderr.trim().split("\n").pop() ?? "";
    const m = /^([\d.]+) (\d+)$/.exec(last);
    if (r.status !== 0 || m === null) throw new Error(`${argv.join(" ")} failed: ${r.stderr.slice(-500)}`);
    const run = { seconds: Number(m[1]), maxRssMiB: Number(m[2]) / 1024 };
    if (best === undefined || run.seconds < best.seconds) best = run;
  }
  return best!;
}

/**
 * Builds cmd/go (Go's defaults: compressed DWARF) and times both dumpers on it. `node` is the
 * command line that runs TypeScript here (process.execPath with tsx's loader).
 */
export function runDumpBench(node: string[], runs = 1): DumpBenchResult {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-bench-dump-"));
  try {
    const file = join(dir, "go");
    const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };
    const b = spawnSync("go", ["build", "-o", file, "cmd/go"], { env, stdio: ["ignore", "ignore", "pipe"] });
    if (b.status !== 0) throw new Error(`go build cmd/go failed: ${b.stderr}`);
    const llvm = timed(["llvm-dwarfdump", "--debug-info", file], runs);
    const godwarf = timed(
      [...node, join(repoRoot, "cli/main.ts"), "dump", file, "--info", "--color", "never"],
      runs,
    );
    return { file: "cmd/go", godwarf, llvm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatDumpBench(r: DumpBenchResult): string {
  const row = (name: string, x: DumpRun) =>
    `  ${name.padEnd(34)} ${x.seconds.toFixed(2).padStart(7)} s  ${x.maxRssMiB.toFixed(0).padStart(6)} MiB`;
  const t = r.godwarf.seconds / r.llvm.seconds;
  const m = r.godwarf.maxRssMiB / r.llvm.maxRssMiB;
  return [
    `Text dump of ${r.file} (best of the runs; aim: within 1.5x the time and 2x the memory)`,
    row("godwarf dump --info", r.godwarf),
    row("llvm-dwarfdump --debug-info", r.llvm),
    `  ratio: ${t.toFixed(2)}x time, ${m.toFixed(2)}x memory${t <= 1.5 && m <= 2 ? " (within the aim)" : " (outside the aim)"}`,
  ].join("\n");
}
