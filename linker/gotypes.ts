/**
 * Go types as the linker sees them, on amd64: the kind (internal/abi.Kind, type.go) and the size.
 * Go's linker decodes both from the runtime type descriptor (decodetypeKind, decodetypeSize in
 * ld/decodesym.go). The model's objects carry no descriptors; the program's type table
 * (IrProgram.types) stands in for them, and without it the predeclared types and the shapes of
 * type literals are read off the name (goTypeInfo), anything else (named structs, arrays of them)
 * being unknown.
 */
import type { IrTypeKind } from "../compiler/ir.js";

/** internal/abi.Kind. */
export const Kind = {
  Invalid: 0,
  Bool: 1,
  Int: 2,
  Int8: 3,
  Int16: 4,
  Int32: 5,
  Int64: 6,
  Uint: 7,
  Uint8: 8,
  Uint16: 9,
  Uint32: 10,
  Uint64: 11,
  Uintptr: 12,
  Float32: 13,
  Float64: 14,
  Complex64: 15,
  Complex128: 16,
  Array: 17,
  Chan: 18,
  Func: 19,
  Interface: 20,
  Map: 21,
  Pointer: 22,
  Slice: 23,
  String: 24,
  Struct: 25,
  UnsafePointer: 26,
} as const;

const predeclared: Readonly<Record<string, readonly [kind: number, size: number]>> = {
  bool: [Kind.Bool, 1],
  int: [Kind.Int, 8],
  int8: [Kind.Int8, 1],
  int16: [Kind.Int16, 2],
  int32: [Kind.Int32, 4],
  rune: [Kind.Int32, 4],
  int64: [Kind.Int64, 8],
  uint: [Kind.Uint, 8],
  uint8: [Kind.Uint8, 1],
  byte: [Kind.Uint8, 1],
  uint16: [Kind.Uint16, 2],
  uint32: [Kind.Uint32, 4],
  uint64: [Kind.Uint64, 8],
  uintptr: [Kind.Uintptr, 8],
  float32: [Kind.Float32, 4],
  float64: [Kind.Float64, 8],
  complex64: [Kind.Complex64, 8],
  complex128: [Kind.Complex128, 16],
  string: [Kind.String, 16],
  error: [Kind.Interface, 16],
  any: [Kind.Interface, 16],
  "unsafe.Pointer": [Kind.UnsafePointer, 8],
};

/** The kind and size of a type named like types.TypeSymName prints it, when the name tells. */
export function goTypeInfo(name: string): { kind: number; size: number } | undefined {
  const p = predeclared[name];
  if (p !== undefined) return { kind: p[0], size: p[1] };
  if (name.startsWith("*")) return { kind: Kind.Pointer, size: 8 };
  if (name.startsWith("[]")) return { kind: Kind.Slice, size: 24 };
  if (name.startsWith("map[")) return { kind: Kind.Map, size: 8 };
  if (name.startsWith("chan ") || name.startsWith("<-chan ")) return { kind: Kind.Chan, size: 8 };
  if (name.startsWith("func(")) return { kind: Kind.Func, size: 8 };
  if (name.startsWith("interface {")) return { kind: Kind.Interface, size: 16 };
  const arr = /^\[(\d+)\](.+)$/.exec(name);
  if (arr !== null) {
    const elem = goTypeInfo(arr[2]!);
    if (elem !== undefined) return { kind: Kind.Array, size: Number(arr[1]) * elem.size };
  }
  return undefined;
}

/** The abi.Kind of an IR type kind. */
export function kindOf(k: IrTypeKind): number {
  switch (k) {
    case "ptr":
      return Kind.Pointer;
    case "unsafepointer":
      return Kind.UnsafePointer;
    default: {
      const name = (k[0]!.toUpperCase() + k.slice(1)) as keyof typeof Kind;
      return Kind[name];
    }
  }
}
