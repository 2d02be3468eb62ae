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

/** objabi.RelocType names that DWARF generation and the type descriptors (reflectdata) emit. */
export type RelocTypeName =
  | "R_ADDR"
  | "R_ADDROFF"
  | "R_USETYPE"
  | "R_USEIFACE"
  | "R_KEEP"
  | "R_DWARFSECREF"
  | "R_ADDRCUOFF"
  | "R_DWTXTADDR_U1"
  | "R_DWTXTADDR_U2"
  | "R_DWTXTADDR_U3"
  | "R_DWTXTADDR_U4";

/**
 * Every objabi.RelocType of Go 1.26 by number (reloctype_string.go): what a real object file's
 * relocations are named by. Index 0 is unused (R_ADDR is 1).
 */
export const objRelocNames126 = [
  "",
  "R_ADDR",
  "R_ADDRPOWER",
  "R_ADDRARM64",
  "R_ADDRMIPS",
  "R_ADDROFF",
  "R_SIZE",
  "R_CALL",
  "R_CALLARM",
  "R_CALLARM64",
  "R_CALLIND",
  "R_CALLPOWER",
  "R_CALLMIPS",
  "R_CONST",
  "R_PCREL",
  "R_TLS_LE",
  "R_TLS_IE",
  "R_GOTOFF",
  "R_PLT0",
  "R_PLT1",
  "R_PLT2",
  "R_USEFIELD",
  "R_USETYPE",
  "R_USEIFACE",
  "R_USEIFACEMETHOD",
  "R_USENAMEDMETHOD",
  "R_METHODOFF",
  "R_KEEP",
  "R_POWER_TOC",
  "R_GOTPCREL",
  "R_JMPMIPS",
  "R_DWARFSECREF",
  "R_ARM64_TLS_LE",
  "R_ARM64_TLS_IE",
  "R_ARM64_GOTPCREL",
  "R_ARM64_GOT",
  "R_ARM64_PCREL",
  "R_ARM64_PCREL_LDST8",
  "R_ARM64_PCREL_LDST16",
  "R_ARM64_PCREL_LDST32",
  "R_ARM64_PCREL_LDST64",
  "R_ARM64_LDST8",
  "R_ARM64_LDST16",
  "R_ARM64_LDST32",
  "R_ARM64_LDST64",
  "R_ARM64_LDST128",
  "R_POWER_TLS_LE",
  "R_POWER_TLS_IE",
  "R_POWER_TLS",
  "R_POWER_TLS_IE_PCREL34",
  "R_POWER_TLS_LE_TPREL34",
  "R_ADDRPOWER_DS",
  "R_ADDRPOWER_GOT",
  "R_ADDRPOWER_GOT_PCREL34",
  "R_ADDRPOWER_PCREL",
  "R_ADDRPOWER_TOCREL",
  "R_ADDRPOWER_TOCREL_DS",
  "R_ADDRPOWER_D34",
  "R_ADDRPOWER_PCREL34",
  "R_RISCV_JAL",
  "R_RISCV_JAL_TRAMP",
  "R_RISCV_CALL",
  "R_RISCV_PCREL_ITYPE",
  "R_RISCV_PCREL_STYPE",
  "R_RISCV_TLS_IE",
  "R_RISCV_TLS_LE",
  "R_RISCV_GOT_HI20",
  "R_RISCV_GOT_PCREL_ITYPE",
  "R_RISCV_PCREL_HI20",
  "R_RISCV_PCREL_LO12_I",
  "R_RISCV_PCREL_LO12_S",
  "R_RISCV_BRANCH",
  "R_RISCV_ADD32",
  "R_RISCV_SUB32",
  "R_RISCV_RVC_BRANCH",
  "R_RISCV_RVC_JUMP",
  "R_PCRELDBL",
  "R_LOONG64_ADDR_HI",
  "R_LOONG64_ADDR_LO",
  "R_LOONG64_ADDR_PCREL20_S2",
  "R_LOONG64_TLS_LE_HI",
  "R_LOONG64_TLS_LE_LO",
  "R_CALLLOONG64",
  "R_LOONG64_CALL36",
  "R_LOONG64_TLS_IE_HI",
  "R_LOONG64_TLS_IE_LO",
  "R_LOONG64_GOT_HI",
  "R_LOONG64_GOT_LO",
  "R_LOONG64_ADD64",
  "R_LOONG64_SUB64",
  "R_JMP16LOONG64",
  "R_JMP21LOONG64",
  "R_JMPLOONG64",
  "R_ADDRMIPSU",
  "R_ADDRMIPSTLS",
  "R_ADDRCUOFF",
  "R_WASMIMPORT",
  "R_XCOFFREF",
  "R_PEIMAGEOFF",
  "R_INITORDER",
  "R_DWTXTADDR_U1",
  "R_DWTXTADDR_U2",
  "R_DWTXTADDR_U3",
  "R_DWTXTADDR_U4",
] as const;

/** A relocation type name of a real Go 1.26 object (the DWARF ones are RelocTypeName). */
export type ObjRelocName = Exclude<(typeof objRelocNames126)[number], "">;

