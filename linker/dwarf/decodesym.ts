/**
 * Decoding the runtime type descriptors, the `type:<name>` symbols cmd/compile's reflectdata
 * writes (cmd/link/internal/ld/decodesym.go, Go 1.26, and the method decoders of ld/deadcode.go:
 * decodeMethodSig, decodeIfaceMethod, decodeGenericIfaceMethod, decodetypeMethods). The layout is
 * internal/abi's (type.go, map.go, compiletype.go): little-endian, the pointer size given by the
 * caller where Go passes the arch.
 *
 * A descriptor's pointers to other descriptors are not in its bytes but in its relocations: the
 * element of a pointer type is the target of the relocation at the pointer's offset
 * (decodeRelocSym), and a name (abi.Name) is the data of the `type:.namedata.*` symbol a
 * relocation at the NameOff points at. Go passes `ldr.Data(s)` and `ldr.Relocs(s)`; here they
 * are `s.P` and `s.R`.
 */
import { Kind, TFlag } from "../../abi/abi.js";
import { LinkError } from "../load.js";
import type { LinkReloc, LinkSym } from "../sym.js";

/** abi.CommonSize: the size of abi.Type (48 bytes on 64-bit). */
export function commonsize(ptrSize: number): number {
  return 4 * ptrSize + 8 + 8;
}

/** abi.StructFieldSize: the size of abi.StructField. */
export function structfieldSize(ptrSize: number): number {
  return 3 * ptrSize;
}

/** abi.UncommonSize: the size of abi.UncommonType. */
export function uncommonSize(): number {
  return 4 + 2 + 2 + 4 + 4;
}

/** abi.TFlagOff: the offset of Type.TFlag. */
export function TFlagOff(ptrSize: number): number {
  return 2 * ptrSize + 4;
}

/** abi.ITabTypeOff: the offset of ITab.Type. */
export function ITabTypeOff(ptrSize: number): number {
  return ptrSize;
}

/** decodesym.go, decodeInuxi: the little-endian unsigned integer of `sz` bytes at `off`. */
export function decodeInuxi(p: Uint8Array, off: number, sz: number): number {
  if (sz !== 2 && sz !== 4 && sz !== 8) throw new LinkError(`dwarf: decode inuxi ${sz}`);
  if (off < 0 || off + sz > p.length)
    throw new LinkError(
      `dwarf: decode of ${sz} bytes at ${off} past the end of ${p.length} bytes of type data`,
    );
  let v = 0;
  for (let k = sz - 1; k >= 0; k--) v = v * 256 + p[off + k]!;
  return v;
}

function byteAt(p: Uint8Array, off: number): number {
  const b = p[off];
  if (b === undefined)
    throw new LinkError(`dwarf: decode of byte ${off} past the end of ${p.length} bytes of type data`);
  return b;
}

/** decodesym.go, decodetypeKind: Type.Kind_ (an abi/abi.ts Kind). */
export function decodetypeKind(ptrSize: number, p: Uint8Array): number {
  return byteAt(p, 2 * ptrSize + 7);
}

/** decodesym.go, decodetypeSize: Type.Size_. */
export function decodetypeSize(ptrSize: number, p: Uint8Array): number {
  return decodeInuxi(p, 0, ptrSize);
}

/** decodesym.go, decodetypePtrdata: Type.PtrBytes. */
export function decodetypePtrdata(ptrSize: number, p: Uint8Array): number {
  return decodeInuxi(p, ptrSize, ptrSize);
}

/** decodesym.go, decodetypeHasUncommon: TFlagUncommon (an abi.UncommonType follows the type). */
export function decodetypeHasUncommon(ptrSize: number, p: Uint8Array): boolean {
  return (byteAt(p, TFlagOff(ptrSize)) & TFlag.Uncommon) !== 0;
}

