/**
 * Writing data symbols: cmd/compile/internal/objw (objw.go), Go 1.26, for a 64-bit target
 * (types.PtrSize 8). Each writer returns the offset after what it wrote, as Go's do.
 */
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { Globl, LOCAL } from "../obj/plist.js";

/** types.PtrSize on amd64. */
export const PtrSize = 8;

/** objw.go, UintN: `wid` bytes of `v` at `off`. */
export function UintN(s: LSym, off: number, v: number, wid: number): number {
  s.writeInt(off, wid, v);
  return off + wid;
}

/** objw.go, Uint8. */
export function Uint8(s: LSym, off: number, v: number): number {
  return UintN(s, off, v, 1);
}

/** objw.go, Uint16. */
export function Uint16(s: LSym, off: number, v: number): number {
  return UintN(s, off, v, 2);
}

/** objw.go, Uint32. */
export function Uint32(s: LSym, off: number, v: number): number {
  return UintN(s, off, v, 4);
}

/** objw.go, Uintptr. */
export function Uintptr(s: LSym, off: number, v: number): number {
  return UintN(s, off, v, PtrSize);
}

/** objw.go, SymPtr: a pointer-sized R_ADDR to `x` + `xoff`. */
export function SymPtr(s: LSym, off: number, x: LSym, xoff: number): number {
  off = Math.ceil(off / PtrSize) * PtrSize;
  s.writeAddr(off, PtrSize, x, xoff, "R_ADDR");
  return off + PtrSize;
}

/** objw.go, SymPtrOff: a 4-byte R_ADDROFF to `x`. */
export function SymPtrOff(s: LSym, off: number, x: LSym): number {
  s.writeOff(off, x, 0);
  return off + 4;
}

/** objw.go, SymPtrWeakOff: a 4-byte R_WEAKADDROFF to `x`. */
export function SymPtrWeakOff(s: LSym, off: number, x: LSym): number {
  s.writeOff(off, x, 0, true);
  return off + 4;
}

/** objw.go, Global: Ctxt.Globl, with LOCAL turned into AttrLocal first. */
export function Global(ctxt: Link, s: LSym, width: number, flags: number): void {
  if ((flags & LOCAL) !== 0) {
    s.set("Local", true);
    flags &= ~LOCAL;
  }
  Globl(ctxt, s, width, flags);
}
