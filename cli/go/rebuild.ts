/**
 * From a binary's build info, the `go build` that reproduces it: the same flags (-gcflags,
 * -asmflags, -ldflags, -tags, -trimpath, -buildmode, -race, -pgo) and environment (GOEXPERIMENT,
 * GOOS/GOARCH/GOAMD64, CGO_ENABLED and CGO_*FLAGS), run where the binary's main module is, with
 * clear refusals when this machine cannot: another Go version, a target other than linux/amd64,
 * another module here, a build from .go files. Toolchain commands (cmd/go, cmd/compile, ...) are
 * rebuilt from GOROOT.
 *
 * What the build info cannot say: -ldflags when -trimpath was given (go leaves them out, since
 * they may hold paths; Go's release binaries are linked with -w this way, so a rebuilt cmd/go has
 * the same objects but not the same executable), CGO_*FLAGS under -trimpath, -covermode and
 * -coverpkg, a -pgo profile's directory under -trimpath, and whether the sources changed since
 * (vcs.modified). Those become warnings.
 */
import { join } from "node:path";
import { CliError } from "../output.js";
import { ARCH_LEVEL_VARS, type BuildInfo, getSetting, toolchainVersion } from "./buildinfo.js";
import { type GoEnv, goOutput, runGo } from "./run.js";

/** The target the model links for. */
export const SUPPORTED_TARGET = "linux/amd64";

export interface RebuildPlan {
  /** go build's arguments after "build": flags, then the package path. No -o. */
  args: string[];
  /** Environment variables to set over the caller's ("" to clear one). */
  env: Record<string, string>;
  /** Where to run go build: the caller's directory, or GOROOT/src/cmd for toolchain commands. */
  cwd: string;
  /** What the build info does not record, so the rebuild may differ there. */
  warnings: string[];
}

/** A toolchain command built from GOROOT (path cmd/..., main module `cmd` or none). */
export function isGorootCommand(info: BuildInfo): boolean {
  return info.path.startsWith("cmd/") && (info.main === undefined || info.main.path === "cmd");
}

/**
 * The flags and environment from the build info alone, and the refusals that need no facts
 * about this machine. `cwd` is where the plan will run.
 */
export function rebuildPlan(info: BuildInfo, cwd: string): RebuildPlan {
  const f = info.file;
  if (info.path === "command-line-arguments")
    throw new CliError(
      `${f}: was built from a list of .go files (command-line-arguments), which its build info does not name; rebuild it with \`godwarf conform -- go build FILE.go...\` instead`,
    );
  if (info.path === "") throw new CliError(`${f}: its build info names no main package`);
  const goos = getSetting(info, "GOOS");
  const goarch = getSetting(info, "GOARCH");
  if (`${goos}/${goarch}` !== SUPPORTED_TARGET)
    throw new CliError(
      `${f}: built for ${goos ?? "?"}/${goarch ?? "?"}; only ${SUPPORTED_TARGET} binaries can be rebuilt (that is what the model links)`,
    );
  const compiler = getSetting(info, "-compiler") ?? "gc";
  if (compiler !== "gc") throw new CliError(`${f}: built by ${compiler}; only gc builds can be rebuilt`);
  if (info.main === undefined && !isGorootCommand(info))
    throw new CliError(`${f}: has no main module (a GOPATH-mode build); only module builds can be rebuilt`);

  const args: string[] = [];
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  const on = (key: string) => getSetting(info, key) === "true";
  // The info says "exe" for the default too. Giving -buildmode=exe would change nothing but the
  // link's action ID (go hashes the flag as given), which is the first part of the binary's Go
  // build ID: so only other modes are passed.
  const buildmode = getSetting(info, "-buildmode");
  if (buildmode !== undefined && buildmode !== "exe") args.push(`-buildmode=${buildmode}`);
  for (const key of ["-asmflags", "-gcflags", "-ldflags", "-tags"]) {
    const v = getSetting(info, key);
    if (v !== undefined) args.push(`${key}=${v}`);
  }
  for (const key of ["-asan", "-msan", "-race", "-trimpath"]) if (on(key)) args.push(key);
  if (on("-cover")) {
    args.push("-cover");
    warnings.push(
      "built with -cover: -covermode and -coverpkg are not recorded; the rebuild uses the defaults",
    );
  }
  if (on("-trimpath") && getSetting(info, "-ldflags") === undefined)
    warnings.push("built with -trimpath, which keeps -ldflags out of the build info; the rebuild has none");
  const pgo = getSetting(info, "-pgo");
  if (pgo === undefined) args.push("-pgo=off");
  else if (pgo.startsWith("/")) args.push(`-pgo=${pgo}`);
  else if (pgo !== "default.pgo")
    warnings.push(
      `built with the profile -pgo=${pgo} (its directory was trimmed); the rebuild uses -pgo=auto`,
    );
  if (info.settings.every((s) => s.key !== "vcs")) args.push("-buildvcs=false");
  else if (on("vcs.modified"))
    warnings.push(
      "built from a modified work tree (vcs.modified=true); the rebuild uses the sources as they are now",
    );
  args.push(info.path);

  for (const key of [
    "CGO_ENABLED",
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_LDFLAGS",
    "GOARCH",
    "GOOS",
    "GOFIPS140",
    ...ARCH_LEVEL_VARS,
  ]) {
    const v = getSetting(info, key);
    if (v !== undefined) env[key] = v;
  }
  // Set even when empty: an experiment in the caller's environment would change the build.
  env.GOEXPERIMENT = getSetting(info, "GOEXPERIMENT") ?? "";
  return { args, env, cwd, warnings };
}

