/**
 * A real program's inputs to the linker: runs `go build` with the machine's Go and finds the
 * compiler's package archives the link used, with the link's own command line (its -buildid,
 * -X, -extld, ...). `godwarf goobjs` copies them out; conform links them with the model.
 *
 * How the archives are found, and why that is safe (tried with Go 1.26.8 on testdata/go/sample,
 * with and without -gcflags=all=-N -l, GOEXPERIMENT=nodwarf5, -trimpath, -tags, -ldflags, -race,
 * -cover, and on cmd/go): `go list -export -deps` with the same compilation flags and environment
 * names, for every package, the build-cache file that `go build -x` lists as `packagefile P=FILE`
 * in importcfg.link. The two agree on the path for every package that came from the cache; a
 * package compiled by this very build is linked from `$WORK/bNNN/_pkg_.a`, which go copies into
 * the cache unchanged after `go tool buildid -w` (same bytes: checked here on every run, with
 * -work keeping the work directory until then). -o and -ldflags do not change any archive; go
 * list takes -ldflags and ignores it, and has no -o. `unsafe` has no archive and is not linked.
 *
 * Build IDs: the linker is given `-buildid=A/B/C/A` (A: the link's action ID, B/C: the main
 * package's action and content IDs, and A again as a placeholder); after the link, go rewrites
 * the last part in place with a hash of the executable (`go tool buildid -w`), so the binary's
 * build ID (`binaryBuildId`) differs from the linker's (`buildId`) in its last part. A model link
 * given `buildId` must do the same rewrite to match the binary byte for byte.
 *
 * When the output is up to date go build does not link at all (and -x shows no link), so the
 * build always writes a fresh temporary file, copied to -o afterwards.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CliError } from "../output.js";
import { writeOutput } from "../outputs.js";
import {
  buildFlagWords,
  type GoBuildArgs,
  defaultExeName,
  listFlagWords,
  parseGoBuildArgs,
} from "./buildargs.js";
import { type GoEnv, goFailed, goOutput, runGo, runGoCounting } from "./run.js";
import { COMPILE_LINE, parseBuildTrace, parseImportCfg, type TracedCommand } from "./xtrace.js";

export interface GoPackage {
  importPath: string;
  /** The package name (main for the main package). */
  name: string;
  /** The archive in go's build cache: `!<arch>` with `__.PKGDEF` and `_go_.o`. */
  archive: string;
  /** In the standard library (GOROOT/src, including cmd/...). */
  standard: boolean;
}

/** The link command `go build` ran, and what its flags say. */
export interface LinkCommand {
  /** The linker executable (GOROOT/pkg/tool/GOOS_GOARCH/link). */
  tool: string;
  /** Environment go set for it (GOROOT, or GOROOT='' under -trimpath). */
  env: Record<string, string>;
  /** Its arguments; paths in the work directory, which no longer exists, read `$WORK/...`. */
  args: string[];
  /** -buildmode (exe, pie, ...). */
  buildmode: string | undefined;
  /** Each -X in order: the symbol (importpath.name) and the string value. */
  X: { name: string; value: string }[];
  /** -extld, when go passed one (it does whenever cgo is enabled). */
  extld: string | undefined;
}

export interface Collected {
  /** The main package's import path ("command-line-arguments" for a build from .go files). */
  mainPkg: string;
  /** `go env GOVERSION` of the go that built it ("go1.26.8"). */
  goVersion: string;
  goos: string;
  goarch: string;
  /** The go build arguments as run (after "build"), without collect's own -x, -work and -o. */
  args: string[];
  /** The directory go ran in (after -C). */
  cwd: string;
  /** Every package of the link, dependencies first (go list -deps order), the main package last. */
  packages: GoPackage[];
  /** importcfg.link's packagefile lines in its order, with build-cache paths. */
  importcfg: Map<string, string>;
  /** importcfg.link's modinfo line's Go-quoted string: the build info the linker stores (runtime.modinfo). */
  modinfo: string | undefined;
  /** The linker's flags: its arguments without -o, -importcfg and the main archive. */
  ldflags: string[];
  link: LinkCommand;
  /** The -buildid the linker was given. */
  buildId: string;
  /** The binary's Go build ID after go rewrote its last part (`go tool buildid BINARY`). */
  binaryBuildId: string;
  /** The executable go built: the -o path, or a file in `tempDir`. */
  binary: string;
  /** A directory collect made for the executable when there was no -o; see disposeCollected. */
  tempDir: string | undefined;
  /** How many packages this build compiled (the rest came from the build cache). */
  compiled: number;
}

export interface CollectOptions {
  /** Called as the build runs with the number of packages compiled so far. */
  onProgress?: (compiled: number) => void;
}

/** The fields go list -json prints for us. */
interface ListedPackage {
  ImportPath: string;
  Name?: string;
  Export?: string;
  Standard?: boolean;
}

