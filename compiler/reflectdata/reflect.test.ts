/**
 * The type descriptor writer read back by the linker's decoder (linker/dwarf/decodesym.ts, Go's
 * decodesym.go): descriptors written from IR records, no link, decode to the records' kinds,
 * sizes, strings, elements, keys, lengths, fields (names, types, offsets, embedded), parameters,
 * results, dotdotdot, interface methods and map groups. A round trip through the encoders: it
 * shows the layout is the one cmd/link reads; reflect-vs-go.test.ts holds the decisions against
 * the real compiler.
 */
import { describe, expect, it } from "vitest";
import {
  decodeIfaceMethod,
  decodetypeArrayElem,
  decodetypeArrayLen,
  decodetypeChanElem,
  decodetypeFuncDotdotdot,
  decodetypeFuncInCount,
  decodetypeFuncInType,
  decodetypeFuncOutCount,
  decodetypeFuncOutType,
  decodetypeGcmask,
  decodetypeHasUncommon,
  decodetypeIfaceMethodCount,
  decodetypeKind,
  decodetypeMapGroup,
  decodetypeMapKey,
  decodetypeMapValue,
  decodetypePtrdata,
  decodetypePtrElem,
  decodetypeSize,
  decodetypeStr,
  decodetypeStructFieldCount,
  decodetypeStructFieldEmbedded,
  decodetypeStructFieldName,
  decodetypeStructFieldOffset,
  decodetypeStructFieldType,
} from "../../linker/dwarf/decodesym.js";
import type { LinkSym } from "../../linker/sym.js";
import type { IrType } from "../ir.js";
import { irKind as Kind } from "../types/kind.js";
import { runtimeTypes } from "../runtime/runtime-types.js";
import { linkSyms, newReflect, writeAll } from "./reflect.test-util.js";

const ptrSize = 8;

const types: Record<string, IrType> = {
  bool: { kind: "bool", size: 1, named: true },
  int: { kind: "int", size: 8, named: true },
  int32: { kind: "int32", size: 4, named: true },
  uint8: { kind: "uint8", size: 1, named: true },
  float64: { kind: "float64", size: 8, named: true },
  string: { kind: "string", size: 16, named: true },
  "unsafe.Pointer": { kind: "unsafepointer", size: 8, named: true },
  "main.Celsius": { kind: "float64", size: 8, named: true },
  "[4]int": { kind: "array", size: 32, elem: "int", len: 4 },
  "[]string": { kind: "slice", size: 24, elem: "string" },
  "chan int": { kind: "chan", size: 8, elem: "int" },
  "<-chan string": { kind: "chan", size: 8, elem: "string", dir: "recv" },
  "chan<- int": { kind: "chan", size: 8, elem: "int", dir: "send" },
  "func(int, ...string) bool": {
    kind: "func",
    size: 8,
    params: ["int", "[]string"],
    results: ["bool"],
    variadic: true,
  },
  "func() float64": { kind: "func", size: 8, params: [], results: ["float64"] },
  "func(int32) (int, error)": { kind: "func", size: 8, params: ["int32"], results: ["int", "error"] },
  "interface {}": { kind: "interface", size: 16, methods: 0 },
  error: { kind: "interface", size: 16, named: true, methods: 1 },
  "main.Shape": {
    kind: "interface",
    size: 16,
    named: true,
    methods: 2,
    imethods: [
      { name: "Area", type: "func() float64" },
      { name: "perimeter", type: "func() float64" },
    ],
  },
  "main.Opaque": { kind: "interface", size: 16, named: true, methods: 3 },
  "map[string]int": { kind: "map", size: 8, key: "string", elem: "int" },
  "map[main.Big]*main.Point": { kind: "map", size: 8, key: "main.Big", elem: "*main.Point" },
  "main.Big": {
    kind: "struct",
    size: 200,
    named: true,
    fields: [{ name: "A", type: "[200]uint8", offset: 0 }],
  },
  "[200]uint8": { kind: "array", size: 200, elem: "uint8", len: 200 },
  "*int": { kind: "ptr", size: 8, elem: "int" },
  "*main.Point": { kind: "ptr", size: 8, elem: "main.Point" },
  "main.Point": {
    kind: "struct",
    size: 16,
    named: true,
    fields: [
      { name: "X", type: "int", offset: 0 },
      { name: "Y", type: "int", offset: 8 },
    ],
  },
  "main.Labeled": {
    kind: "struct",
    size: 48,
    named: true,
    fields: [
      { name: "Point", type: "main.Point", offset: 0, embedded: true },
      { name: "name", type: "string", offset: 16 },
      { name: "_", type: "int32", offset: 32 },
      { name: "Raw", type: "unsafe.Pointer", offset: 40 },
    ],
  },
  "struct { A int; B []uint8 }": {
    kind: "struct",
    size: 32,
    fields: [
      { name: "A", type: "int", offset: 0 },
      { name: "B", type: "[]uint8", offset: 8 },
    ],
  },
  "[]uint8": { kind: "slice", size: 24, elem: "uint8" },
  "internal/abi.Name": {
    kind: "struct",
    size: 8,
    named: true,
    fields: [{ name: "Bytes", type: "*uint8", offset: 0 }],
  },
  "*uint8": { kind: "ptr", size: 8, elem: "uint8" },
};

