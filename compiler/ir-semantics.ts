/**
 * The invariants of a program IR document beyond its structure: what Go's compiler data always
 * satisfies by construction (ir.Func, obj.Prog lists, obj.InlTree, ssa.FuncDebug), and what the
 * compiler model relies on. Each rule names where Go keeps or needs it. Run after the structural
 * checks of ir-validate.ts, on a document whose types are already right.
 */
import { IrError, ptr } from "./ir-error.js";
import type { IrConst, IrDecl, IrFunction, IrPos, IrProgram } from "./ir.js";
import { checkTypeTable, INTEGER_KINDS } from "./ir-typetable.js";
import { PROFILES } from "./profile.js";

/** Which declaration list a decl is in: they differ in what positions they may have. */
/** Which list decls are on; an imported function's inlDcl comes from export data, unnumbered. */
type DeclList = "dcl" | "inlDcl" | "importedInlDcl" | "debugDcl";

export function checkSemantics(program: IrProgram, file: string): void {
  new Semantics(program, file).run();
}

class Semantics {
  constructor(
    readonly p: IrProgram,
    readonly file: string,
  ) {}

  fail(path: string, problem: string): never {
    throw new IrError(this.file, path, problem);
  }

  run(): void {
    const { p } = this;
    if (p.toolchain !== undefined && PROFILES[p.toolchain] === undefined)
      this.fail(
        "/toolchain",
        `no toolchain profile for ${p.toolchain} (known: ${Object.keys(PROFILES).join(", ")})`,
      );
    this.unique(p.files, "/files", "file", (f) => f);
    if (p.types !== undefined) checkTypeTable(p.types, "/types", this.file);
    // Every function and import is one linker symbol (LSym) with one name and ABI: an ABI0 wrapper
    // and the ABIInternal function it calls share a name (Ctxt.hash and Ctxt.funchash).
    const names = new Map<string, string>();
    const claim = (name: string, abi: string, path: string): void => {
      const key = `${name}<${abi}>`;
      const prev = names.get(key);
      if (prev !== undefined) this.fail(path, `duplicate function name ${name} (also at ${prev})`);
      names.set(key, path);
    };
    for (const [i, f] of p.functions.entries()) claim(f.name, f.abi ?? "ABIInternal", `/functions/${i}/name`);
    for (const [i, f] of (p.imports ?? []).entries()) claim(f.name, "ABIInternal", `/imports/${i}/name`);
    for (const [i, f] of p.functions.entries()) this.function(f, `/functions/${i}`);
    (p.imports ?? []).forEach((f, i) => {
      const at = `/imports/${i}`;
      this.pos(f.pos, ptr(at, "pos"), 0);
      this.decls(f.inlDcl, ptr(at, "inlDcl"), 0, "importedInlDcl");
    });
    this.unique(p.globals ?? [], "/globals", "global", (g) => g.name, "name");
    for (const [i, g] of (p.globals ?? []).entries()) this.typeRef(g.type, `/globals/${i}/type`);
    this.unique(p.constants ?? [], "/constants", "constant", (c) => c.name, "name");
    for (const [i, c] of (p.constants ?? []).entries()) this.constant(c, `/constants/${i}`);
  }

  unique<T>(xs: readonly T[], path: string, what: string, key: (x: T) => string, field?: string): void {
    const seen = new Set<string>();
    xs.forEach((x, i) => {
      const k = key(x);
      const at = field === undefined ? ptr(path, i) : ptr(ptr(path, i), field);
      if (seen.has(k)) this.fail(at, `duplicate ${what} ${JSON.stringify(k)}`);
      seen.add(k);
    });
  }

  /** A type name must be in the types table, when there is one (the linker looks each one up). */
  typeRef(name: string, path: string): void {
    if (this.p.types !== undefined && this.p.types[name] === undefined)
      this.fail(path, `type ${JSON.stringify(name)} is not in the types table`);
  }

  /** File index in the package file table; inlining index in the function's tree (inlLen nodes). */
  pos(pos: IrPos, path: string, inlLen: number): void {
    if (pos.file >= this.p.files.length)
      this.fail(ptr(path, "file"), `file index ${pos.file} is out of range (${this.p.files.length} files)`);
    if (pos.inl >= inlLen)
      this.fail(
        ptr(path, "inl"),
        inlLen === 0
          ? `inlining index ${pos.inl} where nothing is inlined (must be -1)`
          : `inlining index ${pos.inl} is out of range (the inlining tree has ${inlLen} nodes)`,
      );
  }

