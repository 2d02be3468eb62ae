/**
 * What types.CalcSize computes besides the size, which the IR records (cmd/compile/internal/types
 * size.go, alg.go, Go 1.26, amd64): the alignment, the pointer-bearing prefix (PtrDataSize) and
 * the equality algorithm kind (AlgType), from the kinds, sizes and constituents of the records.
 * Not-in-heap types (NotInHeap) are found as Go finds them: internal/runtime/sys.nih and every
 * struct or array that contains one; pointers and slices of them hold no GC pointers.
 */
import type { IrType } from "../ir.js";
import { CompileError } from "../obj/link.js";
import { noalgPrefix, type Universe } from "./universe.js";

/** types.AlgKind (alg.go). */
export enum AlgKind {
  AUNK = 0,
  ANOEQ,
  ANOALG,
  AMEM,
  AMEM0,
  AMEM8,
  AMEM16,
  AMEM32,
  AMEM64,
  AMEM128,
  ASTRING,
  AINTER,
  ANILINTER,
  AFLOAT32,
  AFLOAT64,
  ACPLX64,
  ACPLX128,
  ASPECIAL,
}

/** alg.go, algPriority: which kind wins when a type's parts disagree. */
function algPriority(a: AlgKind): number {
  switch (a) {
    case AlgKind.ASPECIAL:
      return 1;
    case AlgKind.ANOEQ:
      return 2;
    case AlgKind.ANOALG:
      return 3;
    case AlgKind.AMEM:
      return -1;
    default:
      return 0;
  }
}

/** alg.go, setAlg: raise `cur` to `a` if `a` has the higher priority. */
function setAlg(name: string, cur: AlgKind, a: AlgKind): AlgKind {
  if (algPriority(a) > algPriority(cur)) return a;
  if (a !== cur && algPriority(a) === algPriority(cur))
    throw new CompileError(`ambiguous priority ${AlgKind[a]} and ${AlgKind[cur]} for ${name}`);
  return cur;
}

const depthLimit = 10_000;

/** t.Alignment(): the alignment CalcSize gives a value of the type. */
export function Alignment(u: Universe, name: string, depth = 0): number {
  const t = u.get(name);
  if (depth > depthLimit) throw new CompileError(`type ${name} contains itself`);
  switch (t.kind) {
    case "bool":
    case "int8":
    case "uint8":
      return 1;
    case "int16":
    case "uint16":
      return 2;
    case "int32":
    case "uint32":
    case "float32":
    case "complex64":
      return 4;
    case "array":
      return Alignment(u, elemOf(name, t), depth + 1);
    case "struct": {
      // CalcStructSize: the atomic packages' align64 marker is 8-byte aligned though empty.
      if (name === "sync/atomic.align64" || name === "internal/runtime/atomic.align64") return 8;
      let a = 1;
      for (const f of t.fields ?? []) a = Math.max(a, Alignment(u, f.type, depth + 1));
      return a;
    }
    default:
      return 8;
  }
}

/**
 * t.NotInHeap(): internal/runtime/sys.nih (types.NewNamed recognizes it) and what contains it
 * (CalcStructSize, NewStruct, NewArray; a defined type inherits its underlying type's mark).
 */
export function NotInHeap(u: Universe, name: string, depth = 0): boolean {
  if (name === "internal/runtime/sys.nih") return true;
  const t = u.get(name);
  if (depth > depthLimit) throw new CompileError(`type ${name} contains itself`);
  if (t.kind === "array") return NotInHeap(u, elemOf(name, t), depth + 1);
  if (t.kind === "struct") return (t.fields ?? []).some((f) => NotInHeap(u, f.type, depth + 1));
  return false;
}

