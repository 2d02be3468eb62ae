/**
 * `godwarf source-url FILE [PATH]`: the source URLs an executable's line tables carry (written by
 * `link`/`build --source-link`: DW_LNCT_godwarf_url, linker/dwarf/lines.ts), read with dwarf/read.
 * Without PATH every file and its URL; with PATH the URL of that file (its path as the line table
 * gives it, or the end of one after a "/"). A stripped executable is read through its debug file,
 * as `dump` does (cli/debugfile.ts).
 */
import type { Argv } from "yargs";
import { DW_LNCT } from "../../dwarf/constants.js";
import { lineFilePath, readAllLinePrograms } from "../../dwarf/read/line.js";
import { type DebugFileFlags, debugFileOption, decodeDwarf, openDwarf } from "../debugfile.js";
import { CliError, type CliIO } from "../output.js";

export type SourceUrlArgs = { file: string; path: string | undefined; json: boolean } & DebugFileFlags;

export function sourceUrlBuilder(y: Argv): Argv<SourceUrlArgs> {
  const b = y
    .positional("file", {
      type: "string",
      demandOption: true,
      describe: "an ELF file whose DWARF 5 line tables carry URLs (or a stripped one with its debug file)",
    })
    .positional("path", {
      type: "string",
      describe: "a source file: its path as the line table gives it, or its end (main.go, pkg/util.go)",
    })
    .option("json", { type: "boolean", default: false, describe: "print one JSON document instead of text" });
  return debugFileOption(b)
    .example("$0 source-url ./prog", "every source file and its URL, one per line: PATH<TAB>URL (- for none)")
    .example("$0 source-url ./prog main.go", "the URL of the one file whose path ends in /main.go")
    .example("$0 build prog.json -o prog --source-link sourcelink.json", "how the URLs get there")
    .epilog(
      "The URLs are in each DWARF 5 file entry under the vendor content code DW_LNCT_godwarf_url (0x3f00), as DWARF issue 181223.1 proposes; other readers skip it. A file whose line tables have no URL column, a PATH that is not in them (or ends more than one path) and a file without a URL exit 1.",
    ) as unknown as Argv<SourceUrlArgs>;
}

interface SourceFile {
  path: string;
  /** Undefined: the producer gave this file no URL (""). */
  url: string | undefined;
}

/** Every file of every line table with its URL, each path once (its first URL); undefined: no URL column. */
function sourceFiles(progs: ReturnType<typeof readAllLinePrograms>): SourceFile[] | undefined {
  let column = false;
  const byPath = new Map<string, SourceFile>();
  for (const p of progs) {
    if (!(p.fileNameEntryFormat ?? []).some((f) => f.contentType === DW_LNCT.godwarf_url)) continue;
    column = true;
    p.fileNames.forEach((f, i) => {
      // Go's file 0 is a dummy "?" (cmd/link writeDirFileTables, sourceware bug 30357).
      if (i === 0 && f.name === "?") return;
      const path = lineFilePath(p, i)!;
      const url = f.url === undefined || f.url === "" ? undefined : f.url;
      const had = byPath.get(path);
      if (had === undefined) byPath.set(path, { path, url });
      else if (had.url === undefined) had.url = url;
    });
  }
  return column ? [...byPath.values()] : undefined;
}

/** The file PATH names: the same path, else the one path ending in "/PATH". */
function lookup(files: readonly SourceFile[], file: string, path: string): SourceFile {
  const exact = files.find((f) => f.path === path);
  if (exact !== undefined) return exact;
  const tail = path.startsWith("/") ? path : `/${path}`;
  const ends = files.filter((f) => f.path.endsWith(tail));
  if (ends.length === 1) return ends[0]!;
  if (ends.length === 0) throw new CliError(`${file}: ${path}: no such source file in the line tables`);
  throw new CliError(
    `${file}: ${path}: ends ${ends.length} paths (${ends.map((f) => f.path).join(", ")}): give more of the path`,
  );
}

export function runSourceUrl(args: SourceUrlArgs, io: CliIO): number {
  const opened = openDwarf(args.file, args, io);
  const files = decodeDwarf(opened, () => sourceFiles(readAllLinePrograms(opened.ds)));
  if (files === undefined)
    throw new CliError(
      `${args.file}: no source URLs: its line tables have no DW_LNCT_godwarf_url column (link it with --source-link, in DWARF 5)`,
    );
  const head = { file: args.file, dwarfFile: opened.dwarfFile };
  if (args.path === undefined) {
    io.stdout(
      args.json
        ? `${JSON.stringify({ ...head, files: files.map((f) => ({ path: f.path, url: f.url ?? null })) }, null, 2)}\n`
        : files.map((f) => `${f.path}\t${f.url ?? "-"}\n`).join(""),
    );
    return 0;
  }
  const f = lookup(files, args.file, args.path);
  if (f.url === undefined)
    throw new CliError(`${args.file}: ${f.path}: no URL (no entry of the SourceLink map covered it)`);
  io.stdout(args.json ? `${JSON.stringify({ ...head, path: f.path, url: f.url }, null, 2)}\n` : `${f.url}\n`);
  return 0;
}
