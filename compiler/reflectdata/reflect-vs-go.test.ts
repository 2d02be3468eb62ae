/**
 * The type descriptor writer against the real compiler. The machine's Go builds testdata/go/types;
 * the binary's type DIEs give the records of its types (liftTypes: kind, size, constituents,
 * field offsets, interface method counts; the method names of main.Shape are added by hand, the
 * DWARF does not carry them), and the model writes the descriptors package main writes
 * (NeedEmit). Every `type:*` symbol, name, import path, GC mask and equality closure the model
 * writes that the real object of package main also defines must be that definition: the same
 * bytes, symbol size, DUPOK bit and relocations (offset, size, type, R_WEAK, target, addend);
 * the model writes nothing the object does not define, and leaves out no data symbol its
 * descriptors refer to that the object defines (the generated eq functions are code: referred
 * to, not written).
 *
 * A decision check: the records carry only what the descriptors are about; what is under test is
 * everything reflectdata decides from them (layouts, tflags, alignments, pointer data and masks,
 * hashes, equality and hash closures, the name and import path symbols and which one each field
 * refers to, the pointer-to-this and its weakness, the map group types and flags, which derived
 * types are written, DUPOK, the uncommon types).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DW_AT } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrNumber, attrString } from "../../dwarf/read/model.js";
import { dwarfSections, readElf } from "../../elf/index.js";
import { readArchive } from "../../goobj/archive.js";
import { GoObjFile, SymFlag } from "../../goobj/objfile.js";
import { runtimeTypes } from "../runtime/runtime-types.js";
import { type LiftedTypes, liftTypes } from "../runtime/lift-types.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import type { IrType } from "../ir.js";
import { goObjView } from "../objfile/goobj.js";
import { GO126 } from "../profile.js";
import { linkSyms, newReflect, writeAll } from "./reflect.test-util.js";

const repoRoot = resolve(import.meta.dirname, "../..");

/** `go list -export` in `dir` with the settings goBuild uses: import path and archive per line. */
function goList(dir: string, deps: boolean): { pkg: string; file: string }[] {
  const args = [
    "list",
    "-export",
    ...(deps ? ["-deps"] : []),
    "-f",
    '{{.ImportPath}}{{"\\t"}}{{.Export}}',
    ".",
  ];
  const out = execFileSync("go", args, {
    cwd: resolve(repoRoot, dir),
    env: { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return out
    .split("\n")
    .map((l) => l.split("\t"))
    .filter((x): x is [string, string] => x.length === 2 && x[1] !== "")
    .map(([pkg, file]) => ({ pkg, file }));
}

/** The export archive of the package in `dir`. */
function exportArchive(dir: string): Uint8Array {
  return new Uint8Array(readFileSync(goList(dir, false)[0]!.file));
}

/** One definition of a real object, as compared. */
interface Def {
  /** A text symbol (the generated eq and hash functions, which the model does not write). */
  text: boolean;
  size: number;
  dupok: boolean;
  data: Uint8Array;
  relocs: string[];
}

function relocString(r: {
  off: number;
  siz: number;
  type: string;
  weak?: boolean;
  sym: string;
  add: number;
}): string {
  return `${r.off}+${r.siz} ${r.type}${r.weak === true ? "(weak)" : ""} ${r.sym}${r.add === 0 ? "" : `+${r.add}`}`;
}

/** The definitions of the `_go_.o` member of an archive, by name (the first one kept). */
function realDefs(archive: Uint8Array, pkg: string, out = new Map<string, Def>()): Map<string, Def> {
  const member = readArchive(archive).find((m) => m.name === "_go_.o");
  if (member === undefined) throw new Error("no _go_.o in the archive");
  const obj = new GoObjFile(member.data, "_go_.o");
  const view = goObjView(obj, pkg, GO126);
  for (let i = 0; i < obj.ndef; i++) {
    const o = obj.sym(i);
    if (out.has(o.name)) continue;
    const s = view.table.entries[i]!.sym;
    const raw = obj.relocs(i);
    out.set(o.name, {
      text: o.type === 1,
      size: o.siz,
      dupok: (o.flag & SymFlag.Dupok) !== 0,
      data: obj.data(i),
      relocs: s.R.map((r, k) =>
        relocString({ ...r, sym: r.sym.name, weak: (raw[k]!.type & 0x8000) !== 0 }),
      ).sort(),
    });
  }
  return out;
}

/** The types of package main's globals, as the binary's DWARF names them. */
function globalTypes(bin: string, lifted: LiftedTypes): string[] {
  const units = readInfo(dwarfSections(readElf(new Uint8Array(readFileSync(bin)), bin)));
  const main = units.find((u) => u.root !== undefined && attrString(u.root, DW_AT.name) === "main");
  if (main?.root === undefined) throw new Error("no main unit");
  const out: string[] = [];
  for (const c of main.root.children) {
    const name = attrString(c, DW_AT.name);
    const t = attrNumber(c, DW_AT.type);
    if (name === undefined || t === undefined || !name.startsWith("main.G")) continue;
    out.push(attrString(lifted.byOffset.get(t)!, DW_AT.name)!);
  }
  return out;
}

const isGroupRecord = (n: string): boolean =>
  n.startsWith("noalg.map.group[") ||
  n.startsWith("noalg.struct { key ") ||
  n.startsWith("noalg.[8]struct { key ");

/** Symbols the comparison covers: descriptors and what they point at that the compiler writes. */
const compared = (n: string): boolean =>
  n.startsWith("type:") || n.startsWith("runtime.gcbits.") || (n.startsWith("runtime.") && n.endsWith("·f"));

describe.skipIf(missingOracle("go"))("type descriptors against the real compiler (testdata/go/types)", () => {
  const bin = goBuild("testdata/go/types");
  const lifted = liftTypes(new Uint8Array(readFileSync(bin)), bin);
  const real = realDefs(exportArchive("testdata/go/types"), "main");

  const types: Record<string, IrType> = {};
  for (const [n, t] of lifted.types) if (!isGroupRecord(n)) types[n] = t;
  types["func() float64"] = { kind: "func", size: 8, params: [], results: ["float64"] };
  types["main.Shape"] = {
    ...types["main.Shape"]!,
    imethods: [
      { name: "Area", type: "func() float64" },
      { name: "Perimeter", type: "func() float64" },
    ],
  };

  // ggloblnod: every global's type gets its descriptor (TypeLinksym, NeedRuntimeType).
  const roots = globalTypes(bin, lifted);
  const r = newReflect(types, "main");
  writeAll(r, roots);
  const ours = linkSyms(r);
  const written = r.ctxt.data.filter((s) => compared(s.name));

  it("writes the descriptors of package main's types", () => {
    expect(roots.length).toBeGreaterThan(30);
    expect(written.length).toBeGreaterThan(100);
    expect(written.some((s) => s.name === "type:main.Inner")).toBe(true);
  });

  it("writes every symbol the real object defines as the real object defines it", () => {
    const differ: string[] = [];
    let same = 0;
    for (const s of written) {
      const want = real.get(s.name);
      if (want === undefined) continue;
      const got = ours.get(s.name)!;
      const problems: string[] = [];
      if (s.size !== want.size) problems.push(`size ${s.size}, want ${want.size}`);
      if (s.has("DuplicateOK") !== want.dupok) problems.push(`dupok ${s.has("DuplicateOK")}`);
      // Go's data stops at the last byte written; the model's is padded with zeros to the size.
      const p = got.P;
      const head = p.subarray(0, want.data.length);
      const tail = p.subarray(want.data.length);
      if (Buffer.compare(Buffer.from(head), Buffer.from(want.data)) !== 0 || tail.some((b) => b !== 0))
        problems.push(
          `data ${Buffer.from(p).toString("hex")}\n    want ${Buffer.from(want.data).toString("hex")}`,
        );
      const rels = got.R.map((x) => relocString({ ...x, sym: x.sym.name })).sort();
      if (JSON.stringify(rels) !== JSON.stringify(want.relocs))
        problems.push(`relocs ${JSON.stringify(rels)}\n    want ${JSON.stringify(want.relocs)}`);
      if (problems.length > 0) differ.push(`${s.name}: ${problems.join("; ")}`);
      else same++;
    }
    expect(differ).toEqual([]);
    expect(same).toBeGreaterThan(150);
  });

  it("writes nothing the real object does not define", () => {
    expect(written.filter((s) => !real.has(s.name)).map((s) => s.name)).toEqual([]);
  });

  it("defines every data symbol it refers to that the real object defines", () => {
    const mine = new Set(written.map((s) => s.name));
    const referenced = new Set(written.flatMap((s) => s.R.map((x) => x.sym.name)));
    const missing = [...referenced].filter((n) => real.get(n)?.text === false && compared(n) && !mine.has(n));
    expect(missing).toEqual([]);
  });
});

/**
 * The runtime's type table (compiler/runtime/runtime-types.ts, lifted from a real binary's DWARF)
 * through the same writer, as the runtime and the packages it builds on write their types,
 * against those packages' real objects (testdata/go/runtimetypes' dependencies). What the IR does
 * not carry makes the only differences, each recognized here: methods of named types (the real
 * descriptor has an abi.Method table, R_METHODOFF), pointer types the table lists or lacks where
 * the real package had or had not made them (a pointer-to-this present on one side only: Go's
 * IsPtrElem), and a defined type whose struct is another package's (its unexported fields' package
 * is that package: the struct's PkgPath).
 */
describe.skipIf(missingOracle("go"))("the runtime's types against the real runtime objects", () => {
  const real = new Map<string, Def>();
  for (const { pkg, file } of goList("testdata/go/runtimetypes", true))
    realDefs(new Uint8Array(readFileSync(file)), pkg, real);

  const r = newReflect(runtimeTypes, "runtime", { needEmit: () => true });
  writeAll(r);
  const ours = linkSyms(r);

  it("writes what the real objects define, up to what the IR does not carry", () => {
    const unexplained: string[] = [];
    let same = 0;
    const explained = { methods: 0, ptrToThis: 0, fieldPkg: 0 };
    for (const s of r.ctxt.data) {
      const want = real.get(s.name);
      if (want === undefined) {
        unexplained.push(`${s.name}: not defined by the real objects`);
        continue;
      }
      const got = ours.get(s.name)!;
      const rels = got.R.map((x) => relocString({ ...x, sym: x.sym.name })).sort();
      const p = got.P;
      const dataSame =
        s.size === want.size &&
        Buffer.compare(Buffer.from(p.subarray(0, want.data.length)), Buffer.from(want.data)) === 0 &&
        !p.subarray(want.data.length).some((b) => b !== 0);
      const relocsSame = JSON.stringify(rels) === JSON.stringify(want.relocs);
      if (dataSame && relocsSame) {
        same++;
        continue;
      }
      const except = (off: string) => (x: string) => !x.startsWith(off);
      if (want.relocs.some((x) => x.includes(" R_METHODOFF "))) explained.methods++;
      else if (
        dataSame &&
        JSON.stringify(rels.filter(except("44+4 "))) === JSON.stringify(want.relocs.filter(except("44+4 ")))
      )
        explained.ptrToThis++;
      else if (
        dataSame &&
        JSON.stringify(rels.filter(except("48+8 "))) ===
          JSON.stringify(want.relocs.filter(except("48+8 "))) &&
        want.relocs.some((x) => x.startsWith("48+8 R_ADDR type:.importpath."))
      )
        explained.fieldPkg++;
      else unexplained.push(`${s.name}:\n  ${rels.join(", ")}\n  want ${want.relocs.join(", ")}`);
    }
    expect(unexplained).toEqual([]);
    expect(same).toBeGreaterThan(1100);
    expect(explained.methods).toBeLessThan(120);
    expect(explained.ptrToThis + explained.fieldPkg).toBeLessThan(20);
  });
});
