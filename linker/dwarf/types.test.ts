/**
 * The type DIE generator (types.ts) on hand-written type records: which abbrev each kind gets, the
 * typedef rule, the order DIEs are made in, the synthesized string, slice, map and chan types,
 * the map group types, reachability, errors; and properties over random type graphs. The records
 * here are written by hand from the Go declarations in the comments (amd64 sizes and offsets),
 * independent of any binary; types-vs-go.test.ts holds the same code against real Go.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/gc/compile.js";
import type { IrGlobal, IrProgram, IrType } from "../../compiler/ir.js";
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrNumber, attrString, type Die, findAttr } from "../../dwarf/read/model.js";
import { propertyParams } from "../../test/property.js";
import { dwarfSectionsOf, type LinkResult, link } from "../link.js";
import { CompileError } from "../../compiler/obj/link.js";
import { runtimeTypes } from "../../compiler/runtime/runtime-types.js";
import { Alignment } from "../../compiler/types/size.js";
import { Universe } from "../../compiler/types/universe.js";
import { type GoTypesOptions, mkinternaltypename, newGoTypes } from "./types.js";

interface Linked {
  r: LinkResult;
  /** The runtime unit's children: every type DIE, in output order. */
  types: Die[];
  byOffset: Map<number, Die>;
}

function linkTypes(types: Record<string, IrType>, globals: IrGlobal[], opts: GoTypesOptions = {}): Linked {
  const program: IrProgram = {
    irVersion: 1,
    package: { path: "main", name: "main" },
    files: ["/work/t/main.go"],
    functions: [],
    globals,
    types,
  };
  const r = link([compile(program)], { types: newGoTypes(opts) });
  const units = readInfo(dwarfSectionsOf(r));
  const byOffset = new Map<number, Die>();
  const index = (d: Die): void => {
    byOffset.set(d.offset, d);
    for (const c of d.children) index(c);
  };
  for (const u of units) if (u.root !== undefined) index(u.root);
  const rt = units.find((u) => u.root !== undefined && attrString(u.root, DW_AT.name) === "runtime")!;
  return { r, types: rt.root!.children, byOffset };
}

const nameOf = (d: Die | undefined): string | undefined =>
  d === undefined ? undefined : attrString(d, DW_AT.name);

/** The name of the DIE an attribute refers to. */
function refName(l: Linked, d: Die, at: number): string | undefined {
  const off = attrNumber(d, at);
  return off === undefined ? undefined : nameOf(l.byOffset.get(off));
}

/** The DIE named `name` with abbrev `code` among the type DIEs. */
function die(l: Linked, name: string, code: number): Die {
  const d = l.types.find((x) => nameOf(x) === name && x.code === code);
  if (d === undefined) throw new Error(`no DIE ${name} #${code}`);
  return d;
}

/** Members as "name:type@offset". */
function members(l: Linked, d: Die): string[] {
  return d.children.map(
    (c) => `${nameOf(c)}:${refName(l, c, DW_AT.type)}@${attrNumber(c, DW_AT.data_member_location)}`,
  );
}

/**
 * Hand-written records of:
 *
 *   type Point struct{ X, Y int }
 *   type Node struct { *Point; Next *Node; Tags []string; Grid [2][3]int8; _ int32 }
 *   type Handler func(string, ...int) (bool, error)
 *   type Shape interface{ Area() float64 }
 *   type Celsius float64
 *   var (GNode Node; GH Handler; GS Shape; GAny any; GC Celsius; GM map[string]int;
 *        GCh chan Point; GU unsafe.Pointer; GF func(int); GZ complex128; GE struct{})
 */
