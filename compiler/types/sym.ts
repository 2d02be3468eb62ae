/**
 * The symbol of a defined type (types.Type.Sym(): its package and name) read off the type's name,
 * and what the types package says of symbols and packages: IsExported (types/type.go via
 * go/token), objabi.PathToPrefix's inverse (a package's Prefix is what link names carry) and
 * types.Pkg's Name.
 */
import type { IrType } from "../ir.js";
import { LinkString, type Universe } from "./universe.js";

/** types.Pkg, reduced: its import path, its Prefix (as in link names) and its name. */
export interface Pkg {
  path: string;
  prefix: string;
  name: string;
}

/** types.Sym of a defined type; `pkg` undefined for the builtin package (int, error, ...). */
export interface Sym {
  pkg: Pkg | undefined;
  name: string;
}

/** The package of a shape type (types.ShapePkg). */
export const ShapePkgPath = "go.shape";

/** unicode.IsUpper of the first rune: types.IsExported. */
export function IsExported(name: string): boolean {
  return /^\p{Lu}/u.test(name);
}

/** objabi.PathToPrefix undone: "%xx" back to the byte it escapes. */
export function prefixToPath(prefix: string): string {
  return prefix.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The package of a prefix, its name from `names` or the last element of its path. */
export function pkgOf(u: Universe, prefix: string): Pkg {
  const path = prefixToPath(prefix);
  const name = u.pkgNames.get(path) ?? (path === ShapePkgPath ? path : path.slice(path.lastIndexOf("/") + 1));
  return { path, prefix, name };
}

/**
 * t.Sym(): the package and name of a defined type, from its TypeSymName ("main.Point",
 * "internal/abi.Type", "main.Pair[int,string]", "go.shape.int", "unsafe.Pointer", "int");
 * undefined for a type literal.
 */
export function SymOf(u: Universe, name: string, t: IrType): Sym | undefined {
  if (t.named !== true) return undefined;
  const n = LinkString(name);
  if (n.startsWith(`${ShapePkgPath}.`))
    return { pkg: pkgOf(u, ShapePkgPath), name: n.slice(ShapePkgPath.length + 1) };
  const bracket = n.indexOf("[");
  const head = bracket < 0 ? n : n.slice(0, bracket);
  const dot = head.lastIndexOf(".");
  if (dot < 0) return { pkg: undefined, name: n };
  return { pkg: pkgOf(u, n.slice(0, dot)), name: n.slice(dot + 1) };
}

/** t.IsFullyInstantiated(): a defined type with type arguments ("main.Pair[int,string]"). */
export function IsFullyInstantiated(name: string, t: IrType): boolean {
  return t.named === true && !LinkString(name).startsWith(`${ShapePkgPath}.`) && name.includes("[");
}

/** t.HasShape(): the type is, or is built from, a shape type. */
export function HasShape(name: string): boolean {
  return name.includes(`${ShapePkgPath}.`);
}
