/**
 * The TypeSource over the compiler model's IrType records (typesource.ts): the model's objects
 * carry records (ObjFile.types, merged into Loader.types by linker/modelload.ts, whose type stand-in
 * makes the contentless type symbols) where Go's carry runtime type descriptors, and the runtime's
 * own types come from runtime-types.ts, lifted out of a real Go 1.26 binary. Each decodetype*
 * question is answered from the record of the type symbol's name. When the model's compiler writes
 * the descriptors themselves, typesource.ts's descriptor source reads them and this one goes.
 *
 * A type "exists" (Go: the loader has its symbol, with data) when a record of that name is known;
 * the model has no dead-code pass, so an existing type counts as reachable unless
 * IrTypeSourceOptions.reachable says otherwise. Type symbols are made on first use
 * (loader.LookupOrCreateSym, kind STYPE). A constituent the record does not name is an error
 * here, where Go's descriptors always have one.
 *
 * The map group types (MapType.Group), which records do not name, are derived as
 * cmd/compile/internal/reflectdata/map.go's MapGroupType builds them (mapGroupType).
 */
import type { IrType, IrTypeKind } from "../../compiler/ir.js";
import { LinkError, type Loader } from "../load.js";
import type { LinkSym } from "../sym.js";
import type { TypeSource } from "./typesource.js";

/** internal/abi.Kind (type.go): the DW_AT_go_kind of each IrTypeKind. */
export const abiKind: Readonly<Record<IrTypeKind, number>> = {
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
};

/** internal/abi/map.go: MapGroupSlots, MapMaxKeyBytes, MapMaxElemBytes. */
export const MapGroupSlots = 8;
export const MapMaxKeyBytes = 128;
export const MapMaxElemBytes = 128;

export interface IrTypeSourceOptions {
  /** The runtime's records (runtime-types.ts): they fill in the names the objects' records lack. */
  runtime: Readonly<Record<string, IrType>>;
  /** The runtime types that are not reachable. Ignored with `reachable`. */
  runtimeUnreachable: ReadonlySet<string>;
  /** loader.AttrReachable of an existing type, by name (default: all but `runtimeUnreachable`). */
  reachable?: ((name: string) => boolean) | undefined;
}

/** The name of a type symbol without "type:". */
export function typeName(gotype: LinkSym): string {
  return gotype.name.startsWith("type:") ? gotype.name.slice(5) : gotype.name;
}

/** The records of one link as a TypeSource, with `decl` for the stand-in and for tools. */
export class IrTypeSource implements TypeSource {
  readonly what = "records";
  /** Records the model derives as cmd/compile would have written them (map group types). */
  private readonly derived = new Map<string, IrType>();
  private readonly reachableName: (name: string) => boolean;

  constructor(
    private readonly ldr: Loader,
    private readonly opts: IrTypeSourceOptions,
  ) {
    const unreachable = opts.runtimeUnreachable;
    this.reachableName =
      opts.reachable ?? ((name) => ldr.types.has(name) || this.derived.has(name) || !unreachable.has(name));
  }

  /** The record of a type, by name: the objects' first, then the runtime's, then derived ones. */
  decl(name: string): IrType | undefined {
    const { runtime } = this.opts;
    const rt = Object.hasOwn(runtime, name) ? runtime[name] : undefined;
    return this.ldr.types.get(name) ?? rt ?? this.derived.get(name);
  }

  /** loader.Lookup: a type symbol is made on first use when its record exists. */
  lookup(sn: string): LinkSym | undefined {
    const s = this.ldr.lookup(sn);
    if (s !== undefined || !sn.startsWith("type:") || this.decl(sn.slice(5)) === undefined) return s;
    return this.ldr.lookupOrCreate(sn, "STYPE");
  }

  hasData(s: LinkSym): boolean {
    return this.decl(typeName(s)) !== undefined;
  }

  reachable(s: LinkSym): boolean {
    const name = typeName(s);
    return this.decl(name) !== undefined && this.reachableName(name);
  }

  /** ldr.Data(gotype) decoded: the type's record ("missing type" when there is none). */
  private data(s: LinkSym): IrType {
    const t = this.decl(typeName(s));
    if (t === undefined) throw new LinkError(`dwarf: missing type: ${s.name}`);
    return t;
  }

  /** A constituent named by a record: it must exist. */
  private ref(owner: LinkSym, what: string, name: string | undefined): LinkSym {
    const s = name === undefined ? undefined : this.lookup(`type:${name}`);
    if (s === undefined || this.decl(name!) === undefined)
      throw new LinkError(
        `dwarf: ${owner.name}: ${what} ${name === undefined ? "is not recorded" : `type:${name} is missing`}`,
      );
    return s;
  }

  kind(s: LinkSym): number {
    const t = this.data(s);
    const k = abiKind[t.kind];
    if (k === undefined)
      throw new LinkError(`dwarf: definition of unknown kind ${String(t.kind)}: ${s.name}`);
    return k;
  }

  size(s: LinkSym): number {
    return this.data(s).size;
  }

  arrayElem(s: LinkSym): LinkSym {
    const t = this.data(s);
    return this.ref(s, `${t.kind} elem`, t.elem);
  }

  arrayLen(s: LinkSym): number {
    return this.data(s).len ?? 0;
  }

  chanElem(s: LinkSym): LinkSym {
    return this.ref(s, "chan elem", this.data(s).elem);
  }

  funcInCount(s: LinkSym): number {
    return this.data(s).params?.length ?? 0;
  }

  funcOutCount(s: LinkSym): number {
    return this.data(s).results?.length ?? 0;
  }

