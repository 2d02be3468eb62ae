/**
 * The program IR: what cmd/compile's DWARF generation reads, written down as data. One document
 * describes one package compiled once (a Go "compilation unit"): its files, flags, functions with
 * their declarations, scope marks, inlining tree and progs, its globals and integer constants.
 *
 * The field names follow the Go structures they stand for (ir.Func, ir.Name, obj.Prog, obj.InlTree,
 * ssa.FuncDebug) so that a reader can hold the two side by side. compiler/ir.schema.json is the
 * JSON Schema of this format; compiler/ir-validate.ts checks a parsed document against it and against
 * the invariants Go's own data keeps (testdata/ir/ holds hand-written examples).
 */

import type { Goarch } from "./obj/arch.js";

/** A source position (src.XPos resolved): what Go compares with `==` and reads with RelLine etc. */
export interface IrPos {
  /** Index into IrProgram.files: the position base's file (FileIndex; with //line, the named file). */
  file: number;
  /** RelLine: the line, after //line directives. 0 means "no line" (such progs are skipped). */
  line: number;
  /** RelCol. */
  col: number;
  /** The inlining index of the position base: an index into the function's inlTree, or -1. */
  inl: number;
  /**
   * Pos.Line and Pos.Col: the line and column in the file as written (the lico's), which
   * dwarfgen's xposBefore compares. Given (both) only where a //line directive makes them differ
   * from line and col.
   */
  absLine?: number;
  absCol?: number;
}

/** obj.Prog, reduced to what DWARF generation reads. */
export interface IrProg {
  /** Offset from the function's start (Prog.Pc minus the TEXT Prog's Pc). */
  pc: number;
  pos: IrPos;
  /** src.PosIsStmt / PosNotStmt / PosDefaultStmt; anything but "not" counts as a statement. */
  stmt: "default" | "is" | "not";
  /** src.PosPrologueEnd marked on this position (the first one sets DW_LNS_set_prologue_end). */
  prologueEnd?: boolean;
}

/** obj.InlinedCall: one node of the function's inlining tree. */
export interface IrInlinedCall {
  /** Index of the parent node, or -1 for a call made directly by the function. */
  parent: number;
  /** Position of the call (in the caller). */
  pos: IrPos;
  /** Linker symbol name of the inlined function, e.g. "main.add" or "strings.Index". */
  func: string;
}

/** ir.Mark: from `pos` on, code belongs to `scope` (ScopeMarker, marker.go). */
export interface IrMark {
  pos: IrPos;
  scope: number;
}

/**
 * ir.Class: PAUTO, PPARAM and PPARAMOUT, which DWARF generation describes, and the classes a debug
 * variable can also have (PAUTOHEAP, PEXTERN, PFUNC), for which createComplexVar writes nothing.
 */
export type IrClass = "auto" | "param" | "result" | "autoheap" | "extern" | "func";

/** A location-list entry of ssa.FuncDebug, with PCs already resolved (offsets from the function start). */
export interface IrLocEntry {
  start: number;
  end: number;
  /** The location expression, lowercase hex (e.g. "50" for DW_OP_reg0, "9c" for call_frame_cfa). */
  expr: string;
}

