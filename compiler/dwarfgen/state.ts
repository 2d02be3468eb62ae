/**
 * What dwarfgen reads from Go's package globals while it works on one function: base.Ctxt (the
 * Link), base.Flag (-N, -gendwarfinl), the function being described and its symbol. Go reaches
 * these through globals; here one `fnGen` value is handed down, built once per Info call.
 *
 * Also the identity of declarations. Go tracks *ir.Name pointers (ir.NameSet, map keys). The IR
 * is JSON, so identity is the IrDecl object, with one bridge: a function compiled here keeps the
 * same *ir.Name nodes in fn.Inl.Dcl as in fn.Dcl (inline.CanInline copies the slice, not the
 * names), but the IR lists inlDcl as separate objects. `NameSet.HasCanonical` and
 * `NameMap.getCanonical` therefore also match by (name, class, file, line, col, inlining index).
 */
import type { IrDecl, IrFunction, IrPos, IrProgram } from "../ir.js";
import type { CurFunc } from "../gc/curfn.js";
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";

/** The state of one Info call. */
export interface fnGen {
  ctxt: Link;
  fnsym: LSym;
  curfn: CurFunc;
  program: IrProgram;
  /** base.Flag.GenDwarfInl (-gendwarfinl, default 2; 0 when -dwarf=false). */
  genDwarfInl: number;
  /** base.Flag.N. */
  flagN: number;
}

/** base.Flag.GenDwarfInl as gc.Main leaves it: -gendwarfinl, forced to 0 by -dwarf=false. */
export function genDwarfInlOf(program: IrProgram): number {
  const f = program.flags;
  if (f?.dwarf === false) return 0;
  return f?.gendwarfinl ?? 2;
}

/** The CurFunc that obj hands to the hooks (an `any` in Go: obj.Func); checked, not trusted. */
export function asCurFunc(ctxt: Link, x: unknown): CurFunc {
  if (typeof x === "object" && x !== null) {
    const k = (x as { kind?: unknown }).kind;
    if ((k === "local" || k === "imported") && "fn" in x && "program" in x) return x as CurFunc;
  }
  return ctxt.Diag(`dwarfgen: curfn is not a CurFunc: ${String(x)}`);
}

/** The compiled function, when the CurFunc is one of this package's (ir.Func with a body). */
export function localFunc(curfn: CurFunc): IrFunction | undefined {
  return curfn.kind === "local" ? curfn.fn : undefined;
}

/** The file name of a position: program.files[pos.file] (what RelFilename gives). */
export function fileName(g: { ctxt: Link; program: IrProgram }, pos: IrPos): string {
  const f = g.program.files[pos.file];
  if (f === undefined) return g.ctxt.Diag(`dwarfgen: file index ${pos.file} out of range`);
  return f;
}

/** The identity key of a declaration, used to match fn.Inl.Dcl entries with fn.Dcl entries. */
export function declKey(n: IrDecl): string {
  return `${n.name}\u0000${n.class}\u0000${n.pos.file}:${n.pos.line}:${n.pos.col}:${n.pos.inl}`;
}

/** ir.NameSet over IrDecl objects. */
export class NameSet {
  private readonly objs = new Set<IrDecl>();
  private readonly keys = new Set<string>();

  Add(n: IrDecl): void {
    this.objs.add(n);
    this.keys.add(declKey(n));
  }

  /** Has(n): by identity, as Go's pointer set. */
  Has(n: IrDecl): boolean {
    return this.objs.has(n);
  }

  /** Has(n) for a name that may be the fn.Inl.Dcl twin of one in fn.Dcl (see the file comment). */
  HasCanonical(n: IrDecl): boolean {
    return this.objs.has(n) || this.keys.has(declKey(n));
  }
}

/** map[*ir.Name]T over IrDecl objects, with the same fn.Inl.Dcl bridge as NameSet. */
export class NameMap<T> {
  private readonly objs = new Map<IrDecl, T>();
  private readonly keys = new Map<string, T>();

  set(n: IrDecl, v: T): void {
    this.objs.set(n, v);
    this.keys.set(declKey(n), v);
  }

  getCanonical(n: IrDecl): T | undefined {
    return this.objs.get(n) ?? this.keys.get(declKey(n));
  }
}
