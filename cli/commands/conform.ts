/**
 * `godwarf conform`: does the model link the real compiler's objects into the DWARF Go's linker
 * wrote? Builds (or rebuilds) the program with the machine's Go, takes the archives its link used
 * (cli/go/collect.ts), links them with the model (conform/pipeline.ts) and compares every
 * `.debug_*` section, decompressed and as stored, with the binary. Exit 0 only when all are
 * identical.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { profileForGoVersion } from "../../compiler/profile.js";
import { type ConformLinkInput, type ConformLinkResult, conformLink } from "../../conform/pipeline.js";
import { formatReport, reportJson } from "../../conform/report.js";
import { FormatError } from "../../dwarf/errors.js";
import { type ElfFile, readElf } from "../../elf/reader.js";
import type { GoArchive } from "../../linker/goload.js";
import { LinkError } from "../../linker/load.js";
import { readBuildInfo } from "../go/buildinfo.js";
import { runCompilerConform } from "../go/conform-compiler.js";
import { type Collected, collect, disposeCollected } from "../go/collect.js";
import { goUnquoteBytes } from "../go/quote.js";
import { planRebuild } from "../go/rebuild.js";
import type { GoEnv } from "../go/run.js";
import { readElfInput } from "../input.js";
import { CliError, type CliIO, processIO, UsageError } from "../output.js";
import { fsReason } from "../outputs.js";

export interface ConformArgs {
  binary: string | undefined;
  compiler?: string | undefined;
  json: boolean;
  "layout-from": string | undefined;
  "--"?: (string | number)[];
}

/** The version of the --json document (bump on incompatible changes). */
export const CONFORM_SCHEMA_VERSION = 1;

export function conformBuilder(y: Argv): Argv<ConformArgs> {
  return y
    .usage(
      "$0 conform [BINARY] [--json] [-- go build ARGS]\n\nLink a Go program's real objects with the model and compare every DWARF section with Go's.",
    )
    .parserConfiguration({ "populate--": true })
    .positional("binary", {
      type: "string",
      describe: "a Go executable to check: rebuilt from its build info in the current directory's module",
    })
    .option("json", { type: "boolean", default: false, describe: "print the report as one JSON document" })
    .option("compiler", {
      type: "string",
      requiresArg: true,
      describe:
        "check the compiler model instead: compile every package of a capture directory (godwarf capture) with the model and compare each DWARF symbol with the real object's",
    })
    .option("layout-from", {
      type: "string",
      requiresArg: true,
      describe:
        "take text and data addresses from this binary's .symtab (usually the binary compared) instead of the model's layout",
    })
    .example("$0 conform -- go build ./cmd/x", "build ./cmd/x, link its objects with the model, compare")
    .example("GOEXPERIMENT=nodwarf5 $0 conform -- -gcflags='all=-N -l' .", "DWARF 4, unoptimized")
    .example("$0 conform --compiler cap", "the compiler model against the packages captured in cap/")
    .example("$0 conform ./x", "rebuild ./x from its build info here (same flags, same Go) and compare")
    .example("$0 conform --json -- . | jq '.sections[] | select(.equal | not)'", "the differing sections")
    .epilog(
      "The objects come from the machine's go (the same archives its linker read, checked against importcfg.link). The model runs cmd/link's phases on them: loadlib, deadcode, the text and data layout, dwarfGenerateDebugInfo, dwarfGenerateDebugSyms and dwarfcompress. Per section the report gives identical bytes / total, for the compressed bytes too, and the first difference decoded (unit, DIE path and attribute, line opcode, FDE, list entry; both values). Internal linking on linux/amd64 of Go 1.26 only: cgo's host objects and the dynamic-linking tables are laid out by the model too; an externally linked build (cgo outside the standard library links externally unless -ldflags=-linkmode=internal) is refused. Exit status: 0 identical, 1 different or an error, 2 bad usage.",
    ) as unknown as Argv<ConformArgs>;
}

