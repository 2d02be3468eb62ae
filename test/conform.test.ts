/**
 * Conformance of the linker model, measured: the real compiler's archives of testdata/go programs
 * (built by the machine's Go, DWARF 5 and 4, optimized and -N -l, compressed or not) linked by the
 * model must give every .debug_* section of the binary Go's linker wrote from the same archives,
 * byte for byte, compressed bytes included. This is a comparison with Go's output from the same
 * inputs, not a round trip. A mutation check shows a changed byte in one object's DWARF symbol is
 * found, at the right function.
 */
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/app.js";
import "../cli/commands/all.js";
import { conformInput, runConform } from "../cli/commands/conform.js";
import type { Collected } from "../cli/go/collect.js";
import { GO126 } from "../compiler/profile.js";
import { conformLink, type ConformLinkResult } from "../conform/pipeline.js";
import { formatReport, pathText } from "../conform/report.js";
import { readArchive } from "../goobj/archive.js";
import { GoObjFile } from "../goobj/objfile.js";
import { buildFor, disposeAll, goEnv } from "./gocollect.test-util.js";
import { missingOracle } from "./oracles.js";

const root = resolve(import.meta.dirname, "..");
afterAll(disposeAll);

const build = (target: string, dwarf4: boolean, flags: string[]): Collected =>
  buildFor(target, { dwarf4, flags });

function conform(c: Collected, patch?: (pkg: string, bytes: Uint8Array) => Uint8Array): ConformLinkResult {
  return conformLink(conformInput(c, c.binary, patch === undefined ? {} : { patch }));
}

describe.skipIf(missingOracle("go"))("the linker model on real objects, against Go's binary", () => {
  const cases: [string, boolean, string[]][] = [];
  for (const target of ["testdata/go/sample", "testdata/go/features", "testdata/go/types"])
    for (const dwarf4 of [false, true])
      for (const flags of [[], ["-gcflags=all=-N -l"]]) cases.push([target, dwarf4, flags]);
  cases.push(["testdata/go/features", false, ["-ldflags=-compressdwarf=false"]]);

  for (const [target, dwarf4, flags] of cases) {
    it(`${target}, DWARF ${dwarf4 ? 4 : 5}${flags.length > 0 ? `, ${flags.join(" ")}` : ""}: every section identical`, () => {
      const r = conform(build(target, dwarf4, flags));
      expect(r.reports.length).toBeGreaterThanOrEqual(7);
      expect(
        r.reports.filter((x) => !x.equal || x.compressed?.equal === false).map((x) => x.name),
        formatReport(r.reports),
      ).toEqual([]);
      const compressedHere = !flags.some((f) => f.includes("compressdwarf=false"));
      expect(r.reports.some((x) => x.compressed !== undefined)).toBe(compressedHere);
      expect(r.link.dwarfVersion).toBe(dwarf4 ? 4 : 5);
    });
  }

  it("finds a changed byte in one function's DWARF symbol, at that function", () => {
    const c = build("testdata/go/sample", false, []);
    const names = GO126.objabi!;
    let changed = "";
    const r = conform(c, (pkg, bytes) => {
      if (pkg !== c.mainPkg) return bytes;
      const m = readArchive(bytes).find((x) => x.name === "_go_.o")!;
      const o = new GoObjFile(m.data, m.name);
      for (let i = 0; i < o.nsym; i++) {
        if (o.sym(i).name !== "main.scopes") continue;
        const aux = o.auxs(i).find((a) => names.auxNames[a.type] === "DwarfInfo")!;
        const data = o.data(aux.sym.idx);
        const covered = new Set(
          o.relocs(aux.sym.idx).flatMap((x) => Array.from({ length: x.siz }, (_, k) => x.off + k)),
        );
        // The last byte no relocation covers, before the closing zeros: an attribute value.
        let at = data.length - 1;
        while (at > 0 && (covered.has(at) || data[at] === 0)) at--;
        const off = m.offset + o.start + (data.byteOffset - o.b.byteOffset) + at;
        const out = bytes.slice();
        out[off] = out[off]! ^ 1;
        changed = `main.scopes+${at}`;
        return out;
      }
      throw new Error("main.scopes not found");
    });
    expect(changed).not.toBe("");
    expect(r.equal).toBe(false);
    const info = r.reports.find((x) => x.name === ".debug_info")!;
    expect(info.equal).toBe(false);
    expect(pathText(info.firstDiff!.theirs.path)).toContain('"main.scopes"');
    // Nothing else moved: the change is one byte of one DIE.
    expect(r.reports.filter((x) => x.name !== ".debug_info" && !x.equal).map((x) => x.name)).toEqual([]);
    expect(info.ours).toBe(info.theirs);
  });
});

describe("godwarf conform, the command", () => {
  const io = () => {
    let out = "";
    let err = "";
    return {
      io: {
        stdout: (s: string | Uint8Array) => {
          out += typeof s === "string" ? s : new TextDecoder().decode(s);
        },
        stderr: (s: string) => {
          err += s;
        },
      },
      out: () => out,
      err: () => err,
    };
  };

  it("wants a binary or go build arguments, not both or neither (exit 2)", () => {
    const a = io();
    expect(runCli(["conform"], a.io)).toBe(2);
    expect(a.err()).toMatch(/give a BINARY to rebuild, or the go build arguments after --/);
    const b = io();
    expect(runCli(["conform", "x", "--", "go", "build", "."], b.io)).toBe(2);
  });

  it.skipIf(missingOracle("go"))("reports identical sections and exits 0; --json is versioned", () => {
    const where = { cwd: resolve(root, "testdata/go/sample"), env: goEnv() };
    const t = io();
    expect(
      runConform(
        { binary: undefined, json: false, "layout-from": undefined, "--": ["go", "build", "."] },
        t.io,
        where,
      ),
    ).toBe(0);
    expect(t.out()).toMatch(/^godwarf conform: example\.com\/sample/);
    expect(t.out()).toMatch(/\.debug_info +\d+\/\d+ identical, stored bytes identical/);
    expect(t.out()).toMatch(/identical: every DWARF section, 8 of 8\n$/);
    const j = io();
    expect(
      runConform({ binary: undefined, json: true, "layout-from": undefined, "--": ["."] }, j.io, where),
    ).toBe(0);
    const doc = JSON.parse(j.out());
    expect(doc.schemaVersion).toBe(1);
    expect(doc.equal).toBe(true);
    expect(doc.sections.map((s: { name: string }) => s.name)).toContain(".debug_line");
  });

  it.skipIf(missingOracle("go"))("refuses a binary outside its module with a clear message (exit 1)", () => {
    const c = build("testdata/go/sample", false, []);
    const t = io();
    const status = runCli(["conform", c.binary], t.io);
    expect(status).toBe(1);
    expect(t.err()).toMatch(/^godwarf: .*main module is example\.com\/sample/);
  });
});
