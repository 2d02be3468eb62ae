/**
 * The state of lifting one compile unit into one compiler Link: the binary it comes from, the
 * symbols made so far, and what the linker gave each of them in the binary (an address, a section
 * offset, a .debug_addr slot), which relocate.ts applies afterwards.
 */
import { AbstractFuncSuffix, InfoPrefix } from "../../dwarf/context.js";
import { DW_AT } from "../../dwarf/constants.js";
import type { Unit } from "../../dwarf/read/model.js";
import { attrString } from "../../dwarf/read/model.js";
import type { Link } from "../../compiler/obj/link.js";
import type { LSym } from "../../compiler/obj/lsym.js";
import type { LiftedAbstract } from "./abstract.js";
import { type GoBinary, LiftError } from "./binary.js";

export class LiftContext {
  /** R_ADDR targets: text symbols at their addresses. */
  readonly address = new Map<LSym, bigint>();
  /** R_DWARFSECREF targets: offsets in their DWARF section (types, abstract and function DIEs, lists). */
  readonly secOffset = new Map<LSym, number>();
  /** R_DWTXTADDR_* targets: the text symbol's slot in the unit's .debug_addr. */
  readonly addrIndex = new Map<LSym, number>();
  /** Abstract functions lifted into this Link, by .debug_info offset (abstract.ts). */
  readonly abstracts = new Map<number, LiftedAbstract>();
  private readonly typeOffsets = new Map<string, number>();

  constructor(
    readonly bin: GoBinary,
    readonly unit: Unit,
    readonly link: Link,
  ) {}

  /** The `go:info.<type>` symbol of the type DIE at `offset`, which the linker put there. */
  typeSym(offset: number): LSym {
    const { die } = this.bin.at(offset);
    const name = attrString(die, DW_AT.name);
    if (name === undefined) throw new LiftError(`type DIE at 0x${offset.toString(16)} has no name`);
    const prev = this.typeOffsets.get(name);
    if (prev !== undefined && prev !== offset)
      throw new LiftError(`two type DIEs named ${name}: 0x${prev.toString(16)} and 0x${offset.toString(16)}`);
    this.typeOffsets.set(name, offset);
    const s = this.link.Lookup(InfoPrefix + name);
    this.secOffset.set(s, offset);
    return s;
  }

  /** The text symbol of a (Go, so ABIInternal) function, made once per name; `static` mirrors DW_AT_external = 0. */
  textSym(name: string, isStatic: boolean): LSym {
    const s = isStatic ? this.link.LookupStatic(name) : this.link.LookupABI(name, "ABIInternal");
    if (s.type === "Sxxx") s.type = "STEXT";
    return s;
  }

  /** The name SetPrecursorFunc gives the abstract symbol of `fn`. */
  static absName(fn: string): string {
    return InfoPrefix + fn + AbstractFuncSuffix;
  }
}
