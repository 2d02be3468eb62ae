/**
 * The seam for the type DIEs. In Go, dwarfGenerateDebugInfo calls defgotype on every Go type the
 * program's DWARF refers to, in the order it meets them (the prelude's builtin and internal/abi
 * types, then unit by unit: constants, each function's info symbol and the abstract functions it
 * imports, then the globals), and finally the synthesize* passes; newtype, dotypedef, defptrto and
 * the synthesizers hang DIEs under the root `d.dwtypes` through `d.newdie`, and
 * dwarfGenerateDebugSyms reverses that tree and moves it under the runtime unit (reversetree,
 * movetomodule), where writeUnitInfo writes it.
 *
 * A DwarfTypeGen is that family of functions. The linker core calls it at Go's call points; it
 * builds DIEs with dwctxt's newdie/newattr/newrefattr and the maps tmap, rtmap and tdmap. A type
 * symbol is the linker symbol `type:<name>` (the loader makes one for every go:info.<name> the
 * objects refer to; it may be undefined where Go's lookup finds nothing).
 *
 * stubTypes is the placeholder until the real generator (defgotype, newtype, synthesize*,
 * dotypedef in linker/dwarf/types*.ts) lands: one BASETYPE DIE per type, named like the type, with
 * the kind and size of the objects' type table (d.ldr.types), or what the name tells (gotypes.ts),
 * so every reference resolves and readers can walk the result.
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_ATE, DW_CLS } from "../../dwarf/constants.js";
import { goTypeInfo, Kind, kindOf } from "../gotypes.js";
import { LinkError } from "../load.js";
import type { LinkSym } from "../sym.js";
import { type dwctxt, newattr } from "./dwctxt.js";

export interface DwarfTypeGen {
  /**
   * dwarfGenerateDebugInfo's prelude, before any unit: <unspecified>, unsafe.Pointer, uintptr, the
   * prototype DIEs and the internal/abi types the gdb pretty-printer needs.
   */
  prelude(d: dwctxt): void;
  /**
   * defgotype: the symbol of the DIE (or typedef DIE) of the Go type whose type symbol is
   * `gotype` ("type:int"), made on first use. `undefined` stands for Go's 0 symbol.
   */
  defgotype(d: dwctxt, gotype: LinkSym | undefined): LinkSym;
  /** synthesizestringtypes, synthesizeslicetypes, synthesizemaptypes, synthesizechantypes. */
  synthesize(d: dwctxt): void;
  /** Size in bytes of a value of the named type, when known (for the data layout of globals). */
  typeSize?(name: string): number | undefined;
}

/** DW_ATE encoding of a basic kind (newtype's switch), 0 for the others. */
function encodingOf(kind: number): number {
  switch (kind) {
    case Kind.Bool:
      return DW_ATE.boolean;
    case Kind.Int:
    case Kind.Int8:
    case Kind.Int16:
    case Kind.Int32:
    case Kind.Int64:
      return DW_ATE.signed;
    case Kind.Uint:
    case Kind.Uint8:
    case Kind.Uint16:
    case Kind.Uint32:
    case Kind.Uint64:
    case Kind.Uintptr:
      return DW_ATE.unsigned;
    case Kind.Float32:
    case Kind.Float64:
      return DW_ATE.float;
    case Kind.Complex64:
    case Kind.Complex128:
      return DW_ATE.complex_float;
    default:
      return 0;
  }
}

/** The placeholder generator: a BASETYPE per type, no prelude, no synthesis. */
export const stubTypes: DwarfTypeGen = {
  prelude(): void {},

  defgotype(d: dwctxt, gotype: LinkSym | undefined): LinkSym {
    if (gotype === undefined) {
      return (
        d.find("<unspecified>") ?? (d.newdie(d.dwtypes, DW_ABRV.NULLTYPE, "<unspecified>").sym as LinkSym)
      );
    }
    const known = d.tdmap.get(gotype);
    if (known !== undefined) return known;
    if (!gotype.name.startsWith("type:"))
      throw new LinkError(`dwarf: type name doesn't start with "type:": ${gotype.name}`);
    const name = gotype.name.slice("type:".length);
    const sdie = d.find(name);
    if (sdie !== undefined) return sdie;
    const die = d.newdie(d.dwtypes, DW_ABRV.BASETYPE, name);
    const t = d.ldr.types.get(name);
    const info = t !== undefined ? { kind: kindOf(t.kind), size: t.size } : goTypeInfo(name);
    const kind = info?.kind ?? Kind.Invalid;
    newattr(die, DW_AT.encoding, DW_CLS.CONSTANT, encodingOf(kind), undefined);
    newattr(die, DW_AT.byte_size, DW_CLS.CONSTANT, info?.size ?? 0, undefined);
    newattr(die, DW_AT.go_kind, DW_CLS.CONSTANT, kind, undefined);
    newattr(die, DW_AT.go_runtime_type, DW_CLS.GO_TYPEREF, 0, gotype);
    const ds = die.sym as LinkSym;
    d.rtmap.set(ds, gotype);
    d.tdmap.set(gotype, ds);
    return ds;
  },

  synthesize(): void {},

  typeSize(name: string): number | undefined {
    return goTypeInfo(name)?.size;
  },
};
