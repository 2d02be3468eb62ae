/**
 * The compiler driver, in the order gc.Main runs the DWARF-relevant steps (cmd/compile/internal/gc
 * main.go, compile.go, obj.go), Go 1.26: record the flags and the package name, let the inliner
 * register each inlined callee (inline/inl.go, SetPrecursorFunc), dump globals and integer
 * constants (dumpGlobal, dumpGlobalConst), enqueue and compile every function (enqueueFunc,
 * prepareFunc, compileFunctions, then obj's populateDWARF per function), and finalize the fixup
 * table once, after everything.
 */
import { AbstractFunc, Info, RecordFlags, RecordPackageName } from "../dwarfgen/index.js";
import type { IrFlags, IrFunction, IrProgram } from "../ir.js";
import { profileFor, type ToolchainProfile } from "../profile.js";
import { DwarfGlobal, DwarfIntConst, populateDWARF } from "../obj/dwarf.js";
import { DwarfFixupTable } from "../obj/fixups.js";
import { ARCHES, type Goarch } from "../obj/arch.js";
import { CompileError, Link } from "../obj/link.js";
import type { LSym, Prog } from "../obj/lsym.js";
import type { CurFunc } from "./curfn.js";
import { dumpTypes } from "./types.js";

export interface CompileOptions {
  /** Overrides program.toolchain. */
  profile?: ToolchainProfile;
  /** Record which modelled Go function wrote each byte (objdump --explain). */
  provenance?: boolean;
  /**
   * The order in which compileFunctions' workers happen to finish, as indices into
   * program.functions. Go's output does not depend on it, and neither does the model's; tests
   * pass permutations to check that. Default: program order.
   */
  workOrder?: readonly number[];
  /**
   * Write the type descriptors (dumpTypes; default true). They are not DWARF, and a captured
   * program (godwarf capture) has no types table: the compiler's conformance check leaves them out.
   */
  typeDescriptors?: boolean;
}

