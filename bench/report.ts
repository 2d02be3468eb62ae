/**
 * The benchmark's output: per size, the representative run (the one with the median total time
 * when repeated), as a table of times, throughput and peak memory, then the linearity lines: time
 * per function at each size and the ratio of the largest size's to the smallest's (1.00 is
 * perfectly linear), for the total and for each phase and step, with and without GC pauses.
 */
import { PHASES, type Phase, type RunResult, STEPS } from "./pipeline.js";

/** The timed work after the program exists: compile and link. */
export const TOTAL_PHASES: readonly Phase[] = ["compile", "link"];

export function totalMs(r: RunResult): number {
  return TOTAL_PHASES.reduce((t, p) => t + r.phases[p].ms, 0);
}

/** Main-thread GC pauses within the total. */
export function totalGcMs(r: RunResult): number {
  return TOTAL_PHASES.reduce((t, p) => t + r.phases[p].gc.ms, 0);
}

export interface SizeSummary {
  functions: number;
  runs: number;
  /** The run with the median total time. */
  run: RunResult;
  totalMs: { min: number; median: number; max: number };
  /** Total (compile + link) µs per function. */
  usPerFunction: number;
  /** Functions linked per second (link phase). */
  linkFunctionsPerSecond: number;
  /** ELF megabytes (10^6) written per second of link. */
  linkMBps: number;
  /** Highest RSS during the link phase, over the runs (bytes). */
  linkPeakRss: number;
  /** Highest RSS during generate, compile and link, over the runs (bytes). */
  peakRss: number;
}

export interface Linearity {
  from: number;
  to: number;
  /** µs per function by key ("total", a phase or a step, "rest") and size. */
  usPerFunction: Record<string, Record<number, number>>;
  /** Largest size's µs per function over the smallest's. */
  ratio: Record<string, number>;
  /** The same with the GC pauses taken out. */
  ratioWithoutGc: Record<string, number>;
  /** With three sizes or more: the total's ratio between the two largest (small sizes carry fixed costs). */
  lastStep?: { from: number; to: number; ratio: number };
}

export function summarize(functions: number, runs: readonly RunResult[]): SizeSummary {
  const sorted = [...runs].sort((a, b) => totalMs(a) - totalMs(b));
  const run = sorted[(sorted.length - 1) >> 1]!;
  const t = totalMs(run);
  const link = run.phases.link.ms / 1000;
  return {
    functions,
    runs: runs.length,
    run,
    totalMs: { min: totalMs(sorted[0]!), median: t, max: totalMs(sorted[sorted.length - 1]!) },
    usPerFunction: (t * 1000) / functions,
    linkFunctionsPerSecond: functions / link,
    linkMBps: run.elfBytes / 1e6 / link,
    linkPeakRss: Math.max(...runs.map((r) => r.phases.link.rssPeak)),
    peakRss: Math.max(...runs.flatMap((r) => PHASES.map((p) => r.phases[p].rssPeak))),
  };
}

type Key = "total" | Phase | "rest";
const KEYS: readonly Key[] = ["total", ...PHASES, ...STEPS, "rest"];

function msOf(r: RunResult, key: Key, withGc: boolean): number {
  if (key === "total") return totalMs(r) - (withGc ? 0 : totalGcMs(r));
  if (key === "rest") return r.restMs;
  return r.phases[key].ms - (withGc ? 0 : r.phases[key].gc.ms);
}

export function linearity(sizes: readonly SizeSummary[]): Linearity | undefined {
  if (sizes.length < 2) return undefined;
  const by = [...sizes].sort((a, b) => a.functions - b.functions);
  const first = by[0]!;
  const last = by[by.length - 1]!;
  const usPerFunction: Record<string, Record<number, number>> = {};
  const ratio: Record<string, number> = {};
  const ratioWithoutGc: Record<string, number> = {};
  for (const key of KEYS) {
    const per = (s: SizeSummary, gc: boolean): number => (msOf(s.run, key, gc) * 1000) / s.functions;
    usPerFunction[key] = Object.fromEntries(by.map((s) => [s.functions, per(s, true)]));
    ratio[key] = per(last, true) / per(first, true);
    if (key !== "rest") ratioWithoutGc[key] = per(last, false) / per(first, false);
  }
  const lin: Linearity = { from: first.functions, to: last.functions, usPerFunction, ratio, ratioWithoutGc };
  const before = by[by.length - 2]!;
  if (by.length > 2) {
    const per = (s: SizeSummary): number => totalMs(s.run) / s.functions;
    lin.lastStep = { from: before.functions, to: last.functions, ratio: per(last) / per(before) };
  }
  return lin;
}

