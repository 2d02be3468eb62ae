/**
 * The CLI proper, separate from cli/main.ts so tests can run it in-process: parses arguments with
 * yargs, runs a command, and turns every failure into a one-line message and an exit status
 * (0 success, 1 bad input or unreadable file, 2 bad usage). Stack traces only with GODWARF_DEBUG=1.
 */
import yargs from "yargs";
import { isFormatError } from "../dwarf/errors.js";
import { abbrevBuilder, runAbbrev } from "./commands/abbrev.js";
import { type DumpArgs, dumpBuilder, runDump } from "./commands/dump.js";
import { type CliIO, processIO } from "./output.js";

const INTRO = `$0 <command> [options]

A faithful TypeScript model of the Go toolchain's DWARF generation. These commands show what Go
writes (abbrev) and decode what a binary carries (dump).`;

/** Runs the CLI on `argv` (without the node and script arguments); resolves to the exit status. */
export function runCli(argv: readonly string[], io: CliIO = processIO): number {
  let status = 0;
  const env = process.env;
  const guard = (file: string | undefined, f: () => number): void => {
    try {
      status = f();
    } catch (e) {
      status = 1;
      io.stderr(`godwarf: ${describeError(e, file)}\n`);
      if (env.GODWARF_DEBUG === "1" && e instanceof Error && e.stack !== undefined) io.stderr(`${e.stack}\n`);
    }
  };
  const parser = yargs()
    .scriptName("godwarf")
    .usage(INTRO)
    .command("abbrev", "print Go 1.26's .debug_abbrev table (raw bytes, or --hex)", abbrevBuilder, (a) =>
      guard(undefined, () => runAbbrev({ dwarf: a.dwarf, hex: a.hex }, io)),
    )
    .command("dump <file>", "decode the DWARF sections of an ELF file (text or --json)", dumpBuilder, (a) =>
      guard(a.file, () => runDump(a as unknown as DumpArgs, io)),
    )
    .demandCommand(1, "Give a command: abbrev or dump.")
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false);
  parser.parse([...argv], {}, (err, _args, output) => {
    if (err) {
      status = 2;
      io.stderr(output.endsWith("\n") ? output : `${output}\n`);
    } else if (output !== "") {
      // --help
      io.stdout(output.endsWith("\n") ? output : `${output}\n`);
    }
  });
  return status;
}

/** One line: "FILE: SECTION+0xOFF: problem" for bad input, "FILE: reason" for I/O errors. */
export function describeError(e: unknown, file: string | undefined): string {
  if (isFormatError(e)) {
    if (file !== undefined) e.inFile(file);
    return oneLine(e.message);
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && e instanceof Error && "syscall" in e) {
    const reason: Record<string, string> = {
      ENOENT: "no such file",
      EACCES: "permission denied",
      EISDIR: "is a directory",
    };
    return oneLine(`${file ?? ""}: ${reason[code] ?? e.message}`);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return oneLine(`${file !== undefined ? `${file}: ` : ""}internal error: ${msg}`);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}
