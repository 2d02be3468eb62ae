/**
 * The split benchmark (issue #12): `godwarf split` against `eu-strip -f`, the two-step objcopy
 * recipe (`objcopy --only-keep-debug` then `objcopy --strip-debug --add-gnu-debuglink`) and the
 * same two steps with llvm-objcopy, on real Go binaries: cmd/go as `go build` writes it
 * (compressed DWARF), cmd/go with -ldflags=-compressdwarf=false, and any binaries given with
 * --split-binary (a 200 MB one is the aim; none is committed). Each command runs under
 * /usr/bin/time (wall time, the kernel's peak resident set), the built CLI under plain node (no
 * tsx), and the table gives each tool's time and memory as ratios to ours, measured in the same
 * run, and our peak memory against the input's size.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { builtCli } from "../cli/buildcli.test-util.js";

export interface SplitMeasure {
  tool: string;
  wallS: number;
  peakMiB: number;
  strippedBytes: number;
  debugBytes: number;
}

export interface SplitBinaryResult {
  binary: string;
  inputBytes: number;
  runs: SplitMeasure[];
}

/** Runs `argv` under /usr/bin/time: wall seconds and peak RSS in MiB. */
function timed(argv: readonly string[]): { wallS: number; peakMiB: number } {
  const tf = join(tmpdir(), `godwarf-split-bench-${process.pid}.time`);
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", tf, ...argv], {
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString().slice(0, 500)}`);
  const [wall, kib] = readFileSync(tf, "utf8").trim().split("\n").at(-1)!.split(" ");
  rmSync(tf, { force: true });
  return { wallS: Number(wall), peakMiB: Number(kib) / 1024 };
}

/** Each tool's recipe: its commands in order (times add up, the peak is the largest). */
function recipes(cliMain: string, input: string, out: string, dbg: string): Record<string, string[][]> {
  return {
    "godwarf split": [[process.execPath, cliMain, "split", input, "-o", out, "--debug-file", dbg]],
    "eu-strip -f": [["eu-strip", "-f", dbg, "-o", out, input]],
    "objcopy (2 steps)": [
      ["objcopy", "--only-keep-debug", input, dbg],
      ["objcopy", "--strip-debug", `--add-gnu-debuglink=${dbg}`, input, out],
    ],
    "llvm-objcopy (2 steps)": [
      ["llvm-objcopy", "--only-keep-debug", input, dbg],
      ["llvm-objcopy", "--strip-debug", `--add-gnu-debuglink=${dbg}`, input, out],
    ],
  };
}

/** Builds (and caches) the Go binaries the benchmark splits. */
function goBinaries(): string[] {
  const cache = join(tmpdir(), "godwarf-bench-split");
  mkdirSync(cache, { recursive: true });
  const version = execFileSync("go", ["version"], { encoding: "utf8" }).trim().replace(/\W+/g, "_");
  const out: string[] = [];
  for (const [name, flags] of [
    ["go", []],
    ["go-uncompressed", ["-ldflags=-compressdwarf=false"]],
  ] as const) {
    const file = join(cache, `${name}-${version}`);
    if (!existsSync(file)) {
      const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };
      execFileSync("go", ["build", "-o", file, ...flags, "cmd/go"], { env, stdio: "ignore" });
    }
    out.push(file);
  }
  return out;
}

/** Splits every binary with every tool `repeat` times; per tool the run of median wall time. */
export function runSplitBench(extra: readonly string[], repeat: number): SplitBinaryResult[] {
  const cli = builtCli();
  const work = mkdtempSync(join(tmpdir(), "godwarf-split-bench-"));
  try {
    return [...goBinaries(), ...extra].map((binary) => {
      const runs: SplitMeasure[] = [];
      for (const [tool, steps] of Object.entries(
        recipes(cli.main, binary, join(work, "out"), join(work, "out.debug")),
      )) {
        process.stderr.write(`bench: split ${basename(binary)} with ${tool}... `);
        const samples: SplitMeasure[] = [];
        for (let i = 0; i < repeat; i++) {
          rmSync(join(work, "out"), { force: true });
          rmSync(join(work, "out.debug"), { force: true });
          const m = steps.map(timed);
          samples.push({
            tool,
            wallS: m.reduce((t, x) => t + x.wallS, 0),
            peakMiB: Math.max(...m.map((x) => x.peakMiB)),
            strippedBytes: statSync(join(work, "out")).size,
            debugBytes: statSync(join(work, "out.debug")).size,
          });
        }
        samples.sort((a, b) => a.wallS - b.wallS);
        const med = samples[Math.floor(samples.length / 2)]!;
        process.stderr.write(`${med.wallS.toFixed(2)} s, ${med.peakMiB.toFixed(0)} MiB\n`);
        runs.push(med);
      }
      return { binary, inputBytes: statSync(binary).size, runs };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
    cli.cleanup();
  }
}

const mib = (n: number) => (n / 2 ** 20).toFixed(1);

/** The table: per binary and tool, time and memory, their ratios to ours, and the two files' sizes. */
export function formatSplit(results: readonly SplitBinaryResult[]): string {
  const lines = [
    "godwarf split against eu-strip -f, objcopy and llvm-objcopy (time and peak memory; ratio = tool / ours)",
  ];
  for (const r of results) {
    const ours = r.runs.find((x) => x.tool === "godwarf split")!;
    lines.push("");
    lines.push(
      `${basename(r.binary)}: ${mib(r.inputBytes)} MiB; our peak memory is ${(ours.peakMiB / (r.inputBytes / 2 ** 20)).toFixed(2)}x the input`,
    );
    lines.push("  tool                     wall s   ratio   peak MiB   ratio   stripped MiB   debug MiB");
    for (const x of r.runs)
      lines.push(
        `  ${x.tool.padEnd(24)} ${x.wallS.toFixed(2).padStart(6)} ${(x.wallS / ours.wallS).toFixed(2).padStart(7)} ${x.peakMiB.toFixed(0).padStart(10)} ${(x.peakMiB / ours.peakMiB).toFixed(2).padStart(7)} ${mib(x.strippedBytes).padStart(14)} ${mib(x.debugBytes).padStart(11)}`,
      );
  }
  return lines.join("\n");
}