/** decodesym.go, decodetypeGCMaskOnDemand: TFlagGCMaskOnDemand. */
export function decodetypeGCMaskOnDemand(ptrSize: number, p: Uint8Array): boolean {
  return (byteAt(p, TFlagOff(ptrSize)) & TFlag.GCMaskOnDemand) !== 0;
}

/** decodesym.go, decodetypeFuncDotdotdot: the top bit of FuncType.OutCount. */
export function decodetypeFuncDotdotdot(ptrSize: number, p: Uint8Array): boolean {
  return (decodeInuxi(p, commonsize(ptrSize) + 2, 2) & (1 << 15)) !== 0;
}

/** decodesym.go, decodetypeFuncInCount: FuncType.InCount. */
export function decodetypeFuncInCount(ptrSize: number, p: Uint8Array): number {
  return decodeInuxi(p, commonsize(ptrSize), 2);
}

/** decodesym.go, decodetypeFuncOutCount: FuncType.OutCount without the dotdotdot bit. */
export function decodetypeFuncOutCount(ptrSize: number, p: Uint8Array): number {
  return decodeInuxi(p, commonsize(ptrSize) + 2, 2) & ((1 << 15) - 1);
}

/** decodesym.go, decodetypeIfaceMethodCount: len(InterfaceType.Methods). */
export function decodetypeIfaceMethodCount(ptrSize: number, p: Uint8Array): number {
  return decodeInuxi(p, commonsize(ptrSize) + 2 * ptrSize, ptrSize);
}

/** decodesym.go, decodeReloc: the (first) relocation at `off`, if any. */
export function decodeReloc(relocs: readonly LinkReloc[], off: number): LinkReloc | undefined {
  for (const r of relocs) if (r.off === off) return r;
  return undefined;
}

/** decodesym.go, decodeRelocSym: the target of the relocation at `off` (Go's 0: undefined). */
export function decodeRelocSym(relocs: readonly LinkReloc[], off: number): LinkSym | undefined {
  return decodeReloc(relocs, off)?.sym;
}

const utf8 = new TextDecoder();

/** encoding/binary.Uvarint over p[start:end]: the value and its length (0 when cut short). */
function uvarint(p: Uint8Array, start: number, end: number): [value: number, n: number] {
  let x = 0;
  let scale = 1;
  for (let i = start; i < end && i - start < 10; i++) {
    const b = p[i]!;
    x += (b & 0x7f) * scale;
    if (b < 0x80) return [x, i - start + 1];
    scale *= 128;
  }
  return [0, 0];
}

/**
 * decodesym.go, decodetypeName: the name (abi.Name: a flags byte, a varint length, the bytes)
 * that the relocation at `off` points at; "" when there is none.
 */
export function decodetypeName(relocs: readonly LinkReloc[], off: number): string {
  const r = decodeRelocSym(relocs, off);
  if (r === undefined) return "";
  const data = r.P;
  const n = Math.min(1 + 10, data.length);
  const [nameLen, nameLenLen] = uvarint(data, 1, n);
  const start = 1 + nameLenLen;
  if (start + nameLen > data.length)
    throw new LinkError(`dwarf: name ${r.name} of ${nameLen} bytes past the end of its ${data.length}`);
  return utf8.decode(data.subarray(start, start + nameLen));
}

/** decodesym.go, decodetypeNameEmbedded: the embedded bit (1<<3) of the name at `off`. */
export function decodetypeNameEmbedded(relocs: readonly LinkReloc[], off: number): boolean {
  const r = decodeRelocSym(relocs, off);
  if (r === undefined) return false;
  return (byteAt(r.P, 0) & (1 << 3)) !== 0;
}

/** decodesym.go, decodetypeFuncInType: the type of parameter `i` (after the uncommon type, if any). */
export function decodetypeFuncInType(ptrSize: number, s: LinkSym, i: number): LinkSym | undefined {
  let uadd = commonsize(ptrSize) + 4;
  if (ptrSize === 8) uadd += 4;
  if (decodetypeHasUncommon(ptrSize, s.P)) uadd += uncommonSize();
  return decodeRelocSym(s.R, uadd + i * ptrSize);
}

