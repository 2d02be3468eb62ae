/**
 * `godwarf link OBJ.obj.json... -o OUT` and `godwarf build PROGRAM.json... -o OUT`: link objects
 * (or compile programs, then link) into a linux/amd64 executable with linker/output.ts linkElf,
 * the flags named as Go's linker names them (-w, -s, -compressdwarf, -B), and golang/go#51692's
 * external debug file (`--debug external[=PATH]`, `-external-debuginfo PATH`) with its build-id
 * tree (`--build-id-dir`). Everything is linked in memory first; the files are then written all or
 * nothing (cli/outputs.ts), the executable with mode 0755, so a failure never leaves a half-written
 * file or an executable whose debuglink names a debug file that is not there, and an input is
 * never overwritten. Prints a summary (or --json).
 */
import { basename, dirname, join, resolve } from "node:path";
import type { Argv } from "yargs";
import type { ObjFile } from "../../compiler/gc/compile.js";
import { parseIr } from "../../compiler/ir-validate.js";
import type { IrProgram } from "../../compiler/ir.js";
import { objFromJson, parseJsonText } from "../../compiler/objfile/read.js";
import { BuildIdError, buildIdTreePaths, parseBuildIdStyle } from "../../linker/buildid.js";
import { LinkError } from "../../linker/load.js";
import { DwoNameClash } from "../../linker/splitdwarf/layout.js";
import { type LinkedImage, linkElf, type OutputOptions, imageSummary } from "../../linker/output.js";
import { formatImageSummary } from "../format/image.js";
import { formatSplitSummary, splitSummary } from "../format/split.js";
import type { SplitLayout } from "../../linker/splitdwarf/layout.js";
import { CliError, type CliIO, sameFile, UsageError } from "../output.js";
import { type OutputFile, writeOutputs } from "../outputs.js";
import {
  applySourceLinkFlag,
  type SourceLinkFlags,
  sourceLinkNotices,
  sourceLinkOption,
} from "../flags/source-link.js";
import { type FormatFlags, formatOption, type OutputFormat } from "../flags/format.js";
import { runMacho } from "./link-macho.js";
import { linkPe, type PeOptions } from "../../linker/pe/output.js";
import { writePeImage } from "../pe-link.js";
import { compileProgram, noTypesHint, readInputText } from "./program.js";

/** The flags `link` and `build` share. */
export interface LinkFlags extends SourceLinkFlags, FormatFlags {
  output: string;
  dwarf: 4 | 5 | undefined;
  compressdwarf: boolean;
  w: boolean | undefined;
  s: boolean;
  "build-id": string | undefined;
  "go-build-id": string | undefined;
  goroot: string | undefined;
  json: boolean;
  debug: string | undefined;
  "external-debuginfo": string | undefined;
  "build-id-dir": string | undefined;
  dwp: boolean;
  "pdb-path": string | undefined;
}

export type LinkArgs = LinkFlags & { objects: string[] };
export type BuildArgs = LinkFlags & { programs: string[] };