const handTypes: Record<string, IrType> = {
  "main.Point": {
    kind: "struct",
    size: 16,
    named: true,
    fields: [
      { name: "X", type: "int", offset: 0 },
      { name: "Y", type: "int", offset: 8 },
    ],
  },
  "*main.Point": { kind: "ptr", size: 8, elem: "main.Point" },
  "main.Node": {
    kind: "struct",
    size: 64,
    named: true,
    fields: [
      { name: "Point", type: "*main.Point", offset: 0, embedded: true },
      { name: "Next", type: "*main.Node", offset: 8 },
      { name: "Tags", type: "[]string", offset: 16 },
      { name: "Grid", type: "[2][3]int8", offset: 40 },
      { name: "_", type: "int32", offset: 48 },
    ],
  },
  "*main.Node": { kind: "ptr", size: 8, elem: "main.Node" },
  "[]string": { kind: "slice", size: 24, elem: "string" },
  "[2][3]int8": { kind: "array", size: 6, elem: "[3]int8", len: 2 },
  "[3]int8": { kind: "array", size: 3, elem: "int8", len: 3 },
  "main.Handler": {
    kind: "func",
    size: 8,
    named: true,
    params: ["string", "[]int"],
    results: ["bool", "error"],
    variadic: true,
  },
  "[]int": { kind: "slice", size: 24, elem: "int" },
  "main.Shape": { kind: "interface", size: 16, named: true, methods: 1 },
  "interface {}": { kind: "interface", size: 16, methods: 0 },
  "main.Celsius": { kind: "float64", size: 8, named: true },
  "map[string]int": { kind: "map", size: 8, key: "string", elem: "int" },
  "chan main.Point": { kind: "chan", size: 8, elem: "main.Point" },
  "func(int)": { kind: "func", size: 8, params: ["int"] },
  "struct {}": { kind: "struct", size: 0, fields: [] },
};

const handGlobals: IrGlobal[] = [
  ["GNode", "main.Node"],
  ["GH", "main.Handler"],
  ["GS", "main.Shape"],
  ["GAny", "interface {}"],
  ["GC", "main.Celsius"],
  ["GM", "map[string]int"],
  ["GCh", "chan main.Point"],
  ["GU", "unsafe.Pointer"],
  ["GF", "func(int)"],
  ["GZ", "complex128"],
  ["GE", "struct {}"],
].map(([n, t]) => ({ name: `main.${n}`, type: t! }));

