import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { objdump } from "./dump.js";
import { ObjJsonError } from "./errors.js";
import { arbObj, tinyObj } from "./fixtures.test-util.js";
import { objToJson, objToJsonText } from "./json.js";
import { objFromJson, objFromJsonText } from "./read.js";

describe("the object as JSON", () => {
  it("lists text symbols with their aux symbols, then data, then what is only referred to", () => {
    const doc = objToJson(tinyObj({ provenance: true }));
    expect(doc).toMatchObject({
      godwarfObject: 2,
      toolchain: "go1.26",
      package: { path: "main", name: "main" },
      dwarfVersion: 5,
    });
    const rows = doc.symbols.map((s) => [s.index, s.label, s.role, s.defined]);
    expect(rows.slice(0, 10)).toEqual([
      [0, "main.add", "text", true],
      [1, "main.add.info", "aux", true],
      [2, "main.add.loc", "aux", true],
      [3, "main.add.ranges", "aux", true],
      [4, "main.add.lines", "aux", true],
      [5, "main.main", "text", true],
      [6, "main.main.info", "aux", true],
      [7, "main.main.loc", "aux", true],
      [8, "main.main.ranges", "aux", true],
      [9, "main.main.lines", "aux", true],
    ]);
    const byLabel = new Map(doc.symbols.map((s) => [s.label, s]));
    // ggloblnod puts the variable itself in Ctxt.Data, before its DIE symbol.
    expect(byLabel.get("main.greeting")).toMatchObject({
      role: "data",
      aux: { dwarfInfo: expect.any(Number) },
    });
    const v = byLabel.get("main.greeting.var")!;
    expect(v).toMatchObject({ name: "", role: "data", kind: { name: "SDWARFVAR", number: 17 } });
    expect(doc.symbols[byLabel.get("main.greeting")!.aux!.dwarfInfo!]).toBe(v);
    expect(byLabel.get("go:info.int")).toMatchObject({ defined: false, role: "undefined", data: "" });
    expect(byLabel.get("main.main")!.aux).toEqual({
      dwarfInfo: 6,
      dwarfLoc: 7,
      dwarfRanges: 8,
      dwarfLines: 9,
    });
    expect(byLabel.get("main.add")!.aux?.dwarfAbsFn).toBe(byLabel.get("go:info.main.add$abstract")!.index);
    // Relocations name their target three ways; provenance marks are there when asked for.
    const info = byLabel.get("main.main.info")!;
    expect(info.relocs[0]).toEqual({
      off: 11,
      siz: 1,
      type: { name: "R_DWTXTADDR_U1", number: 100 },
      target: { index: 5, name: "main.main", label: "main.main" },
      add: 0,
    });
    expect(info.marks?.[0]).toEqual({ off: 0, who: "PutDefaultFunc abbrev" });
    expect(objToJson(tinyObj()).symbols.some((s) => s.marks !== undefined)).toBe(false);
  });

  it("is byte-identical for the same program, in any work order", () => {
    const a = objToJsonText(tinyObj({ provenance: true }));
    expect(objToJsonText(tinyObj({ provenance: true }))).toBe(a);
    expect(objToJsonText(tinyObj({ provenance: true, workOrder: [1, 0] }))).toBe(a);
    expect(a.endsWith("}\n")).toBe(true);
  });

  it.each([
    ["DWARF 5", { dwarf: 5 as const, provenance: true }],
    ["DWARF 4", { dwarf: 4 as const, provenance: true }],
    ["DWARF 4, CU-relative lists", { dwarf: 4 as const, bas: false }],
  ])("%s: reading it back gives the same object and the same dump", (_, o) => {
    const obj = tinyObj(o);
    const text = objToJsonText(obj);
    const back = objFromJsonText(text, "tiny.obj.json");
    expect(objToJsonText(back)).toBe(text);
    expect(objdump(back, { explain: true })).toBe(objdump(obj, { explain: true }));
  });

  test.prop([arbObj], propertyParams())("any object round-trips byte for byte", (obj) => {
    const text = objToJsonText(obj);
    const back = objFromJson(JSON.parse(text), "x.obj.json");
    expect(objToJsonText(back)).toBe(text);
    expect(back.text.length).toBe(obj.text.length);
    expect(back.data.length).toBe(obj.data.length);
  });
});