/** Removes the temporary directory holding the executable, if collect made one. */
export function disposeCollected(c: Collected): void {
  if (c.tempDir !== undefined) rmSync(c.tempDir, { recursive: true, force: true });
}

/**
 * Runs `go build WORDS` (`go build` in front optional) in `where` and returns the link's
 * packages with their archives, the link command and the executable. Throws CliError when the
 * build fails or links no single program, UsageError for arguments collect cannot run.
 */
export function collect(words: readonly string[], where: GoEnv, opts: CollectOptions = {}): Collected {
  const parsed = parseGoBuildArgs(words);
  const cwd = parsed.chdir === undefined ? where.cwd : resolve(where.cwd, parsed.chdir);
  const at: GoEnv = { cwd, env: where.env };
  const what = ["go", "build", ...parsed.flags.flatMap((f) => f.words), ...parsed.packages].join(" ");
  const goEnv: Record<string, string> = JSON.parse(
    goOutput(["env", "-json", "GOVERSION", "GOOS", "GOARCH"], at),
  );

  const temp = mkdtempSync(join(tmpdir(), "godwarf-go-"));
  let work: string | undefined;
  try {
    const exe = join(temp, "a.out");
    const flags = buildFlagWords(parsed);
    const buildArgs = ["build", ...flags, "-x", "-work", "-o", exe, ...parsed.packages];
    const r =
      opts.onProgress === undefined
        ? runGo(buildArgs, at)
        : runGoCounting(buildArgs, at, COMPILE_LINE, opts.onProgress);
    const trace = parseBuildTrace(r.stderr);
    work = trace.work;
    if (r.status !== 0) throw goFailed(what, { ...r, stderr: withoutTrace(r.stderr) });
    if (trace.links.length !== 1 || trace.importcfgLinks.length !== 1)
      throw new CliError(
        trace.links.length === 0
          ? `${what}: go linked nothing (is it a main package? -buildmode=archive and shared link nothing)`
          : `${what}: go linked ${trace.links.length} programs; name one main package`,
      );
    const cfg = parseImportCfg(trace.importcfgLinks[0] as string);
    if (cfg.packageshlib.size > 0)
      throw new CliError(`${what}: -linkshared links shared libraries; not supported`);
    const linkCmd = trace.links[0] as TracedCommand;

    const listed = listExports(parsed, at, what);
    const byPath = new Map(listed.map((p) => [p.ImportPath, p]));
    const importcfg = new Map<string, string>();
    for (const [pkg, linked] of cfg.packagefile) {
      const p = byPath.get(pkg);
      if (p?.Export === undefined || p.Export === "")
        throw new CliError(`${what}: the link used ${pkg} (${linked}), which go list -export does not name`);
      if (linked !== p.Export && sha256(linked) !== sha256(p.Export))
        throw new CliError(
          `${what}: the archive the link used for ${pkg} (${linked}) differs from go list -export's (${p.Export})`,
        );
      checkArchive(p.Export, pkg);
      importcfg.set(pkg, p.Export);
    }
    const packages: GoPackage[] = listed
      .filter((p) => importcfg.has(p.ImportPath))
      .map((p) => ({
        importPath: p.ImportPath,
        name: p.Name ?? "",
        archive: p.Export as string,
        standard: p.Standard === true,
      }));

    const argv = linkCmd.argv;
    const mainArchive = argv.at(-1) as string;
    const mainPkg = [...cfg.packagefile].find(([, f]) => f === mainArchive)?.[0];
    if (mainPkg === undefined)
      throw new CliError(`${what}: the link's main archive ${mainArchive} is not in importcfg.link`);
    const link = linkCommand(linkCmd, work);
    const buildId = flagValue(argv, "buildid");
    if (buildId === undefined) throw new CliError(`${what}: the link command has no -buildid`);
    const binaryBuildId = goOutput(["tool", "buildid", exe], at).trim();

    let binary = exe;
    let tempDir: string | undefined = temp;
    if (parsed.output !== undefined) {
      binary = outputPath(cwd, parsed.output, defaultExeName(mainPkg, parsed.packages));
      placeBinary(exe, binary);
      rmSync(temp, { recursive: true, force: true });
      tempDir = undefined;
    }
    return {
      mainPkg,
      goVersion: goEnv.GOVERSION ?? "",
      goos: goEnv.GOOS ?? "",
      goarch: goEnv.GOARCH ?? "",
      args: [...flags, ...parsed.packages],
      cwd,
      packages,
      importcfg,
      modinfo: cfg.modinfo,
      ldflags: linkerFlags(argv),
      link,
      buildId,
      binaryBuildId,
      binary,
      tempDir,
      compiled: trace.compiles,
    };
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  } finally {
    // -work kept it for the comparison above; nothing in it is needed any more.
    if (work !== undefined && /\/go-build[0-9]+$/.test(work)) rmSync(work, { recursive: true, force: true });
  }
}

