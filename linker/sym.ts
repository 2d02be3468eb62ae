/**
 * The linker's symbol: what cmd/link's loader keeps for one loader.Sym (loader/loader.go, its
 * SymbolBuilder in loader/symbolbuilder.go, and the attribute side tables), Go 1.26.
 *
 * The compiler's LSyms are converted into these when an object is loaded, with every relocation
 * target resolved to the one linker symbol of that name (or, for anonymous and static symbols, to
 * the object's own). Loading never changes the compiler's symbols, so an ObjFile can be linked any
 * number of times.
 */
import type { FuncInfo } from "../goobj/objfile.js";
import type { ObjAuxName, ObjRelocName, ObjSymKindName } from "../compiler/profile.js";
import { ByteBuf } from "../dwarf/bytebuf.js";
import type { ElfRelocName } from "./elfreloc.js";
import type { SymKind } from "./symkind.js";
import type { CompilationUnit } from "./unit.js";

/**
 * sym.SymKind names the linker uses: the object kinds, plus the linker's own (symkind.ts), e.g.
 * STYPE (runtime type descriptors), SDWARFSECT (a DWARF output section's own symbol, e.g.
 * .debug_abbrev), SMODULEDATA, STEXTFIPSSTART.
 */
export type LinkSymKind = ObjSymKindName | SymKind;

/** loader.Reloc: `siz` bytes at `off` become the value of `sym` + `add` when relocated. */
export interface LinkReloc {
  off: number;
  siz: number;
  /** The type without the R_WEAK bit; a host object's are ELF's (elfreloc.ts). */
  type: ObjRelocName | ElfRelocName;
  /** R_WEAK: the target is not made reachable by this relocation (deadcode). */
  weak?: boolean;
  sym: LinkSym;
  add: number;
}

/** An aux symbol reference (goobj.Aux), resolved. */
export interface LinkAux {
  type: ObjAuxName;
  sym: LinkSym;
}

/** Symbol versions (loader: ver is the ABI for global symbols; SymVerStatic and up are file-local). */
export const SymVerABI0 = 0;
export const SymVerABIInternal = 1;

/** A pcsp run: from `pc` (inclusive) to `nextpc` (exclusive) SP is `value` bytes below entry. */
export interface PcspRun {
  pc: number;
  nextpc: number;
  value: number;
}

/** loader.FuncInfo plus the function's DWARF aux symbols (GetFuncDwarfAuxSyms). */
export interface LinkFuncInfo {
  info: LinkSym | undefined;
  loc: LinkSym | undefined;
  ranges: LinkSym | undefined;
  lines: LinkSym | undefined;
  /** Pcsp as obj.PCIter would walk it: runs in PC order covering [0, size). */
  pcsp: PcspRun[];
  /** The object's FuncInfo aux symbol, decoded (real objects only). */
  goFuncInfo?: FuncInfo;
}

/** What reads a symbol's contents when first needed (LinkSym.loadLater). */
export interface SymLoader {
  load(s: LinkSym): void;
}

/** The loader's symbol. Text symbols carry no bytes (the model has no machine code), only a size. */
export class LinkSym {
  type: LinkSymKind;
  /** SymValue: an address for text and data symbols; for DWARF symbols the offset in its section. */
  value = 0;
  /** SymSect: the output section's name, once laid out. */
  sect: string | undefined;
  /** SymUnit: the compilation unit of the object that defined the symbol. */
  unit: CompilationUnit | undefined;
  /** AttrDuplicateOK. */
  dupok = false;
  /** Version >= SymVerStatic: file-local to its object. */
  static = false;
  /** The symbol version for global symbols: its ABI (SymVerABI0 for data, SymVerABIInternal for Go text). */
  ver = SymVerABI0;
  /** goobj Sym.Flag and Flag2 bits (SymFlag, SymFlag2 in goobj/objfile.ts) of the winning definition. */
  flag = 0;
  flag2 = 0;
  /**
   * Cloned to an external symbol by a SymbolUpdater (loader.cloneToExternal): its object no longer
   * owns it, which AssignTextSymbolOrder notices.
   */
  external = false;
  /** The loader index: the position in Loader.syms; -1 while not in a loader. */
  index = -1;
  /** AttrReachable, set by deadcode. */
  reachable = false;
  /** AttrUsedInIface (deadcode sets it on types converted to interfaces). */
  usedInIface = false;
  /** AttrOnList (dwarfVisitFunction marks abstract functions already listed). */
  onList = false;
  /** SymAlign from the object (0: the default for its kind). */
  align = 0;
  /** Provenance: from `off` on (until the next mark) the bytes were written by `who`. */
  get marks(): { off: number; who: string }[] {
    // Made on first use: most symbols of a link have none.
    this._marks ??= [];
    return this._marks;
  }
  private readonly bytes = new ByteBuf();
  // The arrays are made on first use: a link has hundreds of thousands of symbols, most never read.
  private _marks: { off: number; who: string }[] | undefined;
  private _R: LinkReloc[] | undefined;
  private _aux: LinkAux[] | undefined;
  private _func: LinkFuncInfo | undefined;
  private _varDwarfInfo: LinkSym | undefined;
  private _goType: string | undefined;
  /**
   * Reads the contents (data, relocations, aux symbols, FuncInfo) from the object defining the
   * symbol, once, at the first access to any of them: cmd/link's loader reads a symbol's parts
   * from the mapped object only when a phase asks, so symbols deadcode drops cost no more than
   * their header (goload.ts). Kind, name, flags, unit and size are set when loading.
   */
  private lazy: SymLoader | undefined;

