/**
 * A fast-check arbitrary of random *valid* program IR documents, for property tests of the
 * compiler model and the validator (ir-validate.test.ts checks that validateIr accepts everything
 * it makes). Built with fc.gen, so one choice can depend on another (a prog's inlining index on the
 * function's tree, a location list on the function's size) and failures still shrink somewhat.
 *
 * What every document satisfies (beyond the schema):
 *  - at most `maxFunctions` (8) functions, each with at most `maxProgs` (60) progs; names unique
 *    among functions and imports;
 *  - progs in pc order, all below the function's size; the first is the TEXT prog at pc 0 in the
 *    function's own file, at `startLine`, not inlined; positions cover several files, lines far
 *    from the function's (as //line directives make them), every is_stmt value, prologue ends;
 *  - a scope tree built as ScopeMarker builds one (Push/Pop in source order): `parents[i] <= i`,
 *    marks in the function's file in increasing (line, column), each mark's scope in range, the
 *    progs' lines falling inside and outside the scopes;
 *  - declarations of every class with types from the document's `types` table: params and
 *    results numbered by `paramOrder`, autos (used, unused, compiler temporaries, heap-escaped),
 *    shape-typed names with `dictIndex` in generic instantiations, closure vars at offsets 8, 16...;
 *  - when optimized: inlining trees (parents first, each call positioned in its parent's body)
 *    whose callees are functions of the program marked `wasInlined` (with `inlDcl`) or imports,
 *    never recursive; inlined params and locals (autos with `inlFormal`/`inlLocal`, `pos.inl` set);
 *    `debug` with location lists inside [0, size] in pc order, every register result in
 *    `regOutputParams`, unused register results and zero-sized autos in `optDcl`, inlined names in
 *    `debugDcl`; when not optimized (`-N -l`): no inlining, `debug` only for register params;
 *  - a `types` table closed under reference, with amd64 sizes and struct layouts;
 *  - globals (some local) and integer constants, typed ones within their type's range, untyped
 *    ones of any size (large values as decimal strings);
 *  - DWARF 4 or 5.
 */
import fc from "fast-check";
import type {
  IrConst,
  IrDecl,
  IrFunction,
  IrGlobal,
  IrImportedFunc,
  IrInlinedCall,
  IrMark,
  IrPos,
  IrProg,
  IrProgram,
  IrType,
} from "./ir.js";

export interface ArbIrOptions {
  /** Most functions per program (default 8). */
  maxFunctions?: number;
  /** Most progs per function (default 60). */
  maxProgs?: number;
  /** Fix the DWARF version (default: either). */
  dwarfVersion?: 4 | 5;
  /** Fix optimized (default build) or -N -l (default: either). */
  optimized?: boolean;
}

type G = fc.GeneratorValue;

const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
const chance = (g: G, percent: number): boolean => int(g, 1, 100) <= percent;
const pick = <T>(g: G, xs: readonly T[]): T => xs[int(g, 0, xs.length - 1)]!;

const SCALARS: Readonly<Record<string, IrType>> = {
  bool: { kind: "bool", size: 1, named: true },
  int: { kind: "int", size: 8, named: true },
  int8: { kind: "int8", size: 1, named: true },
  uint8: { kind: "uint8", size: 1, named: true },
  int32: { kind: "int32", size: 4, named: true },
  uint64: { kind: "uint64", size: 8, named: true },
  uintptr: { kind: "uintptr", size: 8, named: true },
  float64: { kind: "float64", size: 8, named: true },
  string: { kind: "string", size: 16, named: true },
};

