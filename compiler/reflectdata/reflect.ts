/**
 * The runtime type descriptors, `type:<name>` symbols: cmd/compile/internal/reflectdata/reflect.go's
 * writeType with dcommontype, dextratype, typePkg, NeedEmit, writtenByWriteBasicTypes,
 * WriteBasicTypes and imethods, Go 1.26, linux/amd64, over the program IR's types.
 *
 * A descriptor is laid out as writeType lays it out: the abi.Type header (dcommontype), the
 * kind's fixed fields, the abi.UncommonType of a named type, then the variable-length data (func
 * parameter and result types, interface methods, struct fields). Pointers to other descriptors,
 * names and closures are relocations (R_ADDR, R_ADDROFF, R_WEAKADDROFF for the pointer-to-this of
 * unnamed types, R_KEEP), as in Go's objects; the descriptor symbol is SRODATA, DUPOK unless the
 * type is a defined, non-generic type (the linker's GoType flag follows from the name and kind).
 *
 * What the IR does not carry, the descriptors cannot either: methods of named types (no
 * abi.Method tables: the uncommon type says 0 methods), struct tags, and not-in-heap types.
 * Interface methods are written from IrType.imethods, unnamed when the IR gives only a count.
 */
import type { IrImethod, IrType } from "../ir.js";
import { CompileError } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { DUPOK, RODATA } from "../obj/plist.js";
import {
  Global,
  PtrSize,
  SymPtr,
  SymPtrOff,
  SymPtrWeakOff,
  Uint8,
  Uint16,
  Uint32,
  Uintptr,
} from "../objw/objw.js";
import * as rttype from "../../abi/abi.js";
import { irKind } from "../types/kind.js";
import { NameString, TypeHash } from "../types/fmt.js";
import { Alignment, AlgKind, AlgType } from "../types/size.js";
import { HasShape, IsExported, IsFullyInstantiated, type Pkg, pkgOf, SymOf } from "../types/sym.js";
import { LinkString, predeclared } from "../types/universe.js";
import { geneq } from "./alg.js";
import { dgcsym } from "./gcdata.js";
import { writeMapType } from "./map.js";
import { dgopkgpath, dgopkgpathOff, dname } from "./names.js";
import type { ReflectState } from "./state.js";

/** The linker symbol name of a type's descriptor (types.TypeSym(t).Linksym()). */
export function TypeLinksymName(name: string): string {
  return `type:${name}`;
}

/** reflect.go, TypeLinksym: the descriptor symbol of a type (written or not). */
export function TypeLinksym(r: ReflectState, name: string): LSym {
  return r.ctxt.Lookup(TypeLinksymName(name));
}

/** reflect.go, methods: the methods of a non-interface type. The IR records none. */
function methods(_r: ReflectState, _name: string): readonly never[] {
  return [];
}

/** reflect.go, uncommonSize: an uncommon type follows named types and types with methods. */
function uncommonSize(r: ReflectState, name: string, t: IrType): number {
  if (SymOf(r.u, name, t) === undefined && methods(r, name).length === 0) return 0;
  return rttype.UncommonType.size;
}

/** reflect.go, imethods: the interface's methods in CompareSyms order (unnamed if not recorded). */
function imethods(name: string, t: IrType): readonly (IrImethod | undefined)[] {
  const ms = t.imethods ?? (name === "error" ? predeclared.error!.imethods : undefined);
  if (ms !== undefined) return ms;
  return new Array<undefined>(t.methods ?? 0).fill(undefined);
}

/** reflect.go, typePkg: the package an uncommon type names (a named type's, or its elem's). */
function typePkg(r: ReflectState, name: string, t: IrType): Pkg | undefined {
  let sym = SymOf(r.u, name, t);
  if (sym === undefined && ["array", "slice", "ptr", "chan"].includes(t.kind) && t.elem !== undefined)
    sym = SymOf(r.u, t.elem, r.u.get(t.elem));
  return sym?.pkg;
}

/** reflect.go, writtenByWriteBasicTypes: the types only package runtime writes. */
export function writtenByWriteBasicTypes(r: ReflectState, name: string): boolean {
  let t = r.u.get(name);
  if (t.named !== true && t.kind === "func") {
    if (
      t.params?.length === 1 &&
      t.params[0] === "error" &&
      t.results?.length === 1 &&
      t.results[0] === "string" &&
      t.variadic !== true
    )
      return true;
  }
  if (t.named !== true && t.kind === "slice") {
    name = t.elem ?? "";
    t = r.u.get(name);
  }
  const sym = SymOf(r.u, name, t);
  if (sym !== undefined && (sym.pkg === undefined || sym.pkg.path === "unsafe")) return true;
  return (sym === undefined && t.kind === "interface" && (t.methods ?? 0) === 0) || name === "error";
}

