/**
 * Lifting Go types back out of a real Go binary, for runtime-types.ts and the tests that hold the
 * type DIE generator (types.ts) against real output. Pure: bytes in, records out.
 *
 * Every type DIE cmd/link wrote (the children of the runtime unit with the abbrevs NULLTYPE to
 * TYPEDECL) becomes an IrType record: the facts cmd/link decoded from the type descriptor when it
 * made the DIE. A TYPEDECL stands for the DIE it refers to. Kind and size come from DW_AT_go_kind
 * and DW_AT_byte_size, constituents from the names of the DIEs the type refers to (elements, keys,
 * params and results, fields with their offsets and embedded flags), array lengths from the
 * subrange. Where the DIE does not tell, the type descriptor does: the one at .rodata +
 * DW_AT_go_runtime_type (runtime.types starts .rodata in a Go 1.26 ELF) gives an interface's
 * method count and a channel's direction; kind and size are checked against it too. A type without
 * a runtime type (unreachable in that link) has no descriptor to read: an interface's method count
 * is then known only as zero (DW_AT_type runtime.eface) or not (runtime.iface, recorded as 1), and
 * a channel's direction is read off its name ("both" for a named channel type).
 */
import { literalKind, literalParts } from "../ir-typetable.js";
import type { IrStructField, IrType, IrTypeKind } from "../ir.js";
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT } from "../../dwarf/constants.js";
import { readInfo } from "../../dwarf/read/info.js";
import { attrNumber, attrString, type Die, findAttr } from "../../dwarf/read/model.js";
import { dwarfSections, readElf } from "../../elf/index.js";
import { gdbTypes, prototypeTypes } from "../../linker/dwarf/types.js";
import { basicTypes } from "../reflectdata/reflect.js";
import { predeclared } from "../types/universe.js";
import { irKind as abiKind } from "../types/kind.js";

const kindByAbi = new Map<number, IrTypeKind>(Object.entries(abiKind).map(([k, v]) => [v, k as IrTypeKind]));

/** The names of the synthesized types (not Go types): map<K,V>, *hchan<T>, **table<K,V>, ... */
const synthesized = /^\**(groupReference|table|map|sudog|waitq|hchan)</;

export class TypeLiftError extends Error {
  override readonly name = "TypeLiftError";
}

/** What a binary's type DIEs say. */
export interface LiftedTypes {
  /** "go1.26.8", from the producer of the first unit ("Go cmd/compile go1.26.8; ..."). */
  goVersion: string | undefined;
  /** A record for every Go type with a DIE, by name. */
  types: Map<string, IrType>;
  /** The types whose DIE has a runtime type: reachable in that link. */
  reachable: Set<string>;
  /** Pointer types whose DIE has no kind: defptrto made them with no type symbol in reach. */
  kindless: Set<string>;
  /** The type DIEs by name: the definition, and its TYPEDECL when it has one. */
  dies: Map<string, { def: Die; typedef: Die | undefined }>;
  /** Every DIE of .debug_info by offset. */
  byOffset: Map<number, Die>;
  /** The type DIEs in output order (children of the runtime unit). */
  order: Die[];
}

/** Read a little-endian unsigned integer of `n` bytes. */
function uint(b: Uint8Array, off: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[off + i] ?? 0);
  return v;
}

/**
 * Lift the type records out of a Go ELF binary (amd64). `descriptors: false` reads the DIEs alone,
 * as if no type had a runtime type (for a binary whose descriptors are not Go's layout).
 */
