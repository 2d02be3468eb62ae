/**
 * Small IR programs for the linker tests: a main package that inlines one of its own functions and
 * one of another package, with scopes, location lists, globals and constants; and that other
 * package, which also inlines the shared function (so both objects carry its DUPOK abstract DIE).
 */
import { compile } from "../compiler/gc/compile.js";
import type { IrDecl, IrFunction, IrPos, IrProgram } from "../compiler/ir.js";
import type { LinkObject } from "./load.js";

export function pos(file: number, line: number, col = 2, inl = -1): IrPos {
  return { file, line, col, inl };
}

function param(name: string, type: string, p: IrPos, order: number, extra: Partial<IrDecl> = {}): IrDecl {
  return { name, class: "param", type, pos: p, frameOffset: 0, paramOrder: order, ...extra };
}

/** example.com/util: Double (inlined into Quad here and into main.main elsewhere) and Quad. */
export function utilProgram(dwarfVersion: 4 | 5 = 5): IrProgram {
  const F = 0; // /work/util/util.go
  const x = param("x", "int", pos(F, 3, 13), 1);
  const double: IrFunction = {
    name: "example.com/util.Double",
    abi: "ABIInternal",
    startLine: 3,
    pos: pos(F, 3, 6),
    size: 12,
    wasInlined: true,
    dcl: [x],
    inlDcl: [param("x", "int", pos(F, 3, 13), 1)],
    progs: [
      { pc: 0, pos: pos(F, 3, 6), stmt: "is" },
      { pc: 4, pos: pos(F, 4, 2), stmt: "is" },
    ],
    debug: { vars: [{ decl: 0, stackOffset: 0, list: [{ start: 0, end: 12, expr: "50" }] }] },
  };
  const y = param("y", "int", pos(F, 7, 11), 1);
  const quad: IrFunction = {
    name: "example.com/util.Quad",
    abi: "ABIInternal",
    startLine: 7,
    pos: pos(F, 7, 6),
    size: 30,
    dcl: [y],
    inlTree: [{ parent: -1, pos: pos(F, 8, 9), func: "example.com/util.Double" }],
    progs: [
      { pc: 0, pos: pos(F, 7, 6), stmt: "is" },
      { pc: 6, pos: pos(F, 4, 2, 0), stmt: "is" },
      { pc: 14, pos: pos(F, 8, 2), stmt: "is" },
    ],
    debug: { vars: [{ decl: 0, stackOffset: 0, list: [{ start: 0, end: 20, expr: "50" }] }] },
    pcsp: [
      { pc: 4, spdelta: 16 },
      { pc: 26, spdelta: 0 },
    ],
  };
  return {
    irVersion: 1,
    package: { path: "example.com/util", name: "util" },
    dwarfVersion,
    files: ["/work/util/util.go"],
    functions: [double, quad],
    globals: [{ name: "example.com/util.Scale", type: "int" }],
  };
}

/**
 * main: add (inlined into main.main), main.main (inlines add and util.Double, has a nested scope
 * and location lists), tiny (smaller than MINFUNC), and a closure.
 */
