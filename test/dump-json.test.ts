/**
 * `godwarf dump --json` and `--json-lines` against their schema (schema/dump.schema.json, checked
 * with the subset validator of test/jsonschema.ts) on real output: the model's sample program,
 * gcc's DWARF 5 (range and location lists, .debug_addr) and a Go build. Also: every field has one
 * JSON type across all records, both modes carry the same records, and a line program of millions
 * of rows streams in a heap far smaller than those rows would take.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { buildElf } from "../elf/testimage.test-util.js";
import { linkElf } from "../linker/output.js";
import { goBuild } from "./gobuild.js";
import { dumpSchema, SchemaValidator } from "./jsonschema.js";
import { missingOracle } from "./oracles.js";

const schema = dumpSchema;

let dir: string;
let sample: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-dumpjson-"));
  const program = parseIr(readFileSync("testdata/ir/sample.json", "utf8"), "sample.json");
  sample = join(dir, "sample");
  writeFileSync(sample, linkElf([compile(program)], {}).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rec = Record<string, unknown>;

function jsonLines(...args: string[]): Rec[] {
  const r = cli("dump", ...args, "--json-lines");
  expect(r.status, r.err).toBe(0);
  expect(r.out.endsWith("\n")).toBe(true);
  return r.out
    .slice(0, -1)
    .split("\n")
    .map((l) => JSON.parse(l) as Rec);
}

function document(...args: string[]): Rec {
  const r = cli("dump", ...args, "--json");
  expect(r.status, r.err).toBe(0);
  return JSON.parse(r.out) as Rec;
}

/**
 * The JSON types each field takes, keyed by record kind and path (array indexes dropped; an
 * attribute's value by its class, the one field whose type the schema lets vary).
 */
function fieldTypes(values: unknown[], into = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const stack: [unknown, string][] = values.map((v) => [v, (v as Rec).kind as string]);
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    const t = v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
    if (!into.has(path)) into.set(path, new Set());
    into.get(path)!.add(t);
    if (t === "array") for (const x of v as unknown[]) stack.push([x, `${path}[]`]);
    else if (t === "object") {
      const o = v as Rec;
      for (const [k, x] of Object.entries(o)) {
        // Register names are keys of a map, not fields.
        const key = path.endsWith("registers") ? "*" : k;
        stack.push([
          x,
          k === "value" && typeof o.class === "string" ? `${path}.value(${o.class})` : `${path}.${key}`,
        ]);
      }
    }
  }
  return into;
}

function expectOneTypePerField(records: unknown[]): void {
  const multi = [...fieldTypes(records)].filter(
    ([, ts]) => ts.size > 1 && !(ts.size === 2 && ts.has("null")),
  );
  // root is a DIE or null (an empty unit); nothing else may take two types.
  expect(multi.filter(([k]) => k !== "unit.root").map(([k, ts]) => `${k}: ${[...ts].join("|")}`)).toEqual([]);
}

function expectValid(records: readonly unknown[]): void {
  for (const r of records) expect(schema.validate(r)).toBeUndefined();
}

describe("the subset validator", () => {
  it("rejects a 64-bit value written as a number, an unknown field and a missing one", () => {
    const unit = {
      kind: "unit",
      section: ".debug_info",
      offset: 0,
      length: 10,
      format: "dwarf32",
      version: 5,
      unitType: "DW_UT_compile",
      addressSize: 8,
      abbrevOffset: 0,
      dieOffset: 12,
      root: {
        offset: 12,
        abbrevCode: 1,
        tag: "DW_TAG_compile_unit",
        hasChildren: false,
        attrs: [{ name: "DW_AT_low_pc", form: "DW_FORM_addr", class: "address", value: "0x401000" }],
        children: [],
      },
    };
    expect(schema.validate(unit)).toBeUndefined();
    const bad = structuredClone(unit);
    (bad.root.attrs[0] as Rec).value = 4198400;
    expect(schema.validate(bad)).toMatch(/\/root\/attrs\/0\/value: expected string, got integer/);
    expect(schema.validate({ ...unit, extra: 1 })).toMatch(/no value is allowed|matches none/);
    const { dieOffset: _, ...missing } = unit;
    expect(schema.validate(missing, "unit")).toMatch(/missing dieOffset/);
  });

  it("refuses a schema keyword it does not implement", () => {
    expect(() => new SchemaValidator({ type: "object", minLength: 1 })).toThrow(/minLength is outside/);
  });
});

