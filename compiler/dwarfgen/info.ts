/**
 * The Link.DebugInfo hook: cmd/compile/internal/dwarfgen/dwarf.go, Info (and declPos), Go 1.26.
 * For one function it gathers the declarations to describe, makes their DWARF vars, keeps the
 * types of the rest alive with R_USETYPE relocations, and assembles scopes and inlined calls.
 *
 * Install it as `ctxt.DebugInfo = Info`. `curfn` is the gc/curfn.ts CurFunc obj passes through.
 */
import type { InlCalls, Scope } from "../../dwarf/context.js";
import type { IrDecl, IrProg } from "../ir.js";
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { assembleInlines } from "./inline.js";
import { irFuncDebug } from "./loclist.js";
import { assembleScopes, findScope } from "./scope.js";
import { asCurFunc, type fnGen, genDwarfInlOf, localFunc, NameMap } from "./state.js";
import { createDwarfVars, IsVarWantedForDebug, RecordAutoType } from "./vars.js";
import { compareStrings, declXPos } from "./xpos.js";

/** dwarf.go, Info: the scopes (with their vars) and inlined calls of `fnsym`. */
export function Info(
  ctxt: Link,
  fnsym: LSym,
  infosym: LSym,
  curfnAny: unknown,
): { scopes: Scope[]; inlcalls: InlCalls } {
  const curfn = asCurFunc(ctxt, curfnAny);
  const program = curfn.program;
  const fn = localFunc(curfn);

  // fn.Linksym() (or its ABI0 twin) must be the symbol being described.
  if (fn !== undefined && fnsym.name !== fn.name) ctxt.Diag(`unexpected fnsym: ${fnsym.name} != ${fn.name}`);
  if (fnsym.func === undefined) ctxt.Diag(`dwarfgen: ${fnsym.name} has no FuncInfo`);

  const g: fnGen = {
    ctxt,
    fnsym,
    curfn,
    program,
    genDwarfInl: genDwarfInlOf(program),
    flagN: program.flags?.N ?? 0,
  };

  // Called from populateDWARF (anonymous info symbol) the function is the compiled one, an
  // ODCLFUNC; from DwarfAbstractFunc ("...$abstract") it is the precursor, and Go deliberately
  // neither collects its declarations nor uses its location lists (CL 272253).
  const isODCLFUNC = infosym.name === "";

  const apdecls: IrDecl[] = [];
  if (isODCLFUNC && fn !== undefined) {
    // fn.Dcl after AllocFrame: the names OptDcl holds were cut off it.
    const opt = new Set(fn.debug?.optDcl ?? []);
    fn.dcl.forEach((n, i) => {
      if (opt.has(i)) return;
      // Go stops on an unused auto left in Dcl of a function with code ("AllocFrame should
      // truncate fn.Func.Dcl") and skips it otherwise; the model skips it always.
      if (n.class === "auto" && n.used === false) return;
      if (!IsVarWantedForDebug(n)) return;
      apdecls.push(n);
      // Int128 spill slots (types.TSSA) have no type descriptor.
      if (n.ssaType === true) return;
      RecordAutoType(g, n.type);
    });
  }

  // fn.Needctxt(): the offsets of captured vars in the closure struct.
  let closureVars: NameMap<number> | undefined;
  if (fn?.closureVars !== undefined && fn.closureVars.length > 0) {
    closureVars = new NameMap<number>();
    for (const cv of fn.closureVars) {
      const n = fn.dcl[cv.decl];
      if (n === undefined) return ctxt.Diag(`dwarfgen: ${fn.name}: closure var ${cv.decl} out of range`);
      closureVars.set(n, cv.offset);
    }
  }

  const debug = new irFuncDebug(ctxt, fnsym);
  const { decls, vars: dwarfVars } = createDwarfVars(g, isODCLFUNC, apdecls, closureVars, debug);

  // Types of autos that no var DIE refers to, and interface conversion targets other than itabs,
  // stay alive in the linker through R_USETYPE relocations (looked at only if the function
  // survives dead-code elimination).
  addUseTypeRelocs(ctxt, fnsym, infosym, fn?.autoTypes ?? []);

  const files = program.files;
  const marks = fn?.marks ?? [];
  const varScopes = decls.map((d) => findScope(files, marks, declXPos(d.scopePos ?? d.pos)));

  // fnsym.Func().Text != nil: the function has code to walk.
  const progs: readonly IrProg[] | undefined =
    fn !== undefined && (fnsym.func?.text.length ?? 0) > 0 ? fn.progs : undefined;
  const scopes = assembleScopes(
    ctxt,
    files,
    fn ?? {},
    fnsym.abi !== "ABI0",
    progs,
    fnsym.size,
    dwarfVars,
    varScopes,
  );
  let inlcalls: InlCalls = { calls: [] };
  if (g.genDwarfInl > 0) inlcalls = assembleInlines(g, fn?.inlTree ?? [], progs, dwarfVars);
  return { scopes, inlcalls };
}

/**
 * The R_USETYPE part of dwarf.go's Info: fnsym.Func().Autot plus the R_USEIFACE targets of fnsym
 * that are not itabs, sorted by name, duplicates dropped, each an R_USETYPE on `infosym` with
 * Off 0, Siz 0, Add 0 (Go's obj.Reloc literal sets only Type and Sym); Autot is then cleared.
 *
 * `ifaceTypes` are IrFunction.autoTypes: the IR's record of the types the function converts to
 * interfaces (R_USEIFACE targets "type:<name>"), for when the text symbol was not given those
 * relocations; a type both there and in fnsym.R is one symbol and is written once.
 */
export function addUseTypeRelocs(
  ctxt: Link,
  fnsym: LSym,
  infosym: LSym,
  ifaceTypes: readonly string[],
): void {
  const fi = fnsym.func;
  const typesyms: LSym[] = fi === undefined ? [] : [...fi.autot];
  for (const r of fnsym.R) {
    if (r.type === "R_USEIFACE" && !r.sym.name.startsWith("go:itab.")) typesyms.push(r.sym);
  }
  for (const t of ifaceTypes) typesyms.push(ctxt.Lookup(`type:${t}`));
  typesyms.sort((a, b) => compareStrings(a.name, b.name));
  let lastsym: LSym | undefined;
  for (const sym of typesyms) {
    if (sym === lastsym) continue;
    lastsym = sym;
    infosym.addRel({ type: "R_USETYPE", off: 0, siz: 0, sym, add: 0 });
  }
  if (fi !== undefined) fi.autot.clear();
}
