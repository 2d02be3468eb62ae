/**
 * Inlined calls: the InlCalls tree built from the progs, the PC ranges of each call (parents
 * widened over their children), the child indices of inlined vars from the callees' pre-inlining
 * declarations, a function that was itself inlined, abstract functions, and the checks.
 */
import { describe, expect, it } from "vitest";
import type { Var } from "../../dwarf/context.js";
import type { IrFunction, IrImportedFunc } from "../ir.js";
import { CompileError } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { decl, func, local, newLink, pos, prog, program, runInfo, textSym } from "./dwarfgen.test-util.js";
import { Info } from "./info.js";
import { AbstractFunc } from "./inline.js";

/** func g(s string) int { n := len(s); return h(n) } in util.go (file 1). */
const gFn = func("main.g", {
  pos: pos(8, 6, 1),
  startLine: 8,
  inlDcl: [
    decl("s", "param", "string", pos(8, 8, 1), { paramOrder: 1 }),
    decl("~r0", "result", "int", pos(8, 17, 1), { paramOrder: 2 }),
    decl("n", "auto", "int", pos(9, 2, 1)),
  ],
});
/** func h(v int) int in util.go. */
const hFn = func("main.h", { pos: pos(13, 6, 1), inlDcl: [decl("v", "param", "int", pos(13, 8, 1))] });
/** strings.ToUpper, known from export data. */
const toUpper: IrImportedFunc = {
  name: "strings.ToUpper",
  pos: pos(100, 6, 2),
  inlDcl: [
    decl("s", "param", "string", pos(100, 14, 2), { paramOrder: 1 }),
    decl("~r0", "result", "string", pos(100, 24, 2), { paramOrder: 2 }),
    decl("isASCII", "auto", "bool", pos(101, 2, 2)),
    decl("_", "auto", "int", pos(102, 2, 2)),
    decl(".autotmp_3", "auto", "int", pos(102, 2, 2)),
  ],
};

/**
 * func f(p int) { g(...) at 5:3 (which inlines h at util.go 10:5); strings.ToUpper(...) at 7:3;
 * k() at 8:3, whose body left no code }.
 */
function fFn(extra: Partial<IrFunction> = {}): IrFunction {
  return func("main.f", {
    size: 60,
    inlTree: [
      { parent: -1, pos: pos(5, 3), func: "main.g" },
      { parent: 0, pos: pos(10, 5, 1, 0), func: "main.h" },
      { parent: -1, pos: pos(7, 3), func: "strings.ToUpper" },
      { parent: -1, pos: pos(8, 3), func: "main.k" },
    ],
    progs: [
      prog(0, pos(3, 6)),
      prog(5, pos(4, 2)),
      prog(10, pos(9, 2, 1, 0)),
      prog(20, pos(14, 2, 1, 1)),
      prog(25, pos(10, 2, 1, 0)),
      prog(30, pos(6, 2)),
      prog(40, pos(101, 2, 2, 2)),
      prog(50, pos(8, 2)),
    ],
    dcl: [
      decl("p", "param", "int", pos(3, 8), { paramOrder: 1, frameOffset: 8 }),
      decl("s", "auto", "string", pos(8, 8, 1, 0), { inlFormal: true, frameOffset: -16 }),
      decl("n", "auto", "int", pos(9, 2, 1, 0), { inlLocal: true, frameOffset: -24 }),
      decl("~r0", "auto", "int", pos(8, 17, 1, 0), { inlFormal: true, frameOffset: -32 }),
      decl("_", "auto", "int", pos(8, 20, 1, 0), { inlFormal: true, frameOffset: -40 }),
      decl("v", "auto", "int", pos(13, 8, 1, 1), { inlFormal: true, frameOffset: -48 }),
      decl("s", "auto", "string", pos(100, 14, 2, 2), { inlFormal: true, frameOffset: -64 }),
      decl("w", "auto", "int", pos(20, 2, 1, 3), { inlLocal: true, frameOffset: -72 }),
    ],
    ...extra,
  });
}

const kFn = func("main.k", { pos: pos(20, 6, 1), inlDcl: [decl("w", "auto", "int", pos(20, 2, 1))] });

function setup(flags = {}) {
  const ctxt = newLink({ flagLocationlists: false });
  const f = fFn();
  const p = program([f, gFn, hFn, kFn], flags, [toUpper]);
  const ft = ctxt.DwFixups!;
  for (const fn of [gFn, hFn, kFn]) ft.SetPrecursorFunc(ctxt.LookupABI(fn.name, "ABIInternal"), local(p, fn));
  ft.SetPrecursorFunc(ctxt.LookupABI(toUpper.name, "ABIInternal"), {
    kind: "imported",
    program: p,
    fn: toUpper,
  });
  return { ctxt, p, f };
}

function names(vs: readonly Var[]) {
  return vs.map((v) => [v.name, v.childIndex, v.isInAbstract]);
}