  decls(decls: readonly IrDecl[], path: string, inlLen: number, list: DeclList): void {
    const orders = new Map<number, number>();
    decls.forEach((d, i) => {
      const at = ptr(path, i);
      this.pos(d.pos, ptr(at, "pos"), inlLen);
      if (d.untyped !== true) this.typeRef(d.type, ptr(at, "type"));
      const isParam = d.class === "param" || d.class === "result";
      const inlined = d.inlFormal === true || d.inlLocal === true;
      // sortDeclsAndVars numbers every name of the signature (RecvParamsResults) and nothing else.
      // Except in an inlDcl: an imported function's comes from export data and a function's body
      // names are not its signature's Nnames once read apart, so Go's sort finds no order for them.
      if (isParam && d.paramOrder === undefined && list !== "inlDcl" && list !== "importedInlDcl")
        this.fail(at, `a ${d.class} needs its paramOrder`);
      if (!isParam && d.paramOrder !== undefined)
        this.fail(ptr(at, "paramOrder"), "only params and results have a place in the signature");
      if (d.paramOrder !== undefined) {
        const prev = orders.get(d.paramOrder);
        if (prev !== undefined)
          this.fail(ptr(at, "paramOrder"), `paramOrder ${d.paramOrder} is also decl ${prev}'s`);
        orders.set(d.paramOrder, i);
      }
      if (d.outputParamInRegisters === true && d.class !== "result")
        this.fail(ptr(at, "outputParamInRegisters"), "only a result is an output param");
      if (d.inlFormal === true && d.inlLocal === true)
        this.fail(ptr(at, "inlLocal"), "a name is an inlined formal or an inlined local, not both");
      // The inliner turns a callee's params and locals into autos of the caller (inl.go, inlvar),
      // declared at positions inside the inlined body.
      if (inlined && d.class !== "auto") this.fail(ptr(at, "class"), "an inlined param or local is an auto");
      // Where a name is declared is not checked against inlining: real captures have inlined
      // locals at no position (range-over-func's #tmpState: line 0, inl -1) and debugDcl names
      // outside inlined bodies (a heap-moved local, PAUTOHEAP, in runtime.traceAdvance.func1).
      if (list === "inlDcl" && inlined)
        this.fail(at, "fn.Inl.Dcl holds the declarations from before inlining: none is inlined");
      // A dictionary index is not only on shape types: a capture of Go 1.26 shows one on
      // *sync/atomic.Pointer[os.dirInfo] (a receiver of a fully instantiated method).
    });
  }

  function(fn: IrFunction, path: string): void {
    const at = (k: string): string => ptr(path, k);
    const inlLen = fn.inlTree?.length ?? 0;
    this.pos(fn.pos, at("pos"), 0);
    this.progs(fn, path, inlLen);
    this.decls(fn.dcl, at("dcl"), inlLen, "dcl");
    if (fn.wasInlined === true && fn.inlDcl === undefined)
      this.fail(path, "a function that was inlined needs inlDcl (preInliningDcls reads fn.Inl.Dcl)");
    // The inliner inlines Go functions, which are ABIInternal (an ABI0 symbol is assembly or a wrapper).
    if (fn.wasInlined === true && fn.abi === "ABI0")
      this.fail(at("abi"), "an ABI0 function is never inlined: wasInlined needs ABIInternal");
    if (fn.inlDcl !== undefined) this.decls(fn.inlDcl, at("inlDcl"), 0, "inlDcl");
    const captured = new Set<number>();
    fn.closureVars?.forEach((cv, i) => {
      const p = ptr(at("closureVars"), i);
      if (cv.decl >= fn.dcl.length) this.fail(ptr(p, "decl"), this.outOfRange(cv.decl, fn.dcl.length, "dcl"));
      if (captured.has(cv.decl)) this.fail(ptr(p, "decl"), `decl ${cv.decl} is captured twice`);
      captured.add(cv.decl);
    });
    this.scopes(fn, path, inlLen);
    this.inlTree(fn, path);
    this.debug(fn, path, inlLen);
    for (const [i, t] of (fn.autoTypes ?? []).entries()) this.typeRef(t, ptr(at("autoTypes"), i));
    let lastPc = -1;
    fn.pcsp?.forEach((e, i) => {
      const p = ptr(ptr(at("pcsp"), i), "pc");
      if (e.pc <= lastPc) this.fail(p, `pcsp entries go up in pc (${e.pc} after ${lastPc})`);
      if (e.pc >= fn.size) this.fail(p, `pc ${e.pc} is not inside the function (size ${fn.size})`);
      lastPc = e.pc;
    });
  }

  outOfRange(i: number, n: number, what: string): string {
    return `index ${i} is out of range (${what} has ${n} entries)`;
  }

