/**
 * The object and archive writers. Against Go: the object and the archive the machine's Go
 * compiled for testdata/go/sample, read with objfile.ts and written again, come out byte for byte
 * (the string table in the order Go's writer filled it: the one thing the blocks do not say).
 * Round trip: a hand-made object with every block filled reads back as written.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { missingOracle } from "../test/oracles.js";
import { readArchive, writeArchive } from "./archive.js";
import {
  Blocks,
  decodeFuncInfo,
  encodeFuncInfo,
  GoObjFile,
  Magic,
  parseTextHeader,
  PkgIdxHashed,
  PkgIdxNone,
  PkgIdxSelf,
} from "./objfile.js";
import { type GoDef, type GoObjContents, objTextHeader, writeGoObj } from "./writer.js";

/** Everything `r` holds, as writeGoObj takes it; `strings` in the order of the original string table. */
function contentsOf(r: GoObjFile): GoObjContents {
  const def = (i: number): GoDef => ({ ...r.sym(i), relocs: r.relocs(i), auxs: r.auxs(i), data: r.data(i) });
  const range = (a: number, n: number): number[] => Array.from({ length: n }, (_, k) => a + k);
  const a = r.nsym;
  const b = a + r.nhashed64def;
  const c = b + r.nhasheddef;
  const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));
  return {
    textHeader: r.text.raw,
    fingerprint: r.fingerprint,
    flags: r.flags,
    autolib: r.autolib(),
    pkglist: r.pkglist(),
    files: r.files(),
    symdefs: range(0, a).map(def),
    hashed64defs: range(a, r.nhashed64def).map((i) => ({ ...def(i), hash: hex(r.hash64(i - a)) })),
    hasheddefs: range(b, r.nhasheddef).map((i) => ({ ...def(i), hash: hex(r.hash(i - b)) })),
    nonpkgdefs: range(c, r.nnonpkgdef).map(def),
    nonpkgrefs: range(r.ndef, r.nnonpkgref).map((i) => r.sym(i)),
    refFlags: r.refFlags(),
    refNames: r.refNames(),
    strings: stringOrder(r),
  };
}

/** The strings of `r`'s string table by offset: every {len, off} reference the blocks hold. */
function stringOrder(r: GoObjFile): string[] {
  const dv = new DataView(r.b.buffer, r.b.byteOffset, r.b.byteLength);
  const off = (blk: (typeof Blocks)[number]): number => dv.getUint32(20 + 4 * Blocks.indexOf(blk), true);
  const at = new Map<string, number>();
  const ref = (p: number): void => {
    const len = dv.getUint32(p, true);
    const o = dv.getUint32(p + 4, true);
    const s = new TextDecoder().decode(r.b.subarray(o, o + len));
    if (!at.has(s) || at.get(s)! > o) at.set(s, o);
  };
  for (let p = off("Autolib"); p < off("PkgIdx"); p += 16) ref(p);
  for (let p = off("PkgIdx"); p < off("Symdef"); p += 8) ref(p);
  for (let p = off("Symdef"); p < off("RefFlags"); p += 21) ref(p);
  for (let p = off("RefName"); p < off("End"); p += 16) ref(p + 8);
  return [...at].sort((x, y) => x[1] - y[1] || x[0].length - y[0].length).map(([s]) => s);
}

describe.skipIf(missingOracle("go"))("the writers against Go's own files", () => {
  const dir = resolve(import.meta.dirname, "../testdata/go/sample");
  const file = execFileSync("go", ["list", "-export", "-f", "{{.Export}}", "."], {
    cwd: dir,
    encoding: "utf8",
  }).trim();
  const archive = new Uint8Array(readFileSync(file));

  it("write the package archive again byte for byte", () => {
    const members = readArchive(archive);
    expect(writeArchive(members)).toEqual(archive);
  });

  it("write the object again byte for byte from what the reader reads", () => {
    const obj = readArchive(archive).find((m) => m.name === "_go_.o")!.data;
    const r = new GoObjFile(obj, "_go_.o");
    expect(r.text.buildID).toBeDefined();
    expect(
      objTextHeader({
        goos: r.text.goos,
        goarch: r.text.goarch,
        version: r.text.goVersion,
        settings: r.text.settings,
        experiments: r.text.experiments,
        buildID: r.text.buildID!,
        main: true,
      }),
    ).toBe(r.text.raw);
    expect(writeGoObj(contentsOf(r))).toEqual(obj);
    // Every FuncInfo encodes back to its bytes.
    const funcInfo = 1;
    for (let i = 0; i < r.nsym; i++) {
      for (const a of r.auxs(i)) {
        if (a.type !== funcInfo || a.sym.pkg !== PkgIdxSelf) continue;
        const b = r.data(a.sym.idx);
        expect(encodeFuncInfo(decodeFuncInfo(b, "funcinfo"))).toEqual(b);
      }
    }
  });
});

