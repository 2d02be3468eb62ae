/**
 * A Go binary's build info, as `go version -m FILE` prints it: the Go version, the main package's
 * path, the main module and its dependencies, and the build settings (flags, GOOS/GOARCH,
 * GOEXPERIMENT, CGO_*, vcs.*). This is what decides how to rebuild the binary (rebuild.ts).
 *
 * The parser mirrors runtime/debug.ParseBuildInfo (the reverse of BuildInfo.String, which
 * `go version -m` prints with a tab before every line): same columns, same quoting, unknown
 * lines ignored as Go ignores them.
 */
import { statSync } from "node:fs";
import { CliError } from "../output.js";
import { goQuotedPrefixLength, goUnquote } from "./quote.js";
import { type GoEnv, runGo } from "./run.js";

/** debug.Module: a module of the build. */
export interface GoModule {
  path: string;
  /** "(devel)" for a main module built from a work tree without a version from VCS tags. */
  version: string;
  /** The go.sum hash ("h1:..."), "" when the module has none (main module, local replacements). */
  sum: string;
  /** The module that replaced this one (a `=>` line). */
  replace?: GoModule;
}

/** debug.BuildSetting: one `build KEY=VALUE` line, unquoted. */
export interface BuildSetting {
  key: string;
  value: string;
}

export interface BuildInfo {
  /** The file the info was read from. */
  file: string;
  /** As printed: "go1.26.8", or "go1.26.8-X:nodwarf5" when GOEXPERIMENT differed from the default. */
  goVersion: string;
  /** The main package's import path ("command-line-arguments" for a build from .go files). */
  path: string;
  /** The main module; undefined for GOROOT commands (cmd/go) and GOPATH builds. */
  main: GoModule | undefined;
  deps: GoModule[];
  /** In the binary's order (sorted by key, as the go command writes them). */
  settings: BuildSetting[];
}

/** The value of the build setting `key` ("-gcflags", "GOOS", "vcs.revision", ...), if recorded. */
export function getSetting(info: BuildInfo, key: string): string | undefined {
  return info.settings.find((s) => s.key === key)?.value;
}

/**
 * The toolchain version without the experiment suffix: "go1.26.8-X:nodwarf5" -> "go1.26.8"
 * (runtime.Version appends "-X:" and the experiments that differ from the default; older
 * toolchains printed " X:").
 */
export function toolchainVersion(goVersion: string): string {
  return goVersion.split(/[ ]|-X:/)[0] ?? goVersion;
}

/** Architecture-level variables (cfg.GetArchEnv): the one recorded is the one for GOARCH. */
export const ARCH_LEVEL_VARS = [
  "GOAMD64",
  "GO386",
  "GOARM",
  "GOARM64",
  "GOMIPS",
  "GOMIPS64",
  "GOPPC64",
  "GORISCV64",
  "GOWASM",
];

