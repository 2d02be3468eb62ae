/**
 * The CLI: exit statuses, --help, `abbrev` output, `dump --json` shape. Most cases run in-process
 * (cli/app.ts runCli); a few run the built dist/cli/main.js the way users do.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAbbrev } from "../dwarf/abbrev.js";
import { cli } from "../cli/runcli.test-util.js";
import { type BuiltCli, builtCli, runBuilt } from "../cli/buildcli.test-util.js";
import { dwarfSections, readElf } from "../elf/reader.js";
import { toHex } from "../elf/notes.js";
import { goBuild } from "./gobuild.js";
import { dumpSchema } from "./jsonschema.js";
import { missingOracle } from "./oracles.js";

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
    // One line naming the problem, one pointing to --help; never the whole help text.
    expect(r.err).toMatch(/^godwarf: [^\n]+\nRun "godwarf( [a-z-]+)? --help" for usage\.\n$/);
    expect(r.err).not.toMatch(/Options:/);
    expect(r.out).toBe("");
  });

  it.each([[[]], [["abbrev"]], [["dump"]], [["compile"]], [["objdump"]]])(
    "--help on %j teaches, exit 0",
    (args) => {
      const r = cli(...args, "--help");
      expect(r.status).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).toMatch(/godwarf/);
      if (args.length > 0) expect(r.out).toMatch(/Examples:/);
      if (args[0] === "dump") expect(r.out).toMatch(/--json[\s\S]*--info[\s\S]*--line|--info[\s\S]*--json/);
    },
  );

  it("an unreadable file exits 1 with one line and no stack trace", () => {
    const missing = join(dir, "missing");
    const r = cli("dump", missing);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${missing}: cannot read: no such file or directory\n`);
    const d = cli("dump", dir);
    expect(d.status).toBe(1);
    expect(d.err).toBe(`godwarf: ${dir}: cannot read: is a directory\n`);
  });

  it("a FormatError exits 1 as FILE: SECTION+0xOFF: problem", () => {
    const f = join(dir, "notelf.txt");
    const r = cli("dump", f, "--json");
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${f}: ELF header+0x0: bad magic number (not an ELF file)\n`);
    expect(r.out).toBe("");
  });
});

/** Shape checks of a `dump --json` document: schema/dump.schema.json, and some DIEs. */
function checkJsonShape(doc: Record<string, unknown>, file: string): void {
  expect(doc.file).toBe(file);
  expect(doc.schemaVersion).toBe(1);
  expect(dumpSchema.validate(doc)).toBeUndefined();
  for (const k of ["info", "line", "frame", "ranges", "loc", "addr"]) expect(doc).toHaveProperty(k);
  const units = doc.info as { root: { tag: string } }[];
  expect(units.length).toBeGreaterThan(0);
  expect(units[0]!.root.tag).toBe("DW_TAG_compile_unit");
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
    const root = (doc.info as { root: { attrs: { name: string; value: unknown }[] } }[])[0]!.root;
    // gcc records the source path as given on its command line.
    expect(root.attrs.find((a) => a.name === "DW_AT_name")?.value).toBe(join(dir, "hello.c"));
  });

  it("a section flag limits the JSON document to that part", () => {
    const doc = JSON.parse(cli("dump", hello, "--json", "--info").out) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      "schemaVersion",
      "file",
      "dwarfFile",
      "dwarfFoundBy",
      "littleEndian",
      "addressSize",
      "info",
    ]);
    // A file with DWARF of its own is read as it is.
    expect([doc.dwarfFile, doc.dwarfFoundBy]).toEqual([hello, "self"]);
  });

  it("text output resolves values: the language by name, file names, type names beside references", () => {
    const r = cli("dump", hello, "--info");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/: DW_TAG_compile_unit\n/);
    expect(r.out).toMatch(/DW_AT_language +DW_LANG_C\w*\n/);
    expect(r.out).toMatch(/DW_AT_decl_file +\d+ \(\S*hello\.c\)/);
    expect(r.out).toMatch(/DW_AT_type +<0x[0-9a-f]+> "int"/);
    expect(r.out).not.toMatch(/<0x[0-9a-f]+>\n/);
  });

  it("--raw: the DIE tree as written, attribute names and forms", () => {
    const r = cli("dump", hello, "--info", "--raw");
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
    const units = doc.info as { root: { attrs: { name: string; value: unknown }[] } }[];
    const producers = units.map((u) => u.root.attrs.find((a) => a.name === "DW_AT_producer")?.value);
    expect(producers).toContainEqual(expect.stringMatching(/^Go cmd\/compile go1\.26/));
  });
});