describe("the object writer on a hand-made object", () => {
  it("writes every block so that the reader gives it back", () => {
    const text = objTextHeader({
      goos: "linux",
      goarch: "amd64",
      version: "go1.26.8",
      settings: ["GOAMD64=v1"],
      experiments: ["regabiwrappers", "dwarf5"],
      main: false,
    });
    expect(parseTextHeader(text.slice(0, -1))).toMatchObject({
      goVersion: "go1.26.8",
      settings: ["GOAMD64=v1"],
      experiments: ["regabiwrappers", "dwarf5"],
    });
    const fi = encodeFuncInfo({
      args: 16,
      locals: 8,
      funcID: 23,
      funcFlag: 0,
      startLine: 12,
      file: [0, 2],
      inlTree: [{ parent: -1, file: 1, line: 7, func: { pkg: PkgIdxNone, idx: 1 }, parentPC: 4 }],
    });
    const c: GoObjContents = {
      textHeader: text,
      fingerprint: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      flags: 16,
      autolib: [{ pkg: "fmt", fingerprint: new Uint8Array(8).fill(9) }],
      pkglist: ["", "fmt"],
      files: ["a.go", "b.go", "é.go"],
      symdefs: [
        {
          name: "p.f",
          abi: 1,
          type: 1,
          flag: 0,
          flag2: 0,
          siz: 40,
          align: 0,
          relocs: [{ off: 3, siz: 4, type: 7, add: -5, sym: { pkg: 1, idx: 2 } }],
          auxs: [{ type: 1, sym: { pkg: PkgIdxSelf, idx: 1 } }],
          data: new Uint8Array(0),
        },
        {
          name: "",
          abi: 0,
          type: 7,
          flag: 0,
          flag2: 0,
          siz: fi.length,
          align: 0,
          relocs: [],
          auxs: [],
          data: fi,
        },
      ],
      hashed64defs: [],
      hasheddefs: [
        {
          name: "",
          abi: 0,
          type: 3,
          flag: 0,
          flag2: 0,
          siz: 3,
          align: 1,
          relocs: [],
          auxs: [],
          data: Uint8Array.of(2, 40, 0),
          hash: new Uint8Array(16).fill(7),
        },
      ],
      nonpkgdefs: [
        {
          name: "go:cuinfo.producer.p",
          abi: 0,
          type: 12,
          flag: 1,
          flag2: 0,
          siz: 6,
          align: 0,
          relocs: [{ off: 0, siz: 8, type: 1, add: 2 ** 40, sym: { pkg: PkgIdxHashed, idx: 0 } }],
          auxs: [],
          data: Uint8Array.of(114, 101, 103, 97, 98, 105),
        },
      ],
      nonpkgrefs: [{ name: "go:info.int", abi: 0, type: 0, flag: 0, flag2: 0, siz: 0, align: 0 }],
      refFlags: [{ sym: { pkg: 1, idx: 2 }, flag: 0, flag2: 1 }],
      refNames: [{ sym: { pkg: 1, idx: 2 }, name: "fmt.Println" }],
    };
    const bytes = writeGoObj(c);
    const r = new GoObjFile(bytes, "hand.o");
    expect(new TextDecoder("latin1").decode(r.b.subarray(0, Magic.length))).toBe(Magic);
    expect([...r.fingerprint]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.flags).toBe(16);
    expect(r.autolib()).toEqual(c.autolib);
    expect(r.pkglist()).toEqual(c.pkglist);
    expect(r.files()).toEqual(c.files);
    expect([r.nsym, r.nhashed64def, r.nhasheddef, r.nnonpkgdef, r.nnonpkgref]).toEqual([2, 0, 1, 1, 1]);
    const defs = [...c.symdefs, ...c.hasheddefs, ...c.nonpkgdefs];
    defs.forEach((d, i) => {
      const { relocs, auxs, data, ...sym } = d;
      expect(r.sym(i)).toEqual({
        name: sym.name,
        abi: sym.abi,
        type: sym.type,
        flag: sym.flag,
        flag2: sym.flag2,
        siz: sym.siz,
        align: sym.align,
      });
      expect(r.relocs(i)).toEqual(relocs);
      expect(r.auxs(i)).toEqual(auxs);
      expect(r.data(i)).toEqual(data);
    });
    expect(r.sym(4)).toEqual(c.nonpkgrefs[0]);
    expect(r.hash(0)).toBe("07".repeat(16));
    expect(r.refFlags()).toEqual(c.refFlags);
    expect(r.refNames()).toEqual(c.refNames);
    expect(decodeFuncInfo(r.data(1), "fi")).toMatchObject({ funcID: 23, startLine: 12, file: [0, 2] });
  });
});
