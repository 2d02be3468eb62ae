/**
 * `godwarf dump FILE`: decodes the DWARF of an ELF file with dwarf/read and prints it, as text or
 * as JSON (schema/dump.schema.json: one document, or one record a line). A stripped executable's
 * DWARF is read from its separate debug file, found as gdb finds it (cli/debugfile.ts); a file with
 * no DWARF anywhere is an error. Text and --json decode everything before any output, so a malformed
 * file yields an error and no partial dump (--json decodes twice to stay flat in memory);
 * --json-lines streams, and ends a malformed file's records with an "error" record.
 */
import type { Argv } from "yargs";
import { type DebugFileFlags, debugFileOption, decodeDwarf, openDwarf } from "../debugfile.js";
import { DUMP_PARTS, type DumpPartName } from "../format/parts.js";
import { printSplitUnits } from "../format/splitunits.js";
import { NullSink, writeJsonDump } from "../format/json-stream.js";
import { ChunkedSink, type CliIO, UsageError } from "../output.js";
import { isFormatError } from "../../dwarf/errors.js";
import { followSkeletons, packageUnitsOf, type SplitUnits } from "../splitdwarf.js";

export type DumpArgs = { file: string; json: boolean; "json-lines": boolean } & Record<
  DumpPartName,
  boolean
> &
  DebugFileFlags;

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
    describe: "an ELF file with DWARF (executable, shared object or .debug file)",
  });
  for (const p of DUMP_PARTS)
    b = b.option(p.name, { type: "boolean", default: false, describe: PART_HELP[p.name] });
  return debugFileOption(b)
    .option("json", {
      type: "boolean",
      default: false,
      describe:
        'print one JSON document instead of text (schema/dump.schema.json, "schemaVersion": 1): keys named for the section flags, 64-bit values always "0x..." strings',
    })
    .option("json-lines", {
      type: "boolean",
      default: false,
      describe:
        "stream JSON records, one a line (a unit, a line program, up to 1024 line rows, a CIE, an FDE, a list): memory stays flat on large binaries",
    })
    .example("$0 dump ./prog", "everything, as text")
    .example("$0 dump ./prog --info --line", "the DIE trees and the line table")
    .example("$0 dump ./prog --json | jq '.info[0].root.tag'", 'machine-readable: "DW_TAG_compile_unit"')
    .example(
      "$0 dump ./prog --info --json-lines | jq -c 'select(.kind == \"unit\") | .root.attrs[0]'",
      "one unit a line, streamed",
    )
    .example(
      "$0 dump ./stripped --line --debug-file-directory ./debug",
      "a stripped file: its DWARF from ./debug/.build-id/xx/rest.debug or its .gnu_debuglink file",
    )
    .epilog(
      'Without a section flag every section is shown. Split DWARF: an executable\'s skeleton units are followed to their split units, in FILE.dwp next to it or in each DW_AT_dwo_name .dwo next to it, shown after .debug_info (--json: splitUnits); a .dwo or .dwp given as FILE shows its units alone (addresses as indexes). Compressed sections (SHF_COMPRESSED zlib, .zdebug_*) are inflated. A file without DWARF is read through its separate debug file, looked for as gdb does (by build id, then by .gnu_debuglink with its CRC checked); standard error says which file was read (--json: dwarfFile, dwarfFoundBy), and a file with no DWARF anywhere exits 1. Malformed input is reported as FILE: SECTION+0xOFFSET: problem, exit status 1; --json then prints nothing, --json-lines ends its records with an "error" record.',
    ) as unknown as Argv<DumpArgs>;
}

/** Decodes and prints; throws FormatError (and file-system errors) for the caller to report. */
export function runDump(args: DumpArgs, io: CliIO): number {
  if (args.json && args["json-lines"]) throw new UsageError("--json and --json-lines: give one of them");
  const opened = openDwarf(args.file, args, io);
  const { elf, ds, dwarfFile, foundBy } = opened;
  const chosen = DUMP_PARTS.filter((p) => args[p.name]);
  const all = chosen.length > 0 ? chosen : DUMP_PARTS;
  // Split DWARF (cli/splitdwarf.ts): a .dwo/.dwp's units, or the split units of the skeletons.
  const showInfo = all.some((p) => p.name === "info");
  const pkg = packageUnitsOf(opened, args.file);
  // Read while decoding (so a malformed skeleton is reported as the rest is), once.
  let followed: { units: SplitUnits | undefined } | undefined;
  const split = (): SplitUnits | undefined => {
    followed ??= { units: pkg ?? (showInfo ? followSkeletons(opened, args.file, io) : undefined) };
    return followed.units;
  };
  // A lone .dwo/.dwp has no .debug_addr or line table: its units are what it shows.
  const parts = pkg === undefined ? all : [];
  if (args.json || args["json-lines"]) {
    const names = parts.map((p) => p.name);
    const meta = { file: args.file, dwarfFile, dwarfFoundBy: foundBy };
    const out = new ChunkedSink((s) => io.stdout(s));
    if (args.json) {
      // A first pass that writes nothing: an error must not leave half a document on stdout.
      decodeDwarf(opened, () => writeJsonDump(ds, names, meta, new NullSink(), false, split));
      writeJsonDump(ds, names, meta, out, false, split);
    } else {
      try {
        decodeDwarf(opened, () => writeJsonDump(ds, names, meta, out, true, split));
      } catch (e) {
        // The records so far stand; the last one says why the stream stops.
        if (isFormatError(e)) out.write(`{"kind":"error","message":${JSON.stringify(e.message)}}\n`);
        out.flush();
        throw e;
      }
    }
    out.flush();
    return 0;
  }
  // Decode everything first: an error must not leave half a document on stdout.
  const { results, splitUnits } = decodeDwarf(opened, () => ({
    results: parts.map((p) => ({ part: p, value: p.decode(ds) })),
    splitUnits: split(),
  }));
  const out = new ChunkedSink((s) => io.stdout(s));
  const from = foundBy === "self" ? "" : `; DWARF from ${dwarfFile} (by ${foundBy})`;
  out.write(
    `${args.file}: ${elf === undefined ? opened.container : `ELF${elf.header.class === 2 ? 64 : 32}`}, ${elf === undefined || elf.littleEndian ? "little" : "big"} endian${from}\n`,
  );
  for (const { part, value } of results) {
    out.write(`\n${part.title}\n`);
    part.text(value, out, ds);
  }
  if (splitUnits !== undefined) printSplitUnits(splitUnits, out, ds.littleEndian);
  out.flush();
  return 0;
}
