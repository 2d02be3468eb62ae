/**
 * The compile driver's per-function DwTextCount: gc.Main compiles in rounds, and a function's
 * DW_FORM_addrx relocations are sized by the count of its round (IrFunction.dwTextCount), else by
 * the program's function count.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrProgram } from "../ir.js";
import { compile } from "./compile.js";

const sample = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../testdata/ir/sample.json"), "utf8"),
) as IrProgram;

function addrxTypes(p: IrProgram): Map<string, string[]> {
  const o = compile(p, { typeDescriptors: false });
  return new Map(
    o.text.map((t) => [
      t.name,
      (t.func?.dwarfInfoSym?.R ?? []).filter((r) => r.type.startsWith("R_DWTXTADDR")).map((r) => r.type),
    ]),
  );
}

describe("DwTextCount", () => {
  it("is the program's function count when the IR does not say (3 functions: U1)", () => {
    expect(addrxTypes(sample).get("main.sumSquares")).toEqual(["R_DWTXTADDR_U1"]);
  });

  it("is the function's own round's count when given (64 and more doubles past 127: U2)", () => {
    const p = structuredClone(sample);
    p.functions.find((f) => f.name === "main.sumSquares")!.dwTextCount = 64;
    const t = addrxTypes(p);
    expect(t.get("main.sumSquares")).toEqual(["R_DWTXTADDR_U2"]);
    expect(t.get("main.main")).toEqual(["R_DWTXTADDR_U1"]);
  });
});