/** Types every generated program has: scalars and one of each composite kind. */
const BASE_TYPES: Readonly<Record<string, IrType>> = {
  ...SCALARS,
  error: { kind: "interface", size: 16, named: true, methods: 1 },
  "interface {}": { kind: "interface", size: 16, methods: 0 },
  "unsafe.Pointer": { kind: "unsafepointer", size: 8, named: true },
  "*int": { kind: "ptr", size: 8, elem: "int" },
  "[]int": { kind: "slice", size: 24, elem: "int" },
  "[]string": { kind: "slice", size: 24, elem: "string" },
  "[4]int": { kind: "array", size: 32, elem: "int", len: 4 },
  "[3]uint8": { kind: "array", size: 3, elem: "uint8", len: 3 },
  "map[string]int": { kind: "map", size: 8, key: "string", elem: "int" },
  "chan int": { kind: "chan", size: 8, elem: "int" },
  "<-chan string": { kind: "chan", size: 8, elem: "string", dir: "recv" },
  "func(int) string": { kind: "func", size: 8, params: ["int"], results: ["string"] },
  "func(...int)": { kind: "func", size: 8, params: ["[]int"], results: [], variadic: true },
  "struct {}": { kind: "struct", size: 0, fields: [] },
  "go.shape.int": { kind: "int", size: 8, named: true },
  "[]go.shape.int": { kind: "slice", size: 24, elem: "go.shape.int" },
  "[1]uintptr": { kind: "array", size: 8, elem: "uintptr", len: 1 },
  "*[1]uintptr": { kind: "ptr", size: 8, elem: "[1]uintptr" },
};

const INTEGER_TYPES = ["int", "int8", "uint8", "int32", "uint64", "uintptr"] as const;
const EXPRS = [
  "50",
  "51",
  "52",
  "53",
  "55",
  "61",
  "9c",
  "9168",
  "9120",
  "915c",
  "509308539308",
  "9308539308",
];
const IMPORTS = ["strings.ToUpper", "strings.HasPrefix", "internal/stringslite.Index"];

/** The alignment amd64 gives a scalar or a struct (what the field layout below needs). */
function alignOf(types: Readonly<Record<string, IrType>>, name: string, aligns: Map<string, number>): number {
  return aligns.get(name) ?? Math.min(Math.max(types[name]?.size ?? 8, 1), 8);
}

/** 0..3 named struct types main.T0.. over scalars (and earlier structs, embedded), laid out as amd64 does. */
function structTypes(g: G): Record<string, IrType> {
  const types: Record<string, IrType> = { ...BASE_TYPES };
  const aligns = new Map<string, number>([["string", 8]]);
  const n = int(g, 0, 3);
  for (let i = 0; i < n; i++) {
    const fields: NonNullable<IrType["fields"]> = [];
    let off = 0;
    let align = 1;
    const add = (name: string, type: string, embedded: boolean): void => {
      const a = alignOf(types, type, aligns);
      off = Math.ceil(off / a) * a;
      fields.push(embedded ? { name, type, offset: off, embedded: true } : { name, type, offset: off });
      off += types[type]!.size;
      align = Math.max(align, a);
    };
    if (i > 0 && chance(g, 30)) {
      const j = int(g, 0, i - 1);
      add(`T${j}`, `main.T${j}`, true);
    }
    const nf = int(g, 0, 4);
    for (let f = 0; f < nf; f++) add(`F${f}`, pick(g, Object.keys(SCALARS)), false);
    const name = `main.T${i}`;
    types[name] = { kind: "struct", size: Math.ceil(off / align) * align, named: true, fields };
    aligns.set(name, align);
    types[`*${name}`] = { kind: "ptr", size: 8, elem: name };
  }
  return types;
}

type FnKind = "plain" | "closure" | "generic" | "wrapper";

interface Plan {
  name: string;
  kind: FnKind;
  wasInlined: boolean;
}

/** Random valid IR programs; see the module comment for what they satisfy. */
export function arbIrProgram(opts: ArbIrOptions = {}): fc.Arbitrary<IrProgram> {
  return fc.gen().map((g) => buildProgram(g, opts));
}