/** The compiled package: what cmd/compile writes into its object file, DWARF-wise. */
export interface ObjFile {
  pkgpath: string;
  pkgname: string;
  profile: ToolchainProfile;
  dwarfVersion: 4 | 5;
  /** GOARCH when not amd64 (the compiler models arm64's frame offsets; the linker lays out amd64). */
  goarch?: Goarch;
  /** Text symbols in program order; each carries its DWARF aux symbols in `func`. */
  text: LSym[];
  /**
   * Ctxt.Data: named and anonymous data symbols (cuinfo, abstract functions, vars, constants), then
   * the type descriptors (dumpTypes).
   */
  data: LSym[];
  /**
   * The package-wide file table (the object's File block): what decl_file, call_file and the line
   * fragments' set_file count from, and what the linker's line-table header lists.
   */
  files: readonly string[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** -gendwarfinl: 2 by default; DWARF off turns inline generation off (gc/main.go). */
function genDwarfInl(flags: IrFlags): number {
  return flags.dwarf === false ? 0 : (flags.gendwarfinl ?? 2);
}

/** Compile one package's IR into its DWARF symbols. Throws CompileError on inconsistent IR. */
export function compile(program: IrProgram, opts: CompileOptions = {}): ObjFile {
  const profile = opts.profile ?? profileFor(program.toolchain);
  const flags = program.flags ?? {};
  const dwarfOn = flags.dwarf !== false;
  const dwarfVersion = program.dwarfVersion ?? profile.defaultDwarfVersion;
  const ctxt = new Link({
    pkgpath: program.package.path,
    profile,
    dwarf5: dwarfVersion === 5,
    useBASEntries: flags.dwarfbasentries ?? true,
    flagLocationlists: dwarfOn && (flags.dwarflocationlists ?? true),
    flagOptimize: (flags.N ?? 0) === 0,
    provenance: opts.provenance === true,
    arch: ARCHES[program.goarch ?? "amd64"],
  });

  RecordFlags(ctxt, flags);
  if (dwarfOn) {
    ctxt.DebugInfo = Info;
    ctxt.GenAbstractFunc = (fn) => AbstractFunc(ctxt, fn);
    ctxt.DwFixups = new DwarfFixupTable(ctxt);
  }
  RecordPackageName(ctxt, program.package.name);

  const text = program.functions.map((fn) => newTextSym(ctxt, fn));
  if (genDwarfInl(flags) > 0) registerInlinedCallees(ctxt, program);

  dumpExterns(ctxt, program);

  // enqueueFunc / prepareFunc: every function (closures included) counts towards DwTextCount.
  ctxt.dwTextCount += program.functions.length;

  const order = opts.workOrder ?? program.functions.map((_, i) => i);
  checkPermutation(order, program.functions.length);
  const total = ctxt.dwTextCount;
  ctxt.InParallel = true;
  for (const i of order) {
    const fn = program.functions[i]!;
    // gc.Main compiles in rounds (compileFunctions, then the wrappers that writing the runtime
    // types made, ...): a function's DWARF sees DwTextCount as it was in its round.
    ctxt.dwTextCount = fn.dwTextCount ?? total;
    populateDWARF(ctxt, { kind: "local", program, fn }, text[i]!);
  }
  ctxt.dwTextCount = total;
  ctxt.InParallel = false;
  ctxt.text.push(...text);

  ctxt.DwFixups?.Finalize(ctxt.pkgpath);
  ctxt.DwFixups = undefined;
  if (opts.typeDescriptors !== false) dumpTypes(ctxt, program);

  return {
    pkgpath: ctxt.pkgpath,
    pkgname: program.package.name,
    profile,
    dwarfVersion,
    ...(ctxt.arch.name !== "amd64" && { goarch: ctxt.arch.name }),
    text: ctxt.text,
    data: ctxt.data,
    files: [...program.files],
  };
}

/** ir.InitLSym + InitTextSym: the text symbol with its attributes and progs. */
function newTextSym(ctxt: Link, fn: IrFunction): LSym {
  // ir.Name.Linksym: LinksymABI(fn.ABI), so an ABI0 wrapper and its ABIInternal twin are two LSyms.
  const s = ctxt.LookupABI(fn.name, fn.abi);
  if (s.func !== undefined) throw new CompileError(`function ${fn.name} (${fn.abi}) defined twice`);
  s.type = "STEXT";
  s.abi = fn.abi;
  s.size = fn.size;
  s.set("Wrapper", fn.wrapper === true);
  s.set("Static", fn.static === true);
  s.set("NeedCtxt", (fn.closureVars?.length ?? 0) > 0);
  const progs: Prog[] = fn.progs.map((p) => ({
    pc: p.pc,
    fileIndex: p.pos.file,
    line: p.pos.line,
    isStmt: p.stmt !== "not",
    prologueEnd: p.prologueEnd === true,
  }));
  // Autot as SSA generation left it (RecordAutoType before dwarfgen runs).
  s.func = {
    startLine: fn.startLine,
    text: progs,
    autot: new Set((fn.autot ?? []).map((t) => ctxt.Lookup(`type:${t}`))),
  };
  // The pcsp table travels with the text symbol, as FuncInfo.Pcsp does in the object file.
  if (fn.pcsp !== undefined) s.func.pcsp = fn.pcsp.map((e) => ({ pc: e.pc, spdelta: e.spdelta }));
  return s;
}

/**
 * The inliner's part (inline/inl.go, mkinlcall): the first time a function is inlined anywhere,
 * its abstract symbol is made and its pre-inlining body remembered. Callees are met in program
 * order, each function's inlining tree in index order; a function marked wasInlined whose every
 * inlined copy was optimized away still has an abstract function.
 */
function registerInlinedCallees(ctxt: Link, program: IrProgram): void {
  const ft = ctxt.DwFixups;
  if (ft === undefined) return;
  // The inliner inlines Go functions, whose Func.ABI is ABIInternal: fn.Linksym() is in funchash.
  const local = new Map(program.functions.filter((f) => f.abi === "ABIInternal").map((f) => [f.name, f]));
  const imported = new Map((program.imports ?? []).map((f) => [f.name, f]));
  const register = (name: string, where: string): void => {
    const s = ctxt.LookupABI(name, "ABIInternal");
    if (s.has("WasInlined")) return;
    const lf = local.get(name);
    const imp = imported.get(name);
    let pre: CurFunc;
    if (lf !== undefined) pre = { kind: "local", program, fn: lf };
    else if (imp !== undefined) {
      pre = { kind: "imported", program, fn: imp };
      s.set("Static", imp.static === true);
    } else throw new CompileError(`${where}: inlined function ${name} is neither a function nor an import`);
    ft.SetPrecursorFunc(s, pre);
    s.set("WasInlined", true);
  };
  for (const fn of program.functions) {
    for (const [k, call] of (fn.inlTree ?? []).entries()) register(call.func, `${fn.name} inlTree[${k}]`);
  }
  for (const fn of program.functions) if (fn.wasInlined === true) register(fn.name, fn.name);
  // Every imported function the inliner inlined has a precursor, even when no inlined copy of it
  // survived (dead code) or the copies are in a function the IR leaves out.
  for (const imp of program.imports ?? []) register(imp.name, imp.name);
}

/** dumpGlobal and dumpGlobalConst over typecheck.Target.Externs. */
function dumpExterns(ctxt: Link, program: IrProgram): void {
  for (const g of program.globals ?? []) {
    // ggloblnod: Ctxt.Globl puts the variable itself in Ctxt.Data first. The IR does not say
    // whether it has pointers or an initializer, which pick SDATA/SNOPTRDATA/SBSS in Go.
    const s = ctxt.Lookup(g.name);
    s.Gotype = ctxt.Lookup(`type:${g.type}`);
    if (s.type === "Sxxx") s.type = "SDATA";
    s.size = program.types?.[g.type]?.size ?? 0;
    s.set("Local", g.local === true);
    ctxt.data.push(s);
    DwarfGlobal(ctxt, g.type, s);
  }
  for (const c of program.constants ?? []) {
    const v = BigInt(c.value);
    let typ = c.type;
    // Untyped integers are described as int, and only when they fit.
    if (typ.startsWith("untyped ")) {
      if (v < INT64_MIN || v > INT64_MAX) continue;
      typ = "int";
    }
    DwarfIntConst(ctxt, c.name, typ, Number.isSafeInteger(Number(v)) ? Number(v) : v);
  }
}

function checkPermutation(order: readonly number[], n: number): void {
  const seen = new Set(order);
  if (order.length !== n || seen.size !== n || order.some((i) => !(i >= 0 && i < n)))
    throw new CompileError(`workOrder must be a permutation of 0..${n - 1}`);
}