/** Every objabi.SymKind of Go 1.26 by number (symkind_string.go). */
export const objSymKindNames126 = [
  "Sxxx",
  "STEXT",
  "STEXTFIPS",
  "SRODATA",
  "SRODATAFIPS",
  "SNOPTRDATA",
  "SNOPTRDATAFIPS",
  "SDATA",
  "SDATAFIPS",
  "SBSS",
  "SNOPTRBSS",
  "STLSBSS",
  "SDWARFCUINFO",
  "SDWARFCONST",
  "SDWARFFCN",
  "SDWARFABSFCN",
  "SDWARFTYPE",
  "SDWARFVAR",
  "SDWARFRANGE",
  "SDWARFLOC",
  "SDWARFLINES",
  "SDWARFADDR",
  "SLIBFUZZER_8BIT_COUNTER",
  "SCOVERAGE_COUNTER",
  "SCOVERAGE_AUXVAR",
  "SSEHUNWINDINFO",
] as const;

/** A symbol kind of a real Go 1.26 object (SymKindName is the part the model writes). */
export type ObjSymKindName = (typeof objSymKindNames126)[number];

/** goobj's aux symbol types of Go 1.26 by number (cmd/internal/goobj/objfile.go, Aux Type). */
export const objAuxNames126 = [
  "Gotype",
  "FuncInfo",
  "Funcdata",
  "DwarfInfo",
  "DwarfLoc",
  "DwarfRanges",
  "DwarfLines",
  "Pcsp",
  "Pcfile",
  "Pcline",
  "Pcinline",
  "Pcdata",
  "WasmImport",
  "WasmType",
  "SehUnwindInfo",
] as const;

export type ObjAuxName = (typeof objAuxNames126)[number];

/**
 * What a release's object files number (reloc types, symbol kinds, aux types), index = number.
 * Known for the releases whose objects godwarf reads.
 */
export interface ObjabiTables {
  relocNames: readonly string[];
  symKindNames: readonly string[];
  auxNames: readonly string[];
}

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
  /** The object file's numbering; undefined where godwarf cannot read that release's objects. */
  objabi: ObjabiTables | undefined;
  /**
   * internal/goexperiment.Flags field names (lower-cased, in field order) and the baseline set on
   * linux/amd64 (buildcfg/exp.go): buildcfg.Experiment.String() is their difference.
   */
  experiments: { fields: readonly string[]; baseline: readonly string[] } | undefined;
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
  R_KEEP: 27,
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
  objabi: Object.freeze({
    relocNames: objRelocNames126,
    symKindNames: objSymKindNames126,
    auxNames: objAuxNames126,
  }),
  experiments: Object.freeze({
    fields: [
      "fieldtrack",
      "preemptibleloops",
      "staticlockranking",
      "boringcrypto",
      "regabiwrappers",
      "regabiargs",
      "heapminimum512kib",
      "arenas",
      "cgocheck2",
      "loopvar",
      "newinliner",
      "dwarf5",
      "jsonv2",
      "greenteagc",
      "randomizedheapbase64",
      "runtimefreegc",
      "sizespecializedmalloc",
      "goroutineleakprofile",
      "simd",
      "runtimesecret",
    ],
    baseline: ["regabiwrappers", "regabiargs", "dwarf5", "greenteagc", "randomizedheapbase64"],
  }),
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
  // Only the DWARF relocations' numbers are known for 1.27 (notes, section 12).
  objabi: undefined,
  experiments: undefined,
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

/** The profile whose objects carry this version string ("go1.26.8" → go1.26); undefined if none. */
export function profileForGoVersion(goVersion: string): ToolchainProfile | undefined {
  const m = /^go(\d+)\.(\d+)/.exec(goVersion);
  return m === null ? undefined : PROFILES[`go${m[1]}.${m[2]}`];
}

/** The number of a relocation type in `p`'s objects (the DWARF table first, then the object tables). */
export function relocNumber(p: ToolchainProfile, name: string): number | undefined {
  const n = (p.relocType as Readonly<Record<string, number>>)[name];
  if (n !== undefined) return n;
  const i = p.objabi?.relocNames.indexOf(name) ?? -1;
  return i > 0 ? i : undefined;
}

/** The number of a symbol kind in `p`'s objects. */
export function symKindNumber(p: ToolchainProfile, name: string): number | undefined {
  const n = (p.symKind as Readonly<Record<string, number>>)[name];
  if (n !== undefined) return n;
  const i = p.objabi?.symKindNames.indexOf(name) ?? -1;
  return i >= 0 ? i : undefined;
}

/**
 * buildcfg.Experiment.String(): the experiments whose setting differs from the baseline, in
 * field order, "no" before those turned off. `enabled` is what an object header's X: lists.
 */
export function experimentString(p: ToolchainProfile, enabled: readonly string[]): string {
  const e = p.experiments;
  if (e === undefined) throw new Error(`no experiment table for ${p.version}`);
  const on = new Set(enabled);
  const base = new Set(e.baseline);
  return e.fields
    .filter((f) => on.has(f) !== base.has(f))
    .map((f) => (on.has(f) ? f : `no${f}`))
    .join(",");
}

/** runtime.buildVersion as the linker sets it: buildcfg.Version, then " X:" and the experiments that differ. */
export function buildVersion(p: ToolchainProfile, version: string, enabled: readonly string[]): string {
  const x = experimentString(p, enabled);
  return x === "" ? version : `${version} X:${x}`;
}
