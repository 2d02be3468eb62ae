/**
 * One benchmark run, in this process: generate the synthetic program, compile every package, and
 * link it into an ELF file with linker/output.ts linkElf (what `godwarf link` does: link(),
 * dwarfcompress, build IDs, symbols, the ELF writer), each phase timed, with its GC pauses and the
 * peak memory seen during it. A full GC runs (untimed) before each phase when --expose-gc is on, so
 * that a phase does not pay for the previous one's garbage. An untimed warm-up run on a small
 * program comes first, so that every size is measured with the code already optimized by the JIT.
 *
 * linkElf is one call, so where its time goes is measured afterwards, outside the total: its steps
 * are run again one by one on the same input (link() for the DWARF, dwarfcompress over those
 * sections, the ELF writer over the image linkElf described), and what is left of linkElf's time
 * is its build-ID work (deriving the Go build ID from every object, hashing the file) and glue.
 */
import { performance } from "node:perf_hooks";
import { compile, type ObjFile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import { validateIr } from "../compiler/ir-validate.js";
import { DW_AT, DW_TAG } from "../dwarf/constants.js";
import { readInfo } from "../dwarf/read/info.js";
import type { Die } from "../dwarf/read/model.js";
import { readElf } from "../elf/index.js";
import { dwarfcompress } from "../linker/compress.js";
import { writeElf } from "../linker/elf/write.js";
import { dwarfSectionsOf, type LinkResult, link } from "../linker/link.js";
import { type LinkedImage, linkElf } from "../linker/output.js";
import { GcRecorder, type GcTime } from "./gc.js";
import { generateProgram } from "./generate.js";
import { collect, hasGc, liveHeap, MemorySampler, maxRss } from "./memory.js";

/** The pipeline, timed: the total is compile + link. */
export const PHASES = ["generate", "compile", "link"] as const;
/** linkElf's steps, re-run one by one after it (not part of the total). */
export const STEPS = ["dwarf", "compress", "write"] as const;
export type Phase = (typeof PHASES)[number] | (typeof STEPS)[number];
const ALL: readonly Phase[] = [...PHASES, ...STEPS];

export interface PhaseResult {
  /** Wall-clock time. */
  ms: number;
  /**
   * CPU time of the whole process during the phase (user + system, all threads: GC helpers count,
   * the idle memory sampler barely). Less disturbed than `ms` when other work shares the machine.
   */
  cpuMs: number;
  /** Main-thread GC pauses that started during the phase (part of ms). */
  gc: GcTime;
  /** Highest resident set size sampled during the phase (bytes). */
  rssPeak: number;
  /** Highest V8 heap use seen at a checkpoint during the phase (bytes). */
  heapPeak: number;
  /** V8 heap still in use after the phase, after a full GC (bytes): what the next phase inherits. */
  heapLive: number;
}

export interface RunResult {
  functions: number;
  objects: number;
  phases: Record<Phase, PhaseResult>;
  /** What linkElf spent beyond its re-timed steps: the build IDs and glue (ms, may be noisy). */
  restMs: number;
  /** Uncompressed DWARF bytes (all .debug_* sections), as link() returns them. */
  dwarfBytes: number;
  /** The same sections as stored in the file (compressed where that helps). */
  dwarfStoredBytes: number;
  /** Size of the ELF file. */
  elfBytes: number;
  /** The kernel's high-water mark for the whole process (bytes), warm-up included. */
  maxRss: number;
  /** Functions linked (untimed) before the measured run, so that the JIT has compiled the code. */
  warmup: number;
  /** Whether the IR and the output were checked (--check). */
  checked: boolean;
  /** Whether full GCs ran between phases (--expose-gc). */
  gc: boolean;
}

export interface RunOptions {
  functions: number;
  perObject?: number;
  seed?: number;
  /** Functions of an untimed warm-up run first (default 500; 0: none). */
  warmup?: number;
  /** Validate every generated package and read the output back (slower; not timed). */
  check?: boolean;
}

export const DEFAULT_WARMUP = 500;

export async function runOnce(opts: RunOptions): Promise<RunResult> {
  const warmup = opts.warmup ?? DEFAULT_WARMUP;
  if (warmup > 0) await measure({ ...opts, functions: warmup, check: false }, warmup);
  return measure(opts, warmup);
}

/**
 * What one phase hands to the next. Each phase reads its input from here and deletes it when it is
 * done with it, so that nothing (not even a register of a suspended frame) keeps, say, the IR alive
 * while the linker runs, as separate compile and link processes would not.
 */
interface State {
  programs?: IrProgram[];
  objs?: ObjFile[];
  image?: LinkedImage;
}

const RUN: Record<Phase, (st: State, opts: RunOptions, mem: MemorySampler) => void> = {
  generate(st, opts) {
    st.programs = generateProgram({
      functions: opts.functions,
      ...(opts.perObject !== undefined && { perObject: opts.perObject }),
      ...(opts.seed !== undefined && { seed: opts.seed }),
    });
  },
  compile(st, _opts, mem) {
    const programs = st.programs!;
    delete st.programs;
    st.objs = programs.map((p) => {
      const o = compile(p);
      mem.checkpoint();
      return o;
    });
  },
  link(st) {
    st.image = linkElf(st.objs!);
  },
  // The breakdown: linkElf's steps again, each alone.
  dwarf(st) {
    const objs = st.objs!;
    delete st.objs;
    link(objs);
  },
  compress(st) {
    dwarfcompress([...st.image!.link.sections].map(([name, data]) => ({ name, data })));
  },
  write(st) {
    writeElf(st.image!.image);
  },
};

async function measure(opts: RunOptions, warmup: number): Promise<RunResult> {
  const mem = new MemorySampler();
  const gcs = new GcRecorder();
  const windows = {} as Record<Phase, [number, number]>;
  const phases = {} as Record<Phase, Omit<PhaseResult, "gc">>;
  const st: State = {};
  let objects = 0;
  for (const phase of ALL) {
    collect();
    mem.takeRssPeak();
    mem.takeHeapPeak();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    RUN[phase](st, opts, mem);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    windows[phase] = [t0, t1];
    phases[phase] = {
      ms: t1 - t0,
      cpuMs: (c1.user + c1.system) / 1000,
      rssPeak: mem.takeRssPeak(),
      heapPeak: mem.takeHeapPeak(),
      heapLive: 0,
    };
    // Untimed bookkeeping and checks between phases.
    if (phase === "generate") {
      objects = st.programs!.length;
      if (opts.check === true) for (const p of st.programs!) validateIr(p, p.package.path);
    } else if (phase === "link" && opts.check === true) {
      checkDwarf(st.image!.link, opts.functions);
      checkElf(st.image!);
    }
    phases[phase].heapLive = liveHeap();
  }
  await gcs.flush();
  gcs.stop();
  await mem.stop();
  const withGc = Object.fromEntries(
    ALL.map((p) => [p, { ...phases[p], gc: gcs.between(...windows[p]) }]),
  ) as Record<Phase, PhaseResult>;
  const img = st.image!;
  let dwarfBytes = 0;
  for (const b of img.link.sections.values()) dwarfBytes += b.length;
  let dwarfStoredBytes = 0;
  for (const d of img.image.debug ?? []) dwarfStoredBytes += d.data.length;
  return {
    functions: opts.functions,
    objects,
    phases: withGc,
    restMs: Math.max(0, phases.link.ms - STEPS.reduce((t, p) => t + phases[p].ms, 0)),
    dwarfBytes,
    dwarfStoredBytes,
    elfBytes: img.bytes.length,
    maxRss: maxRss(),
    warmup,
    checked: opts.check === true,
    gc: hasGc(),
  };
}

/** Every generated function has its subprogram DIE with a low_pc (concrete or plain) in .debug_info. */
function checkDwarf(r: LinkResult, functions: number): void {
  let subprograms = 0;
  const walk = (d: Die): void => {
    if (d.tag === DW_TAG.subprogram && d.attrs.some((a) => a.at === DW_AT.low_pc)) subprograms++;
    for (const c of d.children) walk(c);
  };
  for (const u of readInfo(dwarfSectionsOf(r))) if (u.root !== undefined) walk(u.root);
  if (subprograms !== functions)
    throw new Error(`check: ${subprograms} subprograms with a low_pc in .debug_info, want ${functions}`);
}

/** The file reads back, and its .debug_* sections decompress to what link() produced. */
function checkElf(img: LinkedImage): void {
  const elf = readElf(img.bytes);
  for (const [name, want] of img.link.sections) {
    const s = elf.section(name);
    const got = s === undefined ? undefined : elf.sectionData(s);
    if (got === undefined || Buffer.compare(got, want) !== 0)
      throw new Error(`check: the file's ${name} is not what link() made`);
  }
}