  /** The Prog list: TEXT first at offset 0, then in address order, all inside the function. */
  progs(fn: IrFunction, path: string, inlLen: number): void {
    const at = ptr(path, "progs");
    const text = fn.progs[0]!;
    if (text.pc !== 0) this.fail(ptr(ptr(at, 0), "pc"), "the first prog (TEXT) is at offset 0");
    if (text.pos.inl !== -1) this.fail(ptr(ptr(ptr(at, 0), "pos"), "inl"), "the TEXT prog is not inlined");
    // populateDWARF panics "bad startPos" unless the TEXT position's RelLine is FuncInfo.StartLine.
    if (text.pos.line !== fn.startLine)
      this.fail(
        ptr(ptr(ptr(at, 0), "pos"), "line"),
        `bad startPos: the first prog is at line ${text.pos.line}, startLine is ${fn.startLine}`,
      );
    let lastPc = 0;
    fn.progs.forEach((prog, i) => {
      const p = ptr(at, i);
      if (prog.pc < lastPc) this.fail(ptr(p, "pc"), `progs are in pc order (${prog.pc} after ${lastPc})`);
      if (prog.pc >= fn.size)
        this.fail(ptr(p, "pc"), `pc ${prog.pc} is not inside the function (size ${fn.size})`);
      lastPc = prog.pc;
      this.pos(prog.pos, ptr(p, "pos"), inlLen);
    });
  }

  /** ScopeMarker.WriteTo: scope i+1's parent is an earlier scope; marks in position order. */
  scopes(fn: IrFunction, path: string, inlLen: number): void {
    const parents = fn.parents ?? [];
    parents.forEach((parent, i) => {
      if (parent > i)
        this.fail(ptr(ptr(path, "parents"), i), `scope ${i + 1}'s parent ${parent} comes after it`);
    });
    let prev: IrPos | undefined;
    fn.marks?.forEach((m, i) => {
      const p = ptr(ptr(path, "marks"), i);
      this.pos(m.pos, ptr(p, "pos"), inlLen);
      if (m.scope > parents.length)
        this.fail(ptr(p, "scope"), `scope ${m.scope} is out of range (${parents.length + 1} scopes)`);
      // findScope binary-searches the marks with xposBefore (file name, then line and column).
      if (prev !== undefined && this.before(m.pos, prev))
        this.fail(ptr(p, "pos"), "marks are in position order (file name, line, column)");
      prev = m.pos;
    });
  }

  /** dwarfgen/scope.go xposBefore: by file name (bytewise), then line, then column. */
  before(a: IrPos, b: IrPos): boolean {
    const fa = this.p.files[a.file] ?? "";
    const fb = this.p.files[b.file] ?? "";
    if (fa !== fb) return compareCodePoints(fa, fb) < 0;
    return a.line < b.line || (a.line === b.line && a.col < b.col);
  }

  /**
   * obj.InlTree as pctoinline copies it into FuncInfo.InlTree: parents first; a call's position is
   * in its parent's body (mkinlcall takes the parent from the call's position base); the callee is
   * a function of this package the inliner marked, or an imported one. A function may be inlined
   * into itself once (runtime._System, whose body calls itself, has itself at node 0).
   */
  inlTree(fn: IrFunction, path: string): void {
    // The inliner inlines ABIInternal functions, not the ABI0 wrappers that share their names.
    const local = new Map<string, IrFunction>();
    for (const f of this.p.functions) if (f.abi !== "ABI0" || !local.has(f.name)) local.set(f.name, f);
    const imported = new Set((this.p.imports ?? []).map((f) => f.name));
    const tree = fn.inlTree ?? [];
    tree.forEach((call, i) => {
      const p = ptr(ptr(path, "inlTree"), i);
      if (call.parent >= i)
        this.fail(ptr(p, "parent"), `parent ${call.parent} does not come before node ${i}`);
      this.pos(call.pos, ptr(p, "pos"), tree.length);
      if (call.pos.inl !== call.parent)
        this.fail(
          ptr(ptr(p, "pos"), "inl"),
          `the call is in its parent's body: pos.inl must be ${call.parent}`,
        );
      const callee = local.get(call.func);
      if (callee === undefined && !imported.has(call.func))
        this.fail(ptr(p, "func"), `${call.func} is neither a function of this package nor in imports`);
      if (callee !== undefined && callee.wasInlined !== true)
        this.fail(ptr(p, "func"), `${call.func} is inlined here but not marked wasInlined`);
    });
  }

