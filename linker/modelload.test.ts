/**
 * Loading the model's objects through goload.ts's loader: the libraries and units loadlib makes,
 * the runtime stand-in (its textless unit, the builtins it defines), the type descriptor stand-ins,
 * reachability, Textp, provenance marks, the objects' type records, and the errors.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/gc/compile.js";
import type { IrProgram } from "../compiler/ir.js";
import { mainProgram, objects, objectsWithProvenance, utilProgram } from "./link.test-util.js";
import { LinkError } from "./load.js";
import { loadModel } from "./modelload.js";
import { decodetypeSize } from "./dwarf/decodesym.js";

describe("loadModel", () => {
  it("loads each package as a library, one unit per object, the runtime stand-in last", () => {
    const g = loadModel(objects(mainProgram(), utilProgram()));
    expect(g.libraries.map((l) => [l.pkg, l.units.length])).toEqual([
      ["main", 1],
      ["example.com/util", 1],
      ["runtime", 1],
    ]);
    const rt = g.libraries[2]!.units[0]!;
    expect([rt.textp.length, rt.fileTable.length]).toEqual([0, 0]);
    expect(g.libraries[0]!.units[0]!.fileTable).toEqual(objects(mainProgram())[0]!.files);
    expect(g.ld.dwarfVersion).toBe(5);
    expect(loadModel(objects(mainProgram(4))).ld.dwarfVersion).toBe(4);
  });

  it("puts the text in Textp unit by unit, in program order", () => {
    const objs = objects(utilProgram(), mainProgram());
    const g = loadModel(objs);
    expect(g.ld.textp.map((s) => s.name)).toEqual(objs.flatMap((o) => o.text.map((t) => t.name)));
    for (const s of g.ld.textp) expect(s.func?.info).toBeDefined();
  });

  it("marks what the objects define reachable, and of the runtime stand-in what the runtime keeps", () => {
    const g = loadModel(objects(mainProgram(), utilProgram()));
    for (const [s, d] of g.defs) {
      if (d.o.lib.pkg !== "runtime") expect(s.reachable, s.name).toBe(true);
      else if (!s.name.startsWith("type:")) expect(s.reachable, s.name).toBe(false);
    }
    // As in the reference build of compiler/runtime/runtime-types.ts.
    expect(g.ld.lookup("type:runtime.hchan")!.reachable).toBe(true);
    expect(g.ld.lookup("type:runtime.eface")!.reachable).toBe(false);
    expect(g.ld.lookup("main.main", 1)!.reachable).toBe(true);
    expect(g.ld.lookup("example.com/util.Scale")!.varDwarfInfo?.reachable).toBe(true);
    expect(g.ld.standInTypes?.[0]).toBe("unsafe.Pointer");
  });

  it("has a type descriptor for every type referred to, the runtime's from the stand-in", () => {
    const g = loadModel(objects(mainProgram(), utilProgram()));
    const h = g.ld.lookup("type:runtime.hchan")!;
    expect([h.type, h.P.length > 0, g.defs.get(h)?.o.lib.pkg]).toEqual(["STYPE", true, "runtime"]);
    for (const s of g.ld.syms) {
      for (const r of s.R) {
        if (r.sym.name.startsWith("go:info.") && r.sym.type === "Sxxx") {
          const t = g.ld.lookup(`type:${r.sym.name.slice(8)}`);
          expect([t?.type, (t?.P.length ?? 0) > 0], r.sym.name).toEqual(["STYPE", true]);
        }
      }
    }
    expect(g.ld.lookup("example.com/util.Scale")!.goType).toBe("int");
  });

  it("keeps the first object's type descriptor and copies provenance marks to the winning definitions", () => {
    const a: IrProgram = { ...mainProgram(), types: { int: { kind: "int", size: 8, named: true } } };
    const b: IrProgram = { ...utilProgram(), types: { int: { kind: "int", size: 4, named: true } } };
    const g = loadModel([compile(a), compile(b)]);
    expect(decodetypeSize(8, g.ld.lookup("type:int")!.P)).toBe(8);
    const p = loadModel(objectsWithProvenance(mainProgram()));
    const info = p.ld.lookup("main.main", 1)!.func!.info!;
    expect(info.marks.length).toBeGreaterThan(0);
    expect(info.marks[0]!.off).toBe(0);
  });

  it("reports objects that disagree, and a package symbol two objects define", () => {
    expect(() => loadModel([])).toThrow(/nothing to link/);
    expect(() => loadModel(objects(mainProgram(5), utilProgram(4)))).toThrow(LinkError);
    expect(() => loadModel(objects(mainProgram(), mainProgram()))).toThrow(
      /duplicated definition of symbol main\.add, from main and main/,
    );
  });

  it("adds the stand-in to a model runtime package", () => {
    const rt: IrProgram = {
      ...utilProgram(),
      package: { path: "runtime", name: "runtime" },
      functions: [],
      globals: [{ name: "runtime.x", type: "int" }],
    };
    const g = loadModel(objects(mainProgram(), rt));
    const lib = g.libraries.find((l) => l.pkg === "runtime")!;
    // The runtime's types: a second (stand-in) member defines them.
    expect(lib.units.length).toBe(2);
    expect(g.defs.get(g.ld.lookup("runtime.x")!)?.o.unit).toBe(lib.units[0]);
  });
});
