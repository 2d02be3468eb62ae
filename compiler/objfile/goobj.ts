/**
 * A real Go object (goobj/objfile.ts) seen as the model's objects are: one LSym per symbol of the
 * object (definitions, then non-package references), relocations and DWARF aux links on them, a
 * symbol table with readable labels, so objdump's decoder (decode.ts) shows a real object's DWARF
 * symbols exactly as it shows the model's. References into other packages keep their package
 * index; their names come from the RefName block when the object has one.
 */
import {
  type GoObjFile,
  PkgIdxBuiltin,
  PkgIdxHashed,
  PkgIdxHashed64,
  PkgIdxNone,
  PkgIdxSelf,
  SymABIstatic,
  type SymRef,
} from "../../goobj/objfile.js";
import { builtins126 } from "../../goobj/builtin.js";
import type { ObjFile } from "../gc/compile.js";
import { LSym } from "../obj/lsym.js";
import type { RelocTypeName, SymKindName, ToolchainProfile } from "../profile.js";
import type { SymEntry, SymRole, SymTable } from "./symtab.js";

/** The block a symbol comes from. */
export type GoSymBlock = "Symdef" | "Hashed64def" | "Hasheddef" | "Nonpkgdef" | "Nonpkgref";

export interface GoObjView {
  /** The decoder's view: dwarfVersion, profile, pkgpath and every symbol as text or data. */
  obj: ObjFile;
  table: SymTable;
  /** Per symbol index: its block and raw record. */
  block: GoSymBlock[];
  /** Referenced symbols of other packages, by "pkg/idx", as the table holds them. */
  foreign: Map<string, LSym>;
}

/** A text symbol: STEXT, or STEXTFIPS (code of the FIPS 140 module, linknamed into the runtime). */
function isText(s: LSym): boolean {
  return s.type === "STEXT" || s.type === "STEXTFIPS";
}

/** Build the view of `r` (the import path `pkg` names `""` references). */
export function goObjView(r: GoObjFile, pkg: string, profile: ToolchainProfile): GoObjView {
  const names = profile.objabi;
  if (names === undefined) throw new Error(`no object tables for ${profile.version}`);
  const n = r.ndef + r.nnonpkgref;
  const syms: LSym[] = [];
  const block: GoSymBlock[] = [];
  const a = r.nsym;
  const b = a + r.nhashed64def;
  const c = b + r.nhasheddef;
  const d = c + r.nnonpkgdef;
  for (let i = 0; i < n; i++) {
    const o = r.sym(i);
    const s = new LSym(o.name, (names.symKindNames[o.type] ?? "Sxxx") as SymKindName);
    if (o.abi === SymABIstatic) s.set("Static", true);
    else s.abi = o.abi === 0 ? "ABI0" : "ABIInternal";
    if ((o.flag & 1) !== 0) s.set("DuplicateOK", true);
    syms.push(s);
    block.push(
      i < a ? "Symdef" : i < b ? "Hashed64def" : i < c ? "Hasheddef" : i < d ? "Nonpkgdef" : "Nonpkgref",
    );
  }
  const pkgs = r.pkglist();
  const refName = new Map(r.refNames().map((x) => [`${x.sym.pkg}/${x.sym.idx}`, x.name]));
  const foreign = new Map<string, LSym>();
  const resolve = (ref: SymRef): LSym | undefined => {
    switch (ref.pkg) {
      case 0:
        return undefined;
      case PkgIdxSelf:
        return syms[ref.idx];
      case PkgIdxHashed64:
        return syms[a + ref.idx];
      case PkgIdxHashed:
        return syms[b + ref.idx];
      case PkgIdxNone:
        return syms[c + ref.idx];
      default: {
        const key = `${ref.pkg}/${ref.idx}`;
        let s = foreign.get(key);
        if (s === undefined) {
          const name =
            ref.pkg === PkgIdxBuiltin
              ? (builtins126[ref.idx]?.[0] ?? `builtin#${ref.idx}`)
              : (refName.get(key) ?? `${pkgs[ref.pkg] ?? `pkg#${ref.pkg}`}#${ref.idx}`);
          s = new LSym(name, "Sxxx");
          foreign.set(key, s);
        }
        return s;
      }
    }
  };
  const auxName = (t: number): string => names.auxNames[t] ?? `aux#${t}`;
  const label = new Map<LSym, string>();
  for (let i = 0; i < r.ndef; i++) {
    const s = syms[i]!;
    const data = r.data(i);
    const o = r.sym(i);
    s.size = isText(s) ? o.siz : data.length;
    if (!isText(s)) s.writeBytes(0, data);
    for (const rel of r.relocs(i)) {
      const t = resolve(rel.sym);
      if (t === undefined) continue;
      const typ = names.relocNames[rel.type & 0x7fff] ?? `R_#${rel.type & 0x7fff}`;
      s.R.push({ off: rel.off, siz: rel.siz, type: typ as RelocTypeName, sym: t, add: rel.add });
    }
    for (const x of r.auxs(i)) {
      const t = resolve(x.sym);
      if (t === undefined) continue;
      const an = auxName(x.type);
      if (isText(s)) {
        s.func ??= { startLine: 0, text: [], autot: new Set() };
        if (an === "DwarfInfo") s.func.dwarfInfoSym = t;
        else if (an === "DwarfLoc") s.func.dwarfLocSym = t;
        else if (an === "DwarfRanges") s.func.dwarfRangesSym = t;
        else if (an === "DwarfLines") s.func.dwarfDebugLinesSym = t;
      } else if (an === "DwarfInfo") s.varInfo = { dwarfInfoSym: t };
      if (t.name !== "" || label.has(t)) continue;
      const suffix = an.startsWith("Dwarf") ? an.slice(5).toLowerCase() : an.toLowerCase();
      label.set(t, `${s.name || `#${i}`}.${isText(s) ? suffix : "var"}`);
    }
  }
  const entries: SymEntry[] = [];
  const indexOf = new Map<LSym, number>();
  const seen = new Set<string>();
  const add = (s: LSym, role: SymRole, lab: string): void => {
    const index = entries.length;
    const unique = seen.has(lab) ? `${lab}#${index}` : lab;
    seen.add(unique);
    indexOf.set(s, index);
    entries.push({ index, sym: s, label: unique, role });
  };
  syms.forEach((s, i) => {
    add(
      s,
      i >= r.ndef ? "undefined" : isText(s) ? "text" : "data",
      label.get(s) ?? (s.name || `anon.${s.type}`),
    );
  });
  for (const s of foreign.values()) add(s, "undefined", s.name);
  const obj: ObjFile = {
    pkgpath: pkg,
    pkgname: "",
    profile,
    dwarfVersion: r.text.experiments.includes("dwarf5") ? 5 : 4,
    text: syms.filter((s, i) => i < r.ndef && isText(s)),
    data: syms.filter((s, i) => i < r.ndef && !isText(s)),
    files: r.files(),
  };
  return { obj, table: { entries, indexOf }, block, foreign };
}