function buildProgram(g: G, opts: ArbIrOptions): IrProgram {
  const optimized = opts.optimized ?? chance(g, 70);
  const dwarfVersion = opts.dwarfVersion ?? pick(g, [4, 5] as const);
  const allFiles = [
    "/src/p/a.go",
    "/src/p/b.go",
    "$GOROOT/src/strings/strings.go",
    "<autogenerated>",
    "gen.tmpl",
  ];
  const files = allFiles.slice(0, int(g, 1, allFiles.length));
  const types = structTypes(g);
  const typeNames = Object.keys(types);

  const imports: IrImportedFunc[] = [];
  if (optimized) {
    for (const name of IMPORTS) {
      if (!chance(g, 30)) continue;
      const file = int(g, 0, files.length - 1);
      const line = int(g, 1, 900);
      imports.push({
        name,
        pos: { file, line, col: 6, inl: -1 },
        inlDcl: signature(g, types, file, line, -1, false),
      });
    }
  }

  const n = int(g, 1, opts.maxFunctions ?? 8);
  const plans: Plan[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(g, ["plain", "plain", "closure", "generic", "wrapper"] as const);
    const name = {
      plain: `main.f${i}`,
      closure: `main.f${i}.func1`,
      generic: `main.Sum${i}[go.shape.int]`,
      wrapper: `main.(*W${i}).M`,
    }[kind];
    plans.push({ name, kind, wasInlined: optimized && kind !== "wrapper" && chance(g, 35) });
  }
  const functions = plans.map((plan) =>
    buildFunction(g, {
      plan,
      plans,
      imports,
      files,
      types,
      typeNames,
      optimized,
      maxProgs: Math.max(1, Math.min(opts.maxProgs ?? 60, 60)),
    }),
  );

  const globals: IrGlobal[] = [];
  for (let i = int(g, 0, 3); i > 0; i--) {
    const gl: IrGlobal = { name: `main.g${i}`, type: pick(g, typeNames) };
    if (chance(g, 25)) gl.local = true;
    globals.push(gl);
  }
  const constants: IrConst[] = [];
  for (let i = int(g, 0, 3); i > 0; i--) constants.push(constant(g, `C${i}`, types));

  const program: IrProgram = {
    irVersion: 1,
    toolchain: "go1.26",
    package: { path: "main", name: "main" },
    dwarfVersion,
    flags: optimized ? (chance(g, 20) ? { race: true } : {}) : { N: 1, l: 1 },
    files,
    functions,
    types,
  };
  if (imports.length > 0) program.imports = imports;
  if (globals.length > 0) program.globals = globals;
  if (constants.length > 0) program.constants = constants;
  // As parseIr would see it: plain JSON, no shared objects, no -0.
  return JSON.parse(JSON.stringify(program)) as IrProgram;
}

function constant(g: G, name: string, types: Readonly<Record<string, IrType>>): IrConst {
  let type: string;
  let v: bigint;
  if (chance(g, 40)) {
    type = pick(g, ["untyped int", "untyped rune"]);
    v = g(fc.bigInt, { min: -(2n ** 80n), max: 2n ** 80n });
  } else {
    type = pick(g, INTEGER_TYPES);
    const t = types[type]!;
    const bits = BigInt(t.size * 8);
    const [lo, hi] = t.kind.startsWith("u")
      ? [0n, 2n ** bits - 1n]
      : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
    v = g(fc.bigInt, { min: lo, max: hi });
  }
  const n = Number(v);
  return { name, type, value: Number.isSafeInteger(n) ? n : v.toString() };
}

