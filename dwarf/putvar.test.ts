import { describe, expect, it, vi } from "vitest";
import { DW_ABRV } from "./abbrev.js";
import { DW_OP, DW_TAG } from "./constants.js";
import { FnState, type Var } from "./context.js";
import { MemContext, MemSym } from "./memctxt.js";
import { concreteVar, putAbstractVar, putvar } from "./putvar.js";

const P = DW_ABRV.PUTVAR_START;
const str = (t: string) => [...new TextEncoder().encode(t), 0];

function mkVar(over: Partial<Var> = {}): Var {
  return {
    name: "x",
    tag: DW_TAG.variable,
    withLoclist: false,
    isReturnValue: false,
    isInlFormal: false,
    dictIndex: 0,
    stackOffset: -8,
    scope: 0,
    type: new MemSym("go:info.int", "SDWARFTYPE"),
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

function mkFn(): FnState {
  return new FnState({
    name: "main.f",
    info: new MemSym("info", "SDWARFFCN"),
    useBASEntries: true,
    loc: new MemSym("loc", "SDWARFLOC"),
    ranges: new MemSym("ranges", "SDWARFRANGE"),
    absfn: new MemSym("main.f$abstract", "SDWARFABSFCN"),
    startPC: new MemSym("main.f", "STEXT"),
    startPos: { fileIndex: 0, relLine: 3 },
    size: 32,
  });
}

describe("concreteVar (dwarf.go)", () => {
  it("default functions never, concrete ones when the var is in the abstract, inlined always", () => {
    const inAbs = mkVar();
    const notInAbs = mkVar({ isInAbstract: false });
    expect(concreteVar(DW_ABRV.FUNCTION, inAbs)).toBe(false);
    expect(concreteVar(DW_ABRV.WRAPPER, inAbs)).toBe(false);
    expect(concreteVar(DW_ABRV.FUNCTION_CONCRETE, inAbs)).toBe(true);
    expect(concreteVar(DW_ABRV.WRAPPER_CONCRETE, notInAbs)).toBe(false);
    expect(concreteVar(DW_ABRV.INLINED_SUBROUTINE, notInAbs)).toBe(true);
    expect(concreteVar(DW_ABRV.INLINED_SUBROUTINE_RANGES, inAbs)).toBe(true);
    expect(() => concreteVar(DW_ABRV.VARIABLE, inAbs)).toThrow("should never happen");
  });
});

describe("putAbstractVar (dwarf.go)", () => {
  it("variable: name, decl_line, type", () => {
    const c = new MemContext({ dwarf5: true });
    const s = new MemSym("abs", "SDWARFABSFCN");
    putAbstractVar(c, s, mkVar({ declLine: 200 }));
    expect([...s.data]).toEqual([P + 0, ...str("x"), 0xc8, 0x01, 0, 0, 0, 0]);
  });

  it("parameter: name, variable_parameter, type (no decl_line, Go issue 23374)", () => {
    const c = new MemContext({ dwarf5: true });
    const s = new MemSym("abs", "SDWARFABSFCN");
    putAbstractVar(c, s, mkVar({ tag: DW_TAG.formal_parameter, isReturnValue: true, name: "~r0" }));
    expect([...s.data]).toEqual([P + 1, ...str("~r0"), 1, 0, 0, 0, 0]);
  });
});

describe("putvar (dwarf.go)", () => {
  it("default variable on the stack: name, decl_line, type, DW_OP_fbreg sleb(off)", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    putvar(c, s, mkVar(), s.absfn, DW_ABRV.FUNCTION, -1);
    expect([...(s.info as MemSym).data]).toEqual([P + 7, ...str("x"), 5, 0, 0, 0, 0, 2, DW_OP.fbreg, 0x78]);
  });

  it("stack offset 0 is DW_OP_call_frame_cfa; a wanted list that is missing is an empty block", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    putvar(c, s, mkVar({ stackOffset: 0 }), s.absfn, DW_ABRV.FUNCTION, -1);
    putvar(c, s, mkVar({ withLoclist: true, name: "y" }), s.absfn, DW_ABRV.FUNCTION, -1);
    expect([...(s.info as MemSym).data]).toEqual([
      P + 7,
      ...str("x"),
      5,
      0,
      0,
      0,
      0,
      1,
      DW_OP.call_frame_cfa,
      P + 7,
      ...str("y"),
      5,
      0,
      0,
      0,
      0,
      0,
    ]);
  });

  it("parameter with a location list: sec_offset to the current end of s.loc, then the list", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    c.addBytes(s.loc, [9, 9, 9]); // an earlier var's list
    const put = vi.fn((listSym: unknown, _startPC: unknown) => c.addBytes(listSym, [0]));
    const v = mkVar({ tag: DW_TAG.formal_parameter, withLoclist: true, putLocationList: put, name: "p" });
    putvar(c, s, v, s.absfn, DW_ABRV.FUNCTION, -1);
    const info = s.info as MemSym;
    expect([...info.data]).toEqual([P + 12, ...str("p"), 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(info.relocs[1]).toMatchObject({ off: 9, type: "R_DWARFSECREF", sym: s.loc, add: 3 });
    expect(put).toHaveBeenCalledWith(s.loc, s.startPC);
    expect((s.loc as MemSym).size).toBe(4);
  });

  it("captured variable: go_closure_offset before the location", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    putvar(c, s, mkVar({ closureOffset: 16 }), s.absfn, DW_ABRV.FUNCTION, -1);
    expect([...(s.info as MemSym).data]).toEqual([
      P + 5,
      ...str("x"),
      5,
      0,
      0,
      0,
      0,
      16,
      2,
      DW_OP.fbreg,
      0x78,
    ]);
  });

  it("concrete: abstract_origin to absfn, fixed up by the var's ChildIndex", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    const v = mkVar({ childIndex: 4 });
    // The abstract function recorded where child 4 lives.
    c.recordChildDieOffsets(s.absfn, [v], [0x21]);
    putvar(c, s, v, s.absfn, DW_ABRV.FUNCTION_CONCRETE, -1);
    const info = s.info as MemSym;
    expect([...info.data]).toEqual([P + 3, 0, 0, 0, 0, 2, DW_OP.fbreg, 0x78]);
    expect(info.relocs).toEqual([{ off: 1, siz: 4, type: "R_DWARFSECREF", sym: s.absfn, add: 0x21 }]);
  });

  it("concrete parameter with a list: PUTVAR_START+8", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    const v = mkVar({ tag: DW_TAG.formal_parameter, withLoclist: true, putLocationList: () => {} });
    putvar(c, s, v, s.absfn, DW_ABRV.INLINED_SUBROUTINE_RANGES, 2);
    expect((s.info as MemSym).data[0]).toBe(P + 8);
    expect(c.unresolvedFixups()).toEqual(["info -> main.f$abstract dclIdx=0"]);
  });

  it("shape-typed var: DW_AT_type points at the DICT_INDEX typedef in s.info", () => {
    const c = new MemContext({ dwarf5: true });
    const s = mkFn();
    s.dictIndexToOffset = [0, 0x30];
    putvar(c, s, mkVar({ dictIndex: 2 }), s.absfn, DW_ABRV.FUNCTION, -1);
    expect((s.info as MemSym).relocs).toEqual([
      { off: 4, siz: 4, type: "R_DWARFSECREF", sym: s.info, add: 0x30 },
    ]);
    // Dict index 1 has no typedef (offset 0): the var's own type.
    const t = new MemSym("go:info.T", "SDWARFTYPE");
    putvar(c, s, mkVar({ dictIndex: 1, type: t }), s.absfn, DW_ABRV.FUNCTION, -1);
    expect((s.info as MemSym).relocs[1]!.sym).toBe(t);
  });
});