const EPILOG = `The executable is what Go 1.26's linker writes for linux/amd64 when it links internally: notes, .text (placeholder code of the functions' sizes: nops then ret, int3 between functions), .rodata and data sections, the .debug_* sections in Go's order (compressed by default, as Go does), .symtab and .strtab. Every object must have the same DWARF version. The same inputs and flags always give the same bytes.

With --debug external (golang/go#51692) the DWARF goes to a separate debug file instead, in the same link: the executable keeps its code, data, symbols (unless -s) and build-id notes, and gains a .gnu_debuglink naming the debug file with its CRC-32; the debug file has the executable's program headers and notes, its sections as NOBITS at the same addresses, the full DWARF and the symbol table (-w and -s act on the executable only). gdb finds the debug file by the debuglink when it sits next to the executable (or in its .debug/ directory), and by the GNU build id under \`set debug-file-directory DIR\` when --build-id-dir DIR laid it out; a debuginfod server started with -F DIR serves it. The debug file's last 4 bytes keep its CRC-32 equal to the debuglink's after the build ids are written (the README says why).

With --debug split (DWARF 5 only; split DWARF, which Go does not write) the executable keeps one skeleton unit per package (its dwo_id, dwo_name, comp_dir, low_pc, ranges, stmt_list, addr_base) with .debug_addr, .debug_line and .debug_frame, and the rest of each package's DWARF goes to OUT.PKG.dwo next to it ('/' in the package path as '_'); --dwp also packs them into OUT.dwp. gdb finds the .dwo files next to the executable, and OUT.dwp; \`godwarf dump OUT\` follows the skeletons too. The dwo_id is a hash of the .dwo's name and contents (the README says which), so the same inputs give the same ids.

With --format pe the output is a windows/amd64 PE32+ image laid out as Go 1.26's linker lays one out (.text at 0x140001000, .rdata, .data, the DWARF as .zdebug_* sections with the "ZLIB" prefix where compression helps, named through the COFF string table, then .symtab with the COFF symbols and strings) and, beyond Go, the build id of the lld-link -build-id RFC: a .buildid section holding a debug directory whose CodeView RSDS record carries a GUID made from the --build-id (its first 16 bytes; an 8-byte fast id is followed by "LLD PDB.", as lld writes it), age 1 and the --pdb-path (none by default: no PDB is written). --build-id none writes no debug directory. The external debug layout is ELF's: not with --format pe.

Files are written all or nothing: under temporary names first (.NAME.godwarf-PID-RANDOM.tmp), renamed into place once every one is complete. A symbolic link is followed and its target replaced; an existing file keeps its permissions; a device or named pipe (-o /dev/null) is written in place, never replaced. An output that is an input, or a directory, is refused. Bad input is reported as FILE: problem, exit status 1; bad usage exits 2.`;

function flagOptions<T>(y: Argv<T>): Argv<T & LinkFlags> {
  return formatOption(sourceLinkOption(y))
    .option("output", {
      alias: "o",
      type: "string",
      demandOption: true,
      requiresArg: true,
      describe: "where to write the executable (written atomically, mode 0755)",
    })
    .option("dwarf", {
      type: "number",
      choices: [5, 4],
      describe:
        "the DWARF version (GOEXPERIMENT=dwarf5 / nodwarf5): build compiles every program for it; link checks that every object was compiled for it. Default: what the programs or objects say (5 when they don't)",
    })
    .option("compressdwarf", {
      alias: "dwarf-compress",
      type: "boolean",
      default: true,
      describe:
        "Go's -compressdwarf: zlib-compress each .debug_* section (SHF_COMPRESSED) where it shrinks; --compressdwarf=false to keep them plain",
    })
    .option("w", {
      type: "boolean",
      describe: "Go's -w: no DWARF. -w=false keeps DWARF even with -s",
    })
    .option("s", {
      type: "boolean",
      default: false,
      describe: "Go's -s: no .symtab / .strtab; implies -w unless -w=false is given",
    })
    .option("build-id", {
      type: "string",
      requiresArg: true,
      describe:
        "Go's -B: the .note.gnu.build-id style: gobuildid (the default), 0xHEX, none; beyond Go: fast, md5, sha1, sha256, uuid (hashes of the output)",
    })
    .option("go-build-id", {
      type: "string",
      describe:
        'Go\'s -buildid: the Go build ID string for .note.go.buildid (default: made up from the inputs as `go build` would; "" for none)',
    })
    .option("goroot", {
      type: "string",
      requiresArg: true,
      describe: 'expand "$GOROOT/..." file names to DIR (default: left as they are, as with -trimpath)',
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe:
        "print the summary (sections, sizes, build IDs; with --debug external the debug file's path, size, CRC and build id too) as one JSON document",
    })
    .option("debug", {
      type: "string",
      requiresArg: true,
      describe:
        "where the DWARF goes: combined (the default: in the executable, as Go does); external[=PATH]: a separate debug file, OUT.debug unless PATH is given, with the full DWARF and .symtab, which the executable names in .gnu_debuglink; split (DWARF 5 only): a skeleton unit per package in OUT and its DWARF in OUT.PKG.dwo next to it (add --dwp for OUT.dwp); or, with --format macho, dsym: a bundle OUT.dSYM (-o DIR/ gives DIR/NAME.dSYM) holding an MH_DSYM file with the executable's UUID and the DWARF uncompressed, the executable without __DWARF",
    })
    .option("external-debuginfo", {
      alias: "external-dwarf",
      type: "string",
      requiresArg: true,
      describe:
        "golang/go#51692's spelling of --debug external=PATH (Go style -external-debuginfo PATH works too)",
    })
    .option("pdb-path", {
      type: "string",
      requiresArg: true,
      describe:
        "with --format pe: the PDB path the CodeView record names (no PDB is written); default none, as lld-link writes without a PDB",
    })
    .option("dwp", {
      type: "boolean",
      default: false,
      describe:
        "with --debug split: also pack the .dwo files into OUT.dwp (a DWARF 5 package with its .debug_cu_index), which gdb finds next to OUT",
    })
    .option("build-id-dir", {
      type: "string",
      requiresArg: true,
      describe:
        "with --debug external: also write the debug file to DIR/.build-id/xx/rest.debug and the executable to DIR/.build-id/xx/rest (xx/rest: the GNU build id in hex), as /usr/lib/debug, gdb's debug-file-directory and debuginfod -F expect; copies, not links",
    }) as unknown as Argv<T & LinkFlags>;
}

