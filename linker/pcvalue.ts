/**
 * Go's pc-value tables (cmd/internal/obj PCIter, the encoding of funcpctab): pairs of a zig-zag
 * varint value delta and a varint pc delta (times the pc quantum), the value starting at -1; a
 * zero value delta after the first pair ends the table.
 */
import { FormatError } from "../dwarf/errors.js";

/** One run: from `pc` (inclusive) to `nextpc` (exclusive) the value is `value`. */
export interface PcvalueRun {
  pc: number;
  nextpc: number;
  value: number;
}

/** Decode a pc-value table; `where` names it in errors. */
export function decodePcvalue(b: Uint8Array, pcquantum: number, where = "pcvalue"): PcvalueRun[] {
  const out: PcvalueRun[] = [];
  let i = 0;
  let pc = 0;
  let value = -1;
  const uvarint = (): number => {
    let x = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (i >= b.length) throw new FormatError(where, i, "truncated varint");
      const c = b[i++]!;
      x += (c & 0x7f) * mul;
      if (c < 0x80) return x;
      mul *= 128;
    }
    throw new FormatError(where, i, "varint too long");
  };
  let start = true;
  while (i < b.length) {
    const v = uvarint();
    if (v === 0 && !start) break;
    start = false;
    value += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
    const d = uvarint() * pcquantum;
    out.push({ pc, nextpc: pc + d, value });
    pc += d;
  }
  return out;
}
