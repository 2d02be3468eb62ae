/**
 * Odd `-o` targets (issue #9): every output path goes through cli/outputs.ts, which never destroys
 * what a path names. A device is written in place and stays a device, a named pipe is written to
 * its reader (and one without a reader is an error at once, not a hang), a symbolic link is followed
 * and its target replaced (the link stays), an existing file keeps its permissions, a directory is
 * refused, a directory that cannot be made (`/proc/x`) fails at once, and no message is a bare
 * error code. The built CLI is then stopped with SIGTERM and SIGINT at many moments of a run: the
 * output is always either the old file or the complete new one, and no temporary file is left.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltCli, builtCli } from "../cli/buildcli.test-util.js";
import { cli } from "../cli/runcli.test-util.js";

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const isRoot = process.getuid?.() === 0;

let base: string;
let n = 0;
let reference: Buffer;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "godwarf-outputs-"));
  const d = fresh();
  expect(cli("build", SAMPLE_IR, "-o", join(d, "ref")).status).toBe(0);
  reference = readFileSync(join(d, "ref"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fresh(): string {
  const d = join(base, `t${n++}`);
  mkdirSync(d);
  return d;
}

/** Names in `d` that look like a temporary file of ours. */
function temps(d: string): string[] {
  return readdirSync(d).filter((f) => f.includes(".godwarf-") && f.endsWith(".tmp"));
}

/** The promised shape of a failure: one line, the path, never a bare error code. */
function expectCleanError(err: string, path: string): void {
  expect(err).toMatch(new RegExp(`^godwarf: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: [^\\n]+\\n$`));
  expect(err).not.toMatch(/\bE[A-Z]{3,}\b/);
}

describe("-o through what is already there", () => {
  it.skipIf(!isRoot)("a character device (mknod c 1 3, a /dev/null of our own) is written in place", () => {
    const d = fresh();
    const dev = join(d, "null");
    execFileSync("mknod", [dev, "c", "1", "3"]);
    const before = statSync(dev);
    const r = cli("build", SAMPLE_IR, "-o", dev);
    expect(r.status, r.err).toBe(0);
    const after = lstatSync(dev);
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev, after.mode]).toEqual([before.ino, before.rdev, before.mode]);
    expect(temps(d)).toEqual([]);
    // compile and the external layout's files go the same way.
    expect(cli("compile", SAMPLE_IR, "-o", dev).status).toBe(0);
    expect(cli("build", SAMPLE_IR, "-o", join(d, "p"), "--debug", `external=${dev}`).status).toBe(0);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });

  // As root a regression would replace the machine's /dev/null: root runs the mknod case above.
  it.skipIf(isRoot)("/dev/null itself: written through, still a device", () => {
    const r = cli("build", SAMPLE_IR, "-o", "/dev/null");
    expect(r.status, r.err).toBe(0);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("a named pipe: its reader gets the executable, the pipe stays a pipe", async () => {
    const d = fresh();
    const fifo = join(d, "fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((res) => reader.on("close", () => res()));
    // The reader opens the pipe asynchronously: wait until it has.
    for (let i = 0; i < 200; i++) {
      const probe = cli("compile", SAMPLE_IR, "-o", fifo);
      if (probe.status === 0) break;
      expect(probe.err).toMatch(/no process is reading/);
      await new Promise((res) => setTimeout(res, 20));
    }
    await done;
    const got = Buffer.concat(chunks).toString("utf8");
    expect(JSON.parse(got)).toHaveProperty("godwarfObject");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temps(d)).toEqual([]);
  });

  it("a named pipe nobody reads: an error at once, not a hang", () => {
    const d = fresh();
    const fifo = join(d, "fifo");
    execFileSync("mkfifo", [fifo]);
    const t0 = performance.now();
    const r = cli("build", SAMPLE_IR, "-o", fifo);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.status).toBe(1);
    expectCleanError(r.err, fifo);
    expect(r.err).toMatch(/named pipe that no process is reading/);
    expect(temps(d)).toEqual([]);
  });

  it("a chain of symbolic links is followed; the last target is replaced, the links stay links", () => {
    const d = fresh();
    const other = join(d, "other");
    mkdirSync(other);
    writeFileSync(join(other, "real"), "old");
    mkdirSync(join(d, "sub"));
    symlinkSync("../other/real", join(d, "sub", "b"));
    symlinkSync("sub/b", join(d, "a"));
    const r = cli("build", SAMPLE_IR, "-o", join(d, "a"));
    expect(r.status, r.err).toBe(0);
    expect(lstatSync(join(d, "a")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, "sub", "b")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(other, "real"))).toEqual(reference);
    expect([...temps(d), ...temps(join(d, "sub")), ...temps(other)]).toEqual([]);
  });

  it("a dangling link creates the file it names, as cp does", () => {
    const d = fresh();
    symlinkSync("made", join(d, "dl"));
    expect(cli("build", SAMPLE_IR, "-o", join(d, "dl")).status).toBe(0);
    expect(lstatSync(join(d, "dl")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "made"))).toEqual(reference);
  });

  it("a link loop is a clean error", () => {
    const d = fresh();
    symlinkSync("y", join(d, "x"));
    symlinkSync("x", join(d, "y"));
    const r = cli("build", SAMPLE_IR, "-o", join(d, "x"));
    expect(r.status).toBe(1);
    expectCleanError(r.err, join(d, "x"));
    expect(r.err).toMatch(/too many levels of symbolic links/);
  });

  it("an existing file keeps its permissions; a new executable is 0755, a new object 0644", () => {
    const d = fresh();
    const p = join(d, "p");
    writeFileSync(p, "old");
    chmodSync(p, 0o600);
    expect(cli("build", SAMPLE_IR, "-o", p).status).toBe(0);
    expect(statSync(p).mode & 0o7777).toBe(0o600);
    expect(readFileSync(p)).toEqual(reference);
    expect(cli("build", SAMPLE_IR, "-o", join(d, "q")).status).toBe(0);
    expect(statSync(join(d, "q")).mode & 0o7777).toBe(0o755);
    expect(cli("compile", SAMPLE_IR, "-o", join(d, "o.json")).status).toBe(0);
    expect(statSync(join(d, "o.json")).mode & 0o7777).toBe(0o644);
  });

  it("a directory is refused, and so is an output reached twice through a link", () => {
    const d = fresh();
    const r = cli("build", SAMPLE_IR, "-o", d);
    expect(r.status).toBe(1);
    expectCleanError(r.err, d);
    expect(r.err).toMatch(/is a directory/);
    symlinkSync("p", join(d, "p.debug"));
    const t = cli("build", SAMPLE_IR, "-o", join(d, "p"), "--debug", "external");
    expect(t.status).toBe(1);
    expect(t.err).toMatch(/same file/);
    expect(readdirSync(d)).toEqual(["p.debug"]);
  });
});