/** A function's own params and results, in signature order (paramOrder from 1). */
function signature(
  g: G,
  types: Readonly<Record<string, IrType>>,
  file: number,
  line: number,
  inl: number,
  registers: boolean,
): IrDecl[] {
  const names = Object.keys(types);
  const out: IrDecl[] = [];
  const np = int(g, 0, 3);
  for (let i = 0; i < np; i++) {
    const d: IrDecl = {
      name: `p${i}`,
      class: "param",
      type: pick(g, names),
      pos: { file, line, col: 10 + 4 * i, inl },
      frameOffset: 8 * i,
      paramOrder: i + 1,
    };
    if (chance(g, 15)) d.canSSA = false;
    out.push(d);
  }
  const nr = int(g, 0, 2);
  for (let i = 0; i < nr; i++) {
    const d: IrDecl = {
      name: chance(g, 50) ? `~r${i}` : `r${i}`,
      class: "result",
      type: pick(g, names),
      pos: { file, line, col: 30 + 4 * i, inl },
      frameOffset: 0,
      paramOrder: np + i + 1,
    };
    if (registers && chance(g, 80)) d.outputParamInRegisters = true;
    out.push(d);
  }
  return out;
}

interface FnCtx {
  plan: Plan;
  plans: readonly Plan[];
  imports: readonly IrImportedFunc[];
  files: readonly string[];
  types: Readonly<Record<string, IrType>>;
  typeNames: readonly string[];
  optimized: boolean;
  maxProgs: number;
}

function buildFunction(g: G, c: FnCtx): IrFunction {
  const { plan, files, optimized } = c;
  const file = int(g, 0, files.length - 1);
  const startLine = int(g, 1, 400);
  const span = 40;
  const size = int(g, 1, 600);
  const at = (line: number, col: number, inl = -1, f = file): IrPos => ({ file: f, line, col, inl });

  const inlTree = optimized ? inliningTree(g, c, startLine) : [];
  const fn: IrFunction = {
    name: plan.name,
    // Only Go functions (ABIInternal) are inlined.
    abi: !plan.wasInlined && !chance(g, 90) ? "ABI0" : "ABIInternal",
    startLine,
    pos: at(startLine, 6),
    size,
    dcl: [],
    progs: progs(g, c, file, startLine, span, size, inlTree.length),
  };
  if (plan.kind === "wrapper") fn.wrapper = true;
  if (chance(g, 10)) fn.static = true;
  if (inlTree.length > 0) fn.inlTree = inlTree;

  // Declarations: the signature, then locals, then what inlining brought in.
  const dcl = signature(g, c.types, file, startLine, -1, optimized || fn.abi === "ABIInternal");
  if (plan.kind === "generic") {
    for (const d of dcl) d.paramOrder = d.paramOrder! + 1;
    dcl.unshift({
      name: ".dict",
      class: "param",
      type: "*[1]uintptr",
      pos: at(startLine, 6),
      frameOffset: 0,
      paramOrder: 1,
    });
    dcl.push({
      name: "xs",
      class: "auto",
      type: "[]go.shape.int",
      pos: at(startLine + 1, 2),
      frameOffset: -8,
      dictIndex: 1,
    });
    dcl.push({
      name: "total",
      class: "auto",
      type: "go.shape.int",
      pos: at(startLine + 2, 2),
      frameOffset: -16,
      dictIndex: 2,
    });
  }
  const nAutos = int(g, 0, 5);
  for (let i = 0; i < nAutos; i++) {
    const d: IrDecl = {
      name: chance(g, 15) ? `.autotmp_${i}` : `v${i}`,
      class: "auto",
      type: pick(g, c.typeNames),
      pos: at(int(g, startLine, startLine + span), int(g, 1, 40)),
      frameOffset: -8 * (i + 3),
    };
    if (d.name.startsWith(".")) d.autoTmp = true;
    if (chance(g, 30)) d.used = false;
    if (chance(g, 10)) d.heapAddrFrameOffset = -8 * int(g, 1, 10);
    dcl.push(d);
  }
  let zeroSized = -1;
  if (chance(g, 20)) {
    zeroSized = dcl.length;
    dcl.push({
      name: "marker",
      class: "auto",
      type: "struct {}",
      pos: at(startLine + 1, 6),
      frameOffset: 0,
      used: false,
    });
  }
  const inlined = inlinedDecls(g, c, inlTree.length);
  fn.dcl = [...dcl, ...inlined.slice(0, int(g, 0, inlined.length))];
  const debugDcl = inlined.slice(fn.dcl.length - dcl.length);

  if (plan.wasInlined) {
    fn.wasInlined = true;
    fn.inlDcl = dcl
      .filter((d) => d.name !== "marker")
      .map((d) => ({
        name: d.name,
        class: d.class,
        type: d.type,
        pos: { ...d.pos },
        frameOffset: d.frameOffset,
        ...order(d),
      }));
  }
  if (plan.kind === "closure") {
    const autos = fn.dcl.flatMap((d, i) =>
      d.class === "auto" && d.inlFormal !== true && d.inlLocal !== true ? [i] : [],
    );
    const captured = autos.slice(0, int(g, 0, Math.min(2, autos.length)));
    if (captured.length > 0) fn.closureVars = captured.map((decl, k) => ({ decl, offset: 8 * (k + 1) }));
  }
  scopes(g, fn, file, startLine, span);
  debugInfo(g, c, fn, debugDcl, zeroSized);
  if (chance(g, 30))
    fn.autoTypes = [pick(g, c.typeNames), pick(g, c.typeNames)].filter((t, i, a) => a.indexOf(t) === i);
  if (chance(g, 30)) {
    const pcs = [...new Set([0, ...Array.from({ length: int(g, 0, 4) }, () => int(g, 0, size - 1))])].sort(
      (a, b) => a - b,
    );
    fn.pcsp = pcs.map((pc, i) => ({ pc, spdelta: i === 0 ? 0 : 8 * int(g, 0, 8) }));
  }
  return fn;
}

