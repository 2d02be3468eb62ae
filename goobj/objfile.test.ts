/**
 * The goobj reader on real objects the machine's Go compiled, held against `go tool nm` (an
 * independent reader of the same files: cmd/internal/objfile), and on hostile bytes: every
 * truncation, bit flip or bogus offset is a FormatError naming the member and offset, never a
 * crash or a hang.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GO126 } from "../compiler/profile.js";
import { FormatError } from "../dwarf/errors.js";
import { missingOracle } from "../test/oracles.js";
import { propertyParams } from "../test/property.js";
import { isArchive, readArchive } from "./archive.js";
import { decodeFuncInfo, GoObjFile, PkgIdxSelf } from "./objfile.js";

const sampleDir = resolve(import.meta.dirname, "../testdata/go/sample");

function exportOf(dir: string, pkg = "."): string {
  return execFileSync("go", ["list", "-export", "-f", "{{.Export}}", pkg], {
    cwd: dir,
    encoding: "utf8",
  }).trim();
}

function goObject(archive: Uint8Array): Uint8Array {
  const m = readArchive(archive).find((x) => x.name === "_go_.o");
  if (m === undefined) throw new Error("no _go_.o");
  return m.data;
}

describe.skipIf(missingOracle("go"))("goobj reader on real objects", () => {
  const file = exportOf(sampleDir);
  const archive = new Uint8Array(readFileSync(file));
  const names = GO126.objabi!;

  it("reads the archive's members and the object's header", () => {
    expect(isArchive(archive)).toBe(true);
    expect(readArchive(archive).map((m) => m.name)).toEqual(["__.PKGDEF", "_go_.o"]);
    const r = new GoObjFile(goObject(archive), "_go_.o");
    expect(r.text.goVersion).toBe(execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim());
    expect([r.text.goos, r.text.goarch]).toEqual(["linux", "amd64"]);
    expect(r.text.experiments).toContain("dwarf5");
    expect(r.autolib().map((a) => a.pkg)).toEqual(["fmt", "os"]);
    expect(r.files()).toContain(`${sampleDir}/main.go`);
  });

  it("defines every symbol go tool nm lists, with its size and kind", () => {
    const r = new GoObjFile(goObject(archive), "_go_.o");
    const ours = new Map<string, { siz: number; kind: string }>();
    for (let i = 0; i < r.ndef; i++) {
      const s = r.sym(i);
      if (s.name !== "") ours.set(s.name, { siz: s.siz, kind: names.symKindNames[s.type]! });
    }
    const nm = execFileSync("go", ["tool", "nm", "-size", "-type", file], { encoding: "utf8" })
      .split("\n")
      .map((l) => /^\s*[0-9a-f]*\s+(\d+) (\S) (.*)$/.exec(l))
      .filter((m) => m !== null && m[2] !== "U")
      .map((m) => [m![1]!, m![2]!, m![3]!.replace(/<\d+>$/, "")] as const);
    expect(nm.length).toBeGreaterThan(100);
    const nmCode: Record<string, string> = { T: "STEXT", D: "SDATA", B: "SBSS", R: "SRODATA" };
    expect(nm.map(([, , n]) => n).filter((n) => !ours.has(n))).toEqual([]);
    for (const [size, code, name] of nm) {
      const s = ours.get(name);
      expect(s!.siz, name).toBe(Number(size));
      if (
        code in nmCode &&
        !(code === "D" && s!.kind.startsWith("SNOPTR")) &&
        !(code === "B" && s!.kind === "SNOPTRBSS")
      )
        expect(s!.kind, name).toBe(nmCode[code]);
    }
  });

  it("resolves aux symbols and decodes FuncInfo and DWARF symbols of every function", () => {
    const r = new GoObjFile(goObject(archive), "_go_.o");
    let funcs = 0;
    for (let i = 0; i < r.nsym; i++) {
      const s = r.sym(i);
      if (names.symKindNames[s.type] !== "STEXT") continue;
      funcs++;
      const aux = r.auxs(i);
      const kinds = aux.map((a) => names.auxNames[a.type]);
      expect(kinds, s.name).toContain("FuncInfo");
      const fi = aux.find((a) => names.auxNames[a.type] === "FuncInfo")!;
      expect(fi.sym.pkg).toBe(PkgIdxSelf);
      const info = decodeFuncInfo(r.data(fi.sym.idx), s.name);
      for (const f of info.file) expect(f, s.name).toBeLessThan(r.files().length);
      const dw = aux.find((a) => names.auxNames[a.type] === "DwarfInfo");
      expect(dw, s.name).toBeDefined();
      expect(names.symKindNames[r.sym(dw!.sym.idx).type]).toBe("SDWARFFCN");
      for (const rel of r.relocs(dw!.sym.idx)) expect(names.relocNames[rel.type & 0x7fff]).toMatch(/^R_/);
    }
    expect(funcs).toBeGreaterThan(5);
  });

  it("reads a whole standard-library archive with assembly members (runtime)", () => {
    const rt = new Uint8Array(readFileSync(exportOf(sampleDir, "runtime")));
    const members = readArchive(rt).filter((m) => m.name !== "__.PKGDEF");
    expect(members.length).toBeGreaterThan(1);
    for (const m of members) {
      const r = new GoObjFile(m.data, m.name);
      for (let i = 0; i < r.ndef + r.nnonpkgref; i++) r.sym(i);
      for (let i = 0; i < r.ndef; i++) {
        r.relocs(i);
        r.auxs(i);
        r.data(i);
      }
    }
  });

  it("names the format of another Go version's object", () => {
    const b = goObject(archive).slice();
    const at = new TextDecoder("latin1").decode(b).indexOf("\x00go120ld");
    b.set(new TextEncoder().encode("go119"), at + 1);
    expect(() => new GoObjFile(b, "_go_.o")).toThrow(/object format go119ld .*godwarf reads go120ld/);
  });

  it("turns any damage into a located FormatError (truncations, bit flips, bogus offsets)", () => {
    const good = goObject(archive);
    const readAll = (b: Uint8Array): void => {
      const r = new GoObjFile(b, "_go_.o");
      r.autolib();
      r.pkglist();
      r.files();
      r.refFlags();
      r.refNames();
      for (let i = 0; i < r.ndef + r.nnonpkgref; i++) r.sym(i);
      for (let i = 0; i < r.ndef; i++) {
        r.relocs(i);
        r.auxs(i);
        r.data(i);
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(good.length - 1) }),
          fc.record({ kind: fc.constant("flip" as const), at: fc.nat(good.length - 1), bit: fc.nat(7) }),
          fc.record({ kind: fc.constant("word" as const), at: fc.nat(200), v: fc.nat(0xffffffff) }),
        ),
        (m) => {
          let b: Uint8Array;
          if (m.kind === "truncate") b = good.subarray(0, m.at);
          else {
            b = good.slice();
            if (m.kind === "flip") b[m.at] = b[m.at]! ^ (1 << m.bit);
            else new DataView(b.buffer).setUint32(Math.min(m.at, b.length - 4), m.v, true);
          }
          try {
            readAll(b);
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            expect(e.message).toMatch(/^_go_\.o\+0x[0-9a-f]+: /);
          }
        },
      ),
      propertyParams(),
    );
  });
});

describe("archives of hand-made shape", () => {
  const member = (name: string, data: string): string =>
    `${name.padEnd(16)}${"0".padEnd(12)}${"0".padEnd(6)}${"0".padEnd(6)}${"644".padEnd(8)}${String(data.length).padEnd(10)}\`\n${data}${data.length % 2 === 1 ? "\n" : ""}`;
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  it("reads members with odd sizes and padding", () => {
    const a = readArchive(enc(`!<arch>\n${member("a.o", "abc")}${member("b.o", "de")}`));
    expect(a.map((m) => [m.name, new TextDecoder().decode(m.data)])).toEqual([
      ["a.o", "abc"],
      ["b.o", "de"],
    ]);
  });

  it("rejects a member that runs past the end, a bad size and a bad header", () => {
    const whole = `!<arch>\n${member("a.o", "abcdef")}`;
    expect(() => readArchive(enc(whole.slice(0, -2)))).toThrow(
      /archive\+0x38: member a.o of 6 bytes runs past the end/,
    );
    expect(() => readArchive(enc(whole.replace("6         `", "x         `")))).toThrow(/bad member size/);
    expect(() => readArchive(enc(whole.replace("`\n", "  ")))).toThrow(/corrupt member header/);
    expect(() => readArchive(enc("!<arch>\nshort"))).toThrow(/truncated member header/);
  });
});
