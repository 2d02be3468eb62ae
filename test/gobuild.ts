/**
 * Builds Go programs from testdata/ with the machine's Go, the oracle for faithfulness. Builds are
 * cached under the OS temp dir keyed by the Go version, the package's sources and the build
 * settings, so a test run builds each variant once. Nothing is written into the repository.
 */
import { execFileSync } from "node:child_process";
import { createHash, type Hash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface GoBuildOptions {
  /** GOEXPERIMENT=nodwarf5 (DWARF 4). */
  dwarf4?: boolean;
  /** -gcflags=all=-N -l */
  noOpt?: boolean;
  /** -ldflags=-compressdwarf=false */
  uncompressed?: boolean;
  /** Extra arguments to `go build` before the package (e.g. ["-trimpath"]). */
  extraArgs?: string[];
  /** Extra environment for `go build` (e.g. { CGO_ENABLED: "0" }); part of the cache key. */
  env?: Record<string, string>;
}

const repoRoot = resolve(import.meta.dirname, "..");
let goVersion: string | undefined;

function version(): string {
  goVersion ??= execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  return goVersion;
}

/**
 * Feed the package's sources to the hash: .go files and go.mod, by path relative to the package,
 * sub-packages included (a flat directory hashes as it always did).
 */
function hashSources(h: Hash, dir: string, rel: string): void {
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const p = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) hashSources(h, dir, p);
    else if (e.name.endsWith(".go") || e.name === "go.mod") h.update(p).update(readFileSync(join(dir, p)));
  }
}

/** Build `target` (a directory under the repo, or an import path such as "cmd/go"). */
export function goBuild(target: string, opts: GoBuildOptions = {}): string {
  const isDir = target.startsWith(".") || target.startsWith("testdata/");
  const dir = isDir ? resolve(repoRoot, target) : repoRoot;
  // The directory is part of the key: file names in the binary's DWARF and build info include it.
  const h = createHash("sha256").update(version()).update(JSON.stringify({ target, opts, dir }));
  if (isDir) hashSources(h, dir, "");
  const cache = join(tmpdir(), "godwarf-gobuild");
  mkdirSync(cache, { recursive: true });
  const out = join(cache, `${h.digest("hex").slice(0, 16)}.bin`);
  if (existsSync(out)) return out;
  const args = ["build", "-o", `${out}.tmp`];
  if (opts.noOpt) args.push("-gcflags=all=-N -l");
  if (opts.uncompressed) args.push("-ldflags=-compressdwarf=false");
  args.push(...(opts.extraArgs ?? []), isDir ? "." : target);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOFLAGS: "-mod=mod",
    ...opts.env,
  };
  if (opts.dwarf4) env.GOEXPERIMENT = "nodwarf5";
  execFileSync("go", args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  renameSync(`${out}.tmp`, out);
  return out;
}
