/**
 * The names in type descriptors (abi.Name: a flags byte, a varint length, the bytes, then
 * optionally a tag and a package's NameOff) and the import path symbols:
 * cmd/compile/internal/reflectdata/reflect.go's dnameData, dname, dimportpath, dgopkgpath,
 * dgopkgpathOff and dnameField, Go 1.26.
 *
 * Name symbols are `type:.namedata.<name>.<tag>` (exported), `type:.namedata.<name>-<tag>`
 * (not exported), with `.embedded` for embedded fields; a name qualified by a package gets a
 * numbered symbol of the local package. Import paths are `type:.importpath.<prefix>.`. All are
 * DUPOK read-only data, content-addressable, referenced by R_ADDROFF (a NameOff) or R_ADDR.
 */
import type { LSym } from "../obj/lsym.js";
import { DUPOK, RODATA } from "../obj/plist.js";
import { Global, SymPtr, SymPtrOff, Uint32, Uintptr } from "../objw/objw.js";
import type { Pkg } from "../types/sym.js";
import type { ReflectState } from "./state.js";

const utf8 = new TextEncoder();

/** encoding/binary.PutUvarint. */
function uvarint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** reflect.go, dnameData: the abi.Name of `name` (and `tag`, `pkg`) at `ot` in `s`; the offset after it. */
export function dnameData(
  r: ReflectState,
  s: LSym,
  ot: number,
  name: string,
  tag: string,
  pkg: Pkg | undefined,
  exported: boolean,
  embedded: boolean,
): number {
  const nb = utf8.encode(name);
  const tb = utf8.encode(tag);
  let bits = 0;
  if (exported) bits |= 1 << 0;
  if (tb.length > 0) bits |= 1 << 1;
  if (pkg !== undefined) bits |= 1 << 2;
  if (embedded) bits |= 1 << 3;
  const b = [bits, ...uvarint(nb.length), ...nb];
  if (tb.length > 0) b.push(...uvarint(tb.length), ...tb);
  ot = s.writeBytes(ot, b);
  if (pkg !== undefined) {
    dgopkgpathOff(r, s, ot, pkg);
    ot += 4;
  }
  return ot;
}

/** reflect.go, dname: the symbol holding the abi.Name of a field, method or type string. */
export function dname(
  r: ReflectState,
  name: string,
  tag: string,
  pkg: Pkg | undefined,
  exported: boolean,
  embedded: boolean,
): LSym {
  let sname = "type:.namedata.";
  if (pkg === undefined) {
    if (name === "") sname += exported ? `-noname-exported.${tag}` : `-noname-unexported.${tag}`;
    else sname += exported ? `${name}.${tag}` : `${name}-${tag}`;
  } else {
    // The local package's Prefix is its path as link names carry it.
    sname = `${sname}${r.localPkg}.${r.dnameCount}`;
    r.dnameCount++;
  }
  if (embedded) sname += ".embedded";
  const s = r.ctxt.Lookup(sname);
  if (s.P.length > 0) return s;
  const ot = dnameData(r, s, 0, name, tag, pkg, exported, embedded);
  Global(r.ctxt, s, ot, DUPOK | RODATA);
  s.set("ContentAddressable", true);
  return s;
}

/** reflect.go, dimportpath: the package's `type:.importpath.<prefix>.` symbol (its Pathsym). */
export function dimportpath(r: ReflectState, p: Pkg): LSym {
  const known = r.pathsym.get(p.path);
  if (known !== undefined) return known;
  const s = r.ctxt.Lookup(`type:.importpath.${p.prefix}.`);
  const ot = dnameData(r, s, 0, p.path, "", undefined, false, false);
  Global(r.ctxt, s, ot, DUPOK | RODATA);
  s.set("ContentAddressable", true);
  r.pathsym.set(p.path, s);
  return s;
}

/** reflect.go, dgopkgpath: an abi.Name (one pointer) at `off` naming the package, or nil. */
export function dgopkgpath(r: ReflectState, s: LSym, off: number, pkg: Pkg | undefined): void {
  if (pkg === undefined) {
    Uintptr(s, off, 0);
    return;
  }
  SymPtr(s, off, dimportpath(r, pkg), 0);
}

/** reflect.go, dgopkgpathOff: a NameOff at `off` naming the package, or 0. */
export function dgopkgpathOff(r: ReflectState, s: LSym, off: number, pkg: Pkg | undefined): void {
  if (pkg === undefined) {
    Uint32(s, off, 0);
    return;
  }
  SymPtrOff(s, off, dimportpath(r, pkg));
}
