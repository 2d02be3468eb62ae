/**
 * internal/abi (type.go, map.go), Go 1.26: the runtime's type descriptors as both sides of the
 * toolchain see them, the one home of these facts. The compiler writes descriptors with these
 * layouts (cmd/compile/internal/rttype lays out Type, ArrayType, ChanType, FuncType,
 * InterfaceType, MapType, PtrType, SliceType, StructType, StructField, UncommonType, Method and
 * Imethod with types.CalcStructSize, for a 64-bit target); the linker decodes them
 * (cmd/link/internal/ld/decodesym.go). Field offsets in bytes; Go's Cursor.Field("Name") is
 * `Struct.Name` here.
 */

/** abi.Type (the common header every descriptor starts with). */
export const Type = {
  Size_: 0,
  PtrBytes: 8,
  Hash: 16,
  TFlag: 20,
  Align_: 21,
  FieldAlign_: 22,
  Kind_: 23,
  Equal: 24,
  GCData: 32,
  Str: 40,
  PtrToThis: 44,
  size: 48,
} as const;

/** abi.ArrayType. */
export const ArrayType = { Elem: 48, Slice: 56, Len: 64, size: 72 } as const;

/** abi.ChanType. */
export const ChanType = { Elem: 48, Dir: 56, size: 64 } as const;

/** abi.FuncType: the two counts, padded to pointer alignment. */
export const FuncType = { InCount: 48, OutCount: 50, size: 56 } as const;

/** abi.InterfaceType: PkgPath (an abi.Name, one pointer) and the Methods slice. */
export const InterfaceType = { PkgPath: 48, Methods: 56, size: 80 } as const;

/** abi.MapType (the swiss map's). */
export const MapType = {
  Key: 48,
  Elem: 56,
  Group: 64,
  Hasher: 72,
  GroupSize: 80,
  SlotSize: 88,
  ElemOff: 96,
  Flags: 104,
  size: 112,
} as const;

/** abi.PtrType. */
export const PtrType = { Elem: 48, size: 56 } as const;

/** abi.SliceType. */
export const SliceType = { Elem: 48, size: 56 } as const;

/** abi.StructType: PkgPath (an abi.Name) and the Fields slice. */
export const StructType = { PkgPath: 48, Fields: 56, size: 80 } as const;

/** abi.StructField. */
export const StructField = { Name: 0, Typ: 8, Offset: 16, size: 24 } as const;

/** abi.UncommonType (its last uint32 is unused). */
export const UncommonType = { PkgPath: 0, Mcount: 4, Xcount: 6, Moff: 8, size: 16 } as const;

/** abi.Method. */
export const Method = { Name: 0, Mtyp: 4, Ifn: 8, Tfn: 12, size: 16 } as const;

/** abi.Imethod. */
export const IMethod = { Name: 0, Typ: 4, size: 8 } as const;

/** A slice header's len and cap, after its pointer. */
export const SliceHeader = { Data: 0, Len: 8, Cap: 16, size: 24 } as const;

/** abi.TFlag bits (internal/abi/type.go). */
export const TFlag = {
  Uncommon: 1 << 0,
  ExtraStar: 1 << 1,
  Named: 1 << 2,
  RegularMemory: 1 << 3,
  GCMaskOnDemand: 1 << 4,
  DirectIface: 1 << 5,
} as const;

/** abi.Kind (type.go). */
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

/** abi.ChanDir: RecvDir 1, SendDir 2, BothDir 3. */
export const ChanDir = { recv: 1, send: 2, both: 3 } as const;

/** internal/abi/map.go: the swiss map's constants and MapType.Flags bits. */
export const MapGroupSlots = 8;
export const MapMaxKeyBytes = 128;
export const MapMaxElemBytes = 128;
export const MapNeedKeyUpdate = 1 << 0;
export const MapHashMightPanic = 1 << 1;
export const MapIndirectKey = 1 << 2;
export const MapIndirectElem = 1 << 3;

/** internal/abi/type.go, MaxPtrmaskBytes: larger GC masks are built on demand at run time. */
export const MaxPtrmaskBytes = 2048;
