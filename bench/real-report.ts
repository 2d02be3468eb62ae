/**
 * The real-objects row (real.ts) as a table and a few lines: the model's time per phase, Go's
 * linker's for the matching phases, and how many times slower the model is (model / Go, wall time
 * both).
 */
import { GO_MATCH, type GoLinkRun, goMs } from "./golink.js";
import type { RealResult } from "./real.js";

/** Model time over Go's for the same work (wall clock; > 1: the model is slower). */
export interface RealRatios {
  /** loadGoObjects / Loadlib. */
  load: number;
  /** inittasks + deadcode + order + layoutGo / Inittasks ... Address. */
  layout: number;
  info: number;
  /** dwarfGenerateDebugSyms with the DWARF sections' layout, relocation and assembly. */
  syms: number;
  /** info + syms (+ assembly) / DwarfGenerateDebugInfo + DwarfGenerateDebugSyms. */
  dwarf: number;
  /** dwarfcompress / Dwarfcompress (which relocates each DWARF symbol as well). */
  compress: number;
  /** Every phase of the model / every Go phase they match. */
  matched: number;
  /** dwarf and compress against Go's linker on one core (GOMAXPROCS=1). */
  dwarfSerial: number;
  compressSerial: number;
}

const goDwarf = (g: GoLinkRun): number => goMs(g, [...GO_MATCH.info, ...GO_MATCH.syms]);
const modelDwarf = (r: RealResult): number => r.model.info.ms + r.model.syms.ms + r.model.assemble.ms;

export function realRatios(r: RealResult): RealRatios {
  const g = r.go;
  const m = r.model;
  return {
    load: m.load.ms / goMs(g, GO_MATCH.load),
    layout: m.layout.ms / goMs(g, GO_MATCH.layout),
    info: m.info.ms / goMs(g, GO_MATCH.info),
    syms: (m.syms.ms + m.assemble.ms) / goMs(g, GO_MATCH.syms),
    dwarf: modelDwarf(r) / goDwarf(g),
    compress: m.compress.ms / goMs(g, GO_MATCH.compress),
    matched: r.modelMs / goMs(g, Object.values(GO_MATCH).flat()),
    dwarfSerial: modelDwarf(r) / goDwarf(r.goSerial),
    compressSerial: m.compress.ms / goMs(r.goSerial, GO_MATCH.compress),
  };
}

const MB = 1 << 20;
const sec = (ms: number): string => (ms / 1000).toFixed(2);
const mib = (b: number): string => (b / MB).toFixed(b < 10 * MB ? 2 : b < 100 * MB ? 1 : 0);
const times = (x: number): string => `${x.toFixed(x < 10 ? 1 : 0)}×`;
const count = (n: number): string => n.toLocaleString("en-US");

/** The row as a Markdown table, then the ratios by phase and Go's side. */
export function formatReal(r: RealResult): string {
  const q = realRatios(r);
  const m = r.model;
  const gcMs = Object.values(m).reduce((t, p) => t + p.gcMs, 0);
  const head = [
    "program",
    "packages",
    "functions",
    "load s",
    "layout s",
    "DWARF info s",
    "DWARF syms s",
    "compress s",
    "model s",
    "GC s",
    "Go DWARF s",
    "Go compress s",
    "Go link s",
    "DWARF ×Go",
    "compress ×Go",
    "µs/function",
    "DWARF MiB (stored)",
    "ELF MiB",
    "peak RSS MiB",
  ];
  const row = [
    r.program,
    String(r.packages),
    count(r.functions),
    sec(m.load.ms),
    sec(m.layout.ms),
    sec(m.info.ms),
    sec(m.syms.ms + m.assemble.ms),
    sec(m.compress.ms),
    sec(r.modelMs),
    sec(gcMs),
    sec(goDwarf(r.go)),
    sec(goMs(r.go, GO_MATCH.compress)),
    sec(r.go.totalMs),
    times(q.dwarf),
    times(q.compress),
    ((r.modelMs * 1000) / r.functions).toFixed(0),
    `${mib(r.dwarfBytes)} (${mib(r.dwarfStoredBytes)})`,
    mib(r.elfBytes),
    mib(r.peakRss),
  ];
  const widths = head.map((h, i) => Math.max(h.length, row[i]!.length));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const cpu = Object.entries(m)
    .map(([p, x]) => `${p} ${sec(x.cpuMs)}`)
    .join(", ");
  const goRss = r.go.peakRss === undefined ? "" : `, peak RSS ${mib(r.go.peakRss)} MiB`;
  const matchedGo = goMs(r.go, Object.values(GO_MATCH).flat());
  return [
    line(head),
    `|${widths.map((w, i) => `${"-".repeat(w + 1)}${i === 0 ? "-" : ":"}`).join("|")}|`,
    line(row),
    "",
    `real objects: ${r.program} built by ${r.goVersion} from GOROOT (CGO_ENABLED=0): ${r.packages} packages, ${r.units} units, ${count(r.functions)} functions; ` +
      (r.differing.length === 0
        ? "the model's DWARF is identical to Go's linker's (every .debug_* section, stored bytes too)"
        : `the model's DWARF DIFFERS from Go's linker's: ${r.differing.join(", ")}`),
    `  model / Go by phase: load ${times(q.load)} (Loadlib), layout ${times(q.layout)} (Inittasks to Address), DWARF info ${times(q.info)}, syms + assembly ${times(q.syms)}, compress ${times(q.compress)} (Dwarfcompress relocates too); all matched phases ${times(q.matched)} (${sec(r.modelMs)} s / ${sec(matchedGo)} s)`,
    `  Go's linker: median of ${r.goRuns} links with -benchmark=cpu, ${sec(r.go.totalMs)} s in all (${((r.go.totalMs * 1000) / r.functions).toFixed(0)} µs/function)${goRss}; with GOMAXPROCS=1 DWARF ${sec(goDwarf(r.goSerial))} s, compress ${sec(goMs(r.goSerial, GO_MATCH.compress))} s (model / Go: ${times(q.dwarfSerial)}, ${times(q.compressSerial)})`,
    `  model CPU s (all threads): ${cpu}; GC pauses ${sec(gcMs)} s (load ${sec(m.load.gcMs)}); warm-up: ${r.warmup === undefined ? "none" : `${r.warmup.program} (${count(r.warmup.functions)} functions)`}`,
    "DWARF syms: dwarfGenerateDebugSyms with the sections' layout, relocation and assembly; layout: inittasks, deadcode, text order, layoutGo.",
  ].join("\n");
}
