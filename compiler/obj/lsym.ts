/**
 * The object symbol: cmd/internal/obj's LSym (link.go) with the writers of data.go (WriteInt,
 * WriteAddr, WriteCURelativeAddr, WriteBytes, WriteString, AddRel, WriteDwTxtAddrx), Go 1.26.
 *
 * Kinds and relocation types are kept by name; the numbers live in the toolchain profile
 * (compiler/profile.ts), so an object can be printed for any release without renumbering here.
 */
import type { RelocTypeName, SymKindName } from "../profile.js";

/** obj.Attribute bits that the DWARF model reads or prints (link.go). */
export const Attr = {
  DuplicateOK: 1 << 0,
  Wrapper: 1 << 4,
  NeedCtxt: 1 << 5,
  Static: 1 << 8,
  Local: 1 << 11,
  WasInlined: 1 << 12,
} as const;
export type AttrName = keyof typeof Attr;

/** Names of the attribute bits set in `attr`, in bit order (for printing and JSON). */
export function attrNames(attr: number): AttrName[] {
  return (Object.keys(Attr) as AttrName[]).filter((k) => (attr & Attr[k]) !== 0);
}

/** obj.Reloc: `siz` bytes at `off` become the value of `sym` + `add` when linked. */
export interface Reloc {
  off: number;
  siz: number;
  type: RelocTypeName;
  /** R_USETYPE records carry no bytes; every DWARF relocation has a target. */
  sym: LSym;
  add: number;
}

/** obj.Prog reduced to what generateDebugLinesSymbol reads (Pc is function-relative in obj). */
export interface Prog {
  pc: number;
  /** Package-wide file index (getFileIndexAndLine), 0-based. */
  fileIndex: number;
  /** RelLine; 0 means the prog has no position and is skipped. */
  line: number;
  /** p.Pos.IsStmt() != PosNotStmt. */
  isStmt: boolean;
  /** p.Pos.Xlogue() == PosPrologueEnd. */
  prologueEnd: boolean;
}

/** obj.FuncInfo: the parts DWARF generation touches. */
export interface FuncInfo {
  startLine: number;
  /** The progs from the TEXT prog on (Func().Text and its Link chain). */
  text: Prog[];
  /** Autot: types of autos, recorded by RecordAutoType and turned into R_USETYPE by dwarfgen. */
  autot: Set<LSym>;
  dwarfInfoSym?: LSym;
  dwarfLocSym?: LSym;
  dwarfRangesSym?: LSym;
  dwarfAbsFnSym?: LSym;
  dwarfDebugLinesSym?: LSym;
  /**
   * FuncInfo.Pcsp, decoded: from `pc` on, the stack pointer is `spdelta` bytes below its value at
   * entry. The linker's writeframes turns it into the function's .debug_frame FDE. Absent: a
   * frameless function (spdelta 0 throughout).
   */
  pcsp?: { pc: number; spdelta: number }[];
}

/** Provenance: from `off` on (until the next mark) the bytes were written by `who`. */
export interface Mark {
  off: number;
  who: string;
}

/** obj.LSym. Anonymous DWARF aux symbols have the name "". */
export class LSym {
  type: SymKindName;
  attr = 0;
  abi: "ABIInternal" | "ABI0" = "ABIInternal";
  /** Length of P, or for a text symbol the length of its code. */
  size = 0;
  readonly R: Reloc[] = [];
  /** Set for text symbols (NewFuncInfo). */
  func: FuncInfo | undefined;
  /** Set for data symbols that have a DWARF DIE (NewVarInfo().dwarfInfoSym). */
  varInfo: { dwarfInfoSym: LSym } | undefined;
  /** Filled when provenance is on (Link.provenance). */
  readonly marks: Mark[] = [];
  private p = new Uint8Array(0);

  constructor(
    readonly name: string,
    type: SymKindName = "Sxxx",
  ) {
    this.type = type;
  }

  /** s.P: the bytes written so far (a view). */
  get P(): Uint8Array {
    return this.p.subarray(0, this.size);
  }

  has(a: AttrName): boolean {
    return (this.attr & Attr[a]) !== 0;
  }

  set(a: AttrName, on: boolean): void {
    this.attr = on ? this.attr | Attr[a] : this.attr & ~Attr[a];
  }

  /** data.go, prepwrite: grow P so that [off, off+siz) exists (DWARF syms only ever append). */
  prepwrite(off: number, siz: number): void {
    const end = off + siz;
    if (end > this.p.length) {
      const np = new Uint8Array(Math.max(end, this.p.length * 2, 16));
      np.set(this.p.subarray(0, this.size));
      this.p = np;
    }
    if (end > this.size) this.size = end;
  }

  /** data.go, WriteInt: `siz` bytes of `i` (two's complement), little-endian (amd64, arm64). */
  writeInt(off: number, siz: number, i: number): void {
    if (siz !== 1 && siz !== 2 && siz !== 4 && siz !== 8)
      throw new Error(`WriteInt: bad integer size: ${siz}`);
    this.prepwrite(off, siz);
    const lo = i >>> 0;
    const hi = siz === 8 ? Math.floor(i / 0x1_0000_0000) >>> 0 : 0;
    for (let k = 0; k < siz; k++)
      this.p[off + k] = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
  }

  /** data.go, WriteBytes. */
  writeBytes(off: number, b: ArrayLike<number>): number {
    this.prepwrite(off, b.length);
    for (let k = 0; k < b.length; k++) this.p[off + k] = b[k]!;
    return off + b.length;
  }

  /** data.go, writeAddr: reserve `siz` zero bytes and a relocation of type `rtype` over them. */
  writeAddr(off: number, siz: number, rsym: LSym, roff: number, rtype: RelocTypeName): void {
    this.prepwrite(off, siz);
    this.p.fill(0, off, off + siz);
    this.addRel({ type: rtype, off, siz, sym: rsym, add: roff });
  }

  /** data.go, AddRel. */
  addRel(r: Reloc): void {
    this.R.push(r);
  }
}
