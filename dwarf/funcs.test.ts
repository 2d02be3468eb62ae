import { describe, expect, it } from "vitest";
import { DW_ABRV } from "./abbrev.js";
import { DW_INL, DW_OP, DW_TAG } from "./constants.js";
import { FnState, type InlCall, Scope, type Var } from "./context.js";
import {
  inlChildren,
  isEmptyInlinedCall,
  PutAbstractFunc,
  PutConcreteFunc,
  PutDefaultFunc,
  putparamtypes,
} from "./funcs.js";
import { MemContext, MemSym } from "./memctxt.js";

const P = DW_ABRV.PUTVAR_START;
const str = (t: string) => [...new TextEncoder().encode(t), 0];
const z = (n: number) => new Array<number>(n).fill(0);
const TYPE = new MemSym("go:info.int", "SDWARFTYPE");

function mkVar(name: string, over: Partial<Var> = {}): Var {
  return {
    name,
    tag: DW_TAG.variable,
    withLoclist: false,
    isReturnValue: false,
    isInlFormal: false,
    dictIndex: 0,
    stackOffset: -8,
    scope: 0,
    type: TYPE,
    declFile: "x.go",
    declLine: 5,
    declCol: 1,
    inlIndex: 0,
    childIndex: 0,
    isInAbstract: true,
    closureOffset: 0,
    ...over,
  };
}
/** The bytes putvar writes for mkVar(name) under a default function (PUTVAR_START+7). */
const defaultVar = (name: string) => [P + 7, ...str(name), 5, ...z(4), 2, DW_OP.fbreg, 0x78];

function mkFn(name: string, over: Partial<ConstructorParameters<typeof FnState>[0]> = {}): FnState {
  return new FnState({
    name,
    info: new MemSym(`${name} info`, "SDWARFFCN"),
    loc: new MemSym(`${name} loc`, "SDWARFLOC"),
    ranges: new MemSym(`${name} ranges`, "SDWARFRANGE"),
    startPC: new MemSym(name, "STEXT"),
    useBASEntries: true,
    startPos: { fileIndex: 0, relLine: 3 },
    size: 32,
    external: true,
    ...over,
  });
}
const info = (s: FnState) => [...(s.info as MemSym).data];

describe("PutDefaultFunc (dwarf.go)", () => {
  const params = () => [new Scope(-1, [], [mkVar("p", { tag: DW_TAG.formal_parameter, stackOffset: 0 })])];
  const param = [P + 13, ...str("p"), 0, 5, ...z(4), 1, DW_OP.call_frame_cfa];

  it("DWARF 5: addrx low_pc, length high_pc, frame base, decl_file, decl_line, external, vars, 0", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn("main.f", { scopes: params() });
    PutDefaultFunc(c, s, false);
    expect(info(s)).toEqual([
      DW_ABRV.FUNCTION,
      ...str("main.f"),
      0,
      32,
      1,
      DW_OP.call_frame_cfa,
      1,
      0,
      0,
      0,
      3,
      1,
      ...param,
      0,
    ]);
    expect((s.info as MemSym).relocs.map((r) => [r.off, r.type, r.sym, r.add])).toEqual([
      [8, "R_DWTXTADDR_U1", s.startPC, 0],
      [23, "R_DWARFSECREF", TYPE, 0],
    ]);
  });

  it("DWARF 4: low_pc and high_pc are relocated addresses of startPC+0 and startPC+size", () => {
    const c = new MemContext({ dwarf5: false });
    const s = mkFn("main.f", { scopes: params(), external: false });
    PutDefaultFunc(c, s, false);
    expect(info(s)).toEqual([
      DW_ABRV.FUNCTION,
      ...str("main.f"),
      ...z(16),
      1,
      DW_OP.call_frame_cfa,
      1,
      0,
      0,
      0,
      3,
      0,
      ...param,
      0,
    ]);
    expect((s.info as MemSym).relocs.slice(0, 2).map((r) => [r.off, r.type, r.add])).toEqual([
      [8, "R_ADDR", 0],
      [16, "R_ADDR", 32],
    ]);
  });

  it("wrappers: trampoline instead of decl_file/decl_line/external", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn("main.(*T).M");
    PutDefaultFunc(c, s, true);
    expect(info(s)).toEqual([DW_ABRV.WRAPPER, ...str("main.(*T).M"), 0, 32, 1, DW_OP.call_frame_cfa, 1, 0]);
  });

  it('rejects unqualified names ("".f)', () => {
    const c = new MemContext({ dwarf5: true });
    expect(() => PutDefaultFunc(c, mkFn('"".f'), false)).toThrow('unqualified symbol name: "".f');
    expect(() => PutAbstractFunc(c, mkFn('"".f', { absfn: new MemSym("a", "SDWARFABSFCN") }))).toThrow(
      /unqualified/,
    );
  });
});

