/**
 * Go's own linker on the same objects as the model: the link command `go build` ran (cli/go/collect.ts),
 * run again with `-benchmark=cpu`, which makes cmd/link print one line per phase of ld.Main
 * (cmd/link/internal/benchmark: `BenchmarkDwarfGenerateDebugInfo 1 112590225 ns/op ...`; wall
 * time, no GC between phases). Its peak RSS is read from /proc while it runs.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Collected } from "../cli/go/collect.js";

/** One link by Go's linker. */
export interface GoLinkRun {
  /** Milliseconds per phase, by the benchmark's name without "Benchmark" ("DwarfGenerateDebugInfo"). */
  phases: Record<string, number>;
  /** BenchmarkTotalTime (ms): the whole of ld.Main. */
  totalMs: number;
  /** The link process's peak resident set size (VmHWM, bytes); undefined without /proc. */
  peakRss: number | undefined;
}

/** Go's phases that do what the model's phases do (cmd/link/internal/ld/main.go order). */
export const GO_MATCH = {
  load: ["Loadlib"],
  // layoutGo models linksetup to address, pclntab's and symtab's sizes included.
  layout: [
    "Inittasks",
    "Deadcode",
    "Linksetup",
    "Dostrdata",
    "Textaddress",
    "Typelink",
    "Buildinfo",
    "Pclntab",
    "Findfunctab",
    "Symtab",
    "Dodata",
    "Address",
  ],
  info: ["DwarfGenerateDebugInfo"],
  syms: ["DwarfGenerateDebugSyms"],
  // compressSyms relocates each DWARF symbol before deflating it: Go's relocation of DWARF is here.
  compress: ["Dwarfcompress"],
} as const satisfies Record<string, readonly string[]>;

/** Parses -benchmark output: `BenchmarkName 1 N ns/op ...` lines, in ms by name. */
export function parseBenchmark(out: string): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const m of out.matchAll(/^Benchmark(\w+) 1 (\d+) ns\/op/gm)) phases[m[1]!] = Number(m[2]) / 1e6;
  return phases;
}

/**
 * Writes the importcfg the link read (`packagefile` lines and `modinfo`, as importcfg.link had them)
 * into `dir` and returns the link's arguments with -o and -importcfg pointing into `dir`.
 */
export function linkArgsIn(c: Collected, dir: string): { args: string[]; output: string } {
  const cfg = join(dir, "importcfg.link");
  const lines = [...c.importcfg].map(([pkg, file]) => `packagefile ${pkg}=${file}`);
  if (c.modinfo !== undefined) lines.push(`modinfo ${c.modinfo}`);
  writeFileSync(cfg, `${lines.join("\n")}\n`);
  const output = join(dir, "a.out");
  const args: string[] = [];
  const a = c.link.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const flag = w.replace(/^--?/, "-");
    if (flag === "-o" || flag === "-importcfg") {
      args.push(w, flag === "-o" ? output : cfg);
      i++;
    } else if (flag.startsWith("-o=")) args.push(`-o=${output}`);
    else if (flag.startsWith("-importcfg=")) args.push(`-importcfg=${cfg}`);
    else args.push(w);
  }
  return { args, output };
}

/** Runs Go's linker once with -benchmark=cpu (`env` on top of this process's environment). */
export function runGoLink(
  c: Collected,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<GoLinkRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(c.link.tool, ["-benchmark=cpu", ...args], {
      env: { ...process.env, ...c.link.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    p.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    // VmHWM is a high-water mark, so the last reading before exit is (nearly) the peak.
    let peakRss: number | undefined;
    const poll = setInterval(() => {
      const hwm = vmHwm(p.pid);
      if (hwm !== undefined && hwm > (peakRss ?? 0)) peakRss = hwm;
    }, 5);
    p.on("error", (e) => {
      clearInterval(poll);
      reject(e);
    });
    p.on("close", (code, signal) => {
      clearInterval(poll);
      if (code !== 0) {
        reject(new Error(`${c.link.tool} -benchmark=cpu: ${signal ?? `exit ${code}`}: ${stderr.trim()}`));
        return;
      }
      const phases = parseBenchmark(stdout);
      const totalMs = phases.TotalTime;
      if (totalMs === undefined || phases.DwarfGenerateDebugInfo === undefined)
        reject(new Error(`${c.link.tool} -benchmark=cpu printed no phase times:\n${stdout}${stderr}`));
      else {
        delete phases.TotalTime;
        resolve({ phases, totalMs, peakRss });
      }
    });
  });
}

/** /proc/PID/status VmHWM in bytes, or undefined (no /proc, or the process is gone). */
function vmHwm(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Per phase, the median over the runs (and the median total). */
export function medianRun(runs: readonly GoLinkRun[]): GoLinkRun {
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const names = new Set(runs.flatMap((r) => Object.keys(r.phases)));
  const phases: Record<string, number> = {};
  for (const n of names) phases[n] = median(runs.map((r) => r.phases[n] ?? 0));
  const rss = runs.map((r) => r.peakRss).filter((x) => x !== undefined);
  return {
    phases,
    totalMs: median(runs.map((r) => r.totalMs)),
    peakRss: rss.length === 0 ? undefined : Math.max(...rss),
  };
}

/** The sum of Go's phases `names` (ms). */
export function goMs(run: GoLinkRun, names: readonly string[]): number {
  return names.reduce((t, n) => t + (run.phases[n] ?? 0), 0);
}
