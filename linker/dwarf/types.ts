/**
 * The type DIEs, Go 1.26: cmd/link/internal/ld/dwarf.go's defgotype, newtype, dotypedef,
 * defptrto, the synthesizers (synthesizestringtypes, synthesizeslicetypes, synthesizemaptypes,
 * synthesizechantypes) with their helpers (copychildrenexcept, substitutetype, findprotodie,
 * mkinternaltype, walktypedef, walksymtypedef, findchild), and the prelude of
 * dwarfGenerateDebugInfo (mkBuiltinType, lookupOrDiag, prototypedies, the internal/abi types for
 * gdb).
 *
 * Go decodes each type from its runtime type descriptor, the `type:<name>` symbol
 * (ld/decodesym.go), and so does this: through a TypeSource (typesource.ts) over the objects'
 * descriptors, the real compiler's or the model's (compiler/reflectdata writes them).
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_ATE, DW_CLS } from "../../dwarf/constants.js";
import { type DWDie, InfoPrefix } from "../../dwarf/context.js";
import { Kind } from "../../abi/abi.js";
import { LinkError } from "../load.js";
import type { LinkSym } from "../sym.js";
import { type dwctxt, getattr, newattr, reverselist } from "./dwctxt.js";
import { descriptorSource, type TypeSource } from "./typesource.js";
import type { DwarfTypeGen } from "./typeseam.js";

/** The type symbols dwarfGenerateDebugInfo's prelude forces for the gdb pretty-printer. */
export const gdbTypes: readonly string[] = [
  "internal/abi.Type",
  "internal/abi.ArrayType",
  "internal/abi.ChanType",
  "internal/abi.FuncType",
  "internal/abi.MapType",
  "internal/abi.PtrType",
  "internal/abi.SliceType",
  "internal/abi.StructType",
  "internal/abi.InterfaceType",
  "internal/abi.ITab",
  "internal/abi.Imethod",
];

/** The prototype types the synthesizers copy (dwarfGenerateDebugInfo's prototypedies keys). */
export const prototypeTypes: readonly string[] = [
  "runtime.stringStructDWARF",
  "runtime.slice",
  "runtime.sudog",
  "runtime.waitq",
  "runtime.hchan",
  "internal/runtime/maps.Map",
  "internal/runtime/maps.table",
  "internal/runtime/maps.groupsReference",
];

export interface GoTypesOptions {
  /**
   * loader.AttrReachable of a type symbol, by type name. Only a real link's dead-code pass knows:
   * the default is the symbol's own attribute (LinkSym.reachable). Tests that compare with a real
   * binary pass that binary's answer.
   */
  reachable?: (name: string) => boolean;
  /**
   * Define the types Loader.standInTypes names right after the prelude (default true). Off, a
   * model link meets the runtime's types where Go would without the runtime's units: hchan's
   * closure only in the chan pass, where a slice type made then gets no members.
   */
  runtimeStandIn?: boolean;
}

/** What the generator keeps per link (Go keeps it in dwctxt fields and package globals). */
class TypeState {
  /** dwctxt.typeRuntimeEface, typeRuntimeIface, uintptrInfoSym. */
  typeRuntimeEface: LinkSym | undefined;
  typeRuntimeIface: LinkSym | undefined;
  uintptrInfoSym: LinkSym | undefined;
  /** The package global prototypedies: prototype type symbol name to its (real, not typedef) DIE. */
  readonly prototypedies = new Map<string, DWDie | undefined>();
}

/** The TypeSource of one link: its objects' descriptors, with GoTypesOptions.reachable. */
function sourceFor(d: dwctxt, opts: GoTypesOptions): TypeSource {
  const src = descriptorSource(d.ldr, d.ptrSize());
  const byName = opts.reachable;
  if (byName === undefined) return src;
  return { ...src, reachable: (s) => byName(s.name.startsWith("type:") ? s.name.slice(5) : s.name) };
}