  /** ssa.FuncDebug: tracked vars with location lists inside the function, and its name lists. */
  debug(fn: IrFunction, path: string, inlLen: number): void {
    const d = fn.debug;
    if (d === undefined) return;
    const at = ptr(path, "debug");
    const debugDcl = d.debugDcl ?? [];
    this.decls(debugDcl, ptr(at, "debugDcl"), inlLen, "debugDcl");
    const n = fn.dcl.length + debugDcl.length;
    const seen = new Set<number>();
    d.vars.forEach((v, i) => {
      const p = ptr(ptr(at, "vars"), i);
      if (v.decl >= n) this.fail(ptr(p, "decl"), this.outOfRange(v.decl, n, "dcl plus debugDcl"));
      if (seen.has(v.decl)) this.fail(ptr(p, "decl"), `decl ${v.decl} has two location lists`);
      seen.add(v.decl);
      let lastStart = 0;
      v.list.forEach((e, j) => {
        const q = ptr(ptr(p, "list"), j);
        if (e.start < lastStart)
          this.fail(ptr(q, "start"), `entries are in pc order (${e.start} after ${lastStart})`);
        // An entry's end is not checked against its start or the function's size: Go writes
        // both kinds in wrappers (encoding/json.(*encodeState).ReadRune, 7 bytes, has an entry
        // ending at 9; text/template's parse.parseTemplateName wrapper one from 35 to 15).
        lastStart = e.start;
      });
    });
    // ssagen's buildssa lists every result passed in registers; dwarfgen Fatalfs on anything else.
    this.indexes(d.regOutputParams, ptr(at, "regOutputParams"), fn, (x) =>
      x.class === "result" && x.outputParamInRegisters === true
        ? undefined
        : "invalid ir.Name on debugInfo.RegOutputParams list (not a result in registers)",
    );
    // AllocFrame cuts the unused tail of the sorted fn.Dcl: autos and register results. Of the
    // autos only zero-sized ones get a DIE; an auto listed without its size is taken to be one, so
    // a sized type needs the size (a capture gives it: Go's OptDcl keeps every cut auto).
    this.indexes(d.optDcl, ptr(at, "optDcl"), fn, (x) => {
      if (x.class === "param") return "a param is never cut off fn.Dcl";
      if (x.class === "result" && x.outputParamInRegisters !== true)
        return "only results in registers are cut";
      const t = this.p.types?.[x.type];
      if (x.class === "auto" && x.size === undefined && t !== undefined && t.size !== 0)
        return `an auto in optDcl without a size is taken as zero-sized, but ${x.type} is ${t.size} bytes`;
      return undefined;
    });
  }

  indexes(
    list: readonly number[] | undefined,
    path: string,
    fn: IrFunction,
    problem: (d: IrDecl) => string | undefined,
  ): void {
    const seen = new Set<number>();
    list?.forEach((k, i) => {
      const p = ptr(path, i);
      const d = fn.dcl[k];
      if (d === undefined) this.fail(p, this.outOfRange(k, fn.dcl.length, "dcl"));
      if (seen.has(k)) this.fail(p, `decl ${k} is listed twice`);
      seen.add(k);
      const why = problem(d);
      if (why !== undefined) this.fail(p, `decl ${k} (${d.name}): ${why}`);
    });
  }

  /**
   * gc/obj.go, dumpGlobalConst: only integer constants get a DIE; an untyped one is described as
   * int when it fits, a typed one always fits its type (the type checker saw to that).
   */
  constant(c: IrConst, path: string): void {
    const v = BigInt(c.value);
    if (c.type.startsWith("untyped ")) {
      if (c.type !== "untyped int" && c.type !== "untyped rune")
        this.fail(ptr(path, "type"), `${c.type} is not an integer type (only integer constants get a DIE)`);
      if (v >= -(2n ** 63n) && v < 2n ** 63n && this.p.types !== undefined && this.p.types.int === undefined)
        this.fail(
          ptr(path, "type"),
          'an untyped constant is described as "int", which the types table lacks',
        );
      return;
    }
    this.typeRef(c.type, ptr(path, "type"));
    const t = this.p.types?.[c.type];
    let [lo, hi] = [-(2n ** 63n), 2n ** 64n - 1n];
    if (t !== undefined) {
      if (!INTEGER_KINDS.includes(t.kind))
        this.fail(ptr(path, "type"), `${c.type} is a ${t.kind} (only integer constants get a DIE)`);
      const bits = BigInt(t.size * 8);
      [lo, hi] = t.kind.startsWith("u")
        ? [0n, 2n ** bits - 1n]
        : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
    }
    if (v < lo || v > hi) this.fail(ptr(path, "value"), `${v} does not fit ${c.type} (${lo} to ${hi})`);
  }
}

/** Go compares strings bytewise over UTF-8, which orders like code points (not UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
