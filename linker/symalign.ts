/**
 * Data symbol alignment (cmd/link/internal/ld/data.go: symalign, aligndatsize), Go 1.26, amd64
 * (Minalign 1, Maxalign 32).
 */
import { type LinkSym, Rnd } from "./sym.js";

/** amd64 sys.Arch Minalign and Maxalign. */
const Minalign = 1;
const Maxalign = 32;

/**
 * data.go, symalign: the symbol's own alignment, else the largest power of two up to Maxalign
 * not above its size, which is then recorded on the symbol (SetSymAlign) as Go does: a symbol
 * sized later (runtime.gcdata) keeps the alignment its first size gave it.
 */
export function symalign(s: LinkSym): number {
  if (s.align >= Minalign) return s.align;
  if (s.align !== 0) return Minalign;
  let align = Maxalign;
  while (align > s.size && align > Minalign) align >>= 1;
  s.align = align;
  return align;
}

/** data.go, aligndatsize. */
export function aligndatsize(datsize: number, s: LinkSym): number {
  return Rnd(datsize, symalign(s));
}
