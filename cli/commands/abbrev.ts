/**
 * `godwarf abbrev`: the .debug_abbrev bytes Go 1.26 writes (cmd/internal/dwarf GetAbbrev), raw or
 * as hex. A thin wrapper over dwarf/abbrev.ts getAbbrev.
 */
import type { Argv } from "yargs";
import { getAbbrev } from "../../dwarf/abbrev.js";
import { toHex } from "../../elf/notes.js";
import type { CliIO } from "../output.js";

export interface AbbrevArgs {
  dwarf: 4 | 5;
  hex: boolean;
}

/** The command's output: raw bytes, or lowercase hex and a newline. */
export function abbrevOutput(args: AbbrevArgs): string | Uint8Array {
  const b = getAbbrev({ dwarf5: args.dwarf === 5 });
  return args.hex ? `${toHex(b)}\n` : b;
}

export function abbrevBuilder(y: Argv): Argv<AbbrevArgs> {
  return y
    .option("dwarf", {
      choices: [4, 5] as const,
      default: 5 as const,
      describe: "DWARF version: 5 (Go's default) or 4 (GOEXPERIMENT=nodwarf5)",
    })
    .option("hex", { type: "boolean", default: false, describe: "print lowercase hex instead of raw bytes" })
    .example("$0 abbrev --hex", "the DWARF 5 table as hex")
    .example("$0 abbrev --dwarf 4 > abbrev4.bin", "the DWARF 4 table, raw")
    .example(
      "$0 abbrev | cmp - table.bin",
      "compare with bytes taken from a Go binary",
    ) as unknown as Argv<AbbrevArgs>;
}

export function runAbbrev(args: AbbrevArgs, io: CliIO): number {
  io.stdout(abbrevOutput(args));
  return 0;
}