describe("dump --json and --json-lines of the sample program", () => {
  it("follow the schema, carry schemaVersion, unit headers and abbrev codes; one type per field", () => {
    const doc = document(sample);
    expect(schema.validate(doc)).toBeUndefined();
    expect(doc).toMatchObject({ schemaVersion: 1, file: sample, dwarfFoundBy: "self" });
    expect(Object.keys(doc).slice(6)).toEqual(["info", "line", "frame", "ranges", "loc", "addr"]);
    const lines = jsonLines(sample);
    expectValid(lines);
    expect(lines[0]).toMatchObject({ kind: "dump", schemaVersion: 1, parts: Object.keys(doc).slice(6) });
    expect(lines.at(-1)).toEqual({ kind: "end", records: lines.length - 2 });
    const units = lines.filter((l) => l.kind === "unit");
    expect(units.length).toBeGreaterThan(1);
    expect(units[0]).toMatchObject({ format: "dwarf32", version: 5, dieOffset: expect.any(Number) });
    expect((units[0]!.root as Rec).abbrevCode).toEqual(expect.any(Number));
    expectOneTypePerField(lines);
  });

  it("both modes hold the same units, programs, rows, frames and lists", () => {
    const doc = document(sample);
    const lines = jsonLines(sample);
    expect(lines.filter((l) => l.kind === "unit")).toEqual(doc.info);
    for (const k of ["frame", "ranges", "loc", "addr"] as const) {
      const kinds = new Set((doc[k] as Rec[]).map((r) => r.kind));
      expect(lines.filter((l) => kinds.has(l.kind))).toEqual(doc[k]);
    }
    // A program's rows: nested by sequence in the document, chunked records in the lines.
    const progs = doc.line as Rec[];
    expect(progs.length).toBeGreaterThan(0);
    for (const p of progs) {
      const { sequences, definedFiles, ...header } = p;
      expect(lines).toContainEqual(header);
      const rows = lines.filter((l) => l.kind === "lineRows" && l.program === p.offset);
      expect(rows.flatMap((r) => r.rows as Rec[])).toEqual((sequences as Rec[][]).flat());
      expect(definedFiles).toEqual([]);
    }
  });

  it("a section flag keeps only that key; --json with --json-lines is bad usage", () => {
    const doc = document(sample, "--line");
    expect(Object.keys(doc)).toEqual([
      "schemaVersion",
      "file",
      "dwarfFile",
      "dwarfFoundBy",
      "littleEndian",
      "addressSize",
      "line",
    ]);
    const r = cli("dump", sample, "--json", "--json-lines");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--json and --json-lines/);
  });

  it("a malformed unit ends the lines with an error record, exit 1; --json writes nothing", () => {
    const program = parseIr(readFileSync("testdata/ir/sample.json", "utf8"), "sample.json");
    const bytes = linkElf([compile(program)], { compressDwarf: false }).bytes;
    // A DWARF version of 9 in the second unit header: find units through the dump itself.
    const plain = join(dir, "plain");
    writeFileSync(plain, bytes);
    const units = jsonLines(plain, "--info").filter((l) => l.kind === "unit");
    const second = units[1]!.offset as number;
    const { sectionOffset } = findSection(bytes, ".debug_info");
    bytes[sectionOffset + second + 4] = 9;
    const f = join(dir, "bad-version");
    writeFileSync(f, bytes);
    const r = cli("dump", f, "--info", "--json-lines");
    expect(r.status).toBe(1);
    const out = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec);
    expect(out.filter((l) => l.kind === "unit")).toHaveLength(1);
    expect(out.at(-1)).toEqual({
      kind: "error",
      message: expect.stringMatching(/\.debug_info\+0x[0-9a-f]+: .*version 9/),
    });
    expectValid(out);
    const d = cli("dump", f, "--info", "--json");
    expect([d.status, d.out]).toEqual([1, ""]);
  });
});

/** A section's file offset, from the ELF64 section headers (the sample is uncompressed ELF64). */
function findSection(b: Uint8Array, name: string): { sectionOffset: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true);
  const shnum = dv.getUint16(0x3c, true);
  const shstrndx = dv.getUint16(0x3e, true);
  const strOff = Number(dv.getBigUint64(shoff + shstrndx * shentsize + 0x18, true));
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    const n = strOff + dv.getUint32(h, true);
    let s = "";
    for (let k = n; b[k] !== 0; k++) s += String.fromCharCode(b[k]!);
    if (s === name) return { sectionOffset: Number(dv.getBigUint64(h + 0x18, true)) };
  }
  throw new Error(`no section ${name}`);
}

