/**
 * The CLI proper, separate from cli/main.ts so tests can run it in-process: parses arguments with
 * yargs, runs a command, and turns every failure into a one-line message and an exit status
 * (0 success, 1 bad input or unreadable file, 2 bad usage). Stack traces only with GODWARF_DEBUG=1.
 */
import yargs, { type Argv } from "yargs";
import { isIrError } from "../compiler/ir-error.js";
import { isObjJsonError } from "../compiler/objfile/errors.js";
import { isFormatError } from "../dwarf/errors.js";
import { commandModule as m } from "./commands/index.js";
import { goStyleFlags } from "./flags/gostyle.js";
import { CliError, type CliIO, processIO, UsageError } from "./output.js";
import { checkFlags, type FlagSpec, flagSpec } from "./usage.js";

const INTRO = `$0 <command> [options]

A faithful TypeScript model of the Go toolchain's DWARF generation. Start with \`godwarf demo\`: it
builds the sample program and tours its DWARF. These commands show what Go writes (abbrev), decode
what a binary carries (dump), compile a program IR to an object (compile), show an object's DWARF
symbols byte by byte (objdump), link objects or programs into an ELF executable (link, build),
list the source URLs its line tables carry (source-url), and browse a program's or binary's DWARF in
an HTML page that names the Go function behind every byte (explore).`;

/** The part of yargs's internals the handler touches (see guard). */
interface YargsInternals {
  getUsageInstance?: () => { cacheHelpMessage: () => void };
}

const COMMANDS = [
  "abbrev",
  "dump",
  "source-url",
  "compile",
  "objdump",
  "conform",
  "goobj",
  "link",
  "build",
  "demo",
  "goobjs",
  "split",
  "capture",
  "explore",
];