/** dwarf.go, walktypedef: the type a TYPEDECL DIE stands for (the DIE itself otherwise). */
export function walktypedef(die: DWDie | undefined): DWDie | undefined {
  if (die === undefined) return undefined;
  if (die.abbrev === DW_ABRV.TYPEDECL) {
    for (let a = die.attr; a !== undefined; a = a.link) {
      if (a.atr === DW_AT.type && a.cls === DW_CLS.REFERENCE && isDie(a.data)) return a.data;
    }
  }
  return die;
}

function isDie(x: unknown): x is DWDie {
  return typeof x === "object" && x !== null && "abbrev" in x && "child" in x;
}

/** dwarf.go, findchild: the child named `name`, looking through typedefs. */
export function findchild(die: DWDie, name: string): DWDie | undefined {
  let prev: DWDie | undefined;
  for (
    let cur: DWDie | undefined = die;
    cur !== undefined && cur !== prev;
    prev = cur, cur = walktypedef(cur)
  ) {
    for (let a = cur.child; a !== undefined; a = a.link) {
      if (name === getattr(a, DW_AT.name)?.data) return a;
    }
  }
  return undefined;
}

/** dwarf.go, mkinternaltypename: "base<arg1>" or "base<arg1,arg2>". */
export function mkinternaltypename(base: string, arg1: string, arg2: string): string {
  return arg2 === "" ? `${base}<${arg1}>` : `${base}<${arg1},${arg2}>`;
}

/** The generator over one link's dwctxt: Go's dwctxt methods, named as in dwarf.go. */
class Gen {
  constructor(
    readonly d: dwctxt,
    readonly src: TypeSource,
    readonly st: TypeState,
  ) {}

  /** dwarf.go, lookupOrDiag: a type symbol that must exist, with data. */
  lookupOrDiag(n: string): LinkSym {
    const s = this.src.lookup(n);
    if (s === undefined) throw new LinkError(`dwarf: missing type: ${n}`);
    if (!this.src.hasData(s)) throw new LinkError(`dwarf: missing type (no data): ${n}`);
    return s;
  }

  /** dwarf.go, mkBuiltinType: a prelude DIE, entered into rtmap and tdmap by hand. */
  mkBuiltinType(abrv: number, tname: string): DWDie {
    const { d } = this;
    const die = d.newdie(d.dwtypes, abrv, tname);
    const gotype = this.lookupOrDiag(`type:${tname}`);
    const ds = die.sym as LinkSym;
    d.rtmap.set(ds, gotype);
    d.tdmap.set(gotype, ds);
    return die;
  }

  /** dwarfGenerateDebugInfo up to the units: the prelude's DIEs and the forced types. */
  prelude(): void {
    const { d, st } = this;
    st.typeRuntimeEface = this.lookupOrDiag("type:runtime.eface");
    st.typeRuntimeIface = this.lookupOrDiag("type:runtime.iface");
    newattr(d.dwtypes, DW_AT.name, DW_CLS.STRING, "dwtypes".length, "dwtypes");
    d.newdie(d.dwtypes, DW_ABRV.NULLTYPE, "<unspecified>");
    const unsafeptrDie = this.mkBuiltinType(DW_ABRV.BARE_PTRTYPE, "unsafe.Pointer");
    newattr(
      unsafeptrDie,
      DW_AT.go_runtime_type,
      DW_CLS.GO_TYPEREF,
      0,
      this.lookupOrDiag("type:unsafe.Pointer"),
    );
    const uintptrDie = this.mkBuiltinType(DW_ABRV.BASETYPE, "uintptr");
    newattr(uintptrDie, DW_AT.encoding, DW_CLS.CONSTANT, DW_ATE.unsigned, undefined);
    newattr(uintptrDie, DW_AT.byte_size, DW_CLS.CONSTANT, d.ptrSize(), undefined);
    newattr(uintptrDie, DW_AT.go_kind, DW_CLS.CONSTANT, Kind.Uintptr, undefined);
    newattr(uintptrDie, DW_AT.go_runtime_type, DW_CLS.GO_TYPEREF, 0, this.lookupOrDiag("type:uintptr"));
    st.uintptrInfoSym = d.mustFind("uintptr");

    st.prototypedies.clear();
    for (const n of prototypeTypes) st.prototypedies.set(`type:${n}`, undefined);
    for (const n of gdbTypes) this.defgotype(this.lookupOrDiag(`type:${n}`));
  }

