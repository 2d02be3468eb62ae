/**
 * The split benchmark (issue #12): `godwarf split` against `eu-strip -f`, the two-step objcopy
 * recipe (`objcopy --only-keep-debug` then `objcopy --strip-debug --add-gnu-debuglink`) and the
 * same two steps with llvm-objcopy, on real Go binaries: cmd/go as `go build` writes it
 * (compressed DWARF), cmd/go with -ldflags=-compressdwarf=false, a generated Go program of over
 * 200 MB (--split-big N functions and a 200 MB embedded blob, built once at bench time and cached,
 * never committed), and any
 * binaries given with --split-binary. Each command runs under
 * /usr/bin/time (wall time, the kernel's peak resident set), the built CLI under plain node (no
 * tsx), and the table gives each tool's time and memory as ratios to ours, measured in the same
 * run, and our peak memory against the input's size.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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

const GO_ENV = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };

/** One generated function and its type: a loop, a map, an error path (about 1.7 KB of output with -N -l). */
function bigFunction(i: number): string {
  return `type T${i} struct { A${i} int; B string; C []float64; D map[string]int }

func F${i}(x int, s string) (int, error) {
\tt := T${i}{A${i}: x, B: s}
\tfor j := 0; j < x; j++ {
\t\tt.C = append(t.C, float64(j)*1.5)
\t\tif j%7 == 3 { t.D = map[string]int{s: j} }
\t}
\tif len(t.C) > 100 { return 0, fmt.Errorf("too many %d %s", x, s) }
\treturn t.A${i} + len(t.B) + len(t.D), nil
}

`;
}

/**
 * A Go program of `functions` generated functions (500 a file, all reachable from main), built with
 * -gcflags=all=-N -l and -ldflags=-compressdwarf=false for much DWARF, and a 200 MB //go:embed'ed
 * blob so that the binary passes 200 MB without a long build (110,000 functions alone gave 170 MB
 * in 6.5 minutes and 8.5 GB on 2 busy cores; the blob takes seconds). Built once and cached under
 * the temp directory.
 */
/** The embedded blob's size. */
const BLOB_BYTES = 200_000_000;

function bigBinary(functions: number, cache: string, version: string): string {
  const file = join(cache, `big-${functions}-blob${BLOB_BYTES}-${version}`);
  if (existsSync(file)) return file;
  const src = mkdtempSync(join(cache, "big-src-"));
  try {
    writeFileSync(join(src, "go.mod"), "module big\ngo 1.26\n");
    // Bytes that do not repeat within a page (xorshift), so no layer could share or compress them.
    const blob = Buffer.allocUnsafe(BLOB_BYTES);
    let x = 0x9e3779b9;
    for (let i = 0; i + 4 <= blob.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      blob.writeUInt32LE(x >>> 0, i);
    }
    writeFileSync(join(src, "blob.bin"), blob);
    for (let k = 0; k * 500 < functions; k++) {
      const body: string[] = ['package main\n\nimport "fmt"\n\n'];
      for (let i = k * 500; i < Math.min(functions, (k + 1) * 500); i++) body.push(bigFunction(i));
      writeFileSync(join(src, `f${k}.go`), body.join(""));
    }
    const list = Array.from({ length: functions }, (_, i) => `\tF${i},\n`).join("");
    writeFileSync(
      join(src, "main.go"),
      `package main\n\nimport (\n\t_ "embed"\n\t"os"\n)\n\n//go:embed blob.bin\nvar blob []byte\n\nvar fs = []func(int, string) (int, error){\n${list}}\n\nfunc main() {\n\tfor i, f := range fs {\n\t\tif i == len(os.Args)+len(blob) {\n\t\t\tf(i, "x")\n\t\t}\n\t}\n}\n`,
    );
    process.stderr.write(
      `bench: building a Go program of ${functions} functions (once; cached as ${file})...\n`,
    );
    execFileSync(
      "go",
      ["build", "-gcflags=all=-N -l", "-ldflags=-compressdwarf=false", "-o", `${file}.tmp`, "."],
      {
        cwd: src,
        env: GO_ENV,
        stdio: "ignore",
      },
    );
    renameSync(`${file}.tmp`, file);
    return file;
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

/** Builds (and caches) the Go binaries the benchmark splits. */
function goBinaries(bigFunctions: number): string[] {
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
      execFileSync("go", ["build", "-o", file, ...flags, "cmd/go"], { env: GO_ENV, stdio: "ignore" });
    }
    out.push(file);
  }
  if (bigFunctions > 0) out.push(bigBinary(bigFunctions, cache, version));
  return out;
}

/** Splits every binary with every tool `repeat` times; per tool the run of median wall time. */
export function runSplitBench(
  extra: readonly string[],
  repeat: number,
  bigFunctions: number,
): SplitBinaryResult[] {
  const cli = builtCli();
  const work = mkdtempSync(join(tmpdir(), "godwarf-split-bench-"));
  try {
    return [...goBinaries(bigFunctions), ...extra].map((binary) => {
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
