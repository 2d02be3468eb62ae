/**
 * The typelink and itablink tables (cmd/link/internal/ld/typelink.go, typelink), Go 1.26: every
 * kept type the compiler marked MakeTypelink gets a 4-byte offset in runtime.typelink (sorted by
 * type string), and every kept itab an 8-byte pointer in runtime.itablink (in symbol order). Each
 * is its own section (.typelink, .itablink) after .gopclntab. Only the sizes are modelled.
 */
import { SymFlag, SymFlag2 } from "../goobj/objfile.js";
import type { Loader } from "./load.js";
import type { LinkSym } from "./sym.js";

/** linux/amd64 sys.Arch.PtrSize. */
const ptrSize = 8;

/** typelink.go, typelink (after textaddress): returns runtime.typelink and runtime.itablink. */
export function typelink(ld: Loader): { typelink: LinkSym; itablink: LinkSym } {
  let ntypelinks = 0;
  let nitabs = 0;
  for (const s of ld.syms) {
    if (!s.reachable) continue;
    // loader.IsTypelink / IsItab read the object's flags; linker-made symbols have none.
    if ((s.flag & SymFlag.Typelink) !== 0) ntypelinks++;
    else if ((s.flag2 & SymFlag2.Itab) !== 0) nitabs++;
  }
  const make = (name: string, kind: "STYPELINK" | "SITABLINK", size: number): LinkSym => {
    const s = ld.lookupOrCreate(name);
    s.reachable = true;
    s.type = kind;
    s.flag |= SymFlag.Local;
    s.setData(new Uint8Array(size));
    return s;
  };
  return {
    typelink: make("runtime.typelink", "STYPELINK", 4 * ntypelinks),
    itablink: make("runtime.itablink", "SITABLINK", ptrSize * nitabs),
  };
}