  /**
   * Not in Go: what the runtime's units would define, when no runtime object has code
   * (Loader.standInTypes, the model's runtime stand-in). Go's library order puts the runtime
   * first, so this comes right after the prelude.
   */
  runtimeStandIn(names: readonly string[]): void {
    const { d, src } = this;
    const hasRuntimeCode = d.ldr.libraries.some(
      (l) => l.pkg === "runtime" && l.units.some((u) => u.textp.length > 0),
    );
    if (hasRuntimeCode) return;
    for (const n of names) {
      const s = src.lookup(`type:${n}`);
      if (s !== undefined && src.hasData(s)) this.defgotype(s);
    }
  }

  /** dwarf.go, dotypedef: a TYPEDECL for a real name; the definition moves to an anonymous symbol. */
  dotypedef(parent: DWDie, name: string, def: DWDie): DWDie | undefined {
    if (name.startsWith("map[")) return undefined;
    if (name.startsWith("struct {")) return undefined;
    if (name.startsWith("noalg.struct {")) return undefined;
    if (name.startsWith("chan ")) return undefined;
    if (name[0] === "[" || name[0] === "*") return undefined;
    const { d } = this;
    const tds = d.ldr.createExtSym("SDWARFTYPE");
    def.sym = tds;
    // Made after the definition, so that lookups by name find the typedef.
    const die = d.newdie(parent, DW_ABRV.TYPEDECL, name);
    d.newrefattr(die, DW_AT.type, tds);
    return die;
  }

  /** dwarf.go, defgotype: the DIE symbol (the typedef's, if any) of a type, made on first use. */
  defgotype(gotype: LinkSym | undefined): LinkSym {
    const { d } = this;
    if (gotype === undefined) return d.mustFind("<unspecified>");
    const ds = d.tdmap.get(gotype);
    if (ds !== undefined) return ds;
    const sn = gotype.name;
    if (!sn.startsWith("type:")) throw new LinkError(`dwarf: type name doesn't start with "type:": ${sn}`);
    const sdie = d.find(sn.slice(5));
    if (sdie !== undefined) return sdie;
    const gtdw = this.newtype(gotype);
    const s = gtdw.sym as LinkSym;
    d.tdmap.set(gotype, s);
    return s;
  }

  /** A BASETYPE DIE with its encoding and size (newtype's scalar cases). */
  private basetype(name: string, enc: number, bytesize: number): DWDie {
    const die = this.d.newdie(this.d.dwtypes, DW_ABRV.BASETYPE, name);
    newattr(die, DW_AT.encoding, DW_CLS.CONSTANT, enc, undefined);
    newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
    return die;
  }

  /** The name of a parameter's type symbol (newtype's `sn[5:]`); Go's 0 symbol has none. */
  private paramName(gotype: LinkSym, what: string, s: LinkSym | undefined): string {
    if (s === undefined) throw new LinkError(`dwarf: ${gotype.name}: ${what} has no type`);
    return s.name.slice(5);
  }