export function linkBuilder(y: Argv): Argv<LinkArgs> {
  return flagOptions(
    y.positional("objects", {
      type: "string",
      array: true,
      demandOption: true,
      describe: "object files from `godwarf compile` (.obj.json), in link order",
    }),
  )
    .example("$0 link main.obj.json util.obj.json -o prog", "link two objects into ./prog")
    .example("$0 link main.obj.json -o prog --compressdwarf=false", "keep the .debug_* sections uncompressed")
    .example("$0 link main.obj.json -o prog -s -w=false", "no symbol table, but keep DWARF")
    .example("$0 link main.obj.json -o prog --build-id sha1 --json", "a content-hash build id; JSON summary")
    .example(
      "$0 link main.obj.json -o prog --debug external",
      "the DWARF in prog.debug; prog names it in .gnu_debuglink",
    )
    .example(
      "$0 link main.obj.json -o prog --debug split --dwp",
      "skeletons in prog, prog.main.dwo ..., prog.dwp",
    )
    .epilog(EPILOG) as unknown as Argv<LinkArgs>;
}

export function buildBuilder(y: Argv): Argv<BuildArgs> {
  return flagOptions(
    y.positional("programs", {
      type: "string",
      array: true,
      demandOption: true,
      describe: "program IR documents (JSON), one per package, in link order",
    }),
  )
    .example("$0 build testdata/ir/sample.json -o sample", "compile the sample program and link it")
    .example("$0 build testdata/ir/sample.json -o sample -w", "no DWARF (Go's -w)")
    .example(
      "$0 build testdata/ir/sample.json -o sample -s --debug external --build-id-dir debug",
      "no DWARF or symbols in sample; sample.debug has both, and debug/.build-id/ holds the pair",
    )
    .example(
      "$0 build testdata/ir/sample.json -o sample.exe --format pe --build-id fast",
      "a windows/amd64 PE32+ image; its CodeView GUID is lld's for that build id",
    )
    .example("llvm-readobj --coff-debug-directory sample.exe", "the RSDS record: GUID, age 1, PDB path")
    .example("gdb -batch -ex 'info functions main' sample", "gdb reads sample.debug through the debuglink")
    .example(
      "gdb -batch -iex 'set debug-file-directory debug' -ex 'info functions main' sample",
      "or finds it by build id",
    )
    .example(
      "$0 build testdata/ir/sample.json -o sample --debug split --dwp",
      "split DWARF 5: sample (skeletons), sample.main.dwo, sample.runtime.dwo, sample.dwp",
    )
    .example("llvm-dwarfdump --verify sample.main.dwo", "check a .dwo (or the .dwp) with LLVM")
    .example("$0 dump sample --info --line", "then read back the DWARF it carries (split units too)")
    .example("readelf -W -S -n sample", "or look at it with binutils")
    .epilog(EPILOG) as unknown as Argv<BuildArgs>;
}

