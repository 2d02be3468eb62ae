/**
 * The object symbol: cmd/internal/obj's LSym (link.go) with the writers of data.go (WriteInt,
 * WriteAddr, WriteCURelativeAddr, WriteBytes, WriteString, AddRel, WriteDwTxtAddrx), Go 1.26.
 *
 * Kinds and relocation types are kept by name; the numbers live in the toolchain profile
 * (compiler/profile.ts), so an object can be printed for any release without renumbering here.
 */
import { ByteBuf } from "../../dwarf/bytebuf.js";
import type { RelocTypeName, SymKindName } from "../profile.js";

/** obj.Attribute bits that the model reads or prints (link.go). */
export const Attr = {
  DuplicateOK: 1 << 0,
  Wrapper: 1 << 4,
  NeedCtxt: 1 << 5,
  OnList: 1 << 7,
  Static: 1 << 8,
  MakeTypelink: 1 << 9,
  Local: 1 << 11,
  WasInlined: 1 << 12,
  ContentAddressable: 1 << 15,
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
  /** objabi.R_WEAK: the target is not made reachable by this relocation (R_WEAKADDROFF). */
  weak?: boolean;
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
  readonly R: Reloc[] = [];
  /** Set for text symbols (NewFuncInfo). */
  func: FuncInfo | undefined;
  /** Set for data symbols that have a DWARF DIE (NewVarInfo().dwarfInfoSym). */
  varInfo: { dwarfInfoSym: LSym } | undefined;
  /** Gotype: the type descriptor symbol of a global (gc's ggloblnod sets it), the object's Gotype aux. */
  Gotype: LSym | undefined;
  /** Filled when provenance is on (Link.provenance). */
  readonly marks: Mark[] = [];
  private readonly bytes = new ByteBuf();

  constructor(
    readonly name: string,
    type: SymKindName = "Sxxx",
  ) {
    this.type = type;
  }

  /** Length of P, or for a text symbol the length of its code (which the model does not hold). */
  get size(): number {
    return this.bytes.length;
  }

  set size(v: number) {
    this.bytes.length = v;
  }

  /** s.P: the bytes written so far (a view). */
  get P(): Uint8Array {
    return this.bytes.view();
  }

  has(a: AttrName): boolean {
    return (this.attr & Attr[a]) !== 0;
  }

  set(a: AttrName, on: boolean): void {
    this.attr = on ? this.attr | Attr[a] : this.attr & ~Attr[a];
  }

  /** data.go, prepwrite: grow P so that [off, off+siz) exists (DWARF syms only ever append). */
  prepwrite(off: number, siz: number): void {
    this.bytes.extend(off + siz);
  }

  /** data.go, WriteInt: `siz` bytes of `i` (two's complement), little-endian (amd64, arm64). */
  writeInt(off: number, siz: number, i: number): void {
    this.bytes.writeUint(off, siz, i);
  }

  /** data.go, WriteBytes. */
  writeBytes(off: number, b: ArrayLike<number>): number {
    return this.bytes.writeBytes(off, b);
  }

  /** data.go, writeAddr: reserve `siz` zero bytes and a relocation of type `rtype` over them. */
  writeAddr(off: number, siz: number, rsym: LSym, roff: number, rtype: RelocTypeName): void {
    this.bytes.zero(off, siz);
    this.addRel({ type: rtype, off, siz, sym: rsym, add: roff });
  }

  /** data.go, WriteOff / WriteWeakOff: a 4-byte R_ADDROFF (weak: R_WEAKADDROFF) to `rsym` + `roff`. */
  writeOff(off: number, rsym: LSym, roff: number, weak = false): void {
    this.bytes.zero(off, 4);
    this.addRel({ type: "R_ADDROFF", off, siz: 4, sym: rsym, add: roff, ...(weak && { weak: true }) });
  }

  /** data.go, AddRel. */
  addRel(r: Reloc): void {
    this.R.push(r);
  }
}