function order(d: IrDecl): { paramOrder?: number } {
  return d.paramOrder === undefined ? {} : { paramOrder: d.paramOrder };
}

/** An inlining tree of up to four calls, never recursive, each call in its parent's body. */
function inliningTree(g: G, c: FnCtx, startLine: number): IrInlinedCall[] {
  const callees = [
    ...c.plans.filter((p) => p.wasInlined).map((p) => p.name),
    ...c.imports.map((f) => f.name),
  ];
  const tree: IrInlinedCall[] = [];
  const n = int(g, 0, 4);
  for (let i = 0; i < n; i++) {
    const parent = int(g, -1, i - 1);
    const onStack = new Set([c.plan.name]);
    for (let k = parent; k >= 0; k = tree[k]!.parent) onStack.add(tree[k]!.func);
    const free = callees.filter((f) => !onStack.has(f));
    if (free.length === 0) break;
    const file = int(g, 0, c.files.length - 1);
    tree.push({
      parent,
      pos: { file, line: int(g, startLine, startLine + 60), col: int(g, 1, 60), inl: parent },
      func: pick(g, free),
    });
  }
  return tree;
}

/** The Prog list: TEXT first, then random positions in pc order. */
function progs(
  g: G,
  c: FnCtx,
  file: number,
  startLine: number,
  span: number,
  size: number,
  inlLen: number,
): IrProg[] {
  const out: IrProg[] = [{ pc: 0, pos: { file, line: startLine, col: 6, inl: -1 }, stmt: "default" }];
  const pcs = Array.from({ length: int(g, 0, c.maxProgs - 1) }, () => int(g, 0, size - 1)).sort(
    (a, b) => a - b,
  );
  let prologue = chance(g, 60);
  for (const pc of pcs) {
    const inl = inlLen > 0 && chance(g, 30) ? int(g, 0, inlLen - 1) : -1;
    // Mostly the function's own lines; sometimes another file or a //line-style unrelated line.
    const far = chance(g, 10);
    const pos: IrPos = {
      file: far || inl >= 0 ? int(g, 0, c.files.length - 1) : file,
      line: far ? int(g, 0, 5000) : int(g, startLine, startLine + span),
      col: int(g, 0, 80),
      inl,
    };
    const p: IrProg = { pc, pos, stmt: pick(g, ["default", "is", "not"] as const) };
    if (prologue && chance(g, 20)) {
      p.prologueEnd = true;
      prologue = false;
    }
    out.push(p);
  }
  return out;
}