export function liftTypes(
  bytes: Uint8Array,
  file = "binary",
  opts: { descriptors?: boolean } = {},
): LiftedTypes {
  const elf = readElf(bytes, file);
  const units = readInfo(dwarfSections(elf));
  const rodataSec = opts.descriptors === false ? undefined : elf.section(".rodata");
  const rodata = rodataSec === undefined ? undefined : elf.sectionData(rodataSec);

  const byOffset = new Map<number, Die>();
  const index = (d: Die): void => {
    byOffset.set(d.offset, d);
    for (const c of d.children) index(c);
  };
  for (const u of units) if (u.root !== undefined) index(u.root);

  let goVersion: string | undefined;
  const producer = units[0]?.root === undefined ? undefined : attrString(units[0].root, DW_AT.producer);
  const m = producer === undefined ? null : /^Go cmd\/compile (\S+?)(;|$)/.exec(producer);
  if (m !== null) goVersion = m[1];

  const order: Die[] = [];
  const defs = new Map<string, Die>();
  const typedefs = new Map<string, Die>();
  for (const u of units) {
    for (const c of u.root?.children ?? []) {
      if (c.code < DW_ABRV.NULLTYPE || c.code > DW_ABRV.TYPEDECL) continue;
      order.push(c);
      const name = attrString(c, DW_AT.name);
      if (name === undefined) continue;
      if (c.code === DW_ABRV.TYPEDECL) typedefs.set(name, c);
      else if (!defs.has(name)) defs.set(name, c);
    }
  }
  const dies = new Map<string, { def: Die; typedef: Die | undefined }>();
  for (const [name, def] of defs) dies.set(name, { def, typedef: undefined });
  for (const [name, td] of typedefs) {
    const to = attrNumber(td, DW_AT.type);
    const def = to === undefined ? undefined : byOffset.get(to);
    if (def === undefined) throw new TypeLiftError(`${file}: typedef ${name} refers to no DIE`);
    dies.set(name, { def, typedef: td });
  }

  const refName = (d: Die, at: number, what: string): string => {
    const off = attrNumber(d, at);
    const to = off === undefined ? undefined : byOffset.get(off);
    const n = to === undefined ? undefined : attrString(to, DW_AT.name);
    if (n === undefined)
      throw new TypeLiftError(`${file}: ${attrString(d, DW_AT.name) ?? "?"}: ${what} refers to no named DIE`);
    return n;
  };
  /** The type descriptor of a DIE with a runtime type, as a view of .rodata. */
  const descriptor = (d: Die): Uint8Array | undefined => {
    const rt = findAttr(d, DW_AT.go_runtime_type)?.value;
    if (rt === undefined || rt.kind !== "address" || rt.value === 0n || rodata === undefined)
      return undefined;
    return rodata.subarray(Number(rt.value));
  };

  const types = new Map<string, IrType>();
  const reachable = new Set<string>();
  const kindless = new Set<string>();
  for (const [name, { def }] of dies) {
    if (synthesized.test(name) || def.code === DW_ABRV.NULLTYPE) continue;
    const desc = descriptor(def);
    if (desc !== undefined) reachable.add(name);
    const goKind = attrNumber(def, DW_AT.go_kind) ?? 0;
    let kind = def.code === DW_ABRV.BARE_PTRTYPE ? "unsafepointer" : kindByAbi.get(goKind);
    // A pointer defptrto made without a type symbol in reach: no kind in the DIE.
    if (kind === undefined && def.code === DW_ABRV.PTRTYPE && name.startsWith("*")) {
      kind = "ptr";
      kindless.add(name);
    }
    if (kind === undefined) throw new TypeLiftError(`${file}: type ${name}: unknown kind ${goKind}`);
    const size = attrNumber(def, DW_AT.byte_size) ?? fixedSizes[kind];
    if (size === undefined) throw new TypeLiftError(`${file}: type ${name}: no size`);
    if (desc !== undefined) {
      const dk = desc[2 * 8 + 7];
      const ds = uint(desc, 0, 8);
      if (kind !== "unsafepointer" && dk !== abiKind[kind])
        throw new TypeLiftError(`${file}: type ${name}: DWARF kind ${kind}, descriptor kind ${dk}`);
      if (ds !== size)
        throw new TypeLiftError(`${file}: type ${name}: DWARF size ${size}, descriptor size ${ds}`);
    }
    const t: IrType = { kind, size };
    // A map's group struct has no Sym either, though its name spells no literal.
    if (literalKind(name) === undefined && !name.startsWith("noalg.map.group[")) t.named = true;
    const children = (code: number): Die[] => def.children.filter((c) => c.code === code);
    switch (kind) {
      case "array": {
        t.elem = refName(def, DW_AT.type, "element");
        const r = children(DW_ABRV.ARRAYRANGE)[0];
        t.len = r === undefined ? 0 : (attrNumber(r, DW_AT.count) ?? 0);
        break;
      }
      case "chan": {
        t.elem = refName(def, DW_AT.go_elem, "element");
        const dir = desc === undefined ? (literalParts(name).dir ?? "both") : chanDir(uint(desc, 56, 8));
        if (dir !== "both") t.dir = dir;
        break;
      }
      case "func": {
        t.params = children(DW_ABRV.FUNCTYPEPARAM).map((c) => refName(c, DW_AT.type, "param"));
        t.results = children(DW_ABRV.FUNCTYPEOUTPARAM).map((c) => refName(c, DW_AT.type, "result"));
        if (children(DW_ABRV.DOTDOTDOT).length > 0) t.variadic = true;
        if (t.params.length === 0) delete t.params;
        if (t.results.length === 0) delete t.results;
        break;
      }
      case "interface":
        t.methods =
          desc !== undefined
            ? uint(desc, 64, 8)
            : refName(def, DW_AT.type, "runtime type") === "runtime.eface"
              ? 0
              : 1;
        break;
      case "map":
        t.key = refName(def, DW_AT.go_key, "key");
        t.elem = refName(def, DW_AT.go_elem, "element");
        break;
      case "ptr":
        t.elem = refName(def, DW_AT.type, "element");
        break;
      case "slice":
        t.elem = refName(def, DW_AT.go_elem, "element");
        break;
      case "struct":
        t.fields = children(DW_ABRV.STRUCTFIELD).map((c): IrStructField => {
          const f: IrStructField = {
            name: attrString(c, DW_AT.name) ?? "",
            type: refName(c, DW_AT.type, "field"),
            offset: attrNumber(c, DW_AT.data_member_location) ?? 0,
          };
          if (attrNumber(c, DW_AT.go_embedded_field) === 1) f.embedded = true;
          return f;
        });
        break;
      default:
        break;
    }
    types.set(name, t);
  }
  return { goVersion, types, reachable, kindless, dies, byOffset, order };
}

