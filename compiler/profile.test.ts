import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missingOracle } from "../test/oracles.js";
import { GO126, GO127, profileFor } from "./profile.js";

/** Go's stringer tables check each constant with a line `_ = x[NAME-VALUE]`; read them as the truth. */
function stringerValues(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const [, name, value] of readFileSync(file, "utf8").matchAll(/_ = x\[(\w+)-(\d+)\]/g))
    m.set(name!, Number(value));
  return m;
}

describe("toolchain profiles", () => {
  it("Go 1.27 shifts the late relocations by 3 and keeps the symbol kinds", () => {
    expect(GO127.relocType.R_DWTXTADDR_U1 - GO126.relocType.R_DWTXTADDR_U1).toBe(3);
    expect(GO127.relocType.R_DWARFSECREF).toBe(GO126.relocType.R_DWARFSECREF);
    expect(GO127.symKind).toEqual(GO126.symKind);
    expect(() => profileFor("go1.19")).toThrow(/no toolchain profile/);
  });

  describe.skipIf(missingOracle("go"))("go1.26 agrees with the machine's Go source", () => {
    const goroot = () => execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
    it("symbol kinds", () => {
      const truth = stringerValues(join(goroot(), "src/cmd/internal/objabi/symkind_string.go"));
      for (const [name, v] of Object.entries(GO126.symKind))
        expect([name, truth.get(name)]).toEqual([name, v]);
    });
    it("relocation types", () => {
      const truth = stringerValues(join(goroot(), "src/cmd/internal/objabi/reloctype_string.go"));
      for (const [name, v] of Object.entries(GO126.relocType))
        expect([name, truth.get(name)]).toEqual([name, v]);
    });
    it("compiler version", () => {
      expect(execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim()).toBe(
        GO126.compilerVersion,
      );
    });
  });
});
