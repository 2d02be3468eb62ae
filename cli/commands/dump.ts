/**
 * `godwarf dump FILE`: decodes the DWARF of an ELF file with dwarf/read and prints it, as text or
 * as JSON (schema/dump.schema.json: one document, or one record a line); or answers a query about
 * its DIEs (dump-query.ts). A stripped executable's DWARF is read from its separate debug file,
 * found as gdb finds it (cli/debugfile.ts); a file with no DWARF anywhere is an error. Text and
 * --json decode everything before any output, so a malformed file yields an error and no partial
 * dump (--json decodes twice to stay flat in memory); --json-lines streams, and ends a malformed
 * file's records with an "error" record.
 */
import type { Argv } from "yargs";
import type { Unit } from "../../dwarf/read/model.js";
import { forEachUnit, readInfo } from "../../dwarf/read/info.js";
import { DieNameIndex } from "../../dwarf/read/names.js";
import { ehFrameSections } from "../../elf/ehframe.js";
import { type DebugFileFlags, debugFileOption, decodeDwarf, openDwarf } from "../debugfile.js";
import { DieWriter } from "../format/dies.js";
import { DUMP_PARTS, type DumpPartName } from "../format/parts.js";
import { printSplitUnits } from "../format/splitunits.js";
import { writeQueryJson } from "../format/json-query.js";
import { NullSink, writeJsonDump } from "../format/json-stream.js";
import { Resolver } from "../format/resolve.js";
import { type ColorChoice, makeStyle, type Style } from "../format/style.js";
import { ChunkedSink, type CliIO, UsageError } from "../output.js";
import { isFormatError } from "../../dwarf/errors.js";
import { followSkeletons, packageUnitsOf, type SplitUnits } from "../splitdwarf.js";
import { printQuery, type QueryFlags, queryOf, queryOptions } from "./dump-query.js";

export type DumpArgs = {
  file: string;
  json: boolean;
  "json-lines": boolean;
  raw: boolean;
  color: ColorChoice;
} & Record<DumpPartName, boolean> &
  DebugFileFlags &
  QueryFlags;

const PART_HELP: Record<DumpPartName, string> = {
  info: ".debug_info: units and their DIE trees (attribute names, decoded and resolved values)",
  line: ".debug_line: each line program's header and its rows as a table",
  frame: ".debug_frame and .eh_frame (with .eh_frame_hdr): CIEs, FDEs and the CFA rule rows they produce",
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
  return queryOptions(debugFileOption(b))
    .option("raw", {
      type: "boolean",
      default: false,
      describe: "DIEs as written: each attribute's form, references and file numbers unresolved",
    })
    .option("color", {
      type: "string",
      choices: ["auto", "always", "never"],
      default: "auto",
      describe:
        "colour the text: auto (when standard output is a terminal and NO_COLOR is unset), always, never",
    })
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
        "stream JSON records, one a line (a unit, a line program, up to 1024 line rows, a CIE, an FDE, a list; with a query, each selected DIE): memory stays flat on large binaries",
    })
    .example("$0 dump ./prog --name main.main -c", "main.main's DIE and its children, values resolved")
    .example("$0 dump ./prog --name 'main\\..*' --regex", "every DIE whose name starts with main.")
    .example("$0 dump ./prog --lookup 0x4a1f20", "the function, inlined calls and source line at a pc")
    .example("$0 dump ./prog --unit main -r 1", "the unit of package main and its top-level DIEs")
    .example("$0 dump ./prog --die 0x87e3e -p", "the DIE at that offset and its parents")
    .example("$0 dump ./prog --info --line", "the DIE trees and the line table")
    .example("$0 dump ./prog --info --raw", "the DIE trees as written: forms and raw values")
    .example("$0 dump ./prog --frame", "the CFA tables of .debug_frame and .eh_frame")
    .example("$0 dump ./prog --json | jq '.info[0].root.tag'", 'machine-readable: "DW_TAG_compile_unit"')
    .example(
      "$0 dump ./prog --info --json-lines | jq -c 'select(.kind == \"unit\") | .root.attrs[0]'",
      "one unit a line, streamed",
    )
    .example(
      "$0 dump ./prog --name main.main -c --json-lines | jq -c 'select(.kind == \"selected\") | .die.tag'",
      "a query's answer as records, one selected DIE a line",
    )
    .example(
      "$0 dump ./stripped --line --debug-file-directory ./debug",
      "a stripped file: its DWARF from ./debug/.build-id/xx/rest.debug or its .gnu_debuglink file",
    )
    .epilog(
      'Without a section flag every section is shown. Without --raw, values are resolved: references show the name of the DIE they point at, decl_file and call_file the file\'s path, enumerations their names (DW_LANG_Go, DW_INL_inlined, DW_ATE_signed), location and range lists their entries, registers the names of the file\'s machine. --name, --die, --unit and --lookup print only what they select (spelled as llvm-dwarfdump spells them). With --json a query prints one document of the same schema (its queryDocument: the query as asked, what --lookup found, and each selected DIE with its children to the depth asked; section flags are not shown), with --json-lines the same as records one a line ("query", "lookup", "selected" per DIE, "end"); a query reads every unit before it answers, so its memory grows with the file and a malformed file prints no record at all. Split DWARF: an executable\'s skeleton units are followed to their split units, in FILE.dwp next to it or in each DW_AT_dwo_name .dwo next to it, shown after .debug_info (--json: splitUnits); a .dwo or .dwp given as FILE shows its units alone (addresses as indexes). Compressed sections (SHF_COMPRESSED zlib, .zdebug_*) are inflated. A PE image (recognised by its MZ header: Go\'s windows builds, and `godwarf build --format pe`) is read too: its .debug_* and .zdebug_* sections, and the first line names its CodeView GUID and age. A file without DWARF is read through its separate debug file, looked for as gdb does (by build id, then by .gnu_debuglink with its CRC checked); standard error says which file was read (--json: dwarfFile, dwarfFoundBy), and a file with no DWARF anywhere exits 1. Malformed input is reported as FILE: SECTION+0xOFFSET: problem, exit status 1; --json then prints nothing, --json-lines ends its records with an "error" record.',
    ) as unknown as Argv<DumpArgs>;
}