describe("assembleInlines", () => {
  it("builds the call tree, parents first, with call positions and abstract functions", () => {
    const { ctxt, p, f } = setup();
    const { inlcalls } = runInfo(ctxt, p, f);
    const calls = inlcalls.calls;
    expect(calls.map((c) => [c.inlIndex, c.root, c.children])).toEqual([
      [0, true, [1]],
      [1, false, []],
      [2, true, []],
      // No prog of k's body is left; its var made the call.
      [3, true, []],
    ]);
    expect(calls.map((c) => (c.absFunSym as LSym).name)).toEqual([
      "go:info.main.g$abstract",
      "go:info.main.h$abstract",
      "go:info.strings.ToUpper$abstract",
      "go:info.main.k$abstract",
    ]);
    expect(calls.map((c) => c.callPos)).toEqual([
      { fileIndex: 0, relLine: 5 },
      { fileIndex: 1, relLine: 10 },
      { fileIndex: 0, relLine: 7 },
      { fileIndex: 0, relLine: 8 },
    ]);
  });

  it("gives each call the PCs of its body, a parent also those of its children", () => {
    const { ctxt, p, f } = setup();
    const calls = runInfo(ctxt, p, f).inlcalls.calls;
    expect(calls.map((c) => c.ranges)).toEqual([
      // g: [10,20) and [25,30), widened over h's [20,25) (issue 33188).
      [{ start: 10, end: 30 }],
      [{ start: 20, end: 25 }],
      [{ start: 40, end: 50 }],
      [],
    ]);
  });

  it("ends a call's last range at the function's size", () => {
    const { ctxt, p } = setup();
    const f = fFn({ progs: [prog(0, pos(3, 6)), prog(10, pos(9, 2, 1, 0))] });
    const calls = runInfo(ctxt, p, f).inlcalls.calls;
    expect(calls[0]!.ranges).toEqual([{ start: 10, end: 60 }]);
  });

  it("numbers inlined vars by the callee's declarations, synthesized ones after them", () => {
    const { ctxt, p, f } = setup();
    const { inlcalls, vars } = runInfo(ctxt, p, f);
    const calls = inlcalls.calls;
    // g's map: s 0, ~r0 1, n 2 (size 3); "_" is not in it.
    expect(names(calls[0]!.inlVars)).toEqual([
      ["s", 0, true],
      ["n", 2, true],
      ["~r0", 1, false],
      ["_", 3, false],
    ]);
    expect(names(calls[1]!.inlVars)).toEqual([["v", 0, true]]);
    // ToUpper's map skips "_" and ".autotmp_3": s 0, ~r0 1, isASCII 2.
    expect(names(calls[2]!.inlVars)).toEqual([["s", 0, true]]);
    expect(names(calls[3]!.inlVars)).toEqual([["w", 0, true]]);
    // The function's own vars: declaration order.
    expect(names(vars.filter((v) => v.inlIndex === 0))).toEqual([["p", 0, false]]);
    expect(vars.map((v) => v.inlIndex)).toEqual([0, 1, 1, 1, 1, 2, 3, 4]);
  });

  it("matches declarations by column as lico keeps it (at most 255)", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const m = func("main.m", { inlDcl: [decl("c", "param", "int", pos(30, 300, 1))] });
    const f = func("main.f", {
      inlTree: [{ parent: -1, pos: pos(5, 3), func: "main.m" }],
      dcl: [decl("c", "auto", "int", pos(30, 256, 1, 0), { inlFormal: true })],
    });
    const p = program([f, m]);
    ctxt.DwFixups!.SetPrecursorFunc(ctxt.LookupABI("main.m", "ABIInternal"), local(p, m));
    const v = runInfo(ctxt, p, f).inlcalls.calls[0]!.inlVars[0]!;
    expect([v.declCol, v.childIndex, v.isInAbstract]).toEqual([255, 0, true]);
  });

  it("is skipped with -gendwarfinl=0", () => {
    const { ctxt, p, f } = setup();
    expect(runInfo(ctxt, program(p.functions, { gendwarfinl: 0 }, p.imports), f).inlcalls.calls).toEqual([]);
  });

  it("fails on a call whose range lies outside the function", () => {
    const { ctxt, p } = setup();
    const f = fFn({
      size: 40,
      progs: [prog(0, pos(3, 6)), prog(50, pos(101, 2, 2, 2)), prog(60, pos(8, 2))],
    });
    expect(() => runInfo(ctxt, p, f)).toThrow(
      /malformed inlined routine range in main.f: caller main.f callee strings.ToUpper/,
    );
  });

  it("fails when a callee has no precursor", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const f = fFn();
    expect(() => runInfo(ctxt, program([f]), f)).toThrow(CompileError);
  });
});

