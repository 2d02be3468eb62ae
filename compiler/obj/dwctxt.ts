/**
 * obj.dwCtxt (cmd/internal/obj/dwarf.go): the compiler's implementation of the dwarf Context,
 * writing into LSyms and emitting the relocations Go emits (R_ADDR, R_ADDRCUOFF, R_DWARFSECREF,
 * R_DWTXTADDR_U1..U4), Go 1.26.
 */
import type { BuildCfg, Context, Sym, Var } from "../../dwarf/context.js";
import { FuncCountToDwTxtAddrFlavor } from "../../dwarf/memctxt.js";
import type { Link } from "./link.js";
import { LSym } from "./lsym.js";

const utf8 = new TextEncoder();

function lsym(s: Sym): LSym {
  if (!(s instanceof LSym)) throw new Error(`dwCtxt: not an LSym: ${String(s)}`);
  return s;
}

/** dwarf.go, dwCtxt. */
export class dwCtxt implements Context {
  readonly buildcfg: BuildCfg;
  readonly mark: ((s: Sym, who: string) => void) | undefined;

  constructor(readonly link: Link) {
    this.buildcfg = link.buildcfg;
    // Provenance costs nothing when off: the writers' `ctxt.mark?.(...)` finds no function.
    this.mark = link.provenance
      ? (s, who) => {
          const m = lsym(s);
          const last = m.marks[m.marks.length - 1];
          if (last !== undefined && last.off === m.size) last.who = who;
          else m.marks.push({ off: m.size, who });
        }
      : undefined;
  }

  ptrSize(): number {
    return this.link.ptrSize;
  }

  size(s: Sym): number {
    return lsym(s).size;
  }

  addInt(s: Sym, size: number, i: number): void {
    const ls = lsym(s);
    ls.writeInt(ls.size, size, i);
  }

  addBytes(s: Sym, b: ArrayLike<number>): void {
    const ls = lsym(s);
    ls.writeBytes(ls.size, b);
  }

  addString(s: Sym, v: string): void {
    const ls = lsym(s);
    ls.writeBytes(ls.size, utf8.encode(v));
    ls.writeInt(ls.size, 1, 0);
  }

  addAddress(s: Sym, data: unknown, value: number): void {
    const ls = lsym(s);
    if (data != null) ls.writeAddr(ls.size, this.ptrSize(), lsym(data), value, "R_ADDR");
    else ls.writeInt(ls.size, this.ptrSize(), value);
  }

  addCURelativeAddress(s: Sym, data: unknown, value: number): void {
    const ls = lsym(s);
    ls.writeAddr(ls.size, this.ptrSize(), lsym(data), value, "R_ADDRCUOFF");
  }

  addSectionOffset(_s: Sym, _size: number, _t: unknown, _ofs: number): void {
    throw new Error("should be used only in the linker");
  }

  /** 4 bytes: isDwarf64 holds only on AIX, which the model does not target. */
  addDWARFAddrSectionOffset(s: Sym, t: unknown, ofs: number): void {
    const ls = lsym(s);
    ls.writeAddr(ls.size, 4, lsym(t), ofs, "R_DWARFSECREF");
  }

  currentOffset(s: Sym): number {
    return lsym(s).size;
  }

  recordDclReference(from: Sym, to: Sym, dclIdx: number, inlIndex: number): void {
    const ls = lsym(from);
    this.fixups().ReferenceChildDIE(ls, ls.R.length - 1, lsym(to), dclIdx, inlIndex);
  }

  recordChildDieOffsets(s: Sym, vars: readonly Var[], offsets: readonly number[]): void {
    this.fixups().RegisterChildDIEOffsets(lsym(s), vars, offsets);
  }

  logf(_format: string, ..._args: unknown[]): void {}

  /** DwTextCount is an estimate that misses wrappers, so Go sizes for twice as many functions. */
  addIndirectTextRef(s: Sym, t: unknown): void {
    const ls = lsym(s);
    const [type, sz] = FuncCountToDwTxtAddrFlavor(this.link.dwTextCount * 2);
    ls.writeAddr(ls.size, sz, lsym(t), 0, type);
  }

  private fixups() {
    const ft = this.link.DwFixups;
    if (ft === undefined) throw new Error("dwCtxt: no DwarfFixupTable (DWARF is off)");
    return ft;
  }
}

/** objabi.FuncCountToDwTxtAddrFlavor has one home, next to dwarf/'s in-memory context. */
export { FuncCountToDwTxtAddrFlavor };
