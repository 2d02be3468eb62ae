/**
 * `godwarf goobjs -o DIR [--json] -- [go build ARGS]`: builds a program with the machine's Go
 * (cli/go/collect.ts) and copies out the compiler's archive of every package the link used, with
 * an importcfg for `go tool link` and a manifest (Go version, target, build arguments, the link's
 * flags and build ID, each archive's sha256). The real inputs of a real link, for the model's
 * linker and for anyone who wants to look at Go objects.
 *
 * Everything is written into a temporary directory beside DIR and renamed into place at the end,
 * so a failure leaves no half-filled DIR.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Argv } from "yargs";
import { type Collected, collect, disposeCollected } from "../go/collect.js";
import type { GoEnv } from "../go/run.js";
import { CliError, type CliIO, processIO } from "../output.js";
import { fsReason, tempNameFor } from "../outputs.js";

export interface GoobjsArgs {
  output: string;
  json: boolean;
  /** The words after `--`: go build's arguments. */
  "--"?: (string | number)[];
}

/** Environment variables that change what go builds, recorded in the manifest when set. */
const BUILD_ENV = [
  "GOEXPERIMENT",
  "GOOS",
  "GOARCH",
  "GOAMD64",
  "GOFIPS140",
  "GOFLAGS",
  "GOTOOLCHAIN",
  "GOROOT",
  "CGO_ENABLED",
  "CGO_CFLAGS",
  "CGO_CPPFLAGS",
  "CGO_CXXFLAGS",
  "CGO_LDFLAGS",
  "CC",
  "CXX",
];

export interface ManifestPackage {
  importPath: string;
  /** The archive's file name in DIR. */
  file: string;
  sha256: string;
  size: number;
  standard: boolean;
}

export interface Manifest {
  goVersion: string;
  goos: string;
  goarch: string;
  build: { args: string[]; cwd: string; env: Record<string, string> };
  mainPackage: string;
  link: {
    /** The -buildid the linker was given; the binary's differs in its last part (go rewrites it). */
    buildId: string;
    binaryBuildId: string;
    /** The linker's flags (without -o, -importcfg and the main archive). */
    flags: string[];
    /** importcfg.link's modinfo string, Go-quoted. */
    modinfo: string | undefined;
  };
  packages: ManifestPackage[];
}

export function goobjsBuilder(y: Argv): Argv<GoobjsArgs> {
  return y
    .usage(
      "$0 goobjs -o DIR [--json] -- [go build] [BUILD FLAGS] [PACKAGE]\n\nBuild a program with the machine's Go and copy out the package archives its link used.",
    )
    .parserConfiguration({ "populate--": true })
    .option("output", {
      alias: "o",
      type: "string",
      demandOption: true,
      requiresArg: true,
      describe: "the directory to write (must not exist, or be empty)",
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the manifest as JSON instead of a summary",
    })
    .example("$0 goobjs -o objs -- go build ./cmd/x", "the archives of ./cmd/x's link, into objs/")
    .example(
      "$0 goobjs -o objs -- -gcflags='all=-N -l' .",
      "unoptimized; `go build` in front of the arguments is optional",
    )
    .example(
      "GOEXPERIMENT=nodwarf5 $0 goobjs -o objs4 -- -C testdata/go/sample .",
      "DWARF 4 objects of the sample",
    )
    .epilog(
      "Runs go build with the arguments after -- (to a temporary executable unless they give -o), then asks go list -export for the build-cache archive of every package of the link, checked against the linker's importcfg.link. Writes DIR/<import path, / as %2F>.a for each (`!<arch>` with __.PKGDEF and _go_.o), DIR/importcfg (packagefile lines with absolute paths and the modinfo line, for go tool link -importcfg) and DIR/manifest.json (Go version, target, build arguments and environment, main package, the linker's flags and build ID, each archive's size and sha256). Go's own build cache makes a repeated run quick. A failed build is reported as go said it, exit status 1.",
    ) as unknown as Argv<GoobjsArgs>;
}

/**
 * An import path as a file name: `/` becomes %2F, and any byte outside [A-Za-z0-9._~+-] is
 * percent-encoded too (so % itself, and the mapping stays one to one).
 */
