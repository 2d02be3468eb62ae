/**
 * WriteObjFile: the model's objects as Go object files, read back with goobj/objfile.ts. Which
 * block each symbol goes to, the FuncInfo and DWARF aux symbols genFuncInfoSyms appends, the
 * header, flags, builtin and by-name references, and that every relocation and aux link names
 * what the compiler's symbol names. Against Go: the content hash of every pc-value table in the
 * object the machine's Go compiled for testdata/go/sample; the shape of its per-function block.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readArchive } from "../../goobj/archive.js";
import { builtins126 } from "../../goobj/builtin.js";
import {
  decodeFuncInfo,
  GoObjFile,
  PkgIdxBuiltin,
  PkgIdxHashed,
  PkgIdxHashed64,
  PkgIdxNone,
  PkgIdxSelf,
  type SymRef,
  SymFlag,
  SymFlag2,
} from "../../goobj/objfile.js";
import { decodePcvalue } from "../../linker/pcvalue.js";
import { missingOracle } from "../../test/oracles.js";
import { compile } from "../gc/compile.js";
import { parseIr } from "../ir-validate.js";
import { GO126, GO127 } from "../profile.js";
import { CompileError } from "./link.js";
import { LSym } from "./lsym.js";
import { contentHashOf, WriteObjFile } from "./objfile.js";
import { pcspRunsOf } from "./pcln.js";

const names = GO126.objabi!;

function program(file: string, dwarfVersion: 4 | 5 = 5) {
  const path = resolve(import.meta.dirname, "../../testdata/ir", file);
  return { ...parseIr(readFileSync(path, "utf8"), path), dwarfVersion };
}

/** The name a reference of `r` resolves to (by index within the object, or the builtin's). */
function nameOf(r: GoObjFile, ref: SymRef): string {
  switch (ref.pkg) {
    case PkgIdxSelf:
      return r.sym(ref.idx).name;
    case PkgIdxHashed64:
      return r.sym(r.nsym + ref.idx).name;
    case PkgIdxHashed:
      return r.sym(r.nsym + r.nhashed64def + ref.idx).name;
    case PkgIdxNone:
      return r.sym(r.nsym + r.nhashed64def + r.nhasheddef + ref.idx).name;
    case PkgIdxBuiltin:
      return builtins126[ref.idx]![0];
    default:
      throw new Error(`package index ${ref.pkg}`);
  }
}