describe("a function that was inlined", () => {
  /** func q(a, b int) (int, int) compiled here and inlined elsewhere; SSA tracked only a. */
  function qFn(): IrFunction {
    return func("main.q", {
      wasInlined: true,
      dcl: [
        decl("a", "param", "int", pos(3, 8), { paramOrder: 1, frameOffset: 8 }),
        decl("b", "param", "int", pos(3, 11), { paramOrder: 2, frameOffset: 16 }),
        decl("~r0", "result", "int", pos(3, 16), { paramOrder: 3 }),
        decl("a.ptr", "auto", "int", pos(4, 2), { frameOffset: -8 }),
      ],
      inlDcl: [
        decl("a", "param", "int", pos(3, 8), { paramOrder: 1 }),
        decl("b", "param", "int", pos(3, 11), { paramOrder: 2 }),
        decl("~r0", "result", "int", pos(3, 16), { paramOrder: 3 }),
        decl("t", "auto", "int", pos(5, 2)),
      ],
      debug: { vars: [{ decl: 0, stackOffset: 8, list: [{ start: 0, end: 4, expr: "50" }] }] },
    });
  }

  it("numbers its own vars by its pre-inlining declarations and describes each declaration once", () => {
    const ctxt = newLink();
    const q = qFn();
    const p = program([q]);
    ctxt.DwFixups!.SetPrecursorFunc(ctxt.LookupABI(q.name, "ABIInternal"), local(p, q));
    const fnsym = textSym(ctxt, q);
    const { vars } = runInfo(ctxt, p, q, fnsym);
    // a is tracked; its Inl.Dcl twin is the same name and gets no second var. b, ~r0 and t come
    // from Inl.Dcl as conservative vars. ~r0 is in the abstract function's list but not in it.
    expect(vars.map((v) => [v.name, v.childIndex, v.isInAbstract, v.withLoclist])).toEqual([
      ["a", 0, true, true],
      ["b", 1, true, true],
      ["~r0", 2, false, true],
      ["t", 3, true, true],
    ]);
    expect(vars[0]!.putLocationList).toBeDefined();
  });

  it("gives pieces of split vars indices after the pre-inlining declarations", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const q = qFn();
    const p = program([q]);
    ctxt.DwFixups!.SetPrecursorFunc(ctxt.LookupABI(q.name, "ABIInternal"), local(p, q));
    const { vars } = runInfo(ctxt, p, q);
    // Simple vars for Dcl; t (from Inl.Dcl) is conservative.
    expect(vars.map((v) => [v.name, v.childIndex, v.isInAbstract])).toEqual([
      ["a", 0, true],
      ["b", 1, true],
      ["~r0", 2, false],
      ["a.ptr", 4, false],
      ["t", 3, true],
    ]);
  });
});

describe("abstract functions", () => {
  it("Info on the $abstract symbol describes the precursor's declarations, without locations", () => {
    const ctxt = newLink();
    const p = program([], {}, [toUpper]);
    const s = ctxt.LookupABI(toUpper.name, "ABIInternal");
    s.set("WasInlined", true);
    ctxt.DwFixups!.SetPrecursorFunc(s, { kind: "imported", program: p, fn: toUpper });
    const absfn = ctxt.DwFixups!.AbsFuncDwarfSym(s);
    s.func = { startLine: 0, text: [], autot: new Set() };
    const { scopes, inlcalls } = Info(ctxt, s, absfn, { kind: "imported", program: p, fn: toUpper });
    expect(inlcalls.calls).toEqual([]);
    expect(scopes).toHaveLength(1);
    expect(scopes[0]!.ranges).toEqual([]);
    expect(
      scopes[0]!.vars.map((v) => [v.name, v.childIndex, v.isInAbstract, v.declFile, v.declLine]),
    ).toEqual([
      ["s", 0, true, "/goroot/src/strings/strings.go", 100],
      ["~r0", 1, false, "/goroot/src/strings/strings.go", 100],
      ["isASCII", 2, true, "/goroot/src/strings/strings.go", 101],
    ]);
    // Go records the types of these conservative vars on the abstract symbol.
    expect(absfn.R.filter((r) => r.type === "R_USETYPE").map((r) => r.sym.name)).toEqual([
      "type:bool",
      "type:string",
    ]);
  });

  it("AbstractFunc writes the DIE of an imported callee through DwarfAbstractFunc", () => {
    const ctxt = newLink();
    const p = program([], {}, [toUpper]);
    const s = ctxt.LookupABI(toUpper.name, "ABIInternal");
    s.set("WasInlined", true);
    ctxt.DwFixups!.SetPrecursorFunc(s, { kind: "imported", program: p, fn: toUpper });
    AbstractFunc(ctxt, s);
    const absfn = ctxt.Lookup("go:info.strings.ToUpper$abstract");
    const text = new TextDecoder().decode(absfn.P);
    expect(text).toContain("strings.ToUpper\0");
    expect(text).toContain("isASCII\0");
    expect(text).not.toContain("~r0");
    expect(text).not.toContain("autotmp");
    // Finalize would not call it again: the definition is seen.
    expect(() => AbstractFunc(ctxt, s)).toThrow(/double process/);
  });

  it("AbstractFunc fails without a precursor", () => {
    const ctxt = newLink();
    expect(() => AbstractFunc(ctxt, ctxt.LookupABI("main.nobody", "ABIInternal"))).toThrow(
      /failed to locate precursor fn for main.nobody/,
    );
  });
});