/** Sizes the DIEs of these kinds do not carry (CHANTYPE, IFACETYPE, MAPTYPE, PTRTYPE abbrevs). */
const fixedSizes: Partial<Record<IrTypeKind, number>> = {
  chan: 8,
  interface: 16,
  map: 8,
  ptr: 8,
  unsafepointer: 8,
  string: 16,
  slice: 24,
};

/** internal/abi.ChanDir: RecvDir 1, SendDir 2, BothDir 3. */
function chanDir(v: number): "both" | "send" | "recv" {
  return v === 1 ? "recv" : v === 2 ? "send" : "both";
}

/**
 * The types reflectdata.WriteBasicTypes writes when it compiles package runtime: the predeclared
 * basic types, string, unsafe.Pointer, any and error, a pointer, a slice and a pointer to a slice
 * of each, and func(error) string with its pointer.
 */
export function basicTypeNames(): string[] {
  const out = [...basicTypes];
  for (const b of basicTypes) out.push(`*${b}`, `[]${b}`, `*[]${b}`);
  out.push("func(error) string", "*func(error) string");
  return out;
}

/** The roots of the runtime's table: what the linker's prelude and synthesizers look up. */
export function runtimeTypeRoots(): string[] {
  return [...basicTypeNames(), "runtime.eface", "runtime.iface", ...prototypeTypes, ...gdbTypes];
}

/** The records a type refers to. */
export function constituents(t: IrType): string[] {
  const out: string[] = [];
  if (t.elem !== undefined) out.push(t.elem);
  if (t.key !== undefined) out.push(t.key);
  for (const f of t.fields ?? []) out.push(f.type);
  out.push(...(t.params ?? []), ...(t.results ?? []));
  return out;
}

/**
 * A record a binary may lack a DIE for (no one referred to it): the predeclared types, pointers
 * and slices by their name, and func(error) string.
 */
function fromName(name: string): IrType | undefined {
  // The predeclared types as a DIE shows them (no interface method names).
  if (Object.hasOwn(predeclared, name) && name !== "func() string") {
    const { imethods: _, ...t } = predeclared[name]!;
    return t;
  }
  const kind = literalKind(name);
  if (kind === "ptr") return { kind, size: 8, elem: name.slice(1) };
  if (kind === "slice") return { kind, size: 24, elem: name.slice(2) };
  if (name === "func(error) string") return { kind: "func", size: 8, params: ["error"], results: ["string"] };
  return undefined;
}

/**
 * The records of `roots` and of every type they refer to, transitively, from `types` (or made from
 * the name where `types` has none), sorted by name.
 */
export function typeClosure(
  types: ReadonlyMap<string, IrType>,
  roots: readonly string[],
): Map<string, IrType> {
  const out = new Map<string, IrType>();
  const todo = [...roots];
  for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
    if (out.has(n)) continue;
    const t = types.get(n) ?? fromName(n);
    if (t === undefined) throw new TypeLiftError(`no record of type ${n}`);
    out.set(n, t);
    todo.push(...constituents(t));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The runtime's table: typeClosure of the roots, plus every pointer to one of its types that the
 * binary's runtime unit defined as a type (not as defptrto's kindless pointer): the runtime's code
 * refers to those, so a real link has their DIEs before the synthesizers run (defptrto then finds
 * them, for the `array` member of a slice, say).
 */
export function runtimeTable(lifted: LiftedTypes, roots: readonly string[]): Map<string, IrType> {
  let all = [...roots];
  for (;;) {
    const table = typeClosure(lifted.types, all);
    const extra = [...lifted.types.keys()].filter(
      (n) => n.startsWith("*") && !lifted.kindless.has(n) && table.has(n.slice(1)) && !table.has(n),
    );
    if (extra.length === 0) return table;
    all = [...all, ...extra];
  }
}

