/**
 * Location lists of the vars dwarfgen describes, in the intermediate form that
 * dwarf/loclist.ts's PutLocationList reads back (ssa/debug.go's layout: start word, end word,
 * 2-byte length, expression), built from what the IR holds.
 *
 * Go encodes each bound as a (block ID, value ID) pair and resolves it with FuncDebug.GetPC (set
 * by ssagen.genssa) only when the list is written. The IR's lists carry PCs already, so:
 *  - the value ID of a bound is its index into `irFuncDebug.pcs`, a per-function table of the
 *    resolved PCs (every bound gets its own slot, so a start and an end are never the same word
 *    and no entry is dropped, even one whose start and end PCs are equal);
 *  - the block ID is the entry block, 0;
 *  - ssa.BlockStart.ID (-10000) in the entry block and ssa.FuncEnd.ID (-30000) keep their Go
 *    meanings, PC 0 and the function's size read from its LSym at write time (as Go reads
 *    curfn.LSym.Size); createHeapDerefLocationList uses them.
 */
import { DW_OP } from "../../dwarf/constants.js";
import type { Sym } from "../../dwarf/context.js";
import { appendSleb128 } from "../../dwarf/leb128.js";
import { appendLocListEntry, type FuncDebug, PutLocationList } from "../../dwarf/loclist.js";
import type { IrLocEntry } from "../ir.js";
import { dwCtxt } from "../obj/dwctxt.js";
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";

/** ssa.BlockStart.ID, ssa.FuncEnd.ID (debug.go). */
export const BlockStartID = -10000;
export const FuncEndID = -30000;
/** ssa.Func.Entry.ID in the model (FuncDebug.EntryID). */
export const EntryID = 0;

/** ssa.FuncDebug for one function of the IR: GetPC over the table of resolved PCs. */
export class irFuncDebug implements FuncDebug {
  private readonly pcs: number[] = [];

  constructor(
    private readonly ctxt: Link,
    private readonly fnsym: LSym,
  ) {}

  /** ssagen.genssa's GetPC closure, reduced to what the model's lists contain. */
  getPC(block: number, value: number): number {
    if (value === BlockStartID && block === EntryID) return 0;
    if (value === FuncEndID) return this.fnsym.size;
    const pc = this.pcs[value];
    if (pc === undefined) return this.ctxt.Diag(`dwarfgen: location list bound (${block}, ${value}) unknown`);
    return pc;
  }

  /** A slot for `pc` in the table: the value ID that getPC maps back to it. */
  private slot(pc: number): number {
    this.pcs.push(pc);
    return this.pcs.length - 1;
  }

  /** The intermediate list of a var tracked by ssa.FuncDebug (debug.LocationLists[varID]). */
  encodeList(entries: readonly IrLocEntry[]): Uint8Array {
    const list: number[] = [];
    const ps = this.ctxt.ptrSize;
    for (const e of entries) {
      const start = { block: EntryID, value: this.slot(e.start) };
      const end = { block: EntryID, value: this.slot(e.end) };
      appendLocListEntry(list, ps, start, end, parseExpr(this.ctxt, e.expr));
    }
    return Uint8Array.from(list);
  }

  /**
   * dwarfgen/dwarf.go, createHeapDerefLocationList: one entry from the start of the entry block
   * to the end of the function, `DW_OP_fbreg off; DW_OP_deref`, where off is the heap pointer's
   * frame offset adjusted as for an auto (minus the return address when FixedFrameSize is 0, minus
   * the saved frame pointer).
   */
  heapDerefList(heapAddrFrameOffset: number): Uint8Array {
    let off = heapAddrFrameOffset;
    if (this.ctxt.arch.FixedFrameSize === 0) off -= this.ctxt.ptrSize;
    if (this.ctxt.arch.FramePointerEnabled) off -= this.ctxt.ptrSize;
    const expr: number[] = [DW_OP.fbreg];
    appendSleb128(expr, off);
    expr.push(DW_OP.deref);
    const list: number[] = [];
    appendLocListEntry(
      list,
      this.ctxt.ptrSize,
      { block: EntryID, value: BlockStartID },
      { block: EntryID, value: FuncEndID },
      expr,
    );
    return Uint8Array.from(list);
  }

  /**
   * The Var.PutLocationList closure of createComplexVar / createDwarfVars:
   * debug.PutLocationList(list, base.Ctxt, listSym, startPC).
   */
  putter(list: Uint8Array): (listSym: Sym, startPC: Sym) => void {
    const ctxt = this.ctxt;
    return (listSym, startPC) =>
      PutLocationList(this, list, new dwCtxt(ctxt), { useBASEntries: ctxt.useBASEntries }, listSym, startPC);
  }
}

/** An IrLocEntry's expression: lowercase (or uppercase) hex, two digits a byte. */
export function parseExpr(ctxt: Link, hex: string): number[] {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    return ctxt.Diag(`dwarfgen: bad location expression ${JSON.stringify(hex)}`);
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return out;
}
