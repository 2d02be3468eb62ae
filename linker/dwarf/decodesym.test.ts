/**
 * decodesym.ts and the descriptor-backed type DIEs against real Go 1.26 builds.
 *
 * The machine's Go builds testdata/go/types, sample and features (DWARF 5, and types also in
 * DWARF 4); the packages' compiled archives (`go list -export -deps`, the ones the binary was
 * linked from) are loaded by goload.ts, and:
 *
 *  1. every type descriptor (`type:*` with the GoType flag) decodes: a kind, a size, a string, and
 *     constituents that are descriptors themselves; the string is the symbol's name where the two
 *     spell the same (no import path, no local-type suffix, no noalg);
 *  2. what the descriptors say (kind, size, elements, keys, lengths, fields with offsets and the
 *     embedded bit, parameters, results, dotdotdot, interface method counts) is what the binary's
 *     type DIEs say, read with dwarf/read (liftTypes): a decision check, the DWARF is never input;
 *  3. after deadcode and AssignTextSymbolOrder, dwarfGenerateDebugInfo with the default generator
 *     (descriptors) makes the type DIEs cmd/link made: written with putdie and laid out from the
 *     offset where the binary's runtime unit has its first type DIE, they are the binary's
 *     .debug_info bytes, byte for byte, but for the go_runtime_type values (offsets of the type
 *     symbols in the type section, the data layout's business): each of those is checked to point
 *     at a descriptor in the binary's .rodata whose bytes are the symbol's (relocated fields aside).
 *
 * Hand-made descriptors cover what the programs may not: uncommon types before func parameters and
 * struct fields, long names (two-byte varints), TFlagExtraStar, method tables.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IrStructField, IrType } from "../../compiler/ir.js";
import { dwarfSections, readElf } from "../../elf/index.js";
import { SymFlag } from "../../goobj/objfile.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { deadcode } from "../deadcode.js";
import { assignTextSymbolOrder, type GoArchive, type GoLoaded, loadGoObjects } from "../goload.js";
import { Kind, TFlag } from "../../abi/abi.js";
import { inittasks } from "../inittask.js";
import { LinkSym } from "../sym.js";
import {
  commonsize,
  decodeIfaceMethod,
  decodeInuxi,
  decodetypeArrayElem,
  decodetypeArrayLen,
  decodetypeFuncDotdotdot,
  decodetypeFuncInCount,
  decodetypeFuncInType,
  decodetypeFuncOutCount,
  decodetypeFuncOutType,
  decodetypeHasUncommon,
  decodetypeKind,
  decodetypeMethods,
  decodetypeName,
  decodetypeSize,
  decodetypeStr,
  decodetypeStructFieldCount,
  decodetypeStructFieldEmbedded,
  decodetypeStructFieldName,
  decodetypeStructFieldOffset,
  decodetypeStructFieldType,
  TFlagOff,
} from "./decodesym.js";
import { dwctxt, reversetree } from "./dwctxt.js";
import { dwarfGenerateDebugInfo } from "./info.js";
import { liftTypes } from "../../compiler/runtime/lift-types.js";
import { newGoTypes } from "./types.js";
import { descriptorSource, type TypeSource } from "./typesource.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const ptrSize = 8;

/** The archives a goBuild of `target` linked: `go list -export -deps` with the same settings. */
function collect(target: string, dwarf4: boolean): { main: GoArchive; byPkg: Map<string, GoArchive> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOFLAGS: "-mod=mod",
  };
  if (dwarf4) env.GOEXPERIMENT = "nodwarf5";
  const format = '{{.ImportPath}}{{"\\t"}}{{.Export}}{{"\\t"}}{{.Name}}';
  const out = execFileSync("go", ["list", "-export", "-deps", "-f", format, "."], {
    cwd: resolve(repoRoot, target),
    env,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const byPkg = new Map<string, GoArchive>();
  let main: GoArchive | undefined;
  for (const line of out.split("\n")) {
    const [pkg, file, name] = line.split("\t");
    if (pkg === undefined || file === undefined || file === "") continue;
    const a: GoArchive = { pkg, file, bytes: new Uint8Array(readFileSync(file)) };
    byPkg.set(pkg, a);
    if (name === "main") main = a;
  }
  if (main === undefined) throw new Error(`${target}: no main package in go list's output`);
  return { main, byPkg };
}

/** The type descriptors of a link: `type:*` symbols with the GoType flag and data. */
function descriptors(g: GoLoaded): LinkSym[] {
  return g.ld.syms.filter(
    (s) => s.name.startsWith("type:") && (s.flag & SymFlag.GoType) !== 0 && s.P.length > 0,
  );
}

/** A constituent by name ("type:" dropped); Go's 0 symbol as "<none>". */
const nameOf = (s: LinkSym | undefined): string =>
  s === undefined ? "<none>" : s.name.slice("type:".length);

/** internal/abi.ChanDir of a ChanType (not a decodesym.go decoder; liftTypes records it). */
function chanDir(s: LinkSym): "both" | "send" | "recv" {
  const v = decodeInuxi(s.P, commonsize(ptrSize) + ptrSize, ptrSize);
  return v === 1 ? "recv" : v === 2 ? "send" : "both";
}

const irKind: Record<number, IrType["kind"]> = {
  [Kind.Bool]: "bool",
  [Kind.Int]: "int",
  [Kind.Int8]: "int8",
  [Kind.Int16]: "int16",
  [Kind.Int32]: "int32",
  [Kind.Int64]: "int64",
  [Kind.Uint]: "uint",
  [Kind.Uint8]: "uint8",
  [Kind.Uint16]: "uint16",
  [Kind.Uint32]: "uint32",
  [Kind.Uint64]: "uint64",
  [Kind.Uintptr]: "uintptr",
  [Kind.Float32]: "float32",
  [Kind.Float64]: "float64",
  [Kind.Complex64]: "complex64",
  [Kind.Complex128]: "complex128",
  [Kind.Array]: "array",
  [Kind.Chan]: "chan",
  [Kind.Func]: "func",
  [Kind.Interface]: "interface",
  [Kind.Map]: "map",
  [Kind.Pointer]: "ptr",
  [Kind.Slice]: "slice",
  [Kind.String]: "string",
  [Kind.Struct]: "struct",
  [Kind.UnsafePointer]: "unsafepointer",
};

/** A descriptor as the record liftTypes makes of a type DIE (IrType, without `named`). */
function recordOf(src: TypeSource, s: LinkSym): IrType {
  const kind = irKind[src.kind(s)];
  if (kind === undefined) throw new Error(`${s.name}: kind ${src.kind(s)}`);
  const t: IrType = { kind, size: src.size(s) };
  switch (kind) {
    case "array":
      t.elem = nameOf(src.arrayElem(s));
      t.len = src.arrayLen(s);
      break;
    case "chan": {
      t.elem = nameOf(src.chanElem(s));
      const dir = chanDir(s);
      if (dir !== "both") t.dir = dir;
      break;
    }
    case "func": {
      const params = Array.from({ length: src.funcInCount(s) }, (_, i) => nameOf(src.funcInType(s, i)));
      const results = Array.from({ length: src.funcOutCount(s) }, (_, i) => nameOf(src.funcOutType(s, i)));
      if (params.length > 0) t.params = params;
      if (results.length > 0) t.results = results;
      if (src.funcDotdotdot(s)) t.variadic = true;
      break;
    }
    case "interface":
      t.methods = src.ifaceMethodCount(s);
      break;
    case "map":
      t.key = nameOf(src.mapKey(s));
      t.elem = nameOf(src.mapValue(s));
      break;
    case "ptr":
      t.elem = nameOf(src.ptrElem(s));
      break;
    case "slice":
      t.elem = nameOf(src.arrayElem(s));
      break;
    case "struct":
      t.fields = Array.from({ length: src.structFieldCount(s) }, (_, i): IrStructField => {
        const f: IrStructField = {
          name: src.structFieldName(s, i),
          type: nameOf(src.structFieldType(s, i)),
          offset: src.structFieldOffset(s, i),
        };
        if (src.structFieldEmbedded(s, i)) f.embedded = true;
        return f;
      });
      break;
    default:
      break;
  }
  return t;
}

/** The type symbols a descriptor refers to, by what decodesym.go decodes. */
function constituents(src: TypeSource, s: LinkSym): (LinkSym | undefined)[] {
  switch (src.kind(s)) {
    case Kind.Array:
    case Kind.Slice:
      return [src.arrayElem(s)];
    case Kind.Chan:
      return [src.chanElem(s)];
    case Kind.Pointer:
      return [src.ptrElem(s)];
    case Kind.Map:
      return [src.mapKey(s), src.mapValue(s), src.mapGroup(s)];
    case Kind.Func:
      return [
        ...Array.from({ length: src.funcInCount(s) }, (_, i) => src.funcInType(s, i)),
        ...Array.from({ length: src.funcOutCount(s) }, (_, i) => src.funcOutType(s, i)),
      ];
    case Kind.Struct:
      return Array.from({ length: src.structFieldCount(s) }, (_, i) => src.structFieldType(s, i));
    default:
      return [];
  }
}

/**
 * The type DIEs of `d` written as writeUnitInfo writes them (putdie, after reversetree), laid out
 * from `base`: the bytes with their R_DWARFSECREFs applied, and the go_runtime_type slots.
 */
function typeRegion(d: dwctxt, base: number): { bytes: Uint8Array; typerefs: { at: number; t: LinkSym }[] } {
  reversetree(d.dwtypes);
  let syms: LinkSym[] = [];
  for (let c = d.dwtypes.child; c !== undefined; c = c.link) syms = d.putdie(syms, c);
  let off = base;
  for (const s of syms) {
    s.value = off;
    off += s.size;
  }
  const bytes = new Uint8Array(off - base);
  const typerefs: { at: number; t: LinkSym }[] = [];
  for (const s of syms) {
    bytes.set(s.P, s.value - base);
    for (const r of s.R) {
      const at = s.value - base + r.off;
      if (r.type === "R_DWARFSECREF") {
        const v = r.sym.value + r.add;
        for (let k = 0; k < r.siz; k++) bytes[at + k] = Math.floor(v / 256 ** k) & 0xff;
      } else if (r.type === "R_ADDROFF" && r.siz === ptrSize) typerefs.push({ at, t: r.sym });
      else throw new Error(`${s.name}: unexpected ${r.type} in a type DIE`);
    }
  }
  return { bytes, typerefs };
}

const cases: { target: string; dwarf4: boolean }[] = [
  { target: "testdata/go/types", dwarf4: false },
  { target: "testdata/go/types", dwarf4: true },
  { target: "testdata/go/sample", dwarf4: false },
  { target: "testdata/go/features", dwarf4: false },
];

describe.skipIf(missingOracle("go"))("type descriptors of real Go 1.26 objects", () => {
  for (const { target, dwarf4 } of cases) {
    describe(`${target}, DWARF ${dwarf4 ? 4 : 5}`, () => {
      let g: GoLoaded;
      let bin: Uint8Array;
      let src: TypeSource;
      beforeAll(() => {
        const file = goBuild(target, { dwarf4 });
        bin = new Uint8Array(readFileSync(file));
        const { main, byPkg } = collect(target, dwarf4);
        g = loadGoObjects(main, (p) => byPkg.get(p));
        src = descriptorSource(g.ld, ptrSize);
      }, 120_000);

      it("decodes every type descriptor", () => {
        const all = descriptors(g);
        expect(all.length).toBeGreaterThan(5000);
        let spelledAlike = 0;
        const wrong: string[] = [];
        for (const s of all) {
          const kind = src.kind(s);
          if (kind < Kind.Bool || kind > Kind.UnsafePointer) wrong.push(`${s.name}: kind ${kind}`);
          for (const c of constituents(src, s)) {
            if (
              c === undefined ||
              !c.name.startsWith("type:") ||
              (c.flag & SymFlag.GoType) === 0 ||
              c.P.length === 0
            )
              wrong.push(`${s.name}: constituent ${c?.name ?? "missing"}`);
          }
          const name = s.name.slice(5);
          const str = decodetypeStr(ptrSize, s);
          if (str === "") wrong.push(`${s.name}: no string`);
          if (!/[/·]|go\.shape|noalg\.| \{/.test(name)) {
            spelledAlike++;
            if (str !== name) wrong.push(`${s.name}: string ${JSON.stringify(str)}`);
          }
        }
        expect(wrong).toEqual([]);
        expect(spelledAlike).toBeGreaterThan(1000);
      });

      it("says what the binary's type DIEs say", () => {
        const lifted = liftTypes(bin);
        let compared = 0;
        const differ: string[] = [];
        for (const [name, want] of lifted.types) {
          if (lifted.kindless.has(name)) continue;
          const s = g.ld.lookup(`type:${name}`, 0);
          if (s === undefined || s.P.length === 0) {
            differ.push(`${name}: no descriptor`);
            continue;
          }
          const got = recordOf(src, s);
          const exp: IrType = { ...want };
          delete exp.named;
          // Without a runtime type the DIE tells only whether an interface has methods.
          if (exp.kind === "interface" && !lifted.reachable.has(name) && got.methods! > 0) got.methods = 1;
          compared++;
          if (JSON.stringify(got) !== JSON.stringify(exp))
            differ.push(`${name}\n ours ${JSON.stringify(got)}\n real ${JSON.stringify(exp)}`);
        }
        expect(differ).toEqual([]);
        expect(compared).toBeGreaterThan(1000);
      });

      it("makes the binary's type DIEs, byte for byte", () => {
        deadcode(g.ld, { mainInittasks: inittasks(g.ld) });
        assignTextSymbolOrder(g);
        const d = new dwctxt(g.ld);
        const types = newGoTypes();
        dwarfGenerateDebugInfo(d, { types, version: g.goVersion });

        const elf = readElf(bin, target);
        const info = dwarfSections(elf).sections.debug_info!;
        const rodata = elf.sectionData(elf.section(".rodata")!);
        const lifted = liftTypes(bin);
        const base = lifted.order[0]!.offset;
        const { bytes, typerefs } = typeRegion(d, base);
        expect(lifted.order.length).toBeGreaterThan(2000);

        const real = info.slice(base, base + bytes.length);
        for (const { at } of typerefs) {
          real.fill(0, at, at + ptrSize);
          bytes.fill(0, at, at + ptrSize);
        }
        expect(Buffer.from(bytes).equals(Buffer.from(real))).toBe(true);
        // The runtime unit's children end there.
        expect(info[base + bytes.length]).toBe(0);

        const bad: string[] = [];
        for (const { at, t } of typerefs) {
          const v = decodeInuxi(info, base + at, ptrSize);
          const desc = rodata.subarray(v, v + t.size);
          const relocated = new Uint8Array(t.size);
          for (const r of t.R) relocated.fill(1, r.off, r.off + r.siz);
          const same = desc.length === t.size && t.P.every((b, k) => relocated[k] === 1 || desc[k] === b);
          if (!same) bad.push(`${t.name} at .rodata+${v}`);
        }
        expect(bad).toEqual([]);
        expect(typerefs.length).toBeGreaterThan(500);
      });
    });
  }
});

/** A type symbol with these bytes; relocations to `refs` (offset to target) and names. */
function typeSym(name: string, p: number[], refs: [number, LinkSym][] = []): LinkSym {
  const s = new LinkSym(name, "SRODATA");
  s.setData(p);
  for (const [off, t] of refs) s.R.push({ off, siz: 8, type: "R_ADDR", sym: t, add: 0 });
  return s;
}

/** An abi.Name symbol: flags, a varint length, the bytes. */
function nameSym(n: string, flags = 0): LinkSym {
  const b = [...new TextEncoder().encode(n)];
  const len: number[] = [];
  let v = b.length;
  while (v >= 0x80) {
    len.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  len.push(v);
  const s = new LinkSym(`type:.namedata.${n}`, "SRODATA");
  s.setData([flags, ...len, ...b]);
  return s;
}

/** An abi.Type of this kind, size and tflag (48 bytes), with the name at Str. */
function common(kind: number, size: number, tflag: number): number[] {
  const p = new Array<number>(48).fill(0);
  p[0] = size;
  p[TFlagOff(ptrSize)] = tflag;
  p[2 * ptrSize + 7] = kind;
  return p;
}

function le(v: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.floor(v / 256 ** k) & 0xff);
}

function nameRef(s: LinkSym, off: number, n: LinkSym): void {
  s.R.push({ off, siz: 4, type: "R_ADDROFF", sym: n, add: 0 });
}

describe("decoders on hand-made descriptors", () => {
  const intT = typeSym("type:int", common(Kind.Int, 8, TFlag.Named));
  const strT = typeSym("type:string", common(Kind.String, 16, TFlag.Named));

  it("reads the common type: kind, size, tflag bits, the string without its extra star", () => {
    const t = typeSym("type:main.T", common(Kind.Struct, 24, TFlag.Uncommon | TFlag.ExtraStar));
    nameRef(t, 4 * ptrSize + 8, nameSym("*main.T"));
    expect(decodetypeKind(ptrSize, t.P)).toBe(Kind.Struct);
    expect(decodetypeSize(ptrSize, t.P)).toBe(24);
    expect(decodetypeHasUncommon(ptrSize, t.P)).toBe(true);
    expect(decodetypeStr(ptrSize, t)).toBe("main.T");
    expect(() => decodetypeSize(ptrSize, new Uint8Array(4))).toThrow(/past the end/);
  });

  it("reads long names (two-byte varint lengths) and no name as empty", () => {
    const long = "x".repeat(300);
    const s = typeSym("type:t", common(Kind.Int, 8, 0));
    nameRef(s, 40, nameSym(long));
    expect(decodetypeName(s.R, 40)).toBe(long);
    expect(decodetypeName(s.R, 44)).toBe("");
  });

  it("finds func parameters and results after the uncommon type, with dotdotdot", () => {
    // func(int, ...string) string with methods: common, counts (+4 padding), uncommon, [3]*Type.
    const p = common(Kind.Func, 8, TFlag.Uncommon);
    p.push(...le(2, 2), ...le(1 | (1 << 15), 2), 0, 0, 0, 0);
    p.push(...new Array<number>(16).fill(0));
    const base = p.length;
    p.push(...new Array<number>(24).fill(0));
    const f = typeSym("type:main.F", p, [
      [base, intT],
      [base + 8, strT],
      [base + 16, strT],
    ]);
    expect(decodetypeFuncInCount(ptrSize, f.P)).toBe(2);
    expect(decodetypeFuncOutCount(ptrSize, f.P)).toBe(1);
    expect(decodetypeFuncDotdotdot(ptrSize, f.P)).toBe(true);
    expect(decodetypeFuncInType(ptrSize, f, 0)).toBe(intT);
    expect(decodetypeFuncInType(ptrSize, f, 1)).toBe(strT);
    expect(decodetypeFuncOutType(ptrSize, f, 0)).toBe(strT);
  });

  it("finds struct fields after the uncommon type, embedded from the name's bit", () => {
    // struct { int; s string }: common, PkgPath, Fields slice (ptr, len, cap), uncommon, fields.
    const p = common(Kind.Struct, 24, TFlag.Uncommon);
    p.push(...new Array<number>(8).fill(0), ...new Array<number>(8).fill(0), ...le(2, 8), ...le(2, 8));
    p.push(...new Array<number>(16).fill(0));
    const f0 = p.length;
    p.push(...new Array<number>(8).fill(0), ...new Array<number>(8).fill(0), ...le(0, 8));
    p.push(...new Array<number>(8).fill(0), ...new Array<number>(8).fill(0), ...le(8, 8));
    const s = typeSym("type:main.S", p, [
      [f0 + 8, intT],
      [f0 + 32, strT],
    ]);
    nameRef(s, f0, nameSym("int", 1 << 3));
    nameRef(s, f0 + 24, nameSym("s"));
    expect(decodetypeStructFieldCount(ptrSize, s)).toBe(2);
    expect([0, 1].map((i) => decodetypeStructFieldName(ptrSize, s, i))).toEqual(["int", "s"]);
    expect([0, 1].map((i) => decodetypeStructFieldType(ptrSize, s, i))).toEqual([intT, strT]);
    expect([0, 1].map((i) => decodetypeStructFieldOffset(ptrSize, s, i))).toEqual([0, 8]);
    expect([0, 1].map((i) => decodetypeStructFieldEmbedded(ptrSize, s, i))).toEqual([true, false]);
  });

  it("reads arrays, method tables and interface methods", () => {
    const a = typeSym(
      "type:[3]int",
      [...common(Kind.Array, 24, 0), ...new Array<number>(16).fill(0), ...le(3, 8)],
      [[48, intT]],
    );
    expect(decodetypeArrayElem(ptrSize, a)).toBe(intT);
    expect(decodetypeArrayLen(ptrSize, a)).toBe(3);

    // *main.T with one method: common, Elem, uncommon {PkgPath, Mcount 1, Xcount 1, Moff 16}, Method.
    const ft = typeSym("type:func()", common(Kind.Func, 8, 0));
    const p = [...common(Kind.Pointer, 8, TFlag.Uncommon), ...new Array<number>(8).fill(0)];
    const u = p.length;
    p.push(0, 0, 0, 0, ...le(1, 2), ...le(1, 2), ...le(16, 4), 0, 0, 0, 0);
    p.push(...new Array<number>(16).fill(0));
    const pt = typeSym("type:*main.T", p);
    nameRef(pt, u + 16, nameSym("M"));
    pt.R.push({ off: u + 20, siz: 4, type: "R_METHODOFF", sym: ft, add: 0 });
    expect(decodetypeMethods(ptrSize, pt)).toEqual([{ name: "M", typ: ft }]);

    const it0 = typeSym("type:main.I", [
      ...common(Kind.Interface, 16, 0),
      ...new Array<number>(24).fill(0),
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    nameRef(it0, 72, nameSym("Read"));
    it0.R.push({ off: 76, siz: 4, type: "R_ADDROFF", sym: ft, add: 0 });
    expect(decodeIfaceMethod(ptrSize, it0, 72)).toEqual({ name: "Read", typ: ft });
    expect(() => decodeIfaceMethod(ptrSize, pt, 0)).toThrow(/not an interface/);
  });
});