export function archiveFileName(importPath: string): string {
  const safe = /[A-Za-z0-9._~+-]/;
  let out = "";
  for (const b of new TextEncoder().encode(importPath)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && safe.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return `${out}.a`;
}

export function runGoobjs(
  args: GoobjsArgs,
  io: CliIO,
  where: GoEnv = { cwd: process.cwd(), env: process.env },
): number {
  const dir = resolve(where.cwd, args.output);
  checkTarget(args.output, dir);
  const words = (args["--"] ?? []).map(String);
  const tty = io === processIO && process.stderr.isTTY === true;
  let c: Collected;
  try {
    c = collect(
      words,
      where,
      tty ? { onProgress: (n) => io.stderr(`\r\x1b[Kbuilding... ${n} packages compiled`) } : {},
    );
  } finally {
    if (tty) io.stderr("\r\x1b[K");
  }
  try {
    const manifest = writeArchives(c, dir, where.env);
    if (args.json) {
      io.stdout(`${JSON.stringify({ dir, ...manifest }, null, 2)}\n`);
    } else {
      const bytes = manifest.packages.reduce((n, p) => n + p.size, 0);
      const out = [
        `godwarf goobjs: ${manifest.packages.length} package archives of ${c.mainPkg} (${c.goVersion} ${c.goos}/${c.goarch}, ${bytes.toLocaleString("en-US")} bytes) in ${args.output}`,
        `  ${join(args.output, "importcfg")}      packagefile lines for go tool link -importcfg`,
        `  ${join(args.output, "manifest.json")}  build arguments, link flags, build ID ${c.buildId}, each archive's sha256`,
      ];
      if (c.tempDir === undefined) out.push(`  ${c.binary}  the executable go built`);
      io.stdout(`${out.join("\n")}\n`);
    }
  } finally {
    disposeCollected(c);
  }
  return 0;
}

/** DIR must be new or an empty directory: goobjs never mixes its files with others. */
function checkTarget(shown: string, dir: string): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CliError(`${shown}: exists and is not a directory`);
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (entries.length > 0)
    throw new CliError(`${shown}: exists and is not empty; give a new or empty directory`);
}

/** Copies the archives and writes importcfg and manifest.json into a temporary dir renamed to `dir`. */
function writeArchives(c: Collected, dir: string, env: NodeJS.ProcessEnv): Manifest {
  let tmp: string;
  try {
    // mkdirSync, not mkdtempSync: DIR gets the usual mode (0777 less the umask), not 0700.
    tmp = tempNameFor(dir);
    mkdirSync(tmp);
  } catch (e) {
    throw new CliError(`${dir}: cannot write: ${fsReason(e)}`);
  }
  try {
    const packages: ManifestPackage[] = c.packages.map((p) => {
      const bytes = readFileSync(p.archive);
      const file = archiveFileName(p.importPath);
      writeFileSync(join(tmp, file), bytes, { flag: "wx" });
      return {
        importPath: p.importPath,
        file,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        size: bytes.length,
        standard: p.standard,
      };
    });
    // importcfg.link's order, with paths where the archives will be once renamed into place.
    const fileOf = new Map(packages.map((p) => [p.importPath, p.file]));
    const cfg = [...c.importcfg.keys()].map((p) => `packagefile ${p}=${join(dir, fileOf.get(p) as string)}`);
    if (c.modinfo !== undefined) cfg.push(`modinfo ${c.modinfo}`);
    writeFileSync(join(tmp, "importcfg"), `${cfg.join("\n")}\n`);
    const recorded: Record<string, string> = {};
    for (const k of BUILD_ENV) if (env[k] !== undefined) recorded[k] = env[k] as string;
    const manifest: Manifest = {
      goVersion: c.goVersion,
      goos: c.goos,
      goarch: c.goarch,
      build: { args: ["build", ...c.args], cwd: c.cwd, env: recorded },
      mainPackage: c.mainPkg,
      link: { buildId: c.buildId, binaryBuildId: c.binaryBuildId, flags: c.ldflags, modinfo: c.modinfo },
      packages,
    };
    writeFileSync(join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(tmp, dir);
    return manifest;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof CliError) throw e;
    throw new CliError(`${dir}: cannot write: ${fsReason(e)}`);
  }
}
