/**
 * Toolchain profiles: the numbers and small behaviours that move between Go releases, in one place
 * (DESIGN.md, "Versions"). Everything else in compiler/ and linker/ asks the profile, so modelling
 * another release is a new entry here, not a fork.
 *
 * Sources: cmd/internal/objabi/symkind.go and symkind_string.go, reloctype.go and
 * reloctype_string.go of Go 1.26.8 (on this machine); Go 1.27 from shared notes/go-dwarf-internals.md
 * sections 5 and 12 (relocations after R_ADDRCUOFF's predecessors shift by +3, symbol kinds unchanged).
 */

/** objabi.SymKind names this model uses. */
export type SymKindName =
  | "Sxxx"
  | "STEXT"
  | "STEXTFIPS"
  | "SRODATA"
  | "SRODATAFIPS"
  | "SNOPTRDATA"
  | "SNOPTRDATAFIPS"
  | "SDATA"
  | "SDATAFIPS"
  | "SBSS"
  | "SNOPTRBSS"
  | "STLSBSS"
  | "SDWARFCUINFO"
  | "SDWARFCONST"
  | "SDWARFFCN"
  | "SDWARFABSFCN"
  | "SDWARFTYPE"
  | "SDWARFVAR"
  | "SDWARFRANGE"
  | "SDWARFLOC"
  | "SDWARFLINES"
  | "SDWARFADDR";

/** objabi.RelocType names that DWARF generation emits. */
export type RelocTypeName =
  | "R_ADDR"
  | "R_ADDROFF"
  | "R_USETYPE"
  | "R_USEIFACE"
  | "R_DWARFSECREF"
  | "R_ADDRCUOFF"
  | "R_DWTXTADDR_U1"
  | "R_DWTXTADDR_U2"
  | "R_DWTXTADDR_U3"
  | "R_DWTXTADDR_U4";

export interface ToolchainProfile {
  /** "go1.26". */
  version: string;
  /**
   * The default for what the linker prints after "Go cmd/compile " in DW_AT_producer
   * (buildcfg.Version); a build that mirrors a real one passes the real patch release instead.
   */
  compilerVersion: string;
  symKind: Readonly<Record<SymKindName, number>>;
  relocType: Readonly<Record<RelocTypeName, number>>;
  /** DWARF 5 is the default on linux (buildcfg dwarf5Supported). */
  defaultDwarfVersion: 4 | 5;
}

const symKind126: Record<SymKindName, number> = {
  Sxxx: 0,
  STEXT: 1,
  STEXTFIPS: 2,
  SRODATA: 3,
  SRODATAFIPS: 4,
  SNOPTRDATA: 5,
  SNOPTRDATAFIPS: 6,
  SDATA: 7,
  SDATAFIPS: 8,
  SBSS: 9,
  SNOPTRBSS: 10,
  STLSBSS: 11,
  SDWARFCUINFO: 12,
  SDWARFCONST: 13,
  SDWARFFCN: 14,
  SDWARFABSFCN: 15,
  SDWARFTYPE: 16,
  SDWARFVAR: 17,
  SDWARFRANGE: 18,
  SDWARFLOC: 19,
  SDWARFLINES: 20,
  SDWARFADDR: 21,
};

const reloc126: Record<RelocTypeName, number> = {
  R_ADDR: 1,
  R_ADDROFF: 5,
  R_USETYPE: 22,
  R_USEIFACE: 23,
  R_DWARFSECREF: 31,
  R_ADDRCUOFF: 95,
  R_DWTXTADDR_U1: 100,
  R_DWTXTADDR_U2: 101,
  R_DWTXTADDR_U3: 102,
  R_DWTXTADDR_U4: 103,
};

export const GO126: ToolchainProfile = Object.freeze({
  version: "go1.26",
  compilerVersion: "go1.26.8",
  symKind: Object.freeze(symKind126),
  relocType: Object.freeze(reloc126),
  defaultDwarfVersion: 5,
});

export const GO127: ToolchainProfile = Object.freeze({
  version: "go1.27",
  compilerVersion: "go1.27",
  symKind: Object.freeze({ ...symKind126 }),
  relocType: Object.freeze({
    ...reloc126,
    R_ADDRCUOFF: 98,
    R_DWTXTADDR_U1: 103,
    R_DWTXTADDR_U2: 104,
    R_DWTXTADDR_U3: 105,
    R_DWTXTADDR_U4: 106,
  }),
  defaultDwarfVersion: 5,
});

export const PROFILES: Readonly<Record<string, ToolchainProfile>> = Object.freeze({
  "go1.26": GO126,
  "go1.27": GO127,
});

export function profileFor(version = "go1.26"): ToolchainProfile {
  const p = PROFILES[version];
  if (p === undefined)
    throw new Error(`no toolchain profile for ${version} (known: ${Object.keys(PROFILES).join(", ")})`);
  return p;
}
