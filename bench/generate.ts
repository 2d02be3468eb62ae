/**
 * Synthetic programs for the benchmark: N functions spread over packages of `perObject` functions
 * (one package is one object, one compile unit, as Go has it), deterministic from a seed.
 *
 * Each package looks like a small real one: a helpers file and three source files, a types table
 * (its own struct type, a pointer to it, slices, a map, error), globals and constants. Every tenth
 * function is a small helper that others inline; the rest are plain functions, methods on *T and
 * closures, each with params and results (location lists in registers and on the stack, a string
 * in two pieces), locals in a lexical scope (sometimes two nested), progs over its lines with some
 * not-statement marks and a prologue end, and a stack frame (pcsp). Every fourth one inlines a
 * helper of its own package, every tenth one also a helper of package p0000 (an import, so the
 * linker sees the same abstract function in many objects).
 *
 * Package k's content depends only on (seed, k, its function count): the first 1k functions of
 * the 100k program are the 1k program. Every number is a small integer made with integer
 * operations (`| 0`, `>>`), as JSON.parse would give them: one division result stored as a double
 * would switch V8 to boxed doubles for that field in every object of the same shape, and make the
 * compiler's data (which copies these numbers) look bigger than it is.
 */
import type {
  IrConst,
  IrDebugVar,
  IrDecl,
  IrFunction,
  IrGlobal,
  IrImportedFunc,
  IrInlinedCall,
  IrLocEntry,
  IrMark,
  IrPos,
  IrProg,
  IrProgram,
  IrType,
} from "../compiler/ir.js";
import { Rng, seedFor } from "./rng.js";

export interface GenerateOptions {
  /** Functions in the whole program. */
  functions: number;
  /** Functions per package (= per object); default 100. */
  perObject?: number;
  /** Default 1. */
  seed?: number;
  /** Default 5. */
  dwarfVersion?: 4 | 5;
}

export const DEFAULT_PER_OBJECT = 100;

/** The program as one IR document per package, in link order. */
export function generateProgram(opts: GenerateOptions): IrProgram[] {
  const per = opts.perObject ?? DEFAULT_PER_OBJECT;
  if (!(Number.isSafeInteger(opts.functions) && opts.functions > 0)) throw new Error("functions must be > 0");
  if (!(Number.isSafeInteger(per) && per > 0)) throw new Error("perObject must be > 0");
  const out: IrProgram[] = [];
  for (let k = 0, left = opts.functions; left > 0; k++, left -= per)
    out.push(generatePackage(k, Math.min(per, left), opts.seed ?? 1, opts.dwarfVersion ?? 5));
  return out;
}

const FILES = 4; // f0.go holds the helpers; f1.go..f3.go the rest
const HELPERS_FILE = 0;
const HELPER_LINES = 8;
/** Helpers of package p0000 that every other package inlines (by function index). */
const IMPORTED_HELPERS = [0, 10] as const;

const pkgName = (k: number): string => `p${String(k).padStart(4, "0")}`;
const pkgPath = (k: number): string => `example.com/bench/${pkgName(k)}`;
const helperLine = (i: number): number => 10 + ((i / 10) | 0) * HELPER_LINES;

const pos = (file: number, line: number, col: number, inl = -1): IrPos => ({ file, line, col, inl });

/** Go's integer argument registers (RAX, RBX, RCX, RDI, RSI, R8...) as DW_OP_reg0+n. */
const INT_REGS = ["50", "53", "52", "55", "54", "58", "59", "5a", "5b"] as const;

function sleb(v: number): string {
  let s = "";
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    s += (done ? b : b | 0x80).toString(16).padStart(2, "0");
    if (done) return s;
  }
}

const fbreg = (off: number): string => `91${sleb(off)}`;
/** Two registers of eight bytes each (a string or an interface), DW_OP_piece 8 after each. */
const twoPieces = (a: string, b: string): string => `${a}9308${b}9308`;

