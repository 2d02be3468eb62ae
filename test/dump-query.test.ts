/**
 * `godwarf dump` as a learner uses it (issue #13): queries on a real Go binary checked against
 * llvm-dwarfdump --lookup, register names of arm64 and 386 builds against llvm-dwarfdump's,
 * .eh_frame and .eh_frame_hdr of a gcc-built C program against readelf --debug-dump=frames, colour
 * and width, and every help example's command line parsed as given.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitLine, makeStyle, useColor } from "../cli/format/style.js";
import { cli } from "../cli/runcli.test-util.js";
import { goBuild } from "./gobuild.js";
import { dumpSchema } from "./jsonschema.js";
import { missingOracle } from "./oracles.js";

const dir = mkdtempSync(join(tmpdir(), "godwarf-dumpq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const llvm = (args: string[]) =>
  execFileSync("llvm-dwarfdump", args, { encoding: "utf8", maxBuffer: 1 << 28 });

describe.skipIf(missingOracle("go", "llvm-dwarfdump"))("queries on a Go binary", () => {
  let prog: string;
  beforeAll(() => {
    prog = goBuild("testdata/go/sample", { uncompressed: true });
  });

  it("--name finds main.main; -c adds its children; --regex matches whole names", () => {
    const one = cli("dump", prog, "--name", "main.main");
    expect(one.status, one.err).toBe(0);
    expect(one.out).toMatch(/^0x[0-9a-f]{8}: DW_TAG_subprogram\n +DW_AT_name +"main\.main"/m);
    expect(one.out.match(/: +DW_TAG_/g)?.length).toBe(1);
    const kids = cli("dump", prog, "--name", "main.main", "-c");
    expect(kids.out.match(/: +DW_TAG_/g)!.length).toBeGreaterThan(1);
    const re = cli("dump", prog, "--name", "main\\.ma.n", "--regex");
    expect(re.out).toContain('"main.main"');
    expect(cli("dump", prog, "--name", "main\\.ma", "--regex").out).toBe("(no DIE matches)\n");
  });

  it("--die OFFSET -p shows the unit DIE above it; --unit main -r 0 only the unit DIE", () => {
    const m = /^0x([0-9a-f]{8}): DW_TAG_subprogram/m.exec(cli("dump", prog, "--name", "main.main").out)!;
    const r = cli("dump", prog, "--die", `0x${m[1]}`, "-p");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/: DW_TAG_compile_unit\n(.*\n)*0x[0-9a-f]{8}: {3}DW_TAG_subprogram/);
    const u = cli("dump", prog, "--unit", "main", "-r", "0");
    expect(u.out).toMatch(/DW_AT_language +DW_LANG_Go/);
    expect(u.out.match(/: +DW_TAG_/g)).toEqual([": DW_TAG_"]);
  });

  it("--lookup names the subprogram and line llvm-dwarfdump --lookup names", () => {
    const m = /DW_AT_low_pc +(0x[0-9a-f]+)/.exec(cli("dump", prog, "--name", "main.main").out)!;
    const pc = `0x${(BigInt(m[1]!) + 8n).toString(16)}`;
    const ours = cli("dump", prog, "--lookup", pc);
    expect(ours.status, ours.err).toBe(0);
    const theirs = llvm(["--lookup", pc, prog]);
    const sub = /DW_TAG_subprogram\n\s+DW_AT_name\t\("([^"]+)"\)/.exec(theirs)![1];
    expect(ours.out).toMatch(new RegExp(`subprogram +<0x[0-9a-f]+> "${sub!.replace(/\./g, "\\.")}"`));
    const line = /Line info: file '([^']+)', line (\d+)/.exec(theirs)!;
    expect(ours.out).toMatch(
      new RegExp(`line +0x[0-9a-f]+ \\S*${line[1]!.replace(/\./g, "\\.")}:${line[2]}\\b`),
    );
  });

  it("--json and --json-lines answer a query in the schema: the query, the lookup, the DIEs to the depth asked", () => {
    type Rec = Record<string, unknown>;
    type DieJson = { offset: number; tag: string; hasChildren: boolean; children: DieJson[] };
    const text = cli("dump", prog, "--name", "main.main").out;
    const low = BigInt(/DW_AT_low_pc +(0x[0-9a-f]+)/.exec(text)![1]!);
    const pc = `0x${(low + 8n).toString(16)}`;
    const args = ["--name", "main.main", "-r", "1", "-p", "--lookup", pc];
    const d = cli("dump", prog, ...args, "--json");
    expect(d.status, d.err).toBe(0);
    const doc = JSON.parse(d.out) as Rec & { selected: (Rec & { die: DieJson })[]; lookup: Rec };
    expect(dumpSchema.validate(doc)).toBeUndefined();
    expect(doc.query).toEqual({
      name: "main.main",
      regex: false,
      lookup: pc,
      showChildren: true,
      showParents: true,
      recurseDepth: 1,
    });
    expect(doc.selected).toHaveLength(1);
    const main = doc.selected[0]!.die;
    expect([main.tag, `0x${main.offset.toString(16).padStart(8, "0")}`]).toEqual([
      "DW_TAG_subprogram",
      /^(0x[0-9a-f]{8}): DW_TAG_subprogram/m.exec(text)![1],
    ]);
    // -r 1: its children, none of theirs.
    expect(main.children.length).toBeGreaterThan(0);
    for (const c of main.children) expect(c.children).toEqual([]);
    expect(doc.selected[0]!.parents).toHaveLength(1);
    expect(doc.lookup).toMatchObject({ kind: "lookup", pc, found: true, subprogram: main.offset });
    // The lines: the same records, one a line, between a "query" record and an "end" record.
    const l = cli("dump", prog, ...args, "--json-lines");
    expect(l.status, l.err).toBe(0);
    const lines = l.out
      .trim()
      .split("\n")
      .map((x) => JSON.parse(x) as Rec);
    for (const x of lines) expect(dumpSchema.validate(x)).toBeUndefined();
    expect(lines.map((x) => x.kind)).toEqual(["query", "lookup", "selected", "end"]);
    expect(lines.slice(1, -1)).toEqual([doc.lookup, ...doc.selected]);
    expect(lines.at(-1)).toEqual({ kind: "end", records: 2 });
    // Nothing matched is an empty answer, not an error.
    const none = JSON.parse(cli("dump", prog, "--name", "no.such", "--json").out) as Rec;
    expect([dumpSchema.validate(none), none.selected]).toEqual([undefined, []]);
  });

  it("usage: --regex without --name, -c alone, a bad offset exit 2", () => {
    expect(cli("dump", prog, "--regex").status).toBe(2);
    expect(cli("dump", prog, "-c").status).toBe(2);
    expect(cli("dump", prog, "--die", "zz").status).toBe(2);
    expect(cli("dump", prog, "--name", "(", "--regex").status).toBe(2);
  });

  it("values are resolved: no bare reference, enum names, file paths; --raw keeps the forms", () => {
    const r = cli("dump", prog, "--unit", "main");
    expect(r.out).not.toMatch(/<0x[0-9a-f]+>(\s*$|\s*\n)/m);
    expect(r.out).toMatch(/DW_AT_type +<0x[0-9a-f]+> "\S+"/);
    expect(r.out).toMatch(/DW_AT_decl_file +\d+ \(\S+\.go\)/);
    expect(cli("dump", prog, "--unit", "main", "--raw").out).toMatch(
      /DW_AT_type \[DW_FORM_ref_addr\] <0x[0-9a-f]+>\n/,
    );
  });
});

/** llvm-dwarfdump 14 names arm64 registers by their W views and vectors by B; the ABI's are X and V. */
function normalize(arch: string, name: string): string {
  if (arch !== "arm64") return name;
  if (name === "WSP") return "SP";
  return name.replace(/^W(\d+)$/, "X$1").replace(/^B(\d+)$/, "V$1");
}