/** decodesym.go, decodetypeFuncOutType: the type of result `i`. */
export function decodetypeFuncOutType(ptrSize: number, s: LinkSym, i: number): LinkSym | undefined {
  return decodetypeFuncInType(ptrSize, s, i + decodetypeFuncInCount(ptrSize, s.P));
}

/** decodesym.go, decodetypeArrayElem: ArrayType.Elem (and SliceType.Elem, at the same offset). */
export function decodetypeArrayElem(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeTargetSym(s, commonsize(ptrSize));
}

/** decodesym.go, decodetypeArrayLen: ArrayType.Len. */
export function decodetypeArrayLen(ptrSize: number, s: LinkSym): number {
  return decodeInuxi(s.P, commonsize(ptrSize) + 2 * ptrSize, ptrSize);
}

/** decodesym.go, decodetypeChanElem: ChanType.Elem. */
export function decodetypeChanElem(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, commonsize(ptrSize));
}

/** decodesym.go, decodetypeMapKey: MapType.Key. */
export function decodetypeMapKey(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, commonsize(ptrSize));
}

/** decodesym.go, decodetypeMapValue: MapType.Elem. */
export function decodetypeMapValue(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, commonsize(ptrSize) + ptrSize);
}

/** decodesym.go, decodetypeMapGroup: MapType.Group, the slot-group type. */
export function decodetypeMapGroup(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, commonsize(ptrSize) + 2 * ptrSize);
}

/** decodesym.go, decodetypePtrElem: PtrType.Elem. */
export function decodetypePtrElem(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, commonsize(ptrSize));
}

/** decodesym.go, decodetypeStructFieldCount: len(StructType.Fields). */
export function decodetypeStructFieldCount(ptrSize: number, s: LinkSym): number {
  return decodeInuxi(s.P, commonsize(ptrSize) + 2 * ptrSize, ptrSize);
}

/** decodesym.go, decodetypeStructFieldArrayOff: the offset of field `i`'s abi.StructField. */
export function decodetypeStructFieldArrayOff(ptrSize: number, s: LinkSym, i: number): number {
  let off = commonsize(ptrSize) + 4 * ptrSize;
  if (decodetypeHasUncommon(ptrSize, s.P)) off += uncommonSize();
  return off + i * structfieldSize(ptrSize);
}

/** decodesym.go, decodetypeStructFieldName: the field's name ("" never: blank is "_"). */
export function decodetypeStructFieldName(ptrSize: number, s: LinkSym, i: number): string {
  return decodetypeName(s.R, decodetypeStructFieldArrayOff(ptrSize, s, i));
}

/** decodesym.go, decodetypeStructFieldType: StructField.Typ. */
export function decodetypeStructFieldType(ptrSize: number, s: LinkSym, i: number): LinkSym | undefined {
  return decodeTargetSym(s, decodetypeStructFieldArrayOff(ptrSize, s, i) + ptrSize);
}

/** decodesym.go, decodetypeStructFieldOffset: StructField.Offset. */
export function decodetypeStructFieldOffset(ptrSize: number, s: LinkSym, i: number): number {
  return decodeInuxi(s.P, decodetypeStructFieldArrayOff(ptrSize, s, i) + 2 * ptrSize, ptrSize);
}

/** decodesym.go, decodetypeStructFieldEmbedded: whether field `i` is embedded. */
export function decodetypeStructFieldEmbedded(ptrSize: number, s: LinkSym, i: number): boolean {
  return decodetypeNameEmbedded(s.R, decodetypeStructFieldArrayOff(ptrSize, s, i));
}

/** decodesym.go, decodetypeStr: Type.Str, the type's string, without the extra star TFlagExtraStar marks. */
export function decodetypeStr(ptrSize: number, s: LinkSym): string {
  const str = decodetypeName(s.R, 4 * ptrSize + 8);
  if ((byteAt(s.P, TFlagOff(ptrSize)) & TFlag.ExtraStar) !== 0) return str.slice(1);
  return str;
}

