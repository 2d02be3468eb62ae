/**
 * dwarfgen.Info over hand-made functions: which declarations become vars, by which of Go's three
 * paths (complex, ABI, simple), with what tags, offsets and location lists; the conservative vars;
 * OptDcl recovery; closure offsets; the declaration-order sort; the R_USETYPE records.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DW_LLE, DW_OP, DW_TAG } from "../../dwarf/constants.js";
import type { Var } from "../../dwarf/context.js";
import { propertyParams } from "../../test/property.js";
import type { IrDecl, IrFunction } from "../ir.js";
import { populateDWARF } from "../obj/dwarf.js";
import { LSym } from "../obj/lsym.js";
import { decl, func, local, newLink, pos, program, runInfo, textSym } from "./dwarfgen.test-util.js";
import { IsVarWantedForDebug, sortDeclsAndVars } from "./vars.js";

/**
 * func f(a int, b []string, big [64]int) (r int) with locals x, y (escaped to the heap), a
 * compiler temporary and a range-over-func internal. r is a register result that the stackframe
 * pass pruned (it is in OptDcl) and that RegOutputParams brings back.
 */
function fnF(extra: Partial<IrFunction> = {}): IrFunction {
  return func("main.f", {
    size: 100,
    dcl: [
      decl("a", "param", "int", pos(3, 8), { paramOrder: 1, frameOffset: 8 }),
      decl("b", "param", "[]string", pos(3, 15), { paramOrder: 2, frameOffset: 16 }),
      decl("big", "param", "[64]int", pos(3, 27), { paramOrder: 3, frameOffset: 40, canSSA: false }),
      decl("r", "result", "int", pos(3, 41), {
        paramOrder: 4,
        frameOffset: -8,
        outputParamInRegisters: true,
      }),
      decl("x", "auto", "int", pos(4, 2), { frameOffset: -16 }),
      decl(".autotmp_1", "auto", "main.T", pos(5, 2), { frameOffset: -24, autoTmp: true }),
      decl("#state1", "auto", "bool", pos(6, 2), { frameOffset: -25 }),
      decl("y", "auto", "string", pos(7, 2), { frameOffset: -32, heapAddrFrameOffset: -40 }),
    ],
    debug: {
      vars: [
        {
          decl: 0,
          stackOffset: 8,
          list: [
            { start: 0, end: 10, expr: "50" },
            { start: 10, end: 100, expr: "9108" },
          ],
        },
        { decl: 4, stackOffset: -16, list: [{ start: 5, end: 5, expr: "51" }] },
      ],
      regOutputParams: [3],
      optDcl: [3],
    },
    ...extra,
  });
}

