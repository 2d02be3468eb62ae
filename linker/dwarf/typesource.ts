/**
 * What defgotype and the synthesizers read of a Go type (cmd/link/internal/ld/dwarf.go's newtype,
 * defptrto, lookupOrDiag and synthesizemaptypes, Go 1.26): the decodetype* questions of
 * ld/decodesym.go, asked of a type symbol, plus the loader's Lookup, Data and AttrReachable, over
 * the runtime type descriptors of the loaded objects (the real compiler's or the model's).
 *
 * Constituents are type symbols; `undefined` is Go's 0 symbol (no relocation there), which
 * defgotype turns into `<unspecified>`.
 */
import { LinkError, type Loader } from "../load.js";
import type { LinkSym } from "../sym.js";
import {
  decodetypeArrayElem,
  decodetypeArrayLen,
  decodetypeChanElem,
  decodetypeFuncDotdotdot,
  decodetypeFuncInCount,
  decodetypeFuncInType,
  decodetypeFuncOutCount,
  decodetypeFuncOutType,
  decodetypeIfaceMethodCount,
  decodetypeKind,
  decodetypeMapGroup,
  decodetypeMapKey,
  decodetypeMapValue,
  decodetypePtrElem,
  decodetypeSize,
  decodetypeStructFieldCount,
  decodetypeStructFieldEmbedded,
  decodetypeStructFieldName,
  decodetypeStructFieldOffset,
  decodetypeStructFieldType,
} from "./decodesym.js";

export interface TypeSource {
  /** loader.Lookup(sn, 0) for a type symbol name ("type:int"). */
  lookup(sn: string): LinkSym | undefined;
  /** len(ldr.Data(s)) != 0: the type symbol has a descriptor. */
  hasData(s: LinkSym): boolean;
  /** ldr.AttrReachable(s). */
  reachable(s: LinkSym): boolean;
  /** decodetypeKind: an internal/abi.Kind. */
  kind(s: LinkSym): number;
  /** decodetypeSize. */
  size(s: LinkSym): number;
  /** decodetypeArrayElem: the elem of an array or a slice. */
  arrayElem(s: LinkSym): LinkSym | undefined;
  /** decodetypeArrayLen. */
  arrayLen(s: LinkSym): number;
  /** decodetypeChanElem. */
  chanElem(s: LinkSym): LinkSym | undefined;
  /** decodetypeFuncInCount, decodetypeFuncOutCount, decodetypeFuncDotdotdot. */
  funcInCount(s: LinkSym): number;
  funcOutCount(s: LinkSym): number;
  funcDotdotdot(s: LinkSym): boolean;
  /** decodetypeFuncInType, decodetypeFuncOutType. */
  funcInType(s: LinkSym, i: number): LinkSym | undefined;
  funcOutType(s: LinkSym, i: number): LinkSym | undefined;
  /** decodetypeIfaceMethodCount. */
  ifaceMethodCount(s: LinkSym): number;
  /** decodetypeMapKey, decodetypeMapValue, decodetypeMapGroup. */
  mapKey(s: LinkSym): LinkSym | undefined;
  mapValue(s: LinkSym): LinkSym | undefined;
  mapGroup(s: LinkSym): LinkSym | undefined;
  /** decodetypePtrElem. */
  ptrElem(s: LinkSym): LinkSym | undefined;
  /** decodetypeStructField{Count,Name,Type,Offset,Embedded}. */
  structFieldCount(s: LinkSym): number;
  structFieldName(s: LinkSym, i: number): string;
  structFieldType(s: LinkSym, i: number): LinkSym | undefined;
  structFieldOffset(s: LinkSym, i: number): number;
  structFieldEmbedded(s: LinkSym, i: number): boolean;
}

/**
 * The runtime type descriptors of the loaded objects, decoded as cmd/link decodes them. Reachable
 * is the loader's attribute (deadcode sets it on real objects).
 */
export function descriptorSource(ldr: Loader, ptrSize: number): TypeSource {
  /** ldr.Data(gotype), which newtype requires ("missing type"). */
  const data = (s: LinkSym): Uint8Array => {
    const p = s.P;
    if (p.length === 0) throw new LinkError(`dwarf: ${s.name}: missing type`);
    return p;
  };
  return {
    lookup: (sn) => ldr.lookup(sn, 0),
    hasData: (s) => s.P.length !== 0,
    reachable: (s) => s.reachable,
    kind: (s) => decodetypeKind(ptrSize, data(s)),
    size: (s) => decodetypeSize(ptrSize, data(s)),
    arrayElem: (s) => decodetypeArrayElem(ptrSize, s),
    arrayLen: (s) => decodetypeArrayLen(ptrSize, s),
    chanElem: (s) => decodetypeChanElem(ptrSize, s),
    funcInCount: (s) => decodetypeFuncInCount(ptrSize, data(s)),
    funcOutCount: (s) => decodetypeFuncOutCount(ptrSize, data(s)),
    funcDotdotdot: (s) => decodetypeFuncDotdotdot(ptrSize, data(s)),
    funcInType: (s, i) => decodetypeFuncInType(ptrSize, s, i),
    funcOutType: (s, i) => decodetypeFuncOutType(ptrSize, s, i),
    ifaceMethodCount: (s) => decodetypeIfaceMethodCount(ptrSize, data(s)),
    mapKey: (s) => decodetypeMapKey(ptrSize, s),
    mapValue: (s) => decodetypeMapValue(ptrSize, s),
    mapGroup: (s) => decodetypeMapGroup(ptrSize, s),
    ptrElem: (s) => decodetypePtrElem(ptrSize, s),
    structFieldCount: (s) => decodetypeStructFieldCount(ptrSize, s),
    structFieldName: (s, i) => decodetypeStructFieldName(ptrSize, s, i),
    structFieldType: (s, i) => decodetypeStructFieldType(ptrSize, s, i),
    structFieldOffset: (s, i) => decodetypeStructFieldOffset(ptrSize, s, i),
    structFieldEmbedded: (s, i) => decodetypeStructFieldEmbedded(ptrSize, s, i),
  };
}