describe.skipIf(missingOracle("go", "llvm-dwarfdump"))("register names of the file's machine", () => {
  it.each(["arm64", "386"])(
    "GOARCH=%s: location expressions and frame tables name registers as llvm-dwarfdump",
    (arch) => {
      const prog = goBuild("testdata/go/sample", {
        uncompressed: true,
        env: { GOARCH: arch, CGO_ENABLED: "0" },
      });
      const pairs = (text: string, f: (s: string) => string) => {
        const m = new Map<number, string>();
        for (const x of text.matchAll(/DW_OP_b?reg(\d+) ([A-Z][A-Z0-9]*)/g)) m.set(Number(x[1]), f(x[2]!));
        return m;
      };
      const theirs = pairs(llvm(["--debug-loclists", "--debug-info", prog]), (s) => normalize(arch, s));
      const ours = pairs(cli("dump", prog, "--loc", "--info").out, (s) => s);
      expect(theirs.size).toBeGreaterThan(2);
      for (const [n, name] of theirs) if (ours.has(n)) expect([n, ours.get(n)]).toEqual([n, name]);
      const cfa = /DW_CFA_def_cfa: ([A-Z0-9]+) \+/.exec(llvm(["--debug-frame", prog]))![1]!;
      expect(cli("dump", prog, "--frame").out).toContain(`(${normalize(arch, cfa)})`);
    },
  );
});