function typesOf(path: string): Record<string, IrType> {
  const T = `${path}.T`;
  return {
    int: { kind: "int", size: 8, named: true },
    int64: { kind: "int64", size: 8, named: true },
    uint8: { kind: "uint8", size: 1, named: true },
    uint16: { kind: "uint16", size: 2, named: true },
    bool: { kind: "bool", size: 1, named: true },
    float64: { kind: "float64", size: 8, named: true },
    string: { kind: "string", size: 16, named: true },
    error: { kind: "interface", size: 16, named: true, methods: 1 },
    "[]uint8": { kind: "slice", size: 24, elem: "uint8" },
    "[]string": { kind: "slice", size: 24, elem: "string" },
    "map[string]int": { kind: "map", size: 8, key: "string", elem: "int" },
    "*int": { kind: "ptr", size: 8, elem: "int" },
    [T]: {
      kind: "struct",
      size: 48,
      named: true,
      fields: [
        { name: "Name", type: "string", offset: 0 },
        { name: "N", type: "int", offset: 16 },
        { name: "Tags", type: "[]string", offset: 24 },
      ],
    },
    [`*${T}`]: { kind: "ptr", size: 8, elem: T },
  };
}

/** Parameter types with their location expression in registers starting at register r. */
function paramType(rng: Rng, path: string): string {
  return rng.pick(["int", "int", "string", "[]uint8", `*${path}.T`, "error", "float64", "map[string]int"]);
}

/** A value of this type in registers from r on, and how many registers it takes. */
function inRegs(type: string, r: number): [string, number] {
  const reg = (n: number): string => INT_REGS[n % INT_REGS.length]!;
  if (type === "float64") return ["61", 0]; // X0 (DW_OP_reg17)
  if (type === "string" || type === "error") return [twoPieces(reg(r), reg(r + 1)), 2];
  if (type === "[]uint8") return [`${reg(r)}9308${reg(r + 1)}9308${reg(r + 2)}9308`, 3];
  return [reg(r), 1];
}

function param(name: string, type: string, p: IrPos, order: number, frameOffset: number): IrDecl {
  return { name, class: "param", type, pos: p, frameOffset, paramOrder: order };
}

/** Progs over [line0, line0+lines) in file `file`, from pc `from` to `to` (exclusive). */
function bodyProgs(
  rng: Rng,
  file: number,
  line0: number,
  lines: number,
  from: number,
  to: number,
  inl = -1,
): IrProg[] {
  const out: IrProg[] = [];
  let line = line0;
  for (let pc = from; pc < to; pc += rng.int(2, 8)) {
    const stmt = rng.chance(30) ? "not" : "is";
    out.push({ pc, pos: pos(file, line, rng.int(2, 30), inl), stmt });
    if (stmt === "is" && rng.chance(60)) line = Math.min(line0 + lines - 1, line + rng.int(1, 2));
    else if (rng.chance(10)) line = Math.max(line0, line - 1);
  }
  return out;
}

function helper(path: string, i: number, rng: Rng): IrFunction {
  const F = HELPERS_FILE;
  const line = helperLine(i);
  const size = rng.int(16, 40);
  const decls = (): IrDecl[] => [
    param("a", "int", pos(F, line, 8), 1, 0),
    param("b", "int", pos(F, line, 11), 2, 8),
  ];
  const r0: IrDecl = {
    name: "~r0",
    class: "result",
    type: "int",
    pos: pos(F, line, 18),
    frameOffset: 0,
    paramOrder: 3,
    outputParamInRegisters: true,
  };
  return {
    name: `${path}.h${i}`,
    abi: "ABIInternal",
    startLine: line,
    pos: pos(F, line, 6),
    size,
    wasInlined: true,
    dcl: [...decls(), r0],
    inlDcl: decls(),
    progs: [
      { pc: 0, pos: pos(F, line, 6), stmt: "default" },
      { pc: 0, pos: pos(F, line + 1, 9), stmt: "is" },
      { pc: 3, pos: pos(F, line + 1, 11), stmt: "is" },
      { pc: size - 1, pos: pos(F, line + 2, 2), stmt: "not" },
    ],
    debug: {
      vars: [
        { decl: 0, stackOffset: 0, list: [{ start: 0, end: 3, expr: "50" }] },
        { decl: 1, stackOffset: 8, list: [{ start: 0, end: size, expr: "53" }] },
        { decl: 2, stackOffset: 0, list: [] },
      ],
      regOutputParams: [2],
      optDcl: [2],
    },
  };
}

interface Callee {
  name: string;
  file: number;
  line: number;
}