/**
 * The rebuild plan, checked against this machine: the same Go version, the binary's main module
 * here (or GOROOT for toolchain commands), its package found and a main package. The checks run
 * go (env, list) in `where`; the plan's environment applies to them.
 */
export function planRebuild(info: BuildInfo, where: GoEnv): RebuildPlan {
  const f = info.file;
  const goEnv = JSON.parse(goOutput(["env", "-json", "GOVERSION", "GOROOT"], where)) as Record<
    string,
    string
  >;
  const want = toolchainVersion(info.goVersion);
  const have = goEnv.GOVERSION ?? "";
  if (want !== have)
    throw new CliError(
      `${f}: built by ${want}, but this machine's go is ${have}; a rebuild needs the same Go (put ${want} first on PATH)`,
    );
  const cwd = isGorootCommand(info) ? join(goEnv.GOROOT ?? "", "src", "cmd") : where.cwd;
  const plan = rebuildPlan(info, cwd);
  const at: GoEnv = { cwd, env: { ...where.env, ...plan.env } };

  const main = info.main;
  if (main !== undefined && !isGorootCommand(info)) {
    const r = runGo(["list", "-m"], at);
    // Outside any module, go list -m says command-line-arguments (with -mod=mod) or fails.
    const modules =
      r.status === 0 ? r.stdout.split("\n").filter((m) => m !== "" && m !== "command-line-arguments") : [];
    if (!modules.includes(main.path))
      throw new CliError(
        `${f}: its main module is ${main.path}, but ${cwd} is ${modules.length === 0 ? "in no module" : `in ${modules.join(", ")}`}; run from ${main.path}'s directory`,
      );
  }
  const flags = plan.args.slice(0, -1);
  const r = runGo(["list", ...flags, "-json=ImportPath,Name,DefaultGODEBUG", info.path], at);
  if (r.status !== 0) {
    const said = r.stderr.trim().split("\n")[0] ?? "";
    throw new CliError(`${f}: its package ${info.path} is not found here (${cwd}): ${said}`);
  }
  const pkg = JSON.parse(r.stdout) as { Name?: string; DefaultGODEBUG?: string };
  if (pkg.Name !== "main")
    throw new CliError(`${f}: ${info.path} here is package ${pkg.Name ?? "?"}, not main`);
  const godebug = getSetting(info, "DefaultGODEBUG") ?? "";
  if ((pkg.DefaultGODEBUG ?? "") !== godebug)
    plan.warnings.push(
      `DefaultGODEBUG differs: the binary has "${godebug}", a build here gets "${pkg.DefaultGODEBUG ?? ""}" (go.mod's go line or godebug directives changed)`,
    );
  return plan;
}
