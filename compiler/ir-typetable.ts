/**
 * The meaning of IrProgram.types: what a type's name says about it (types.TypeSymName prints
 * LinkString, so "[]T", "*T", "[N]T", "map[K]V" and "chan T" spell their constituents) and what
 * amd64 fixes about sizes. cmd/link's defgotype and newtype (link/internal/ld/dwarf.go) trust the
 * type symbols the compiler wrote; these checks keep a hand-written table as consistent as those.
 */
import { IrError, ptr } from "./ir-error.js";
import type { IrType, IrTypeKind } from "./ir.js";

/** Kinds whose size amd64 fixes (types.PtrSize 8, RegSize 8). */
const FIXED_SIZE: Partial<Record<IrTypeKind, number>> = {
  bool: 1,
  int: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  uintptr: 8,
  float32: 4,
  float64: 8,
  complex64: 8,
  complex128: 16,
  chan: 8,
  func: 8,
  interface: 16,
  map: 8,
  ptr: 8,
  slice: 24,
  string: 16,
  unsafepointer: 8,
};

export const INTEGER_KINDS: readonly IrTypeKind[] = [
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
];

/** The fields beyond kind, size and named that each kind may carry. */
const KIND_FIELDS: Partial<Record<IrTypeKind, readonly (keyof IrType)[]>> = {
  array: ["elem", "len"],
  chan: ["elem", "dir"],
  func: ["params", "results", "variadic"],
  interface: ["methods", "imethods"],
  map: ["key", "elem"],
  ptr: ["elem"],
  slice: ["elem"],
  struct: ["fields"],
};
const ALL_FIELDS: readonly (keyof IrType)[] = [
  "elem",
  "key",
  "len",
  "dir",
  "fields",
  "params",
  "results",
  "variadic",
  "methods",
  "imethods",
];

/** The size amd64 gives every value of this kind, or undefined for arrays and structs. */
export function fixedSize(kind: IrTypeKind): number | undefined {
  return FIXED_SIZE[kind];
}

/**
 * The kind a type literal's name spells ("[]int" is a slice), or undefined for a defined type's
 * name ("main.Point", "int", "go.shape.int"). cmd/compile prefixes "noalg." to literals whose hash
 * and equality functions it suppressed.
 */
export function literalKind(name: string): IrTypeKind | undefined {
  const n = name.startsWith("noalg.") ? name.slice("noalg.".length) : name;
  if (n.startsWith("[]")) return "slice";
  if (/^\[\d+\]/.test(n)) return "array";
  if (n.startsWith("*")) return "ptr";
  if (n.startsWith("map[")) return "map";
  if (n.startsWith("chan ") || n.startsWith("chan<- ") || n.startsWith("<-chan ")) return "chan";
  if (n.startsWith("func(")) return "func";
  // types.fmt spells a map's group struct map.group[K]V (reflectdata.MapGroupType), not struct {...}.
  if (n.startsWith("struct {") || n.startsWith("map.group[")) return "struct";
  if (n.startsWith("interface {")) return "interface";
  return undefined;
}

/** What a literal's name says of its constituents (for slices, pointers, arrays, maps, chans). */
export function literalParts(name: string): Partial<Pick<IrType, "elem" | "key" | "len" | "dir">> {
  const n = name.startsWith("noalg.") ? name.slice("noalg.".length) : name;
  switch (literalKind(name)) {
    case "slice":
      return { elem: n.slice(2) };
    case "ptr":
      return { elem: n.slice(1) };
    case "array": {
      const m = /^\[(\d+)\](.*)$/s.exec(n)!;
      return { len: Number(m[1]), elem: m[2]! };
    }
    case "map": {
      let depth = 1;
      for (let i = 4; i < n.length; i++) {
        if (n[i] === "[") depth++;
        else if (n[i] === "]" && --depth === 0) return { key: n.slice(4, i), elem: n.slice(i + 1) };
      }
      return {};
    }
    case "chan": {
      const [dir, rest] = n.startsWith("chan<- ")
        ? (["send", n.slice(7)] as const)
        : n.startsWith("<-chan ")
          ? (["recv", n.slice(7)] as const)
          : (["both", n.slice(5)] as const);
      // LinkString parenthesizes a receive-only channel element: "chan (<-chan int)".
      const elem = rest.startsWith("(") && rest.endsWith(")") ? rest.slice(1, -1) : rest;
      return { dir, elem };
    }
    default:
      return {};
  }
}

/** The predeclared names whose kind is fixed (byte and rune are printed as uint8 and int32). */
function predeclaredKind(name: string): IrTypeKind | "error" | undefined {
  if (name === "unsafe.Pointer") return "unsafepointer";
  if (name === "error") return "error";
  if ((INTEGER_KINDS as readonly string[]).includes(name)) return name as IrTypeKind;
  if (["bool", "float32", "float64", "complex64", "complex128", "string"].includes(name))
    return name as IrTypeKind;
  return undefined;
}

