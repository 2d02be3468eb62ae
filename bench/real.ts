/**
 * The real-objects row: cmd/go, built from GOROOT with CGO_ENABLED=0 by the machine's go
 * (cli/go/collect.ts finds the archives its link read), linked by Go's linker with -benchmark=cpu
 * (golink.ts) and by the model (real-model.ts) in this process, on the same archives. The model
 * runs after an untimed warm-up link of testdata/go/sample, with a full GC (untimed) between its
 * top-level calls, as the synthetic rows do. Its output is checked against the file Go's linker
 * wrote (untimed): a benchmark of a wrong link would mean little.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type Collected, collect as collectGo, disposeCollected } from "../cli/go/collect.js";
import { goOutput } from "../cli/go/run.js";
import { elfSectionSet } from "../conform/sections.js";
import { readElf } from "../elf/index.js";
import { GcRecorder } from "./gc.js";
import { type GoLinkRun, linkArgsIn, medianRun, runGoLink } from "./golink.js";
import { collect, hasGc, MemorySampler, maxRss } from "./memory.js";
import { linkModel, MODEL_PHASES, type ModelLink, type ModelPhase, type PhaseClock } from "./real-model.js";

export interface RealOptions {
  /** Link testdata/go/sample with the model first, untimed (default true). */
  warmup?: boolean;
  /** Links by Go's linker; each phase's median is kept (default 3). */
  goRuns?: number;
}

export interface ModelPhaseResult {
  /** Wall-clock time. */
  ms: number;
  /** CPU time of the whole process (all threads) during the phase. */
  cpuMs: number;
  /** Main-thread GC pauses within the phase (part of ms). */
  gcMs: number;
  /** Highest RSS sampled during the phase (bytes). */
  rssPeak: number;
}

export interface RealResult {
  /** The main package's import path ("cmd/go"). */
  program: string;
  goVersion: string;
  packages: number;
  /** Text symbols linked (ld.textp after deadcode). */
  functions: number;
  units: number;
  /** Go's linker at the machine's GOMAXPROCS: per phase, the median over `goRuns` links. */
  go: GoLinkRun;
  goRuns: number;
  /** One link by Go's linker with GOMAXPROCS=1 (it compresses and builds units' syms in parallel). */
  goSerial: GoLinkRun;
  model: Record<ModelPhase, ModelPhaseResult>;
  /** All the model's phases (ms). */
  modelMs: number;
  /** Highest RSS sampled during the model's phases (bytes). */
  peakRss: number;
  /** The kernel's high-water mark for the process, warm-up and go's output buffers included. */
  maxRss: number;
  /** Uncompressed DWARF bytes of the model's link. */
  dwarfBytes: number;
  /** As stored (compressed where that helps). */
  dwarfStoredBytes: number;
  /** Size of the executable Go's linker wrote. */
  elfBytes: number;
  /** The .debug_* sections (stored bytes included) that differ from Go's: none is a faithful link. */
  differing: string[];
  warmup: { program: string; functions: number } | undefined;
  /** Wall time of the untimed steps (ms): `go build` and finding the archives, Go's links, the warm-up. */
  overheadMs: { collect: number; goLinks: number; warmup: number };
  /** Whether full GCs ran between the model's top-level calls (--expose-gc). */
  gc: boolean;
}

const SAMPLE = fileURLToPath(new URL("../testdata/go/sample", import.meta.url));

/** The build environment: the machine's toolchain, no network, no cgo, none of the user's GOFLAGS. */
function buildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "", CGO_ENABLED: "0" };
}