  funcDotdotdot(s: LinkSym): boolean {
    return this.data(s).variadic === true;
  }

  funcInType(s: LinkSym, i: number): LinkSym {
    return this.ref(s, `func param ${i}`, this.data(s).params?.[i]);
  }

  funcOutType(s: LinkSym, i: number): LinkSym {
    return this.ref(s, `func result ${i}`, this.data(s).results?.[i]);
  }

  ifaceMethodCount(s: LinkSym): number {
    return this.data(s).methods ?? 0;
  }

  mapKey(s: LinkSym): LinkSym {
    return this.ref(s, "map key", this.data(s).key);
  }

  mapValue(s: LinkSym): LinkSym {
    return this.ref(s, "map elem", this.data(s).elem);
  }

  /**
   * decodetypeMapGroup: the map's slot-group type. The records do not name it; it is what
   * reflectdata.MapGroupType builds, named as types.TypeSymName prints it
   * ("noalg.map.group[K]V"), made here unless a record of that name exists.
   */
  mapGroup(s: LinkSym): LinkSym {
    const kn = typeName(this.mapKey(s));
    const vn = typeName(this.mapValue(s));
    const name = `noalg.map.group[${kn}]${vn}`;
    if (this.decl(name) === undefined) {
      for (const [n, r] of mapGroupType(kn, vn, (x) => this.decl(x)))
        if (this.decl(n) === undefined) this.derived.set(n, r);
    }
    return this.ref(s, "map group", name);
  }

  ptrElem(s: LinkSym): LinkSym {
    return this.ref(s, "pointer elem", this.data(s).elem);
  }

  structFieldCount(s: LinkSym): number {
    return this.data(s).fields?.length ?? 0;
  }

  private field(s: LinkSym, i: number): NonNullable<IrType["fields"]>[number] {
    const f = this.data(s).fields?.[i];
    if (f === undefined) throw new LinkError(`dwarf: ${s.name}: no field ${i}`);
    return f;
  }

  structFieldName(s: LinkSym, i: number): string {
    return this.field(s, i).name;
  }

  structFieldType(s: LinkSym, i: number): LinkSym {
    return this.ref(s, `field ${i}`, this.field(s, i).type);
  }

  structFieldOffset(s: LinkSym, i: number): number {
    return this.field(s, i).offset;
  }

  structFieldEmbedded(s: LinkSym, i: number): boolean {
    return this.field(s, i).embedded === true;
  }
}

/** types.CalcSize's alignment of a type (amd64), from its record. */
export function typeAlign(name: string, decl: (name: string) => IrType | undefined, depth = 0): number {
  const t = decl(name);
  if (t === undefined) throw new LinkError(`dwarf: missing type: type:${name}`);
  if (depth > 1000) throw new LinkError(`dwarf: type ${name} contains itself`);
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
      return typeAlign(t.elem ?? "", decl, depth + 1);
    case "struct": {
      let a = 1;
      for (const f of t.fields ?? []) a = Math.max(a, typeAlign(f.type, decl, depth + 1));
      return a;
    }
    default:
      return 8;
  }
}

function rnd(v: number, r: number): number {
  return Math.ceil(v / r) * r;
}

/**
 * reflectdata.MapGroupType (cmd/compile/internal/reflectdata/map.go) for map[K]V: the records of
 * `struct { ctrl uint64; slots [8]struct { key K; elem V } }` with the noalg names TypeSymName
 * prints, a key or elem larger than 128 bytes stored indirectly (*K, *V). Sizes as
 * types.CalcStructSize lays them out, with its padding byte after a trailing zero-sized field.
 */
export function mapGroupType(
  key: string,
  elem: string,
  decl: (name: string) => IrType | undefined,
): Map<string, IrType> {
  const out = new Map<string, IrType>();
  const get = (n: string): IrType => {
    const t = out.get(n) ?? decl(n);
    if (t === undefined) throw new LinkError(`dwarf: missing type: type:${n}`);
    return t;
  };
  const indirect = (n: string, max: number): string => {
    if (get(n).size <= max) return n;
    const p = `*${n}`;
    if (decl(p) === undefined) out.set(p, { kind: "ptr", size: 8, elem: n });
    return p;
  };
  const k = indirect(key, MapMaxKeyBytes);
  const v = indirect(elem, MapMaxElemBytes);
  const both = (n: string): IrType | undefined => out.get(n) ?? decl(n);
  const ka = typeAlign(k, both);
  const va = typeAlign(v, both);
  const ks = get(k).size;
  const vs = get(v).size;
  const voff = rnd(ks, va);
  let ssize = voff + vs;
  if (ssize > 0 && vs === 0) ssize++;
  ssize = rnd(ssize, Math.max(ka, va));
  const slotLit = `struct { key ${k}; elem ${v} }`;
  const slot = `noalg.${slotLit}`;
  const arr = `noalg.[${MapGroupSlots}]${slotLit}`;
  out.set(slot, {
    kind: "struct",
    size: ssize,
    fields: [
      { name: "key", type: k, offset: 0 },
      { name: "elem", type: v, offset: voff },
    ],
  });
  out.set(arr, { kind: "array", size: MapGroupSlots * ssize, elem: slot, len: MapGroupSlots });
  let gsize = 8 + MapGroupSlots * ssize;
  if (ssize === 0) gsize++;
  out.set(`noalg.map.group[${key}]${elem}`, {
    kind: "struct",
    size: rnd(gsize, 8),
    fields: [
      { name: "ctrl", type: "uint64", offset: 0 },
      { name: "slots", type: arr, offset: 8 },
    ],
  });
  return out;
}