  constructor(
    /** SymName; for a content-addressed symbol, the name of the definition that won (LoadSyms). */
    public name: string,
    type: LinkSymKind = "Sxxx",
  ) {
    this.type = type;
  }

  /** Defer reading the contents until first needed (see `lazy`); `size` must be set already. */
  loadLater(load: SymLoader): void {
    this.lazy = load;
  }

  /** Run the deferred read, if any (loader.go reads the object there and then). */
  private load(): void {
    const f = this.lazy;
    if (f !== undefined) {
      this.lazy = undefined;
      f.load(this);
    }
  }

  /** loader.Relocs: the relocations, in object order. */
  get R(): LinkReloc[] {
    if (this.lazy !== undefined) this.load();
    this._R ??= [];
    return this._R;
  }

  /** The aux symbols, in object order (Gotype, FuncInfo, Funcdata, DwarfInfo, ..., Pcsp, ...). */
  get aux(): LinkAux[] {
    if (this.lazy !== undefined) this.load();
    this._aux ??= [];
    return this._aux;
  }

  /** FuncInfo of a text symbol (Valid()). */
  get func(): LinkFuncInfo | undefined {
    if (this.lazy !== undefined) this.load();
    return this._func;
  }

  set func(v: LinkFuncInfo | undefined) {
    if (this.lazy !== undefined) this.load();
    this._func = v;
  }

  /** GetVarDwarfAuxSym: the DIE symbol of a global variable. */
  get varDwarfInfo(): LinkSym | undefined {
    if (this.lazy !== undefined) this.load();
    return this._varDwarfInfo;
  }

  set varDwarfInfo(v: LinkSym | undefined) {
    if (this.lazy !== undefined) this.load();
    this._varDwarfInfo = v;
  }

  /** SymGoType, by name ("int" for type:int): a global's Go type. */
  get goType(): string | undefined {
    if (this.lazy !== undefined) this.load();
    return this._goType;
  }

  set goType(v: string | undefined) {
    if (this.lazy !== undefined) this.load();
    this._goType = v;
  }

  /** SymSize: for DWARF and data symbols the number of bytes; for text symbols the code size. */
  get size(): number {
    return this.bytes.length;
  }

  set size(v: number) {
    if (this.lazy !== undefined) this.load();
    this.bytes.length = v;
  }

  /** Data(s): the bytes (a view; copy it before writing more). */
  get P(): Uint8Array {
    if (this.lazy !== undefined) this.load();
    return this.bytes.view();
  }

  /** Replace the contents (SetData). */
  setData(b: ArrayLike<number>): void {
    if (this.lazy !== undefined) this.load();
    this.bytes.set(b);
  }

  /**
   * SetData with `b` itself, not a copy: the bytes are copied only if the symbol is written to
   * (the loader's view into an object file).
   */
  setDataView(b: Uint8Array): void {
    if (this.lazy !== undefined) this.load();
    this.bytes.borrow(b);
  }

  /** Make room for `n` more (zero) bytes and return the offset where they go. */
  grow(n: number): number {
    if (this.lazy !== undefined) this.load();
    return this.bytes.grow(n);
  }

  /** SymbolBuilder.AddUintXX: `siz` bytes of `v` (two's complement), little-endian. */
  addUint(siz: number, v: number): number {
    if (this.lazy !== undefined) this.load();
    return this.bytes.addUint(siz, v);
  }

  /** SymbolBuilder.AddUint8. */
  addUint8(v: number): void {
    this.addUint(1, v);
  }

  /** SymbolBuilder.AddBytes. */
  addBytes(b: ArrayLike<number>): void {
    if (this.lazy !== undefined) this.load();
    this.bytes.addBytes(b);
  }

  /** SymbolBuilder.Addstring: UTF-8 and a NUL. */
  addString(v: string): void {
    if (this.lazy !== undefined) this.load();
    this.bytes.addString(v);
  }

  /** SymbolBuilder.AddSymRef / AddAddrPlus / AddCURelativeAddrPlus: `siz` zero bytes and a relocation. */
  addSymRef(t: LinkSym, add: number, type: ObjRelocName, siz: number): void {
    const off = this.grow(siz);
    this.R.push({ off, siz, type, sym: t, add });
  }

  /** SymbolBuilder.SetUint32 and friends: overwrite `siz` bytes at `off`. */
  setUint(off: number, siz: number, v: number): void {
    // Checked here too, so that the error names the symbol.
    if (this.lazy !== undefined) this.load();
    if (off + siz > this.size) throw new RangeError(`${this.name}: SetUint past the end`);
    this.bytes.setUint(off, siz, v);
  }
}

/** putUint's one home is dwarf/bytebuf.ts; linker code may import it from here too. */
export { putUint } from "../dwarf/bytebuf.js";

/** ld.Rnd: round `v` up to a multiple of `r` (r > 0). */
export function Rnd(v: number, r: number): number {
  if (r <= 0) return v;
  const c = v % r;
  return c === 0 ? v : v + r - c;
}