/** types.PtrDataSize: the size of the prefix of a value that can hold pointers. */
export function PtrDataSize(u: Universe, name: string, depth = 0): number {
  const t = u.get(name);
  if (depth > depthLimit) throw new CompileError(`type ${name} contains itself`);
  switch (t.kind) {
    case "ptr":
    case "slice":
      return NotInHeap(u, elemOf(name, t)) ? 0 : 8;
    case "unsafepointer":
    case "chan":
    case "map":
    case "func":
    case "string":
      return 8;
    case "interface":
      return 16;
    case "array": {
      const n = t.len ?? 0;
      if (n === 0) return 0;
      const elem = elemOf(name, t);
      const x = PtrDataSize(u, elem, depth + 1);
      return x > 0 ? u.get(elem).size * (n - 1) + x : 0;
    }
    case "struct": {
      const fields = t.fields ?? [];
      for (let i = fields.length - 1; i >= 0; i--) {
        const f = fields[i]!;
        const size = PtrDataSize(u, f.type, depth + 1);
        if (size > 0) return f.offset + size;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** t.HasPointers(). */
export function HasPointers(u: Universe, name: string): boolean {
  return PtrDataSize(u, name) > 0;
}

/** types.IsPaddedField: whether field `i` of struct `t` is followed by padding. */
export function IsPaddedField(u: Universe, t: IrType, i: number): boolean {
  const fields = t.fields ?? [];
  const end = i + 1 < fields.length ? fields[i + 1]!.offset : t.size;
  const f = fields[i]!;
  return f.offset + u.get(f.type).size !== end;
}

/**
 * types.AlgType: how values of the type are compared and hashed, as CalcSize, CalcStructSize
 * and CalcArraySize set it. A type whose name carries the Noalg prefix is ANOALG.
 */
export function AlgType(u: Universe, name: string, depth = 0): AlgKind {
  const t = u.get(name);
  if (depth > depthLimit) throw new CompileError(`type ${name} contains itself`);
  let a = AlgKind.AMEM;
  if (name.startsWith(noalgPrefix)) a = setAlg(name, a, AlgKind.ANOALG);
  switch (t.kind) {
    case "float32":
      return setAlg(name, a, AlgKind.AFLOAT32);
    case "float64":
      return setAlg(name, a, AlgKind.AFLOAT64);
    case "complex64":
      return setAlg(name, a, AlgKind.ACPLX64);
    case "complex128":
      return setAlg(name, a, AlgKind.ACPLX128);
    case "interface":
      return setAlg(name, a, (t.methods ?? 0) === 0 ? AlgKind.ANILINTER : AlgKind.AINTER);
    case "string":
      return setAlg(name, a, AlgKind.ASTRING);
    case "map":
    case "slice":
    case "func":
      return setAlg(name, a, AlgKind.ANOEQ);
    case "array": {
      const elem = AlgType(u, elemOf(name, t), depth + 1);
      switch (elem) {
        case AlgKind.AMEM:
        case AlgKind.ANOEQ:
        case AlgKind.ANOALG:
          return setAlg(name, a, elem);
        default: {
          const n = t.len ?? 0;
          if (n === 0) return setAlg(name, a, AlgKind.AMEM);
          return setAlg(name, a, n === 1 ? elem : AlgKind.ASPECIAL);
        }
      }
    }
    case "struct": {
      const fields = t.fields ?? [];
      if (fields.length === 1 && fields[0]!.name !== "_")
        return setAlg(name, a, AlgType(u, fields[0]!.type, depth + 1));
      for (const [i, f] of fields.entries()) {
        let fa = AlgType(u, f.type, depth + 1);
        switch (fa) {
          case AlgKind.ANOEQ:
          case AlgKind.ANOALG:
            break;
          case AlgKind.AMEM:
            if (f.name === "_" || IsPaddedField(u, t, i)) fa = AlgKind.ASPECIAL;
            break;
          default:
            fa = AlgKind.ASPECIAL;
        }
        a = setAlg(name, a, fa);
      }
      return a;
    }
    default:
      return a;
  }
}

/** types.IsComparable. */
export function IsComparable(u: Universe, name: string): boolean {
  const a = AlgType(u, name);
  return a !== AlgKind.ANOEQ && a !== AlgKind.ANOALG;
}

function elemOf(name: string, t: IrType): string {
  if (t.elem === undefined) throw new CompileError(`type ${name}: ${t.kind} without an elem`);
  return t.elem;
}