/** reflect.go, NeedEmit: whether this package writes the type's descriptor. */
export function NeedEmit(r: ReflectState, name: string): boolean {
  if (r.opts.needEmit !== undefined) return r.opts.needEmit(name);
  const t = r.u.get(name);
  const sym = SymOf(r.u, name, t);
  if (writtenByWriteBasicTypes(r, name)) return r.localPkg === "runtime";
  if (sym === undefined) return true;
  if (sym.pkg?.path === r.localPkg) return true;
  return IsFullyInstantiated(name, t) || HasShape(name);
}

/** reflect.go, dcommontype: the abi.Type header of the descriptor. */
function dcommontype(r: ReflectState, lsym: LSym, name: string, t: IrType): void {
  const u = r.u;
  const eqfunc = geneq(r, name);

  let sptrWeak = true;
  let sptr: LSym | undefined;
  if (t.kind !== "ptr" || u.IsPtrElem(name)) {
    const tptr = u.NewPtr(name);
    if (t.named === true || methods(r, tptr).length > 0) sptrWeak = false;
    sptr = writeType(r, tptr);
  }

  const { lsym: gcsym, onDemand, ptrdata } = dgcsym(r, name, true, true);

  Uintptr(lsym, rttype.Type.Size_, t.size);
  Uintptr(lsym, rttype.Type.PtrBytes, ptrdata);
  Uint32(lsym, rttype.Type.Hash, TypeHash(name));

  const sym = SymOf(u, name, t);
  let tflag = 0;
  if (uncommonSize(r, name, t) !== 0) tflag |= rttype.TFlag.Uncommon;
  if (sym !== undefined && sym.name !== "") tflag |= rttype.TFlag.Named;
  if (AlgType(u, name) === AlgKind.AMEM) tflag |= rttype.TFlag.RegularMemory;
  if (onDemand) tflag |= rttype.TFlag.GCMaskOnDemand;

  let exported = false;
  let p = NameString(u, name);
  // "*T"[1:] is T's string: T and *T share one name symbol.
  if (!p.startsWith("*")) {
    p = `*${p}`;
    tflag |= rttype.TFlag.ExtraStar;
    if (sym !== undefined) exported = IsExported(sym.name);
  } else if (t.elem !== undefined) {
    const esym = SymOf(u, t.elem, u.get(t.elem));
    if (esym !== undefined) exported = IsExported(esym.name);
  }
  if (t.size === PtrSize && ptrdata === PtrSize) tflag |= rttype.TFlag.DirectIface;
  Uint8(lsym, rttype.Type.TFlag, tflag);

  const align = Alignment(u, name);
  Uint8(lsym, rttype.Type.Align_, align);
  Uint8(lsym, rttype.Type.FieldAlign_, align);
  Uint8(lsym, rttype.Type.Kind_, irKind[t.kind]);

  writePtr(lsym, rttype.Type.Equal, eqfunc);
  writePtr(lsym, rttype.Type.GCData, gcsym);

  SymPtrOff(lsym, rttype.Type.Str, dname(r, p, "", undefined, exported, false));
  if (sptr === undefined) Uint32(lsym, rttype.Type.PtrToThis, 0);
  else if (sptrWeak) SymPtrWeakOff(lsym, rttype.Type.PtrToThis, sptr);
  else SymPtrOff(lsym, rttype.Type.PtrToThis, sptr);
}

/** rttype.Cursor.WritePtr: a pointer to `target`, or nil. */
function writePtr(lsym: LSym, off: number, target: LSym | undefined): void {
  if (target === undefined) Uintptr(lsym, off, 0);
  else SymPtr(lsym, off, target, 0);
}

/** rttype.Cursor.WriteSlice: a slice header of `n` elements at `target` + `off`. */
function writeSlice(lsym: LSym, at: number, target: LSym, off: number, n: number): void {
  SymPtr(lsym, at + rttype.SliceHeader.Data, target, off);
  Uintptr(lsym, at + rttype.SliceHeader.Len, n);
  Uintptr(lsym, at + rttype.SliceHeader.Cap, n);
}

/** reflect.go, dextratype: the abi.UncommonType at `off` (no methods: the IR records none). */
function dextratype(
  r: ReflectState,
  lsym: LSym,
  off: number,
  name: string,
  t: IrType,
  dataAdd: number,
): void {
  const m = methods(r, name);
  if (SymOf(r.u, name, t) === undefined && m.length === 0)
    throw new CompileError(`extra requested of type with no extra info ${name}`);
  dgopkgpathOff(r, lsym, off + rttype.UncommonType.PkgPath, typePkg(r, name, t));
  dataAdd += uncommonSize(r, name, t);
  Uint16(lsym, off + rttype.UncommonType.Mcount, m.length);
  Uint16(lsym, off + rttype.UncommonType.Xcount, 0);
  Uint32(lsym, off + rttype.UncommonType.Moff, dataAdd);
}