/** ir.Name of a declaration (fn.Dcl entry), with the facts dwarfgen asks of it. */
export interface IrDecl {
  name: string;
  class: IrClass;
  /** Go type name as types.TypeSymName prints it ("int", "[]string", "main.Point"). */
  type: string;
  /** Declaration position (decl.Canonical().Pos()). Its `inl` gives the InlIndex of inlined locals. */
  pos: IrPos;
  /** n.Used(): autos not used are dropped. Default true. */
  used?: boolean;
  /** n.FrameOffset(). */
  frameOffset: number;
  /** ir.IsAutoTmp(n): compiler temporaries are never described. */
  autoTmp?: boolean;
  /** ssa.IsVarWantedForDebug(n) (default true). */
  wantedForDebug?: boolean;
  /** ssa.CanSSA(n.Type()) (default true). */
  canSSA?: boolean;
  /** n.IsOutputParamInRegisters() (results only). */
  outputParamInRegisters?: boolean;
  /** n.InlFormal() / n.InlLocal(): a parameter or local of an inlined body. */
  inlFormal?: boolean;
  inlLocal?: boolean;
  /** Escaped to the heap with a known Heapaddr: the frame offset of the heap pointer. */
  heapAddrFrameOffset?: number;
  /** Untyped constant-like names are skipped (n.Type().IsUntyped()). */
  untyped?: boolean;
  /** n.DictIndex: for shape-typed generic parameters, 1 + the dictionary index (0 if none). */
  dictIndex?: number;
  /** Position in the function signature (RecvParamsResults order, from 1); absent for locals. */
  paramOrder?: number;
  /**
   * declPos(n) = n.Canonical().Pos(), when it differs from `pos` (a closure's captured var: `pos`
   * is where the closure names it, this is the outer declaration). findScope and createSimpleVar's
   * decl line read this one.
   */
  scopePos?: IrPos;
  /** n.Type().Kind() == types.TSSA (Int128 spill slots): Info records no auto type for it. */
  ssaType?: boolean;
  /** n.Type().Size() (types.CalcSize): Go recovers only the zero-sized autos of OptDcl. */
  size?: number;
}

/** A user variable that ssa.FuncDebug tracked, with its location list (createComplexVar). */
export interface IrDebugVar {
  /** Index into IrFunction.dcl; past its end, debugDcl[decl - dcl.length] (inlined vars not in dcl). */
  decl: number;
  /**
   * The names of the var's slots (LocalSlot.N) other than the var itself, as indices into dcl: a
   * split var's pieces ("err.data", "err.itab"), which createComplexVars counts as described.
   */
  slots?: number[];
  /** The stack offset of its first slot (ssagen.StackOffset), a sort key only. */
  stackOffset: number;
  list: IrLocEntry[];
}

/** ir.Func plus its obj.FuncInfo, as DWARF generation sees one function. */
export interface IrFunction {
  /** Linker symbol name ("main.main", "main.(*T).M", "main.f.func1", "main.Sum[go.shape.int]"). */
  name: string;
  abi: "ABIInternal" | "ABI0";
  /** AttrWrapper (autogenerated wrappers get DW_AT_trampoline). */
  wrapper?: boolean;
  /** AttrStatic: not external. */
  static?: boolean;
  /** FuncInfo.StartLine: the line of the func keyword (RelLine). */
  startLine: number;
  /** The function's declaration position (curfn.Pos()), for abstract functions. */
  pos: IrPos;
  /** Size of the machine code in bytes (LSym.Size). */
  size: number;
  /**
   * base.Ctxt.DwTextCount when DWARF is generated for the function: the functions prepareFunc has
   * counted so far, which sizes its DW_FORM_addrx relocations. gc.Main compiles in rounds (the
   * wrappers that writing runtime types makes come later), so the functions of the first round see
   * a smaller count than later ones. Absent: every function of the program (one round).
   */
  dwTextCount?: number;
  /** fn.Dcl: declarations in declaration order (after the stackframe pass pruned unused autos). */
  dcl: IrDecl[];
  /** The function was inlined somewhere in this package (AttrWasInlined): it needs an abstract DIE. */
  wasInlined?: boolean;
  /** fn.Inl.Dcl, the pre-inlining declarations, for functions that were inlined (preInliningDcls). */
  inlDcl?: IrDecl[];
  /** Captured variables of a closure: index into dcl and the offset in the closure struct. */
  closureVars?: { decl: number; offset: number }[];
  /** Scope tree: parents[i] is the parent of scope i+1; scope 0 is the function. */
  parents?: number[];
  marks?: IrMark[];
  /** The function's inlining tree (indices are what IrPos.inl refers to). */
  inlTree?: IrInlinedCall[];
  progs: IrProg[];
  /**
   * ssa.FuncDebug, present when the function was optimized with location lists (default build), or
   * under -N for the register-resident params that BuildFuncDebugNoOptimized tracks: the tracked
   * vars, RegOutputParams (indexes into dcl of results passed in registers) and OptDcl (indexes into
   * dcl of the names AllocFrame cut off fn.Dcl: zero-sized autos, and unused register results).
   */
  debug?: {
    vars: IrDebugVar[];
    regOutputParams?: number[];
    optDcl?: number[];
    /** Declarations of inlined bodies that only SSA knows (their pos.inl >= 0). */
    debugDcl?: IrDecl[];
  };
  /** Type names the function uses (RecordAutoType / R_USEIFACE targets), for R_USETYPE records. */
  autoTypes?: string[];
  /**
   * fnsym.Func().Autot when Info is called: the types SSA generation recorded (RecordAutoType)
   * before dwarfgen adds its own and deletes those a var DIE refers to.
   */
  autot?: string[];
  /**
   * The pcsp table (FuncInfo.Pcsp) the linker turns into .debug_frame: from `pc` on, the stack
   * pointer is `spdelta` bytes below its value at entry (0 at pc 0, the return address aside).
   * Absent: a frameless function (spdelta 0 throughout).
   */
  pcsp?: { pc: number; spdelta: number }[];
}