describe.skipIf(missingOracle("gcc"))("dump --json-lines of gcc -O2 -g output (DWARF 5 lists)", () => {
  it("follows the schema, with range and location lists and .debug_addr", () => {
    const src = join(dir, "lists.c");
    writeFileSync(
      src,
      '#include <stdio.h>\n__attribute__((noinline)) static int f(int x) { int y = x * 3; if (x > 2) { puts("big"); y += x; } return y; }\n' +
        "int main(int argc, char **argv) { (void)argv; return f(argc) + f(argc + 1); }\n",
    );
    const exe = join(dir, "lists");
    execFileSync("gcc", ["-O2", "-g", "-gsplit-dwarf", "-gdwarf-5", "-o", exe, src], { cwd: dir });
    const plain = join(dir, "lists-plain");
    execFileSync("gcc", ["-O2", "-g", "-gdwarf-5", "-o", plain, src], { cwd: dir });
    const lines = [...jsonLines(plain), ...jsonLines(exe)];
    expectValid(lines);
    const kinds = new Set(lines.map((l) => l.kind));
    for (const k of ["unit", "lineProgram", "lineRows", "locationList", "addrTable"])
      expect(kinds).toContain(k);
    expectOneTypePerField(lines);
  });
});

describe.skipIf(missingOracle("go"))("dump --json of a Go build", () => {
  it("follows the schema, .debug_frame CIEs and FDEs included; one type per field", () => {
    const doc = document(goBuild("testdata/go/sample"));
    expect(schema.validate(doc)).toBeUndefined();
    expect((doc.frame as Rec[]).some((r) => r.kind === "fde")).toBe(true);
    const records = ["info", "line", "frame", "ranges", "loc", "addr"].flatMap((k) => doc[k] as Rec[]);
    expectOneTypePerField(records);
  });
});

/**
 * A .debug_line of one version 4 program whose single sequence has `rows` rows (one special
 * opcode each), in an ELF64 file with a token .debug_info so that it counts as DWARF.
 */
function lineFlood(rows: number): Uint8Array {
  const header = [
    ...[1, 1, 1, 0xfb, 14, 13], // min_inst_length, max_ops, default_is_stmt, line_base -5, line_range 14, opcode_base 13
    ...[0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1], // standard_opcode_lengths
    0, // no include_directories
    ...[0x61, 0x2e, 0x67, 0x6f, 0, 0, 0, 0], // file "a.go", dir 0, mtime 0, length 0
    0,
  ];
  const setAddress = [0, 9, 2, 0x00, 0x10, 0x40, 0, 0, 0, 0, 0];
  const endSequence = [0, 1, 1];
  const body = new Uint8Array(setAddress.length + rows + endSequence.length);
  body.set(setAddress, 0);
  // Special opcode 13 + 5 + 14: address +1, line +0.
  body.fill(13 + 5 + 14, setAddress.length, setAddress.length + rows);
  body.set(endSequence, setAddress.length + rows);
  const afterLength = 2 + 4 + header.length + body.length;
  const sec = new Uint8Array(4 + afterLength);
  const dv = new DataView(sec.buffer);
  dv.setUint32(0, afterLength, true);
  dv.setUint16(4, 4, true);
  dv.setUint32(6, header.length, true);
  sec.set(header, 10);
  sec.set(body, 10 + header.length);
  return buildElf({
    cls: 2,
    le: true,
    type: 2,
    machine: 62,
    sections: [
      { name: ".debug_line", type: 1, data: sec },
      { name: ".debug_info", type: 1, data: new Uint8Array(0) },
    ],
  });
}

describe("a line program of millions of rows", () => {
  it("streams with the heap capped far below what its rows would take", async () => {
    const rows = 1_500_000;
    const f = join(dir, "line-flood");
    writeFileSync(f, lineFlood(rows));
    // 1.5 million LineRow objects kept would take over 150 MB; a 64 MB heap only fits a stream.
    const child = spawn(
      process.execPath,
      [
        "--max-old-space-size=64",
        "--import",
        "tsx",
        join(import.meta.dirname, "..", "cli", "main.ts"),
        "dump",
        f,
        "--line",
        "--json-lines",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    // Count the lines as they come and keep only the last few: the output is hundreds of MB.
    let count = 0;
    let tail = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) count++;
      tail = (tail + s).slice(-2_000_000);
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      err += s;
    });
    const status = await new Promise<number | null>((res) => child.on("close", res));
    expect(err).toBe("");
    expect(status).toBe(0);
    // dump, lineProgram, the rows in records of 1024, end.
    expect(count).toBe(1 + 1 + Math.ceil((rows + 1) / 1024) + 1);
    const last = tail.slice(0, -1).split("\n").slice(-2);
    const rec = JSON.parse(last[0]!) as Record<string, unknown> & { rows: { address: string }[] };
    expect(schema.validate(rec)).toBeUndefined();
    expect(rec.rows.at(-1)).toMatchObject({
      address: `0x${(0x401000 + rows).toString(16)}`,
      endSequence: true,
    });
    expect(JSON.parse(last[1]!)).toEqual({ kind: "end", records: count - 2 });
  }, 180_000);
});