  /** dwarf.go, newtype: the DIE (and typedef) of a type, from its decoded descriptor. */
  newtype(gotype: LinkSym): DWDie {
    const { d, st, src } = this;
    const dwtypes = d.dwtypes;
    const sn = gotype.name;
    const name = sn.slice("type:".length);
    const kind = src.kind(gotype);
    const bytesize = src.size(gotype);
    let die: DWDie;
    let typedefdie: DWDie | undefined;
    switch (kind) {
      case Kind.Bool:
        die = this.basetype(name, DW_ATE.boolean, bytesize);
        break;
      case Kind.Int:
      case Kind.Int8:
      case Kind.Int16:
      case Kind.Int32:
      case Kind.Int64:
        die = this.basetype(name, DW_ATE.signed, bytesize);
        break;
      case Kind.Uint:
      case Kind.Uint8:
      case Kind.Uint16:
      case Kind.Uint32:
      case Kind.Uint64:
      case Kind.Uintptr:
        die = this.basetype(name, DW_ATE.unsigned, bytesize);
        break;
      case Kind.Float32:
      case Kind.Float64:
        die = this.basetype(name, DW_ATE.float, bytesize);
        break;
      case Kind.Complex64:
      case Kind.Complex128:
        die = this.basetype(name, DW_ATE.complex_float, bytesize);
        break;
      case Kind.Array: {
        die = d.newdie(dwtypes, DW_ABRV.ARRAYTYPE, name);
        typedefdie = this.dotypedef(dwtypes, name, die);
        newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
        const s = src.arrayElem(gotype);
        d.newrefattr(die, DW_AT.type, this.defgotype(s));
        const fld = d.newdie(die, DW_ABRV.ARRAYRANGE, "range");
        // The actual length, not an upper bound: right for zero-length arrays too.
        newattr(fld, DW_AT.count, DW_CLS.CONSTANT, src.arrayLen(gotype), undefined);
        d.newrefattr(fld, DW_AT.type, st.uintptrInfoSym);
        break;
      }
      case Kind.Chan: {
        die = d.newdie(dwtypes, DW_ABRV.CHANTYPE, name);
        const s = src.chanElem(gotype);
        d.newrefattr(die, DW_AT.go_elem, this.defgotype(s));
        // The elem's type symbol, kept for synthesizechantypes (synthesizing here would change
        // the order of the DIEs).
        d.newrefattr(die, DW_AT.type, s);
        break;
      }
      case Kind.Func: {
        die = d.newdie(dwtypes, DW_ABRV.FUNCTYPE, name);
        newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
        typedefdie = this.dotypedef(dwtypes, name, die);
        const nin = src.funcInCount(gotype);
        for (let i = 0; i < nin; i++) {
          const s = src.funcInType(gotype, i);
          const fld = d.newdie(die, DW_ABRV.FUNCTYPEPARAM, this.paramName(gotype, `param ${i}`, s));
          d.newrefattr(fld, DW_AT.type, this.defgotype(s));
        }
        if (src.funcDotdotdot(gotype)) d.newdie(die, DW_ABRV.DOTDOTDOT, "...");
        const nout = src.funcOutCount(gotype);
        for (let i = 0; i < nout; i++) {
          const s = src.funcOutType(gotype, i);
          const fld = d.newdie(die, DW_ABRV.FUNCTYPEOUTPARAM, this.paramName(gotype, `result ${i}`, s));
          newattr(fld, DW_AT.variable_parameter, DW_CLS.FLAG, 1, undefined);
          d.newrefattr(fld, DW_AT.type, this.defgotype(s));
        }
        break;
      }
      case Kind.Interface: {
        die = d.newdie(dwtypes, DW_ABRV.IFACETYPE, name);
        typedefdie = this.dotypedef(dwtypes, name, die);
        const s = src.ifaceMethodCount(gotype) === 0 ? st.typeRuntimeEface : st.typeRuntimeIface;
        d.newrefattr(die, DW_AT.type, this.defgotype(s));
        break;
      }
      case Kind.Map: {
        die = d.newdie(dwtypes, DW_ABRV.MAPTYPE, name);
        d.newrefattr(die, DW_AT.go_key, this.defgotype(src.mapKey(gotype)));
        d.newrefattr(die, DW_AT.go_elem, this.defgotype(src.mapValue(gotype)));
        // The map's own type symbol, kept for synthesizemaptypes.
        d.newrefattr(die, DW_AT.type, gotype);
        break;
      }
      case Kind.Pointer: {
        die = d.newdie(dwtypes, DW_ABRV.PTRTYPE, name);
        typedefdie = this.dotypedef(dwtypes, name, die);
        d.newrefattr(die, DW_AT.type, this.defgotype(src.ptrElem(gotype)));
        break;
      }
      case Kind.Slice: {
        die = d.newdie(dwtypes, DW_ABRV.SLICETYPE, name);
        typedefdie = this.dotypedef(dwtypes, name, die);
        newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
        const elem = this.defgotype(src.arrayElem(gotype));
        d.newrefattr(die, DW_AT.go_elem, elem);
        break;
      }
      case Kind.String:
        die = d.newdie(dwtypes, DW_ABRV.STRINGTYPE, name);
        newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
        break;
      case Kind.Struct: {
        die = d.newdie(dwtypes, DW_ABRV.STRUCTTYPE, name);
        typedefdie = this.dotypedef(dwtypes, name, die);
        newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, bytesize, undefined);
        const nfields = src.structFieldCount(gotype);
        for (let i = 0; i < nfields; i++) {
          let f = src.structFieldName(gotype, i);
          const s = src.structFieldType(gotype, i);
          if (f === "") f = this.paramName(gotype, `field ${i}`, s);
          const fld = d.newdie(die, DW_ABRV.STRUCTFIELD, f);
          d.newrefattr(fld, DW_AT.type, this.defgotype(s));
          // newmemberoffsetattr: the offset as an int32.
          newattr(
            fld,
            DW_AT.data_member_location,
            DW_CLS.CONSTANT,
            src.structFieldOffset(gotype, i) | 0,
            undefined,
          );
          if (src.structFieldEmbedded(gotype, i))
            newattr(fld, DW_AT.go_embedded_field, DW_CLS.FLAG, 1, undefined);
        }
        break;
      }
      case Kind.UnsafePointer:
        die = d.newdie(dwtypes, DW_ABRV.BARE_PTRTYPE, name);
        break;
      default:
        throw new LinkError(`dwarf: definition of unknown kind ${kind}: ${sn}`);
    }