/** `go list -export -deps -json` for the same packages and compilation flags. */
function listExports(parsed: GoBuildArgs, at: GoEnv, what: string): ListedPackage[] {
  const out = goOutput(
    [
      "list",
      ...listFlagWords(parsed),
      "-export",
      "-deps",
      "-json=ImportPath,Name,Export,Standard",
      ...parsed.packages,
    ],
    at,
    `${what} (go list -export)`,
  );
  return out
    .split(/\n(?=\{)/)
    .filter((s) => s.trim() !== "")
    .map((s) => JSON.parse(s) as ListedPackage);
}

/** go's error output without the -x trace lines (commands and here-documents). */
function withoutTrace(stderr: string): string {
  const keep: string[] = [];
  let inHeredoc = false;
  for (const line of stderr.split("\n")) {
    if (inHeredoc) {
      inHeredoc = !line.endsWith("EOF"); // as parseBuildTrace: "}EOF" ends an embedcfg
      continue;
    }
    if (/^cat >.* << 'EOF'/.test(line)) {
      inHeredoc = true;
      continue;
    }
    if (
      /^(WORK=|mkdir |cd |cat |cp |mv |rm |echo |touch |git |go tool |\S*\/pkg\/tool\/|[A-Z_]+='|TERM=)/.test(
        line,
      )
    )
      continue;
    keep.push(line);
  }
  return keep.join("\n");
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * Checks that `file` is a Go package archive with an object (`_go_.o`) by walking the member
 * headers only: the archives of a large program are hundreds of megabytes.
 */
function checkArchive(file: string, pkg: string): void {
  const fd = openSync(file, "r");
  const names: string[] = [];
  try {
    const size = fstatSync(fd).size;
    const hdr = Buffer.alloc(60);
    readSync(fd, hdr, 0, 8, 0);
    if (hdr.toString("latin1", 0, 8) !== "!<arch>\n")
      throw new CliError(`${file}: the archive of ${pkg} is not an ar archive (no !<arch> magic)`);
    for (let off = 8; off + 60 <= size && names.length < 4; ) {
      readSync(fd, hdr, 0, 60, off);
      names.push(hdr.toString("latin1", 0, 16).trimEnd());
      const n = Number(hdr.toString("latin1", 48, 58).trim());
      if (!Number.isSafeInteger(n) || n < 0) break;
      off += 60 + n + (n & 1);
    }
  } finally {
    closeSync(fd);
  }
  if (!names.includes("_go_.o"))
    throw new CliError(
      `${file}: the archive of ${pkg} holds no _go_.o (members: ${names.join(", ") || "none"})`,
    );
}

/** A flag's value in `-name=value` or `-name value` form (the last one given). */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let v: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === `-${name}` || a === `--${name}`) v = argv[++i];
    else if (a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`)) v = a.slice(a.indexOf("=") + 1);
  }
  return v;
}

/** The linker's flags: argv without the tool, -o FILE, -importcfg FILE and the main archive. */
function linkerFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length - 1; i++) {
    const a = argv[i] as string;
    if (a === "-o" || a === "-importcfg") i++;
    else if (!a.startsWith("-o=") && !a.startsWith("-importcfg=")) out.push(a);
  }
  return out;
}

function linkCommand(cmd: TracedCommand, work: string | undefined): LinkCommand {
  const argv = cmd.argv;
  const X: { name: string; value: string }[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    const def =
      a === "-X" || a === "--X" ? argv[++i] : /^--?X=/.test(a) ? a.slice(a.indexOf("=") + 1) : undefined;
    if (def === undefined) continue;
    const eq = def.indexOf("=");
    if (eq > 0) X.push({ name: def.slice(0, eq), value: def.slice(eq + 1) });
  }
  const symbolic = (a: string) => (work === undefined ? a : a.replaceAll(work, "$WORK"));
  return {
    tool: argv[0] as string,
    env: cmd.env,
    args: argv.slice(1).map(symbolic),
    buildmode: flagValue(argv, "buildmode"),
    X,
    extld: flagValue(argv, "extld"),
  };
}

/**
 * go build -o: a directory (existing, or named with a trailing slash, then created) gets the
 * default executable name.
 */
function outputPath(cwd: string, o: string, exeName: string): string {
  const path = resolve(cwd, o);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // A new file or directory.
  }
  if (!isDir && o.endsWith("/")) {
    mkdirSync(path, { recursive: true });
    isDir = true;
  }
  return isDir ? join(path, exeName) : path;
}

/** Puts the executable at `dest` as every output is written (cli/outputs.ts: atomically, through links). */
function placeBinary(exe: string, dest: string): void {
  writeOutput(dest, readFileSync(exe), statSync(exe).mode & 0o777);
}
