/**
 * The CLI: exit statuses, --help, `abbrev` output, `dump --json` shape. Most cases run in-process
 * (cli/app.ts runCli); a few run the built dist/cli/main.js the way users do.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAbbrev } from "../dwarf/abbrev.js";
import { runCli } from "../cli/app.js";
import { type BuiltCli, builtCli, runBuilt } from "../cli/buildcli.test-util.js";
import { dwarfSections, readElf } from "../elf/reader.js";
import { toHex } from "../elf/notes.js";
import { goBuild } from "./gobuild.js";
import { missingOracle } from "./oracles.js";

interface Run {
  status: number;
  out: string;
  bytes: Uint8Array;
  err: string;
}

function cli(...args: string[]): Run {
  const chunks: Uint8Array[] = [];
  let err = "";
  const enc = new TextEncoder();
  const status = runCli(args, {
    stdout: (c) => chunks.push(typeof c === "string" ? enc.encode(c) : c),
    stderr: (c) => {
      err += c;
    },
  });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    bytes.set(c, p);
    p += c.length;
  }
  return { status, out: new TextDecoder().decode(bytes), bytes, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-cli-"));
  writeFileSync(join(dir, "notelf.txt"), "hello, not an ELF file\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("abbrev", () => {
  it("prints Go's DWARF 5 table raw by default and as hex with --hex", () => {
    const raw = cli("abbrev");
    expect(raw.status).toBe(0);
    expect(raw.bytes).toEqual(getAbbrev({ dwarf5: true }));
    const hex = cli("abbrev", "--hex");
    expect(hex.out).toBe(`${toHex(getAbbrev({ dwarf5: true }))}\n`);
    expect(hex.out).toMatch(/^[0-9a-f]+\n$/);
  });

  it("--dwarf 4 gives the DWARF 4 table, which differs", () => {
    const v4 = cli("abbrev", "--dwarf", "4", "--hex");
    expect(v4.status).toBe(0);
    expect(v4.out).toBe(`${toHex(getAbbrev({ dwarf5: false }))}\n`);
    expect(v4.out).not.toBe(cli("abbrev", "--hex").out);
  });
});

describe("usage and errors", () => {
  it.each([
    [[], /Give a command/],
    [["frobnicate"], /Unknown argument: frobnicate/],
    [["abbrev", "--dwarf", "3"], /Invalid values/],
    [["abbrev", "--bogus"], /Unknown argument/],
    [["dump"], /Not enough non-option arguments/],
    [["dump", "a", "b"], /Unknown argument: b/],
  ])("bad usage %j exits 2 with the usage message", (args, re) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).toMatch(/godwarf/);
    expect(r.err).toMatch(/Options:/);
    expect(r.out).toBe("");
  });

  it.each([[[]], [["abbrev"]], [["dump"]]])("--help on %j teaches, exit 0", (args) => {
    const r = cli(...args, "--help");
    expect(r.status).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/godwarf/);
    if (args.length > 0) expect(r.out).toMatch(/Examples:/);
    if (args[0] === "dump") expect(r.out).toMatch(/--json[\s\S]*--info[\s\S]*--line|--info[\s\S]*--json/);
  });

  it("an unreadable file exits 1 with one line and no stack trace", () => {
    const missing = join(dir, "missing");
    const r = cli("dump", missing);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${missing}: no such file\n`);
    const d = cli("dump", dir);
    expect(d.status).toBe(1);
    expect(d.err).toBe(`godwarf: ${dir}: is a directory\n`);
  });

  it("a FormatError exits 1 as FILE: SECTION+0xOFF: problem", () => {
    const f = join(dir, "notelf.txt");
    const r = cli("dump", f, "--json");
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${f}: ELF header+0x0: bad magic number (not an ELF file)\n`);
    expect(r.out).toBe("");
  });
});

/** Shape checks of a `dump --json` document. */
function checkJsonShape(doc: Record<string, unknown>, file: string): void {
  expect(doc.file).toBe(file);
  for (const k of ["units", "lines", "frames", "ranges", "locations", "addr"]) expect(doc).toHaveProperty(k);
  const units = doc.units as Record<string, unknown>[];
  expect(units.length).toBeGreaterThan(0);
  for (const u of units) {
    expect(Object.keys(u)).toEqual(["offset", "version", "unitType", "addressSize", "root"]);
    expect(u.unitType).toMatch(/^DW_UT_/);
  }
  const roots = units.map((u) => u.root as Record<string, unknown>);
  expect(roots[0]!.tag).toBe("DW_TAG_compile_unit");
  // Every DIE of every unit: {offset, tag, attrs: [{name, form, value}], children}; walk iteratively.
  const stack = [...roots];
  let dies = 0;
  while (stack.length > 0) {
    const d = stack.pop()!;
    dies++;
    expect(Object.keys(d)).toEqual(["offset", "tag", "attrs", "children"]);
    expect(d.tag).toMatch(/^DW_TAG_/);
    for (const a of d.attrs as Record<string, unknown>[]) {
      // Location-like blocks also carry their disassembly ("expr").
      const keys = Object.keys(a);
      expect(keys.slice(0, 3)).toEqual(["name", "form", "value"]);
      if (keys.length > 3) {
        expect(keys).toEqual(["name", "form", "value", "expr"]);
        expect(a.expr).toMatch(/^(DW_OP_|<)/);
      }
      expect(a.name).toMatch(/^DW_AT_/);
      expect(a.form).toMatch(/^DW_FORM_/);
      expect(["number", "string", "boolean"]).toContain(typeof a.value);
    }
    stack.push(...(d.children as Record<string, unknown>[]));
  }
  expect(dies).toBeGreaterThan(3);
}