/** --format (cli/flags/format.ts), with the flags only one format takes checked. */
function outputFormat(cmd: string, args: LinkFlags): OutputFormat {
  const f = args.format ?? "elf";
  if (f !== "pe") {
    if (args["pdb-path"] !== undefined)
      throw new UsageError(`${cmd}: --pdb-path names a PDB in a PE image's CodeView record: add --format pe`);
    return f;
  }
  const elfOnly =
    (args.debug !== undefined && args.debug !== "combined" && `--debug ${args.debug}`) ||
    (args["external-debuginfo"] !== undefined && "--external-debuginfo") ||
    (args["build-id-dir"] !== undefined && "--build-id-dir");
  if (elfOnly)
    throw new UsageError(
      `${cmd}: ${elfOnly} is the ELF external debug layout (golang/go#51692); a PE image carries its DWARF and its build id (in .buildid) itself: use one or the other`,
    );
  return "pe";
}

/** Where the DWARF goes, as the flags say. */
type DebugLayout =
  | { kind: "combined" }
  | { kind: "external"; path: string }
  | { kind: "split"; dwp: boolean }
  | { kind: "dsym" };

/** --debug and --external-debuginfo, resolved (they may say the same thing, never two). */
function debugLayout(cmd: string, args: LinkFlags): DebugLayout {
  const d = args.debug;
  const x = args["external-debuginfo"];
  if (x === "") throw new UsageError(`${cmd}: --external-debuginfo must name a file`);
  if (args.dwp && d !== "split")
    throw new UsageError(`${cmd}: --dwp packs the .dwo files of split DWARF: add --debug split`);
  if (d === "split") return splitLayoutFlags(cmd, args, x);
  let path: string | undefined;
  if (d === "dsym") {
    if (args.format !== "macho")
      throw new CliError(
        `${cmd}: --debug dsym is a macOS layout: add --format macho (an ELF file's debug file is --debug external)`,
      );
    if (x !== undefined)
      throw new UsageError(`${cmd}: --debug dsym and --external-debuginfo ${x} contradict each other`);
    return { kind: "dsym" };
  }
  if (d === undefined || d === "combined") {
    if (d !== undefined && x !== undefined)
      throw new UsageError(`${cmd}: --debug combined and --external-debuginfo ${x} contradict each other`);
  } else if (d === "external") {
    path = x ?? `${args.output}.debug`;
  } else if (d.startsWith("external=")) {
    path = d.slice("external=".length);
    if (path === "") throw new UsageError(`${cmd}: --debug external= must name a file (or drop the =)`);
    if (x !== undefined && resolve(x) !== resolve(path))
      throw new UsageError(`${cmd}: --debug ${d} and --external-debuginfo ${x} name two different files`);
  } else {
    throw new UsageError(
      `${cmd}: --debug must be combined, external, external=PATH, split or dsym, not ${JSON.stringify(d)}`,
    );
  }
  if (path === undefined && x !== undefined) path = x;
  return path === undefined ? { kind: "combined" } : { kind: "external", path };
}

/** --debug split: DWARF 5, with DWARF, and not also external. */
function splitLayoutFlags(cmd: string, args: LinkFlags, external: string | undefined): DebugLayout {
  if (external !== undefined)
    throw new UsageError(`${cmd}: --debug split and --external-debuginfo ${external} contradict each other`);
  if (args.dwarf === 4)
    throw new UsageError(
      `${cmd}: --debug split writes DWARF 5 split units (DW_UT_skeleton, DW_UT_split_compile); DWARF 4 has none (GCC's GNU extension is not written): use --dwarf 5`,
    );
  if (args.w === true || (args.s && args.w !== false))
    throw new UsageError(
      `${cmd}: --debug split splits the DWARF that ${args.w === true ? "-w" : "-s"} drops: remove it (or add -w=false)`,
    );
  return { kind: "split", dwp: args.dwp };
}

