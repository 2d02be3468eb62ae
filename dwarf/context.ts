/**
 * The data model and the writer abstraction shared by the compiler and the linker: models the
 * types of cmd/internal/dwarf/dwarf.go (Sym, Var, Scope, Range, FnState, InlCalls, InlCall,
 * Context, DWAttr, DWDie), Go 1.26.
 *
 * Naming: Go's exported struct fields and interface methods become lowerCamel (`ctxt.addInt`,
 * `v.declLine`); functions keep Go's names (`PutAttrs`, `putvar`). Go's int64 values are `number`:
 * every value these writers handle is an offset, a size, a line, a stack or closure offset or a PC
 * delta within one function, all far below 2^53. Full 64-bit addresses appear only after linking.
 */
import type { AbbrevOptions } from "./abbrev.js";
import { appendRange, MergeRanges, putRanges } from "./ranges.js";

/** dwarf.go, InfoPrefix: prefix of the symbols holding DWARF info entries. */
export const InfoPrefix = "go:info.";
/** dwarf.go, ConstInfoPrefix: prefix of the per-package integer-constant DIE symbols. */
export const ConstInfoPrefix = "go:constinfo.";
/** dwarf.go, CUInfoPrefix: prefix of the symbols that feed the compile-unit DIE. */
export const CUInfoPrefix = "go:cuinfo.";
/** dwarf.go, AbstractFuncSuffix: suffix of an abstract subprogram's DIE symbol. */
export const AbstractFuncSuffix = "$abstract";

/**
 * dwarf.go, Sym: an opaque symbol. The writers never look inside; only the Context does. `null`
 * and `undefined` both play Go's nil.
 */
export type Sym = unknown;

/**
 * What the writers read from Go's package globals: buildcfg.Experiment.Dwarf5 and GOOS
 * darwin/ios (which turns DW_FORM_udata_pseudo into data4). Same shape as the abbrev options.
 */
export type BuildCfg = AbbrevOptions;

/**
 * dwarf.go, Context: how the writers add data to a symbol. The compiler (obj.dwCtxt) and the
 * linker (ld.dwctxt) implement it differently; dwarf/memctxt.ts is an in-memory one.
 *
 * Two additions to Go's interface: `buildcfg` carries what Go reads from globals, and the optional
 * `mark` hook records provenance. Writers call it as `ctxt.mark?.(s, "who")`; optional call
 * short-circuits the argument, so with no hook the cost is one property read.
 */
export interface Context {
  readonly buildcfg: BuildCfg;
  ptrSize(): number;
  size(s: Sym): number;
  /** Append `i` as a `size`-byte integer (two's complement; -1 fills with 0xff). */
  addInt(s: Sym, size: number, i: number): void;
  /** Append bytes. Implementations must copy: writers reuse their scratch buffers. */
  addBytes(s: Sym, b: ArrayLike<number>): void;
  /** Append a pointer-size address of `t`+`ofs` (R_ADDR); a nil `t` writes `ofs` itself. */
  addAddress(s: Sym, t: unknown, ofs: number): void;
  /** Append a pointer-size address of `t`+`ofs` relative to the CU's low_pc (R_ADDRCUOFF). */
  addCURelativeAddress(s: Sym, t: unknown, ofs: number): void;
  /** Append a `size`-byte offset of `t`+`ofs` from its section (linker-only; R_ADDROFF). */
  addSectionOffset(s: Sym, size: number, t: unknown, ofs: number): void;
  /** Append a 4-byte (8 in DWARF64) offset of `t`+`ofs` in its DWARF section (R_DWARFSECREF). */
  addDWARFAddrSectionOffset(s: Sym, t: unknown, ofs: number): void;
  /** Append the .debug_addr index of text symbol `t` (R_DWTXTADDR_U1..U4, padded ULEB128). */
  addIndirectTextRef(s: Sym, t: unknown): void;
  currentOffset(s: Sym): number;
  /**
   * The last relocation written to `from` refers to the abstract function `to`; its addend must
   * grow by the offset of `to`'s child DIE whose ChildIndex is `dclIdx` (obj.DwarfFixupTable).
   */
  recordDclReference(from: Sym, to: Sym, dclIdx: number, inlIndex: number): void;
  /** The child DIE offsets of abstract function `s`, one per var, keyed by Var.childIndex. */
  recordChildDieOffsets(s: Sym, vars: readonly Var[], offsets: readonly number[]): void;
  /** Append `v` as UTF-8 and a NUL. */
  addString(s: Sym, v: string): void;
  logf(format: string, ...args: unknown[]): void;
  /**
   * Provenance (not in Go): the bytes appended to `s` from now until the next mark on `s` were
   * written by `who`, e.g. "putvar DW_AT_location". Absent unless someone wants it.
   */
  mark?: ((s: Sym, who: string) => void) | undefined;
}

/**
 * The two things the writers ask of a cmd/internal/src.Pos: `pos.FileIndex()` (an index into the
 * package-wide file table) and `pos.RelLine()` (the line, honouring //line directives).
 */
export interface SrcPos {
  readonly fileIndex: number;
  readonly relLine: number;
}

