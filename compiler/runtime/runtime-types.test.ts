/**
 * runtime-types.ts against the machine's Go: rebuild the reference binary the way
 * scripts/gen-runtime-types.ts does, lift the table again, and require the same records, the same
 * unreachable set and the same definition order, so that drift (a new Go release, a change to the
 * lifting) is caught. Without Go, the table is still checked for consistency.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkTypeTable } from "../ir-typetable.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { definitionOrder, liftTypes, runtimeTable, runtimeTypeRoots } from "./lift-types.js";
import {
  runtimeTypes,
  runtimeTypesDefined,
  runtimeTypesGoVersion,
  runtimeTypesUnreachable,
} from "./runtime-types.js";
import { gdbTypes, prototypeTypes } from "../../linker/dwarf/types.js";

describe("runtime-types.ts", () => {
  it("holds every root and every type its records refer to", () => {
    for (const n of [...runtimeTypeRoots(), ...gdbTypes, ...prototypeTypes])
      expect(runtimeTypes).toHaveProperty([n]);
    for (const [n, t] of Object.entries(runtimeTypes)) {
      const refs = [
        t.elem,
        t.key,
        ...(t.fields ?? []).map((f) => f.type),
        ...(t.params ?? []),
        ...(t.results ?? []),
      ];
      for (const r of refs)
        if (r !== undefined)
          expect({ n, r, known: Object.hasOwn(runtimeTypes, r) }).toEqual({ n, r, known: true });
    }
    for (const n of [...runtimeTypesDefined, ...runtimeTypesUnreachable])
      expect(runtimeTypes).toHaveProperty([n]);
  });

  it("passes the program IR's type-table checks", () => {
    expect(() => checkTypeTable(runtimeTypes, "/types", "runtime-types.ts")).not.toThrow();
  });

  it("has the runtime's prototypes with the members the synthesizers substitute", () => {
    const member = (t: string, f: string) => runtimeTypes[t]?.fields?.find((x) => x.name === f);
    expect(member("runtime.slice", "array")).toBeDefined();
    expect(member("runtime.sudog", "elem")).toBeDefined();
    expect(member("runtime.waitq", "first")).toBeDefined();
    expect(member("runtime.waitq", "last")).toBeDefined();
    expect(member("runtime.hchan", "recvq")).toBeDefined();
    expect(member("runtime.hchan", "sendq")).toBeDefined();
    expect(member("internal/runtime/maps.groupsReference", "data")).toBeDefined();
    expect(member("internal/runtime/maps.table", "groups")).toBeDefined();
    expect(member("internal/runtime/maps.Map", "dirPtr")).toBeDefined();
    expect(runtimeTypes["runtime.eface"]?.size).toBe(16);
    expect(runtimeTypes["runtime.iface"]?.size).toBe(16);
  });

  describe.skipIf(missingOracle("go"))("against the machine's Go", () => {
    const bin = goBuild("testdata/go/runtimetypes");
    const lifted = liftTypes(new Uint8Array(readFileSync(bin)), bin);
    const table = runtimeTable(lifted, runtimeTypeRoots());

    it("was made by the same Go release (major.minor)", () => {
      const mm = (v: string | undefined) => /^go\d+\.\d+/.exec(v ?? "")?.[0];
      expect(mm(lifted.goVersion)).toBe(mm(runtimeTypesGoVersion));
    });

    it("has not drifted: same records, unreachable set and definition order", () => {
      expect(Object.fromEntries(table)).toEqual(runtimeTypes);
      expect([...table.keys()].filter((n) => !lifted.reachable.has(n))).toEqual([...runtimeTypesUnreachable]);
      expect(definitionOrder(lifted, table)).toEqual(runtimeTypesDefined);
    });
  });
});