/**
 * The package of a struct's unexported fields (all of them come from one): a named struct's own,
 * none (nopkg) for the compiler's Noalg structs, else the qualifier LinkString gives the field.
 */
function fieldPkg(r: ReflectState, name: string, t: IrType, field: string): Pkg {
  const sym = SymOf(r.u, name, t);
  if (sym?.pkg !== undefined) return sym.pkg;
  if (name.startsWith("noalg.")) return { path: "", prefix: "", name: "" };
  const q = new RegExp(`[{;] ([^ ;{}]+)\\.${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `).exec(
    LinkString(name),
  );
  return pkgOf(r.u, q?.[1] ?? r.localPkg);
}

/** reflect.go, writeType: the descriptor symbol of a type, written if this package emits it. */
export function writeType(r: ReflectState, name: string): LSym {
  const u = r.u;
  const t = u.get(name);
  const lsym = TypeLinksym(r, name);

  let tbase = name;
  if (t.kind === "ptr" && t.named !== true && t.elem !== undefined && u.get(t.elem).named === true)
    tbase = t.elem;

  if (r.siggen.has(name)) return lsym;
  r.siggen.add(name);
  const own = NeedEmit(r, tbase);
  // The runtime always writes its basic types; the model's runtime stand-in does too.
  if (!own && (r.opts.standIns !== true || writtenByWriteBasicTypes(r, tbase))) return lsym;

  const extra = SymOf(u, name, t) !== undefined || methods(r, name).length !== 0;
  let B: number;
  let dataAdd = 0;
  switch (t.kind) {
    case "array":
      B = rttype.ArrayType.size;
      break;
    case "slice":
      B = rttype.SliceType.size;
      break;
    case "chan":
      B = rttype.ChanType.size;
      break;
    case "func":
      B = rttype.FuncType.size;
      dataAdd = ((t.params?.length ?? 0) + (t.results?.length ?? 0)) * PtrSize;
      break;
    case "interface":
      B = rttype.InterfaceType.size;
      dataAdd = imethods(name, t).length * rttype.IMethod.size;
      break;
    case "map":
      B = rttype.MapType.size;
      break;
    case "ptr":
      B = rttype.PtrType.size;
      break;
    case "struct":
      B = rttype.StructType.size;
      dataAdd = (t.fields?.length ?? 0) * rttype.StructField.size;
      break;
    default:
      B = rttype.Type.size;
  }
  const C = extra ? B + rttype.UncommonType.size : B;
  const D = C + dataAdd;
  const E = D + methods(r, name).length * rttype.Method.size;

  dcommontype(r, lsym, name, t);

  switch (t.kind) {
    case "array": {
      const s1 = writeType(r, t.elem!);
      const s2 = writeType(r, u.NewSlice(t.elem!));
      SymPtr(lsym, rttype.ArrayType.Elem, s1, 0);
      SymPtr(lsym, rttype.ArrayType.Slice, s2, 0);
      Uintptr(lsym, rttype.ArrayType.Len, t.len ?? 0);
      break;
    }
    case "slice":
      SymPtr(lsym, rttype.SliceType.Elem, writeType(r, t.elem!), 0);
      break;
    case "chan":
      SymPtr(lsym, rttype.ChanType.Elem, writeType(r, t.elem!), 0);
      Uintptr(lsym, rttype.ChanType.Dir, rttype.ChanDir[t.dir ?? "both"]);
      break;
    case "func": {
      const typs = [...(t.params ?? []), ...(t.results ?? [])];
      for (const p of typs) writeType(r, p);
      let outCount = t.results?.length ?? 0;
      if (t.variadic === true) outCount |= 1 << 15;
      Uint16(lsym, rttype.FuncType.InCount, t.params?.length ?? 0);
      Uint16(lsym, rttype.FuncType.OutCount, outCount);
      for (const [i, p] of typs.entries()) SymPtr(lsym, C + i * PtrSize, writeType(r, p), 0);
      break;
    }
    case "interface": {
      const m = imethods(name, t);
      for (const a of m) if (a !== undefined) writeType(r, a.type);
      const sym = SymOf(u, name, t);
      const tpkg = name !== "error" ? sym?.pkg : undefined;
      dgopkgpath(r, lsym, rttype.InterfaceType.PkgPath, tpkg);
      writeSlice(lsym, rttype.InterfaceType.Methods, lsym, C, m.length);
      for (const [i, a] of m.entries()) {
        const at = C + i * rttype.IMethod.size;
        if (a === undefined) {
          Uint32(lsym, at + rttype.IMethod.Name, 0);
          Uint32(lsym, at + rttype.IMethod.Typ, 0);
          continue;
        }
        const exported = IsExported(a.name);
        // An unexported method's package: its own, unless it is the (named) interface's.
        const mpkg = a.pkg ?? tpkg?.prefix ?? r.localPkg;
        const pkg = !exported && mpkg !== tpkg?.prefix ? pkgOf(u, mpkg) : undefined;
        SymPtrOff(lsym, at + rttype.IMethod.Name, dname(r, a.name, "", pkg, exported, false));
        SymPtrOff(lsym, at + rttype.IMethod.Typ, writeType(r, a.type));
      }
      break;
    }
    case "map":
      writeMapType(r, name, lsym);
      break;
    case "ptr":
      SymPtr(lsym, rttype.PtrType.Elem, writeType(r, t.elem!), 0);
      break;
    case "struct": {
      const fields = t.fields ?? [];
      for (const f of fields) writeType(r, f.type);
      const unexported = fields.find((f) => !IsExported(f.name));
      const spkg = unexported === undefined ? undefined : fieldPkg(r, name, t, unexported.name);
      dgopkgpath(r, lsym, rttype.StructType.PkgPath, spkg);
      writeSlice(lsym, rttype.StructType.Fields, lsym, C, fields.length);
      for (const [i, f] of fields.entries()) {
        const at = C + i * rttype.StructField.size;
        // dnameField: field names carry no package (the struct's PkgPath has it), no tag in the IR.
        const nsym = dname(r, f.name, "", undefined, IsExported(f.name), f.embedded === true);
        SymPtr(lsym, at + rttype.StructField.Name, nsym, 0);
        SymPtr(lsym, at + rttype.StructField.Typ, writeType(r, f.type), 0);
        Uintptr(lsym, at + rttype.StructField.Offset, f.offset);
      }
      break;
    }
    default:
      break;
  }

  if (extra) dextratype(r, lsym, B, name, t, dataAdd);

  // Unnamed, instantiated and shape types may be written by several packages; so may a stand-in copy.
  const bt = u.get(tbase);
  const dupok = !own || bt.named !== true || IsFullyInstantiated(tbase, bt) || HasShape(tbase) ? DUPOK : 0;
  Global(r.ctxt, lsym, E, dupok | RODATA);

  // Typelinks: unnamed types reflect can construct at run time; never Noalg ones (issue 22605).
  let keep = false;
  if (t.named !== true) keep = ["ptr", "array", "chan", "func", "map", "slice", "struct"].includes(t.kind);
  if (AlgType(u, name) === AlgKind.ANOALG) keep = false;
  lsym.set("MakeTypelink", keep);
  return lsym;
}

