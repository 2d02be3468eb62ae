/**
 * The instrumented compiler of `godwarf capture`: the machine's own cmd/compile, built from
 * `$(go env GOROOT)/src` with `go build -overlay`, and the -toolexec wrapper that runs it.
 *
 * No Go source of the toolchain is copied into this repository. At build time the overlay is made
 * from the local source: gc/main.go with its two hook assignments
 *
 *     base.Ctxt.DebugInfo = dwarfgen.Info
 *     base.Ctxt.GenAbstractFunc = dwarfgen.AbstractFunc
 *
 * pointed at GodwarfInfo and GodwarfAbstractFunc, and our files added to package dwarfgen
 * (hook/godwarf_*.go), which record what Info and AbstractFunc are given and then call them. An insertion point that is missing (a Go whose main.go reads differently) is a clear error.
 *
 * Both executables are cached under $XDG_CACHE_HOME/godwarf (else ~/.cache/godwarf), keyed by
 * `go version` and a hash of our Go files (a changed hook is rebuilt): built once per Go version and
 * hook, in about two minutes.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { profileForGoVersion } from "../../compiler/profile.js";
import { CliError } from "../output.js";
import { type GoEnv, goFailed, goOutput, runGo } from "./run.js";

export interface Instrumented {
  /** The instrumented cmd/compile. */
  compile: string;
  /** The -toolexec wrapper. */
  toolexec: string;
  /** `go env GOVERSION`, e.g. go1.26.8. */
  goVersion: string;
  goroot: string;
}

/** The two hook assignments of gc.Main and what they become. */
export const HOOK_POINTS: readonly [from: string, to: string][] = [
  ["base.Ctxt.DebugInfo = dwarfgen.Info\n", "base.Ctxt.DebugInfo = dwarfgen.GodwarfInfo\n"],
  [
    "base.Ctxt.GenAbstractFunc = dwarfgen.AbstractFunc\n",
    "base.Ctxt.GenAbstractFunc = dwarfgen.GodwarfAbstractFunc\n",
  ],
];

const MAIN_GO = "src/cmd/compile/internal/gc/main.go";
const DWARFGEN = "src/cmd/compile/internal/dwarfgen";

/** Our files of package dwarfgen in the hook directory, sorted (the cache key hashes them in order). */
export function hookFiles(hooks: string): string[] {
  return readdirSync(hooks)
    .filter((f) => /^godwarf_.*\.go$/.test(f))
    .sort();
}

/** The directory of our Go files (cli/go/hook), from the source tree or from dist/. */
export function hookDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const c of [join(d, "hook"), join(d, "cli", "go", "hook")])
      if (existsSync(join(c, "godwarf_capture.go"))) return c;
    d = dirname(d);
  }
  throw new CliError("cannot find godwarf's capture hook (cli/go/hook/godwarf_capture.go)");
}

/** gc/main.go with the hook points replaced; each must occur exactly once. */
export function instrumentMain(source: string, file: string): string {
  let out = source;
  for (const [from, to] of HOOK_POINTS) {
    const n = out.split(from).length - 1;
    if (n !== 1)
      throw new CliError(
        `${file}: expected the line "${from.trim()}" once, found it ${n} times: this Go's compiler cannot be instrumented by godwarf capture`,
      );
    out = out.replace(from, to);
  }
  return out;
}

/** The environment for building tools that run on this machine, whatever the user's target. */
export function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...env, GOTOOLCHAIN: "local", GOFLAGS: "", GOPROXY: "off", GOWORK: "off" };
  for (const k of ["GOOS", "GOARCH", "GOEXPERIMENT", "GOAMD64", "CGO_ENABLED", "GO111MODULE"]) delete e[k];
  return e;
}

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  const x = env.XDG_CACHE_HOME;
  return join(x !== undefined && x !== "" ? x : join(env.HOME ?? homedir(), ".cache"), "godwarf");
}

/**
 * The instrumented compiler and wrapper for the machine's go, built if not cached. `progress` is
 * told when a build starts (it takes minutes).
 */
export function instrumentedCompiler(where: GoEnv, progress: (msg: string) => void = () => {}): Instrumented {
  const env = toolEnv(where.env);
  const tw: GoEnv = { cwd: where.cwd, env };
  const [goVersion = "", goroot = ""] = goOutput(["env", "GOVERSION", "GOROOT"], tw).trim().split("\n");
  const profile = profileForGoVersion(goVersion);
  if (profile === undefined || profile.version !== "go1.26")
    throw new CliError(
      `go is ${goVersion || "of an unknown version"}: godwarf capture instruments Go 1.26's compiler (the model's profile is go1.26)`,
    );
  const mainGo = join(goroot, MAIN_GO);
  if (!existsSync(mainGo))
    throw new CliError(
      `${goroot}: this GOROOT has no compiler sources (${MAIN_GO} is missing); godwarf capture builds the compiler from them`,
    );
  const hooks = hookDir();
  const hookSrcs = hookFiles(hooks).map((f) => [f, readFileSync(join(hooks, f))] as const);
  const wrapSrc = readFileSync(join(hooks, "toolexec", "main.go"));
  const hash = createHash("sha256")
    .update(goOutput(["version"], tw))
    .update(goroot);
  for (const [f, src] of hookSrcs) hash.update(f).update(src);
  const key = hash.update(wrapSrc).digest("hex").slice(0, 16);
  const dir = join(cacheRoot(where.env), `compile-${goVersion}-${key}`);
  const out: Instrumented = {
    compile: join(dir, "compile"),
    toolexec: join(dir, "toolexec"),
    goVersion,
    goroot,
  };
  if (existsSync(out.compile) && existsSync(out.toolexec)) return out;

  progress(`building the instrumented compiler of ${goVersion} (once per Go version, a few minutes)...`);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = mkdtempSync(`${dir}.tmp-`);
  try {
    writeFileSync(join(tmp, "main.go"), instrumentMain(readFileSync(mainGo, "utf8"), mainGo));
    const replace: Record<string, string> = { [mainGo]: join(tmp, "main.go") };
    for (const [f, src] of hookSrcs) {
      writeFileSync(join(tmp, f), src);
      replace[join(goroot, DWARFGEN, f)] = join(tmp, f);
    }
    writeFileSync(join(tmp, "overlay.json"), JSON.stringify({ Replace: replace }));
    const b = runGo(
      ["build", "-overlay", join(tmp, "overlay.json"), "-o", join(tmp, "compile"), "cmd/compile"],
      {
        cwd: tmp,
        env,
      },
    );
    if (b.status !== 0) throw goFailed("building the instrumented cmd/compile", b);
    const wdir = join(tmp, "toolexec-src");
    mkdirSync(wdir);
    writeFileSync(join(wdir, "main.go"), wrapSrc);
    writeFileSync(join(wdir, "go.mod"), "module godwarf/toolexec\n\ngo 1.26\n");
    const w = runGo(["build", "-o", join(tmp, "toolexec"), "."], { cwd: wdir, env });
    if (w.status !== 0) throw goFailed("building godwarf's -toolexec wrapper", w);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