/** Parses `go version -m` output for one file. `file` is the name go printed (for messages). */
export function parseBuildInfo(text: string, file: string): BuildInfo {
  const lines = text.split("\n");
  let lineNo = 0;
  const fail = (why: string): never => {
    throw new CliError(`${file}: go version -m: line ${lineNo}: ${why}`);
  };
  const header = lines[0] ?? "";
  lineNo = 1;
  if (header.trim() === "")
    throw new CliError(`${file}: not a Go executable (go version -m found no build info)`);
  const prefix = `${file}: `;
  const goVersion = header.startsWith(prefix)
    ? header.slice(prefix.length)
    : header.slice(header.lastIndexOf(": ") + 2);
  if (!header.includes(": ") || goVersion === "")
    fail(`expected "FILE: go VERSION", got ${JSON.stringify(header)}`);

  const info: BuildInfo = { file, goVersion, path: "", main: undefined, deps: [], settings: [] };
  let last: GoModule | undefined;
  const moduleLine = (cols: string[]): GoModule => {
    if (cols.length !== 2 && cols.length !== 3) fail(`expected 2 or 3 columns; got ${cols.length}`);
    return { path: cols[0] as string, version: cols[1] as string, sum: cols[2] ?? "" };
  };
  for (let i = 1; i < lines.length; i++) {
    lineNo = i + 1;
    const raw = lines[i] as string;
    if (raw === "" && i === lines.length - 1) break;
    if (!raw.startsWith("\t"))
      fail(`expected a tab-indented line (one file's info only), got ${JSON.stringify(raw)}`);
    const line = raw.slice(1);
    if (line.startsWith("path\t")) {
      info.path = line.slice(5);
    } else if (line.startsWith("mod\t")) {
      info.main = moduleLine(line.slice(4).split("\t"));
      last = info.main;
    } else if (line.startsWith("dep\t")) {
      last = moduleLine(line.slice(4).split("\t"));
      info.deps.push(last);
    } else if (line.startsWith("=>\t")) {
      const cols = line.slice(3).split("\t");
      if (cols.length !== 3) fail(`expected 3 columns for replacement; got ${cols.length}`);
      if (last === undefined) fail("replacement with no module on previous line");
      (last as GoModule).replace = {
        path: cols[0] as string,
        version: cols[1] as string,
        sum: cols[2] as string,
      };
      last = undefined;
    } else if (line.startsWith("build\t")) {
      info.settings.push(parseSetting(line.slice(6), fail));
    }
  }
  return info;
}

/** One `build` line's KEY=VALUE, either side possibly Go-quoted (debug.ParseBuildInfo). */
function parseSetting(kv: string, fail: (why: string) => never): BuildSetting {
  if (kv === "") fail("build line missing '='");
  let key: string;
  let rawValue: string;
  if (kv[0] === "=") fail("build line with missing key");
  if (kv[0] === '"' || kv[0] === "`") {
    const n = goQuotedPrefixLength(kv);
    const k = n < 0 ? undefined : goUnquote(kv.slice(0, n));
    if (k === undefined) fail("invalid quoted key in build line");
    if (kv.length === n) fail("build line missing '=' after quoted key");
    if (kv[n] !== "=") fail(`unexpected character after quoted key: ${JSON.stringify(kv[n])}`);
    key = k as string;
    rawValue = kv.slice(n + 1);
  } else {
    const eq = kv.indexOf("=");
    if (eq < 0) fail("build line missing '=' after key");
    key = kv.slice(0, eq);
    rawValue = kv.slice(eq + 1);
    if (/[= \t\r\n"`]/.test(key)) fail(`unquoted key ${JSON.stringify(key)} must be quoted`);
  }
  let value = rawValue;
  if (rawValue[0] === '"' || rawValue[0] === "`") {
    const v = goUnquote(rawValue);
    if (v === undefined) fail("invalid quoted value in build line");
    value = v as string;
  } else if (/[ \t\r\n"`]/.test(rawValue)) {
    fail(`unquoted value ${JSON.stringify(rawValue)} must be quoted`);
  }
  return { key, value };
}

/**
 * Runs `go version -m FILE` and parses it. A file go cannot read, or one that is not a Go
 * executable, is a CliError naming the file.
 */
export function readBuildInfo(
  file: string,
  env: GoEnv = { cwd: process.cwd(), env: process.env },
): BuildInfo {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  // go version -m scans a directory for executables; we want one file.
  if (isDir) throw new CliError(`${file}: is a directory (give a Go executable)`);
  const r = runGo(["version", "-m", file], env);
  if (r.status !== 0 || r.stdout.trim() === "") {
    // Nothing at all when go decided the file is not worth a message (a text file without the
    // executable bit); else "FILE: could not read Go build info from FILE: REASON".
    const said = r.stderr.trim().split("\n")[0] ?? "";
    if (said === "") throw new CliError(`${file}: not a Go executable`);
    if (!said.includes("could not read Go build info")) throw new CliError(`${file}: go version -m: ${said}`);
    const why = said.slice(said.lastIndexOf(": ") + 2);
    throw new CliError(`${file}: not a Go executable${why === "not a Go executable" ? "" : ` (${why})`}`);
  }
  return parseBuildInfo(r.stdout, file);
}