export async function runReal(opts: RealOptions = {}): Promise<RealResult> {
  const env = buildEnv();
  const goroot = goOutput(["env", "GOROOT"], { cwd: process.cwd(), env }).trim();
  const t0 = performance.now();
  const c = collectGo(["build", "."], { cwd: join(goroot, "src", "cmd", "go"), env });
  const dir = mkdtempSync(join(tmpdir(), "godwarf-bench-"));
  try {
    const goRuns = opts.goRuns ?? 3;
    const { args, output } = linkArgsIn(c, dir);
    const t1 = performance.now();
    const runs: GoLinkRun[] = [];
    for (let i = 0; i < goRuns; i++) runs.push(await runGoLink(c, args));
    const goSerial = await runGoLink(c, args, { GOMAXPROCS: "1" });
    const goElf = new Uint8Array(readFileSync(output));
    const t2 = performance.now();

    let warmup: RealResult["warmup"];
    if (opts.warmup !== false) {
      const s = collectGo(["build", "."], { cwd: SAMPLE, env });
      try {
        warmup = { program: s.mainPkg, functions: linkModel(s, { lap() {}, between() {} }).functions };
      } finally {
        disposeCollected(s);
      }
    }
    const t3 = performance.now();

    const { m, phases, peakRss } = await measureModel(c);
    return {
      program: c.mainPkg,
      goVersion: c.goVersion,
      packages: m.packages,
      functions: m.functions,
      units: m.units,
      go: medianRun(runs),
      goRuns,
      goSerial,
      model: phases,
      modelMs: MODEL_PHASES.reduce((t, p) => t + phases[p].ms, 0),
      peakRss,
      maxRss: maxRss(),
      dwarfBytes: [...m.link.sections.values()].reduce((t, b) => t + b.length, 0),
      dwarfStoredBytes: m.compressed.reduce((t, s) => t + s.data.length, 0),
      elfBytes: goElf.length,
      differing: differingSections(m, goElf),
      warmup,
      overheadMs: { collect: t1 - t0, goLinks: t2 - t1, warmup: t3 - t2 },
      gc: hasGc(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    disposeCollected(c);
  }
}

/** The model's link of `c`, each phase timed, with its GC pauses and peak RSS. */
async function measureModel(
  c: Collected,
): Promise<{ m: ModelLink; phases: Record<ModelPhase, ModelPhaseResult>; peakRss: number }> {
  collect();
  const mem = new MemorySampler();
  const gcs = new GcRecorder();
  const acc = Object.fromEntries(
    MODEL_PHASES.map((p) => [p, { ms: 0, cpuMs: 0, rssPeak: 0, windows: [] as [number, number][] }]),
  ) as Record<ModelPhase, { ms: number; cpuMs: number; rssPeak: number; windows: [number, number][] }>;
  let t = 0;
  let cpu = process.cpuUsage();
  const restart = (): void => {
    cpu = process.cpuUsage();
    t = performance.now();
  };
  const clock: PhaseClock = {
    lap(phase) {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const a = acc[phase];
      a.ms += now - t;
      a.cpuMs += (used.user + used.system) / 1000;
      a.windows.push([t, now]);
      a.rssPeak = Math.max(a.rssPeak, mem.takeRssPeak());
      restart();
    },
    between() {
      collect();
      mem.takeRssPeak();
      restart();
    },
  };
  mem.takeRssPeak();
  restart();
  const m = linkModel(c, clock);
  await gcs.flush();
  gcs.stop();
  await mem.stop();
  const phases = {} as Record<ModelPhase, ModelPhaseResult>;
  for (const p of MODEL_PHASES) {
    const a = acc[p];
    const gcMs = a.windows.reduce((s, w) => s + gcs.between(...w).ms, 0);
    phases[p] = { ms: a.ms, cpuMs: a.cpuMs, gcMs, rssPeak: a.rssPeak };
  }
  return { m, phases, peakRss: Math.max(...MODEL_PHASES.map((p) => phases[p].rssPeak)) };
}

/** The .debug_* sections of Go's output whose bytes (decompressed, and as stored) the model's differ from. */
function differingSections(m: ModelLink, elf: Uint8Array): string[] {
  const theirs = elfSectionSet(readElf(elf));
  const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
    a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;
  const out = new Set<string>();
  for (const name of new Set([...theirs.sections.keys(), ...m.link.sections.keys()]))
    if (!same(m.link.sections.get(name), theirs.sections.get(name))) out.add(name);
  const stored = new Map(m.compressed.filter((s) => s.flags !== undefined).map((s) => [s.name, s.data]));
  for (const name of new Set([...(theirs.compressed?.keys() ?? []), ...stored.keys()]))
    if (!same(stored.get(name), theirs.compressed?.get(name))) out.add(`${name} (stored)`);
  return [...out];
}
