/**
 * sym.CompilationUnit and sym.Library (cmd/link/internal/sym/compilation_unit.go, library.go),
 * Go 1.26: one unit per object file, grouped by package.
 */
import type { DWDie, Range } from "../dwarf/context.js";
import type { LinkSym } from "./sym.js";

/** sym.Library: a package and its objects' units. */
export interface Library {
  /** Lib.Pkg: the import path. */
  pkg: string;
  units: CompilationUnit[];
}

/** sym.CompilationUnit. */
export interface CompilationUnit {
  lib: Library;
  /** FileTable: the object's file table, as the compiler recorded the names. */
  fileTable: readonly string[];
  /** Textp: the unit's text symbols, in address order. */
  textp: LinkSym[];
  /** PCs: the unit's PC ranges, relative to textp[0] (calcCompUnitRanges). */
  pcs: Range[];
  /** DWInfo: the compile-unit DIE (dwarfGenerateDebugInfo). */
  dwInfo: DWDie | undefined;
  /** Consts: the package's go:constinfo symbol, in the package's first unit only. */
  consts: LinkSym | undefined;
  /** FuncDIEs, AbsFnDIEs, RangeSyms, VarDIEs, in discovery order. */
  funcDIEs: LinkSym[];
  absFnDIEs: LinkSym[];
  rangeSyms: LinkSym[];
  varDIEs: LinkSym[];
  /** Addrs: the .debug_addr slot of each text symbol the unit's DWARF refers to (DWARF 5). */
  addrs: Map<LinkSym, number>;
  /**
   * Not in Go: the Go type names the unit's DWARF made the linker define (defgotype), first-seen,
   * for inspection. Go keeps no such list.
   */
  typeRefs: string[];
}

export function newCompilationUnit(lib: Library, fileTable: readonly string[]): CompilationUnit {
  return {
    lib,
    fileTable,
    textp: [],
    pcs: [],
    dwInfo: undefined,
    consts: undefined,
    funcDIEs: [],
    absFnDIEs: [],
    rangeSyms: [],
    varDIEs: [],
    addrs: new Map(),
    typeRefs: [],
  };
}
