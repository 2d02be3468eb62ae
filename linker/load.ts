/**
 * The loader's state, shared by every load path: the symbols of a link by name and version, its
 * libraries and compilation units, Textp (loader/loader.go's Loader, ld/lib.go's library list),
 * Go 1.26. Real objects are loaded into it by goload.ts (loadGoObjects); the compiler model's
 * objects are written as real object files and go the same way (modelload.ts).
 */
import type { ObjFile } from "../compiler/gc/compile.js";
import { CompileError } from "../compiler/obj/link.js";
import { pcspRunsOf } from "../compiler/obj/pcln.js";
import type { ToolchainProfile } from "../compiler/profile.js";
import { LinkSym, type LinkSymKind, type PcspRun } from "./sym.js";
import type { CompilationUnit, Library } from "./unit.js";

/** One object to link: the compiler model's ObjFile, written as a Go object file by modelload.ts. */
export type LinkObject = ObjFile;

/** A link error: what Go's linker reports with Errorf / Exitf / log.Fatalf. */
export class LinkError extends Error {
  override readonly name = "LinkError";
}

const dataKinds: ReadonlySet<LinkSymKind> = new Set(["SRODATA", "SNOPTRDATA", "SDATA", "SBSS", "SNOPTRBSS"]);

/** Whether a symbol kind is one the data layout places (sym.SymKind IsDATA and friends). */
export function isDataKind(k: LinkSymKind): boolean {
  return dataKinds.has(k) || k === "STYPE";
}

/** The loader: every symbol of the link, by name and in index order. */
export class Loader {
  /** Symbols in loader index order: each object's definitions in load order, then linker-made ones. */
  readonly syms: LinkSym[] = [];
  /** ctxt.Library, in link order. */
  readonly libraries: Library[] = [];
  /** ctxt.Textp: every text symbol in address order. */
  textp: LinkSym[] = [];
  /**
   * The type names a link without the runtime's code defines right after the prelude, in this
   * order, where the runtime's units would have made cmd/link define them (set for the model's
   * runtime stand-in by modelload.ts; real links have the runtime's units).
   */
  standInTypes: readonly string[] | undefined;
  private readonly named = new Map<string, LinkSym>();
  /**
   * Global symbols by version (the ABI: 0 for data and ABI0 text, 1 for ABIInternal text), as
   * loader.symsByName; set by loadlib (goload.ts). Unset in loaders a test builds by hand, which
   * look names up in one table.
   */
  byVersion: Map<string, LinkSym>[] | undefined;

  constructor(
    readonly profile: ToolchainProfile,
    readonly dwarfVersion: 4 | 5,
  ) {}

  /** loader.Lookup: the symbol of that name and version, defined or only referenced; undefined if none. */
  lookup(name: string, ver = 0): LinkSym | undefined {
    if (this.byVersion !== undefined) return this.byVersion[ver]?.get(name);
    return this.named.get(name);
  }

  /** loader.LookupOrCreateSym. */
  lookupOrCreate(name: string, kind: LinkSymKind = "Sxxx", ver = 0): LinkSym {
    let s = this.lookup(name, ver);
    if (s === undefined) {
      s = new LinkSym(name, kind);
      s.ver = ver;
      if (this.byVersion !== undefined) {
        this.byVersion[ver] ??= new Map();
        this.byVersion[ver]!.set(name, s);
      } else this.named.set(name, s);
      s.index = this.syms.push(s) - 1;
    }
    return s;
  }

  /** loader.CreateExtSym("", 0) with a kind: an anonymous linker-made symbol. */
  createExtSym(kind: LinkSymKind): LinkSym {
    const s = new LinkSym("", kind);
    s.index = this.syms.push(s) - 1;
    return s;
  }

  /** Register a symbol defined by an object. */
  define(s: LinkSym): void {
    // With byVersion set (loadlib), lookups go there and `named` is never read.
    if (s.name !== "" && !s.static && this.byVersion === undefined) this.named.set(s.name, s);
    s.index = this.syms.push(s) - 1;
  }

  /** ctxt.compUnits before sorting: every unit, library by library. */
  units(): CompilationUnit[] {
    return this.libraries.flatMap((l) => l.units);
  }
}

/**
 * The pcsp table as obj.PCIter walks it: runs covering [0, size), each with the SP delta in force.
 * Like the encoded table (funcpctab) it starts at value 0, changes only where the value does, and
 * has no empty runs; a later entry at the same PC replaces an earlier one (compiler/obj/pcln.ts).
 */
export function pcspRuns(
  name: string,
  pcsp: readonly { pc: number; spdelta: number }[] | undefined,
  size: number,
): PcspRun[] {
  try {
    return pcspRunsOf(name, pcsp, size);
  } catch (e) {
    throw e instanceof CompileError ? new LinkError(e.message) : e;
  }
}
