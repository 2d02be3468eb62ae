/**
 * The equality and hash closures a type descriptor points at (Type.Equal, MapType.Hasher):
 * cmd/compile/internal/reflectdata/alg.go's AlgType, geneq, genhash and sysClosure, Go 1.26.
 *
 * Memory, string, interface, float and complex types use the runtime's closures
 * ("runtime.memequal64·f", defined DUPOK by every object that needs them, pointing at the
 * runtime's function). Plain memory of another size gets a `type:.eqfunc<size>` closure over
 * runtime.memequal_varlen. The others (ASPECIAL) get a closure over a function the compiler
 * generates (`type:.eq.<T>`, `type:.hash.<T>`): the model writes the closure and refers to the
 * function, whose code it does not have.
 */
import { CompileError } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { DUPOK, RODATA } from "../obj/plist.js";
import { Global, PtrSize, SymPtr, Uintptr } from "../objw/objw.js";
import { LinkString } from "../types/universe.js";
import { AlgKind, AlgType as typesAlgType } from "../types/size.js";
import type { ReflectState } from "./state.js";

/** alg.go, AlgType: types.AlgType with plain memory of 0 to 16 bytes split by size (amd64). */
export function AlgType(r: ReflectState, name: string): AlgKind {
  const a = typesAlgType(r.u, name);
  if (a !== AlgKind.AMEM) return a;
  // Arch.Alignment is 1 on amd64: no type is too little aligned for its size's fast path.
  switch (r.u.get(name).size) {
    case 0:
      return AlgKind.AMEM0;
    case 1:
      return AlgKind.AMEM8;
    case 2:
      return AlgKind.AMEM16;
    case 4:
      return AlgKind.AMEM32;
    case 8:
      return AlgKind.AMEM64;
    case 16:
      return AlgKind.AMEM128;
    default:
      return a;
  }
}

/** alg.go, sysClosure: the runtime's closure `runtime.<name>·f`, written here if not yet. */
function sysClosure(r: ReflectState, name: string): LSym {
  const s = r.ctxt.Lookup(`runtime.${name}·f`);
  if (s.P.length === 0) {
    SymPtr(s, 0, r.ctxt.Lookup(`runtime.${name}`), 0);
    Global(r.ctxt, s, PtrSize, DUPOK | RODATA);
  }
  return s;
}

/** A closure over runtime.<fn> with the type's size in its second word (.eqfunc<N>, .hashfunc<N>). */
function varlenClosure(r: ReflectState, prefix: string, fn: string, size: number): LSym {
  const closure = r.ctxt.Lookup(`type:${prefix}${size}`);
  if (closure.P.length !== 0) return closure;
  let ot = SymPtr(closure, 0, r.ctxt.Lookup(`runtime.${fn}`), 0);
  ot = Uintptr(closure, ot, size);
  Global(r.ctxt, closure, ot, DUPOK | RODATA);
  return closure;
}

/** A closure over the generated function `type:<fnPrefix><T>` (eqFunc, hashFunc). */
function genClosure(r: ReflectState, prefix: string, fnPrefix: string, name: string): LSym {
  const closure = r.ctxt.Lookup(`type:${prefix}${LinkString(name)}`);
  if (closure.P.length > 0) return closure;
  SymPtr(closure, 0, r.ctxt.Lookup(`type:${fnPrefix}${LinkString(name)}`), 0);
  Global(r.ctxt, closure, PtrSize, DUPOK | RODATA);
  return closure;
}

const equalClosures: Partial<Record<AlgKind, string>> = {
  [AlgKind.AMEM0]: "memequal0",
  [AlgKind.AMEM8]: "memequal8",
  [AlgKind.AMEM16]: "memequal16",
  [AlgKind.AMEM32]: "memequal32",
  [AlgKind.AMEM64]: "memequal64",
  [AlgKind.AMEM128]: "memequal128",
  [AlgKind.ASTRING]: "strequal",
  [AlgKind.AINTER]: "interequal",
  [AlgKind.ANILINTER]: "nilinterequal",
  [AlgKind.AFLOAT32]: "f32equal",
  [AlgKind.AFLOAT64]: "f64equal",
  [AlgKind.ACPLX64]: "c64equal",
  [AlgKind.ACPLX128]: "c128equal",
};

const hashClosures: Partial<Record<AlgKind, string>> = {
  [AlgKind.AMEM0]: "memhash0",
  [AlgKind.AMEM8]: "memhash8",
  [AlgKind.AMEM16]: "memhash16",
  [AlgKind.AMEM32]: "memhash32",
  [AlgKind.AMEM64]: "memhash64",
  [AlgKind.AMEM128]: "memhash128",
  [AlgKind.ASTRING]: "strhash",
  [AlgKind.AINTER]: "interhash",
  [AlgKind.ANILINTER]: "nilinterhash",
  [AlgKind.AFLOAT32]: "f32hash",
  [AlgKind.AFLOAT64]: "f64hash",
  [AlgKind.ACPLX64]: "c64hash",
  [AlgKind.ACPLX128]: "c128hash",
};

/** alg.go, geneq: the closure comparing two values of the type; undefined if not comparable. */
export function geneq(r: ReflectState, name: string): LSym | undefined {
  const a = AlgType(r, name);
  if (a === AlgKind.ANOEQ || a === AlgKind.ANOALG) return undefined;
  const sys = equalClosures[a];
  if (sys !== undefined) return sysClosure(r, sys);
  if (a === AlgKind.AMEM) return varlenClosure(r, ".eqfunc", "memequal_varlen", r.u.get(name).size);
  return genClosure(r, ".eqfunc.", ".eq.", name);
}

/** alg.go, genhash: the closure hashing a value of the type (comparable types only). */
export function genhash(r: ReflectState, name: string): LSym {
  const a = AlgType(r, name);
  const sys = hashClosures[a];
  if (sys !== undefined) return sysClosure(r, sys);
  if (a === AlgKind.AMEM) return varlenClosure(r, ".hashfunc", "memhash_varlen", r.u.get(name).size);
  if (a !== AlgKind.ASPECIAL) throw new CompileError(`genhash ${name}: not comparable`);
  if (r.ctxt.Lookup(`type:.hashfunc.${LinkString(name)}`).P.length > 0)
    return r.ctxt.Lookup(`type:.hashfunc.${LinkString(name)}`);
  // The hash functions of the parts first, as Go generates them.
  const t = r.u.get(name);
  if (t.kind === "array" && t.elem !== undefined) genhash(r, t.elem);
  if (t.kind === "struct") for (const f of t.fields ?? []) genhash(r, f.type);
  return genClosure(r, ".hashfunc.", ".hash.", name);
}