/** Checks every entry of IrProgram.types (at JSON pointer `path`) for consistency. */
export function checkTypeTable(types: Readonly<Record<string, IrType>>, path: string, file: string): void {
  const fail = (p: string, problem: string): never => {
    throw new IrError(file, p, problem);
  };
  const ref = (name: string, p: string): IrType =>
    types[name] ?? fail(p, `type ${JSON.stringify(name)} is not in the types table`);
  for (const [name, t] of Object.entries(types)) {
    const at = ptr(path, name);
    const allowed = KIND_FIELDS[t.kind] ?? [];
    for (const k of ALL_FIELDS)
      if (t[k] !== undefined && !allowed.includes(k)) fail(ptr(at, k), `a ${t.kind} type has no ${k}`);

    const lit = literalKind(name);
    if (lit !== undefined && lit !== t.kind)
      fail(ptr(at, "kind"), `the name ${JSON.stringify(name)} spells a ${lit}`);
    if ((t.named ?? false) !== (lit === undefined))
      fail(
        ptr(at, "named"),
        lit === undefined
          ? `${JSON.stringify(name)} is a defined type's name: named must be true`
          : `${JSON.stringify(name)} is a type literal: named must be false or absent`,
      );
    const pre = predeclaredKind(name);
    if (pre === "error") {
      if (t.kind !== "interface" || t.methods !== 1) fail(at, "error is an interface with one method");
    } else if (pre !== undefined && pre !== t.kind)
      fail(ptr(at, "kind"), `${name} is predeclared with kind ${pre}`);
    const parts = literalParts(name);
    const says = (k: string, v: unknown): never =>
      fail(ptr(at, k), `the name ${JSON.stringify(name)} says ${k} is ${JSON.stringify(v)}`);
    // The name is LinkString; a constituent's key is its TypeSymName, which may add "noalg."
    // (a closure pointer's struct: "noalg.*struct { F uintptr; X0 *int }" -> "noalg.struct { ... }").
    const spells = (got: string | undefined, want: string): boolean =>
      got === want || got === `noalg.${want}`;
    if (parts.elem !== undefined && !spells(t.elem, parts.elem)) says("elem", parts.elem);
    if (parts.key !== undefined && !spells(t.key, parts.key)) says("key", parts.key);
    if (parts.len !== undefined && t.len !== parts.len) says("len", parts.len);
    if (parts.dir !== undefined && (t.dir ?? "both") !== parts.dir) says("dir", parts.dir);

    const want = fixedSize(t.kind);
    if (want !== undefined && t.size !== want) fail(ptr(at, "size"), `a ${t.kind} is ${want} bytes on amd64`);
    if (t.elem !== undefined) ref(t.elem, ptr(at, "elem"));
    if (t.key !== undefined) ref(t.key, ptr(at, "key"));
    if (t.kind === "array" && t.elem !== undefined && t.len !== undefined) {
      const e = ref(t.elem, ptr(at, "elem"));
      if (t.size !== t.len * e.size)
        fail(ptr(at, "size"), `${t.len} elements of ${e.size} bytes make ${t.len * e.size}`);
    }
    for (const [i, p] of (t.params ?? []).entries()) ref(p, ptr(ptr(at, "params"), i));
    for (const [i, r] of (t.results ?? []).entries()) ref(r, ptr(ptr(at, "results"), i));
    if (t.variadic === true) {
      const last = t.params?.[t.params.length - 1];
      if (last === undefined || ref(last, ptr(at, "params")).kind !== "slice")
        fail(ptr(at, "variadic"), "a variadic func's last parameter is a slice");
    }
    checkFields(t, at, ref, fail);
    checkImethods(t, at, ref, fail);
  }
}

/** An interface's imethods: as many as `methods`, func signatures, in types.CompareSyms order. */
function checkImethods(
  t: IrType,
  at: string,
  ref: (name: string, p: string) => IrType,
  fail: (p: string, problem: string) => never,
): void {
  if (t.imethods === undefined) return;
  const p = ptr(at, "imethods");
  if (t.imethods.length !== (t.methods ?? 0))
    fail(p, `${t.imethods.length} imethods for an interface of ${t.methods ?? 0} methods`);
  let prev: { exported: boolean; name: string; pkg: string } | undefined;
  t.imethods.forEach((m, i) => {
    const q = ptr(p, i);
    if (ref(m.type, ptr(q, "type")).kind !== "func") fail(ptr(q, "type"), "a method's type is a func type");
    const cur = { exported: /^\p{Lu}/u.test(m.name), name: m.name, pkg: m.pkg ?? "" };
    if (cur.exported && m.pkg !== undefined) fail(ptr(q, "pkg"), "an exported method has no package");
    if (prev !== undefined && compareSyms(prev, cur) >= 0)
      fail(q, `method ${m.name} is out of order (exported first, then by name)`);
    prev = cur;
  });
}

/** types.CompareSyms for method names: exported first, then by name, then by package path. */
function compareSyms(
  a: { exported: boolean; name: string; pkg: string },
  b: { exported: boolean; name: string; pkg: string },
): number {
  if (a.exported !== b.exported) return a.exported ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.pkg < b.pkg ? -1 : a.pkg > b.pkg ? 1 : 0;
}

function checkFields(
  t: IrType,
  at: string,
  ref: (name: string, p: string) => IrType,
  fail: (p: string, problem: string) => never,
): void {
  const names = new Set<string>();
  let end = 0;
  t.fields?.forEach((f, i) => {
    const p = ptr(ptr(at, "fields"), i);
    const ft = ref(f.type, ptr(p, "type"));
    if (f.name !== "_" && names.has(f.name)) fail(ptr(p, "name"), `duplicate field ${f.name}`);
    names.add(f.name);
    if (f.offset < end)
      fail(ptr(p, "offset"), `offset ${f.offset} overlaps the previous field (ends at ${end})`);
    end = f.offset + ft.size;
    if (end > t.size) fail(ptr(p, "offset"), `the field ends at ${end}, past the struct's size ${t.size}`);
  });
}
