/**
 * The dump row: `godwarf dump` on cmd/go (built from GOROOT with CGO_ENABLED=0 by the machine's
 * go) against `llvm-dwarfdump --debug-info` on the same file, in the same run, each a fresh
 * process writing to /dev/null: wall time, CPU time and peak resident memory (the kernel's VmHWM
 * of the process, read from /proc while it runs). Then `--json-lines` of each section alone, to
 * show that every section's memory stays flat. godwarf runs from dist/ (built first, untimed), as
 * users run it.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

export interface DumpRun {
  /** What ran, as a person would type it. */
  label: string;
  ms: number;
  cpuMs: number;
  /** Peak resident set size (bytes). */
  peakRss: number;
}

export interface DumpResult {
  file: string;
  /** Size of the file (bytes). */
  size: number;
  llvm: DumpRun;
  godwarf: DumpRun[];
}

const repo = fileURLToPath(new URL("..", import.meta.url));
const CLK_TCK = 100;

/** VmHWM and utime+stime of a live process, or undefined once it is gone. */
function sample(pid: number): { hwm: number; cpuMs: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
    return { hwm, cpuMs };
  } catch {
    return undefined;
  }
}

/** Runs `cmd args` with stdout to /dev/null, sampling its memory every 5 ms. */
export function measure(label: string, cmd: string, args: readonly string[]): Promise<DumpRun> {
  return new Promise((resolve, reject) => {
    const devnull = openSync("/dev/null", "w");
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ["ignore", devnull, "pipe"] });
    let err = "";
    p.stderr?.setEncoding("utf8").on("data", (s: string) => {
      err += s;
    });
    let last = { hwm: 0, cpuMs: 0 };
    const timer = setInterval(() => {
      const s = p.pid === undefined ? undefined : sample(p.pid);
      if (s !== undefined) last = { hwm: Math.max(last.hwm, s.hwm), cpuMs: Math.max(last.cpuMs, s.cpuMs) };
    }, 5);
    p.on("error", reject);
    p.on("exit", (code) => {
      const ms = performance.now() - t0;
      clearInterval(timer);
      closeSync(devnull);
      if (code !== 0) reject(new Error(`${label}: exit ${code}: ${err.slice(0, 500)}`));
      else resolve({ label, ms, cpuMs: last.cpuMs, peakRss: last.hwm });
    });
  });
}

const SECTIONS = ["--info", "--line", "--frame", "--ranges", "--loc", "--addr"];

export async function runDumpBench(): Promise<DumpResult> {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-bench-dump-"));
  try {
    const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
    const file = join(dir, "go");
    execFileSync("go", ["build", "-o", file, "."], {
      cwd: join(goroot, "src", "cmd", "go"),
      env: { ...process.env, CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOPROXY: "off" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], {
      cwd: repo,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const main = join(repo, "dist", "cli", "main.js");
    if (!existsSync(main)) throw new Error(`${main} was not built`);
    const llvm = await measure("llvm-dwarfdump --debug-info", "llvm-dwarfdump", ["--debug-info", file]);
    const runs: DumpRun[] = [];
    const godwarf = (...flags: string[]) =>
      measure(`godwarf dump ${flags.join(" ")}`, process.execPath, [main, "dump", file, ...flags]);
    runs.push(await godwarf("--info"));
    runs.push(await godwarf("--info", "--json-lines"));
    runs.push(await godwarf("--json-lines"));
    runs.push(await godwarf("--json"));
    for (const s of SECTIONS.slice(1)) runs.push(await godwarf(s, "--json-lines"));
    return { file: "cmd/go", size: readFileSync(file).length, llvm, godwarf: runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1 << 20;

/** A Markdown table: each run with its ratio to llvm-dwarfdump --debug-info. */
export function formatDump(r: DumpResult): string {
  const row = (x: DumpRun): string =>
    `| ${x.label} | ${(x.ms / 1000).toFixed(2)} | ${(x.cpuMs / 1000).toFixed(2)} | ${(x.peakRss / MB).toFixed(0)} | ${(x.ms / r.llvm.ms).toFixed(2)}× | ${(x.peakRss / r.llvm.peakRss).toFixed(2)}× |`;
  return [
    `dump of ${r.file} (${(r.size / MB).toFixed(1)} MiB), output to /dev/null; ratios to llvm-dwarfdump --debug-info (aim: 1.5× time, 2× memory)`,
    "",
    "| command | wall s | CPU s | peak RSS MiB | time | memory |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row(r.llvm),
    ...r.godwarf.map(row),
  ].join("\n");
}
