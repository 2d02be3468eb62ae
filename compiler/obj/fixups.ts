/**
 * DwarfFixupTable (cmd/internal/obj/dwarf.go), Go 1.26: references from concrete and inlined
 * DIEs to the child DIEs of abstract functions. A reference is a relocation to the abstract
 * function's symbol whose addend must grow by the child's offset; the offset is known only once
 * the abstract function is written, perhaps later, so references wait here until then. The
 * "precursor" map remembers each inlined function's pre-optimization body and abstract symbol.
 */
import { AbstractFuncSuffix, InfoPrefix, type Var } from "../../dwarf/context.js";
import type { Func, Link } from "./link.js";
import type { LSym } from "./lsym.js";

interface relFixup {
  refsym: LSym;
  relidx: number;
  dclidx: number;
}

interface declOffset {
  dclIdx: number;
  offset: number;
}

interface symFixups {
  fixups: relFixup[];
  doffsets: declOffset[];
  inlIndex: number;
  defseen: boolean;
}

interface fnState {
  precursor: Func;
  absfn: LSym;
}

/** Go compares names bytewise (strings.Compare); for the ASCII of symbol names this is it. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class DwarfFixupTable {
  private readonly symtab = new Map<LSym, number>();
  private readonly svec: symFixups[] = [];
  private readonly precursor = new Map<LSym, fnState>();

  constructor(private readonly ctxt: Link) {}

  GetPrecursorFunc(s: LSym): Func {
    return this.precursor.get(s)?.precursor;
  }

  /** Called by the inliner: makes the DUPOK SDWARFABSFCN symbol `go:info.<fn>$abstract`. */
  SetPrecursorFunc(s: LSym, fn: Func): void {
    if (this.precursor.has(s))
      this.ctxt.Diag(`internal error: DwarfFixupTable.SetPrecursorFunc double call on ${s.name}`);
    const absfn = this.ctxt.LookupDerived(s, InfoPrefix + s.name + AbstractFuncSuffix);
    absfn.set("DuplicateOK", true);
    absfn.type = "SDWARFABSFCN";
    this.ctxt.data.push(absfn);
    // Late inlining (issue 38068): the text symbol may not have cached its abstract symbol yet.
    const f = s.func;
    if (f !== undefined && f.dwarfAbsFnSym === undefined) f.dwarfAbsFnSym = absfn;
    this.precursor.set(s, { precursor: fn, absfn });
  }

  /** Relocation `ridx` of `s` targets child `dclidx` of the abstract function `tgt`. */
  ReferenceChildDIE(s: LSym, ridx: number, tgt: LSym, dclidx: number, inlIndex: number): void {
    let idx = this.symtab.get(tgt);
    if (idx === undefined) {
      this.svec.push({ fixups: [], doffsets: [], inlIndex, defseen: false });
      idx = this.svec.length - 1;
      this.symtab.set(tgt, idx);
    }
    const sf = this.svec[idx]!;
    if (sf.doffsets.length > 0) {
      const d = sf.doffsets.find((o) => o.dclIdx === dclidx);
      if (d === undefined)
        this.ctxt.Diag(
          `internal error: DwarfFixupTable.ReferenceChildDIE unable to locate child DIE offset for dclIdx=${dclidx} src=${s.name} tgt=${tgt.name}`,
        );
      s.R[ridx]!.add += d.offset;
    } else {
      sf.fixups.push({ refsym: s, relidx: ridx, dclidx });
    }
  }

  /** The abstract function `s` is written: remember where each child DIE landed. */
  RegisterChildDIEOffsets(s: LSym, vars: readonly Var[], coffsets: readonly number[]): void {
    if (vars.length !== coffsets.length)
      this.ctxt.Diag("internal error: RegisterChildDIEOffsets vars/offsets length mismatch");
    const doffsets = vars.map((v, i) => ({ dclIdx: v.childIndex, offset: coffsets[i]! }));
    const idx = this.symtab.get(s);
    if (idx === undefined) {
      this.svec.push({ fixups: [], doffsets, inlIndex: -1, defseen: true });
      this.symtab.set(s, this.svec.length - 1);
    } else {
      const sf = this.svec[idx]!;
      sf.doffsets = doffsets;
      sf.defseen = true;
    }
  }

  private processFixups(slot: number, s: LSym): void {
    const sf = this.svec[slot]!;
    for (const f of sf.fixups) {
      const d = sf.doffsets.find((o) => o.dclIdx === f.dclidx);
      if (d === undefined)
        this.ctxt.Diag(
          `internal error: DwarfFixupTable has orphaned fixup on ${f.refsym.name} targeting ${s.name} relidx=${f.relidx} dclidx=${f.dclidx}`,
        );
      f.refsym.R[f.relidx]!.add += d.offset;
    }
  }

  /** The abstract DIE symbol of a function that was inlined somewhere. */
  AbsFuncDwarfSym(fnsym: LSym): LSym {
    const st = this.precursor.get(fnsym);
    if (st === undefined)
      this.ctxt.Diag(`internal error: AbsFuncDwarfSym requested for ${fnsym.name}, not seen during inlining`);
    return st.absfn;
  }

  /**
   * After every function is compiled: write the abstract functions nobody wrote (callees from
   * other packages), in name order, then apply the waiting fixups.
   */
  Finalize(_myimportpath: string, _trace = false): void {
    const fns = [...this.precursor.keys()].sort((a, b) => compareNames(a.name, b.name));
    if (this.ctxt.InParallel)
      this.ctxt.Diag("internal error: DwarfFixupTable.Finalize call during parallel backend");
    for (const s of fns) {
      const slot = this.symtab.get(this.AbsFuncDwarfSym(s));
      if (slot === undefined || !this.svec[slot]!.defseen) {
        if (this.ctxt.GenAbstractFunc === undefined) this.ctxt.Diag("no GenAbstractFunc hook");
        this.ctxt.GenAbstractFunc(s);
      }
    }
    for (const s of fns) {
      const slot = this.symtab.get(this.AbsFuncDwarfSym(s));
      if (slot === undefined)
        this.ctxt.Diag(`internal error: DwarfFixupTable.Finalize orphan abstract function for ${s.name}`);
      this.processFixups(slot, s);
    }
  }
}
