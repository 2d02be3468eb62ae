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

/**
 * Encode a pc-value table as obj's funcpctab writes it: `runs` in PC order, contiguous from pc 0,
 * neighbours with different values (as decodePcvalue returns them). No runs: the empty table Go
 * writes for a function without instructions.
 */
export function encodePcvalue(runs: readonly PcvalueRun[], pcquantum: number): Uint8Array {
  const out: number[] = [];
  const uvarint = (x: number): void => {
    let v = x;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  const pcdelta = (d: number): void => {
    if (d <= 0 || d % pcquantum !== 0)
      throw new RangeError(`pc-value run of ${d} bytes (quantum ${pcquantum})`);
    uvarint(d / pcquantum);
  };
  let value = -1;
  let pc = 0;
  for (const r of runs) {
    if (r.pc !== pc) throw new RangeError(`pc-value run at ${r.pc}, expected ${pc}`);
    const delta = r.value - value;
    if (delta === 0 && pc !== 0) throw new RangeError(`pc-value runs at ${r.pc} repeat the value ${r.value}`);
    // binary.PutVarint: zig-zag, the sign in bit 0.
    uvarint(delta < 0 ? -2 * delta - 1 : 2 * delta);
    pcdelta(r.nextpc - r.pc);
    value = r.value;
    pc = r.nextpc;
  }
  if (runs.length > 0) out.push(0);
  return Uint8Array.from(out);
}
