/**
 * `godwarf split GOBINARY [-o STRIPPED] [--debug-file FILE] [--build-id-dir DIR] [--compress
 * zlib|none] [--add-build-id] [-s] [--any] [--json]`: golang/go#51692's external debug layout from
 * an executable already built (linker/split.ts), written all or nothing (cli/outputs.ts), the input
 * never touched.
 */
import { basename, dirname, join, resolve } from "node:path";
import type { Argv } from "yargs";
import { buildIdTreePaths } from "../../linker/buildid.js";
import { SplitError, splitElf } from "../../linker/split.js";
import { streamPlan } from "../../linker/splitsource.js";
import { openSplitSource } from "../input.js";
import { CliError, type CliIO, sameFile, UsageError } from "../output.js";
import { type OutputFile, type StreamedOutput, writeOutputs } from "../outputs.js";
import { runSplitDsym } from "./split-dsym.js";

export interface SplitArgs {
  file: string;
  output: string | undefined;
  "debug-file": string | undefined;
  "build-id-dir": string | undefined;
  compress: "zlib" | "none" | undefined;
  "add-build-id": boolean;
  s: boolean;
  any: boolean;
  json: boolean;
  dsym: boolean;
}

const EPILOG = `Writes STRIPPED (default GOBINARY.stripped): GOBINARY without its .debug_* sections, plus a .gnu_debuglink naming the debug file with its CRC-32. Nothing in the loaded image moves: every byte of every PT_LOAD segment, the program headers and every allocated section stay at the same offset and address (only the ELF header's e_shoff, e_shnum and e_shstrndx change, which the loader does not read), so it runs exactly as GOBINARY; cgo and dynamically linked binaries keep .interp, .dynamic, .dynsym and the rest untouched. .symtab/.strtab stay unless -s.

The debug file (default GOBINARY.debug; the debuglink names its base name, which gdb looks for next to STRIPPED or in its .debug/) is laid out as \`godwarf link --debug external\` writes one: GOBINARY's program headers, its sections at the same indices (allocated ones SHT_NOBITS at the same addresses, notes with their contents at the same offsets), the .debug_* sections (as GOBINARY stores them, or as --compress says), .symtab and .strtab.

The GNU build id is GOBINARY's. A binary without one (-B none, older Go) gets one only with --add-build-id: the SHA-1 of GOBINARY in a non-allocated .note.gnu.build-id in both files (the loaded image cannot grow); without it the debug file is found by the debuglink only. --build-id-dir DIR also files the pair as DIR/.build-id/xx/rest(.debug), for gdb's \`set debug-file-directory DIR\`, Delve's debug-info-directories and debuginfod -F.

Refused, exit status 1, GOBINARY untouched: not a Go binary (unless --any), no DWARF (-ldflags=-w), already stripped, truncated or corrupt ELF, an output that is GOBINARY or a directory. Outputs are written as every godwarf output is: a symbolic link is followed and its target replaced, a device or named pipe is written in place, an existing file keeps its permissions.

With --dsym (golang/go#62577), GOBINARY is a darwin executable Go linked: STRIPPED is GOBINARY without its __DWARF segment (every other section's bytes stay at their offsets; __LINKEDIT moves down and the load commands' offsets into it follow), and STRIPPED.dSYM (or --debug-file) is a dSYM bundle whose Contents/Resources/DWARF/NAME has GOBINARY's UUID, symbols and the DWARF inflated, as lldb reads it (target create STRIPPED; target symbols add STRIPPED.dSYM/Contents/Resources/DWARF/NAME). A code-signed binary (Go signs darwin/arm64 ones) is refused.`;

export function splitBuilder<T>(y: Argv<T>): Argv<T & SplitArgs> {
  return y
    .positional("file", {
      type: "string",
      demandOption: true,
      describe: "the executable to split (ELF; a darwin Mach-O with --dsym)",
    })
    .option("output", {
      alias: "o",
      type: "string",
      describe: "the stripped executable (default GOBINARY.stripped; never GOBINARY itself), mode 0755",
    })
    .option("debug-file", {
      type: "string",
      describe: "the debug file (default GOBINARY.debug); the debuglink names its base name",
    })
    .option("build-id-dir", {
      type: "string",
      describe: "also write DIR/.build-id/xx/rest.debug and DIR/.build-id/xx/rest (needs a GNU build id)",
    })
    .option("compress", {
      choices: ["zlib", "none"] as const,
      describe: "store the debug file's .debug_* sections zlib-compressed or not (default: as GOBINARY does)",
    })
    .option("add-build-id", {
      type: "boolean",
      default: false,
      describe: "give a binary without a GNU build id one (SHA-1 of the input, in a non-allocated note)",
    })
    .option("s", { type: "boolean", default: false, describe: "drop .symtab/.strtab from STRIPPED too" })
    .option("any", {
      type: "boolean",
      default: false,
      describe: "split any ELF executable with DWARF, not only Go's",
    })
    .option("json", { type: "boolean", default: false, describe: "print the result as JSON" })
    .option("dsym", {
      type: "boolean",
      default: false,
      describe:
        "GOBINARY is a darwin executable (Mach-O): write it without __DWARF, and a dSYM bundle (default STRIPPED.dSYM, or --debug-file) with the DWARF inflated, for lldb (golang/go#62577)",
    })
    .example("$0 split --dsym prog -o prog.min", "prog.min without __DWARF, and prog.min.dSYM")
    .example(
      "$0 split prog --build-id-dir debug",
      "prog.stripped, prog.debug, and debug/.build-id/xx/rest{,.debug}",
    )
    .example(
      "$0 split prog -o prog.min --debug-file prog.debug --compress none",
      "uncompressed DWARF in prog.debug",
    )
    .epilog(EPILOG) as unknown as Argv<T & SplitArgs>;
}