describe("putscope via PutDefaultFunc (dwarf.go)", () => {
  // 0: [a]; 1 (in 0): [b] one range; 2 (in 1): [c] two ranges; 3 (in 0): no vars; 4 (in 3): [d].
  const scopes = () => [
    new Scope(-1, [], [mkVar("a")]),
    new Scope(0, [{ start: 0, end: 4 }], [mkVar("b")]),
    new Scope(
      1,
      [
        { start: 1, end: 2 },
        { start: 3, end: 4 },
      ],
      [mkVar("c")],
    ),
    new Scope(0, [{ start: 6, end: 7 }], []),
    new Scope(3, [{ start: 8, end: 9 }], [mkVar("d")]),
  ];
  const head4 = [DW_ABRV.FUNCTION, ...str("main.f"), ...z(16), 1, DW_OP.call_frame_cfa, 1, 0, 0, 0, 3, 1];
  const head5 = [DW_ABRV.FUNCTION, ...str("main.f"), 0, 32, 1, DW_OP.call_frame_cfa, 1, 0, 0, 0, 3, 1];

  it("DWARF 4: SIMPLE blocks for one range, RANGES for more; var-less scopes are flattened", () => {
    const c = new MemContext({ dwarf5: false });
    const s = mkFn("main.f", { scopes: scopes() });
    PutDefaultFunc(c, s, false);
    const simple = [DW_ABRV.LEXICAL_BLOCK_SIMPLE, ...z(16)];
    const ranges = [DW_ABRV.LEXICAL_BLOCK_RANGES, ...z(4)];
    expect(info(s)).toEqual([
      ...head4,
      ...defaultVar("a"),
      ...simple,
      ...defaultVar("b"),
      ...ranges,
      ...defaultVar("c"),
      0,
      0,
      ...simple, // scope 4, hoisted out of the empty scope 3
      ...defaultVar("d"),
      0,
      0,
    ]);
    // Only scope 2 has a list: BAS entry (-1, addr) + two pairs + end, 8 bytes each value.
    expect((s.ranges as MemSym).size).toBe(16 + 32 + 16);
  });

  it("DWARF 5: every block uses a range list (Go issue 72821)", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn("main.f", { scopes: scopes() });
    PutDefaultFunc(c, s, false);
    const ranges = [DW_ABRV.LEXICAL_BLOCK_RANGES, ...z(4)];
    expect(info(s)).toEqual([
      ...head5,
      ...defaultVar("a"),
      ...ranges,
      ...defaultVar("b"),
      ...ranges,
      ...defaultVar("c"),
      0,
      0,
      ...ranges,
      ...defaultVar("d"),
      0,
      0,
    ]);
    const secrefs = (s.info as MemSym).relocs.filter((r) => r.sym === s.ranges).map((r) => r.add);
    // Each block's sec_offset is the size of s.ranges when it was written: 6, then 6+9, then 6.
    expect(secrefs).toEqual([0, 6, 15]);
    expect([...(s.ranges as MemSym).data]).toEqual([
      1, 0, 4, 0, 4, 0, 1, 0, 4, 1, 2, 4, 3, 4, 0, 1, 0, 4, 8, 9, 0,
    ]);
  });

  it("a second top-level scope is an error", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn("main.f", { scopes: [new Scope(-1, [], [mkVar("a")]), new Scope(-1, [], [mkVar("b")])] });
    expect(() => PutDefaultFunc(c, s, false)).toThrow("multiple toplevel scopes");
  });
});

