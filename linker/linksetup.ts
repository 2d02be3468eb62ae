/**
 * The part of ld.(*Link).linksetup (cmd/link/internal/ld/lib.go, Go 1.26) that runs after
 * deadcode and changes what the data layout sees, for an executable linked internally on
 * linux/amd64: runtime.firstmoduledata becomes the module data (SMODULEDATA, contents written by
 * symtab), and runtime.disableMemoryProfiling is set to true (moving it from .noptrbss to
 * .noptrdata) when deadcode dropped runtime.memProfileInternal. Text order
 * (AssignTextSymbolOrder) is goload.ts's.
 */
import type { Loader } from "./load.js";
import { type LinkSym, SymVerABIInternal } from "./sym.js";

/** lib.go, linksetup (after deadcode): returns ctxt.Moduledata. */
export function linksetup(ld: Loader): LinkSym {
  const moduledata = ld.lookupOrCreate("runtime.firstmoduledata");
  if (moduledata.type !== "Sxxx") {
    moduledata.setData([]);
    const memProfile = ld.lookup("runtime.memProfileInternal", SymVerABIInternal);
    if (memProfile !== undefined && !memProfile.reachable) {
      const s = ld.lookupOrCreate("runtime.disableMemoryProfiling");
      s.type = "SNOPTRDATA";
      s.setData([1]);
    }
  }
  moduledata.type = "SMODULEDATA";
  moduledata.reachable = true;
  return moduledata;
}
