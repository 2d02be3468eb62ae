/**
 * `godwarf explore FILE`: an HTML explorer of a program IR, an object or a binary (explore/): one
 * self-contained page (-o, or standard output), or with --serve a server on 127.0.0.1 that hands
 * the page one unit at a time. A program or object is linked in memory with provenance, so the
 * page names the Go function that wrote every byte and shows the relocations the linker applied.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import type { Argv } from "yargs";
import type { ObjFile } from "../../compiler/gc/compile.js";
import { type IrProgram, sourceFileOf } from "../../compiler/ir.js";
import { validateIr } from "../../compiler/ir-validate.js";
import { ObjJsonError } from "../../compiler/objfile/errors.js";
import { objFromJson, parseJsonText } from "../../compiler/objfile/read.js";
import { type ExploreInput, exploreSummary, exploreUnit } from "../../explore/model.js";
import { renderPage } from "../../explore/page.js";
import { serveExplorer } from "../../explore/server.js";
import { dwarfSectionsOf, link } from "../../linker/link.js";
import { LinkError } from "../../linker/load.js";
import { type DebugFileFlags, debugFileOption, openDwarf } from "../debugfile.js";
import { readJsonInput } from "../input.js";
import { CliError, type CliIO, UsageError } from "../output.js";
import { writeOutputs } from "../outputs.js";
import { compileProgram, noTypesHint } from "./program.js";

export interface ExploreArgs extends DebugFileFlags {
  file: string;
  output?: string;
  serve: boolean;
  port?: number;
}

/** A static page holds every unit's bytes twice over (hex) and its DIEs: past this, --serve. */
export const MAX_STATIC_INFO_BYTES = 4 << 20;
/** Source files read for the line-table view are at most this long. */
const MAX_SOURCE_BYTES = 4 << 20;

export function exploreBuilder(y: Argv): Argv<ExploreArgs> {
  const b = y
    .positional("file", {
      type: "string",
      demandOption: true,
      describe: "a program IR (.json), an object from `godwarf compile` (.obj.json), or an ELF binary",
    })
    .option("output", {
      alias: "o",
      type: "string",
      requiresArg: true,
      describe: "write the page to this file (default: standard output)",
    })
    .option("serve", {
      type: "boolean",
      default: false,
      describe: "serve the page on 127.0.0.1 instead, one unit at a time (for large binaries)",
    })
    .option("port", {
      type: "number",
      requiresArg: true,
      describe: "with --serve: the port (default: any free port; the URL is printed)",
    })
    .example(
      "$0 explore testdata/ir/sample.json -o sample.html",
      "the sample, linked in memory: who wrote each byte",
    )
    .example(
      "$0 build testdata/ir/sample.json -o prog && $0 explore prog -o prog.html",
      "a binary's DIEs, bytes, lines",
    )
    .example(
      "go build -o /tmp/go cmd/go && $0 explore /tmp/go --serve --port 8080",
      "a large binary, unit by unit",
    )
    .epilog(
      "The page has the DIE tree (open a unit, search by name), and for the selected DIE its attributes, its bytes in hex and its line-table rows beside the source when the source file is at hand. For a program IR or an object, which is compiled (an IR) and linked in memory with provenance, hovering over a byte or dragging over a range names the modelled Go function that wrote it, linked to its definition in Go's source, and the relocations the linker applied are listed with the values written. A binary's bytes carry no provenance. The page loads nothing from the network. A binary whose .debug_info exceeds 4 MiB is too large for one page: use --serve, which listens on 127.0.0.1 only and stops with Ctrl-C.",
    );
  return debugFileOption(b) as unknown as Argv<ExploreArgs>;
}

export function runExplore(args: ExploreArgs, io: CliIO): number {
  if (args.serve && args.output !== undefined)
    throw new UsageError("-o and --serve: give one (a page file, or a server)");
  if (args.port !== undefined && !args.serve) throw new UsageError("--port needs --serve");
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535))
    throw new UsageError(`--port ${args.port}: not a port number (0 to 65535)`);
  const input = isElf(args.file) ? binaryInput(args, io) : jsonInput(args.file);
  if (args.serve) {
    const s = serveExplorer(input, args.port ?? 0);
    s.url.then(
      (url) => io.stderr(`godwarf: exploring ${args.file} at ${url} (Ctrl-C to stop)\n`),
      (e: unknown) => {
        io.stderr(`godwarf: --serve: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
      },
    );
    return 0;
  }
  const info = input.dwarf.sections.debug_info?.length ?? 0;
  if (info > MAX_STATIC_INFO_BYTES)
    throw new UsageError(
      `${args.file}: ${(info / (1 << 20)).toFixed(1)} MiB of .debug_info is too large for one page: use --serve`,
    );
  const summary = exploreSummary(input);
  const page = renderPage(
    summary,
    summary.units.map((h) => exploreUnit(input, h)),
  );
  if (args.output === undefined) io.stdout(page);
  else writeOutputs([{ path: args.output, data: page, mode: 0o644 }]);
  return 0;
}

function isElf(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return false; // the JSON reader names the problem
  }
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    return n === 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** A source file from the disk, when it is a readable regular file of reasonable size. */
function diskSource(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_SOURCE_BYTES) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function binaryInput(args: ExploreArgs, io: CliIO): ExploreInput {
  const opened = openDwarf(args.file, args, io);
  return { title: args.file, kind: "binary", dwarf: opened.ds, source: diskSource };
}

/** A program IR (compiled) or an object, linked alone in memory with provenance. */
function jsonInput(file: string): ExploreInput {
  const doc = parseJsonText(readJsonInput(file), file);
  let obj: ObjFile;
  let program: IrProgram | undefined;
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "godwarfObject" in doc)
    obj = objFromJson(doc, file);
  else if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "irVersion" in doc) {
    program = validateIr(doc, file);
    obj = compileProgram(program, file, true);
  } else
    throw new ObjJsonError(
      file,
      "",
      'neither an object file (no "godwarfObject" field), a program IR (no "irVersion" field) nor an ELF file',
    );
  let r: ReturnType<typeof link>;
  try {
    r = link([obj], { provenance: true });
  } catch (e) {
    if (e instanceof LinkError)
      throw new CliError(`${file}: ${noTypesHint(e.message, program === undefined ? [] : [program])}`);
    throw e;
  }
  // The IR carries the text of its source file (IrProgram.source).
  const irFile = program === undefined ? undefined : sourceFileOf(program);
  const irSource = program?.source;
  const source = (path: string): string | undefined =>
    irSource !== undefined && path === irFile ? irSource : diskSource(path);
  const input: ExploreInput = {
    title: file,
    kind: program === undefined ? "object" : "program",
    dwarf: dwarfSectionsOf(r),
    source,
  };
  if (r.provenance !== undefined) input.provenance = r.provenance;
  if (r.relocations !== undefined) input.relocations = r.relocations;
  return input;
}