/**
 * Checks the flags before any work: the outputs are files and distinct; -B is well formed and,
 * for --build-id-dir, gives a build id. Returns where the DWARF goes.
 */
function checkUsage(cmd: string, args: LinkFlags, inputs: readonly string[]): DebugLayout {
  if (args.output === "-" || args.output === "")
    throw new UsageError(`${cmd}: -o must name a file (an executable is not written to standard output)`);
  const layout = debugLayout(cmd, args);
  if (args.format === "macho" && layout.kind === "external")
    throw new CliError(
      `${cmd}: --format macho keeps its DWARF in a dSYM bundle: use --debug dsym, not external`,
    );
  if (layout.kind === "external" && resolve(layout.path) === resolve(args.output))
    throw new UsageError(
      `${cmd}: the debug file (${layout.path}) must not be the executable (-o ${args.output})`,
    );
  const style = args["build-id"];
  // Go's -B 0x quietly writes no note; a build id of no bytes is a mistake, so say so.
  if (style !== undefined && /^0x$/i.test(style))
    throw new UsageError(
      `${cmd}: --build-id ${style} is an empty build id: give its bytes in hex (0x0123...), or none for no build id`,
    );
  const goBuildId = args["go-build-id"] ?? "a/b/c/a";
  let parsed: ReturnType<typeof parseBuildIdStyle>;
  try {
    parsed = parseBuildIdStyle(style ?? "", { goBuildId });
  } catch (e) {
    if (e instanceof BuildIdError) throw new UsageError(`${cmd}: --build-id: ${e.message}`);
    throw e;
  }
  if (args["build-id-dir"] !== undefined) {
    if (layout.kind !== "external")
      throw new UsageError(
        `${cmd}: --build-id-dir lays out an executable and its debug file: add --debug external`,
      );
    if (parsed.kind === "none")
      throw new UsageError(
        `${cmd}: --build-id-dir needs a GNU build id, and ${style === undefined ? "there is none without a Go build ID" : `--build-id ${style} gives none`}`,
      );
    if (parsed.kind === "literal" && parsed.bytes.length < 2)
      throw new UsageError(
        `${cmd}: --build-id-dir needs a build id of 2 bytes or more (gdb looks up no shorter)`,
      );
  }
  const outputs = [args.output, ...(layout.kind === "external" ? [layout.path] : [])];
  checkNotInputs(outputs, inputs);
  return layout;
}

/** An output that is an input is bad input (exit 1): it would be overwritten. */
function checkNotInputs(outputs: readonly string[], inputs: readonly string[]): void {
  for (const o of outputs) {
    for (const f of inputs) {
      if (sameFile(f, o)) throw new CliError(`${o}: is an input (${f}): an input is never overwritten`);
    }
  }
}

function peOptions(args: LinkFlags): PeOptions {
  const o: PeOptions = outputOptions(args, { kind: "combined" });
  if (args["pdb-path"] !== undefined) o.pdbPath = args["pdb-path"];
  return o;
}

function outputOptions(args: LinkFlags, layout: DebugLayout): OutputOptions {
  const o: OutputOptions = { compressDwarf: args.compressdwarf, s: args.s };
  if (args.w !== undefined) o.w = args.w;
  if (args["build-id"] !== undefined) o.buildId = args["build-id"];
  if (args["go-build-id"] !== undefined) o.goBuildId = args["go-build-id"];
  if (args.goroot !== undefined) o.goroot = args.goroot;
  if (layout.kind === "external") o.externalDebug = basename(layout.path);
  if (layout.kind === "split") o.splitDebug = { base: basename(args.output), dwp: layout.dwp };
  applySourceLinkFlag(args, o);
  return o;
}