describe("abstract, concrete and inlined functions (dwarf.go)", () => {
  // main.g, inlined into main.f: param q (child 0) and local r (child 1).
  function callee(): { g: FnState; q: Var; r: Var } {
    const q = mkVar("q", { tag: DW_TAG.formal_parameter, childIndex: 0 });
    const r = mkVar("r", { childIndex: 1, declLine: 7 });
    const g = mkFn("main.g", {
      absfn: new MemSym("main.g$abstract", "SDWARFABSFCN"),
      scopes: [new Scope(-1, [], [r, q])],
    });
    return { g, q, r };
  }

  it("PutAbstractFunc: inline=DW_INL_inlined, vars sorted by ChildIndex, offsets recorded", () => {
    const c = new MemContext({ dwarf5: true });
    const { g } = callee();
    PutAbstractFunc(c, g);
    expect([...(g.absfn as MemSym).data]).toEqual([
      DW_ABRV.FUNCTION_ABSTRACT,
      ...str("main.g"),
      DW_INL.inlined,
      3,
      1,
      P + 1,
      ...str("q"),
      0,
      ...z(4), // offset 11
      P + 0,
      ...str("r"),
      7,
      ...z(4), // offset 19
      0,
    ]);
    // The fixup table now knows the children: a concrete reference to child 1 gets +19.
    const s = new MemSym("x", "SDWARFFCN");
    c.addDWARFAddrSectionOffset(s, g.absfn, 0);
    c.recordDclReference(s, g.absfn, 1, 0);
    expect(s.relocs[0]!.add).toBe(19);
  });

  it("PutConcreteFunc: abstract_origin, pcs, frame base, concrete vars, 0", () => {
    const c = new MemContext({ dwarf5: true });
    const { g } = callee();
    PutAbstractFunc(c, g);
    PutConcreteFunc(c, g, false, 0);
    expect(info(g)).toEqual([
      DW_ABRV.FUNCTION_CONCRETE,
      ...z(4),
      0,
      32,
      1,
      DW_OP.call_frame_cfa,
      P + 9,
      ...z(4),
      2,
      DW_OP.fbreg,
      0x78, // q, concrete param
      P + 3,
      ...z(4),
      2,
      DW_OP.fbreg,
      0x78, // r, concrete var
      0,
    ]);
    expect((g.info as MemSym).relocs.filter((r) => r.sym === g.absfn).map((r) => r.add)).toEqual([0, 11, 19]);
    expect(c.unresolvedFixups()).toEqual([]);
  });

  it("PutConcreteFunc for a wrapper adds trampoline; vars missing from the abstract DIE get full DIEs", () => {
    const c = new MemContext({ dwarf5: true });
    const { g } = callee();
    g.scopes[0]!.vars.push(mkVar("tmp", { childIndex: 2, isInAbstract: false }));
    PutAbstractFunc(c, g);
    PutConcreteFunc(c, g, true);
    const b = info(g);
    expect(b.slice(0, 10)).toEqual([DW_ABRV.WRAPPER_CONCRETE, ...z(4), 0, 32, 1, DW_OP.call_frame_cfa, 1]);
    expect(b.slice(-14)).toEqual([...defaultVar("tmp"), 0]);
  });

  function caller(dwarf5: boolean) {
    const c = new MemContext({ dwarf5 });
    const { g, q, r } = callee();
    PutAbstractFunc(c, g);
    const own = mkVar("a");
    const calls: InlCall[] = [
      {
        inlIndex: 0,
        callPos: { fileIndex: 2, relLine: 10 },
        absFunSym: g.absfn,
        children: [1],
        inlVars: [r, q],
        ranges: [{ start: 4, end: 8 }],
        root: true,
      },
      {
        inlIndex: 1,
        callPos: { fileIndex: 2, relLine: 11 },
        absFunSym: g.absfn,
        children: [],
        inlVars: [],
        ranges: [],
        root: false,
      },
      {
        inlIndex: 2,
        callPos: { fileIndex: 2, relLine: 12 },
        absFunSym: g.absfn,
        children: [],
        inlVars: [],
        ranges: [],
        root: true,
      },
    ];
    // The inlined vars also sit in the caller's scopes; putPrunedScopes must leave them out.
    const f = mkFn("main.f", { scopes: [new Scope(-1, [], [own, q, r])], inlCalls: { calls } });
    PutDefaultFunc(c, f, false);
    return { c, f, g, q, r };
  }

  it("DWARF 4: one range makes INLINED_SUBROUTINE with low/high pc; empty calls are pruned", () => {
    const { c, f, g } = caller(false);
    expect(info(f)).toEqual([
      DW_ABRV.FUNCTION,
      ...str("main.f"),
      ...z(16),
      1,
      DW_OP.call_frame_cfa,
      1,
      0,
      0,
      0,
      3,
      1,
      ...defaultVar("a"),
      DW_ABRV.INLINED_SUBROUTINE,
      ...z(4),
      ...z(16),
      3,
      0,
      0,
      0,
      10,
      P + 9,
      ...z(4),
      2,
      DW_OP.fbreg,
      0x78,
      P + 3,
      ...z(4),
      2,
      DW_OP.fbreg,
      0x78,
      0,
      0,
    ]);
    const relocs = (f.info as MemSym).relocs.map((r) => [
      r.type,
      r.sym === g.absfn ? "abs" : r.sym === f.startPC ? "pc" : "t",
      r.add,
    ]);
    expect(relocs).toEqual([
      ["R_ADDR", "pc", 0],
      ["R_ADDR", "pc", 32],
      ["R_DWARFSECREF", "t", 0],
      ["R_DWARFSECREF", "abs", 0],
      ["R_ADDR", "pc", 4],
      ["R_ADDR", "pc", 8],
      ["R_DWARFSECREF", "abs", 11],
      ["R_DWARFSECREF", "abs", 19],
    ]);
    expect(f.inlCalls.calls.map((ic) => ic.inlIndex)).toEqual([0, -2, -2]);
    expect(c.unresolvedFixups()).toEqual([]);
  });

  it("DWARF 5: always INLINED_SUBROUTINE_RANGES with a rnglist", () => {
    const { f } = caller(true);
    const b = info(f);
    const at = 1 + 7 + 1 + 1 + 2 + 4 + 1 + 1 + 11; // after the FUNCTION attrs and var a
    expect(b.slice(at, at + 14)).toEqual([
      DW_ABRV.INLINED_SUBROUTINE_RANGES,
      ...z(4),
      ...z(4),
      3,
      0,
      0,
      0,
      10,
    ]);
    expect([...(f.ranges as MemSym).data]).toEqual([1, 0, 4, 4, 8, 0]);
  });
});