describe.skipIf(missingOracle("gcc"))("dump of a gcc -g binary", () => {
  let hello: string;
  beforeAll(() => {
    writeFileSync(join(dir, "hello.c"), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
    hello = join(dir, "hello");
    execFileSync("gcc", ["-g", "-o", hello, join(dir, "hello.c")]);
  });

  it("--json is one document of the documented shape", () => {
    const r = cli("dump", hello, "--json");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    checkJsonShape(doc, hello);
    const root = (doc.units as { root: { attrs: { name: string; value: unknown }[] } }[])[0]!.root;
    // gcc records the source path as given on its command line.
    expect(root.attrs.find((a) => a.name === "DW_AT_name")?.value).toBe(join(dir, "hello.c"));
  });

  it("a section flag limits the JSON document to that part", () => {
    const doc = JSON.parse(cli("dump", hello, "--json", "--info").out) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["file", "units"]);
  });

  it("text output indents the DIE tree and names attributes and forms", () => {
    const r = cli("dump", hello, "--info");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/<0><0x[0-9a-f]+> DW_TAG_compile_unit/);
    expect(r.out).toMatch(/\n {4}<1><0x[0-9a-f]+> DW_TAG_subprogram/);
    expect(r.out).toMatch(/DW_AT_name \[DW_FORM_\w+\] "main"/);
  });
});

describe.skipIf(missingOracle("go"))("the built CLI", () => {
  let built: BuiltCli;
  beforeAll(() => {
    built = builtCli();
  });
  afterAll(() => built?.cleanup());

  it("abbrev output equals the .debug_abbrev of a real Go 1.26 binary", () => {
    const elf = readElf(readFileSync(goBuild("testdata/go/abbrev", { uncompressed: true })));
    const r = runBuilt(built, ["abbrev"]);
    expect(r.status).toBe(0);
    expect(new Uint8Array(r.stdout)).toEqual(dwarfSections(elf).sections.debug_abbrev);
  });

  it("bad usage exits 2, --help exits 0, a bad file exits 1 without a stack trace", () => {
    expect(runBuilt(built, ["dump"]).status).toBe(2);
    const help = runBuilt(built, ["dump", "--help"]);
    expect([help.status, help.stdout.toString()]).toEqual([0, expect.stringMatching(/Examples:/)]);
    const bad = runBuilt(built, ["dump", join(dir, "notelf.txt")], { GODWARF_DEBUG: "" });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const debug = runBuilt(built, ["dump", join(dir, "notelf.txt")], { GODWARF_DEBUG: "1" });
    expect(debug.stderr).toMatch(/\bat .*\.js:\d+/);
  });

  it("dumps a compressed Go binary as JSON", () => {
    const file = goBuild("testdata/go/abbrev");
    const r = runBuilt(built, ["dump", file, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
    checkJsonShape(doc, file);
    const units = doc.units as { root: { attrs: { name: string; value: unknown }[] } }[];
    const producers = units.map((u) => u.root.attrs.find((a) => a.name === "DW_AT_producer")?.value);
    expect(producers).toContainEqual(expect.stringMatching(/^Go cmd\/compile go1\.26/));
  });
});
