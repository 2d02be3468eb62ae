/**
 * The IR validator (ir-validate.ts) against the JSON Schema (ir.schema.json, through a small
 * schema checker), the hand-written documents of testdata/ir/, random valid programs
 * (ir.arbitrary.test-util.ts) and mutated ones: a wrongly typed value or an unknown field
 * anywhere is reported at its JSON pointer (or an enclosing one), and each semantic rule at the
 * value that breaks it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../test/property.js";
import type { IrProgram } from "./ir.js";
import { arbIrProgram } from "./ir.arbitrary.test-util.js";
import { IR_SHAPES, IrError, isIrError, parseIr, validateIr } from "./ir-validate.js";
import { type Schema, schemaErrors } from "./jsonschema.test-util.js";

const root = resolve(import.meta.dirname, "..");
const irDir = join(root, "testdata", "ir");
const schema = JSON.parse(readFileSync(join(root, "compiler", "ir.schema.json"), "utf8")) as Schema & {
  $defs: Record<string, { properties?: Record<string, unknown>; required?: string[]; $ref?: string }>;
  properties: Record<string, unknown>;
  required: string[];
};
const files = readdirSync(irDir).filter((f) => f.endsWith(".json"));

function load(name: string): IrProgram {
  return JSON.parse(readFileSync(join(irDir, name), "utf8")) as IrProgram;
}

/** The IrError validateIr throws for `doc`, or a failure. */
function errorOf(doc: unknown): IrError {
  try {
    validateIr(doc, "t.json");
  } catch (e) {
    if (isIrError(e)) return e;
    throw e;
  }
  throw new Error("validateIr accepted the document");
}

/** Is `p` the JSON pointer `q` or one enclosing it? */
function encloses(p: string, q: string): boolean {
  return p === q || q.startsWith(`${p}/`);
}

