/**
 * The pc-value tables of a text symbol, as cmd/internal/obj's linkpcln makes them (pcln.go), Go
 * 1.26: only Pcsp, the table .debug_frame is written from. funcpctab walks the progs and records
 * pctospadj's value; the model's progs carry no SP adjustments, so the table is built from the
 * function's FuncInfo.pcsp entries instead (the SP delta in force from each PC on), with the same
 * result: runs from PC 0 with value 0 at entry, a new run only where the value changes.
 *
 * Not modelled: Pcfile, Pcline, Pcinline and the Pcdata tables (the pclntab's, not DWARF's).
 */
import { encodePcvalue, type PcvalueRun } from "../../linker/pcvalue.js";
import { CompileError } from "./link.js";
import { LSym } from "./lsym.js";

/** amd64 (and arm64's) MinLC: the pc quantum of every pc-value table. */
export const PCQuantum = 1;

/** The runs funcpctab writes for the pcsp entries of a function of `size` bytes. */
export function pcspRunsOf(
  name: string,
  pcsp: readonly { pc: number; spdelta: number }[] | undefined,
  size: number,
): PcvalueRun[] {
  if (size <= 0) return [];
  const pts: { pc: number; v: number }[] = [{ pc: 0, v: 0 }];
  for (const e of pcsp ?? []) {
    const last = pts[pts.length - 1]!;
    if (!Number.isInteger(e.pc) || e.pc < last.pc || e.pc >= size)
      throw new CompileError(
        `${name}: pcsp entry at ${e.pc} is out of order or past the function's ${size} bytes`,
      );
    if (!Number.isInteger(e.spdelta)) throw new CompileError(`${name}: bad pcsp spdelta ${e.spdelta}`);
    if (e.pc === last.pc) last.v = e.spdelta;
    else pts.push({ pc: e.pc, v: e.spdelta });
  }
  const runs: PcvalueRun[] = [];
  pts.forEach((p, i) => {
    const nextpc = pts[i + 1]?.pc ?? size;
    const prev = runs[runs.length - 1];
    if (prev !== undefined && prev.value === p.v) prev.nextpc = nextpc;
    else runs.push({ pc: p.pc, nextpc, value: p.v });
  });
  return runs;
}

/**
 * funcpctab(ctxt, s, "pctospadj", ...): the Pcsp symbol of text symbol `s`, anonymous SRODATA,
 * content-addressable (the caller records that) and empty for a function without code.
 */
export function funcpctabPcsp(s: LSym): LSym {
  const t = new LSym("", "SRODATA");
  const table = encodePcvalue(pcspRunsOf(s.name, s.func?.pcsp, s.size), PCQuantum);
  t.writeBytes(0, table);
  return t;
}