/** The program the compile and objdump tests use: the shared sample once it exists, else objfile's own. */
const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");
const TINY_IR = join(import.meta.dirname, "..", "compiler", "objfile", "testdata", "tiny.json");

describe("a program without a types table (a hand-made one may lack it)", () => {
  it("compiles, but build says why it cannot link: exit 1, nothing written", () => {
    const doc = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "testdata", "ir", "generics.json"), "utf8"),
    ) as Record<string, unknown>;
    delete doc.types;
    const d = mkdtempSync(join(dir, "typeless-"));
    const f = join(d, "captured.json");
    writeFileSync(f, JSON.stringify(doc));
    expect(cli("compile", f, "-o", join(d, "c.obj.json")).status).toBe(0);
    const r = cli("build", f, "-o", join(d, "prog"));
    expect([r.status, r.out]).toEqual([1, ""]);
    expect(r.err).toMatch(
      /missing type.*without a types table.*a link does not; godwarf capture writes the table\)\n$/,
    );
    expect(existsSync(join(d, "prog"))).toBe(false);
  });
});

describe("objdump --sym", () => {
  it("shows one function and its DWARF aux symbols", () => {
    const r = cli("objdump", "--explain", SAMPLE_IR, "--sym", "main.sumSquares");
    expect([r.err, r.status]).toEqual(["", 0]);
    expect(r.out).toMatch(/DWARF 5, 5 of \d+ symbols\n/);
    const shown = [...r.out.matchAll(/^\[\d+\] (\S+)/gm)].map((m) => m[1]);
    expect(shown).toEqual([
      "main.sumSquares",
      "main.sumSquares.info",
      "main.sumSquares.loc",
      "main.sumSquares.ranges",
      "main.sumSquares.lines",
    ]);
    const none = cli("objdump", SAMPLE_IR, "--sym", "main.nope");
    expect([none.status, none.out]).toEqual([1, ""]);
    expect(none.err).toMatch(/no symbol named main\.nope/);
  });
});

