/**
 * .debug_frame (cmd/link/internal/ld/dwarf.go writeframes, appendPCDeltaCFA), Go 1.26, for amd64,
 * an architecture without a link register, linked internally into an executable.
 *
 * One CIE, then one FDE per function of Textp, in address order, built from the function's pcsp
 * table: at each change of the SP delta, DW_CFA_def_cfa_offset_sf (the CFA is SP + delta + the
 * pushed return address), then an advance to the next change. The last advance stops one byte
 * short of the function's end, as DWARF wants.
 *
 * Registers are the amd64 DWARF numbers of cmd/link/internal/amd64/l.go: dwarfRegSP = 7 (rsp),
 * dwarfRegLR = 16 (the return address column, rip).
 */
import { DW_CFA } from "../../dwarf/constants.js";
import { appendSleb128 } from "../../dwarf/leb128.js";
import { Sleb128put, Uleb128put } from "../../dwarf/putattr.js";
import { Rnd } from "../sym.js";
import type { LinkSym } from "../sym.js";
import type { dwctxt } from "./dwctxt.js";

/** amd64/l.go dwarfRegSP. */
export const dwarfRegSP = 7;
/** amd64/l.go dwarfRegLR: the return address column. */
export const dwarfRegLR = 16;
/** dwarf.go dataAlignmentFactor. */
export const dataAlignmentFactor = -4;

/** Go's integer division (truncates toward zero). */
function quo(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** dwarf.go, appendPCDeltaCFA: set the CFA offset, then advance the location by `deltapc`. */
export function appendPCDeltaCFA(b: number[], deltapc: number, cfa: number): number[] {
  b.push(DW_CFA.def_cfa_offset_sf);
  appendSleb128(b, quo(cfa, dataAlignmentFactor));
  if (deltapc < 0x40) {
    b.push(DW_CFA.advance_loc + deltapc);
  } else if (deltapc < 0x100) {
    b.push(DW_CFA.advance_loc1, deltapc);
  } else if (deltapc < 0x10000) {
    b.push(DW_CFA.advance_loc2, deltapc & 0xff, deltapc >>> 8);
  } else {
    b.push(
      DW_CFA.advance_loc4,
      deltapc & 0xff,
      (deltapc >>> 8) & 0xff,
      (deltapc >>> 16) & 0xff,
      deltapc >>> 24,
    );
  }
  return b;
}

/** dwarf.go, writeframes: the CIE and the FDEs into the section symbol `fs`. */
export function writeframes(d: dwctxt, fs: LinkSym): LinkSym[] {
  const ptrSize = d.ptrSize();
  const lengthFieldSize = 4;
  const cieReserve = 16;

  d.mark?.(fs, "writeframes CIE");
  fs.addUint(4, cieReserve); // initial length
  fs.addUint(4, 0xffffffff); // CIE id
  fs.addUint8(3); // version
  fs.addUint8(0); // augmentation ""
  Uleb128put(d, fs, 1); // code_alignment_factor
  Sleb128put(d, fs, dataAlignmentFactor);
  Uleb128put(d, fs, dwarfRegLR); // return_address_register
  fs.addUint8(DW_CFA.def_cfa);
  Uleb128put(d, fs, dwarfRegSP);
  Uleb128put(d, fs, ptrSize); // the call pushed one word
  fs.addUint8(DW_CFA.offset_extended);
  Uleb128put(d, fs, dwarfRegLR);
  Uleb128put(d, fs, quo(-ptrSize, dataAlignmentFactor)); // return address at CFA - ptrSize
  const pad = cieReserve + lengthFieldSize - fs.size;
  if (pad < 0) throw new Error(`dwarf: cieReserve too small by ${-pad} bytes.`);
  fs.addBytes(new Uint8Array(pad));

  for (const s of d.ldr.textp) {
    const fi = s.func;
    if (fi === undefined) continue;
    const deltaBuf: number[] = [];
    for (const run of fi.pcsp) {
      let nextpc = run.nextpc;
      // The table runs to the end of the function; DWARF wants to stop just before it.
      if (nextpc === s.size) {
        nextpc--;
        if (nextpc < run.pc) continue;
      }
      const spdelta = run.value + ptrSize; // the return address was pushed
      appendPCDeltaCFA(deltaBuf, nextpc - run.pc, spdelta);
    }
    const fpad = Rnd(deltaBuf.length, ptrSize) - deltaBuf.length;
    for (let i = 0; i < fpad; i++) deltaBuf.push(0);

    d.mark?.(fs, `writeframes FDE ${s.name}`);
    fs.addUint(4, 4 + 2 * ptrSize + deltaBuf.length); // length
    fs.addUint(4, 0); // CIE offset (internal linking)
    fs.addSymRef(s, 0, "R_ADDR", ptrSize); // initial_location
    fs.addUint(ptrSize, s.size); // address_range
    fs.addBytes(deltaBuf);
  }
  return [fs];
}
