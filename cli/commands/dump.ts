/**
 * `godwarf dump FILE`: decodes the DWARF of an ELF file with dwarf/read and prints it, as text or
 * as one JSON document. A stripped executable's DWARF is read from its separate debug file, found
 * as gdb finds it (cli/debugfile.ts); a file with no DWARF anywhere is an error. All decoding
 * happens before any output, so a malformed file yields an error and no partial dump.
 */
import type { Argv } from "yargs";
import { type DebugFileFlags, debugFileOption, decodeDwarf, openDwarf } from "../debugfile.js";
import { DUMP_PARTS, type DumpPartName } from "../format/parts.js";
import { ChunkedSink, type CliIO } from "../output.js";

export type DumpArgs = { file: string; json: boolean } & Record<DumpPartName, boolean> & DebugFileFlags;

const PART_HELP: Record<DumpPartName, string> = {
  info: ".debug_info: units and their DIE trees (attribute names, forms, decoded values)",
  line: ".debug_line: each line program's header and its rows as a table",
  frame: ".debug_frame: CIEs, FDEs and the CFA rule rows they produce",
  ranges: ".debug_rnglists / .debug_ranges: the address range lists",
  loc: ".debug_loclists / .debug_loc: the location lists with their expressions",
  addr: ".debug_addr: the address table(s)",
};

export function dumpBuilder(y: Argv): Argv<DumpArgs> {
  let b = y.positional("file", {
    type: "string",
    demandOption: true,
    describe: "an ELF file with DWARF (executable, shared object or .debug file), or a PE image",
  });
  for (const p of DUMP_PARTS)
    b = b.option(p.name, { type: "boolean", default: false, describe: PART_HELP[p.name] });
  return debugFileOption(b)
    .option("json", { type: "boolean", default: false, describe: "print one JSON document instead of text" })
    .example("$0 dump ./prog", "everything, as text")
    .example("$0 dump ./prog --info --line", "the DIE trees and the line table")
    .example(
      "$0 dump ./prog --json | jq '.units[0].root.tag'",
      'machine-readable; bigints beyond 2^53 are "0x..." strings',
    )
    .example(
      "$0 dump ./stripped --line --debug-file-directory ./debug",
      "a stripped file: its DWARF from ./debug/.build-id/xx/rest.debug or its .gnu_debuglink file",
    )
    .epilog(
      "Without a section flag every section is shown. Compressed sections (SHF_COMPRESSED zlib, .zdebug_*) are inflated. A PE image (recognised by its MZ header: Go's windows builds, and `godwarf build --format pe`) is read too: its .debug_* and .zdebug_* sections, and the first line names its CodeView GUID and age. A file without DWARF is read through its separate debug file, looked for as gdb does (by build id, then by .gnu_debuglink with its CRC checked); standard error says which file was read (--json: dwarfFile, dwarfFoundBy), and a file with no DWARF anywhere exits 1. Malformed input is reported as FILE: SECTION+0xOFFSET: problem, exit status 1.",
    ) as unknown as Argv<DumpArgs>;
}

/** Decodes and prints; throws FormatError (and file-system errors) for the caller to report. */
export function runDump(args: DumpArgs, io: CliIO): number {
  const opened = openDwarf(args.file, args, io);
  const { ds, dwarfFile, foundBy } = opened;
  const chosen = DUMP_PARTS.filter((p) => args[p.name]);
  const parts = chosen.length > 0 ? chosen : DUMP_PARTS;
  // Decode everything first: an error must not leave half a document on stdout.
  const results = decodeDwarf(opened, () => parts.map((p) => ({ part: p, value: p.decode(ds) })));
  const out = new ChunkedSink((s) => io.stdout(s));
  if (args.json) {
    out.write(
      `{"file":${JSON.stringify(args.file)},"dwarfFile":${JSON.stringify(dwarfFile)},"dwarfFoundBy":${JSON.stringify(foundBy)}`,
    );
    for (const { part, value } of results) {
      out.write(`,${JSON.stringify(part.jsonKey)}:`);
      part.json(value, out, ds);
    }
    out.write("}\n");
  } else {
    const from = foundBy === "self" ? "" : `; DWARF from ${dwarfFile} (by ${foundBy})`;
    out.write(`${args.file}: ${opened.container}${from}\n`);
    for (const { part, value } of results) {
      out.write(`\n${part.title}\n`);
      part.text(value, out, ds);
    }
  }
  out.flush();
  return 0;
}