describe("goTypes on hand-written records", () => {
  const l = linkTypes(handTypes, handGlobals);

  it("uses every type abbrev", () => {
    const codes = new Set<number>();
    const walk = (d: Die): void => {
      codes.add(d.code);
      for (const c of d.children) walk(c);
    };
    for (const d of l.types) walk(d);
    for (const k of [
      "BASETYPE",
      "ARRAYTYPE",
      "ARRAYRANGE",
      "CHANTYPE",
      "FUNCTYPE",
      "FUNCTYPEPARAM",
      "FUNCTYPEOUTPARAM",
      "DOTDOTDOT",
      "IFACETYPE",
      "MAPTYPE",
      "PTRTYPE",
      "BARE_PTRTYPE",
      "SLICETYPE",
      "STRINGTYPE",
      "STRUCTTYPE",
      "STRUCTFIELD",
      "TYPEDECL",
      "NULLTYPE",
    ] as const)
      expect({ k, present: codes.has(DW_ABRV[k]) }).toEqual({ k, present: true });
  });

  it("starts with the prelude: <unspecified>, unsafe.Pointer, uintptr, then internal/abi.Type", () => {
    expect(l.types.slice(0, 3).map((d) => [nameOf(d), d.code])).toEqual([
      ["<unspecified>", DW_ABRV.NULLTYPE],
      ["unsafe.Pointer", DW_ABRV.BARE_PTRTYPE],
      ["uintptr", DW_ABRV.BASETYPE],
    ]);
    // The first forced gdb type: its definition, then its typedef.
    expect(l.types.slice(3, 5).map((d) => [nameOf(d), d.code])).toEqual([
      ["internal/abi.Type", DW_ABRV.STRUCTTYPE],
      ["internal/abi.Type", DW_ABRV.TYPEDECL],
    ]);
  });

  it("gives a struct its typedef and members (embedded, blank, offsets), references through the typedef", () => {
    const node = die(l, "main.Node", DW_ABRV.STRUCTTYPE);
    const td = die(l, "main.Node", DW_ABRV.TYPEDECL);
    expect(attrNumber(td, DW_AT.type)).toBe(node.offset);
    expect(l.types.indexOf(td)).toBe(l.types.indexOf(node) + 1);
    expect(attrNumber(node, DW_AT.byte_size)).toBe(64);
    expect(attrNumber(node, DW_AT.go_kind)).toBe(25);
    expect(members(l, node)).toEqual([
      "Point:*main.Point@0",
      "Next:*main.Node@8",
      "Tags:[]string@16",
      "Grid:[2][3]int8@40",
      "_:int32@48",
    ]);
    expect(node.children.map((c) => attrNumber(c, DW_AT.go_embedded_field))).toEqual([1, 0, 0, 0, 0]);
    // *main.Node refers to the typedef (the recursion found it by name).
    const pn = die(l, "*main.Node", DW_ABRV.PTRTYPE);
    expect(attrNumber(pn, DW_AT.type)).toBe(td.offset);
  });

  it("makes arrays with a uintptr subrange of the actual length", () => {
    const a = die(l, "[2][3]int8", DW_ABRV.ARRAYTYPE);
    expect(attrNumber(a, DW_AT.byte_size)).toBe(6);
    expect(refName(l, a, DW_AT.type)).toBe("[3]int8");
    expect(a.children.map((c) => [c.code, attrNumber(c, DW_AT.count), refName(l, c, DW_AT.type)])).toEqual([
      [DW_ABRV.ARRAYRANGE, 2, "uintptr"],
    ]);
    expect(l.types.some((d) => d.code === DW_ABRV.TYPEDECL && nameOf(d) === "[2][3]int8")).toBe(false);
  });

  it("makes func types with params named by type, ..., and out params", () => {
    const f = die(l, "main.Handler", DW_ABRV.FUNCTYPE);
    // The children are named by their types, but the abbrevs write no name.
    expect(f.children.map((c) => [c.code, refName(l, c, DW_AT.type)])).toEqual([
      [DW_ABRV.FUNCTYPEPARAM, "string"],
      [DW_ABRV.FUNCTYPEPARAM, "[]int"],
      [DW_ABRV.DOTDOTDOT, undefined],
      [DW_ABRV.FUNCTYPEOUTPARAM, "bool"],
      [DW_ABRV.FUNCTYPEOUTPARAM, "error"],
    ]);
    expect(f.children.map((c) => attrNumber(c, DW_AT.variable_parameter))).toEqual([
      undefined,
      undefined,
      undefined,
      1,
      1,
    ]);
    // A func literal's name gets a typedef too: dotypedef looks at the name only.
    die(l, "func(int)", DW_ABRV.TYPEDECL);
  });

  it("describes interfaces with runtime.eface (no methods) or runtime.iface", () => {
    expect(refName(l, die(l, "main.Shape", DW_ABRV.IFACETYPE), DW_AT.type)).toBe("runtime.iface");
    expect(refName(l, die(l, "interface {}", DW_ABRV.IFACETYPE), DW_AT.type)).toBe("runtime.eface");
    expect(refName(l, die(l, "error", DW_ABRV.IFACETYPE), DW_AT.type)).toBe("runtime.iface");
    die(l, "interface {}", DW_ABRV.TYPEDECL);
  });

  it("leaves named base types without typedef, and struct literals too", () => {
    const c = die(l, "main.Celsius", DW_ABRV.BASETYPE);
    expect([
      attrNumber(c, DW_AT.encoding),
      attrNumber(c, DW_AT.byte_size),
      attrNumber(c, DW_AT.go_kind),
    ]).toEqual([4, 8, 14]);
    const z = die(l, "complex128", DW_ABRV.BASETYPE);
    expect([attrNumber(z, DW_AT.encoding), attrNumber(z, DW_AT.byte_size)]).toEqual([3, 16]);
    for (const n of [
      "main.Celsius",
      "struct {}",
      "map[string]int",
      "chan main.Point",
      "*main.Point",
      "[]string",
    ])
      expect(l.types.filter((d) => nameOf(d) === n).map((d) => d.code)).not.toContain(DW_ABRV.TYPEDECL);
  });

  it("gives strings stringStructDWARF's members, slices runtime.slice's with array retyped", () => {
    expect(members(l, die(l, "string", DW_ABRV.STRINGTYPE))).toEqual(["str:*uint8@0", "len:int@8"]);
    const s = die(l, "[]string", DW_ABRV.SLICETYPE);
    expect(refName(l, s, DW_AT.go_elem)).toBe("string");
    expect(members(l, s)).toEqual(["array:*string@0", "len:int@8", "cap:int@16"]);
  });

  it("synthesizes the swiss map types and points the map at *map<K,V>", () => {
    const m = die(l, "map[string]int", DW_ABRV.MAPTYPE);
    expect([refName(l, m, DW_AT.go_key), refName(l, m, DW_AT.go_elem), refName(l, m, DW_AT.type)]).toEqual([
      "string",
      "int",
      "*map<string,int>",
    ]);
    const names = l.types.map(nameOf);
    const at = names.indexOf("noalg.map.group[string]int");
    // The order synthesizemaptypes makes them in (after the group's own DIEs).
    const seq = [
      "groupReference<string,int>",
      "*noalg.map.group[string]int",
      "table<string,int>",
      "map<string,int>",
      "*table<string,int>",
      "**table<string,int>",
      "*map<string,int>",
    ];
    const idx = seq.map((n) => names.indexOf(n));
    expect(idx.every((i, k) => i > at && (k === 0 || i > idx[k - 1]!))).toBe(true);
    expect(members(l, die(l, "groupReference<string,int>", DW_ABRV.STRUCTTYPE))).toEqual([
      "data:*noalg.map.group[string]int@0",
      "lengthMask:uint64@8",
    ]);
    const mm = die(l, "map<string,int>", DW_ABRV.STRUCTTYPE);
    expect(members(l, mm)).toContain("dirPtr:**table<string,int>@16");
    expect(attrNumber(mm, DW_AT.go_kind)).toBe(25);
    expect(members(l, die(l, "table<string,int>", DW_ABRV.STRUCTTYPE))).toContain(
      "groups:groupReference<string,int>@16",
    );
    const g = die(l, "noalg.map.group[string]int", DW_ABRV.STRUCTTYPE);
    expect(attrNumber(g, DW_AT.byte_size)).toBe(8 + 8 * 24);
    expect(members(l, g)).toEqual(["ctrl:uint64@0", "slots:noalg.[8]struct { key string; elem int }@8"]);
  });

  it("synthesizes sudog<T>, waitq<T>, hchan<T> and points the chan at *hchan<T>", () => {
    const c = die(l, "chan main.Point", DW_ABRV.CHANTYPE);
    expect([refName(l, c, DW_AT.go_elem), refName(l, c, DW_AT.type)]).toEqual([
      "main.Point",
      "*hchan<main.Point>",
    ]);
    const elemOff = runtimeTypes["runtime.sudog"]!.fields!.find((x) => x.name === "elem")!.offset;
    expect(members(l, die(l, "sudog<main.Point>", DW_ABRV.STRUCTTYPE))).toContain(
      `elem:*main.Point@${elemOff}`,
    );
    expect(members(l, die(l, "waitq<main.Point>", DW_ABRV.STRUCTTYPE))).toEqual([
      "first:*sudog<main.Point>@0",
      "last:*sudog<main.Point>@8",
    ]);
    const h = members(l, die(l, "hchan<main.Point>", DW_ABRV.STRUCTTYPE));
    const off = (f: string) => runtimeTypes["runtime.hchan"]!.fields!.find((x) => x.name === f)!.offset;
    expect(h.filter((m) => m.startsWith("recvq:") || m.startsWith("sendq:"))).toEqual([
      `recvq:waitq<main.Point>@${off("recvq")}`,
      `sendq:waitq<main.Point>@${off("sendq")}`,
    ]);
    expect(h.length).toBe(runtimeTypes["runtime.hchan"]!.fields!.length);
    // sudog<T> gets neither a kind nor a runtime type; hchan<T> neither.
    expect(attrNumber(die(l, "sudog<main.Point>", DW_ABRV.STRUCTTYPE), DW_AT.go_kind)).toBe(0);
  });

  it("writes a runtime type for reachable types only; defptrto's pointers get a kind only then", () => {
    const rt = (d: Die) => findAttr(d, DW_AT.go_runtime_type)?.value;
    // The offset of main.Node's type symbol in .rodata (it may be 0: the loader made it first).
    const rodata = l.r.layout.find((s) => s.name === ".rodata")!.vaddr;
    const node = l.r.symbols.get("type:main.Node")!;
    expect(rt(die(l, "main.Node", DW_ABRV.STRUCTTYPE))).toEqual({
      kind: "address",
      value: BigInt(node.addr - rodata),
    });
    const nonzero = (x: Linked) =>
      x.types.filter((d) => {
        const v = rt(d);
        return v?.kind === "address" && v.value !== 0n;
      }).length;
    expect(nonzero(l)).toBeGreaterThan(100);
    // runtime.eface is unreachable in the reference binary (runtimeTypesUnreachable).
    expect(rt(die(l, "runtime.eface", DW_ABRV.STRUCTTYPE))).toEqual({ kind: "address", value: 0n });
    // *map<string,int> has no type symbol: no kind, no runtime type.
    const pm = die(l, "*map<string,int>", DW_ABRV.PTRTYPE);
    expect([attrNumber(pm, DW_AT.go_kind), rt(pm)]).toEqual([0, { kind: "address", value: 0n }]);
    // Unreachable everything: only the prelude's unsafe.Pointer and uintptr keep theirs.
    const none = linkTypes(handTypes, handGlobals, { reachable: () => false });
    expect(nonzero(none)).toBeLessThanOrEqual(2);
  });

  it("makes the same bytes every time", () => {
    const again = linkTypes(handTypes, handGlobals);
    expect(again.r.sections.get(".debug_info")).toEqual(l.r.sections.get(".debug_info"));
  });

  it("without the runtime stand-in, meets hchan's closure only in the chan pass", () => {
    const bare = linkTypes(handTypes, handGlobals, { runtimeStandIn: false });
    // A slice first met in the chan pass never gets runtime.slice's members (as in Go).
    const late = bare.types.filter((d) => d.code === DW_ABRV.SLICETYPE && d.children.length === 0);
    expect(late.length).toBeGreaterThan(0);
    expect(l.types.filter((d) => d.code === DW_ABRV.SLICETYPE && d.children.length === 0)).toEqual([]);
  });

  it("reports a type without a record (the compiler cannot write its descriptor)", () => {
    expect(() => linkTypes({}, [{ name: "main.G", type: "main.Missing" }])).toThrow(CompileError);
    expect(() => linkTypes({}, [{ name: "main.G", type: "main.Missing" }])).toThrow(
      /type "main\.Missing" is not in the program's types/,
    );
    const bad: Record<string, IrType> = {
      "main.B": {
        kind: "struct",
        size: 8,
        named: true,
        fields: [{ name: "x", type: "main.Nope", offset: 0 }],
      },
    };
    expect(() => linkTypes(bad, [{ name: "main.G", type: "main.B" }])).toThrow(
      /type "main\.Nope" is not in the program's types/,
    );
  });
});

