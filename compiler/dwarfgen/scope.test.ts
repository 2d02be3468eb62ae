/**
 * Lexical scopes: findScope's position order (file name, then line, column, prologue and is_stmt
 * bits, saturated as Go's lico), scopePCs over the progs, compactScopes, and the var order of
 * scopeVariables under the register ABI and under ABI0.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Scope } from "../../dwarf/context.js";
import { propertyParams } from "../../test/property.js";
import type { IrMark } from "../ir.js";
import { decl, FILES, func, newLink, pos, prog, program, runInfo } from "./dwarfgen.test-util.js";
import { compactScopes, findScope } from "./scope.js";
import { declXPos, makeLico, PosIsStmt, PosNotStmt, PosPrologueEnd, xposBefore } from "./xpos.js";

/** { x := 1 } at lines 5-8 (scope 1), { y := 2 } from 9:10 to 11 (scope 2), both in scope 0. */
const marks: IrMark[] = [
  { pos: pos(5, 2), scope: 1 },
  { pos: pos(8, 2), scope: 0 },
  { pos: pos(9, 10), scope: 2 },
  { pos: pos(11, 2), scope: 0 },
];

describe("findScope", () => {
  it.each([
    [pos(4, 2), 0],
    [pos(5, 1), 0],
    [pos(5, 2), 1],
    [pos(7, 30), 1],
    [pos(8, 2), 0],
    [pos(9, 9), 0],
    [pos(9, 10), 2],
    [pos(10, 1), 2],
    [pos(11, 2), 0],
    [pos(40, 1), 0],
  ])("%o is in scope %d", (p, want) => {
    expect(findScope(FILES, marks, declXPos(p))).toBe(want);
  });

  it("orders files by name, not by file index", () => {
    // Marks in /src/util.go (index 1); /goroot/... (index 2) sorts before it by name.
    const m: IrMark[] = [{ pos: pos(5, 2, 1), scope: 1 }];
    expect(findScope(FILES, m, declXPos(pos(1, 1, 2)))).toBe(0);
    expect(findScope(FILES, m, declXPos(pos(6, 1, 1)))).toBe(1);
    // /src/main.go (index 0) sorts before /src/util.go too.
    expect(findScope(FILES, m, declXPos(pos(99, 1, 0)))).toBe(0);
  });

  it("compares the lico's line and column under a //line directive, not RelLine and RelCol", () => {
    // testdata/go/features/linedir.go: "//line generated.tmpl:100" (no column, so RelCol is 0)
    // above `if r > 5 {` at line 10: the if's mark at column 2 opens scope 1, the block's at 11
    // scope 2; the compare r > 5 (column 7) is in scope 1, which RelLine and RelCol cannot tell.
    const under = (line: number, col: number) => ({ ...pos(line - 9 + 100, 0), absLine: line, absCol: col });
    const m: IrMark[] = [
      { pos: under(10, 2), scope: 1 },
      { pos: under(10, 11), scope: 2 },
      { pos: under(13, 2), scope: 0 },
    ];
    expect(findScope(FILES, m, declXPos(under(10, 7)))).toBe(1);
    expect(findScope(FILES, m, declXPos(under(11, 3)))).toBe(2);
    expect(findScope(FILES, m, declXPos(under(14, 2)))).toBe(0);
  });

  it("saturates columns at 255, as lico does", () => {
    const m: IrMark[] = [{ pos: pos(5, 300), scope: 1 }];
    expect(findScope(FILES, m, declXPos(pos(5, 256)))).toBe(1);
    expect(findScope(FILES, m, declXPos(pos(5, 254)))).toBe(0);
  });

  test.prop(
    [
      fc.array(fc.record({ line: fc.integer({ min: 1, max: 30 }), col: fc.integer({ min: 1, max: 5 }) }), {
        maxLength: 12,
      }),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 1, max: 6 }),
    ],
    propertyParams(),
  )("is the scope of the last mark not after the position", (ps, line, col) => {
    const sorted = ps
      .slice()
      .sort((a, b) => a.line - b.line || a.col - b.col)
      .map((p, i): IrMark => ({ pos: pos(p.line, p.col), scope: i + 1 }));
    const q = declXPos(pos(line, col));
    let want = 0;
    for (const m of sorted) if (!xposBefore(FILES, q, declXPos(m.pos))) want = m.scope;
    expect(findScope(FILES, sorted, q)).toBe(want);
  });
});

describe("lico", () => {
  it("orders line, then column, then prologue bits, then is_stmt bits", () => {
    expect(makeLico(5, 1)).toBeLessThan(makeLico(5, 2));
    expect(makeLico(5, 255)).toBeLessThan(makeLico(6, 0));
    expect(makeLico(5, 2, PosNotStmt)).toBeLessThan(makeLico(5, 2, 0, PosPrologueEnd));
    expect(makeLico(5, 2)).toBeLessThan(makeLico(5, 2, PosIsStmt));
    // Saturated lines drop the column.
    expect(makeLico(2 ** 20, 7)).toBe(makeLico(2 ** 20 - 2, 0));
  });
});