export function runConform(
  args: ConformArgs,
  io: CliIO,
  where: GoEnv = { cwd: process.cwd(), env: process.env },
): number {
  const words = (args["--"] ?? []).map(String);
  if (args.compiler !== undefined) {
    if (args.binary !== undefined || words.length > 0)
      throw new UsageError("--compiler DIR compares a capture; give no BINARY and no go build arguments");
    return runCompilerConform(resolve(where.cwd, args.compiler), args.json, io);
  }
  if ((args.binary === undefined) === (words.length === 0))
    throw new UsageError("give a BINARY to rebuild, or the go build arguments after --, not both");
  const tty = io === processIO && process.stderr.isTTY === true;
  const progress = (s: string): void => {
    if (tty) io.stderr(`\r\x1b[K${s}`);
  };
  let c: Collected;
  let binaryFile: string;
  try {
    progress("building...");
    if (args.binary !== undefined) {
      binaryFile = resolve(where.cwd, args.binary);
      const info = readBuildInfo(binaryFile, where);
      const plan = planRebuild(info, where);
      for (const w of plan.warnings) io.stderr(`godwarf: ${args.binary}: ${w}\n`);
      c = collect(
        plan.args,
        { cwd: plan.cwd, env: { ...where.env, ...plan.env } },
        { onProgress: (n) => progress(`building... ${n} packages compiled`) },
      );
    } else {
      c = collect(words, where, { onProgress: (n) => progress(`building... ${n} packages compiled`) });
      binaryFile = c.binary;
    }
  } finally {
    progress("");
  }
  try {
    checkTarget(c);
    progress("linking with the model...");
    const layoutFrom =
      args["layout-from"] === undefined ? undefined : resolve(where.cwd, args["layout-from"]);
    const result = conformOf(c, binaryFile, layoutFrom);
    progress("");
    const shown = args.binary ?? `${c.mainPkg} (go build ${c.args.join(" ")})`;
    if (args.json) io.stdout(`${JSON.stringify(jsonOf(c, shown, result), null, 2)}\n`);
    else io.stdout(textOf(c, shown, result));
    return result.equal ? 0 : 1;
  } finally {
    progress("");
    disposeCollected(c);
  }
}

/** What the model links: linux/amd64 internal links of a Go release it reads. */
function checkTarget(c: Collected): void {
  if (`${c.goos}/${c.goarch}` !== "linux/amd64")
    throw new CliError(`${c.mainPkg}: built for ${c.goos}/${c.goarch}; the model links linux/amd64 only`);
  if (profileForGoVersion(c.goVersion)?.objabi === undefined)
    throw new CliError(`${c.mainPkg}: built by ${c.goVersion}; the model reads Go 1.26 objects`);
  const external = c.link.args.some((a) => /^--?linkmode(=|$)/.test(a) && /external/.test(a));
  const idx = c.link.args.findIndex((a) => /^--?linkmode$/.test(a));
  if (external || (idx >= 0 && c.link.args[idx + 1] === "external"))
    throw new CliError(
      `${c.mainPkg}: linked externally (-linkmode=external); the model links internally only: build with CGO_ENABLED=0 or -ldflags=-linkmode=internal`,
    );
}

function conformOf(c: Collected, binaryFile: string, layoutFromFile: string | undefined): ConformLinkResult {
  const inp = conformInput(c, binaryFile);
  if (layoutFromFile !== undefined)
    inp.layoutFrom = layoutFromFile === binaryFile ? inp.elf : readBinary(layoutFromFile);
  try {
    return conformLink(inp);
  } catch (e) {
    // What Go's linker would refuse, or what the model does not link (an external link).
    if (e instanceof LinkError) throw new CliError(`${c.mainPkg}: ${e.message}`);
    throw e;
  }
}

export interface ConformInputOptions {
  /** Change an archive's bytes as they are read (tests: a mutated object). */
  patch?: (pkg: string, bytes: Uint8Array) => Uint8Array;
  /** The link's arguments, in place of the collected ones. */
  linkArgs?: readonly string[];
}

