/**
 * The FIPS 140 bracketing symbols (cmd/link/internal/ld/fips140.go, Go 1.26): at the end of
 * loadlib the linker defines go:fipsinfo and one-byte start and end markers around each FIPS
 * section (text, rodata, noptrdata, data). The markers are ordinary symbols of their own kinds, so
 * they take room: go:textfipsstart and go:textfipsend are laid out after every STEXT function,
 * go:noptrdatafipsstart after .noptrdata's symbols, and so on. The checksum is filled in after
 * the link (asmbfips); the layout only needs the sizes.
 */
import { SymFlag } from "../goobj/objfile.js";
import type { Loader } from "./load.js";
import type { LinkSym } from "./sym.js";
import type { SymKind } from "./symkind.js";

/** fipsSyms: the bracketing symbols, in Go's order. */
const fipsSyms: readonly { name: string; kind: SymKind }[] = [
  { name: "go:textfipsstart", kind: "STEXTFIPSSTART" },
  { name: "go:textfipsend", kind: "STEXTFIPSEND" },
  { name: "go:rodatafipsstart", kind: "SRODATAFIPSSTART" },
  { name: "go:rodatafipsend", kind: "SRODATAFIPSEND" },
  { name: "go:noptrdatafipsstart", kind: "SNOPTRDATAFIPSSTART" },
  { name: "go:noptrdatafipsend", kind: "SNOPTRDATAFIPSEND" },
  { name: "go:datafipsstart", kind: "SDATAFIPSSTART" },
  { name: "go:datafipsend", kind: "SDATAFIPSEND" },
];

/** fipsMagic, fipsMagicLen, fipsSumLen. */
const fipsMagic = "\xff Go fipsinfo \xff\x00";
const fipsMagicLen = 16;
const fipsSumLen = 32;

/**
 * fips140.go, loadfips (obj.EnableFIPS holds for linux/amd64 executables): define go:fipsinfo
 * and the markers. Returns the text markers, which Go appends to ctxt.Textp before
 * AssignTextSymbolOrder (its extsyms: kept when reachable, ahead of the objects' text).
 */
export function loadfips(ld: Loader): LinkSym[] {
  // CreateSymForUpdate: every symbol made here is reachable, whether or not anything refers to it.
  const info = ld.lookupOrCreate("go:fipsinfo");
  info.reachable = true;
  info.type = "SFIPSINFO";
  const data = new Uint8Array(fipsMagicLen + fipsSumLen);
  for (let i = 0; i < fipsMagic.length; i++) data[i] = fipsMagic.charCodeAt(i);
  info.setData(data);
  info.R.length = 0;
  info.addSymRef(info, 0, "R_ADDR", 8);
  const text: LinkSym[] = [];
  for (const f of fipsSyms) {
    const s = ld.lookupOrCreate(f.name);
    s.reachable = true;
    s.type = f.kind;
    s.flag |= SymFlag.Local;
    s.setData([0]);
    info.addSymRef(s, 0, "R_ADDR", 8);
    if (f.kind === "STEXTFIPSSTART" || f.kind === "STEXTFIPSEND") text.push(s);
  }
  return text;
}
