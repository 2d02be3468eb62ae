/**
 * For the tests of the type descriptor writer: write the descriptors of an IR type table into a
 * fresh compiler context, and see the LSyms as the linker's symbols (LinkSym: P and R), so that
 * linker/dwarf/decodesym.ts can decode them as cmd/link decodes a real object's.
 */
import type { IrType } from "../ir.js";
import { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import { GO126 } from "../profile.js";
import { Universe } from "../types/universe.js";
import { LinkSym } from "../../linker/sym.js";
import { NeedRuntimeType, WriteRuntimeTypes } from "./reflect.js";
import { ReflectState, type ReflectOptions } from "./state.js";

/** A compiler context for package `pkgpath` and the reflectdata state over `types`. */
export function newReflect(
  types: Readonly<Record<string, IrType>>,
  pkgpath = "main",
  opts: ReflectOptions = {},
): ReflectState {
  const ctxt = new Link({
    pkgpath,
    profile: GO126,
    dwarf5: true,
    useBASEntries: true,
    flagLocationlists: true,
    flagOptimize: true,
  });
  return new ReflectState(ctxt, new Universe(types, { localPkg: pkgpath }), opts);
}

/** Write the descriptors of `names` (default: every type of the table) as WriteRuntimeTypes does. */
export function writeAll(r: ReflectState, names: readonly string[] = r.u.declaredNames()): void {
  for (const n of names) NeedRuntimeType(r, n);
  WriteRuntimeTypes(r);
}

/**
 * The linker's view of the written symbols: one LinkSym per LSym name (data, relocations with
 * the R_WEAK bit), undefined references as symbols without data.
 */
export function linkSyms(r: ReflectState): Map<string, LinkSym> {
  const out = new Map<string, LinkSym>();
  const get = (s: LSym): LinkSym => {
    let l = out.get(s.name);
    if (l === undefined) {
      l = new LinkSym(s.name, s.type === "Sxxx" ? "Sxxx" : s.type);
      out.set(s.name, l);
    }
    return l;
  };
  for (const s of r.ctxt.data) {
    const l = get(s);
    l.setData(s.P);
    l.dupok = s.has("DuplicateOK");
    for (const rel of s.R)
      l.R.push({
        off: rel.off,
        siz: rel.siz,
        type: rel.type,
        sym: get(rel.sym),
        add: rel.add,
        ...(rel.weak === true && { weak: true }),
      });
  }
  return out;
}