function regular(
  path: string,
  i: number,
  rng: Rng,
  line: number,
  span: number,
  localHelper: Callee | undefined,
  imported: Callee | undefined,
): IrFunction {
  const F = 1 + (i % (FILES - 1));
  const T = `${path}.T`;
  const method = i % 7 === 3;
  const closure = !method && i % 11 === 5;
  const name = method ? `${path}.(*T).M${i}` : closure ? `${path}.F${i - 1}.func1` : `${path}.F${i}`;
  const size = rng.int(64, 480);
  const frame = 8 * rng.int(2, 12);

  // Signature: receiver, params, results.
  const dcl: IrDecl[] = [];
  const vars: IrDebugVar[] = [];
  let order = 1;
  let reg = 0;
  let frameOff = 0;
  const addParam = (pname: string, type: string, col: number): void => {
    const [expr, regs] = inRegs(type, reg);
    reg += regs;
    const spill = rng.int(4, size - 8);
    const list: IrLocEntry[] = [{ start: 0, end: spill, expr }];
    if (rng.chance(60)) list.push({ start: spill, end: size, expr: fbreg(frameOff + 8) });
    vars.push({ decl: dcl.length, stackOffset: frameOff, list });
    dcl.push(param(pname, type, pos(F, line, col), order++, frameOff));
    frameOff += 8;
  };
  if (method) addParam("t", `*${T}`, 7);
  const nparams = rng.int(1, 3);
  for (let p = 0; p < nparams; p++) addParam(`p${p}`, paramType(rng, path), 14 + 6 * p);
  const results = rng.chance(40) ? ["int", "error"] : ["int"];
  const regResults: number[] = [];
  for (const [r, type] of results.entries()) {
    regResults.push(dcl.length);
    vars.push({ decl: dcl.length, stackOffset: 0, list: [] });
    dcl.push({
      name: `~r${r}`,
      class: "result",
      type,
      pos: pos(F, line, 40 + 5 * r),
      frameOffset: 0,
      paramOrder: order++,
      outputParamInRegisters: true,
    });
  }

  // Locals: n in the function's scope, s and ok in scope 1 (ok in scope 2 when nested).
  const nested = rng.chance(30);
  const auto = (aname: string, type: string, l: number, off: number): number => {
    dcl.push({ name: aname, class: "auto", type, pos: pos(F, l, 3), frameOffset: off });
    return dcl.length - 1;
  };
  const n = auto("n", "int", line + 1, -8);
  const s = auto("s", "string", line + 3, -24);
  const ok = auto("ok", "bool", line + (nested ? 5 : 4), -25);
  const mid = size >> 1;
  vars.push({ decl: n, stackOffset: -8, list: [{ start: 8, end: size - 4, expr: "51" }] });
  vars.push({
    decl: s,
    stackOffset: -24,
    list: [
      { start: mid - 10, end: mid, expr: twoPieces("50", "53") },
      { start: mid, end: size - 4, expr: fbreg(-24) },
    ],
  });
  if (rng.chance(50))
    vars.push({ decl: ok, stackOffset: -25, list: [{ start: mid, end: mid + 4, expr: "50" }] });
  if (closure)
    dcl.push({ name: "&x", class: "auto", type: "*int", pos: pos(F, line - 1, 2), frameOffset: 0 });

  const parents = nested ? [0, 1] : [0];
  const marks: IrMark[] = [{ pos: pos(F, line + 2, 2), scope: 1 }];
  if (nested) marks.push({ pos: pos(F, line + 4, 3), scope: 2 }, { pos: pos(F, line + 6, 3), scope: 1 });
  marks.push({ pos: pos(F, line + 8, 2), scope: 0 });

  // Progs: TEXT, prologue, body; an inlined body in the middle.
  const inlTree: IrInlinedCall[] = [];
  const debugDcl: IrDecl[] = [];
  const progs: IrProg[] = [
    { pc: 0, pos: pos(F, line, 6), stmt: "default" },
    { pc: 0, pos: pos(F, line, 6), stmt: "is" },
    { pc: 4, pos: pos(F, line, 6), stmt: "is", prologueEnd: true },
  ];
  const callees = [localHelper, imported].filter((c): c is Callee => c !== undefined);
  const bodyEnd = size - 6;
  const step = ((bodyEnd - 8) / (callees.length + 1)) | 0;
  let pc = 8;
  for (const [c, callee] of callees.entries()) {
    const callLine = line + 2 + 2 * c;
    progs.push(...bodyProgs(rng, F, line + 1, span - 2, pc, pc + step - 8));
    pc += step - 8;
    inlTree.push({ parent: -1, pos: pos(F, callLine, 9), func: callee.name });
    progs.push(...bodyProgs(rng, callee.file, callee.line + 1, 1, pc, pc + 8, c));
    for (const [j, pname] of ["a", "b"].entries()) {
      vars.push({
        decl: dcl.length + debugDcl.length,
        stackOffset: 0,
        list: [{ start: pc, end: pc + 6, expr: INT_REGS[j]! }],
      });
      debugDcl.push({
        name: pname,
        class: "auto",
        type: "int",
        pos: pos(callee.file, callee.line, 8 + 3 * j, c),
        frameOffset: 0,
        used: false,
        inlFormal: true,
      });
    }
    pc += 8;
  }
  progs.push(...bodyProgs(rng, F, line + 1, span - 2, pc, bodyEnd));
  progs.push({ pc: bodyEnd, pos: pos(F, line + span - 1, 1), stmt: "is" });
  progs.push({ pc: bodyEnd + 4, pos: pos(F, line, 6), stmt: "not" });

  const fn: IrFunction = {
    name,
    abi: "ABIInternal",
    startLine: line,
    pos: pos(F, line, 6),
    size,
    dcl,
    parents,
    marks,
    progs,
    debug: { vars, regOutputParams: regResults, ...(debugDcl.length > 0 && { debugDcl }) },
    pcsp: [
      { pc: 1, spdelta: 8 },
      { pc: 4, spdelta: frame + 8 },
      { pc: bodyEnd, spdelta: 8 },
      { pc: bodyEnd + 1, spdelta: 0 },
    ],
  };
  if (inlTree.length > 0) fn.inlTree = inlTree;
  if (closure) fn.closureVars = [{ decl: dcl.length - 1, offset: 8 }];
  if (method) fn.autoTypes = [`*${T}`];
  return fn;
}

