/** The abi.Kind of each of the IR's type kinds (the IR names them as types.Kind's String does). */
import { Kind } from "../../abi/abi.js";
import type { IrTypeKind } from "../ir.js";

export const irKind: Readonly<Record<IrTypeKind, number>> = {
  bool: Kind.Bool,
  int: Kind.Int,
  int8: Kind.Int8,
  int16: Kind.Int16,
  int32: Kind.Int32,
  int64: Kind.Int64,
  uint: Kind.Uint,
  uint8: Kind.Uint8,
  uint16: Kind.Uint16,
  uint32: Kind.Uint32,
  uint64: Kind.Uint64,
  uintptr: Kind.Uintptr,
  float32: Kind.Float32,
  float64: Kind.Float64,
  complex64: Kind.Complex64,
  complex128: Kind.Complex128,
  array: Kind.Array,
  chan: Kind.Chan,
  func: Kind.Func,
  interface: Kind.Interface,
  map: Kind.Map,
  ptr: Kind.Pointer,
  slice: Kind.Slice,
  string: Kind.String,
  struct: Kind.Struct,
  unsafepointer: Kind.UnsafePointer,
};