/** dwarf.go, Var: a local variable or a parameter. */
export interface Var {
  name: string;
  /** DW_TAG.variable or DW_TAG.formal_parameter. */
  tag: number;
  withLoclist: boolean;
  isReturnValue: boolean;
  isInlFormal: boolean;
  /** 1-based index of the dictionary entry giving this var's real type; 0 for none (uint16). */
  dictIndex: number;
  stackOffset: number;
  /** Writes the var's location list to `listSym` (a closure over ssa.FuncDebug in Go). */
  putLocationList?: ((listSym: Sym, startPC: Sym) => void) | undefined;
  scope: number;
  type: Sym;
  declFile: string;
  declLine: number;
  declCol: number;
  /** 1-based index into the inlining tree; 0 when not inlined. */
  inlIndex: number;
  /** Index of this var's child DIE in the abstract function. */
  childIndex: number;
  /** The var exists in the abstract function. */
  isInAbstract: boolean;
  /** Offset in the closure struct of a captured variable; > 0 only for those. */
  closureOffset: number;
}

/** dwarf.go, Range: the half-open PC interval [start, end), relative to the function start. */
export interface Range {
  start: number;
  end: number;
}

/** dwarf.go, Scope: a lexical scope, its PC ranges and the vars declared in it. */
export class Scope {
  constructor(
    public parent: number,
    public ranges: Range[] = [],
    public vars: Var[] = [],
  ) {}

  /** dwarf.go, (*Scope).UnifyRanges: merge c's ranges into this scope's. */
  unifyRanges(c: Scope): void {
    this.ranges = MergeRanges(this.ranges, c.ranges);
  }

  /** dwarf.go, (*Scope).AppendRange: add r if non-empty, extending the last range if adjacent. */
  appendRange(r: Range): void {
    appendRange(this, r);
  }
}

/** dwarf.go, InlCall: one inlined call site. */
export interface InlCall {
  /** Index into the inlining tree; isEmptyInlinedCall sets it to -2 to mark a pruned call. */
  inlIndex: number;
  callPos: SrcPos;
  /** The callee's abstract subprogram DIE symbol. */
  absFunSym: Sym;
  /** Indices into InlCalls.calls of the calls inlined into this one. */
  children: number[];
  /** The inlined callee's params and locals. */
  inlVars: Var[];
  ranges: Range[];
  /** Not a child of another inlined call. */
  root: boolean;
}

/** dwarf.go, InlCalls. */
export interface InlCalls {
  calls: InlCall[];
}

/** The fields of an FnState a caller supplies (FnState's private dictIndexToOffset excluded). */
export interface FnStateInit {
  name: string;
  info: Sym;
  loc?: Sym;
  ranges?: Sym;
  absfn?: Sym;
  startPC: Sym;
  startPos: SrcPos;
  size: number;
  external?: boolean;
  scopes?: Scope[];
  inlCalls?: InlCalls;
  /** Required: Go's zero value (false) is not what obj sets on any OS but darwin, so say it. */
  useBASEntries: boolean;
}

/** dwarf.go, FnState: what the Put*Func writers need to know about one function. */
export class FnState {
  name: string;
  /** The function's DIE symbol (SDWARFFCN). */
  info: Sym;
  /** Its location lists (SDWARFLOC). */
  loc: Sym;
  /** Its range lists (SDWARFRANGE). */
  ranges: Sym;
  /** The abstract subprogram DIE symbol, for functions that were inlined somewhere. */
  absfn: Sym;
  /** The text symbol: the base of every PC in scopes and inlined calls. */
  startPC: Sym;
  startPos: SrcPos;
  size: number;
  external: boolean;
  scopes: Scope[];
  inlCalls: InlCalls;
  /** DWARF 4 range and location lists start with a base address selection entry (not darwin). */
  useBASEntries: boolean;
  /** Set by putparamtypes: .info offset of the DICT_INDEX typedef for dict index i+1; 0 if none. */
  dictIndexToOffset: number[] | undefined = undefined;

  constructor(init: FnStateInit) {
    this.name = init.name;
    this.info = init.info;
    this.loc = init.loc;
    this.ranges = init.ranges;
    this.absfn = init.absfn;
    this.startPC = init.startPC;
    this.startPos = init.startPos;
    this.size = init.size;
    this.external = init.external ?? false;
    this.scopes = init.scopes ?? [];
    this.inlCalls = init.inlCalls ?? { calls: [] };
    this.useBASEntries = init.useBASEntries;
  }

  /** dwarf.go, (*FnState).PutRanges: append a range list for `ranges` to this.ranges. */
  putRanges(ctxt: Context, ranges: readonly Range[]): void {
    putRanges(this, ctxt, ranges);
  }
}

/**
 * dwarf.go, DWAttr: one attribute of a linker-built DIE. For strings and blocks `value` is the
 * length and `data` the contents; for references `data` is the target; otherwise `value` is all.
 */
export interface DWAttr {
  link: DWAttr | undefined;
  /** DW_AT_*. */
  atr: number;
  /** DW_CLS_*. */
  cls: number;
  value: number;
  data: unknown;
}

/** dwarf.go, DWDie: a DIE the linker builds (types, the compile unit), as linked lists. */
export interface DWDie {
  abbrev: number;
  /** Next sibling. */
  link: DWDie | undefined;
  /** First child. */
  child: DWDie | undefined;
  attr: DWAttr | undefined;
  sym: Sym;
}

/** dwarf.go, logDwarf: log subprogram generation through ctxt.logf. */
export let logDwarf = false;

/** dwarf.go, EnableLogging. */
export function EnableLogging(doit: boolean): void {
  logDwarf = doit;
}
