/**
 * `godwarf compile PROGRAM.json -o OUT.obj.json`: validates a program IR, compiles it with the
 * model of cmd/compile's DWARF generation (compiler/gc/compile.ts) and writes the object as JSON
 * (compiler/objfile). The output is written atomically (a temporary file renamed into place), so a
 * failure never leaves a half-written object, and the same program always gives the same bytes.
 */
import type { Argv } from "yargs";
import { parseIr } from "../../compiler/ir-validate.js";
import { objToJsonText } from "../../compiler/objfile/json.js";
import { type CliIO, sameFile, UsageError } from "../output.js";
import { writeOutput } from "../outputs.js";
import { compileProgram, readInputText } from "./program.js";

export interface CompileArgs {
  program: string;
  output: string;
  provenance: boolean;
}

export function compileBuilder(y: Argv): Argv<CompileArgs> {
  return y
    .positional("program", {
      type: "string",
      demandOption: true,
      describe: "a program IR document (JSON; see compiler/ir.ts and testdata/ir/)",
    })
    .option("output", {
      alias: "o",
      type: "string",
      demandOption: true,
      requiresArg: true,
      describe: 'where to write the object (JSON); "-" for standard output',
    })
    .option("provenance", {
      type: "boolean",
      default: false,
      describe: "record which modelled Go function wrote each byte (shown by objdump --explain)",
    })
    .example("$0 compile prog.json -o prog.obj.json", "compile a program IR to an object file")
    .example("$0 compile prog.json -o prog.obj.json --provenance", "also record who wrote each byte")
    .example("$0 objdump --explain prog.obj.json", "then see which compiler step wrote every DWARF byte")
    .example("$0 compile prog.json -o - | jq '.symbols[].label'", "the object on standard output")
    .epilog(
      "The object lists every symbol the package defines or refers to: text symbols with their DWARF aux symbols (info, loc, ranges, lines), data symbols, and referenced-only symbols (defined: false), each with its kind, attributes, bytes (hex) and relocations. The same program always gives the same bytes. A malformed program is reported as FILE: /json/pointer: problem, exit status 1.",
    ) as unknown as Argv<CompileArgs>;
}

export function runCompile(args: CompileArgs, io: CliIO): number {
  // Checked here, not in a yargs check(): the handler must never run past it.
  if (args.output !== "-" && sameFile(args.program, args.output))
    throw new UsageError(`compile: the output (-o ${args.output}) must not be the input program`);
  const text = readInputText(args.program);
  const obj = compileProgram(parseIr(text, args.program), args.program, args.provenance);
  const out = objToJsonText(obj);
  if (args.output === "-") {
    io.stdout(out);
    return 0;
  }
  writeOutput(args.output, out);
  return 0;
}
