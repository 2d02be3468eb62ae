/**
 * The compiler model against the real cmd/compile (a conformance check, not a round trip): the
 * machine's own compiler, instrumented (godwarf capture), records what dwarfgen was given for
 * testdata/go/sample; the model compiles that and must write every DWARF symbol of the real
 * objects byte for byte. The instrumented compiler is built once per Go version and cached
 * (cli/go/instrument.ts), so only the first run pays for it.
 *
 * The mutation checks show the comparison sees what it should: one captured input changed (a
 * variable's declaration line, a scope mark) makes conform fail at that variable's
 * DW_AT_decl_line, at that block's range list.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IrProgram } from "../compiler/ir.js";
import { parseIr } from "../compiler/ir-validate.js";
import { type CaptureManifest, capture } from "../cli/go/capture.js";
import { conformCapture, conformPackage } from "../cli/go/conform-compiler.js";
import { missingOracle } from "./oracles.js";

const sample = resolve(import.meta.dirname, "../testdata/go/sample");

describe.skipIf(missingOracle("go"))("capture + conform --compiler (testdata/go/sample)", () => {
  let dir: string;
  let manifest: CaptureManifest;
  let result: ReturnType<typeof conformCapture> | undefined;
  const conformed = (): ReturnType<typeof conformCapture> => {
    result ??= conformCapture(join(dir, "cap"));
    return result;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "godwarf-capture-test-"));
    manifest = capture(["build", "-o", join(dir, "sample.exe"), "."], join(dir, "cap"), {
      cwd: sample,
      env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local" },
    });
  }, 1_200_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("captures every package the build compiled, main included", () => {
    const paths = manifest.packages.map((p) => p.importPath);
    expect(paths).toContain("main");
    expect(paths).toContain("runtime");
  });

  it("the model writes every DWARF symbol of the real objects", () => {
    const r = conformed();
    const bad = r.packages.filter((p) => p.error !== undefined || p.first !== undefined || p.extra > 0);
    expect(bad.map((p) => ({ pkg: p.importPath, error: p.error, first: p.first }))).toEqual([]);
    expect(r.compared).toBeGreaterThan(1000);
    expect(r.identical).toBe(r.compared);
  }, 600_000);

  it("every captured document is valid IR, so compile, objdump --explain and explore take it", () => {
    const invalid: string[] = [];
    for (const p of manifest.packages) {
      const file = join(dir, "cap", p.ir);
      try {
        parseIr(readFileSync(file, "utf8"), p.ir);
      } catch (e) {
        invalid.push((e as Error).message);
      }
    }
    expect(invalid).toEqual([]);
  });

  it("compiles both of the runtime's same-named ABI twins (an ABI0 wrapper, its ABIInternal function)", () => {
    const p = manifest.packages.find((x) => x.importPath === "runtime")!;
    const program = JSON.parse(readFileSync(join(dir, "cap", p.ir), "utf8")) as IrProgram;
    const abis = new Map<string, string[]>();
    for (const f of program.functions) abis.set(f.name, [...(abis.get(f.name) ?? []), f.abi]);
    const twins = [...abis.values()].filter((a) => a.length === 2);
    expect(twins.length).toBeGreaterThan(10);
    const rep = conformed().packages.find((x) => x.importPath === "runtime")!;
    expect(rep.first).toBeUndefined();
    expect(rep.identical).toBe(rep.compared);
  }, 600_000);

  it("a changed declaration line makes conform fail at that variable's DW_AT_decl_line", () => {
    const p = manifest.packages.find((x) => x.importPath === "main")!;
    const program = JSON.parse(readFileSync(join(dir, "cap", p.ir), "utf8")) as IrProgram;
    const archive = readFileSync(join(dir, "cap", p.archive));
    expect(conformPackage(program, archive, p.archive).first).toBeUndefined();

    // A method that is neither inlined nor scoped: the receiver's line reaches only its decl_line.
    const fn = program.functions.find((f) => f.name === "main.Point.Area")!;
    const v = fn.dcl.find((d) => d.name === "p")!;
    const line = v.pos.line;
    v.pos.line = line + 100;
    const rep = conformPackage(program, archive, p.archive);
    expect(rep.first).toMatchObject({
      symbol: "main.Point.Area.info",
      function: "main.Point.Area",
      what: "bytes",
    });
    expect(rep.first!.real).toContain("DW_AT_decl_line");
    expect(rep.first!.real).toContain(String(line));
    expect(rep.first!.model).toContain(String(line + 100));
    expect(rep.first!.path).toEqual(["DW_TAG_subprogram main.Point.Area", "DW_TAG_formal_parameter p"]);
    expect(rep.first!.wroteIt!.join(" ")).toContain("putvar");
  });

  it("a moved scope mark makes conform fail at that block's range list", () => {
    const p = manifest.packages.find((x) => x.importPath === "main")!;
    const program = JSON.parse(readFileSync(join(dir, "cap", p.ir), "utf8")) as IrProgram;
    const archive = readFileSync(join(dir, "cap", p.archive));
    // main.scopes opens nested blocks; the mark that enters the first one moves past the next.
    const fn = program.functions.find((f) => f.name === "main.scopes")!;
    const marks = fn.marks!;
    const k = marks.findIndex((m) => m.scope !== 0);
    expect(k).toBeGreaterThanOrEqual(0);
    const next = marks[k + 1];
    if (next === undefined) throw new Error("main.scopes has one scope mark");
    marks[k] = { ...marks[k]!, pos: { ...next.pos, col: next.pos.col + 1 } };
    const rep = conformPackage(program, archive, p.archive);
    // The block now starts later: its range list (DW_AT_ranges) is the first byte that differs.
    expect(rep.first).toMatchObject({ symbol: "main.scopes.ranges", function: "main.scopes", what: "bytes" });
    expect(rep.first!.real).toContain("DW_RLE_offset_pair");
    expect(rep.first!.model).not.toBe(rep.first!.real);
    expect(rep.first!.wroteIt!.join(" ")).toContain("PutRngListRanges");
  });
});