describe.each([
  ["compiler/objfile/testdata/tiny.json", TINY_IR],
  ["testdata/ir/sample.json", SAMPLE_IR],
])("compile and objdump on %s", (_, program) => {
  const skip = !existsSync(program);
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(dir, "obj-"));
  });

  it.skipIf(skip)("compile writes the object atomically, the same bytes every time", () => {
    const a = join(out, "a.obj.json");
    const b = join(out, "b.obj.json");
    expect(cli("compile", program, "-o", a)).toMatchObject({ status: 0, err: "", out: "" });
    expect(cli("compile", program, "-o", b, "--provenance").status).toBe(0);
    expect(cli("compile", program, "-o", b).status).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
    // No temporary file is left behind, and the object reads back.
    expect(readdirSync(out).sort()).toEqual(["a.obj.json", "b.obj.json"]);
    const doc = JSON.parse(readFileSync(a, "utf8")) as {
      godwarfObject: number;
      symbols: { defined: boolean }[];
    };
    expect(doc.godwarfObject).toBe(2);
    expect(doc.symbols.some((s) => !s.defined)).toBe(true);
    expect(cli("compile", program, "-o", "-").out).toBe(readFileSync(a, "utf8"));
  });

  it.skipIf(skip)("objdump --explain names the modelled Go function that wrote each byte", () => {
    const o = join(out, "p.obj.json");
    expect(cli("compile", program, "-o", o, "--provenance").status).toBe(0);
    const r = cli("objdump", "--explain", o);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/# putpclcdelta\n/);
    expect(r.out).toMatch(/# PutDefaultFunc abbrev\n/);
    expect(r.out).toMatch(/SDWARFLINES\(20\)/);
    // The program itself is compiled in memory with provenance: the same dump.
    expect(cli("objdump", "--explain", program).out).toBe(r.out);
    // Without provenance the dump says how to get it.
    const plain = join(out, "plain.obj.json");
    cli("compile", program, "-o", plain);
    expect(cli("objdump", "--explain", plain).out).toMatch(/compile with --provenance/);
  });

  it.skipIf(skip)("objdump --json is one document with each symbol's decoded bytes", () => {
    const r = cli("objdump", program, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as { symbols: { kind: { name: string }; decoded: { format: string } }[] };
    const formats = new Set(doc.symbols.map((s) => `${s.kind.name}:${s.decoded.format}`));
    expect(formats).toContain("SDWARFFCN:dies");
    expect(formats).toContain("SDWARFLINES:lines");
  });
});

