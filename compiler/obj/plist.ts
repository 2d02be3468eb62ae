/**
 * Declaring a data symbol: cmd/internal/obj's Link.Globl (plist.go) with the flag bits of
 * textflag.go that it reads, Go 1.26.
 */
import { CompileError, type Link } from "./link.js";
import type { LSym } from "./lsym.js";

/** textflag.go: the flags Globl reads (DUPOK, RODATA, NOPTR) and objw.Global's LOCAL. */
export const DUPOK = 2;
export const RODATA = 8;
export const NOPTR = 16;
export const LOCAL = 128;

/**
 * plist.go, Globl (GloblPos): put `s` in Ctxt.Data with its size and kind. Go's P stops at the
 * last byte written and the object's data may be shorter than the symbol; here P is padded with
 * zeros to the size, which is what the linker's loader makes of it.
 */
export function Globl(ctxt: Link, s: LSym, size: number, flag: number): void {
  if (s.has("OnList")) throw new CompileError(`symbol ${s.name} redeclared`);
  s.set("OnList", true);
  ctxt.data.push(s);
  // data.go's prepwrite turns Sxxx into SDATA once bytes are written; Globl, SBSS otherwise.
  if (s.type === "Sxxx") s.type = s.size > 0 ? "SDATA" : "SBSS";
  if (size > s.size) s.prepwrite(0, size);
  s.size = size;
  if ((flag & DUPOK) !== 0) s.set("DuplicateOK", true);
  if ((flag & RODATA) !== 0) s.type = "SRODATA";
  else if ((flag & NOPTR) !== 0) s.type = s.type === "SDATA" ? "SNOPTRDATA" : "SNOPTRBSS";
}
