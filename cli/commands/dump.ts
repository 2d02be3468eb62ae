/**
 * `godwarf dump FILE`: decodes the DWARF of an ELF file with dwarf/read and prints it, as text or
 * as one JSON document. All decoding happens before any output, so a malformed file yields an
 * error and no partial dump.
 */
import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { dwarfSections, readElf } from "../../elf/reader.js";
import { DUMP_PARTS, type DumpPartName } from "../format/parts.js";
import { ChunkedSink, type CliIO } from "../output.js";

export type DumpArgs = { file: string; json: boolean } & Record<DumpPartName, boolean>;

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
  return b
    .option("json", { type: "boolean", default: false, describe: "print one JSON document instead of text" })
    .example("$0 dump ./prog", "everything, as text")
    .example("$0 dump ./prog --info --line", "the DIE trees and the line table")
    .example(
      "$0 dump ./prog --json | jq '.units[0].root.tag'",
      'machine-readable; bigints beyond 2^53 are "0x..." strings',
    )
    .epilog(
      "Without a section flag every section is shown. Compressed sections (SHF_COMPRESSED zlib, .zdebug_*) are inflated. Malformed input is reported as FILE: SECTION+0xOFFSET: problem, exit status 1.",
    ) as unknown as Argv<DumpArgs>;
}

/** Decodes and prints; throws FormatError (and file-system errors) for the caller to report. */
export function runDump(args: DumpArgs, io: CliIO): number {
  const bytes = readFileSync(args.file);
  const elf = readElf(bytes, args.file);
  const ds = dwarfSections(elf);
  const chosen = DUMP_PARTS.filter((p) => args[p.name]);
  const parts = chosen.length > 0 ? chosen : DUMP_PARTS;
  // Decode everything first: an error must not leave half a document on stdout.
  const results = parts.map((p) => ({ part: p, value: p.decode(ds) }));
  const out = new ChunkedSink((s) => io.stdout(s));
  if (args.json) {
    out.write(`{"file":${JSON.stringify(args.file)}`);
    for (const { part, value } of results) {
      out.write(`,${JSON.stringify(part.jsonKey)}:`);
      part.json(value, out, ds);
    }
    out.write("}\n");
  } else {
    out.write(
      `${args.file}: ELF${elf.header.class === 2 ? 64 : 32}, ${elf.littleEndian ? "little" : "big"} endian\n`,
    );
    for (const { part, value } of results) {
      out.write(`\n${part.title}\n`);
      part.text(value, out, ds);
    }
  }
  out.flush();
  return 0;
}