function styleOf(args: DumpArgs): Style {
  const so = process.stdout;
  return makeStyle(args.color, { isTTY: so.isTTY === true, columns: so.columns, env: process.env });
}

/** Decodes and prints; throws FormatError (and file-system errors) for the caller to report. */
export function runDump(args: DumpArgs, io: CliIO, style: Style = styleOf(args)): number {
  if (args.json && args["json-lines"]) throw new UsageError("--json and --json-lines: give one of them");
  const query = queryOf(args);
  const opened = openDwarf(args.file, args, io);
  const { elf, dwarfFile, foundBy } = opened;
  // The unwind tables are in the loaded image: the executable's, even when DWARF is elsewhere.
  const ds = elf === undefined ? opened.ds : { ...opened.ds, ehFrame: ehFrameSections(elf) };
  const chosen = DUMP_PARTS.filter((p) => args[p.name] && !(query !== undefined && p.name === "info"));
  const all = chosen.length > 0 || query !== undefined ? chosen : DUMP_PARTS;
  // Split DWARF (cli/splitdwarf.ts): a .dwo/.dwp's units, or the split units of the skeletons.
  const showInfo = query === undefined && all.some((p) => p.name === "info");
  const pkg = packageUnitsOf(opened, args.file);
  // Read while decoding (so a malformed skeleton is reported as the rest is), once.
  let followed: { units: SplitUnits | undefined } | undefined;
  const split = (): SplitUnits | undefined => {
    followed ??= { units: pkg ?? (showInfo ? followSkeletons(opened, args.file, io) : undefined) };
    return followed.units;
  };
  // A lone .dwo/.dwp has no .debug_addr or line table: its units are what it shows.
  const parts = pkg === undefined ? all : [];
  if (query === undefined && (args.json || args["json-lines"])) {
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
  // The resolved DIE trees are decoded twice, one unit at a time: first for the index that
  // resolves references between units (which also finds any malformed DIE before output), then to
  // print, so that memory holds one unit's DIEs and the index rather than every tree.
  const streamInfo = query === undefined && !args.raw && parts.some((p) => p.name === "info");
  const { results, units, names, splitUnits } = decodeDwarf(opened, () => {
    const units: Unit[] | undefined = query !== undefined ? readInfo(ds) : undefined;
    let names: DieNameIndex | undefined;
    if (streamInfo) {
      const ix = new DieNameIndex();
      // DIE by DIE: no unit's tree is built, so its objects die young.
      forEachUnit(ds, () => {}, { onDie: (u, d) => ix.addDie(u, d) });
      names = ix;
    }
    const results = parts
      .filter((p) => !(streamInfo && p.name === "info"))
      .map((p) => ({ part: p, value: p.decode(ds) }));
    return { results, units, names, splitUnits: split() };
  });
  // Small chunks: the many short strings of a text dump then die young (1 MiB chunks held them
  // long enough to be promoted, and GC took a third of the time on cmd/go).
  const out = new ChunkedSink((s) => io.stdout(s), args.json || args["json-lines"] ? undefined : 1 << 14);
  if (query !== undefined && units !== undefined) {
    if (args.json || args["json-lines"]) {
      // The answer alone (schema #/$defs/queryDocument, or its records one a line).
      const meta = { file: args.file, dwarfFile, dwarfFoundBy: foundBy };
      writeQueryJson(query, units, ds, meta, out, args["json-lines"]);
      out.flush();
      return 0;
    }
    printQuery(query, units, ds, out, { raw: args.raw, style });
    if (results.length === 0) {
      out.flush();
      return 0;
    }
  }
  const from = foundBy === "self" ? "" : `; DWARF from ${dwarfFile} (by ${foundBy})`;
  if (query === undefined)
    out.write(`${args.file}: ${opened.container}${ds.arch === undefined ? "" : `, ${ds.arch}`}${from}\n`);
  if (names !== undefined) {
    out.write(`\n${style.head(".debug_info")}\n`);
    const w = new DieWriter(new Resolver(ds, names), style, out);
    // Each DIE printed as it is read (a parent before its children, as DieWriter.tree prints).
    decodeDwarf(opened, () =>
      forEachUnit(
        ds,
        (u) => {
          if (u.root === undefined) w.unitHeader(u);
        },
        {
          onDie: (u, d, depth) => {
            if (depth === 0) w.unitHeader(u);
            w.die(u, d, depth);
          },
        },
      ),
    );
  }
  for (const { part, value } of results) {
    out.write(`\n${style.head(part.title)}\n`);
    part.text(value, out, ds);
  }
  if (splitUnits !== undefined) printSplitUnits(splitUnits, out, ds.littleEndian);
  out.flush();
  return 0;
}