describe("compile and objdump: bad input and usage", () => {
  let out: string;
  let obj: string;
  beforeAll(() => {
    out = mkdtempSync(join(dir, "bad-"));
    obj = join(out, "good.obj.json");
    expect(cli("compile", TINY_IR, "-o", obj, "--provenance").status).toBe(0);
  });

  it("a truncated object exits 1 with the file, line and column", () => {
    const f = join(out, "trunc.obj.json");
    writeFileSync(f, readFileSync(obj, "utf8").slice(0, 300));
    const r = cli("objdump", f);
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      new RegExp(`^godwarf: ${f}: \\(document\\): invalid JSON: .+ \\(line \\d+, column \\d+\\)\\n$`),
    );
  });

  it("a corrupt value exits 1 with the file and the JSON pointer", () => {
    const f = join(out, "corrupt.obj.json");
    const doc = JSON.parse(readFileSync(obj, "utf8")) as { symbols: { kind: { number: number } }[] };
    doc.symbols[1]!.kind.number = 99;
    writeFileSync(f, JSON.stringify(doc));
    const r = cli("objdump", f, "--explain");
    expect(r.status).toBe(1);
    expect(r.err).toBe(`godwarf: ${f}: /symbols/1/kind/number: SDWARFFCN is 14 in go1.26, found 99\n`);
    const ir = join(out, "notir.json");
    writeFileSync(ir, "[1, 2]");
    expect(cli("compile", ir, "-o", join(out, "x.json")).err).toMatch(
      new RegExp(`^godwarf: ${ir}: \\(document\\): `),
    );
    expect(cli("objdump", ir).err).toMatch(/neither an object file .* nor a program IR/);
  });

  it("bad DWARF bytes exit 1 naming the symbol and offset", () => {
    const f = join(out, "badbytes.obj.json");
    const doc = JSON.parse(readFileSync(obj, "utf8")) as { symbols: { label: string; data: string }[] };
    const info = doc.symbols.find((s) => s.label === "main.main.info")!;
    info.data = `7e${info.data.slice(2)}`;
    writeFileSync(f, JSON.stringify(doc));
    const r = cli("objdump", f);
    expect([r.status, r.out]).toEqual([1, ""]);
    expect(r.err).toBe(`godwarf: ${f}: main.main.info+0x0: unknown abbrev code 126\n`);
  });

  it("a failed compile leaves an existing output untouched and no temporary file", () => {
    const bad = join(out, "bad.json");
    writeFileSync(bad, '{"irVersion": 1,');
    const before = readFileSync(obj);
    const listing = readdirSync(out).sort();
    const r = cli("compile", bad, "-o", obj);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^godwarf: ${bad}: \\(document\\): invalid JSON: .*\\(line 1, column \\d+\\)`),
    );
    expect(readFileSync(obj)).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(listing);
    const w = cli("compile", TINY_IR, "-o", join(out, "no", "such", "dir.json"));
    expect(w.status).toBe(1);
    expect(w.err).toMatch(/dir\.json: cannot write: no such directory\n$/);
  });

  it.each([
    [["compile"], /Not enough non-option arguments/],
    [["compile", "p.json"], /Missing required argument: output/],
    [["compile", "p.json", "-o"], /-o needs a value/],
    [["objdump"], /Not enough non-option arguments/],
    [["objdump", "a", "b"], /Unknown argument: b/],
    [["objdump", "a", "--frobnicate"], /Unknown argument/],
  ])("bad usage %j exits 2 with the usage message", (args, re) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(re);
    // One line naming the problem, one pointing to --help; never the whole help text.
    expect(r.err).toMatch(/^godwarf: [^\n]+\nRun "godwarf( [a-z-]+)? --help" for usage\.\n$/);
    expect(r.err).not.toMatch(/Options:/);
    expect(r.out).toBe("");
  });

  it("never overwrites the input: -o naming the program exits 2", () => {
    const p = join(out, "prog.json");
    writeFileSync(p, readFileSync(TINY_IR));
    const r = cli("compile", p, "-o", p);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/must not be the input program/);
    expect(readFileSync(p)).toEqual(readFileSync(TINY_IR));
  });

  it.each([[["compile"]], [["objdump"]]])("--help on %j teaches with examples, exit 0", (args) => {
    const r = cli(...args, "--help");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/Examples:/);
    expect(r.out).toMatch(args[0] === "compile" ? /--provenance/ : /--explain[\s\S]*--json/);
  });
});

describe("the built CLI: compile and objdump", () => {
  let built: BuiltCli;
  beforeAll(() => {
    built = builtCli();
  });
  afterAll(() => built?.cleanup());

  it("compiles, dumps, and fails on bad input without a stack trace", () => {
    const out = mkdtempSync(join(dir, "built-"));
    const o = join(out, "t.obj.json");
    expect(runBuilt(built, ["compile", TINY_IR, "-o", o, "--provenance"]).status).toBe(0);
    const r = runBuilt(built, ["objdump", "--explain", o]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.toString()).toMatch(/# putpclcdelta/);
    writeFileSync(o, "{");
    const bad = runBuilt(built, ["objdump", o], { GODWARF_DEBUG: "" });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(runBuilt(built, ["compile"]).status).toBe(2);
  });
});

describe("link, build and demo", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(dir, "link-"));
  });
  const sameBytes = (a: string, b: string) => Buffer.compare(readFileSync(a), readFileSync(b)) === 0;
  const sectionNames = (file: string) =>
    readElf(new Uint8Array(readFileSync(file)))
      .sections.slice(1)
      .map((s) => s.name);

  it("build writes an executable (mode 0755) and prints its sections; twice gives the same bytes", () => {
    const a = join(out, "a");
    const b = join(out, "b");
    const r = cli("build", SAMPLE_IR, "-o", a);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`^wrote ${a}: ELF64 x86-64 executable, [\\d,]+ bytes, entry 0x[0-9a-f]+ \\(main\\.main\\)`),
    );
    expect(r.out).toMatch(/DWARF 5, compressed/);
    expect(r.out).toMatch(/GNU build ID: [0-9a-f]{40} \(-B gobuildid\)/);
    expect(r.out).toMatch(/\.debug_info\s+[\d,]+\s+C\s+\([\d,]+ inflated\)/);
    expect(statSync(a).mode & 0o777).toBe(0o755);
    expect(cli("build", SAMPLE_IR, "-o", b).status).toBe(0);
    expect(sameBytes(a, b)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(["a", "b"]);
    const elf = readElf(new Uint8Array(readFileSync(a)));
    expect(dwarfSections(elf).sections.debug_info!.length).toBeGreaterThan(1000);
  });

  it("link of the compiled object gives the same executable as build", () => {
    const o = join(out, "sample.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", o).status).toBe(0);
    const l = join(out, "linked");
    const r = cli("link", o, "-o", l, "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as {
      file: string;
      sections: { name: string; flags: string }[];
      dwarf: boolean;
    };
    expect(doc.file).toBe(l);
    expect(doc.dwarf).toBe(true);
    expect(doc.sections.map((s) => s.name)).toEqual(sectionNames(l));
    const built = join(out, "built");
    expect(cli("build", SAMPLE_IR, "-o", built).status).toBe(0);
    expect(sameBytes(l, built)).toBe(true);
  });

  it("-w, -s, -s -w=false and --compressdwarf=false shape the sections as Go's flags do", () => {
    const f = (name: string, ...flags: string[]) => {
      const p = join(out, name);
      expect(cli("build", SAMPLE_IR, "-o", p, ...flags).status).toBe(0);
      return sectionNames(p);
    };
    const dbg = (n: string[]) => n.filter((x) => x.startsWith(".debug_"));
    expect(dbg(f("w", "-w"))).toEqual([]);
    expect(f("w", "-w")).toContain(".symtab");
    const s = f("s", "-s");
    expect(dbg(s)).toEqual([]);
    expect(s).not.toContain(".symtab");
    const sw = f("sw", "-s", "-w=false");
    expect(dbg(sw).length).toBe(8);
    expect(sw).not.toContain(".symtab");
    f("plain", "--compressdwarf=false");
    f("plain2", "--dwarf-compress=false");
    expect(sameBytes(join(out, "plain"), join(out, "plain2"))).toBe(true);
    const plain = readElf(new Uint8Array(readFileSync(join(out, "plain"))));
    expect(plain.sections.every((x) => x.compression === undefined)).toBe(true);
    const r = cli("build", SAMPLE_IR, "-o", join(out, "sha"), "--build-id", "sha256");
    expect(r.out).toMatch(/GNU build ID: [0-9a-f]{64} \(-B sha256\)/);
  });

  it("--dwarf 4 builds DWARF 4; link refuses objects of another version than --dwarf asks", () => {
    const four = join(out, "four");
    const r = cli("build", SAMPLE_IR, "-o", four, "--dwarf", "4");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/DWARF 4/);
    expect(sectionNames(four)).toContain(".debug_ranges");
    const o = join(out, "five.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", o).status).toBe(0);
    const bad = cli("link", o, "-o", join(out, "nope"), "--dwarf", "4");
    expect(bad.status).toBe(1);
    expect(bad.err).toBe(`godwarf: ${o}: compiled for DWARF 5, but --dwarf 4 was asked for\n`);
    expect(cli("build", SAMPLE_IR, "-o", join(out, "x"), "--dwarf", "3").status).toBe(2);
  });

  it("a bad object exits 1 naming the file; a failed link leaves the output as it was", () => {
    const good = join(out, "keep");
    expect(cli("build", SAMPLE_IR, "-o", good).status).toBe(0);
    const before = readFileSync(good);
    const bad = join(out, "bad.obj.json");
    writeFileSync(bad, '{"godwarfObject": 1, "symbols": [');
    const r = cli("link", bad, "-o", good);
    expect([r.status, r.out]).toEqual([1, ""]);
    expect(r.err).toMatch(new RegExp(`^godwarf: ${bad}: \\(document\\): invalid JSON`));
    expect(readFileSync(good)).toEqual(before);
    const ir = cli("link", SAMPLE_IR, "-o", good);
    expect(ir.status).toBe(1);
    expect(ir.err).toMatch(/a program IR, not an object file/);
    const missing = cli("link", join(out, "nope.obj.json"), "-o", good);
    expect(missing.err).toBe(
      `godwarf: ${join(out, "nope.obj.json")}: cannot read: no such file or directory\n`,
    );
    expect(readdirSync(out).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("objects of different DWARF versions exit 1 naming the odd one", () => {
    const v5 = join(out, "v5.obj.json");
    const v4 = join(out, "v4.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", v5).status).toBe(0);
    expect(
      cli("compile", join(import.meta.dirname, "..", "testdata", "ir", "globals.json"), "-o", v4).status,
    ).toBe(0);
    const r = cli("link", v5, v4, "-o", join(out, "mixed"));
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      `godwarf: ${v4}: compiled for DWARF 4, but ${v5} for DWARF 5: every object of a link must have the same DWARF version\n`,
    );
    expect(existsSync(join(out, "mixed"))).toBe(false);
  });

  it.each([
    [["link"], /Not enough non-option arguments/],
    [["build", "p.json"], /Missing required argument: output/],
    [["link", "a.obj.json"], /Missing required argument: output/],
    [
      ["build", "p.json", "-o", "x", "--build-id", "0x123"],
      /--build-id: -B argument must have even number of digits/,
    ],
    [["build", "p.json", "-o", "-"], /-o must name a file/],
    [["demo", "extra"], /Unknown argument: extra/],
  ])("bad usage %j exits 2", (args, re) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.out).toBe("");
  });

  it("never overwrites an input: -o naming one exits 1 (bad input) and leaves it alone", () => {
    const p = join(out, "prog.json");
    writeFileSync(p, readFileSync(SAMPLE_IR));
    const r = cli("build", p, "-o", p);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/is an input .*: an input is never overwritten/);
    expect(readFileSync(p)).toEqual(readFileSync(SAMPLE_IR));
  });

  it.each([[["link"]], [["build"]], [["demo"]]])("--help on %j teaches with examples, exit 0", (args) => {
    const r = cli(...args, "--help");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/Examples:/);
    if (args[0] !== "demo") expect(r.out).toMatch(/--compressdwarf[\s\S]*-w[\s\S]*-s[\s\S]*--build-id/);
  });

  it("demo -o DIR writes the sample, its object and its executable, and prints the tour", () => {
    const d = join(out, "demo");
    const r = cli("demo", "-o", d);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(d).sort()).toEqual([
      "external",
      "main.go",
      "sample",
      "sample.json",
      "sample.obj.json",
    ]);
    expect(statSync(join(d, "sample")).mode & 0o777).toBe(0o755);
    // The same executable `godwarf build` makes.
    const built = join(out, "demo-built");
    expect(cli("build", SAMPLE_IR, "-o", built).status).toBe(0);
    expect(sameBytes(join(d, "sample"), built)).toBe(true);
    for (const re of [
      /^godwarf demo: .* in /,
      /wrote .*sample: ELF64/,
      /1\. Compile units/,
      /main\s+DW_LANG_Go, producer "Go cmd\/compile go1\.26/,
      /2\. The DIE tree of main\.sumSquares/,
      /DW_TAG_subprogram "main\.sumSquares"/,
      /DW_TAG_formal_parameter "n"[\s\S]*DW_AT_location\s+location list: \[0x[0-9a-f]+, 0x[0-9a-f]+\) DW_OP_reg0 RAX/,
      /DW_TAG_inlined_subroutine[\s\S]*DW_AT_abstract_origin\s+<0x[0-9a-f]+> main\.add/,
      /3\. Its rows of the line table/,
      /0x[0-9a-f]+\s+main\.go:10\s+yes\s+sq := i \* i/,
      /Next, try:\n {2}npx godwarf dump \S+ --name main\.sumSquares -c /,
      /npx godwarf dump \S+ --unit main -r 1 /,
      /npx godwarf objdump --explain .*sample\.obj\.json/,
      /readelf -W -S -n /,
      /The external layout \(golang\/go#51692\)/,
      /external\/sample +the executable, [\d,]+ bytes: no \.debug_\*, a \.gnu_debuglink naming sample\.debug/,
      /external\/sample\.debug +its debug file, [\d,]+ bytes/,
      /filed by the GNU build id [0-9a-f]{40}/,
      /by build id: {2}gdb -batch -iex 'set debug-file-directory .*external' -ex 'info functions main\\\.' .*external\/sample/,
    ])
      expect(r.out).toMatch(re);
    // The external files are what `build --debug external --build-id-dir` writes.
    const ext = join(out, "demo-ext");
    mkdirSync(ext);
    const b = cli(
      "build",
      SAMPLE_IR,
      "-o",
      join(ext, "sample"),
      "--debug",
      "external",
      "--build-id-dir",
      ext,
    );
    expect(b.status).toBe(0);
    expect(readdirSync(join(d, "external"), { recursive: true }).sort()).toEqual(
      readdirSync(ext, { recursive: true }).sort(),
    );
    for (const f of ["sample", "sample.debug"])
      expect(sameBytes(join(d, "external", f), join(ext, f))).toBe(true);
    // The object has provenance: the next command the tour suggests works.
    expect(cli("objdump", "--explain", join(d, "sample.obj.json")).out).toMatch(/# PutDefaultFunc abbrev/);
    // Again into the same directory: the same files.
    const again = cli("demo", "-o", d);
    expect(again.status).toBe(0);
    expect(sameBytes(join(d, "sample"), built)).toBe(true);
  });

  it("demo without -o makes a new temporary directory and says where", () => {
    const r = cli("demo");
    expect(r.status).toBe(0);
    const where = /^godwarf demo: .* in (.+)$/m.exec(r.out)?.[1];
    expect(where).toBeDefined();
    try {
      expect(existsSync(join(where!, "sample"))).toBe(true);
    } finally {
      rmSync(where!, { recursive: true, force: true });
    }
  });
});

describe("the built CLI: demo and build", () => {
  let built: BuiltCli;
  beforeAll(() => {
    built = builtCli();
  });
  afterAll(() => built?.cleanup());

  it("demo finds the sample relative to the package and runs as users run it", () => {
    const d = mkdtempSync(join(dir, "built-demo-"));
    const r = runBuilt(built, ["demo", "-o", d]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/DW_TAG_subprogram "main\.sumSquares"/);
    const b = runBuilt(built, ["build", SAMPLE_IR, "-o", join(d, "b")]);
    expect(b.status).toBe(0);
    expect(readFileSync(join(d, "b"))).toEqual(readFileSync(join(d, "sample")));
    expect(runBuilt(built, ["build", SAMPLE_IR]).status).toBe(2);
  });
});

describe.skipIf(missingOracle("readelf", "llvm-dwarfdump"))(
  "the executables `build` writes, read by readelf and llvm-dwarfdump",
  () => {
    it.each([[[]], [["--compressdwarf=false"]]])(
      "flags %j: readelf -W -S -n is clean, llvm-dwarfdump --verify finds no errors",
      (flags) => {
        const f = join(mkdtempSync(join(dir, "oracle-")), "prog");
        expect(cli("build", SAMPLE_IR, "-o", f, ...flags).status).toBe(0);
        const re = spawnSync("readelf", ["-W", "-S", "-n", f], { encoding: "utf8" });
        expect([re.status, re.stderr]).toEqual([0, ""]);
        expect(re.stdout).toMatch(/\.note\.gnu\.build-id/);
        const dd = spawnSync("llvm-dwarfdump", ["--verify", f], { encoding: "utf8" });
        expect(dd.status).toBe(0);
        expect(dd.stdout).toMatch(/No errors\./);
      },
    );
  },
);
