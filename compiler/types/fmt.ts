/**
 * Type strings (cmd/compile/internal/types/fmt.go, tconv and fldconv): NameString, what a type
 * descriptor's Str spells, and TypeHash over LinkString.
 *
 * The IR names types by TypeSymName, which is LinkString (fmtTypeID: packages by Prefix,
 * unexported field names qualified, tags kept). NameString (fmtTypeIDName) qualifies defined
 * types and unexported interface methods by package name ("abi.Type" for internal/abi.Type),
 * leaves field names bare and drops function-scope suffixes; it is built here from the records.
 * Where a record lacks the parts (an interface without imethods, a type argument list) the
 * LinkString is used with each package path put as its name. Struct tags are not in the IR.
 */
import { createHash } from "node:crypto";
import type { IrType } from "../ir.js";
import { IsExported, pkgOf, SymOf } from "./sym.js";
import { LinkString, type Universe } from "./universe.js";

/** A package prefix, "/" inside, followed by "." and an identifier ("internal/abi." in "*internal/abi.Type"). */
const qualified = /((?:[\w.~%+-]+\/)+[\w.~%+-]+?)\.(?=[\p{L}_])/gu;

/** A LinkString with each package path put as the package's name. */
function namesForPaths(u: Universe, s: string): string {
  return s.replace(qualified, (_, prefix: string) => `${pkgOf(u, prefix).name}.`);
}

/** types.SplitVargenSuffix's base: "T" of "T·2". */
function trimVargen(name: string): string {
  const m = /·\d+$/.exec(name);
  return m === null ? name : name.slice(0, m.index);
}

/** fmt.go, NameString (tconv with fmtTypeIDName). */
export function NameString(u: Universe, name: string, depth = 0): string {
  const t = u.lookup(name);
  if (t === undefined || depth > 100) return namesForPaths(u, LinkString(name));
  const sym = SymOf(u, name, t);
  if (sym !== undefined) {
    const n = namesForPaths(u, trimVargen(sym.name));
    return sym.pkg === undefined ? n : `${sym.pkg.name}.${n}`;
  }
  const ns = (n: string): string => NameString(u, n, depth + 1);
  switch (t.kind) {
    case "ptr":
      return `*${ns(t.elem ?? "")}`;
    case "slice":
      return `[]${ns(t.elem ?? "")}`;
    case "array":
      return `[${t.len ?? 0}]${ns(t.elem ?? "")}`;
    case "chan":
      return chanString(u, t, ns);
    case "map": {
      if (name.startsWith("noalg.map.group[")) return namesForPaths(u, LinkString(name));
      return `map[${ns(t.key ?? "")}]${ns(t.elem ?? "")}`;
    }
    case "func":
      return `func${signature(t, ns)}`;
    case "interface":
      return interfaceString(u, t, name, ns);
    case "struct": {
      if (name.startsWith("noalg.map.group[")) return namesForPaths(u, LinkString(name));
      const fields = (t.fields ?? []).map((f) =>
        f.embedded === true ? ns(f.type) : `${f.name} ${ns(f.type)}`,
      );
      return fields.length === 0 ? "struct {}" : `struct { ${fields.join("; ")} }`;
    }
    default:
      return name;
  }
}

function chanString(u: Universe, t: IrType, ns: (n: string) => string): string {
  const elem = t.elem ?? "";
  switch (t.dir ?? "both") {
    case "recv":
      return `<-chan ${ns(elem)}`;
    case "send":
      return `chan<- ${ns(elem)}`;
    default: {
      const e = u.lookup(elem);
      const paren = e?.kind === "chan" && e.named !== true && e.dir === "recv";
      return paren ? `chan (${ns(elem)})` : `chan ${ns(elem)}`;
    }
  }
}

/** A func type's "(params) results" (formatParams, fldconv 'S': no names). */
function signature(t: IrType, ns: (n: string) => string): string {
  const params = (t.params ?? []).map((p, i, all) => {
    if (t.variadic === true && i === all.length - 1) return `...${ns(sliceElem(p))}`;
    return ns(p);
  });
  const results = (t.results ?? []).map(ns);
  let s = `(${params.join(", ")})`;
  if (results.length === 1) s += ` ${results[0]}`;
  else if (results.length > 1) s += ` (${results.join(", ")})`;
  return s;
}

/** The elem of a slice type's name ("[]int" -> "int"). */
function sliceElem(name: string): string {
  return name.startsWith("[]") ? name.slice(2) : name;
}

function interfaceString(u: Universe, t: IrType, name: string, ns: (n: string) => string): string {
  const n = t.imethods?.length ?? t.methods ?? 0;
  if (n === 0) return "interface {}";
  if (t.imethods === undefined) return namesForPaths(u, LinkString(name));
  const ms = t.imethods.map((m) => {
    const sig = u.lookup(m.type);
    const s = sig === undefined ? namesForPaths(u, m.type).replace(/^func/, "") : signature(sig, ns);
    if (IsExported(m.name)) return `${m.name}${s}`;
    const pkg = pkgOf(u, m.pkg ?? u.localPkg);
    return `${pkg.name}.${m.name}${s}`;
  });
  return `interface { ${ms.join("; ")} }`;
}

/**
 * fmt.go, TypeHash: the first four bytes (little-endian) of cmd/internal/hash.Sum32 of the
 * LinkString, a SHA-256 whose first byte is flipped.
 */
export function TypeHash(name: string): number {
  const h = createHash("sha256").update(LinkString(name)).digest();
  h[0] = h[0]! ^ 0xff;
  return h.readUInt32LE(0);
}