/** One record as a TypeScript object literal, keys in IrType's order. */
function renderType(t: IrType): string {
  const parts: string[] = [`kind: ${JSON.stringify(t.kind)}`, `size: ${t.size}`];
  if (t.named === true) parts.push("named: true");
  if (t.elem !== undefined) parts.push(`elem: ${JSON.stringify(t.elem)}`);
  if (t.key !== undefined) parts.push(`key: ${JSON.stringify(t.key)}`);
  if (t.len !== undefined) parts.push(`len: ${t.len}`);
  if (t.dir !== undefined) parts.push(`dir: ${JSON.stringify(t.dir)}`);
  if (t.fields !== undefined) {
    const fs = t.fields.map((f) => {
      const e = f.embedded === true ? ", embedded: true" : "";
      return `{ name: ${JSON.stringify(f.name)}, type: ${JSON.stringify(f.type)}, offset: ${f.offset}${e} }`;
    });
    parts.push(`fields: [${fs.join(", ")}]`);
  }
  if (t.params !== undefined) parts.push(`params: ${JSON.stringify(t.params)}`);
  if (t.results !== undefined) parts.push(`results: ${JSON.stringify(t.results)}`);
  if (t.variadic === true) parts.push("variadic: true");
  if (t.methods !== undefined) parts.push(`methods: ${t.methods}`);
  return `{ ${parts.join(", ")} }`;
}

/**
 * The names of `types` that have a DIE in the lifted binary, in the order the binary's runtime unit
 * holds them (a TYPEDECL and its definition count at the first of the two).
 */
export function definitionOrder(lifted: LiftedTypes, types: ReadonlyMap<string, IrType>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of lifted.order) {
    const n = attrString(d, DW_AT.name);
    if (n === undefined || seen.has(n) || !types.has(n)) continue;
    seen.add(n);
    out.push(n);
  }
  return out;
}

export interface RenderOptions {
  /** The Go version the binary was built with ("go1.26.8"). */
  goVersion: string;
  /** How the binary was built, for the header. */
  command: string;
  /** The types the reference binary has no runtime type for. */
  unreachable: readonly string[];
  /** The types the reference binary has DIEs for, in its order (definitionOrder). */
  defined: readonly string[];
}

/** The source text of runtime-types.ts (unformatted; the script runs Biome on it). */
export function renderRuntimeTypes(types: ReadonlyMap<string, IrType>, opts: RenderOptions): string {
  const lines = [
    "/**",
    " * GENERATED by scripts/gen-runtime-types.ts; do not edit. Regenerate with",
    " * `npx tsx scripts/gen-runtime-types.ts` (compiler/runtime/runtime-types.test.ts checks for drift).",
    " *",
    ` * The Go types of package runtime (and the packages it builds on) that cmd/link's type DIE code`,
    " * needs, for linux/amd64: what the linker's prelude and synthesizers look up (runtime.eface,",
    " * runtime.iface, the prototypes runtime.stringStructDWARF, runtime.slice, runtime.sudog,",
    " * runtime.waitq, runtime.hchan, internal/runtime/maps.{Map,table,groupsReference}, the",
    " * internal/abi types forced for gdb), the types reflectdata.WriteBasicTypes writes into the",
    " * runtime's object (the basic types, string, unsafe.Pointer, any, error; a pointer, a slice and a",
    " * pointer to a slice of each; func(error) string and its pointer), and everything those refer to.",
    " *",
    ` * Made from a real ${opts.goVersion} linux/amd64 binary,`,
    ` * ${opts.command};`,
    " * then compiler/runtime/lift-types.ts's liftTypes read every type DIE of its runtime unit",
    " * (interface method counts and channel directions from the type descriptors in .rodata), and",
    " * typeClosure kept the roots above and what they refer to. Pointer and slice types the binary",
    " * has no DIE for, and func(error) string, are made from their names.",
    " */",
    'import type { IrType } from "../ir.js";',
    "",
    "/** The Go release the table was lifted from. */",
    `export const runtimeTypesGoVersion = ${JSON.stringify(opts.goVersion)};`,
    "",
    "/** Types of the table that the reference binary had no runtime type for (unreachable there). */",
    `export const runtimeTypesUnreachable: ReadonlySet<string> = new Set(${JSON.stringify(opts.unreachable)});`,
    "",
    "/**",
    " * The types the reference binary's runtime unit has DIEs for, in its order: what the runtime's",
    " * own code made cmd/link define (and the prelude and the synthesizers). A link without the",
    " * runtime's objects defines these in this order where the runtime's units would (types.ts).",
    " */",
    `export const runtimeTypesDefined: readonly string[] = ${JSON.stringify(opts.defined)};`,
    "",
    "/** The records, by types.TypeSymName. */",
    "export const runtimeTypes: Readonly<Record<string, IrType>> = {",
  ];
  for (const [name, t] of types) lines.push(`  ${JSON.stringify(name)}: ${renderType(t)},`);
  lines.push("};", "");
  return lines.join("\n");
}