/**
 * A function of another package that was inlined here: what the importer knows of it from export
 * data (its ir.Func with Inl.Dcl), enough for DwarfAbstractFunc to write its abstract DIE.
 */
export interface IrImportedFunc {
  /** Linker symbol name, e.g. "strings.ToUpper"; IrInlinedCall.func names it. */
  name: string;
  /** curfn.Pos(): the declaration position (its file is added to this package's file table). */
  pos: IrPos;
  /** fn.Inl.Dcl: the pre-inlining declarations (params, results, locals). */
  inlDcl: IrDecl[];
  /** AttrStatic: not external. */
  static?: boolean;
}

export interface IrGlobal {
  /** Linker symbol name, e.g. "main.greeting". */
  name: string;
  type: string;
  /** Local (not exported to the linker's DWARF): skipped by DwarfGlobal. */
  local?: boolean;
}

export interface IrConst {
  /** Unqualified name ("Answer"); the DIE gets "<pkgpath>.<name>". */
  name: string;
  /** Go type name, or "untyped int" / "untyped rune" for untyped integer constants. */
  type: string;
  /** The value; a decimal string when outside the safe-integer range. */
  value: number | string;
}

/** Compiler flags that reach DWARF (base.Flag and Ctxt fields), with Go's defaults. */
export interface IrFlags {
  /** -N: disable optimizations (count flag). */
  N?: number;
  /** -l: disable inlining (count flag). */
  l?: number;
  /** -dwarf (default true). */
  dwarf?: boolean;
  /** -dwarflocationlists (default true). */
  dwarflocationlists?: boolean;
  /** -dwarfbasentries (default: true except on darwin). */
  dwarfbasentries?: boolean;
  /** -gendwarfinl (default 2). */
  gendwarfinl?: number;
  /** Flags recorded in the producer string but otherwise unused here. */
  B?: boolean;
  msan?: boolean;
  race?: boolean;
  asan?: boolean;
  shared?: boolean;
  dynlink?: boolean;
  smallframes?: boolean;
  spectre?: string;
}

export interface IrProgram {
  /** Format version of this document. */
  irVersion: 1;
  /** Toolchain profile the model follows ("go1.26"). */
  toolchain?: string;
  package: { path: string; name: string };
  /**
   * GOOS/GOARCH: linux, amd64 or arm64 (compiler/obj/arch.ts: frame offsets); the linker lays out
   * amd64 only.
   */
  goos?: "linux";
  goarch?: Goarch;
  /** DWARF version (GOEXPERIMENT=dwarf5 default on linux: 5). */
  dwarfVersion?: 4 | 5;
  flags?: IrFlags;
  /** The package-wide file table (what getFileIndexAndLine indexes), absolute or $GOROOT paths. */
  files: string[];
  functions: IrFunction[];
  /** Functions of other packages inlined into this one (see IrImportedFunc). */
  imports?: IrImportedFunc[];
  globals?: IrGlobal[];
  constants?: IrConst[];
  /**
   * The Go types the program names (decl, global, constant and auto types, and every type those
   * mention), keyed by types.TypeSymName. The linker reads them to write type DIEs (see IrType).
   */
  types?: Record<string, IrType>;
  /** The Go source this document models, for readers (not read by the compiler). */
  source?: string;
  /**
   * How the document was made, for readers: "captured" (`npm run gen:ir` from a real build) or why
   * it is written by hand (not read by the compiler).
   */
  origin?: string;
}