const MB = 1 << 20;
const sec = (ms: number): string => (ms / 1000).toFixed(2);
const mib = (b: number): string => (b / MB).toFixed(b < 10 * MB ? 2 : b < 100 * MB ? 1 : 0);
const short = (n: number): string =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);

const LABEL: Readonly<Record<Key, string>> = {
  total: "total",
  generate: "generate",
  compile: "compile",
  link: "link",
  dwarf: "link DWARF",
  compress: "compress",
  write: "write",
  rest: "build IDs + rest",
};

/** The table (Markdown, readable in a terminal too) and the linearity lines. */
export function formatTable(sizes: readonly SizeSummary[], lin: Linearity | undefined): string {
  const head = [
    "functions",
    "objects",
    "generate s",
    "compile s",
    "link s",
    "↳ DWARF s",
    "↳ compress s",
    "↳ write s",
    "↳ build IDs s",
    "total s",
    "GC s",
    "µs/function",
    "link functions/s",
    "DWARF MiB (stored)",
    "ELF MiB",
    "link MB/s",
    "link peak RSS MiB",
    "peak RSS MiB",
  ];
  const rows = sizes.map((s) => {
    const r = s.run;
    return [
      short(s.functions),
      String(r.objects),
      sec(r.phases.generate.ms),
      sec(r.phases.compile.ms),
      sec(r.phases.link.ms),
      sec(r.phases.dwarf.ms),
      sec(r.phases.compress.ms),
      sec(r.phases.write.ms),
      sec(r.restMs),
      sec(totalMs(r)),
      sec(totalGcMs(r)),
      s.usPerFunction.toFixed(0),
      Math.round(s.linkFunctionsPerSecond).toLocaleString("en-US"),
      `${mib(r.dwarfBytes)} (${mib(r.dwarfStoredBytes)})`,
      mib(r.elfBytes),
      s.linkMBps.toFixed(2),
      mib(s.linkPeakRss),
      mib(s.peakRss),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const out = [
    line(head),
    `|${widths.map((w, i) => `${"-".repeat(w + 1)}${i === 0 ? "-" : ":"}`).join("|")}|`,
  ];
  for (const r of rows) out.push(line(r));
  out.push("");
  if (lin !== undefined) {
    const name = `${short(lin.to)}/${short(lin.from)}`;
    const perSize = Object.entries(lin.usPerFunction.total!)
      .map(([n, v]) => `${short(Number(n))} ${v.toFixed(0)}`)
      .join(" · ");
    const ratios = (r: Record<string, number>, keys: readonly Key[]): string =>
      keys.map((k) => `${LABEL[k]} ${r[k]!.toFixed(2)}`).join(", ");
    const parts: readonly Key[] = ["compile", "link", ...STEPS, "rest"];
    const step = lin.lastStep;
    const stepText =
      step === undefined ? "" : ` (${short(step.to)}/${short(step.from)} = ${step.ratio.toFixed(2)})`;
    out.push(
      `linearity: µs per function (compile + link) ${perSize}; ${name} = ${lin.ratio.total!.toFixed(2)}${stepText}`,
    );
    out.push(`  ${name} by phase: ${ratios(lin.ratio, parts)} (1.00 = linear)`);
    out.push(
      `  ${name} without GC pauses: total ${lin.ratioWithoutGc.total!.toFixed(2)}, ${ratios(
        lin.ratioWithoutGc,
        parts.filter((k) => k !== "rest"),
      )}`,
    );
  }
  const repeats = Math.max(...sizes.map((s) => s.runs));
  if (repeats > 1)
    out.push(
      `median of ${repeats} runs; total s min–max: ${sizes.map((s) => `${short(s.functions)} ${sec(s.totalMs.min)}–${sec(s.totalMs.max)}`).join(", ")}`,
    );
  out.push(
    "↳: linkElf's steps re-run one by one after it (link() for the DWARF, dwarfcompress, the ELF writer);",
    "   build IDs + rest = link minus those three: the build IDs (a hash of each object file and of the output), glue, and GC.",
  );
  return out.join("\n");
}
