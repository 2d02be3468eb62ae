/**
 * The compiler's types, as far as the program IR declares them: cmd/compile/internal/types'
 * Type values, each named by types.TypeSymName (the key of IrProgram.types) and described by its
 * IrType record, plus the types the compiler makes on the way (NewPtr, NewSlice, the map group
 * types of reflectdata.MapGroupType), which the IR need not list. Go interns types; here a type is
 * its name, and two types are identical when their names are.
 */
import type { IrType } from "../ir.js";
import { CompileError } from "../obj/link.js";

/** The prefix TypeSymName gives types that have a part marked Noalg (types.TypeHasNoAlg). */
export const noalgPrefix = "noalg.";

/**
 * The predeclared types (types.Types, types.ErrorType, types.AnyType as "interface {}"), which
 * the compiler knows whether or not the IR lists them: amd64 sizes, error with its method.
 */
export const predeclared: Readonly<Record<string, IrType>> = {
  bool: { kind: "bool", size: 1, named: true },
  int: { kind: "int", size: 8, named: true },
  int8: { kind: "int8", size: 1, named: true },
  int16: { kind: "int16", size: 2, named: true },
  int32: { kind: "int32", size: 4, named: true },
  int64: { kind: "int64", size: 8, named: true },
  uint: { kind: "uint", size: 8, named: true },
  uint8: { kind: "uint8", size: 1, named: true },
  uint16: { kind: "uint16", size: 2, named: true },
  uint32: { kind: "uint32", size: 4, named: true },
  uint64: { kind: "uint64", size: 8, named: true },
  uintptr: { kind: "uintptr", size: 8, named: true },
  float32: { kind: "float32", size: 4, named: true },
  float64: { kind: "float64", size: 8, named: true },
  complex64: { kind: "complex64", size: 8, named: true },
  complex128: { kind: "complex128", size: 16, named: true },
  string: { kind: "string", size: 16, named: true },
  "unsafe.Pointer": { kind: "unsafepointer", size: 8, named: true },
  "interface {}": { kind: "interface", size: 16, methods: 0 },
  error: {
    kind: "interface",
    size: 16,
    named: true,
    methods: 1,
    imethods: [{ name: "Error", type: "func() string" }],
  },
  "func() string": { kind: "func", size: 8, params: [], results: ["string"] },
};

export interface UniverseOptions {
  /** types.LocalPkg's path (Ctxt.Pkgpath), as type names spell it. */
  localPkg: string;
  /** Package path (as in type names) to package name, for NameString; default: the last element. */
  pkgNames?: ReadonlyMap<string, string>;
}

/** A program's types: the IR's records, the predeclared ones and the ones derived from them. */
export class Universe {
  private readonly derived = new Map<string, IrType>();
  readonly localPkg: string;
  readonly pkgNames: ReadonlyMap<string, string>;

  constructor(
    /** IrProgram.types. */
    private readonly declared: Readonly<Record<string, IrType>>,
    opts: UniverseOptions,
  ) {
    this.localPkg = opts.localPkg;
    this.pkgNames = opts.pkgNames ?? new Map();
  }

  /** The record of a type, or undefined when neither the IR nor a derivation has it. */
  lookup(name: string): IrType | undefined {
    if (Object.hasOwn(this.declared, name)) return this.declared[name];
    return this.derived.get(name) ?? (Object.hasOwn(predeclared, name) ? predeclared[name] : undefined);
  }

  /** The record of a type that must exist. */
  get(name: string): IrType {
    const t = this.lookup(name);
    if (t === undefined) throw new CompileError(`type ${JSON.stringify(name)} is not in the program's types`);
    return t;
  }

  /** Every declared type's name, in the IR's order. */
  declaredNames(): string[] {
    return Object.keys(this.declared);
  }

  /** Record a type the compiler made (MapGroupType's structs and arrays). */
  define(name: string, t: IrType): string {
    if (this.lookup(name) === undefined) this.derived.set(name, t);
    return name;
  }

  /**
   * types.NewPtr: the pointer type to `elem`. A pointer to a type marked Noalg is marked too, so
   * its name keeps the prefix ("noalg.*map.group[K]V").
   */
  NewPtr(elem: string): string {
    const name = elem.startsWith(noalgPrefix)
      ? `${noalgPrefix}*${elem.slice(noalgPrefix.length)}`
      : `*${elem}`;
    return this.define(name, { kind: "ptr", size: 8, elem });
  }

  /** types.NewSlice: the slice type of `elem` (a slice is never Noalg itself). */
  NewSlice(elem: string): string {
    return this.define(`[]${LinkString(elem)}`, { kind: "slice", size: 24, elem });
  }

  /**
   * t.IsPtrElem(): some pointer type to `name` exists (Go: NewPtr was called on it). The IR lists
   * the pointer types the program names; a defined type counts as having one, as
   * WriteRuntimeTypes makes *T of every defined T it writes and the frontend takes the address
   * of its values long before.
   */
  IsPtrElem(name: string): boolean {
    const p = name.startsWith(noalgPrefix) ? `${noalgPrefix}*${name.slice(noalgPrefix.length)}` : `*${name}`;
    return this.lookup(p) !== undefined || this.lookup(name)?.named === true;
  }
}

/** types.LinkString: the TypeSymName without the Noalg prefix. */
export function LinkString(name: string): string {
  return name.startsWith(noalgPrefix) ? name.slice(noalgPrefix.length) : name;
}
