/**
 * `godwarf dump FILE`: decodes the DWARF of an ELF file with dwarf/read and prints it, as text or
 * as one JSON document; or answers a query about its DIEs (dump-query.ts). A stripped executable's
 * DWARF is read from its separate debug file, found as gdb finds it (cli/debugfile.ts); a file with
 * no DWARF anywhere is an error. All decoding happens before any output, so a malformed file yields
 * an error and no partial dump.
 */
import type { Argv } from "yargs";
import type { Unit } from "../../dwarf/read/model.js";
import { forEachUnit, readInfo } from "../../dwarf/read/info.js";
import { DieNameIndex } from "../../dwarf/read/names.js";
import { ehFrameSections } from "../../elf/ehframe.js";
import { type DebugFileFlags, debugFileOption, decodeDwarf, openDwarf } from "../debugfile.js";
import { DieWriter } from "../format/dies.js";
import { DUMP_PARTS, type DumpPartName } from "../format/parts.js";
import { Resolver } from "../format/resolve.js";
import { type ColorChoice, makeStyle, type Style } from "../format/style.js";
import { ChunkedSink, type CliIO } from "../output.js";
import { printQuery, type QueryFlags, queryOf, queryOptions } from "./dump-query.js";

export type DumpArgs = { file: string; json: boolean; raw: boolean; color: ColorChoice } & Record<
  DumpPartName,
  boolean
> &
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
    describe: "an ELF file with DWARF (executable, shared object or .debug file)",
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
    .option("json", { type: "boolean", default: false, describe: "print one JSON document instead of text" })
    .example("$0 dump ./prog --name main.main -c", "main.main's DIE and its children, values resolved")
    .example("$0 dump ./prog --name 'main\\..*' --regex", "every DIE whose name starts with main.")
    .example("$0 dump ./prog --lookup 0x4a1f20", "the function, inlined calls and source line at a pc")
    .example("$0 dump ./prog --unit main -r 1", "the unit of package main and its top-level DIEs")
    .example("$0 dump ./prog --die 0x87e3e -p", "the DIE at that offset and its parents")
    .example("$0 dump ./prog --info --line", "the DIE trees and the line table")
    .example("$0 dump ./prog --info --raw", "the DIE trees as written: forms and raw values")
    .example("$0 dump ./prog --frame", "the CFA tables of .debug_frame and .eh_frame")
    .example(
      "$0 dump ./prog --json | jq '.units[0].root.tag'",
      'machine-readable; bigints beyond 2^53 are "0x..." strings',
    )
    .example(
      "$0 dump ./stripped --line --debug-file-directory ./debug",
      "a stripped file: its DWARF from ./debug/.build-id/xx/rest.debug or its .gnu_debuglink file",
    )
    .epilog(
      "Without a section flag every section is shown. Without --raw, values are resolved: references show the name of the DIE they point at, decl_file and call_file the file's path, enumerations their names (DW_LANG_Go, DW_INL_inlined, DW_ATE_signed), location and range lists their entries, registers the names of the file's machine. --name, --die, --unit and --lookup print only what they select (spelled as llvm-dwarfdump spells them). Compressed sections (SHF_COMPRESSED zlib, .zdebug_*) are inflated. A file without DWARF is read through its separate debug file, looked for as gdb does (by build id, then by .gnu_debuglink with its CRC checked); standard error says which file was read (--json: dwarfFile, dwarfFoundBy), and a file with no DWARF anywhere exits 1. Malformed input is reported as FILE: SECTION+0xOFFSET: problem, exit status 1.",
    ) as unknown as Argv<DumpArgs>;
}

function styleOf(args: DumpArgs): Style {
  const so = process.stdout;
  return makeStyle(args.color, { isTTY: so.isTTY === true, columns: so.columns, env: process.env });
}

/** Decodes and prints; throws FormatError (and file-system errors) for the caller to report. */
export function runDump(args: DumpArgs, io: CliIO, style: Style = styleOf(args)): number {
  const query = queryOf(args);
  const opened = openDwarf(args.file, args, io);
  const { elf, dwarfFile, foundBy } = opened;
  // The unwind tables are in the loaded image: the executable's, even when DWARF is elsewhere.
  const ds = { ...opened.ds, ehFrame: ehFrameSections(elf) };
  const chosen = DUMP_PARTS.filter((p) => args[p.name] && !(query !== undefined && p.name === "info"));
  const parts = chosen.length > 0 || query !== undefined ? chosen : DUMP_PARTS;
  const resolvedInfo = !args.raw && !args.json;
  // Decode everything first: an error must not leave half a document on stdout.
  // The resolved DIE trees are decoded twice, one unit at a time: first for the index that
  // resolves references between units (which also finds any malformed DIE before output), then to
  // print, so that memory holds one unit's DIEs and the index rather than every tree.
  const streamInfo = query === undefined && resolvedInfo && parts.some((p) => p.name === "info");
  const { results, units, names } = decodeDwarf(opened, () => {
    const units: Unit[] | undefined = query !== undefined ? readInfo(ds) : undefined;
    let names: DieNameIndex | undefined;
    if (streamInfo) {
      const ix = new DieNameIndex();
      forEachUnit(ds, (u) => ix.add(u));
      names = ix;
    }
    const results = parts
      .filter((p) => !(streamInfo && p.name === "info"))
      .map((p) => ({ part: p, value: p.decode(ds) }));
    return { results, units, names };
  });
  // Small chunks: the many short strings of a text dump then die young (1 MiB chunks held them
  // long enough to be promoted, and GC took a third of the time on cmd/go).
  const out = new ChunkedSink((s) => io.stdout(s), args.json ? undefined : 1 << 14);
  if (query !== undefined && units !== undefined) {
    printQuery(query, units, ds, out, { raw: args.raw, json: args.json, style });
    if (results.length === 0) {
      out.flush();
      return 0;
    }
  }
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
    if (query === undefined)
      out.write(
        `${args.file}: ELF${elf.header.class === 2 ? 64 : 32}, ${elf.littleEndian ? "little" : "big"} endian${ds.arch === undefined ? "" : `, ${ds.arch}`}${from}\n`,
      );
    if (names !== undefined) {
      out.write(`\n${style.head(".debug_info")}\n`);
      const w = new DieWriter(new Resolver(ds, names), style, out);
      decodeDwarf(opened, () =>
        forEachUnit(ds, (u) => {
          w.unitHeader(u);
          if (u.root !== undefined) w.tree(u, u.root, 0, Number.POSITIVE_INFINITY);
        }),
      );
    }
    for (const { part, value } of results) {
      out.write(`\n${style.head(part.title)}\n`);
      part.text(value, out, ds);
    }
  }
  out.flush();
  return 0;
}