describe("WriteObjFile", () => {
  it("writes the header gc writes, with dwarf5 among the experiments only for DWARF 5", () => {
    for (const v of [5, 4] as const) {
      const r = new GoObjFile(WriteObjFile(compile(program("sample.json", v))).bytes, "sample.o");
      expect(r.text.raw).toBe(
        `go object linux amd64 go1.26.8 GOAMD64=v1 X:regabiwrappers,regabiargs,${v === 5 ? "dwarf5," : ""}greenteagc,randomizedheapbase64\nmain\n\n`,
      );
      expect(r.files()).toEqual(["/home/gopher/sample/main.go"]);
      expect([r.autolib(), r.pkglist(), r.flags]).toEqual([[], [""], 0]);
    }
  });

  it("puts text and data in Symdef, then each function's FuncInfo and non-empty DWARF aux symbols", () => {
    const obj = compile(program("globals.json"));
    const w = WriteObjFile(obj);
    const r = new GoObjFile(w.bytes, "globals.o");
    const kind = (i: number): string => names.symKindNames[r.sym(i).type]!;
    const defs = Array.from({ length: r.nsym }, (_, i) => r.sym(i));
    const textN = obj.text.length;
    expect(defs.slice(0, textN).map((s) => s.name)).toEqual(obj.text.map((s) => s.name));
    const hashed = (s: LSym): boolean => s.has("ContentAddressable");
    const data = obj.data.filter((s) => !s.has("DuplicateOK") && !hashed(s));
    expect(defs.slice(textN, textN + data.length).map((s) => s.name)).toEqual(data.map((s) => s.name));
    // genFuncInfoSyms: FuncInfo, then ranges, loc, lines, info when not empty.
    let i = textN + data.length;
    for (const t of obj.text) {
      const f = t.func!;
      const want = ["SDATA"];
      for (const a of [f.dwarfRangesSym, f.dwarfLocSym, f.dwarfDebugLinesSym, f.dwarfInfoSym])
        if (a !== undefined && a.size !== 0) want.push(a.type);
      expect(
        want.map((_, k) => kind(i + k)),
        t.name,
      ).toEqual(want);
      expect(decodeFuncInfo(r.data(i), t.name)).toMatchObject({ startLine: f.startLine, funcID: 0 });
      i += want.length;
    }
    expect(i).toBe(r.nsym);
    // DUPOK symbols are deduplicated by name: Nonpkgdef.
    const nonpkg = Array.from({ length: r.nnonpkgdef }, (_, k) =>
      r.sym(r.nsym + r.nhashed64def + r.nhasheddef + k),
    );
    expect(nonpkg.map((s) => s.name)).toEqual(
      obj.data.filter((s) => s.has("DuplicateOK") && !hashed(s)).map((s) => s.name),
    );
    expect(nonpkg.every((s) => (s.flag & SymFlag.Dupok) !== 0)).toBe(true);
    expect(w.defs.slice(0, r.nsym).map((s) => s.name)).toEqual(defs.map((s) => s.name));
  });

  it("names every relocation and aux target as the compiler's symbol does, in offset order", () => {
    const obj = compile(program("inline.json"));
    const w = WriteObjFile(obj);
    const r = new GoObjFile(w.bytes, "inline.o");
    let checked = 0;
    w.defs.forEach((s: LSym, i) => {
      const rs = r.relocs(i);
      expect(rs.map((x) => x.off)).toEqual([...rs.map((x) => x.off)].sort((a, b) => a - b));
      const want = s.R.map((x) => `${x.off}/${x.siz}/${x.type}/${x.add}/${x.sym.name}`).sort();
      const got = rs
        .map((x) => `${x.off}/${x.siz}/${names.relocNames[x.type]}/${x.add}/${nameOf(r, x.sym)}`)
        .sort();
      expect(got, s.name).toEqual(want);
      checked += rs.length;
      if (s.func !== undefined) {
        const aux = r.auxs(i).map((a) => names.auxNames[a.type]);
        expect(aux[0]).toBe("FuncInfo");
        const info = r.auxs(i).find((a) => names.auxNames[a.type] === "DwarfInfo")!;
        expect(r.data(info.sym.idx)).toEqual(s.func.dwarfInfoSym!.P);
        expect(r.data(i).length).toBe(0);
        expect(r.sym(i).siz).toBe(s.size);
      }
    });
    expect(checked).toBeGreaterThan(20);
  });

  it("gives each function its Pcsp table, shared tables the same content hash", () => {
    const obj = compile(program("sample.json"));
    const r = new GoObjFile(WriteObjFile(obj).bytes, "sample.o");
    const pcsp = names.auxNames.indexOf("Pcsp");
    const hashes = new Map<string, string>();
    obj.text.forEach((t, i) => {
      const a = r.auxs(i).find((x) => x.type === pcsp)!;
      expect(a.sym.pkg).toBe(PkgIdxHashed);
      const at = r.nsym + r.nhashed64def + a.sym.idx;
      expect(decodePcvalue(r.data(at), 1)).toEqual(pcspRunsOf(t.name, t.func!.pcsp, t.size));
      const content = [...r.data(at)].join(",");
      const h = r.hash(a.sym.idx);
      expect(hashes.get(content) ?? h).toBe(h);
      hashes.set(content, h);
    });
  });

  it("flags main.main as linknamed, gives globals their Gotype, and refers to builtins by index", () => {
    const obj = compile(program("globals.json"));
    const r = new GoObjFile(WriteObjFile(obj).bytes, "globals.o");
    const byName = new Map(Array.from({ length: r.nsym }, (_, i) => [r.sym(i).name, i]));
    expect(r.sym(byName.get("main.main")!).flag2 & SymFlag2.Linkname).not.toBe(0);
    const gotype = names.auxNames.indexOf("Gotype");
    const g = byName.get("main.greeting")!;
    const aux = r.auxs(g);
    expect(aux.map((a) => names.auxNames[a.type])).toEqual(["Gotype", "DwarfInfo"]);
    // type:string is on goobj's builtin list: the runtime defines it.
    expect(aux[0]!.sym.pkg).toBe(PkgIdxBuiltin);
    expect(nameOf(r, aux[0]!.sym)).toBe("type:string");
    const local = byName.get("main..stmp_0")!;
    expect(r.auxs(local).map((a) => [a.type, nameOf(r, a.sym)])).toEqual([[gotype, "type:[4]int"]]);
    expect([r.sym(local).siz, r.sym(local).flag & SymFlag.Local]).toEqual([32, SymFlag.Local]);
  });

  it("writes weak relocations with R_WEAK, typelinks flagged, and hashes content with relocations", () => {
    const obj = compile(program("globals.json"));
    const target = obj.data.find((s) => s.name === "main.greeting")!;
    const named = new LSym("go:model.named", "SRODATA");
    named.set("ContentAddressable", true);
    named.writeBytes(0, Uint8Array.of(1, 2, 3));
    named.writeOff(4, target, 0, true);
    named.writeOff(8, target, 0);
    const typ = new LSym("type:*main.T", "SRODATA");
    typ.set("DuplicateOK", true);
    typ.set("MakeTypelink", true);
    typ.writeOff(0, named, 0);
    const twin = new LSym("go:model.twin", "SRODATA");
    twin.set("ContentAddressable", true);
    twin.writeBytes(0, Uint8Array.of(1, 2, 3));
    twin.writeOff(4, target, 0);
    twin.writeOff(8, target, 0);
    const w = WriteObjFile({ ...obj, data: [...obj.data, named, typ, twin] });
    const r = new GoObjFile(w.bytes, "globals.o");
    const at = (s: LSym) => w.defs.indexOf(s);
    const weak = r.relocs(at(named)).map((x) => [x.off, (x.type & 0x8000) !== 0]);
    expect(weak).toEqual([
      [4, true],
      [8, false],
    ]);
    expect(r.sym(at(typ)).flag & (SymFlag.Typelink | SymFlag.GoType | SymFlag.Dupok)).toBe(
      SymFlag.Typelink | SymFlag.GoType | SymFlag.Dupok,
    );
    expect(r.relocs(at(typ))[0]!.sym.pkg).toBe(PkgIdxHashed);
    // Go's hash keeps only the low byte of the type: the weak bit does not tell the two apart.
    const hashOf = (s: LSym) => r.hash(at(s) - r.nsym - r.nhashed64def);
    expect(hashOf(named)).toBe(hashOf(twin));
    const bare = Buffer.from(contentHashOf(named.size, 0, named.P)).toString("hex");
    expect(hashOf(named)).not.toBe(bare);
  });

  it("leaves the compiler's symbols as they were, and needs the release's object numbering", () => {
    const obj = compile(program("inline.json"));
    const before = JSON.stringify(obj.data.map((s) => s.R.map((x) => [x.off, x.type, x.sym.name])));
    WriteObjFile(obj);
    expect(JSON.stringify(obj.data.map((s) => s.R.map((x) => [x.off, x.type, x.sym.name])))).toBe(before);
    expect(() => WriteObjFile({ ...obj, profile: GO127 })).toThrow(CompileError);
    expect(() => WriteObjFile({ ...obj, pkgpath: "" })).toThrow(/empty package path/);
  });
});