/** internal/abi.Kind, the reflect kind cmd/link's newtype switches on (DW_AT_go_kind). */
export type IrTypeKind =
  | "bool"
  | "int"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "uintptr"
  | "float32"
  | "float64"
  | "complex64"
  | "complex128"
  | "array"
  | "chan"
  | "func"
  | "interface"
  | "map"
  | "ptr"
  | "slice"
  | "string"
  | "struct"
  | "unsafepointer";

/** One field of a struct type (decodetypeStructField*). */
export interface IrStructField {
  /** The field name; an embedded field has its type's unqualified name ("Point" for *geom.Point). */
  name: string;
  /** Type name of the field (a key of IrProgram.types). */
  type: string;
  /** Byte offset in the struct (DW_AT_data_member_location). */
  offset: number;
  /** An embedded field (DW_AT_go_embedded_field). */
  embedded?: boolean;
}

/**
 * A Go type as cmd/link decodes it from its "type:<name>" symbol (decodesym.go) for defgotype and
 * newtype (link/internal/ld/dwarf.go): the kind, the size, and the kind's constituents, which name
 * other entries of IrProgram.types. Alignment and the runtime's type data are left out: the DWARF
 * does not carry them. Sizes are amd64's.
 */
export interface IrType {
  kind: IrTypeKind;
  /** decodetypeSize: the size in bytes (DW_AT_byte_size). */
  size: number;
  /**
   * A defined type (types.Type.Sym() != nil): "int", "error", "main.Point", "go.shape.int". Type
   * literals ("[]int", "struct { X int }") are not. The linker's dotypedef decides TYPEDECLs from the
   * name and kind, not from this flag: a typedef for arrays, funcs, interfaces, pointers, slices and
   * structs unless the name starts with "map[", "struct {", "chan ", "[" or "*".
   */
  named?: boolean;
  /** array, chan, ptr, slice: the element type; map: the value type. */
  elem?: string;
  /** map: the key type. */
  key?: string;
  /** array: the length (DW_AT_count of its subrange). */
  len?: number;
  /** chan: the direction (types.ChanDir); absent means both. */
  dir?: "both" | "send" | "recv";
  /** struct: the fields in declaration order. */
  fields?: IrStructField[];
  /** func: parameter and result type names (a variadic func's last param is its slice type). */
  params?: string[];
  results?: string[];
  /** func: the last parameter is `...T` (DW_TAG_unspecified_parameters). */
  variadic?: boolean;
  /** interface: the number of methods; 0 is described with runtime.eface, others with runtime.iface. */
  methods?: number;
  /**
   * interface: the methods themselves (types.Type.AllMethods), in types.CompareSyms order (exported
   * names first, then by name), as the type descriptor lists them (reflectdata.imethods). Optional:
   * without them the descriptor has `methods` unnamed entries. Their number is `methods`.
   */
  imethods?: IrImethod[];
}

/** One method of an interface type (an abi.Imethod): its name and signature. */
export interface IrImethod {
  /** The method's name ("Area", "m"). */
  name: string;
  /** Its signature: a func type without receiver (a key of IrProgram.types). */
  type: string;
  /**
   * An unexported method's package path (as type names spell it), when it is not the interface's
   * own (for an unnamed interface: the compiled package's).
   */
  pkg?: string;
}

/**
 * The file `source` is the text of: the document's first real file (a captured table may list
 * "<autogenerated>" before it); undefined when the document has none.
 */
export function sourceFileOf(program: Pick<IrProgram, "files">): string | undefined {
  return program.files.find((f) => !f.startsWith("<"));
}
