/**
 * `godwarf link OBJ.obj.json... -o OUT` and `godwarf build PROGRAM.json... -o OUT`: link objects
 * (or compile programs, then link) into a linux/amd64 executable with linker/output.ts linkElf,
 * the flags named as Go's linker names them (-w, -s, -compressdwarf, -B). Everything is linked in
 * memory first; the file is then written atomically with mode 0755, so a failure never leaves a
 * half-written executable, and an input is never overwritten. Prints a summary (or --json).
 */
import type { Argv } from "yargs";
import type { ObjFile } from "../../compiler/gc/compile.js";
import { parseIr } from "../../compiler/ir-validate.js";
import { objFromJson, parseJsonText } from "../../compiler/objfile/read.js";
import { BuildIdError, parseBuildIdStyle } from "../../linker/buildid.js";
import { LinkError } from "../../linker/load.js";
import { type LinkedImage, linkElf, type OutputOptions, imageSummary } from "../../linker/output.js";
import { formatImageSummary } from "../format/image.js";
import { CliError, type CliIO, sameFile, UsageError, writeOutput } from "../output.js";
import { compileProgram, readInputText } from "./program.js";

/** The flags `link` and `build` share. */
export interface LinkFlags {
  output: string;
  dwarf: 4 | 5 | undefined;
  compressdwarf: boolean;
  w: boolean | undefined;
  s: boolean;
  "build-id": string | undefined;
  "go-build-id": string | undefined;
  goroot: string | undefined;
  json: boolean;
}

export type LinkArgs = LinkFlags & { objects: string[] };
export type BuildArgs = LinkFlags & { programs: string[] };

const EPILOG =
  "The executable is what Go 1.26's linker writes for linux/amd64 when it links internally: notes, .text (placeholder code of the functions' sizes: nops then ret, int3 between functions), .rodata and data sections, the .debug_* sections in Go's order (compressed by default, as Go does), .symtab and .strtab. Every object must have the same DWARF version. The same inputs and flags always give the same bytes. Bad input is reported as FILE: problem, exit status 1; bad usage exits 2.";

function flagOptions<T>(y: Argv<T>): Argv<T & LinkFlags> {
  return y
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
      describe: "print the summary (sections, sizes, build IDs) as one JSON document",
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
    .example("$0 dump sample --info --line", "then read back the DWARF it carries")
    .example("readelf -W -S -n sample", "or look at it with binutils")
    .epilog(EPILOG) as unknown as Argv<BuildArgs>;
}

/** Checks the flags before any work: the output is a file and no input; -B is well formed. */
function checkUsage(cmd: string, args: LinkFlags, inputs: readonly string[]): void {
  if (args.output === "-" || args.output === "")
    throw new UsageError(`${cmd}: -o must name a file (an executable is not written to standard output)`);
  for (const f of inputs) {
    if (sameFile(f, args.output))
      throw new UsageError(`${cmd}: the output (-o ${args.output}) must not be an input (${f})`);
  }
  const style = args["build-id"];
  if (style !== undefined) {
    try {
      parseBuildIdStyle(style, { goBuildId: args["go-build-id"] ?? "a/b/c/a" });
    } catch (e) {
      if (e instanceof BuildIdError) throw new UsageError(`${cmd}: --build-id: ${e.message}`);
      throw e;
    }
  }
}

function outputOptions(args: LinkFlags): OutputOptions {
  const o: OutputOptions = { compressDwarf: args.compressdwarf, s: args.s };
  if (args.w !== undefined) o.w = args.w;
  if (args["build-id"] !== undefined) o.buildId = args["build-id"];
  if (args["go-build-id"] !== undefined) o.goBuildId = args["go-build-id"];
  if (args.goroot !== undefined) o.goroot = args.goroot;
  return o;
}

/**
 * linkElf over objects read from `files`, with every failure phrased as "FILE: problem": a DWARF
 * version that differs from the first object's names the object, and a link error names the file
 * of the first package it mentions.
 */
export function linkFiles(
  objs: readonly ObjFile[],
  files: readonly string[],
  opts: OutputOptions,
  want?: 4 | 5,
): LinkedImage {
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
  try {
    return linkElf(objs, opts);
  } catch (e) {
    if (e instanceof LinkError || e instanceof BuildIdError) {
      const i = objs.findIndex((o) => e.message.includes(o.pkgpath));
      throw new CliError(`${files[Math.max(0, i)] ?? "link"}: ${e.message}`);
    }
    throw e;
  }
}

/** Writes the executable and prints the summary. */
export function writeImage(img: LinkedImage, args: Pick<LinkFlags, "output" | "json">, io: CliIO): void {
  writeOutput(args.output, img.bytes, 0o755);
  const sum = imageSummary(img);
  io.stdout(
    args.json
      ? `${JSON.stringify({ file: args.output, ...sum }, null, 2)}\n`
      : formatImageSummary(sum, args.output),
  );
}

export function runLink(args: LinkArgs, io: CliIO): number {
  checkUsage("link", args, args.objects);
  const objs = args.objects.map((f) => {
    const doc = parseJsonText(readInputText(f), f);
    if (typeof doc === "object" && doc !== null && "irVersion" in doc && !("godwarfObject" in doc))
      throw new CliError(
        `${f}: a program IR, not an object file: use \`godwarf build\`, or \`godwarf compile\` it first`,
      );
    return objFromJson(doc, f);
  });
  writeImage(linkFiles(objs, args.objects, outputOptions(args), args.dwarf), args, io);
  return 0;
}

export function runBuild(args: BuildArgs, io: CliIO): number {
  checkUsage("build", args, args.programs);
  const objs = args.programs.map((f) => {
    const program = parseIr(readInputText(f), f);
    if (args.dwarf !== undefined) program.dwarfVersion = args.dwarf;
    return compileProgram(program, f, false);
  });
  writeImage(linkFiles(objs, args.programs, outputOptions(args)), args, io);
  return 0;
}
