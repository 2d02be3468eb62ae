/**
 * Applying a compiler symbol's relocations as cmd/link's relocsym does (data.go), with the values
 * the real link gave: R_ADDR the target's address plus the addend; R_DWARFSECREF the target's
 * offset in its DWARF section plus the addend (child-DIE offsets are already in the addend, put
 * there by the fixup table); R_DWTXTADDR_U1..U4 the target's .debug_addr slot written as a ULEB128
 * padded to the relocation's width (writeUleb128FixedLength).
 */
import { paddedUleb128 } from "../../dwarf/leb128.js";
import type { LSym } from "../../compiler/obj/lsym.js";
import type { LiftContext } from "./context.js";

/** A relocation the lifter could not resolve: reported as a mismatch, not thrown. */
export interface Unresolved {
  off: number;
  why: string;
}

function putLE(out: Uint8Array, off: number, siz: number, v: bigint): void {
  let x = BigInt.asUintN(siz * 8, v);
  for (let k = 0; k < siz; k++) {
    out[off + k] = Number(x & 0xffn);
    x >>= 8n;
  }
}

/**
 * Section offsets the binary shows but no DIE names: where a function's list symbols landed in
 * .debug_loclists / .debug_rnglists (or .debug_loc / .debug_ranges). The first reference to each
 * from the function's info symbol gives it: the 4 bytes there, minus the addend.
 */
export function deduceListBases(
  lc: LiftContext,
  info: LSym,
  lists: readonly (LSym | undefined)[],
  orig: Uint8Array,
): void {
  for (const r of info.R) {
    if (r.type !== "R_DWARFSECREF" || !lists.includes(r.sym) || lc.secOffset.has(r.sym)) continue;
    if (r.off + 4 > orig.length) continue;
    const v = orig[r.off]! | (orig[r.off + 1]! << 8) | (orig[r.off + 2]! << 16) | (orig[r.off + 3]! << 24);
    lc.secOffset.set(r.sym, (v >>> 0) - r.add);
  }
}

/** The symbol's bytes as the linker would leave them. */
export function relocate(lc: LiftContext, s: LSym): { bytes: Uint8Array; unresolved: Unresolved[] } {
  const out = s.P.slice();
  const unresolved: Unresolved[] = [];
  for (const r of s.R) {
    const name = r.sym.name === "" ? `<anonymous ${r.sym.type}>` : r.sym.name;
    switch (r.type) {
      case "R_ADDR": {
        const a = lc.address.get(r.sym);
        if (a === undefined) unresolved.push({ off: r.off, why: `R_ADDR to ${name}: no address` });
        else putLE(out, r.off, r.siz, a + BigInt(r.add));
        break;
      }
      case "R_DWARFSECREF": {
        const o = lc.secOffset.get(r.sym);
        if (o === undefined)
          unresolved.push({ off: r.off, why: `R_DWARFSECREF to ${name}: no section offset` });
        else putLE(out, r.off, r.siz, BigInt(o + r.add));
        break;
      }
      case "R_DWTXTADDR_U1":
      case "R_DWTXTADDR_U2":
      case "R_DWTXTADDR_U3":
      case "R_DWTXTADDR_U4": {
        const i = lc.addrIndex.get(r.sym);
        if (i === undefined)
          unresolved.push({ off: r.off, why: `${r.type} to ${name}: no .debug_addr slot` });
        else out.set(paddedUleb128(i, r.siz), r.off);
        break;
      }
      case "R_USETYPE":
      case "R_USEIFACE":
        // Marks for the linker's dead-code pass; no bytes.
        break;
      default:
        unresolved.push({ off: r.off, why: `${r.type} to ${name}: the lifter does not apply it` });
    }
  }
  return { bytes: out, unresolved };
}