/** Package k with `count` functions. */
export function generatePackage(k: number, count: number, seed: number, dwarfVersion: 4 | 5): IrProgram {
  const rng = new Rng(seedFor(seed, k));
  const path = pkgPath(k);
  const dir = `/home/gopher/bench/${pkgName(k)}`;
  const files = [`${dir}/helpers.go`, `${dir}/a.go`, `${dir}/b.go`, `${dir}/c.go`];
  const imports: IrImportedFunc[] = [];
  if (k > 0) {
    files.push(`/home/gopher/bench/${pkgName(0)}/helpers.go`);
    for (const i of IMPORTED_HELPERS) {
      const line = helperLine(i);
      imports.push({
        name: `${pkgPath(0)}.h${i}`,
        pos: pos(FILES, line, 6),
        inlDcl: [param("a", "int", pos(FILES, line, 8), 1, 0), param("b", "int", pos(FILES, line, 11), 2, 8)],
      });
    }
  }

  const functions: IrFunction[] = [];
  const nextLine = Array.from({ length: FILES }, () => 10);
  let lastHelper: Callee | undefined;
  let importsUsed = 0;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) {
      const h = helper(path, i, rng);
      functions.push(h);
      lastHelper = { name: h.name, file: HELPERS_FILE, line: h.startLine };
      continue;
    }
    const F = 1 + (i % (FILES - 1));
    const span = rng.int(12, 40);
    const line = nextLine[F]!;
    nextLine[F] = line + span + 2;
    const local = i % 4 === 1 ? lastHelper : undefined;
    let imported: Callee | undefined;
    if (i % 10 === 7 && imports.length > 0) {
      const imp = imports[importsUsed++ % imports.length]!;
      imported = { name: imp.name, file: FILES, line: imp.pos.line };
    }
    functions.push(regular(path, i, rng, line, span, local, imported));
  }

  const globals: IrGlobal[] = [
    { name: `${path}.Count`, type: "int" },
    { name: `${path}.Name`, type: "string" },
    { name: `${path}.Table`, type: "map[string]int" },
    { name: `${path}.Items`, type: "[]string" },
    { name: `${path}.Default`, type: `${path}.T` },
    { name: `${path}.ErrNotFound`, type: "error" },
    { name: `${path}..stmp_0`, type: "string", local: true },
  ];
  const constants: IrConst[] = [
    { name: "MaxSize", type: "untyped int", value: 1 << 20 },
    { name: "Mode", type: "uint16", value: 0o644 },
    { name: "Big", type: "int64", value: "9007199254740993" },
  ];
  return {
    irVersion: 1,
    toolchain: "go1.26",
    package: { path, name: pkgName(k) },
    goos: "linux",
    goarch: "amd64",
    dwarfVersion,
    files,
    functions,
    ...(imports.length > 0 && { imports }),
    globals,
    constants,
    types: typesOf(path),
  };
}
