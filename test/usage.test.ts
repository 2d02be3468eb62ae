/**
 * Bad usage (issue #9), generated for every command and flag: a single-value flag given twice, a
 * boolean flag given something other than true or false, an option with no value, an empty value
 * where a name is needed (`-o ''`, `--build-id ""`), an empty build id (`--build-id 0x`). Each
 * case must exit 2 with exactly two lines on standard error: `godwarf: ...` naming the flag, then
 * `Run "godwarf COMMAND --help" for usage.`; nothing on standard output and no file written.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");

let dir: string;
let obj: string;
let exe: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-usage-"));
  obj = join(dir, "sample.obj.json");
  exe = join(dir, "sample");
  expect(cli("compile", SAMPLE_IR, "-o", obj).status).toBe(0);
  expect(cli("build", SAMPLE_IR, "-o", exe).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Command {
  /** The command and its required arguments; OUT stands for a fresh output path. */
  base: () => string[];
  /** Flags that take one value, with a good value for each. */
  values: [string, string][];
  booleans: string[];
}

const LINK_VALUES: [string, string][] = [
  ["-o", "OUT2"],
  ["--output", "OUT2"],
  ["--dwarf", "4"],
  ["--build-id", "sha1"],
  ["--go-build-id", "a/b/c/d"],
  ["--goroot", "/usr/lib/go"],
  ["--debug", "external"],
  ["--external-debuginfo", "OUT2.debug"],
];
const LINK_BOOLEANS = ["-w", "-s", "--compressdwarf", "--dwarf-compress", "--json"];

const COMMANDS: Record<string, Command> = {
  build: { base: () => ["build", SAMPLE_IR, "-o", "OUT"], values: LINK_VALUES, booleans: LINK_BOOLEANS },
  link: { base: () => ["link", "OBJ", "-o", "OUT"], values: LINK_VALUES, booleans: LINK_BOOLEANS },
  compile: {
    base: () => ["compile", SAMPLE_IR, "-o", "OUT"],
    values: [["-o", "OUT2"]],
    booleans: ["--provenance"],
  },
  demo: { base: () => ["demo", "-o", "OUT"], values: [["-o", "OUT2"]], booleans: [] },
  dump: { base: () => ["dump", "EXE"], values: [], booleans: ["--info", "--line", "--json"] },
  objdump: { base: () => ["objdump", SAMPLE_IR], values: [], booleans: ["--explain", "--json"] },
  abbrev: { base: () => ["abbrev"], values: [["--dwarf", "4"]], booleans: ["--hex"] },
  split: {
    base: () => ["split", "EXE", "-o", "OUT"],
    values: [
      ["-o", "OUT2"],
      ["--debug-file", "OUT2.debug"],
      ["--build-id-dir", "OUT2.d"],
    ],
    booleans: ["--add-build-id", "-s", "--any", "--json"],
  },
  "source-url": { base: () => ["source-url", "EXE"], values: [], booleans: ["--json"] },
};

interface Case {
  name: string;
  command: string;
  args: string[];
  /** The flag the message must name (without dashes). */
  flag: string;
}

/** Every case of every class, deterministically. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const [command, c] of Object.entries(COMMANDS)) {
    const base = c.base();
    const without = (flag: string): string[] => {
      // The base's own -o is dropped when the case is about -o (so "twice" means twice).
      const i = base.indexOf("-o");
      return flag === "-o" || flag === "--output" ? [...base.slice(0, i), ...base.slice(i + 2)] : base;
    };
    for (const [flag, good] of c.values) {
      const name = flag.replace(/^-+/, "");
      const b = without(flag);
      out.push({ name: `${flag} twice`, command, args: [...b, flag, good, flag, good], flag: name });
      out.push({
        name: `${flag} twice, = form`,
        command,
        args: [...b, `${flag}=${good}`, flag, good],
        flag: name,
      });
      out.push({ name: `${flag} with no value at the end`, command, args: [...b, flag], flag: name });
      const other = c.booleans[0];
      if (other !== undefined)
        out.push({ name: `${flag} followed by a flag`, command, args: [...b, flag, other], flag: name });
      if (flag !== "--go-build-id")
        out.push({ name: `${flag} ''`, command, args: [...b, flag, ""], flag: name });
    }
    for (const flag of c.booleans) {
      const name = flag.replace(/^-+/, "");
      for (const bad of ["maybe", "1", "yes", ""])
        out.push({ name: `${flag}=${bad}`, command, args: [...base, `${flag}=${bad}`], flag: name });
      out.push({ name: `${flag} twice`, command, args: [...base, flag, `${flag}=false`], flag: name });
    }
  }
  for (const command of ["build", "link"]) {
    const base = COMMANDS[command]!.base();
    for (const id of ["0x", "0X", ""])
      out.push({
        name: `--build-id ${JSON.stringify(id)}`,
        command,
        args: [...base, "--build-id", id],
        flag: "build-id",
      });
    out.push({
      name: "--build-id and -B style twice",
      command,
      args: [...base, "--build-id", "sha1", "--build-id", "md5"],
      flag: "build-id",
    });
  }
  return out;
}

describe("bad usage: exit 2, one line naming the flag, one line pointing to --help", () => {
  const all = cases();
  it("covers every class for every command", () => {
    expect(all.length).toBeGreaterThan(100);
  });
  let n = 0;
  it.each(all.map((c) => [`${c.command}: ${c.name}`, c] as const))("%s", (_name, c) => {
    const d = join(dir, `case${n++}`);
    mkdirSync(d);
    const args = c.args.map((a) =>
      a === "OBJ"
        ? obj
        : a === "EXE"
          ? exe
          : a.replace(/^OUT/, join(d, "out")).replace(/=OUT/, `=${join(d, "out")}`),
    );
    const t0 = performance.now();
    const r = cli(...args);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.status, `${args.join(" ")}: ${r.err}`).toBe(2);
    expect(r.err).toMatch(
      new RegExp(`^godwarf: [^\\n]*${c.flag}[^\\n]*\\nRun "godwarf ${c.command} --help" for usage\\.\\n$`),
    );
    expect(r.out).toBe("");
    expect(readdirSync(d)).toEqual([]);
  });
});