/**
 * linkElf over objects read from `files`, with every failure phrased as "FILE: problem": a DWARF
 * version that differs from the first object's names the object, and a link error names the file
 * of the first package it mentions.
 */
export function linkFiles<T = LinkedImage>(
  objs: readonly ObjFile[],
  files: readonly string[],
  opts: OutputOptions,
  want?: 4 | 5,
  linker: (objs: readonly ObjFile[], opts: OutputOptions) => T = linkElf as never,
): T {
  checkDwarfVersions(objs, files, want);
  try {
    return linker(objs, opts);
  } catch (e) {
    if (e instanceof DwoNameClash)
      throw new CliError(`${opts.splitDebug?.base ?? "link"}: split DWARF: ${e.message}`);
    if (e instanceof LinkError || e instanceof BuildIdError) {
      const i = objs.findIndex((o) => e.message.includes(o.pkgpath));
      throw new CliError(`${files[Math.max(0, i)] ?? "link"}: ${e.message}`);
    }
    throw e;
  }
}

/** Every object is compiled for `want` (when given) and for the first object's DWARF version. */
export function checkDwarfVersions(objs: readonly ObjFile[], files: readonly string[], want?: 4 | 5): void {
  const first = objs[0];
  if (want !== undefined) {
    objs.forEach((o, i) => {
      if (o.dwarfVersion !== want)
        throw new CliError(
          `${files[i]}: compiled for DWARF ${o.dwarfVersion}, but --dwarf ${want} was asked for`,
        );
    });
  }
  if (first !== undefined) {
    objs.forEach((o, i) => {
      if (o.dwarfVersion !== first.dwarfVersion) {
        throw new CliError(
          `${files[i]}: compiled for DWARF ${o.dwarfVersion}, but ${files[0]} for DWARF ${first.dwarfVersion}: every object of a link must have the same DWARF version`,
        );
      }
    });
  }
}

/** Where each file of a link goes. */
export interface ImagePaths {
  /** The executable (-o). */
  output: string;
  /** The external debug file. */
  debugFile?: string;
  /** The build-id tree's root (--build-id-dir). */
  buildIdDir?: string;
}

/** The files to write for `img`, the executable last (cli/outputs.ts renames in this order). */
export function imageOutputs(
  img: LinkedImage,
  paths: ImagePaths,
): { files: OutputFile[]; dirs: string[]; tree?: { executable: string; debugFile: string } } {
  const exe: OutputFile = { path: paths.output, data: img.bytes, mode: 0o755 };
  if (img.split !== undefined) return { files: [...splitOutputs(img.split, paths.output), exe], dirs: [] };
  const d = img.debugFile;
  if (d === undefined || paths.debugFile === undefined) return { files: [exe], dirs: [] };
  const files: OutputFile[] = [{ path: paths.debugFile, data: d.bytes, mode: 0o644 }];
  if (paths.buildIdDir === undefined) return { files: [...files, exe], dirs: [] };
  const rel = img.gnuBuildId === undefined ? undefined : buildIdTreePaths(img.gnuBuildId);
  if (rel === undefined)
    throw new CliError(`${paths.buildIdDir}: the executable has no build id to file it under`);
  const tree = {
    executable: join(paths.buildIdDir, rel.executable),
    debugFile: join(paths.buildIdDir, rel.debugFile),
  };
  files.push({ path: tree.debugFile, data: d.bytes, mode: 0o644 });
  files.push({ path: tree.executable, data: img.bytes, mode: 0o755 });
  return { files: [...files, exe], dirs: [join(paths.buildIdDir, rel.dir)], tree };
}

/** The .dwo files (and .dwp) of the split layout, next to the executable. */
function splitOutputs(split: SplitLayout, output: string): OutputFile[] {
  const dir = dirname(output);
  const files = split.dwos.map((d): OutputFile => ({ path: join(dir, d.name), data: d.bytes, mode: 0o644 }));
  if (split.dwp !== undefined)
    files.push({ path: join(dir, split.dwp.name), data: split.dwp.bytes, mode: 0o644 });
  return files;
}

