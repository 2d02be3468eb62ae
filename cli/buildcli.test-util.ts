/**
 * Gives tests a built CLI to run as users do (`node dist/cli/main.js`). Uses dist/ when it is newer
 * than every source file; otherwise compiles with tsconfig.build.json into a private directory
 * under node_modules/.cache (so parallel test files never write into each other's output, and
 * `yargs` still resolves from the repository's node_modules).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export interface BuiltCli {
  main: string;
  cleanup(): void;
}

export function builtCli(): BuiltCli {
  const dist = join(root, "dist", "cli", "main.js");
  const sources = Math.max(
    ...["cli", "elf", "pe", "dwarf", "compiler", "linker"].map((d) => newestSource(join(root, d))),
  );
  if (existsSync(dist) && statSync(dist).mtimeMs > sources) return { main: dist, cleanup: () => {} };
  const cache = join(root, "node_modules", ".cache");
  execFileSync("mkdir", ["-p", cache]);
  const out = mkdtempSync(join(cache, "godwarf-cli-"));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  // Type errors elsewhere in the tree (work in progress) must not stop the emit; a missing output does.
  spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", out], {
    stdio: "ignore",
  });
  const main = join(out, "cli", "main.js");
  if (!existsSync(main)) throw new Error(`building the CLI into ${out} produced no cli/main.js`);
  return { main, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

export interface CliRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI with `args`. */
export function runBuilt(cli: BuiltCli, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [cli.main, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}
