/**
 * The pc-value table codec. A round trip (the encoder and decoder checked against each other
 * only): random runs encode and decode back. Against Go: every Pcsp table in the object the
 * machine's Go compiled for testdata/go/sample decodes into runs that encode back to Go's bytes;
 * funcpctab has one encoding for given runs, so equal bytes mean the encoder writes what it does.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GO126 } from "../compiler/profile.js";
import { readArchive } from "../goobj/archive.js";
import { GoObjFile, PkgIdxHashed } from "../goobj/objfile.js";
import { missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import { decodePcvalue, encodePcvalue, type PcvalueRun } from "./pcvalue.js";

/** Runs from pc 0, each at least one quantum long, neighbours with different values. */
const arbRuns = (quantum: number): fc.Arbitrary<PcvalueRun[]> =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), {
      maxLength: 40,
    })
    .map((xs) => {
      const runs: PcvalueRun[] = [];
      let pc = 0;
      for (const [len, value] of xs) {
        const prev = runs[runs.length - 1];
        if (prev !== undefined && prev.value === value) continue;
        runs.push({ pc, nextpc: pc + len * quantum, value });
        pc += len * quantum;
      }
      return runs;
    });

describe("pc-value tables", () => {
  it("encode as funcpctab does: value deltas zig-zag, pc deltas over the quantum, a closing 0", () => {
    // A frameless function of 4 bytes: value 0 (delta +1 from -1) for 4 bytes.
    expect([...encodePcvalue([{ pc: 0, nextpc: 4, value: 0 }], 1)]).toEqual([0x02, 0x04, 0x00]);
    expect([
      ...encodePcvalue(
        [
          { pc: 0, nextpc: 4, value: 0 },
          { pc: 4, nextpc: 200, value: 24 },
          { pc: 200, nextpc: 204, value: 0 },
        ],
        1,
      ),
    ]).toEqual([0x02, 0x04, 0x30, 0xc4, 0x01, 0x2f, 0x04, 0x00]);
    expect(encodePcvalue([], 1).length).toBe(0);
    expect(() => encodePcvalue([{ pc: 0, nextpc: 3, value: 0 }], 4)).toThrow(RangeError);
    expect(() => encodePcvalue([{ pc: 4, nextpc: 8, value: 0 }], 1)).toThrow(RangeError);
  });

  it("decode back to the runs they were encoded from (round trip)", () => {
    const arb = fc.constantFrom(1, 2, 4).chain((q) => arbRuns(q).map((runs) => ({ q, runs })));
    fc.assert(
      fc.property(arb, ({ q, runs }) => {
        expect(decodePcvalue(encodePcvalue(runs, q), q)).toEqual(runs);
      }),
      propertyParams(),
    );
  });
});

describe.skipIf(missingOracle("go"))("pc-value tables against Go's", () => {
  it("re-encode every Pcsp table of a real object to Go's bytes", () => {
    const dir = resolve(import.meta.dirname, "../testdata/go/sample");
    const file = execFileSync("go", ["list", "-export", "-f", "{{.Export}}", "."], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
    const obj = readArchive(new Uint8Array(readFileSync(file))).find((m) => m.name === "_go_.o")!.data;
    const r = new GoObjFile(obj, "_go_.o");
    const pcsp = GO126.objabi!.auxNames.indexOf("Pcsp");
    let n = 0;
    for (let i = 0; i < r.nsym; i++) {
      for (const a of r.auxs(i)) {
        if (a.type !== pcsp || a.sym.pkg !== PkgIdxHashed) continue;
        const bytes = r.data(r.nsym + r.nhashed64def + a.sym.idx);
        expect([...encodePcvalue(decodePcvalue(bytes, 1), 1)], r.sym(i).name).toEqual([...bytes]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(3);
  });
});