describe("paths that cannot be written fail at once, in words", () => {
  it.each([
    ["demo", "/proc/x"],
    ["demo", "/proc/self/x/y"],
    ["build", "/proc/x/y"],
    ["compile", "/proc/x/y"],
    ["build", "/nonexistent-dir-godwarf/p"],
  ])("%s -o %s", (cmd, path) => {
    const t0 = performance.now();
    const args = cmd === "demo" ? ["demo", "-o", path] : [cmd, SAMPLE_IR, "-o", path];
    const r = cli(...args);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.status).toBe(1);
    expect(r.err.split("\n").length).toBe(2);
    expect(r.err).not.toMatch(/\bE[A-Z]{3,}\b/);
    expect(r.err).toMatch(/cannot (create the directory|write)/);
  });

  it("demo -o a file that is not a directory", () => {
    const d = fresh();
    writeFileSync(join(d, "f"), "x");
    const r = cli("demo", "-o", join(d, "f"));
    expect(r.status).toBe(1);
    expectCleanError(r.err, join(d, "f"));
  });
});

describe("SIGTERM and SIGINT during a run", () => {
  let built: BuiltCli;
  beforeAll(() => {
    built = builtCli();
  });
  afterAll(() => built?.cleanup());

  /** Runs the built CLI and sends `sig` after `ms` milliseconds; resolves when it has exited. */
  function runAndSignal(args: string[], sig: NodeJS.Signals, ms: number): Promise<number | null> {
    return new Promise((res) => {
      const child = spawn(process.execPath, [built.main, ...args], { stdio: "ignore" });
      const timer = setTimeout(() => child.kill(sig), ms);
      child.on("exit", (code) => {
        clearTimeout(timer);
        res(code);
      });
    });
  }

  it("the old output or the whole new one, never a part, and no temporary file left", async () => {
    const d = fresh();
    const out = join(d, "prog");
    let outcomes = { old: 0, new: 0 };
    // Deterministic moments across the run: start-up, compile, link, write.
    for (const [i, ms] of [50, 150, 250, 350, 450, 550, 650, 800, 1000, 1300].entries()) {
      writeFileSync(out, "old executable");
      writeFileSync(`${out}.debug`, "old debug file");
      const sig: NodeJS.Signals = i % 2 === 0 ? "SIGTERM" : "SIGINT";
      await runAndSignal(["build", SAMPLE_IR, "-o", out, "--debug", "external"], sig, ms);
      expect(temps(d), `${sig} after ${ms} ms`).toEqual([]);
      const exe = readFileSync(out, "latin1");
      const dbg = readFileSync(`${out}.debug`, "latin1");
      if (exe === "old executable") {
        // The executable goes last: an old one may sit beside a new debug file, never the reverse.
        outcomes = { ...outcomes, old: outcomes.old + 1 };
        expect(dbg === "old debug file" || dbg.startsWith("\x7fELF")).toBe(true);
      } else {
        outcomes = { ...outcomes, new: outcomes.new + 1 };
        expect(exe.startsWith("\x7fELF")).toBe(true);
        expect(dbg.startsWith("\x7fELF")).toBe(true);
      }
    }
    expect(outcomes.old + outcomes.new).toBe(10);
  });
});
