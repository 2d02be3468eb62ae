/**
 * `godwarf objdump FILE`: an object file (or a program IR, compiled in memory with provenance)
 * shown symbol by symbol with its DWARF bytes decoded (compiler/objfile/dump.ts); --explain adds
 * offsets, bytes and the modelled Go function that wrote each item, --json prints the structure.
 */
import type { Argv } from "yargs";
import { objdump, objdumpJson } from "../../compiler/objfile/dump.js";
import { symbolTable } from "../../compiler/objfile/symtab.js";
import { type JsonValue, stableJson } from "../../compiler/objfile/jsontext.js";
import { CliError, type CliIO } from "../output.js";
import { loadObjectOrProgram } from "./program.js";

export interface ObjdumpArgs {
  file: string;
  explain: boolean;
  json: boolean;
  sym: string | undefined;
}

export function objdumpBuilder(y: Argv): Argv<ObjdumpArgs> {
  return y
    .positional("file", {
      type: "string",
      demandOption: true,
      describe:
        "an object file from `godwarf compile`, or a program IR (compiled in memory, with provenance)",
    })
    .option("explain", {
      type: "boolean",
      default: false,
      describe: "show each item's offset and bytes, and the modelled Go function that wrote them",
    })
    .option("sym", {
      type: "string",
      requiresArg: true,
      describe:
        "only this symbol and its DWARF aux symbols (info, loc, ranges, lines), as in `godwarf goobj --sym`",
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the decoded structure as one JSON document",
    })
    .example("$0 objdump --explain testdata/ir/sample.json", "compile in memory; who wrote every byte")
    .example(
      "$0 objdump --explain testdata/ir/sample.json --sym main.sumSquares",
      "one function: its code's positions, then its DIEs, location lists, ranges and line program",
    )
    .example("$0 objdump prog.obj.json", "every symbol, its relocations, its DWARF decoded")
    .example("$0 objdump prog.obj.json --json | jq '.symbols[1].decoded'", "the decoded structure, as data")
    .epilog(
      "DIE symbols are decoded with Go's abbrev table for the object's DWARF version; a value under a relocation shows the relocation's target (the bytes are placeholders until the linker patches them). Line-program fragments show each opcode and the rows it makes; location and range lists their entries and expressions. --explain needs provenance: `godwarf compile --provenance`, or give the program IR itself. Malformed input is reported as FILE: /json/pointer: problem (or FILE: SYMBOL+0xOFFSET: problem for bad DWARF bytes), exit status 1.",
    ) as unknown as Argv<ObjdumpArgs>;
}

export function runObjdump(args: ObjdumpArgs, io: CliIO): number {
  const obj = loadObjectOrProgram(args.file);
  if (args.sym !== undefined && !symbolTable(obj).entries.some((e) => e.sym.name === args.sym))
    throw new CliError(`${args.file}: no symbol named ${args.sym}`);
  // Decode everything before writing: a malformed symbol must not leave half a dump.
  const out = args.json
    ? stableJson(objdumpJson(obj) as unknown as JsonValue)
    : objdump(obj, { explain: args.explain, ...(args.sym !== undefined && { sym: args.sym }) });
  io.stdout(out);
  return 0;
}