describe.skipIf(missingOracle("go"))("WriteObjFile against Go's objects", () => {
  const dir = resolve(import.meta.dirname, "../../testdata/go/sample");
  const file = execFileSync("go", ["list", "-export", "-f", "{{.Export}}", "."], {
    cwd: dir,
    encoding: "utf8",
  }).trim();
  const r = new GoObjFile(
    readArchive(new Uint8Array(readFileSync(file))).find((m) => m.name === "_go_.o")!.data,
    "_go_.o",
  );

  it("hashes pc-value tables as Go's writer does", () => {
    const pcdata = new Set(
      ["Pcsp", "Pcfile", "Pcline", "Pcinline", "Pcdata"].map((n) => names.auxNames.indexOf(n)),
    );
    let n = 0;
    for (let i = 0; i < r.nsym; i++) {
      for (const a of r.auxs(i)) {
        if (!pcdata.has(a.type) || a.sym.pkg !== PkgIdxHashed) continue;
        const at = r.nsym + r.nhashed64def + a.sym.idx;
        const want = r.hash(a.sym.idx);
        const got = [...contentHashOf(r.sym(at).siz, 0x50, r.data(at))].map((x) =>
          x.toString(16).padStart(2, "0"),
        );
        expect(got.join(""), r.sym(i).name).toBe(want);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it("hashes content-addressable data with relocations as Go's writer does", () => {
    // internal/abi's static composite literals (..stmp_N) point at string data: hashed defs whose
    // relocations target hashed defs. Rebuild each (with its hashed targets) as the model's data.
    const abi = execFileSync("go", ["list", "-export", "-f", "{{.Export}}", "internal/abi"], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
    const g = new GoObjFile(
      readArchive(new Uint8Array(readFileSync(abi))).find((m) => m.name === "_go_.o")!.data,
      "_go_.o",
    );
    const base = g.nsym + g.nhashed64def;
    const made = new Map<number, LSym>();
    const build = (i: number): LSym | undefined => {
      const have = made.get(i);
      if (have !== undefined) return have;
      const s = g.sym(i);
      const l = new LSym(s.name, names.symKindNames[s.type] as never);
      l.set("ContentAddressable", true);
      l.writeBytes(0, g.data(i));
      l.size = s.siz;
      for (const x of g.relocs(i)) {
        if (x.sym.pkg !== PkgIdxHashed) return undefined;
        const t = build(base + x.sym.idx);
        if (t === undefined) return undefined;
        const type = names.relocNames[x.type & 0x7fff] as never;
        l.R.push({
          off: x.off,
          siz: x.siz,
          type,
          sym: t,
          add: Number(x.add),
          ...((x.type & 0x8000) !== 0 && { weak: true }),
        });
      }
      made.set(i, l);
      return l;
    };
    const want = new Map<LSym, string>();
    for (let k = 0; k < g.nhasheddef; k++) {
      if (g.nreloc(base + k) === 0) continue;
      const l = build(base + k);
      if (l !== undefined) want.set(l, g.hash(k));
    }
    expect(want.size).toBeGreaterThan(10);
    const obj = compile(program("globals.json"));
    const w = WriteObjFile({ ...obj, data: [...obj.data, ...made.values()] });
    const m = new GoObjFile(w.bytes, "model.o");
    for (const [l, h] of want) expect(m.hash(w.defs.indexOf(l) - m.nsym - m.nhashed64def), l.name).toBe(h);
  });

  it("lays out each function's FuncInfo and DWARF aux symbols as Go's genFuncInfoSyms does", () => {
    const kinds = (i: number): string => names.symKindNames[r.sym(i).type]!;
    const funcInfo = names.auxNames.indexOf("FuncInfo");
    for (let i = 0; i < r.nsym; i++) {
      if (kinds(i) !== "STEXT") continue;
      const fi = r.auxs(i).find((a) => a.type === funcInfo)!;
      // The FuncInfo, then this function's DWARF symbols (ranges, loc, lines, info): the next FuncInfo or the end.
      const run: string[] = [];
      for (let k = fi.sym.idx + 1; k < r.nsym && kinds(k) !== "SDATA"; k++) run.push(kinds(k));
      const order = ["SDWARFRANGE", "SDWARFLOC", "SDWARFLINES", "SDWARFFCN"];
      expect(run, r.sym(i).name).toEqual(order.filter((k) => run.includes(k)));
    }
  });
});