/** What conformLink needs, from a collected build and the binary to compare with. */
export function conformInput(
  c: Collected,
  binaryFile: string,
  opts: ConformInputOptions = {},
): ConformLinkInput {
  const archive = (pkg: string): GoArchive | undefined => {
    const file = c.importcfg.get(pkg);
    if (file === undefined) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new CliError(`${file}: cannot read the archive of ${pkg}: ${fsReason(e)}`);
    }
    return { pkg, file, bytes: opts.patch === undefined ? bytes : opts.patch(pkg, bytes) };
  };
  const main = archive(c.mainPkg);
  if (main === undefined) throw new CliError(`${c.mainPkg}: not in the link's importcfg`);
  return {
    main,
    archiveOf: archive,
    elf: readBinary(binaryFile),
    goroot: c.link.env.GOROOT ?? "",
    version: c.goVersion,
    linkArgs: opts.linkArgs ?? c.link.args,
    modinfo: c.modinfo === undefined ? undefined : goUnquoteBytes(c.modinfo),
  };
}

function readBinary(file: string): ElfFile {
  try {
    return readElf(readElfInput(file), file);
  } catch (e) {
    if (e instanceof FormatError) throw e.inFile(file);
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: cannot read: ${fsReason(e)}`);
  }
}

function textOf(c: Collected, shown: string, r: ConformLinkResult): string {
  const out = [
    `godwarf conform: ${shown}: ${c.goVersion} ${c.goos}/${c.goarch}, DWARF ${r.link.dwarfVersion}, ${r.units} units, ${r.functions} functions, ${c.importcfg.size} packages`,
    `  the model's link of the real objects (${r.layoutFromBinary ? "addresses from the binary's .symtab where it has them" : "the model's own layout"}) against ${c.binary === shown ? "the binary go built" : "the binary"}`,
    "",
    formatReport(r.reports).trimEnd(),
    "",
  ];
  out.push(...notesText(r));
  const differ = r.reports.filter((x) => !x.equal || x.compressed?.equal === false).length;
  out.push(
    r.equal
      ? `identical: every DWARF section, ${r.reports.length} of ${r.reports.length}`
      : `different: ${differ} of ${r.reports.length} sections`,
  );
  return `${out.join("\n")}\n`;
}

/** Notes grouped by archive and kind: one line each, not one per member. */
function notesText(r: ConformLinkResult): string[] {
  const groups = new Map<string, string[]>();
  for (const n of r.notes) {
    const m = /^(.*)\(([^()]*)\)$/.exec(n.file);
    const key = `${m?.[1] ?? n.file}\0${n.note}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [m?.[2] ?? ""]);
    else list.push(m?.[2] ?? "");
  }
  const out = r.unmodelled.map((u) => `note: ${u}`);
  for (const [key, members] of groups) {
    const [file, note] = key.split("\0");
    const shown =
      members.length > 3
        ? `${members.slice(0, 3).join(", ")} and ${members.length - 3} more`
        : members.join(", ");
    out.push(`note: ${file}: ${shown}: ${note}`);
  }
  const named = r.unplaced.filter((n) => n !== "");
  if (r.unplaced.length > 0)
    out.push(
      `note: ${r.unplaced.length} kept symbols are in no section of the binary${named.length > 0 ? ` (${named.slice(0, 3).join(", ")}${named.length > 3 ? ", ..." : ""})` : ""}`,
    );
  return out;
}

function jsonOf(c: Collected, shown: string, r: ConformLinkResult): unknown {
  return {
    schemaVersion: CONFORM_SCHEMA_VERSION,
    binary: shown,
    mainPackage: c.mainPkg,
    goVersion: c.goVersion,
    goos: c.goos,
    goarch: c.goarch,
    build: c.args,
    dwarfVersion: r.link.dwarfVersion,
    units: r.units,
    functions: r.functions,
    equal: r.equal,
    sections: reportJson(r.reports),
    notes: r.notes,
    unplaced: r.unplaced,
    unmodelled: r.unmodelled,
  };
}