/** Runs the CLI on `argv` (without the node and script arguments); resolves to the exit status. */
export function runCli(argv: readonly string[], io: CliIO = processIO): number {
  let status = 0;
  const env = process.env;
  const args = goStyleFlags(argv);
  // The command is the first word that is not a flag (no global flag takes a value).
  const cmdAt = args.findIndex((a) => !a.startsWith("-"));
  const word = cmdAt < 0 ? undefined : args[cmdAt];
  const command = word !== undefined && COMMANDS.includes(word) ? word : undefined;
  const helpFor = command === undefined ? "godwarf --help" : `godwarf ${command} --help`;
  const usage = (message: string): void => {
    status = 2;
    io.stderr(`godwarf: ${oneLine(message)}\nRun "${helpFor}" for usage.\n`);
  };
  // Each command's flags, recorded when yargs runs its builder, for the checks yargs does not make.
  let spec: FlagSpec | undefined;
  const checked = <T>(builder: (y: Argv) => Argv<T>, mayBeEmpty: readonly string[] = []) => {
    return (y: Argv): Argv<T> => {
      const b = builder(y);
      spec = flagSpec(b as Argv<unknown>, mayBeEmpty);
      return b;
    };
  };
  const guard = (file: string | undefined, f: () => number): void => {
    try {
      if (spec !== undefined) checkFlags(args.slice(cmdAt + 1), spec);
      status = f();
      // yargs renders the command's whole help after its handler, only to cache it for a later
      // parse (usage.js cacheHelpMessage); there is none, so that rendering (every line's width,
      // ~40 ms a run) is skipped. An internal of yargs 18: if it goes, the help is rendered again.
      const internals = (
        parser as unknown as { getInternalMethods?: () => YargsInternals }
      ).getInternalMethods?.();
      const help = internals?.getUsageInstance?.();
      if (help !== undefined) help.cacheHelpMessage = () => {};
    } catch (e) {
      if (e instanceof UsageError) {
        usage(e.message);
        return;
      }
      status = 1;
      io.stderr(`godwarf: ${describeError(e, file)}\n`);
      if (env.GODWARF_DEBUG === "1" && e instanceof Error && e.stack !== undefined) io.stderr(`${e.stack}\n`);
    }
  };
  const parser = yargs()
    .scriptName("npx godwarf")
    .usage(INTRO)
    .command(
      "abbrev",
      "print Go 1.26's .debug_abbrev table (raw bytes, or --hex)",
      checked((y) => m("abbrev").abbrevBuilder(y)),
      (a) => guard(undefined, () => m("abbrev").runAbbrev({ dwarf: a.dwarf, hex: a.hex }, io)),
    )
    .command(
      "dump <file>",
      "decode the DWARF sections of an ELF file (text or --json)",
      checked((y) => m("dump").dumpBuilder(y)),
      (a) => guard(a.file, () => m("dump").runDump(a as never, io)),
    )
    .command(
      "source-url <file> [path]",
      "the source URLs in a file's line tables (from --source-link): every file's, or PATH's",
      checked((y) => m("source-url").sourceUrlBuilder(y)),
      (a) => guard(a.file, () => m("source-url").runSourceUrl(a as never, io)),
    )
    .command(
      "compile <program>",
      "compile a program IR (JSON) to an object file: its DWARF symbols and relocations",
      checked((y) => m("compile").compileBuilder(y)),
      (a) => guard(a.program, () => m("compile").runCompile(a as never, io)),
    )
    .command(
      "objdump <file>",
      "show an object's symbols with their DWARF bytes decoded (--explain: who wrote each byte)",
      checked((y) => m("objdump").objdumpBuilder(y)),
      (a) => guard(a.file, () => m("objdump").runObjdump(a as never, io)),
    )
    .command(
      "conform [binary]",
      "link a Go program's real objects with the model and compare every DWARF section with Go's",
      checked((y) => m("conform").conformBuilder(y)),
      (a) => guard(a.binary, () => m("conform").runConform(a as never, io)),
    )
    .command(
      "goobj <file>",
      "show a real Go object file or package archive: symbols, relocations, aux links, DWARF decoded",
      checked((y) => m("goobj").goobjBuilder(y)),
      (a) => guard(a.file, () => m("goobj").runGoobj(a as never, io)),
    )
    .command(
      "link <objects..>",
      "link objects (.obj.json) into an ELF executable, as Go's linker does (-w, -s, --build-id, ...)",
      checked((y) => m("link").linkBuilder(y), ["go-build-id"]),
      (a) => guard(a.objects[0], () => m("link").runLink(a as never, io)),
    )
    .command(
      "build <programs..>",
      "compile program IRs and link them into an ELF executable in one go",
      checked((y) => m("link").buildBuilder(y), ["go-build-id"]),
      (a) => guard(a.programs[0], () => m("link").runBuild(a as never, io)),
    )
    .command(
      "split <file>",
      "split a Go executable into a stripped executable and its debug file (golang/go#51692), image unmoved",
      checked((y) => m("split").splitBuilder(y)),
      (a) => guard(a.file, () => m("split").runSplit(a as never, io)),
    )
    .command(
      "explore <file>",
      "an HTML page (or --serve) to explore a program's, object's or binary's DIEs, bytes, writers and lines",
      checked((y) => m("explore").exploreBuilder(y)),
      (a) => guard(a.file, () => m("explore").runExplore(a as never, io)),
    )
    .command(
      "demo",
      "build the embedded sample program, write it out, and tour its DWARF (start here)",
      checked((y) => m("demo").demoBuilder(y)),
      (a) => guard(undefined, () => m("demo").runDemo(a as never, io)),
    )
    .command(
      "capture",
      "build with an instrumented copy of the machine's cmd/compile and keep what its DWARF generation was given",
      checked((y) => m("capture").captureBuilder(y)),
      (a) => guard(undefined, () => m("capture").runCapture(a as never, io)),
    )
    .command(
      "goobjs",
      "build a program with the machine's Go and copy out the package archives its link used",
      checked((y) => m("goobjs").goobjsBuilder(y)),
      (a) => guard(undefined, () => m("goobjs").runGoobjs(a as never, io)),
    )
    .demandCommand(
      1,
      "Give a command: demo, abbrev, dump, explore, source-url, compile, objdump, link, build, split, goobj, goobjs, capture or conform.",
    )
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false);
  parser.parse(args, {}, (err, _args, output) => {
    if (err) {
      // One line naming the problem, not the whole help text. Our checks first: yargs would
      // blame "=" for -s=, where the flag is at fault.
      try {
        if (spec !== undefined) checkFlags(args.slice(cmdAt + 1), spec);
      } catch (e) {
        if (e instanceof UsageError) {
          usage(e.message);
          return;
        }
        throw e;
      }
      usage(command === undefined ? err.message : `${command}: ${err.message}`);
    } else if (output !== "") {
      // --help
      io.stdout(output.endsWith("\n") ? output : `${output}\n`);
    }
  });
  return status;
}

/** One line: "FILE: SECTION+0xOFF: problem" for bad input, "FILE: reason" for I/O errors. */
export function describeError(e: unknown, file: string | undefined): string {
  // Both already name their file (and a JSON path or the problem's place).
  if (isObjJsonError(e) || isIrError(e) || e instanceof CliError) return oneLine(e.message);
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
