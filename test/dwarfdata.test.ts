/**
 * The library facade exported from the package entry (index.ts, dwarf/read/dwarfdata.ts): DIE by
 * offset, a DIE's pc ranges, pc to line and a type's name, on the model's sample program and on
 * gcc output, where binutils' addr2line is the oracle for pc to line.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import { parseIr } from "../compiler/ir-validate.js";
import { DW_AT, DW_TAG } from "../dwarf/constants.js";
import { attrNumber, attrString, type Die, findAttr, walkDies } from "../dwarf/read/model.js";
import { type DwarfData, openDwarfData } from "../index.js";
import { linkElf } from "../linker/output.js";
import { missingOracle } from "./oracles.js";

function findFunc(d: DwarfData, name: string): Die {
  for (const u of d.units())
    for (const die of walkDies(u.root))
      if (die.tag === DW_TAG.subprogram && attrString(die, DW_AT.name) === name) return die;
  throw new Error(`no subprogram ${name}`);
}

describe("the facade on the sample program", () => {
  let d: DwarfData;
  beforeAll(() => {
    const program = parseIr(readFileSync("testdata/ir/sample.json", "utf8"), "sample.json");
    d = openDwarfData(linkElf([compile(program)], {}).bytes);
  });

  it("finds a DIE by offset, in any unit, and nothing between DIEs", () => {
    const f = findFunc(d, "main.sumSquares");
    expect(d.dieAt(f.offset)).toEqual(f);
    expect(d.dieAt(f.offset + 1)).toBeUndefined();
    expect(d.unitAt(f.offset)?.root?.tag).toBe(DW_TAG.compile_unit);
    expect(d.dieAt(0x7fff_ffff)).toBeUndefined();
  });

  it("gives a function's pc range and the line of each of its pcs", () => {
    const f = findFunc(d, "main.sumSquares");
    const [r, ...more] = d.ranges(f);
    expect(more).toEqual([]);
    expect(r!.end).toBeGreaterThan(r!.begin);
    const low = findAttr(f, DW_AT.low_pc)!.value;
    expect(low).toMatchObject({ kind: "address", value: r!.begin });
    const at = d.lineForPc(r!.begin);
    expect(at).toMatchObject({ address: r!.begin, file: expect.stringMatching(/main\.go$/) });
    // The function's first row is at or after its declaration.
    expect(at!.line).toBeGreaterThanOrEqual(attrNumber(f, DW_AT.decl_line)!);
    expect(d.lineForPc(r!.end - 1n)?.file).toBe(at!.file);
    expect(d.lineForPc(0n)).toBeUndefined();
  });

  it("names the types of a function's parameters as Go's debug/dwarf does", () => {
    const f = findFunc(d, "main.sumSquares");
    const names = f.children
      .filter((c) => c.tag === DW_TAG.formal_parameter)
      .map((c) => {
        const t = findAttr(c, DW_AT.type)!.value;
        return `${attrString(c, DW_AT.name)} ${d.typeName(t.kind === "reference" ? t.offset : undefined)}`;
      });
    expect(names).toContain("n int");
    expect(d.typeName(undefined)).toBe("void");
  });
});

describe.skipIf(missingOracle("gcc", "addr2line"))("the facade on gcc -O2 -g output", () => {
  let dir: string;
  let exe: string;
  let d: DwarfData;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-dwarfdata-"));
    const src = join(dir, "t.c");
    writeFileSync(
      src,
      "#include <stdio.h>\nstruct pt { int x; const char *s; };\n" +
        "__attribute__((noinline)) static int f(const struct pt *p, int n) {\n  int y = n * 3;\n" +
        "  if (n > 2) {\n    puts(p->s);\n    y += p->x;\n  }\n  return y;\n}\n" +
        "int main(int argc, char **argv) {\n  struct pt p = { argc, argv[0] };\n  return f(&p, argc) + f(&p, argc + 1);\n}\n",
    );
    exe = join(dir, "t");
    execFileSync("gcc", ["-O2", "-g", "-o", exe, src], { cwd: dir });
    d = openDwarfData(new Uint8Array(readFileSync(exe)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("pc to line agrees with addr2line at every row address of main and f", () => {
    const pcs: bigint[] = [];
    for (const name of ["main", "f"]) {
      const fn = findFunc(d, name);
      for (const r of d.ranges(fn)) for (let pc = r.begin; pc < r.end; pc += 3n) pcs.push(pc);
    }
    expect(pcs.length).toBeGreaterThan(5);
    const out = execFileSync("addr2line", ["-e", exe, ...pcs.map((p) => `0x${p.toString(16)}`)], {
      encoding: "utf8",
    })
      .trim()
      .split("\n");
    const ours = pcs.map((pc) => {
      const l = d.lineForPc(pc);
      return l === undefined ? "??:0" : `${l.file}:${l.line === 0 ? "?" : l.line}`;
    });
    expect(ours).toEqual(out.map((l) => l.replace(/ \(discriminator \d+\)$/, "")));
  });

  it("a unit's DW_AT_ranges resolve to the ranges that hold its functions", () => {
    const cu = d.unitAt(findFunc(d, "main").offset)!.root!;
    const ranges = d.ranges(cu);
    expect(ranges.length).toBeGreaterThan(0);
    const main = d.ranges(findFunc(d, "main"))[0]!;
    expect(ranges.some((r) => r.begin <= main.begin && main.end <= r.end)).toBe(true);
  });

  it("names C types: pointers, const, structs", () => {
    const f = findFunc(d, "f");
    const p = f.children.find((c) => attrString(c, DW_AT.name) === "p")!;
    const t = findAttr(p, DW_AT.type)!.value;
    expect(d.typeName(t.kind === "reference" ? t.offset : undefined)).toBe("*const pt");
  });
});
