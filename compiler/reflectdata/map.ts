/**
 * Map types, Go 1.26's swiss maps: cmd/compile/internal/reflectdata/map.go's MapGroupType and
 * writeMapType, with reflect.go's needkeyupdate and hashMightPanic.
 *
 * The slot group of map[K]V is `struct { ctrl uint64; slots [8]struct { key K; elem V } }`, a key
 * or elem of more than 128 bytes stored by pointer; the three types are Noalg, so their names
 * carry the prefix: "noalg.map.group[K]V", "noalg.[8]struct { key K; elem V }",
 * "noalg.struct { key K; elem V }". Sizes as types.CalcStructSize lays them out.
 */
import { CompileError } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { SymPtr, Uint32, Uintptr } from "../objw/objw.js";
import {
  MapGroupSlots,
  MapHashMightPanic,
  MapIndirectElem,
  MapIndirectKey,
  MapMaxElemBytes,
  MapMaxKeyBytes,
  MapNeedKeyUpdate,
  MapType,
} from "../../abi/abi.js";
import { Alignment, IsComparable } from "../types/size.js";
import { SymOf } from "../types/sym.js";
import { LinkString } from "../types/universe.js";
import { genhash } from "./alg.js";
import type { ReflectState } from "./state.js";
import { writeType } from "./reflect.js";

function rnd(v: number, r: number): number {
  return Math.ceil(v / r) * r;
}

/** The parts of a map type: its group type, and the slot type inside it. */
export interface MapGroup {
  group: string;
  slot: string;
  /** The slot's size and the offset of elem in it. */
  slotSize: number;
  elemOff: number;
}

/** map.go, MapGroupType: the slot group type of a map type (made and named here). */
export function MapGroupType(r: ReflectState, name: string): MapGroup {
  const u = r.u;
  const t = u.get(name);
  if (t.kind !== "map" || t.key === undefined || t.elem === undefined)
    throw new CompileError(`MapGroupType of ${name}: not a map type`);
  let keytype = t.key;
  let elemtype = t.elem;
  if (u.get(keytype).size > MapMaxKeyBytes) keytype = u.NewPtr(keytype);
  if (u.get(elemtype).size > MapMaxElemBytes) elemtype = u.NewPtr(elemtype);

  const ka = Alignment(u, keytype);
  const va = Alignment(u, elemtype);
  const ks = u.get(keytype).size;
  const vs = u.get(elemtype).size;
  const elemOff = rnd(ks, va);
  let slotSize = elemOff + vs;
  if (slotSize > 0 && vs === 0) slotSize++;
  slotSize = rnd(slotSize, Math.max(ka, va));
  const slotLit = `struct { key ${LinkString(keytype)}; elem ${LinkString(elemtype)} }`;
  const slot = u.define(`noalg.${slotLit}`, {
    kind: "struct",
    size: slotSize,
    fields: [
      { name: "key", type: keytype, offset: 0 },
      { name: "elem", type: elemtype, offset: elemOff },
    ],
  });
  const slotArr = u.define(`noalg.[${MapGroupSlots}]${slotLit}`, {
    kind: "array",
    size: MapGroupSlots * slotSize,
    elem: slot,
    len: MapGroupSlots,
  });
  let gsize = 8 + MapGroupSlots * slotSize;
  if (slotSize === 0) gsize++;
  const group = u.define(`noalg.map.group[${LinkString(t.key)}]${LinkString(t.elem)}`, {
    kind: "struct",
    size: rnd(gsize, 8),
    fields: [
      { name: "ctrl", type: "uint64", offset: 0 },
      { name: "slots", type: slotArr, offset: 8 },
    ],
  });
  if (!IsComparable(u, t.key)) throw new CompileError(`unsupported map key type for ${name}`);
  if (u.get(group).size <= 8) throw new CompileError(`bad group size for ${name}`);
  return { group, slot, slotSize, elemOff };
}

/** reflect.go, needkeyupdate: whether a map update must also store the key. */
function needkeyupdate(r: ReflectState, name: string): boolean {
  const t = r.u.get(name);
  switch (t.kind) {
    case "float32":
    case "float64":
    case "complex64":
    case "complex128":
    case "interface":
    case "string":
      return true;
    case "array":
      return needkeyupdate(r, t.elem ?? "");
    case "struct":
      return (t.fields ?? []).some((f) => needkeyupdate(r, f.type));
    case "func":
    case "map":
    case "slice":
      throw new CompileError(`bad type for map key: ${name}`);
    default:
      return false;
  }
}

/** reflect.go, hashMightPanic: whether hashing a key may panic (an interface inside). */
function hashMightPanic(r: ReflectState, name: string): boolean {
  const t = r.u.get(name);
  switch (t.kind) {
    case "interface":
      return true;
    case "array":
      return hashMightPanic(r, t.elem ?? "");
    case "struct":
      return (t.fields ?? []).some((f) => hashMightPanic(r, f.type));
    default:
      return false;
  }
}

/** map.go, writeMapType: abi.MapType's fields after the common header. */
export function writeMapType(r: ReflectState, name: string, lsym: LSym): void {
  const t = r.u.get(name);
  const g = MapGroupType(r, name);
  const s1 = writeType(r, t.key!);
  const s2 = writeType(r, t.elem!);
  const s3 = writeType(r, g.group);
  const hasher = genhash(r, t.key!);

  SymPtr(lsym, MapType.Key, s1, 0);
  SymPtr(lsym, MapType.Elem, s2, 0);
  SymPtr(lsym, MapType.Group, s3, 0);
  SymPtr(lsym, MapType.Hasher, hasher, 0);
  Uintptr(lsym, MapType.GroupSize, r.u.get(g.group).size);
  Uintptr(lsym, MapType.SlotSize, g.slotSize);
  Uintptr(lsym, MapType.ElemOff, g.elemOff);
  let flags = 0;
  if (needkeyupdate(r, t.key!)) flags |= MapNeedKeyUpdate;
  if (hashMightPanic(r, t.key!)) flags |= MapHashMightPanic;
  if (r.u.get(t.key!).size > MapMaxKeyBytes) flags |= MapIndirectKey;
  // Go compares the elem's size with MapMaxKeyBytes here too (both are 128).
  if (r.u.get(t.elem!).size > MapMaxKeyBytes) flags |= MapIndirectElem;
  Uint32(lsym, MapType.Flags, flags);

  // A named map type keeps its underlying map type live (issue 37716).
  if (SymOf(r.u, name, t) !== undefined) {
    const under = r.u.define(`map[${LinkString(t.key!)}]${LinkString(t.elem!)}`, {
      kind: "map",
      size: 8,
      key: t.key!,
      elem: t.elem!,
    });
    lsym.addRel({ type: "R_KEEP", off: 0, siz: 0, sym: writeType(r, under), add: 0 });
  }
}