/** Params and locals of inlined bodies (autos with pos.inl set). */
function inlinedDecls(g: G, c: FnCtx, inlLen: number): IrDecl[] {
  if (inlLen === 0) return [];
  return Array.from({ length: int(g, 0, 3) }, (_, i): IrDecl => {
    const formal = chance(g, 60);
    const d: IrDecl = {
      name: formal ? `a${i}` : `l${i}`,
      class: "auto",
      type: pick(g, c.typeNames),
      pos: {
        file: int(g, 0, c.files.length - 1),
        line: int(g, 1, 900),
        col: int(g, 1, 40),
        inl: int(g, 0, inlLen - 1),
      },
      frameOffset: 0,
      used: chance(g, 30),
    };
    if (formal) d.inlFormal = true;
    else d.inlLocal = true;
    return d;
  });
}

/** A scope tree as ScopeMarker.Push/Pop makes one, its marks in source order in the function's file. */
function scopes(g: G, fn: IrFunction, file: number, startLine: number, span: number): void {
  const n = int(g, 0, 5);
  if (n === 0) return;
  const parents: number[] = [];
  const marks: IrMark[] = [];
  let line = startLine + 1;
  let col = 1;
  const next = (): IrPos => {
    if (chance(g, 50) || col > 70) {
      line += int(g, 1, Math.max(1, Math.floor(span / (2 * n))));
      col = int(g, 1, 30);
    } else col += int(g, 1, 10);
    return { file, line, col, inl: -1 };
  };
  const stack = [0];
  for (let s = 1; s <= n; s++) {
    for (let pops = int(g, 0, stack.length - 1); pops > 0; pops--) {
      stack.pop();
      marks.push({ pos: next(), scope: stack[stack.length - 1]! });
    }
    parents.push(stack[stack.length - 1]!);
    stack.push(s);
    marks.push({ pos: next(), scope: s });
  }
  if (chance(g, 70)) marks.push({ pos: next(), scope: 0 });
  fn.parents = parents;
  fn.marks = marks;
}

/** ssa.FuncDebug: tracked vars with lists inside the function, and the name lists. */
function debugInfo(g: G, c: FnCtx, fn: IrFunction, debugDcl: IrDecl[], zeroSized: number): void {
  const regResults = fn.dcl.flatMap((d, i) => (d.outputParamInRegisters === true ? [i] : []));
  if (!c.optimized && (fn.abi !== "ABIInternal" || chance(g, 40))) return;
  if (c.optimized && chance(g, 15)) return;
  const candidates = c.optimized
    ? [...fn.dcl.keys(), ...debugDcl.map((_, i) => fn.dcl.length + i)]
    : fn.dcl.flatMap((d, i) => (d.class === "param" ? [i] : []));
  const vars = candidates
    .filter(() => chance(g, 60))
    .map((decl) => ({ decl, stackOffset: -8 * int(g, 0, 8), list: locList(g, fn.size) }));
  const debug: NonNullable<IrFunction["debug"]> = { vars };
  if (regResults.length > 0) debug.regOutputParams = regResults;
  const opt = [...regResults.filter(() => chance(g, 50)), ...(zeroSized >= 0 ? [zeroSized] : [])];
  if (opt.length > 0) debug.optDcl = opt;
  if (debugDcl.length > 0) debug.debugDcl = debugDcl;
  fn.debug = debug;
}

/** Up to four entries in pc order, each inside [0, size] (empty ranges allowed, as Go writes them). */
function locList(g: G, size: number): { start: number; end: number; expr: string }[] {
  const k = int(g, 0, 4);
  const cuts = Array.from({ length: 2 * k }, () => int(g, 0, size)).sort((a, b) => a - b);
  return Array.from({ length: k }, (_, i) => ({
    start: cuts[2 * i]!,
    end: cuts[2 * i + 1]!,
    expr: pick(g, EXPRS),
  }));
}
