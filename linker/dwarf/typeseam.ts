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
 * symbol is the linker symbol `type:<name>`, its descriptor (the compiler writes one for every
 * go:info.<name> it refers to; `undefined` where Go's lookup finds nothing). linker/dwarf/types.ts
 * is the generator.
 */
import type { LinkSym } from "../sym.js";
import type { dwctxt } from "./dwctxt.js";

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
}
