/**
 * What package reflectdata keeps while one package is compiled (cmd/compile/internal/reflectdata,
 * Go 1.26): the Siggen mark of each type symbol written, each package's Pathsym, dnameCount,
 * signatset and the local package (types.LocalPkg), over the compiler's Ctxt and the program's
 * types.
 */
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import type { Universe } from "../types/universe.js";

export interface ReflectOptions {
  /**
   * NeedEmit: whether this compilation writes the descriptor of a type (by name) or only refers
   * to it. Default: reflectdata.NeedEmit for the local package. A stand-in object for packages
   * the model does not compile passes its own choice.
   */
  needEmit?: (name: string) => boolean;
  /**
   * Also write, as DUPOK copies, the descriptors NeedEmit leaves to another package (but the
   * runtime's basic types, which the runtime, or the model's stand-in for it, always writes). The
   * model compiles one package at a time and never the packages a program imports, so without
   * copies a link would have no descriptor to decode for their types.
   */
  standIns?: boolean;
}

export class ReflectState {
  /** types.Sym.Siggen of each type symbol, by type name: writeType has begun it. */
  readonly siggen = new Set<string>();
  /** types.Pkg.Pathsym, by package path: the `type:.importpath.<prefix>.` symbol. */
  readonly pathsym = new Map<string, LSym>();
  /** dnameCount: names qualified by a package get numbered symbols. */
  dnameCount = 0;
  /** signatset and signatslice: the types NeedRuntimeType asked for, and those not yet written. */
  readonly signatset = new Set<string>();
  readonly signatslice: string[] = [];

  constructor(
    readonly ctxt: Link,
    readonly u: Universe,
    readonly opts: ReflectOptions = {},
  ) {}

  /** types.LocalPkg's path: Ctxt.Pkgpath. */
  get localPkg(): string {
    return this.ctxt.pkgpath;
  }
}
