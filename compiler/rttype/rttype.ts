/**
 * The layouts of the runtime's type structures that reflectdata writes, for a 64-bit target:
 * cmd/compile/internal/rttype (rttype.go), which lays out internal/abi's Type, ArrayType,
 * ChanType, FuncType, InterfaceType, MapType, PtrType, SliceType, StructType, StructField,
 * UncommonType, Method and Imethod (internal/abi/type.go, map.go) with types.CalcStructSize.
 * Field offsets in bytes; Go's Cursor.Field("Name") is `Struct.Name` here.
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

/** abi.Kind numbers (internal/abi/type.go), by the IR's kind names. */
export const Kind = {
  bool: 1,
  int: 2,
  int8: 3,
  int16: 4,
  int32: 5,
  int64: 6,
  uint: 7,
  uint8: 8,
  uint16: 9,
  uint32: 10,
  uint64: 11,
  uintptr: 12,
  float32: 13,
  float64: 14,
  complex64: 15,
  complex128: 16,
  array: 17,
  chan: 18,
  func: 19,
  interface: 20,
  map: 21,
  ptr: 22,
  slice: 23,
  string: 24,
  struct: 25,
  unsafepointer: 26,
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
