/**
 * `godwarf capture [-o DIR] [--json] -- go build ARGS`: builds the program with an instrumented
 * copy of the machine's own cmd/compile (cli/go/instrument.ts, cached per Go version) and keeps,
 * for every package compiled, what dwarfgen was given (the program IR) and the object the same
 * compiler wrote. `godwarf conform --compiler DIR` compares the model with them.
 */
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { capture } from "../go/capture.js";
import type { GoEnv } from "../go/run.js";
import { type CliIO, processIO, UsageError } from "../output.js";

export interface CaptureArgs {
  output: string;
  json: boolean;
  "--"?: (string | number)[];
}

export function captureBuilder(y: Argv): Argv<CaptureArgs> {
  return y
    .usage(
      "$0 capture [-o DIR] [--json] -- go build [BUILD FLAGS] [PACKAGES]\n\nBuild with an instrumented copy of the machine's cmd/compile and keep, per package, what its DWARF generation was given (program IR) and the object it wrote.",
    )
    .parserConfiguration({ "populate--": true })
    .option("output", {
      alias: "o",
      type: "string",
      default: "godwarf-capture",
      requiresArg: true,
      describe: "the directory to write (created; must be empty)",
    })
    .option("json", { type: "boolean", default: false, describe: "print the manifest as JSON" })
    .example("$0 capture -o cap -- go build ./cmd/x", "capture every package of ./cmd/x's build into cap/")
    .example("$0 capture -o cap -- -gcflags='all=-N -l' .", "unoptimized; `go build` in front is optional")
    .example("$0 conform --compiler cap", "then compare the model's DWARF with the real compiler's")
    .example(
      "$0 build cap/main.ir.json -o prog",
      "or link the captured main package (its Go types are in the capture)",
    )
    .epilog(
      "The instrumented compiler is the machine's own cmd/compile built from $(go env GOROOT)/src with go build -overlay: gc/main.go's two DWARF hook assignments are pointed at a small recorder of ours (no Go source is copied into godwarf), which writes what dwarfgen.Info and AbstractFunc are given: declarations, scope marks, inlining trees, progs, SSA location lists resolved to PCs, globals, constants, flags, and the Go types all these name (the types table the linker's type DIEs are made from). It is built once per Go version and recorder (a few minutes) under $XDG_CACHE_HOME/godwarf. The build runs with -a, a fresh build cache and -toolexec, so every package is compiled by it; DIR gets <import path>.ir.json and <import path>.a per package (import paths percent-encoded, / as %2F) and manifest.json. Go 1.26 only; a GOROOT without sources is an error.",
    ) as unknown as Argv<CaptureArgs>;
}

export function runCapture(
  args: CaptureArgs,
  io: CliIO,
  where: GoEnv = { cwd: process.cwd(), env: process.env },
): number {
  const words = (args["--"] ?? []).map(String);
  if (words.length === 0) throw new UsageError("give the go build arguments after --");
  const dir = resolve(where.cwd, args.output);
  const tty = io === processIO && process.stderr.isTTY === true;
  let m: ReturnType<typeof capture>;
  try {
    m = capture(words, dir, where, { progress: (s) => (tty ? io.stderr(`\r\x1b[K${s}`) : undefined) });
  } finally {
    if (tty) io.stderr("\r\x1b[K");
  }
  if (args.json) io.stdout(`${JSON.stringify({ dir, ...m }, null, 2)}\n`);
  else
    io.stdout(
      `captured ${m.packages.length} packages with ${m.goVersion}'s instrumented compiler into ${dir}\nnext: godwarf conform --compiler ${args.output}\n`,
    );
  return 0;
}