export function mainProgram(dwarfVersion: 4 | 5 = 5): IrProgram {
  const M = 1; // /work/app/main.go
  const a = param("a", "int", pos(M, 5, 10), 1);
  const b = param("b", "int", pos(M, 5, 13), 2);
  const add: IrFunction = {
    name: "main.add",
    abi: "ABIInternal",
    startLine: 5,
    pos: pos(M, 5, 6),
    size: 20,
    wasInlined: true,
    dcl: [a, b],
    inlDcl: [param("a", "int", pos(M, 5, 10), 1), param("b", "int", pos(M, 5, 13), 2)],
    progs: [
      { pc: 0, pos: pos(M, 5, 6), stmt: "is", prologueEnd: true },
      { pc: 4, pos: pos(M, 6, 2), stmt: "is" },
      { pc: 12, pos: pos(M, 6, 9), stmt: "not" },
    ],
    debug: {
      vars: [
        {
          decl: 0,
          stackOffset: 0,
          list: [
            { start: 0, end: 8, expr: "50" },
            { start: 8, end: 20, expr: "9108" },
          ],
        },
        { decl: 1, stackOffset: 8, list: [{ start: 0, end: 20, expr: "53" }] },
      ],
    },
    pcsp: [
      { pc: 2, spdelta: 8 },
      { pc: 18, spdelta: 0 },
    ],
  };
  const i = { name: "i", class: "auto" as const, type: "int", pos: pos(M, 11, 6), frameOffset: -8 };
  const s = { name: "s", class: "auto" as const, type: "string", pos: pos(M, 13, 3), frameOffset: -24 };
  const main: IrFunction = {
    name: "main.main",
    abi: "ABIInternal",
    startLine: 10,
    pos: pos(M, 10, 6),
    size: 300,
    dcl: [i, s],
    parents: [0],
    marks: [
      { pos: pos(M, 12, 2), scope: 1 },
      { pos: pos(M, 15, 2), scope: 0 },
    ],
    inlTree: [
      { parent: -1, pos: pos(M, 11, 11), func: "main.add" },
      { parent: -1, pos: pos(M, 16, 14), func: "example.com/util.Double" },
    ],
    progs: [
      { pc: 0, pos: pos(M, 10, 6), stmt: "is" },
      { pc: 10, pos: pos(M, 6, 2, 0), stmt: "is" },
      { pc: 20, pos: pos(M, 11, 2), stmt: "is" },
      { pc: 40, pos: pos(M, 13, 3), stmt: "is" },
      { pc: 60, pos: pos(M, 16, 2), stmt: "is" },
      { pc: 70, pos: pos(M, 14, 3), stmt: "is" },
      { pc: 90, pos: pos(M, 14, 9), stmt: "is" },
      { pc: 150, pos: pos(0, 4, 2, 1), stmt: "is" },
      { pc: 160, pos: pos(M, 16, 2), stmt: "is" },
      { pc: 200, pos: pos(M, 17, 2), stmt: "not" },
    ],
    debug: {
      vars: [
        { decl: 0, stackOffset: -8, list: [{ start: 20, end: 200, expr: "9178" }] },
        {
          decl: 1,
          stackOffset: -24,
          list: [
            { start: 40, end: 90, expr: "5093085193089308" },
            { start: 90, end: 150, expr: "9168" },
          ],
        },
      ],
    },
    pcsp: [
      { pc: 4, spdelta: 8 },
      { pc: 8, spdelta: 88 },
      { pc: 280, spdelta: 8 },
      { pc: 290, spdelta: 0 },
    ],
  };
  const tiny: IrFunction = {
    name: "main.tiny",
    abi: "ABIInternal",
    startLine: 20,
    pos: pos(M, 20, 6),
    size: 7,
    dcl: [],
    progs: [{ pc: 0, pos: pos(M, 20, 6), stmt: "is" }],
  };
  const closure: IrFunction = {
    name: "main.main.func1",
    abi: "ABIInternal",
    startLine: 18,
    pos: pos(M, 18, 7),
    size: 64,
    dcl: [],
    progs: [
      { pc: 0, pos: pos(M, 18, 7), stmt: "is" },
      { pc: 30, pos: pos(M, 18, 20), stmt: "is" },
    ],
    pcsp: [{ pc: 5, spdelta: 24 }],
  };
  return {
    irVersion: 1,
    package: { path: "main", name: "main" },
    dwarfVersion,
    files: ["/work/util/util.go", "/work/app/main.go", "$GOROOT/src/strings/strings.go"],
    functions: [add, main, tiny, closure],
    imports: [
      {
        name: "example.com/util.Double",
        pos: pos(0, 3, 6),
        inlDcl: [param("x", "int", pos(0, 3, 13), 1)],
      },
    ],
    globals: [
      { name: "main.greeting", type: "string" },
      { name: "main.count", type: "int32" },
    ],
    constants: [
      { name: "Answer", type: "untyped int", value: 42 },
      { name: "Limit", type: "uint16", value: 1000 },
    ],
  };
}

/** Compile and pair each program with its file table. */
export function objects(...programs: IrProgram[]): LinkObject[] {
  return programs.map((p) => compile(p));
}

/** The same, compiled with provenance marks. */
export function objectsWithProvenance(...programs: IrProgram[]): LinkObject[] {
  return programs.map((p) => compile(p, { provenance: true }));
}
