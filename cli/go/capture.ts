/**
 * `godwarf capture`: runs the user's `go build` with every package compiled by the instrumented
 * cmd/compile (instrument.ts) through our -toolexec wrapper, in a fresh build cache so that
 * nothing comes from an earlier build. For each package compiled, DIR gets
 * `<import path, percent-encoded>.ir.json` (the program IR: what dwarfgen.Info and AbstractFunc
 * were given) and `<same>.a` (the archive that same compiler wrote), plus a manifest.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError, UsageError } from "../output.js";
import { parseGoBuildArgs } from "./buildargs.js";
import { type Instrumented, instrumentedCompiler } from "./instrument.js";
import { type GoEnv, goFailed, runGoCounting } from "./run.js";

export interface CapturedPackage {
  importPath: string;
  /** File names in the capture directory. */
  ir: string;
  archive: string;
}

export interface CaptureManifest {
  captureVersion: 1;
  goVersion: string;
  build: { args: string[]; cwd: string; env: Record<string, string> };
  packages: CapturedPackage[];
}

/** Environment variables that change what is compiled, recorded in the manifest when set. */
const BUILD_ENV = ["GOEXPERIMENT", "GOOS", "GOARCH", "GOAMD64", "GOFLAGS", "CGO_ENABLED"];

export const MANIFEST = "manifest.json";

export interface CaptureOptions {
  progress?: (msg: string) => void;
  /** Use this instrumented compiler instead of building or finding the cached one. */
  instrumented?: Instrumented;
}

/** Capture `[go] [build] ARGS` into `dir` (created; must be empty or absent). */
export function capture(
  words: readonly string[],
  dir: string,
  where: GoEnv,
  opts: CaptureOptions = {},
): CaptureManifest {
  const progress = opts.progress ?? (() => {});
  const parsed = parseGoBuildArgs(words);
  if (parsed.flags.some((f) => f.name === "toolexec"))
    throw new UsageError("godwarf capture runs the build with its own -toolexec; do not give one");
  const ins = opts.instrumented ?? instrumentedCompiler(where, progress);
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new CliError(`${dir}: the capture directory must be empty`);

  // -a: an output that is up to date (same build ID) would otherwise skip the main package.
  const args = [
    "build",
    ...parsed.flags.flatMap((f) => f.words),
    ...(parsed.flags.some((f) => f.name === "a") ? [] : ["-a"]),
    "-toolexec",
    ins.toolexec,
    ...(parsed.packages.length > 0 ? ["--", ...parsed.packages] : []),
  ];
  const gocache = mkdtempSync(join(tmpdir(), "godwarf-capture-cache-"));
  try {
    const env: NodeJS.ProcessEnv = {
      ...where.env,
      GOCACHE: gocache,
      GOTOOLCHAIN: "local",
      GODWARF_CAPTURE_DIR: dir,
      GODWARF_COMPILE: ins.compile,
    };
    progress("capturing...");
    const r = runGoCounting(args, { cwd: where.cwd, env }, /^godwarf: compiling /, (n) =>
      progress(`capturing... ${n} packages compiled`),
    );
    if (r.status !== 0) throw goFailed(`go ${args.join(" ")}`, filterProgress(r));
  } finally {
    rmSync(gocache, { recursive: true, force: true });
  }

  const packages: CapturedPackage[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".ir.json")) continue;
    const base = f.slice(0, -".ir.json".length);
    const archive = `${base}.a`;
    if (!statSync(join(dir, archive), { throwIfNoEntry: false })?.isFile())
      throw new CliError(`${dir}: ${f} has no archive ${archive} beside it`);
    const doc = JSON.parse(readFileSync(join(dir, f), "utf8")) as { package?: { path?: string } };
    packages.push({ importPath: doc.package?.path ?? decodeURIComponent(base), ir: f, archive });
  }
  const recorded: Record<string, string> = {};
  for (const k of BUILD_ENV) if (where.env[k] !== undefined) recorded[k] = where.env[k]!;
  const manifest: CaptureManifest = {
    captureVersion: 1,
    goVersion: ins.goVersion,
    build: {
      args: ["go", ...args.filter((_, i) => args[i - 1] !== "-toolexec" && args[i] !== "-toolexec")],
      cwd: where.cwd,
      env: recorded,
    },
    packages,
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** go's standard error without the wrapper's progress lines. */
function filterProgress(r: { status: number; stdout: string; stderr: string }) {
  return { ...r, stderr: r.stderr.replace(/^godwarf: compiling .*\n/gm, "") };
}

/** Read DIR/manifest.json. */
export function readCaptureManifest(dir: string): CaptureManifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), "utf8");
  } catch {
    throw new CliError(`${dir}: not a capture directory (no ${MANIFEST}; make one with godwarf capture)`);
  }
  const m = JSON.parse(text) as CaptureManifest;
  if (m.captureVersion !== 1 || !Array.isArray(m.packages))
    throw new CliError(`${join(dir, MANIFEST)}: not a godwarf capture manifest`);
  return m;
}