describe("mkinternaltypename", () => {
  it("names internal types like mkinternaltypename", () => {
    expect(mkinternaltypename("hchan", "int", "")).toBe("hchan<int>");
    expect(mkinternaltypename("map", "string", "[]int")).toBe("map<string,[]int>");
  });
});

/** A random type graph: named structs (self-referencing through a pointer) and literals over them. */
const specArb = fc.array(
  fc.record({
    op: fc.constantFrom("slice", "ptr", "array", "map", "chan", "func", "struct", "iface", "named"),
    a: fc.nat(),
    b: fc.nat(),
    n: fc.nat({ max: 4 }),
  }),
  { minLength: 1, maxLength: 12 },
);

function buildTable(specs: { op: string; a: number; b: number; n: number }[]): {
  types: Record<string, IrType>;
  names: string[];
} {
  const types: Record<string, IrType> = {};
  const pool = [
    "int",
    "string",
    "bool",
    "uint8",
    "float64",
    "unsafe.Pointer",
    "interface {}",
    "error",
    "complex64",
  ];
  const decl = (n: string): IrType | undefined => types[n] ?? runtimeTypes[n];
  const comparable = (n: string): boolean => {
    const t = decl(n)!;
    if (t.kind === "slice" || t.kind === "map" || t.kind === "func") return false;
    if (t.kind === "array") return comparable(t.elem!);
    if (t.kind === "struct") return (t.fields ?? []).every((f) => comparable(f.type));
    return true;
  };
  const add = (name: string, t: IrType): void => {
    // A type the runtime's table has is still the program's to declare.
    types[name] ??= decl(name) ?? t;
    if (!pool.includes(name)) pool.push(name);
  };
  specs.forEach((s, i) => {
    const a = pool[s.a % pool.length]!;
    const b = pool[s.b % pool.length]!;
    switch (s.op) {
      case "slice":
        add(`[]${a}`, { kind: "slice", size: 24, elem: a });
        break;
      case "ptr":
        add(`*${a}`, { kind: "ptr", size: 8, elem: a });
        break;
      case "array":
        add(`[${s.n}]${a}`, { kind: "array", size: s.n * decl(a)!.size, elem: a, len: s.n });
        break;
      case "map": {
        // Go's map keys are comparable; the compiler's hash functions reject the others.
        const keys = pool.filter(comparable);
        const k = keys[s.a % keys.length]!;
        add(`map[${k}]${b}`, { kind: "map", size: 8, key: k, elem: b });
        break;
      }
      case "chan":
        add(`chan ${a}`, { kind: "chan", size: 8, elem: a });
        break;
      case "func":
        add(`func(${a}) ${b}`, { kind: "func", size: 8, params: [a], results: [b] });
        break;
      case "iface":
        add(`main.I${i}`, { kind: "interface", size: 16, named: true, methods: s.n });
        break;
      case "named":
        add(`main.N${i}`, { ...decl(a)!, named: true });
        break;
      default: {
        const self = `main.S${i}`;
        const ptr = `*${self}`;
        types[ptr] = { kind: "ptr", size: 8, elem: self };
        const fields: { name: string; type: string; offset: number; embedded?: boolean }[] = [];
        let off = 0;
        for (const [k, f] of [a, ptr, b].entries()) {
          const t = decl(f)!;
          const al =
            f === ptr ? 8 : Alignment(new Universe({ ...runtimeTypes, ...types }, { localPkg: "main" }), f);
          off = Math.ceil(off / al) * al;
          fields.push({
            name: `F${k}`,
            type: f,
            offset: off,
            ...(k === 0 && s.n === 0 ? { embedded: true } : {}),
          });
          off += t.size;
        }
        add(self, { kind: "struct", size: Math.ceil(off / 8) * 8, named: true, fields });
        pool.push(ptr);
      }
    }
  });
  return { types, names: pool };
}

