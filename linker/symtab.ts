/**
 * What ld.(*Link).symtab (cmd/link/internal/ld/symtab.go, Go 1.26) decides for the layout of an
 * executable linked internally on linux/amd64: the section markers it defines (runtime.rodata,
 * runtime.noptrdata, ...: special symbols dodata skips), the linker-made data (runtime.gcdata and
 * runtime.gcbss, runtime.textsectionmap, the module data's size, runtime.lastmoduledatap), the
 * carrier symbols (type:*, go:string.*, go:funcdesc, runtime.gcbits.*), and symGroupType, which
 * moves read-only symbols into the groups .rodata is made of: type descriptors (STYPE) first,
 * then Go strings, function values, GC masks, and the rest.
 */
import { SymFlag } from "../goobj/objfile.js";
import { decodetypeSize } from "./dwarf/decodesym.js";
import { LinkError, type Loader } from "./load.js";
import type { LinkSym } from "./sym.js";
import type { SymKind } from "./symkind.js";

/** linux/amd64 sys.Arch.PtrSize. */
const ptrSize = 8;

/** What the layout phases share (attributes the LinkSym does not carry). */
export interface LayoutState {
  ld: Loader;
  /** AttrSpecial: markers and funcdata, which dodata does not lay out. */
  special: Set<LinkSym>;
  /** AttrNotInSymbolTable. */
  notInSymtab: Set<LinkSym>;
  /** symtab's symGroupType: a kind overriding the symbol's own for dodata. */
  groupType: Map<LinkSym, SymKind>;
  /** covCounterDataStartOff and covCounterDataLen: the coverage counters within .noptrbss. */
  covctrs: { start: number; length: number };
}

/** A new, empty LayoutState for `ld`. */
export function newLayoutState(ld: Loader): LayoutState {
  return {
    ld,
    special: new Set(),
    notInSymtab: new Set(),
    groupType: new Map(),
    covctrs: { start: 0, length: 0 },
  };
}

/** lib.go, xdefine (defineInternal): a special local symbol of kind `t` at `v`, reachable. */
export function xdefine(st: LayoutState, name: string, t: SymKind, v: number): LinkSym {
  const s = st.ld.lookupOrCreate(name);
  s.reachable = true;
  s.type = t;
  s.value = v;
  s.flag |= SymFlag.Local;
  st.special.add(s);
  return s;
}

/** loader.CreateSymForUpdate with a kind and no contents. */
function createEmpty(ld: Loader, name: string, t: SymKind, align = 0): LinkSym {
  const s = ld.lookupOrCreate(name);
  s.reachable = true;
  s.type = t;
  s.setData([]);
  if (align !== 0) s.align = align;
  return s;
}

/** symtab.go, textsectionmap: {vaddr, end, baseaddr} per text section (one on amd64). */
function textsectionmap(ld: Loader, ntext: number): LinkSym {
  const t = ld.lookupOrCreate("runtime.textsectionmap");
  t.reachable = true;
  t.type = "SRODATA";
  t.setData(new Uint8Array(3 * ntext * ptrSize));
  return t;
}

/** loader.IsFileLocal && !IsFromAssembly && SymPkg != "": not in the symbol table when linking internally. */
export type FileLocalTest = (s: LinkSym) => boolean;

/**
 * symtab.go, symtab (after pclntab and findfunctab): define the markers and linker data, size the
 * module data, and group the read-only symbols. `moduledata` is ctxt.Moduledata (linksetup).
 * `hiddenLocal` tells the file-local Go symbols the symbol table leaves out.
 */
export function symtab(st: LayoutState, moduledata: LinkSym, hiddenLocal: FileLocalTest): void {
  const { ld, groupType, notInSymtab, special } = st;
  for (const [name, t] of [
    ["runtime.rodata", "SRODATA"],
    ["runtime.erodata", "SRODATAEND"],
    ["runtime.types", "SRODATA"],
    ["runtime.etypes", "SRODATA"],
    ["runtime.noptrdata", "SNOPTRDATA"],
    ["runtime.enoptrdata", "SNOPTRDATAEND"],
    ["runtime.data", "SDATA"],
    ["runtime.edata", "SDATAEND"],
    ["runtime.bss", "SBSS"],
    ["runtime.ebss", "SBSS"],
    ["runtime.noptrbss", "SNOPTRBSS"],
    ["runtime.enoptrbss", "SNOPTRBSS"],
    ["runtime.covctrs", "SNOPTRBSS"],
    ["runtime.ecovctrs", "SNOPTRBSS"],
    ["runtime.end", "SBSS"],
    ["runtime.epclntab", "SRODATA"],
  ] as const)
    xdefine(st, name, t, 0);
  createEmpty(ld, "runtime.gcdata", "SRODATA");
  xdefine(st, "runtime.egcdata", "SRODATA", 0);
  createEmpty(ld, "runtime.gcbss", "SRODATA");
  xdefine(st, "runtime.egcbss", "SRODATA", 0);

  // The carriers (not DynlinkingGo, no relro for exe): size 0, so first in their groups.
  createEmpty(ld, "type:*", "STYPE", ptrSize);
  for (const [name, t] of [
    ["go:string.*", "SGOSTRING"],
    ["go:funcdesc", "SGOFUNC"],
    ["runtime.gcbits.*", "SGCBITS"],
  ] as const)
    createEmpty(ld, name, t, ptrSize).flag |= SymFlag.Local;

  for (const s of ld.syms) {
    if (hiddenLocal(s) || s.type === "SCOVERAGE_COUNTER") notInSymtab.add(s);
    if (!s.reachable || special.has(s) || (s.type !== "SRODATA" && s.type !== "SGOFUNC")) continue;
    const name = s.name;
    if (name.startsWith("go:string.")) {
      groupType.set(s, "SGOSTRING");
      notInSymtab.add(s);
    } else if (name.startsWith("runtime.gcbits.") || name.startsWith("type:.gcprog.")) {
      groupType.set(s, "SGCBITS");
      notInSymtab.add(s);
    } else if (name.endsWith("·f")) {
      notInSymtab.add(s);
      groupType.set(s, "SGOFUNC");
    } else if (name.startsWith("type:")) {
      notInSymtab.add(s);
      groupType.set(s, "STYPE");
    }
  }

  textsectionmap(ld, 1);

  // The module data: its contents are pointers the layout does not need; its size is the type's.
  const mdtype = ld.lookup("type:runtime.moduledata", 0);
  if (mdtype === undefined) throw new LinkError("type:runtime.moduledata not found: is the runtime linked?");
  moduledata.setData(new Uint8Array(decodetypeSize(ptrSize, mdtype.P)));

  const last = ld.lookupOrCreate("runtime.lastmoduledatap");
  last.reachable = true;
  last.type = "SNOPTRDATA";
  last.setData([]);
  last.R.length = 0;
  last.addSymRef(moduledata, 0, "R_ADDR", ptrSize);
}