describe("reading a bad object", () => {
  const good = objToJson(tinyObj({ provenance: true }));
  const read = (edit: (d: Record<string, unknown>) => void): unknown => {
    const d = structuredClone(good) as unknown as Record<string, unknown>;
    edit(d);
    try {
      objFromJson(d, "bad.obj.json");
    } catch (e) {
      return e;
    }
    return undefined;
  };
  // biome-ignore lint/suspicious/noExplicitAny: test edits reach into the document freely
  type Doc = any;

  it.each<[string, (d: Doc) => void, string]>([
    ["a wrong format version", (d) => (d.godwarfObject = 1), "/godwarfObject: unsupported object format 1"],
    ["an unknown toolchain", (d) => (d.toolchain = "go1.9"), '/toolchain: no toolchain profile for "go1.9"'],
    ["a missing field", (d) => delete d.package.name, '/package: missing field "name"'],
    ["an unknown field", (d) => (d.symbols[1].extra = 1), '/symbols/1/extra: unknown field "extra"'],
    [
      "a misplaced index",
      (d) => (d.symbols[2].index = 7),
      "/symbols/2/index: expected 2 (its position), found 7",
    ],
    [
      "a kind number for another release",
      (d) => (d.symbols[1].kind.number = 15),
      "/symbols/1/kind/number: SDWARFFCN is 14 in go1.26, found 15",
    ],
    [
      "an unknown kind",
      (d) => (d.symbols[1].kind.name = "SFOO"),
      '/symbols/1/kind/name: unknown symbol kind "SFOO"',
    ],
    ["bad hex", (d) => (d.symbols[1].data = "0g"), '/symbols/1/data: not lowercase hex: "g" at character 1'],
    [
      "data shorter than size",
      (d) => (d.symbols[1].data = "00"),
      "/symbols/1/data: 1 bytes of data but size is 40",
    ],
    [
      "a relocation past the data",
      (d) => (d.symbols[1].relocs[1].off = 39),
      "/symbols/1/relocs/1: relocation of 4 bytes at 39 runs past the symbol's 40 bytes of data",
    ],
    [
      "a relocation target out of range",
      (d) => (d.symbols[1].relocs[1].target.index = 999),
      "/symbols/1/relocs/1/target/index: 999 is out of range",
    ],
    [
      "a target that does not match its index",
      (d) => (d.symbols[1].relocs[1].target.label = "main.main"),
      '/symbols/1/relocs/1/target/label: expected "go:info.main.add$abstract"',
    ],
    [
      "a relocation number that does not match",
      (d) => (d.symbols[1].relocs[1].type.number = 1),
      "/symbols/1/relocs/1/type/number: R_DWARFSECREF is 31 in go1.26, found 1",
    ],
    [
      "a text symbol without func",
      (d) => delete d.symbols[0].func,
      '/symbols/0: a symbol with role "text" needs "func"',
    ],
    [
      "defined that contradicts the role",
      (d) => (d.symbols[0].defined = false),
      "/symbols/0/defined: must be true",
    ],
    [
      "marks out of order",
      (d) => (d.symbols[1].marks[1].off = 0),
      "/symbols/1/marks/1/off: marks must be in increasing offset order",
    ],
    [
      "a duplicate label",
      (d) => (d.symbols[2].label = "main.add.info"),
      '/symbols/2/label: label "main.add.info" is also symbol 1\'s',
    ],
    [
      "a string for a number",
      (d) => (d.symbols[5].func.progs[0].pc = "0"),
      '/symbols/5/func/progs/0/pc: expected an integer, found "0"',
    ],
    [
      "aux links on a data symbol",
      (d) => (d.symbols[13].aux.dwarfLoc = 2),
      "/symbols/13/aux/dwarfLoc: only a text symbol",
    ],
    ["a non-object document", (d) => (d.symbols = {}), "/symbols: expected an array, found an object"],
  ])("%s names the file and the JSON pointer", (_, edit, message) => {
    const e = read(edit);
    expect(e).toBeInstanceOf(ObjJsonError);
    expect((e as Error).message).toContain(`bad.obj.json: ${message}`);
  });

  it("reports JSON syntax errors by line and column, truncated or not", () => {
    const text = objToJsonText(tinyObj());
    expect(() => objFromJsonText(text.slice(0, 200), "t.json")).toThrow(
      /^t\.json: \(document\): invalid JSON: .+ \(line \d+, column \d+\)$/,
    );
    expect(() => objFromJsonText('{\n  "a": 1,\n}', "t.json")).toThrow(/\(line 3, column 1\)$/);
    expect(() => objFromJsonText("", "t.json")).toThrow(
      /^t\.json: \(document\): invalid JSON: .*\(line 1, column 1\)$/,
    );
  });

  const text = objToJsonText(tinyObj({ provenance: true }));
  test.prop([fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 })], propertyParams())(
    "any value anywhere gives a good object or an ObjJsonError, and a good object dumps or gives a FormatError",
    (pick, cut, value) => {
      // Replace one value (found by its position in the text) with a random one, or truncate.
      const positions = [...text.matchAll(/: /g)].map((m) => m.index + 2);
      const at = positions[pick % positions.length]!;
      const rest = text.slice(at);
      const len = /^("(?:[^"\\]|\\.)*"|-?\d+|true|false|null)/.exec(rest)?.[0].length ?? 0;
      const edited =
        cut % 5 === 0
          ? text.slice(0, cut % text.length)
          : text.slice(0, at) + JSON.stringify(value) + text.slice(at + len);
      let obj: ReturnType<typeof objFromJsonText> | undefined;
      try {
        obj = objFromJsonText(edited, "f.json");
      } catch (e) {
        expect(e).toBeInstanceOf(ObjJsonError);
        return;
      }
      try {
        objdump(obj, { explain: true });
      } catch (e) {
        expect((e as Error).name).toBe("FormatError");
      }
    },
  );
});