/** The basic types WriteBasicTypes writes (with a pointer, a slice and a pointer to a slice of each). */
export const basicTypes: readonly string[] = [
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "int",
  "uint",
  "uintptr",
  "complex64",
  "complex128",
  "float32",
  "float64",
  "bool",
  "string",
  "unsafe.Pointer",
  "interface {}",
  "error",
];

/**
 * reflect.go, WriteBasicTypes: what package runtime writes for every program: a pointer to each
 * basic type, string, unsafe.Pointer, any and error, and to a slice of each, and to
 * func(error) string.
 */
export function WriteBasicTypes(r: ReflectState): void {
  if (r.localPkg !== "runtime") return;

  for (const t of basicTypes) {
    writeType(r, r.u.NewPtr(t));
    writeType(r, r.u.NewPtr(r.u.NewSlice(t)));
  }
  const fn = r.u.define("func(error) string", {
    kind: "func",
    size: 8,
    params: ["error"],
    results: ["string"],
  });
  writeType(r, r.u.NewPtr(fn));
}

/** reflect.go, NeedRuntimeType: ask for the type's descriptor (written by WriteRuntimeTypes). */
export function NeedRuntimeType(r: ReflectState, name: string): void {
  if (r.signatset.has(name)) return;
  r.signatset.add(name);
  r.signatslice.push(name);
}

/**
 * reflect.go, typesStrCmp: named types first, then by TypeSymName. (Go breaks ties by the
 * types' String and source positions, which types that differ in name never need.)
 */
function typesStrCmp(r: ReflectState, a: string, b: string): number {
  const an = r.u.get(a).named === true;
  const bn = r.u.get(b).named === true;
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * reflect.go, WriteRuntimeTypes: write every type NeedRuntimeType asked for, in sorted batches
 * (writing one may ask for more), and the pointer type of each named one.
 */
export function WriteRuntimeTypes(r: ReflectState): void {
  while (r.signatslice.length > 0) {
    const signats = r.signatslice.splice(0).sort((a, b) => typesStrCmp(r, a, b));
    for (const t of signats) {
      writeType(r, t);
      if (r.u.get(t).named === true) writeType(r, r.u.NewPtr(t));
    }
  }
}