function byName(vars: readonly Var[], name: string): Var {
  const v = vars.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no var ${name}`);
  return v;
}

function symName(s: unknown): string {
  return (s as LSym).name;
}

/** A var's location list as PutLocationList writes it, DWARF 5, into a fresh SDWARFLOC symbol. */
function loclist(v: Var, fnsym: LSym): number[] {
  const loc = new LSym("", "SDWARFLOC");
  expect(v.putLocationList).toBeDefined();
  v.putLocationList!(loc, fnsym);
  return [...loc.P];
}

describe("Info: optimized function (createComplexVars)", () => {
  it("describes tracked, conservative, stack-homed and heap vars in signature order", () => {
    const ctxt = newLink();
    const fn = fnF();
    const { vars, scopes, inlcalls } = runInfo(ctxt, program([fn]), fn);

    expect(scopes).toHaveLength(1);
    expect(inlcalls.calls).toHaveLength(0);
    // Params and results in signature order, then the rest in the order they were made:
    // tracked x first, then the conservative y.
    expect(vars.map((v) => v.name)).toEqual(["a", "b", "big", "r", "x", "y"]);
    expect(vars.map((v) => v.childIndex)).toEqual([0, 1, 2, 3, 4, 5]);

    const a = byName(vars, "a");
    expect(a).toMatchObject({ tag: DW_TAG.formal_parameter, withLoclist: true, stackOffset: 8 });
    expect(a).toMatchObject({ declFile: "/src/main.go", declLine: 3, declCol: 8, inlIndex: 0 });
    expect(symName(a.type)).toBe("go:info.int");

    // SSA-able but untracked: conservative, a location list flag and no list.
    const b = byName(vars, "b");
    expect(b).toMatchObject({ tag: DW_TAG.formal_parameter, withLoclist: true, stackOffset: 16 });
    expect(b.putLocationList).toBeUndefined();

    // Not SSA-able: one stack home, FrameOffset + FixedFrameSize (0 on amd64).
    const big = byName(vars, "big");
    expect(big).toMatchObject({ withLoclist: false, stackOffset: 40 });

    // Register result from RegOutputParams: conservative, FrameOffset as is.
    const r = byName(vars, "r");
    expect(r).toMatchObject({ isReturnValue: true, withLoclist: true, stackOffset: -8 });
    expect(r.putLocationList).toBeUndefined();

    const x = byName(vars, "x");
    expect(x).toMatchObject({ tag: DW_TAG.variable, withLoclist: true, stackOffset: -16 });

    const y = byName(vars, "y");
    expect(y).toMatchObject({ tag: DW_TAG.variable, withLoclist: true, stackOffset: -32 });
    expect(y.putLocationList).toBeDefined();
  });

  it("writes tracked lists entry by entry, keeping an entry whose start and end PCs are equal", () => {
    const ctxt = newLink();
    const fn = fnF();
    const { vars, fnsym } = runInfo(ctxt, program([fn]), fn);
    // DWARF 5: base_addressx (1-byte addrx: no functions counted), offset pairs, end.
    const ol = DW_LLE.offset_pair;
    expect(loclist(byName(vars, "a"), fnsym)).toEqual([
      DW_LLE.base_addressx,
      0,
      ...[ol, 0, 10, 1, 0x50],
      ...[ol, 10, 100, 2, 0x91, 0x08],
      DW_LLE.end_of_list,
    ]);
    expect(loclist(byName(vars, "x"), fnsym)).toEqual([
      DW_LLE.base_addressx,
      0,
      ...[ol, 5, 5, 1, 0x51],
      DW_LLE.end_of_list,
    ]);
  });

  it("describes a heap-escaped var as DW_OP_fbreg (Heapaddr - 16); DW_OP_deref over the function", () => {
    const ctxt = newLink();
    const fn = fnF();
    const { vars, fnsym } = runInfo(ctxt, program([fn]), fn);
    // -40 - 8 (return address) - 8 (frame pointer) = -56, SLEB 0x48.
    expect(loclist(byName(vars, "y"), fnsym)).toEqual([
      DW_LLE.base_addressx,
      0,
      ...[DW_LLE.offset_pair, 0, 100, 3, DW_OP.fbreg, 0x48, DW_OP.deref],
      DW_LLE.end_of_list,
    ]);
  });

  it("reads the function's size when the list is written, as Go's FuncEnd does", () => {
    const ctxt = newLink();
    const fn = fnF();
    const { vars, fnsym } = runInfo(ctxt, program([fn]), fn);
    fnsym.size = 120;
    expect(loclist(byName(vars, "y"), fnsym).slice(2, 5)).toEqual([DW_LLE.offset_pair, 0, 120]);
  });

  it("writes DWARF 4 lists with a base address entry, widening [0,0) to [0,1)", () => {
    const ctxt = newLink({ dwarf5: false });
    const fn = fnF();
    fn.debug!.vars[0]!.list = [{ start: 0, end: 0, expr: "50" }];
    const { vars, fnsym } = runInfo(ctxt, program([fn]), fn);
    const loc = new LSym("", "SDWARFLOC");
    byName(vars, "a").putLocationList!(loc, fnsym);
    const words = (b: number[]) => b.flatMap((w) => [w, 0, 0, 0, 0, 0, 0, 0]);
    expect([...loc.P]).toEqual([
      ...Array(8).fill(0xff),
      ...Array(8).fill(0),
      ...words([0, 1]),
      ...[1, 0, 0x50],
      ...words([0, 0]),
    ]);
    expect(loc.R).toHaveLength(1);
    expect(loc.R[0]).toMatchObject({ type: "R_ADDR", off: 8, siz: 8, sym: fnsym });
  });
});

describe("Info: R_USETYPE", () => {
  it("keeps the types no var DIE covers, sorted by name, once each, with Off 0 and Siz 0", () => {
    const ctxt = newLink();
    const fn = fnF();
    const fnsym = textSym(ctxt, fn);
    fnsym.addRel({ type: "R_USEIFACE", off: 0, siz: 0, sym: ctxt.Lookup("type:main.Iface"), add: 0 });
    fnsym.addRel({
      type: "R_USEIFACE",
      off: 0,
      siz: 0,
      sym: ctxt.Lookup("go:itab.main.T,main.Iface"),
      add: 0,
    });
    fnsym.addRel({ type: "R_USEIFACE", off: 0, siz: 0, sym: ctxt.Lookup("type:int"), add: 0 });
    const { infosym } = runInfo(ctxt, program([fn]), fn, fnsym);
    // int: dropped by the tracked a and x, recorded again by the conservative r, and an iface
    // target too: once. [64]int: dropped by big's stack var. []string, string: conservative vars.
    // main.T: the compiler temporary, never described. bool: not wanted for debug.
    expect(infosym.R.map((r) => r.sym.name)).toEqual([
      "type:[]string",
      "type:int",
      "type:main.Iface",
      "type:main.T",
      "type:string",
    ]);
    for (const r of infosym.R) expect(r).toMatchObject({ type: "R_USETYPE", off: 0, siz: 0, add: 0 });
    expect(fnsym.func!.autot.size).toBe(0);
    expect(infosym.size).toBe(0);
  });

  it("adds the IR's autoTypes as R_USEIFACE targets", () => {
    const ctxt = newLink();
    const fn = fnF({ autoTypes: ["main.Zed", "error", "int"] });
    const { infosym } = runInfo(ctxt, program([fn]), fn);
    expect(infosym.R.map((r) => r.sym.name)).toEqual([
      "type:[]string",
      "type:error",
      "type:int",
      "type:main.T",
      "type:main.Zed",
      "type:string",
    ]);
  });
});

describe("Info: -N (createABIVars)", () => {
  it("gives register params their lists and homes everything else on the stack", () => {
    const ctxt = newLink({ flagOptimize: false });
    const fn = fnF();
    fn.debug!.vars = [{ decl: 0, stackOffset: 8, list: [{ start: 0, end: 12, expr: "50" }] }];
    const { vars, infosym } = runInfo(ctxt, program([fn], { N: 1 }), fn);
    expect(vars.map((v) => [v.name, v.withLoclist, v.stackOffset])).toEqual([
      ["a", true, 8],
      ["b", false, 16],
      ["big", false, 40],
      ["r", true, -8],
      // Autos: FrameOffset - 8 (return address) - 8 (frame pointer).
      ["x", false, -32],
      ["y", false, -48],
    ]);
    expect(byName(vars, "a").putLocationList).toBeDefined();
    expect(byName(vars, "y").putLocationList).toBeUndefined();
    // Only r is conservative now; the temporary's type stays.
    expect(infosym.R.map((r) => r.sym.name)).toEqual(["type:int", "type:main.T"]);
  });

  it("is not taken for ABI0 functions, which get simple vars", () => {
    const ctxt = newLink({ flagOptimize: false });
    const fn = fnF({ abi: "ABI0" });
    const { vars } = runInfo(ctxt, program([fn], { N: 1 }), fn);
    expect(byName(vars, "a")).toMatchObject({ withLoclist: false, stackOffset: 8 });
  });
});

describe("Info: no location lists (createSimpleVars)", () => {
  it("homes every declaration on the stack, register results below the frame pointer", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const fn = fnF();
    // r stays in Dcl this time.
    fn.debug!.optDcl = [];
    const { vars } = runInfo(ctxt, program([fn], { dwarflocationlists: false }), fn);
    expect(vars.map((v) => [v.name, v.withLoclist, v.stackOffset])).toEqual([
      ["a", false, 8],
      ["b", false, 16],
      ["big", false, 40],
      ["r", false, -24],
      ["x", false, -32],
      ["y", false, -48],
    ]);
    expect(vars.every((v) => v.putLocationList === undefined)).toBe(true);
  });

  it("uses createSimpleVars, not createComplexVars, when the function has no FuncDebug", () => {
    const ctxt = newLink();
    const fn = fnF();
    delete fn.debug;
    const { vars } = runInfo(ctxt, program([fn]), fn);
    expect(byName(vars, "a")).toMatchObject({ withLoclist: false, stackOffset: 8 });
    expect(vars.map((v) => v.name)).toEqual(["a", "b", "big", "r", "x", "y"]);
  });
});

describe("Info: OptDcl, closures, inline formals", () => {
  it("recovers zero-sized autos from OptDcl at stack offset 0 and keeps their type alive", () => {
    const ctxt = newLink();
    const fn = fnF();
    fn.dcl.push(decl("z", "auto", "struct {}", pos(9, 2), { frameOffset: -48, used: false }));
    fn.debug!.optDcl = [3, 8];
    const { vars, infosym } = runInfo(ctxt, program([fn]), fn);
    expect(vars.map((v) => v.name)).toEqual(["a", "b", "big", "r", "x", "z", "y"]);
    expect(byName(vars, "z")).toMatchObject({ withLoclist: false, stackOffset: 0, tag: DW_TAG.variable });
    expect(infosym.R.map((r) => r.sym.name)).toContain("type:struct {}");
  });

  it("gives captured vars their closure offsets", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const fn = func("main.f.func1", {
      dcl: [
        decl("n", "auto", "int", pos(5, 2), { frameOffset: -8 }),
        decl("m", "auto", "*int", pos(5, 5), { frameOffset: -16 }),
        decl("k", "auto", "int", pos(6, 2), { frameOffset: -24 }),
      ],
      closureVars: [
        { decl: 0, offset: 8 },
        { decl: 1, offset: 16 },
      ],
    });
    const { vars } = runInfo(ctxt, program([fn]), fn);
    expect(vars.map((v) => [v.name, v.closureOffset])).toEqual([
      ["n", 8],
      ["m", 16],
      ["k", 0],
    ]);
  });

  it("puts inlined vars under their inline index, as formal parameters when they were params", () => {
    const ctxt = newLink({ flagLocationlists: false });
    ctxt.DwFixups!.SetPrecursorFunc(ctxt.LookupABI("main.g", "ABIInternal"), {
      kind: "local",
      program: program([]),
      fn: func("main.g", { inlDcl: [decl("s", "param", "string", pos(8, 8, 1))] }),
    });
    const fn = func("main.f", {
      dcl: [decl("s", "auto", "string", pos(8, 8, 1, 0), { inlFormal: true, frameOffset: -16 })],
      inlTree: [{ parent: -1, pos: pos(5, 3), func: "main.g" }],
    });
    const p = program([fn]);
    const v = runInfo(ctxt, p, fn).vars[0]!;
    expect(v).toMatchObject({ inlIndex: 1, tag: DW_TAG.formal_parameter, isInlFormal: true });

    // -gendwarfinl=1: inlined routines but no inlined vars.
    const ctxt1 = newLink({ flagLocationlists: false });
    const v1 = runInfo(ctxt1, program([fn], { gendwarfinl: 1 }), fn).vars[0]!;
    expect(v1).toMatchObject({ inlIndex: 0, tag: DW_TAG.variable, isInlFormal: true });
  });
});

describe("IsVarWantedForDebug", () => {
  it.each([
    ["x", true],
    ["&x", true],
    ["#yield", true],
    ["#yield1", true],
    ["&#yield", true],
    ["#state", false],
    ["&#next", false],
  ])("%s -> %s", (name, want) => {
    expect(IsVarWantedForDebug(decl(name, "auto", "int", pos(1)))).toBe(want);
  });

  it("lets the IR override the name rule", () => {
    expect(IsVarWantedForDebug(decl("x", "auto", "int", pos(1), { wantedForDebug: false }))).toBe(false);
  });
});

describe("sortDeclsAndVars", () => {
  test.prop(
    [fc.array(fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), { maxLength: 30 })],
    propertyParams(),
  )("params first in signature order, the rest in their order, decls and vars together", (orders) => {
    const decls: IrDecl[] = orders.map((o, i) =>
      decl(
        `v${i}`,
        o === undefined ? "auto" : "param",
        "int",
        pos(1),
        o === undefined ? {} : { paramOrder: o },
      ),
    );
    const vars = decls.map((d) => ({ name: d.name }) as Var);
    const before = decls.slice();
    sortDeclsAndVars(decls, vars);
    expect(vars.map((v) => v.name)).toEqual(decls.map((d) => d.name));
    const params = before.filter((d) => d.paramOrder !== undefined);
    const rest = before.filter((d) => d.paramOrder === undefined);
    // Stable: equal orders keep their relative position.
    const sortedParams = params.slice().sort((x, y) => x.paramOrder! - y.paramOrder!);
    expect(decls).toEqual([...sortedParams, ...rest]);
  });
});

describe("Info through populateDWARF", () => {
  it("writes the subprogram DIE and the location lists of an optimized function", () => {
    const ctxt = newLink();
    const fn = fnF();
    const p = program([fn]);
    const fnsym = textSym(ctxt, fn);
    populateDWARF(ctxt, local(p, fn), fnsym);
    const info = fnsym.func!.dwarfInfoSym!;
    const loc = fnsym.func!.dwarfLocSym!;
    expect(new TextDecoder().decode(info.P)).toContain("main.f\0");
    // Three lists (a, x, y), each ending in DW_LLE_end_of_list and starting with base_addressx.
    expect(loc.P[0]).toBe(DW_LLE.base_addressx);
    expect(loc.R.filter((r) => r.type.startsWith("R_DWTXTADDR"))).toHaveLength(3);
    const secrefs = info.R.filter((r) => r.type === "R_DWARFSECREF" && r.sym === loc);
    // a: 2 + 5 + 6 + 1 bytes; x: 2 + 5 + 1.
    expect(secrefs.map((r) => r.add)).toEqual([0, 14, 22]);
  });
});