export function runSplit(args: SplitArgs, io: CliIO): number {
  if (args.dsym) return runSplitDsym(args, io);
  const file = args.file;
  const output = args.output ?? `${file}.stripped`;
  const debugFile = args["debug-file"] ?? `${file}.debug`;
  if (resolve(output) === resolve(debugFile))
    throw new UsageError(`split: -o and --debug-file are both ${output}`);
  for (const [p, what] of [
    [output, "-o"],
    [debugFile, "--debug-file"],
  ] as const)
    if (sameFile(p, file))
      throw new CliError(`${p}: ${what} is the input: refused (split never overwrites its input)`);
  const src = openSplitSource(file);
  try {
    return writeSplit(args, io, src, output, debugFile);
  } finally {
    src.close();
  }
}

function writeSplit(
  args: SplitArgs,
  io: CliIO,
  src: ReturnType<typeof openSplitSource>,
  output: string,
  debugFile: string,
): number {
  const file = args.file;
  const inputSize = src.bytes.length;
  let r: ReturnType<typeof splitElf>;
  try {
    r = splitElf(src, file, {
      debugName: basename(debugFile),
      ...(args.compress !== undefined && { compress: args.compress }),
      addBuildId: args["add-build-id"],
      stripSymbols: args.s,
      any: args.any,
    });
  } catch (e) {
    if (e instanceof SplitError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  // Both files are written from the input as they are copied (a plan of ranges and new bytes).
  const debug: StreamedOutput = { writeTo: (sink) => streamPlan(r.debug, src, sink) };
  const stripped: StreamedOutput = { writeTo: (sink) => streamPlan(r.stripped, src, sink) };
  const files: OutputFile[] = [{ path: debugFile, data: debug, mode: 0o644 }];
  const dirs: string[] = [];
  let tree: { executable: string; debugFile: string } | undefined;
  const dir = args["build-id-dir"];
  if (dir !== undefined) {
    const rel = r.buildId === undefined ? undefined : buildIdTreePaths(r.buildId);
    if (rel === undefined)
      throw new CliError(
        `${file}: no GNU build id to file it under ${dir}: add --add-build-id, or leave out --build-id-dir (the debuglink alone finds the debug file)`,
      );
    tree = { executable: join(dir, rel.executable), debugFile: join(dir, rel.debugFile) };
    files.push({ path: tree.debugFile, data: debug, mode: 0o644 });
    files.push({ path: tree.executable, data: stripped, mode: 0o755 });
    dirs.push(join(dir, rel.dir));
  }
  files.push({ path: output, data: stripped, mode: 0o755 });
  writeOutputs(files, dirs);

  const buildId = r.buildId === undefined ? undefined : Buffer.from(r.buildId).toString("hex");
  const crc = `0x${r.crc.toString(16).padStart(8, "0")}`;
  if (args.json) {
    const doc = {
      input: { path: file, size: inputSize, go: r.isGo },
      output: { path: output, size: r.stripped.size, loadedEnd: r.loadedEnd },
      debugFile: { path: debugFile, size: r.debug.size, crc, sections: r.debugSections },
      buildId: buildId ?? null,
      buildIdAdded: r.buildIdAdded,
      ...(tree !== undefined && { buildIdTree: tree }),
    };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `${output}: ${r.stripped.size} bytes (input ${inputSize}); loaded image [0, 0x${r.loadedEnd.toString(16)}) unchanged; .gnu_debuglink "${basename(debugFile)}" CRC ${crc}`,
    `${debugFile}: ${r.debug.size} bytes: ${r.debugSections.length} .debug_* sections (${r.debugSections.filter((s) => s.compressed).length} compressed), .symtab`,
  ];
  if (buildId === undefined)
    lines.push("no GNU build id: the debug file is found by the debuglink only (--add-build-id gives one)");
  else if (r.buildIdAdded)
    lines.push(
      `build id ${buildId}: ADDED (SHA-1 of the input, in a non-allocated .note.gnu.build-id of both files)`,
    );
  else lines.push(`build id ${buildId} (the input's)`);
  if (tree !== undefined) lines.push(`${tree.debugFile}`, `${tree.executable}`);
  if (resolve(dirname(output)) !== resolve(dirname(debugFile)))
    lines.push(
      `note: ${debugFile} is not next to ${output}: gdb finds it by debuglink only there, in its .debug/ or under a debug-file-directory`,
    );
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