    newattr(die, DW_AT.go_kind, DW_CLS.CONSTANT, kind, undefined);
    if (src.reachable(gotype)) newattr(die, DW_AT.go_runtime_type, DW_CLS.GO_TYPEREF, 0, gotype);

    const ds = (typedefdie ?? die).sym as LinkSym;
    if (d.rtmap.has(gotype)) throw new LinkError("internal error: rtmap entry already installed");
    d.rtmap.set(ds, gotype);
    if (st.prototypedies.has(sn)) st.prototypedies.set(sn, die);
    return typedefdie ?? die;
  }

  /** dwarf.go, nameFromDIESym: the type name of a DIE symbol ("go:info.int" is "int"). */
  nameFromDIESym(dwtypeDIESym: LinkSym): string {
    return dwtypeDIESym.name.slice(InfoPrefix.length);
  }

  /**
   * dwarf.go, defptrto: the DIE of a pointer to the type of `dwtype`, made if need be. The
   * pointer gets its kind and runtime type only when its type symbol exists and is reachable.
   */
  defptrto(dwtype: LinkSym): LinkSym {
    const { d, src } = this;
    const ptrname = `*${this.nameFromDIESym(dwtype)}`;
    const found = d.find(ptrname);
    if (found !== undefined) return found;
    const pdie = d.newdie(d.dwtypes, DW_ABRV.PTRTYPE, ptrname);
    d.newrefattr(pdie, DW_AT.type, dwtype);
    const gts = src.lookup(`type:${ptrname}`);
    if (gts !== undefined && src.reachable(gts)) {
      newattr(pdie, DW_AT.go_kind, DW_CLS.CONSTANT, Kind.Pointer, undefined);
      newattr(pdie, DW_AT.go_runtime_type, DW_CLS.GO_TYPEREF, 0, gts);
    }
    const ds = pdie.sym as LinkSym;
    if (gts !== undefined) {
      d.rtmap.set(ds, gts);
      d.tdmap.set(gts, ds);
    }
    return ds;
  }

  /**
   * dwarf.go, copychildrenexcept: copy src's children (attributes by value, data shared) under
   * dst, except `except`.
   */
  copychildrenexcept(dst: DWDie, src: DWDie, except: DWDie | undefined): void {
    for (let s = src.child; s !== undefined; s = s.link) {
      if (s === except) continue;
      const c = this.d.newdie(dst, s.abbrev, getattr(s, DW_AT.name)!.data as string);
      for (let a = s.attr; a !== undefined; a = a.link) newattr(c, a.atr, a.cls, a.value, a.data);
      this.copychildrenexcept(c, s, undefined);
    }
    reverselist(dst);
  }

  /** dwarf.go, copychildren. */
  copychildren(dst: DWDie, src: DWDie): void {
    this.copychildrenexcept(dst, src, undefined);
  }

  /** dwarf.go, substitutetype: set the DW_AT_type of struct member `field`. */
  substitutetype(structdie: DWDie, field: string, dwtype: LinkSym): void {
    const child = findchild(structdie, field);
    if (child === undefined)
      throw new LinkError(
        `dwarf substitutetype: ${String(getattr(structdie, DW_AT.name)?.data)} does not have member ${field}`,
      );
    const a = getattr(child, DW_AT.type);
    if (a !== undefined) a.data = dwtype;
    else this.d.newrefattr(child, DW_AT.type, dwtype);
  }

  /** dwarf.go, findprotodie: a prototype's DIE, defining the type if no one has yet. */
  findprotodie(name: string): DWDie {
    const { st } = this;
    let die = st.prototypedies.get(name);
    if (st.prototypedies.has(name) && die === undefined) {
      this.defgotype(this.lookupOrDiag(name));
      die = st.prototypedies.get(name);
    }
    if (die === undefined) throw new LinkError(`internal error: DIE generation failed for ${name}`);
    return die;
  }

  /** dwarf.go, walksymtypedef: from a type's DIE symbol to its typedef's (through rtmap, tdmap). */
  walksymtypedef(symIdx: LinkSym): LinkSym {
    const { d } = this;
    const ts = d.rtmap.get(symIdx);
    if (ts === undefined) throw new LinkError(`internal error: no entry for sym ${symIdx.name} in rtmap`);
    const def = d.tdmap.get(ts);
    if (def === undefined) throw new LinkError(`internal error: no entry for sym ${ts.name} in tdmap`);
    return def;
  }

  /** dwarf.go, mkinternaltype: the synthesized struct `typename<key,val>`, made once by `f`. */
  mkinternaltype(
    abbrev: number,
    typename: string,
    keyname: string,
    valname: string,
    f: (die: DWDie) => void,
  ): LinkSym {
    const { d } = this;
    const name = mkinternaltypename(typename, keyname, valname);
    const s = d.ldr.lookup(InfoPrefix + name);
    if (s !== undefined && s.type === "SDWARFTYPE") return s;
    const die = d.newdie(d.dwtypes, abbrev, name);
    f(die);
    return die.sym as LinkSym;
  }

  /** dwarf.go, synthesizestringtypes: every string type gets stringStructDWARF's members. */
  synthesizestringtypes(die: DWDie | undefined): void {
    const prototype = walktypedef(this.findprotodie("type:runtime.stringStructDWARF"));
    if (prototype === undefined) return;
    for (; die !== undefined; die = die.link) {
      if (die.abbrev !== DW_ABRV.STRINGTYPE) continue;
      this.copychildren(die, prototype);
    }
  }

  /** dwarf.go, synthesizeslicetypes: runtime.slice's members, `array` retyped to *elem. */
  synthesizeslicetypes(die: DWDie | undefined): void {
    const prototype = walktypedef(this.findprotodie("type:runtime.slice"));
    if (prototype === undefined) return;
    for (; die !== undefined; die = die.link) {
      if (die.abbrev !== DW_ABRV.SLICETYPE) continue;
      this.copychildren(die, prototype);
      const elem = getattr(die, DW_AT.go_elem)!.data as LinkSym;
      this.substitutetype(die, "array", this.defptrto(elem));
    }
  }

  /**
   * dwarf.go, synthesizemaptypes (swiss maps, the only kind in 1.26): groupReference<K,V>,
   * table<K,V> and map<K,V> from internal/runtime/maps' groupsReference, table and Map; the map
   * type's DW_AT_type becomes *map<K,V>.
   */
  synthesizemaptypes(die: DWDie | undefined): void {
    const { d, src } = this;
    const mapType = walktypedef(this.findprotodie("type:internal/runtime/maps.Map"))!;
    const tableType = walktypedef(this.findprotodie("type:internal/runtime/maps.table"))!;
    const groupsReferenceType = walktypedef(this.findprotodie("type:internal/runtime/maps.groupsReference"))!;
    const sizeOf = (t: DWDie): number => getattr(t, DW_AT.byte_size)?.value ?? 0;

    for (; die !== undefined; die = die.link) {
      if (die.abbrev !== DW_ABRV.MAPTYPE) continue;
      const gotype = getattr(die, DW_AT.type)!.data as LinkSym;
      let keyType = src.mapKey(gotype);
      let valType = src.mapValue(gotype);
      let groupType = src.mapGroup(gotype);

      keyType = this.walksymtypedef(this.defgotype(keyType));
      valType = this.walksymtypedef(this.defgotype(valType));
      groupType = this.walksymtypedef(this.defgotype(groupType));

      const keyName = this.nameFromDIESym(keyType);
      const valName = this.nameFromDIESym(valType);

      const dwGroupsReference = this.mkinternaltype(
        DW_ABRV.STRUCTTYPE,
        "groupReference",
        keyName,
        valName,
        (dwh) => {
          this.copychildren(dwh, groupsReferenceType);
          // data points at a variable-length array of groups: recorded as *group.
          this.substitutetype(dwh, "data", this.defptrto(groupType));
          newattr(dwh, DW_AT.byte_size, DW_CLS.CONSTANT, sizeOf(groupsReferenceType), undefined);
          newattr(dwh, DW_AT.go_kind, DW_CLS.CONSTANT, Kind.Struct, undefined);
        },
      );

      const dwTable = this.mkinternaltype(DW_ABRV.STRUCTTYPE, "table", keyName, valName, (dwh) => {
        this.copychildren(dwh, tableType);
        this.substitutetype(dwh, "groups", dwGroupsReference);
        newattr(dwh, DW_AT.byte_size, DW_CLS.CONSTANT, sizeOf(tableType), undefined);
        newattr(dwh, DW_AT.go_kind, DW_CLS.CONSTANT, Kind.Struct, undefined);
      });

      const dwMap = this.mkinternaltype(DW_ABRV.STRUCTTYPE, "map", keyName, valName, (dwh) => {
        this.copychildren(dwh, mapType);
        // dirPtr points at a variable-length array of *table<K,V>: recorded as **table<K,V>.
        this.substitutetype(dwh, "dirPtr", this.defptrto(this.defptrto(dwTable)));
        newattr(dwh, DW_AT.byte_size, DW_CLS.CONSTANT, sizeOf(mapType), undefined);
        newattr(dwh, DW_AT.go_kind, DW_CLS.CONSTANT, Kind.Struct, undefined);
      });

      d.newrefattr(die, DW_AT.type, this.defptrto(dwMap));
    }
  }

  /**
   * dwarf.go, synthesizechantypes: sudog<T>, waitq<T> and hchan<T> from the runtime's sudog,
   * waitq and hchan; the chan type's DW_AT_type becomes *hchan<T>.
   */
  synthesizechantypes(die: DWDie | undefined): void {
    const { d } = this;
    const sudog = walktypedef(this.findprotodie("type:runtime.sudog"));
    const waitq = walktypedef(this.findprotodie("type:runtime.waitq"));
    const hchan = walktypedef(this.findprotodie("type:runtime.hchan"));
    if (sudog === undefined || waitq === undefined || hchan === undefined) return;
    const sudogsize = getattr(sudog, DW_AT.byte_size)?.value ?? 0;

    for (; die !== undefined; die = die.link) {
      if (die.abbrev !== DW_ABRV.CHANTYPE) continue;
      const elemgotype = getattr(die, DW_AT.type)?.data as LinkSym | undefined;
      if (elemgotype === undefined) throw new LinkError(`dwarf: chan type without an element type`);
      const tname = elemgotype.name;
      const elemname = tname.slice(5);
      const elemtype = this.walksymtypedef(this.defgotype(this.lookupOrDiag(tname)));

      const dwss = this.mkinternaltype(DW_ABRV.STRUCTTYPE, "sudog", elemname, "", (dws) => {
        this.copychildren(dws, sudog);
        this.substitutetype(dws, "elem", this.defptrto(elemtype));
        newattr(dws, DW_AT.byte_size, DW_CLS.CONSTANT, sudogsize, undefined);
      });

      const dwws = this.mkinternaltype(DW_ABRV.STRUCTTYPE, "waitq", elemname, "", (dww) => {
        this.copychildren(dww, waitq);
        this.substitutetype(dww, "first", this.defptrto(dwss));
        this.substitutetype(dww, "last", this.defptrto(dwss));
        newattr(
          dww,
          DW_AT.byte_size,
          DW_CLS.CONSTANT,
          getattr(waitq, DW_AT.byte_size)?.value ?? 0,
          undefined,
        );
      });

      const dwhs = this.mkinternaltype(DW_ABRV.STRUCTTYPE, "hchan", elemname, "", (dwh) => {
        this.copychildren(dwh, hchan);
        this.substitutetype(dwh, "recvq", dwws);
        this.substitutetype(dwh, "sendq", dwws);
        newattr(
          dwh,
          DW_AT.byte_size,
          DW_CLS.CONSTANT,
          getattr(hchan, DW_AT.byte_size)?.value ?? 0,
          undefined,
        );
      });

      d.newrefattr(die, DW_AT.type, this.defptrto(dwhs));
    }
  }

  /** The end of dwarfGenerateDebugInfo: the four synthesis passes, each over the DIEs made so far. */
  synthesize(): void {
    const { d } = this;
    this.synthesizestringtypes(d.dwtypes.child);
    this.synthesizeslicetypes(d.dwtypes.child);
    this.synthesizemaptypes(d.dwtypes.child);
    this.synthesizechantypes(d.dwtypes.child);
  }
}