describe("compactScopes", () => {
  it("merges every scope's ranges into its parent's, deepest last-declared first", () => {
    const scopes = [
      new Scope(0),
      new Scope(0, [{ start: 10, end: 20 }]),
      new Scope(1, [{ start: 30, end: 40 }]),
      new Scope(0, [{ start: 15, end: 35 }]),
    ];
    compactScopes(scopes);
    expect(scopes.map((s) => s.ranges)).toEqual([
      [{ start: 10, end: 40 }],
      [
        { start: 10, end: 20 },
        { start: 30, end: 40 },
      ],
      [{ start: 30, end: 40 }],
      [{ start: 15, end: 35 }],
    ]);
  });

  // As scopePCs leaves them: every PC in at most one scope, ranges in PC order.
  test.prop(
    [
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.array(fc.record({ scopePick: fc.nat(), gap: fc.nat(3), len: fc.integer({ min: 1, max: 9 }) }), {
        maxLength: 30,
      }),
    ],
    propertyParams(),
  )("leaves every scope's PCs inside its parent's", (parentPicks, segments) => {
    const scopes = [new Scope(0)];
    parentPicks.forEach((pick, i) => {
      scopes.push(new Scope(pick % (i + 1)));
    });
    let pc = 0;
    for (const seg of segments) {
      pc += seg.gap;
      scopes[seg.scopePick % scopes.length]!.appendRange({ start: pc, end: pc + seg.len });
      pc += seg.len;
    }
    const before = scopes.map((s) => s.ranges.map((r) => ({ ...r })));
    compactScopes(scopes);
    const covered = (rs: readonly { start: number; end: number }[], at: number) =>
      rs.some((r) => r.start <= at && at < r.end);
    for (let i = 0; i < scopes.length; i++) {
      const s = scopes[i]!;
      // A scope keeps its own PCs, and its parent has them all.
      for (const r of before[i]!)
        for (let at = r.start; at < r.end; at++) expect(covered(s.ranges, at)).toBe(true);
      if (i === 0) continue;
      for (const r of s.ranges)
        for (let at = r.start; at < r.end; at++) expect(covered(scopes[s.parent]!.ranges, at)).toBe(true);
    }
  });
});

describe("Info: scopes", () => {
  const progs = [
    prog(0, pos(3, 6)),
    prog(4, pos(4, 2)),
    prog(10, pos(6, 3)),
    prog(20, pos(7, 3)),
    prog(30, pos(9, 2)),
    prog(40, pos(10, 3)),
    prog(50, pos(12, 2)),
  ];

  it("gives vars and PC ranges to the scopes the marks delimit", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const fn = func("main.g", {
      size: 60,
      parents: [0, 0],
      marks,
      progs,
      dcl: [
        decl("a", "auto", "int", pos(4, 2), { frameOffset: -8 }),
        decl("x", "auto", "int", pos(6, 3), { frameOffset: -16 }),
        decl("y", "auto", "int", pos(10, 3), { frameOffset: -24 }),
        decl("b", "auto", "int", pos(12, 2), { frameOffset: -32 }),
      ],
    });
    const { scopes } = runInfo(ctxt, program([fn]), fn);
    expect(scopes.map((s) => s.parent)).toEqual([0, 0, 0]);
    expect(scopes.map((s) => s.vars.map((v) => v.name))).toEqual([["a", "b"], ["x"], ["y"]]);
    expect(scopes.map((s) => s.ranges)).toEqual([
      [{ start: 0, end: 60 }],
      [{ start: 10, end: 30 }],
      [{ start: 40, end: 50 }],
    ]);
    // The vars are reordered by scope before child indices are given.
    expect(scopes.flatMap((s) => s.vars.map((v) => v.childIndex))).toEqual([0, 1, 2, 3]);
  });

  it("does not split a scope's ranges where only the position changes", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const fn = func("main.g", {
      size: 60,
      parents: [0],
      marks: [{ pos: pos(5, 2), scope: 1 }],
      progs: [prog(0, pos(3, 6)), prog(8, pos(6, 2)), prog(16, pos(6, 2), "not"), prog(24, pos(7, 2))],
    });
    const { scopes } = runInfo(ctxt, program([fn]), fn);
    expect(scopes.map((s) => s.ranges)).toEqual([[{ start: 0, end: 60 }], [{ start: 8, end: 60 }]]);
  });

  it("gives no PC ranges without marks", () => {
    const ctxt = newLink({ flagLocationlists: false });
    const fn = func("main.g", { size: 60, progs, dcl: [decl("a", "auto", "int", pos(4, 2))] });
    const { scopes } = runInfo(ctxt, program([fn]), fn);
    expect(scopes).toHaveLength(1);
    expect(scopes[0]!.ranges).toEqual([]);
  });

  it("sorts each scope's vars by stack offset under ABI0, keeps their order under the register ABI", () => {
    const dcl = [
      decl("p", "auto", "int", pos(4, 2), { frameOffset: -8 }),
      decl("q", "auto", "int", pos(6, 2), { frameOffset: -24 }),
      decl("r", "auto", "int", pos(6, 5), { frameOffset: -16 }),
    ];
    const names = (abi: "ABI0" | "ABIInternal") => {
      const ctxt = newLink({ flagLocationlists: false });
      const fn = func("main.g", { abi, size: 60, dcl });
      return runInfo(ctxt, program([fn]), fn).vars.map((v) => [v.name, v.stackOffset, v.childIndex]);
    };
    expect(names("ABIInternal")).toEqual([
      ["p", -24, 0],
      ["q", -40, 1],
      ["r", -32, 2],
    ]);
    expect(names("ABI0")).toEqual([
      ["q", -40, 0],
      ["r", -32, 1],
      ["p", -24, 2],
    ]);
  });
});
