/**
 * What obj hands back to dwarfgen as `curfn` (Go's obj.Func, an *ir.Func): a function of the IR
 * program being compiled, or a function of another package that was inlined here (the precursor
 * that DwarfFixupTable.SetPrecursorFunc records, known only through its export data).
 */
import type { IrFunction, IrImportedFunc, IrProgram } from "../ir.js";

export type CurFunc =
  | { kind: "local"; program: IrProgram; fn: IrFunction }
  | { kind: "imported"; program: IrProgram; fn: IrImportedFunc };