describe.skipIf(missingOracle("gcc", "readelf"))(".eh_frame of a gcc-built C program", () => {
  let exe: string;
  let re: string;
  beforeAll(() => {
    const src = join(dir, "c.c");
    writeFileSync(
      src,
      '#include <stdio.h>\nstatic int sq(int x) { return x * x; }\nint main(void) { printf("%d\\n", sq(3)); return 0; }\n',
    );
    exe = join(dir, "c");
    execFileSync("gcc", ["-g", "-O1", "-o", exe, src]);
    re = spawnSync("readelf", ["--debug-dump=frames", exe], { encoding: "utf8" }).stdout;
  });
  /** readelf's FDEs: [offset, CIE offset, pc begin, pc end]. */
  const readelfFdes = (): bigint[][] =>
    [...re.matchAll(/^([0-9a-f]{8}) \S+ \S+ FDE cie=([0-9a-f]{8}) pc=([0-9a-f]+)\.\.([0-9a-f]+)/gm)].map(
      (m) => [m[1], m[2], m[3], m[4]].map((h) => BigInt(`0x${h}`)),
    );
  /** Instructions as readelf spells them (its register names in lower case), expressions left out. */
  const ops = (lines: readonly string[]) =>
    lines
      .map((l) => l.toLowerCase().replace(/\s+/g, " ").trim())
      .filter((l) => !l.includes("expression"))
      .sort();

  it("the CIEs, FDEs and their instructions are readelf's; .eh_frame_hdr indexes every FDE", () => {
    const r = cli("dump", exe, "--frame");
    expect(r.status, r.err).toBe(0);
    const eh = r.out.slice(r.out.indexOf("\n.eh_frame\n"), r.out.indexOf("\n.eh_frame_hdr"));
    const theirs = readelfFdes();
    const ours = [
      ...eh.matchAll(/^FDE at 0x([0-9a-f]+): CIE 0x([0-9a-f]+), pc 0x([0-9a-f]+)\.\.0x([0-9a-f]+)/gm),
    ].map((m) => [m[1], m[2], m[3], m[4]].map((h) => BigInt(`0x${h}`)));
    expect(ours.length).toBeGreaterThan(1);
    expect(ours.sort()).toEqual(theirs.sort());
    // Instructions as readelf spells them (its register names in lower case), in any order (readelf
    // goes in section order, we print the CIEs first); expressions it disassembles, we show as bytes.
    const cfaLines = (text: string) => [...text.matchAll(/^ +(DW_CFA_\w+.*)$/gm)].map((m) => m[1]!);
    expect(ops(cfaLines(eh))).toEqual(
      ops(cfaLines(re.slice(re.indexOf("Contents of the .eh_frame section")))),
    );
    const hdr = /\.eh_frame_hdr at 0x[0-9a-f]+: version 1, .* (\d+) entries/.exec(r.out)!;
    expect(Number(hdr[1])).toBe(theirs.length);
  });

  it("--json and --json-lines carry the same .eh_frame records, valid, readelf's FDEs and instructions", () => {
    const r = cli("dump", exe, "--frame", "--json-lines");
    expect(r.status, r.err).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) expect(dumpSchema.validate(l)).toBeUndefined();
    const doc = JSON.parse(cli("dump", exe, "--frame", "--json").out) as { frame: Record<string, unknown>[] };
    expect(dumpSchema.validate(doc)).toBeUndefined();
    const records = lines.filter((l) => l.kind !== "dump" && l.kind !== "end");
    expect(doc.frame).toEqual(records);
    const eh = records.filter((l) => l.section === ".eh_frame");
    const fdes = eh.filter((l) => l.kind === "fde");
    const ours = fdes.map((f) => {
      const begin = BigInt(f.initialLocation as string);
      return [
        BigInt(f.offset as number),
        BigInt(f.cie as number),
        begin,
        begin + BigInt(f.addressRange as string),
      ];
    });
    const theirs = readelfFdes();
    expect(ours.length).toBeGreaterThan(1);
    expect(ours.sort()).toEqual(theirs.sort());
    const instructions = eh.flatMap((l) => l.instructions as string[]);
    const readelfOps = [
      ...re.slice(re.indexOf("Contents of the .eh_frame section")).matchAll(/^ +(DW_CFA_\w+.*)$/gm),
    ];
    expect(ops(instructions)).toEqual(ops(readelfOps.map((m) => m[1]!)));
    // gcc's CIEs are "zR" with pc-relative FDE addresses, as readelf says.
    const cie = eh.find((l) => l.kind === "cie")!;
    expect(cie.augmentation).toBe(/Augmentation: +"(\w+)"/.exec(re)![1]);
    expect(cie.fdeEncoding).toBe("sdata4|pcrel");
    // The header's search table: one entry per FDE, sorted by location, each pointing at an FDE.
    const hdr = records.at(-1)!;
    expect(hdr.kind).toBe("ehFrameHdr");
    const table = hdr.table as { location: string; fde: string }[];
    expect(table.length).toBe(fdes.length);
    const ehAddress = BigInt(hdr.ehFramePtr as string);
    const byAddress = new Map(fdes.map((f) => [ehAddress + BigInt(f.offset as number), f]));
    for (const e of table) expect(byAddress.get(BigInt(e.fde))?.initialLocation).toBe(e.location);
    const locs = table.map((e) => BigInt(e.location));
    expect(locs).toEqual([...locs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe("colour and width", () => {
  const term = (isTTY: boolean, env: Record<string, string | undefined> = {}) => ({
    isTTY,
    columns: 60,
    env,
  });
  it("auto colours a terminal unless NO_COLOR is set; always and never override", () => {
    expect(useColor("auto", term(true))).toBe(true);
    expect(useColor("auto", term(false))).toBe(false);
    expect(useColor("auto", term(true, { NO_COLOR: "1" }))).toBe(false);
    expect(useColor("always", term(false))).toBe(true);
    expect(useColor("never", term(true))).toBe(false);
  });
  it("lines are cut to the terminal's width, escapes not counted", () => {
    const st = makeStyle("always", term(true));
    const long = st.tag("x".repeat(100));
    expect(
      fitLine(long, 60)
        .split(String.fromCharCode(27))
        .map((p) => p.replace(/^\[[0-9;]*m/, ""))
        .join(""),
    ).toHaveLength(60);
    expect(fitLine("short", 60)).toBe("short");
    expect(makeStyle("never", term(false)).width).toBeUndefined();
  });
});

/** Shell words of a simple command line (single quotes, no expansions). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe("help examples and the demo's next commands", () => {
  const commands = [
    "dump",
    "demo",
    "objdump",
    "compile",
    "link",
    "build",
    "abbrev",
    "goobj",
    "goobjs",
    "conform",
    "capture",
  ];
  it.each(commands)("%s --help: every godwarf example starts with npx godwarf and parses", (cmd) => {
    const help = cli(cmd, "--help");
    expect(help.status).toBe(0);
    const ex = help.out.slice(help.out.indexOf("Examples:"));
    const lines = [...ex.matchAll(/^ {2}(\S.*?)(?: {2,}|$)/gm)]
      .map((m) => m[1]!)
      .filter((l) => l.includes("godwarf"));
    for (const l of lines) {
      expect(l).toMatch(/(^|\s)npx godwarf /);
      const argv = words(l.slice(l.indexOf("npx godwarf ") + "npx godwarf ".length).split(" | ")[0]!);
      // Parses: a usage error is exit 2; a missing file or the like is exit 1.
      const dd = argv.indexOf("--");
      const r = cli(...(dd < 0 ? argv : argv.slice(0, dd)), "--help");
      expect([l, r.status]).toEqual([l, 0]);
    }
  });
});

describe("the demo's next commands", () => {
  it("each `npx godwarf` line the demo prints runs as printed on the files it wrote", () => {
    const out = join(dir, "demo");
    const demo = cli("demo", "-o", out);
    expect(demo.status, demo.err).toBe(0);
    const next = demo.out.slice(demo.out.indexOf("Next, try:"));
    const lines = [...next.matchAll(/^ {2}npx godwarf (.*?)(?: {2,}.*)?$/gm)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) {
      const r = cli(...words(l));
      expect([l, r.status, r.err]).toEqual([l, 0, ""]);
      expect(r.out.length).toBeGreaterThan(0);
    }
  });
});