/** Every value in the document with its JSON pointer (the document itself left out). */
function paths(v: unknown, at = ""): [string, unknown][] {
  const out: [string, unknown][] = [];
  const visit = (x: unknown, p: string): void => {
    if (p !== "") out.push([p, x]);
    if (Array.isArray(x)) for (const [i, y] of x.entries()) visit(y, `${p}/${i}`);
    else if (typeof x === "object" && x !== null)
      for (const [k, y] of Object.entries(x))
        visit(y, `${p}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  };
  visit(v, at);
  return out;
}

function setAt(doc: unknown, pointer: string, value: unknown): void {
  const keys = pointer
    .split("/")
    .slice(1)
    .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  let o = doc as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys[keys.length - 1]!] = value;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Values of another JSON type than `v` (1.5 also stands in for an integer: every IR number is one). */
function wrongValues(v: unknown): unknown[] {
  const all: unknown[] = [null, true, "x", 1.5, [], {}];
  return all.filter((w) => jsonType(w) !== jsonType(v) || (typeof v === "number" && w === 1.5));
}

const clone = <T>(x: T): T => structuredClone(x);

describe("testdata/ir", () => {
  it("has documents", () => {
    expect(files).toContain("sample.json");
  });
  it.each(files)("%s says how it was made: captured, or why it is hand-written", (f) => {
    const origin = load(f).origin ?? "";
    expect(origin).toMatch(/^(captured: `npm run gen:ir`|hand-written: .{20,})/);
  });
  it.each(files)("%s passes validateIr and the schema", (f) => {
    const text = readFileSync(join(irDir, f), "utf8");
    expect(() => parseIr(text, f)).not.toThrow();
    expect(schemaErrors(schema, JSON.parse(text))).toEqual([]);
  });
});

describe("ir.schema.json", () => {
  it("describes the same objects as the validator", () => {
    for (const [name, shape] of Object.entries(IR_SHAPES)) {
      const def = name === "IrProgram" ? schema : schema.$defs[name];
      expect(def, name).toBeDefined();
      expect(Object.keys(def?.properties ?? {}).sort(), name).toEqual(
        [...shape.required, ...shape.optional].sort(),
      );
      expect([...(def?.required ?? [])].sort(), name).toEqual([...shape.required].sort());
    }
    expect(Object.keys(schema.$defs).sort()).toEqual(Object.keys(IR_SHAPES).sort());
  });
});

describe("random valid programs", () => {
  test.prop([arbIrProgram()], propertyParams())("validateIr and the schema accept them", (p) => {
    expect(() => validateIr(p, "arb.json")).not.toThrow();
    expect(schemaErrors(schema, p)).toEqual([]);
  });

  test.prop([arbIrProgram({ optimized: false, dwarfVersion: 4 })], propertyParams({ numRuns: 30 }))(
    "options fix the build mode and the DWARF version",
    (p) => {
      expect(p.flags?.N).toBe(1);
      expect(p.dwarfVersion).toBe(4);
      expect(p.functions.every((f) => f.inlTree === undefined)).toBe(true);
    },
  );
});

describe("the arbitrary", () => {
  it("covers every shape it promises (200 samples, fixed seed)", () => {
    const seen = new Set<string>();
    const mark = (k: string, b: boolean): void => {
      if (b) seen.add(k);
    };
    for (const p of fc.sample(arbIrProgram(), { numRuns: 200, seed: 42 })) {
      mark("dwarf4", p.dwarfVersion === 4);
      mark("dwarf5", p.dwarfVersion === 5);
      mark("-N -l", p.flags?.N === 1);
      mark(
        "large constant",
        (p.constants ?? []).some((c) => typeof c.value === "string"),
      );
      mark(
        "local global",
        (p.globals ?? []).some((g) => g.local === true),
      );
      mark(
        "embedded field",
        Object.values(p.types ?? {}).some((t) => t.fields?.some((f) => f.embedded) ?? false),
      );
      for (const f of p.functions) {
        const tree = f.inlTree ?? [];
        mark(
          "nested inlining",
          tree.some((t) => t.parent >= 0),
        );
        mark(
          "local callee",
          tree.some((t) => p.functions.some((g) => g.name === t.func && g.wasInlined)),
        );
        mark(
          "imported callee",
          tree.some((t) => (p.imports ?? []).some((g) => g.name === t.func)),
        );
        mark(
          "inlined prog",
          f.progs.some((q) => q.pos.inl >= 0),
        );
        mark(
          "file switch",
          f.progs.some((q) => q.pos.file !== f.pos.file),
        );
        mark(
          "prologue end",
          f.progs.some((q) => q.prologueEnd === true),
        );
        mark(
          "nested scopes",
          (f.parents ?? []).some((x) => x > 0),
        );
        mark("closure", (f.closureVars?.length ?? 0) > 0);
        mark(
          "dictionary",
          f.dcl.some((d) => (d.dictIndex ?? 0) > 0),
        );
        mark(
          "heap var",
          f.dcl.some((d) => d.heapAddrFrameOffset !== undefined),
        );
        mark("wrapper", f.wrapper === true);
        mark(
          "inlined formal",
          f.dcl.some((d) => d.inlFormal === true),
        );
        mark("location list", f.debug?.vars.some((v) => v.list.length > 1) ?? false);
        mark("register results", (f.debug?.regOutputParams?.length ?? 0) > 0);
        mark(
          "zero-sized optDcl",
          f.debug?.optDcl?.some((i) => p.types?.[f.dcl[i]!.type]?.size === 0) ?? false,
        );
        mark("debugDcl", (f.debug?.debugDcl?.length ?? 0) > 0);
      }
    }
    expect([...seen].sort()).toEqual(
      [
        "dwarf4",
        "dwarf5",
        "-N -l",
        "large constant",
        "local global",
        "embedded field",
        "nested inlining",
        "local callee",
        "imported callee",
        "inlined prog",
        "file switch",
        "prologue end",
        "nested scopes",
        "closure",
        "dictionary",
        "heap var",
        "wrapper",
        "inlined formal",
        "location list",
        "register results",
        "zero-sized optDcl",
        "debugDcl",
      ].sort(),
    );
  });
});

describe("mutations", () => {
  const small = arbIrProgram({ maxFunctions: 3, maxProgs: 12 });

  test.prop([small, fc.nat(), fc.nat()], propertyParams())(
    "a wrongly typed value is reported at its path (or an enclosing one)",
    (p, i, j) => {
      const all = paths(p);
      const [where, old] = all[i % all.length]!;
      const alts = wrongValues(old);
      const doc = clone(p);
      setAt(doc, where, alts[j % alts.length]);
      const e = errorOf(doc);
      expect(encloses(e.path, where), `${e.message} (mutated ${where})`).toBe(true);
      expect(e.message.startsWith("t.json: ")).toBe(true);
      expect(schemaErrors(schema, doc)).not.toEqual([]);
    },
  );

  test.prop([small, fc.nat()], propertyParams())("an unknown field is reported at its path", (p, i) => {
    const objects = [["", p] as [string, unknown], ...paths(p)].filter(
      ([, v]) => typeof v === "object" && v !== null && !Array.isArray(v),
    );
    const [where] = objects[i % objects.length]!;
    const doc = clone(p);
    setAt(doc, `${where}/bogus`, 1);
    const e = errorOf(doc);
    expect(encloses(e.path, `${where}/bogus`), e.message).toBe(true);
    expect(schemaErrors(schema, doc)).not.toEqual([]);
  });
});

/** Mutates a copy of a testdata document and expects an IrError at `path` mentioning `words`. */
function rejects(file: string, pathOf: string, words: string, mutate: (d: IrProgram) => void): void {
  const doc = clone(load(file));
  // "/functions/{main.add}/..." names the function whose index the document gives it.
  const path = pathOf.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const i = doc.functions.findIndex((fn) => fn.name === name);
    if (i < 0) throw new Error(`${file}: no function ${name}`);
    return String(i);
  });
  mutate(doc);
  const e = errorOf(doc);
  expect(e.path).toBe(path);
  expect(e.message).toContain(words);
  expect(e.message).toBe(`t.json: ${path}: ${e.problem}`);
}

describe("semantic rules", () => {
  /** A function by index, or by name (so a regenerated document keeps its tests). */
  const f = (d: IrProgram, i: number | string) =>
    typeof i === "number" ? d.functions[i]! : d.functions.find((fn) => fn.name === i)!;
  it.each<[string, string, string, string, (d: IrProgram) => void]>([
    [
      "progs out of pc order",
      "sample.json",
      "/functions/{main.sumSquares}/progs/12/pc",
      "pc order",
      (d) => {
        f(d, "main.sumSquares").progs[12]!.pc = 1;
      },
    ],
    [
      "a prog past the end",
      "sample.json",
      "/functions/{main.sumSquares}/progs/17/pc",
      "not inside",
      (d) => {
        const fn = f(d, "main.sumSquares");
        fn.progs[17]!.pc = fn.size;
      },
    ],
    [
      "a negative size",
      "sample.json",
      "/functions/{main.add}/size",
      "out of range",
      (d) => {
        f(d, "main.add").size = -4;
      },
    ],
    [
      "the TEXT prog off startLine",
      "sample.json",
      "/functions/{main.sumSquares}/progs/0/pos/line",
      "bad startPos",
      (d) => {
        f(d, "main.sumSquares").startLine += 1;
      },
    ],
    [
      "a file index out of range",
      "sample.json",
      "/functions/{main.sumSquares}/progs/3/pos/file",
      "out of range",
      (d) => {
        f(d, "main.sumSquares").progs[3]!.pos.file = d.files.length;
      },
    ],
    [
      "an inlining index out of range",
      "sample.json",
      "/functions/{main.sumSquares}/progs/7/pos/inl",
      "out of range",
      (d) => {
        const fn = f(d, "main.sumSquares");
        fn.progs[7]!.pos.inl = fn.inlTree!.length;
      },
    ],
    [
      "an inlining index where nothing is inlined",
      "sample.json",
      "/functions/{main.add}/progs/1/pos/inl",
      "must be -1",
      (d) => {
        f(d, "main.add").progs[1]!.pos.inl = 0;
      },
    ],
    [
      "an inlTree parent after its child",
      "sample.json",
      "/functions/{main.sumSquares}/inlTree/0/parent",
      "does not come before",
      (d) => {
        f(d, "main.sumSquares").inlTree![0]!.parent = 0;
      },
    ],
    [
      "an unknown inlined function",
      "sample.json",
      "/functions/{main.sumSquares}/inlTree/0/func",
      "neither",
      (d) => {
        f(d, "main.sumSquares").inlTree![0]!.func = "main.nope";
      },
    ],
    [
      "an inlined callee not marked",
      "sample.json",
      "/functions/{main.sumSquares}/inlTree/0/func",
      "wasInlined",
      (d) => {
        delete f(d, "main.add").wasInlined;
      },
    ],
    [
      "wasInlined without inlDcl",
      "sample.json",
      "/functions/{main.add}",
      "inlDcl",
      (d) => {
        delete f(d, "main.add").inlDcl;
      },
    ],
    [
      "a debug var decl out of range",
      "sample.json",
      "/functions/{main.sumSquares}/debug/vars/5/decl",
      "out of range",
      (d) => {
        const fn = f(d, "main.sumSquares");
        fn.debug!.vars[5]!.decl = fn.dcl.length;
      },
    ],
    [
      "a decl with two lists",
      "sample.json",
      "/functions/{main.sumSquares}/debug/vars/1/decl",
      "two location lists",
      (d) => {
        f(d, "main.sumSquares").debug!.vars[1]!.decl = 0;
      },
    ],
    [
      "list entries out of order",
      "sample.json",
      "/functions/{main.sumSquares}/debug/vars/1/list/1/start",
      "pc order",
      (d) => {
        f(d, "main.sumSquares").debug!.vars[1]!.list[1]!.start = 2;
      },
    ],
    [
      "a scope out of range",
      "sample.json",
      "/functions/{main.sumSquares}/marks/0/scope",
      "out of range",
      (d) => {
        f(d, "main.sumSquares").marks![0]!.scope = 3;
      },
    ],
    [
      "a scope parent after it",
      "sample.json",
      "/functions/{main.sumSquares}/parents/1",
      "comes after",
      (d) => {
        f(d, "main.sumSquares").parents![1] = 2;
      },
    ],
    [
      "marks out of order",
      "sample.json",
      "/functions/{main.sumSquares}/marks/2/pos",
      "position order",
      (d) => {
        f(d, "main.sumSquares").marks![2]!.pos.line = 9;
      },
    ],
    [
      "a duplicate function name",
      "sample.json",
      "/functions/{main.main}/name",
      "duplicate function name",
      (d) => {
        f(d, "main.main").name = "main.add";
      },
    ],
    [
      "a type missing from types",
      "sample.json",
      "/functions/{main.sumSquares}/dcl/2/type",
      "not in the types table",
      (d) => {
        f(d, "main.sumSquares").dcl[2]!.type = "main.Nope";
      },
    ],
    [
      "a param without paramOrder",
      "sample.json",
      "/functions/{main.sumSquares}/dcl/0",
      "paramOrder",
      (d) => {
        delete f(d, "main.sumSquares").dcl[0]!.paramOrder;
      },
    ],
    [
      "regOutputParams naming a param",
      "sample.json",
      "/functions/{main.sumSquares}/debug/regOutputParams/0",
      "RegOutputParams",
      (d) => {
        f(d, "main.sumSquares").debug!.regOutputParams = [0];
      },
    ],
    [
      "an unknown field",
      "sample.json",
      "/functions/{main.add}/bogus",
      "unknown field",
      (d) => {
        (f(d, "main.add") as unknown as Record<string, unknown>).bogus = 1;
      },
    ],
    [
      "a closure var out of range",
      "closures.json",
      "/functions/2/closureVars/0/decl",
      "out of range",
      (d) => {
        f(d, 2).closureVars![0]!.decl = 9;
      },
    ],
    [
      "a sized auto in optDcl",
      "globals.json",
      "/functions/1/debug/optDcl/2",
      "zero-sized",
      (d) => {
        // A capture gives every cut auto its size; without one it is taken as zero-sized.
        delete f(d, 1).dcl[3]!.size;
        f(d, 1).dcl[3]!.type = "uint64";
      },
    ],
    [
      "an inlined ABI0 function",
      "inline.json",
      "/functions/4/abi",
      "never inlined",
      (d) => {
        f(d, 4).abi = "ABI0";
      },
    ],
    [
      "a constant that does not fit",
      "globals.json",
      "/constants/1/value",
      "does not fit uint8",
      (d) => {
        d.constants![1]!.value = 256;
      },
    ],
    [
      "an untyped float constant",
      "globals.json",
      "/constants/0/type",
      "not an integer type",
      (d) => {
        d.constants![0]!.type = "untyped float";
      },
    ],
    [
      "a slice type whose elem disagrees with its name",
      "generics.json",
      "/types/[]int/elem",
      "says elem",
      (d) => {
        d.types!["[]int"]!.elem = "float64";
      },
    ],
    [
      "a literal claiming a name",
      "generics.json",
      "/types/[]int/named",
      "type literal",
      (d) => {
        d.types!["[]int"]!.named = true;
      },
    ],
    [
      "a wrong basic size",
      "generics.json",
      "/types/bool/size",
      "1 bytes",
      (d) => {
        d.types!.bool!.size = 4;
      },
    ],
    [
      "an array whose size disagrees",
      "generics.json",
      "/types/[3]int/size",
      "make 24",
      (d) => {
        d.types!["[3]int"]!.size = 16;
      },
    ],
    [
      "a field overlapping the previous",
      "inline.json",
      "/types/main.Point/fields/1/offset",
      "overlaps",
      (d) => {
        d.types!["main.Point"]!.fields![1]!.offset = 4;
      },
    ],
    [
      "a kind's field on another kind",
      "inline.json",
      "/types/int/elem",
      "no elem",
      (d) => {
        d.types!.int!.elem = "int";
      },
    ],
    [
      "a missing kind field",
      "inline.json",
      "/types/*main.Point",
      'missing field "elem"',
      (d) => {
        delete d.types!["*main.Point"]!.elem;
      },
    ],
    [
      "a type reference outside the table",
      "closures.json",
      "/types/func() int/results/0",
      "not in the types table",
      (d) => {
        d.types!["func() int"]!.results = ["int64"];
      },
    ],
    [
      "an unknown toolchain",
      "sample.json",
      "/toolchain",
      "no toolchain profile",
      (d) => {
        d.toolchain = "go1.3";
      },
    ],
  ])("%s", (_, file, path, words, mutate) => rejects(file, path, words, mutate));

  it("accepts what real captures of Go 1.26 contain (test/capture.test.ts validates whole captures)", () => {
    const doc = clone(load("sample.json"));
    const sum = f(doc, "main.sumSquares");
    const add = f(doc, "main.add");
    const { paramOrder: _p, ...unnumbered } = add.dcl[0]!;
    const { wasInlined: _w, inlDcl: _i, ...wrapper } = clone(f(doc, "main.main"));
    // An ABI0 wrapper shares its function's name.
    doc.functions.push({ ...wrapper, abi: "ABI0" });
    // Wrappers' location lists can end past the function or before they start.
    sum.debug!.vars[0]!.list[0]!.end = sum.size + 2;
    sum.debug!.vars[1]!.list[0]!.end = sum.debug!.vars[1]!.list[0]!.start - 1;
    // A function inlined into itself once (runtime._System).
    add.inlTree = [{ parent: -1, pos: { ...add.progs[0]!.pos, inl: -1 }, func: "main.add" }];
    // A debug variable of another class (PAUTOHEAP), declared outside any inlined body.
    sum.debug!.debugDcl = [{ ...unnumbered, class: "autoheap" }];
    // An imported function's params are not numbered (they come from export data).
    doc.imports = [{ name: "strings.HasPrefix", pos: add.pos, inlDcl: [unnumbered] }];
    expect(() => validateIr(JSON.parse(JSON.stringify(doc)), "sample.json")).not.toThrow();
  });

  it("reports a JSON syntax error with its line", () => {
    const text = '{\n  "irVersion": 1,\n  "package": ,\n}';
    const e = (() => {
      try {
        parseIr(text, "bad.json");
      } catch (x) {
        return x as IrError;
      }
      throw new Error("accepted");
    })();
    expect(e).toBeInstanceOf(IrError);
    expect(e.file).toBe("bad.json");
    expect(e.path).toBe("");
    expect(e.message).toMatch(/^bad\.json: \(document\): invalid JSON/);
  });

  it("escapes type names in JSON pointers", () => {
    const doc = clone(load("sample.json"));
    doc.types!["example.com/p.T"] = { kind: "int", size: 4, named: true };
    expect(errorOf(doc).path).toBe("/types/example.com~1p.T/size");
  });
});