/** The strings the descriptors must carry (NameString: packages by name). */
const strings: Record<string, string> = {
  "main.Point": "main.Point",
  "*main.Point": "*main.Point",
  "func(int, ...string) bool": "func(int, ...string) bool",
  "func(int32) (int, error)": "func(int32) (int, error)",
  "<-chan string": "<-chan string",
  "map[main.Big]*main.Point": "map[main.Big]*main.Point",
  "internal/abi.Name": "abi.Name",
  "struct { A int; B []uint8 }": "struct { A int; B []uint8 }",
  "main.Shape": "main.Shape",
};

const nameOf = (s: LinkSym | undefined): string =>
  s === undefined ? "<none>" : s.name.slice("type:".length);

describe("type descriptors decoded as cmd/link decodes them", () => {
  const r = newReflect(types, "main", { needEmit: () => true });
  writeAll(r);
  const syms = linkSyms(r);
  const sym = (name: string): LinkSym => {
    const s = syms.get(`type:${name}`);
    if (s === undefined || s.P.length === 0) throw new Error(`type:${name} was not written`);
    return s;
  };

  for (const [name, t] of Object.entries(types)) {
    it(`${name}: kind, size, string and constituents`, () => {
      const s = sym(name);
      expect(decodetypeKind(ptrSize, s.P)).toBe(Kind[t.kind]);
      expect(decodetypeSize(ptrSize, s.P)).toBe(t.size);
      expect(decodetypeHasUncommon(ptrSize, s.P)).toBe(t.named === true);
      const str = strings[name];
      if (str !== undefined) expect(decodetypeStr(ptrSize, s)).toBe(str);
      switch (t.kind) {
        case "array":
          expect(nameOf(decodetypeArrayElem(ptrSize, s))).toBe(t.elem);
          expect(decodetypeArrayLen(ptrSize, s)).toBe(t.len);
          break;
        case "slice":
          expect(nameOf(decodetypeArrayElem(ptrSize, s))).toBe(t.elem);
          break;
        case "ptr":
          expect(nameOf(decodetypePtrElem(ptrSize, s))).toBe(t.elem);
          break;
        case "chan":
          expect(nameOf(decodetypeChanElem(ptrSize, s))).toBe(t.elem);
          break;
        case "map":
          expect(nameOf(decodetypeMapKey(ptrSize, s))).toBe(t.key);
          expect(nameOf(decodetypeMapValue(ptrSize, s))).toBe(t.elem);
          expect(nameOf(decodetypeMapGroup(ptrSize, s))).toBe(`noalg.map.group[${t.key}]${t.elem}`);
          break;
        case "func": {
          const params = t.params ?? [];
          const results = t.results ?? [];
          expect(decodetypeFuncInCount(ptrSize, s.P)).toBe(params.length);
          expect(decodetypeFuncOutCount(ptrSize, s.P)).toBe(results.length);
          expect(decodetypeFuncDotdotdot(ptrSize, s.P)).toBe(t.variadic === true);
          for (const [i, p] of params.entries()) expect(nameOf(decodetypeFuncInType(ptrSize, s, i))).toBe(p);
          for (const [i, p] of results.entries())
            expect(nameOf(decodetypeFuncOutType(ptrSize, s, i))).toBe(p);
          break;
        }
        case "interface":
          expect(decodetypeIfaceMethodCount(ptrSize, s.P)).toBe(t.methods);
          break;
        case "struct": {
          const fields = t.fields ?? [];
          expect(decodetypeStructFieldCount(ptrSize, s)).toBe(fields.length);
          fields.forEach((f, i) => {
            expect(decodetypeStructFieldName(ptrSize, s, i)).toBe(f.name);
            expect(nameOf(decodetypeStructFieldType(ptrSize, s, i))).toBe(f.type);
            expect(decodetypeStructFieldOffset(ptrSize, s, i)).toBe(f.offset);
            expect(decodetypeStructFieldEmbedded(ptrSize, s, i)).toBe(f.embedded === true);
          });
          break;
        }
        default:
          break;
      }
    });
  }

  it("names interface methods and their signatures (imethods), unnamed when the IR has only a count", () => {
    const shape = sym("main.Shape");
    const base = 48 + 32 + 16; // InterfaceType, then the uncommon type of a named type
    const area = decodeIfaceMethod(ptrSize, shape, base);
    expect(area.name).toBe("Area");
    expect(nameOf(area.typ)).toBe("func() float64");
    expect(decodeIfaceMethod(ptrSize, shape, base + 8).name).toBe("perimeter");
    const opaque = sym("main.Opaque");
    expect(decodeIfaceMethod(ptrSize, opaque, base)).toEqual({ name: "", typ: undefined });
    const err = sym("error");
    expect(decodeIfaceMethod(ptrSize, err, base).name).toBe("Error");
  });

  it("lays out the map group types as MapGroupType does, a key over 128 bytes by pointer", () => {
    const g = sym("noalg.map.group[main.Big]*main.Point");
    expect(decodetypeSize(ptrSize, g.P)).toBe(8 + 8 * 16);
    expect(nameOf(decodetypeStructFieldType(ptrSize, g, 1))).toBe(
      "noalg.[8]struct { key *main.Big; elem *main.Point }",
    );
    const slot = sym("noalg.struct { key *main.Big; elem *main.Point }");
    expect(decodetypeStructFieldName(ptrSize, slot, 0)).toBe("key");
    expect(nameOf(decodetypeStructFieldType(ptrSize, slot, 0))).toBe("*main.Big");
    const small = sym("noalg.map.group[string]int");
    expect(decodetypeSize(ptrSize, small.P)).toBe(8 + 8 * 24);
  });

  it("writes the GC mask of the pointer words", () => {
    const l = sym("main.Labeled");
    // Words 2 (name's data) and 5 (Raw) hold pointers; the pointer data ends after Raw.
    expect(decodetypePtrdata(ptrSize, l.P)).toBe(48);
    expect([...decodetypeGcmask(ptrSize, l)]).toEqual([0b100100, 0, 0, 0, 0, 0, 0, 0]);
    const iface = sym("main.Shape");
    expect([...decodetypeGcmask(ptrSize, iface)]).toEqual([0b10, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodetypeGcmask(ptrSize, sym("main.Point")).length).toBe(0);
  });

  it("marks pointer-to-this weak for unnamed types only", () => {
    const named = sym("main.Point").R.find((x) => x.off === 44);
    expect(named?.sym.name).toBe("type:*main.Point");
    expect(named?.weak).toBeUndefined();
    const unnamed = sym("[]string").R.find((x) => x.off === 44);
    expect(unnamed?.sym.name).toBe("type:*[]string");
    expect(unnamed?.weak).toBe(true);
  });
});

describe("the runtime's type table through the same writer", () => {
  const r = newReflect(runtimeTypes, "runtime", { needEmit: () => true });
  writeAll(r);
  const syms = linkSyms(r);

  it("writes a descriptor for every type of runtime-types.ts, decoding to the table's facts", () => {
    for (const [name, t] of Object.entries(runtimeTypes)) {
      const s = syms.get(`type:${name}`);
      expect(s?.P.length, name).toBeGreaterThan(0);
      expect(decodetypeKind(ptrSize, s!.P), name).toBe(Kind[t.kind]);
      expect(decodetypeSize(ptrSize, s!.P), name).toBe(t.size);
      if (t.kind === "struct")
        (t.fields ?? []).forEach((f, i) => {
          expect(decodetypeStructFieldName(ptrSize, s!, i)).toBe(f.name);
          expect(nameOf(decodetypeStructFieldType(ptrSize, s!, i))).toBe(f.type);
          expect(decodetypeStructFieldOffset(ptrSize, s!, i)).toBe(f.offset);
        });
      if (t.kind === "interface") expect(decodetypeIfaceMethodCount(ptrSize, s!.P)).toBe(t.methods);
    }
  });
});