describe("inlined-call pruning (dwarf.go, isEmptyInlinedCall / inlChildren)", () => {
  const call = (children: number[], ranges: number, root: boolean): InlCall => ({
    inlIndex: 0,
    callPos: { fileIndex: 0, relLine: 1 },
    absFunSym: undefined,
    children,
    inlVars: [],
    ranges: Array.from({ length: ranges }, (_, i) => ({ start: i, end: i + 1 })),
    root,
  });

  it("a call with no ranges lives on through a live child; dead ones are marked -2", () => {
    const calls = {
      calls: [call([1, 2], 0, true), call([], 1, false), call([], 0, false), call([], 0, true)],
    };
    expect(isEmptyInlinedCall(0, calls)).toBe(false);
    expect(calls.calls.map((c) => c.inlIndex)).toEqual([0, 0, -2, 0]);
    expect(inlChildren(-1, calls)).toEqual([0]);
    expect(inlChildren(0, calls)).toEqual([1]);
    expect(calls.calls[3]!.inlIndex).toBe(-2);
  });
});

describe("putparamtypes (dwarf.go)", () => {
  it("one DICT_INDEX typedef per dictionary index, none under FUNCTION_CONCRETE", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn("main.G[go.shape.int]");
    c.addBytes(s.info, [0xaa]); // pretend the function DIE header is there
    const scopes = [
      new Scope(-1, [], [mkVar("x", { dictIndex: 2 }), mkVar("y", { dictIndex: 2 }), mkVar("z")]),
    ];
    expect(putparamtypes(c, s, scopes, DW_ABRV.FUNCTION_CONCRETE)).toBeUndefined();
    expect(putparamtypes(c, s, scopes, DW_ABRV.FUNCTION)).toEqual([0, 1]);
    expect(info(s)).toEqual([0xaa, DW_ABRV.DICT_INDEX, ...str(".param1"), ...z(4), 1]);
  });
});