describe("goTypes properties", () => {
  it("every reference resolves, every named type gets one DIE, synthesized types are complete", () => {
    fc.assert(
      fc.property(specArb, (specs) => {
        const { types, names } = buildTable(specs);
        const globals = names.map((t, i) => ({ name: `main.G${i}`, type: t }));
        const l = linkTypes(types, globals);
        const top = new Map<string, Die[]>();
        for (const d of l.types) {
          const n = nameOf(d)!;
          top.set(n, [...(top.get(n) ?? []), d]);
        }
        for (const n of names) {
          const ds = top.get(n) ?? [];
          const defs = ds.filter((d) => d.code !== DW_ABRV.TYPEDECL);
          const tds = ds.filter((d) => d.code === DW_ABRV.TYPEDECL);
          expect(defs.length).toBe(1);
          expect(tds.length).toBeLessThanOrEqual(1);
        }
        const walk = (d: Die): void => {
          for (const a of d.attrs)
            if (a.value.kind === "reference") expect(l.byOffset.has(a.value.offset)).toBe(true);
          if (d.code === DW_ABRV.SLICETYPE) {
            expect(d.children.map(nameOf)).toEqual(["array", "len", "cap"]);
            expect(refName(l, d.children[0]!, DW_AT.type)).toBe(`*${refName(l, d, DW_AT.go_elem)}`);
          }
          if (d.code === DW_ABRV.STRINGTYPE) expect(d.children.map(nameOf)).toEqual(["str", "len"]);
          if (d.code === DW_ABRV.MAPTYPE)
            expect(refName(l, d, DW_AT.type)).toBe(
              `*map<${refName(l, d, DW_AT.go_key)},${refName(l, d, DW_AT.go_elem)}>`,
            );
          if (d.code === DW_ABRV.CHANTYPE)
            expect(refName(l, d, DW_AT.type)).toBe(`*hchan<${refName(l, d, DW_AT.go_elem)}>`);
          if (d.code === DW_ABRV.TYPEDECL) {
            const n = nameOf(d)!;
            expect(/^(map\[|struct \{|noalg\.struct \{|chan |\[|\*)/.test(n)).toBe(false);
          }
          for (const c of d.children) walk(c);
        };
        for (const d of l.types) walk(d);
      }),
      propertyParams(),
    );
  });
});