/** Writes the executable (and its debug file and build-id tree) and prints the summary. */
export function writeImage(
  img: LinkedImage,
  args: Pick<LinkFlags, "output" | "json" | "source-link">,
  io: CliIO,
  paths: ImagePaths = { output: args.output },
  inputs: readonly string[] = [],
): void {
  const { files, dirs, tree } = imageOutputs(img, paths);
  checkNotInputs(
    files.map((f) => f.path),
    inputs,
  );
  writeOutputs(files, dirs);
  for (const l of sourceLinkNotices(img.link.sourceLink, args)) io.stderr(l);
  const sum = imageSummary(img);
  const split = img.split === undefined ? undefined : splitSummary(img.split, args.output);
  if (!args.json) {
    io.stdout(formatImageSummary(sum, args.output, paths.debugFile, tree));
    if (split !== undefined) io.stdout(formatSplitSummary(split));
    return;
  }
  const doc: Record<string, unknown> = { file: args.output, ...sum };
  if (split !== undefined) doc.split = split;
  if (sum.debugFile !== undefined) {
    doc.debugFile = {
      path: paths.debugFile,
      ...sum.debugFile,
      buildId: sum.gnuBuildId,
      ...(tree !== undefined && { buildIdTree: tree }),
    };
  }
  io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
}

function pathsOf(args: LinkFlags, layout: DebugLayout): ImagePaths {
  const p: ImagePaths = { output: args.output };
  if (layout.kind === "external") p.debugFile = layout.path;
  if (args["build-id-dir"] !== undefined) p.buildIdDir = args["build-id-dir"];
  return p;
}

export function runLink(args: LinkArgs, io: CliIO): number {
  const format = outputFormat("link", args);
  const layout = checkUsage("link", args, args.objects);
  const objs = args.objects.map((f) => {
    const doc = parseJsonText(readInputText(f), f);
    if (typeof doc === "object" && doc !== null && "irVersion" in doc && !("godwarfObject" in doc))
      throw new CliError(
        `${f}: a program IR, not an object file: use \`godwarf build\`, or \`godwarf compile\` it first`,
      );
    return objFromJson(doc, f);
  });
  if (args.format === "macho") {
    checkDwarfVersions(objs, args.objects, args.dwarf);
    return runMacho("link", args, objs, args.objects, layout.kind === "dsym", io);
  }
  if (format === "pe")
    return writePeImage(linkFiles(objs, args.objects, peOptions(args), args.dwarf, linkPe), args, io);
  const img = linkFiles(objs, args.objects, outputOptions(args, layout), args.dwarf);
  writeImage(img, args, io, pathsOf(args, layout), args.objects);
  return 0;
}

export function runBuild(args: BuildArgs, io: CliIO): number {
  const format = outputFormat("build", args);
  const layout = checkUsage("build", args, args.programs);
  const programs: IrProgram[] = [];
  const objs = args.programs.map((f) => {
    const program = parseIr(readInputText(f), f);
    programs.push(program);
    if (args.dwarf !== undefined) program.dwarfVersion = args.dwarf;
    // Go writes DWARF 4 for darwin (internal/buildcfg: no dwarf5 there).
    else if (args.format === "macho") program.dwarfVersion = 4;
    return compileProgram(program, f, false);
  });
  try {
    if (args.format === "macho")
      return runMacho("build", args, objs, args.programs, layout.kind === "dsym", io);
    if (format === "pe")
      return writePeImage(linkFiles(objs, args.programs, peOptions(args), undefined, linkPe), args, io);
    writeImage(
      linkFiles(objs, args.programs, outputOptions(args, layout)),
      args,
      io,
      pathsOf(args, layout),
      args.programs,
    );
  } catch (e) {
    if (e instanceof CliError) throw new CliError(noTypesHint(e.message, programs));
    throw e;
  }
  return 0;
}