/**
 * The type DIE generator (DwarfTypeGen) that does what cmd/link does. One generator can serve
 * any number of links: what it keeps is per dwctxt.
 */
export function newGoTypes(opts: GoTypesOptions = {}): DwarfTypeGen & {
  /** The generator's view of one link, for tests and tools: Go's dwctxt type methods. */
  gen(d: dwctxt): Gen;
} {
  const gens = new WeakMap<dwctxt, Gen>();
  const gen = (d: dwctxt): Gen => {
    let g = gens.get(d);
    if (g === undefined) {
      g = new Gen(d, sourceFor(d, opts), new TypeState());
      gens.set(d, g);
    }
    return g;
  };
  return {
    gen,
    prelude(d: dwctxt): void {
      const g = gen(d);
      g.prelude();
      const standIn = d.ldr.standInTypes;
      if (standIn !== undefined && opts.runtimeStandIn !== false) g.runtimeStandIn(standIn);
    },
    defgotype(d: dwctxt, gotype: LinkSym | undefined): LinkSym {
      return gen(d).defgotype(gotype);
    },
    synthesize(d: dwctxt): void {
      gen(d).synthesize();
    },
  };
}

export type { Gen as GoTypeGen };

/** The default generator: what cmd/link does, reachability from the loader. */
export const goTypes = newGoTypes();