/** decodesym.go, decodetypeGcmask: the data of the GC mask Type.GCData points at (no shared libraries). */
export function decodetypeGcmask(ptrSize: number, s: LinkSym): Uint8Array {
  const mask = decodeRelocSym(s.R, 2 * ptrSize + 8 + ptrSize);
  return mask === undefined ? new Uint8Array(0) : mask.P;
}

/** decodesym.go, decodeItabType: ITab.Type. */
export function decodeItabType(ptrSize: number, s: LinkSym): LinkSym | undefined {
  return decodeRelocSym(s.R, ITabTypeOff(ptrSize));
}

/** decodesym.go, decodeTargetSym: the target of the pointer slot at `off` (not shared libraries). */
export function decodeTargetSym(s: LinkSym, off: number): LinkSym | undefined {
  return decodeRelocSym(s.R, off);
}

/** deadcode.go, methodsig: a method's name and its type descriptor (a func type without receiver). */
export interface methodsig {
  name: string;
  typ: LinkSym | undefined;
}

/** deadcode.go, decodeMethodSig: `count` method signatures of `size` bytes each from `off`. */
export function decodeMethodSig(
  relocs: readonly LinkReloc[],
  off: number,
  size: number,
  count: number,
): methodsig[] {
  const methods: methodsig[] = [];
  for (let i = 0; i < count; i++) {
    methods.push({ name: decodetypeName(relocs, off), typ: decodeRelocSym(relocs, off + 4) });
    off += size;
  }
  return methods;
}

/** deadcode.go, decodeIfaceMethod: the abi.Imethod at `off` of interface type `s`. */
export function decodeIfaceMethod(ptrSize: number, s: LinkSym, off: number): methodsig {
  const p = s.P;
  if (p.length === 0) throw new LinkError(`missing symbol ${JSON.stringify(s.name)}`);
  if (decodetypeKind(ptrSize, p) !== Kind.Interface)
    throw new LinkError(`symbol ${JSON.stringify(s.name)} is not an interface`);
  return { name: decodetypeName(s.R, off), typ: decodeRelocSym(s.R, off + 4) };
}

/** deadcode.go, decodeGenericIfaceMethod: a symbol holding just a method name. */
export function decodeGenericIfaceMethod(s: LinkSym): string {
  return utf8.decode(s.P);
}

/**
 * deadcode.go, decodetypeMethods: the abi.Method entries (name and type; Ifn and Tfn are the
 * R_METHODOFF relocations deadcode pairs with them) of a type with an uncommon type.
 */
export function decodetypeMethods(ptrSize: number, s: LinkSym): methodsig[] {
  const p = s.P;
  if (!decodetypeHasUncommon(ptrSize, p)) throw new LinkError(`no methods on ${JSON.stringify(s.name)}`);
  let off = commonsize(ptrSize);
  switch (decodetypeKind(ptrSize, p)) {
    case Kind.Struct:
      off += 4 * ptrSize;
      break;
    case Kind.Pointer:
    case Kind.Func: // 4 bytes of counts, pointer aligned
    case Kind.Slice:
      off += ptrSize;
      break;
    case Kind.Array:
      off += 3 * ptrSize;
      break;
    case Kind.Chan:
      off += 2 * ptrSize;
      break;
    case Kind.Map:
      off += 7 * ptrSize + 4;
      if (ptrSize === 8) off += 4; // the padding after MapType.Flags
      break;
    case Kind.Interface:
      off += 3 * ptrSize;
      break;
    default:
      break;
  }
  const mcount = decodeInuxi(p, off + 4, 2);
  const moff = decodeInuxi(p, off + 4 + 2 + 2, 4);
  off += moff;
  const sizeofMethod = 4 * 4;
  return decodeMethodSig(s.R, off, sizeofMethod, mcount);
}
