/**
 * `--format elf|macho|pe` for `godwarf link` and `godwarf build`: the one place the output container
 * is chosen. elf (the default) is Go's linux layout; macho is darwin/amd64 (cli/commands/link-macho.ts);
 * pe is windows/amd64.
 */
import type { Argv } from "yargs";

export const OUTPUT_FORMATS = ["elf", "macho", "pe"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatFlags {
  format: OutputFormat;
}

/** Adds --format to a command's options. */
export function formatOption<T>(y: Argv<T>): Argv<T & FormatFlags> {
  return y.option("format", {
    type: "string",
    choices: OUTPUT_FORMATS,
    default: "elf",
    describe:
      "the executable's container: elf (linux/amd64, the default), macho (darwin/amd64: DWARF 4 by default as Go for darwin; --debug dsym writes OUT.dSYM), pe (windows/amd64)",
  }) as unknown as Argv<T & FormatFlags>;
}
