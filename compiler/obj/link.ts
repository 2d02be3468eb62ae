/**
 * The compiler's link context: the fields of cmd/internal/obj's Link (link.go) that DWARF
 * generation reads, and the symbol table of sym.go (Lookup, LookupInit, LookupDerived,
 * LookupStatic), Go 1.26.
 */
import type { BuildCfg, InlCalls, Scope } from "../../dwarf/context.js";
import type { ToolchainProfile } from "../profile.js";
import { ARCHES, type Arch } from "./arch.js";
import type { DwarfFixupTable } from "./fixups.js";
import { LSym } from "./lsym.js";

/** obj.Func: the compiler's function, opaque to obj (an IR function here). */
export type Func = unknown;

/** Link.DebugInfo: dwarfgen.Info, giving a function's scopes and inlined calls. */
export type DebugInfoHook = (
  ctxt: Link,
  fnsym: LSym,
  infosym: LSym,
  curfn: Func,
) => {
  scopes: Scope[];
  inlcalls: InlCalls;
};

export interface LinkOptions {
  pkgpath: string;
  profile: ToolchainProfile;
  dwarf5: boolean;
  /** Ctxt.UseBASEntries: true on every GOOS but darwin. */
  useBASEntries: boolean;
  /** Ctxt.Flag_locationlists: -dwarflocationlists and -dwarf. */
  flagLocationlists: boolean;
  /** Ctxt.Flag_optimize: -N was not given. */
  flagOptimize: boolean;
  /** Record which writer wrote each byte (for objdump --explain). Free when off. */
  provenance?: boolean;
  /** Ctxt.Arch (amd64 unless given). */
  arch?: Arch;
}

/** A compile error: what Go's ctxt.Diag reports and base.Fatalf stops on. */
export class CompileError extends Error {
  override readonly name = "CompileError";
}

/** obj.Link, reduced to what the DWARF model uses. */
export class Link {
  readonly pkgpath: string;
  readonly profile: ToolchainProfile;
  readonly buildcfg: BuildCfg;
  readonly ptrSize = 8;
  readonly arch: Arch;
  readonly useBASEntries: boolean;
  flagLocationlists: boolean;
  readonly flagOptimize: boolean;
  readonly provenance: boolean;
  /** Functions prepared for compilation (prepareFunc increments it); sizes addrx relocations. */
  dwTextCount = 0;
  /** Ctxt.Data: data symbols to write, DWARF symbols included, in the order they were made. */
  readonly data: LSym[] = [];
  /** Ctxt.Text: text symbols in the order they were compiled. */
  readonly text: LSym[] = [];
  DwFixups: DwarfFixupTable | undefined;
  DebugInfo: DebugInfoHook | undefined;
  GenAbstractFunc: ((fn: LSym) => void) | undefined;
  InParallel = false;
  /** Ctxt.hash: ABI0 symbols, which every data symbol is (Lookup). */
  private readonly hash = new Map<string, LSym>();
  /** Ctxt.funchash: ABIInternal functions (LookupABI), apart from the ABI0 symbol of the same name. */
  private readonly funchash = new Map<string, LSym>();
  private readonly statichash = new Map<string, LSym>();

  constructor(o: LinkOptions) {
    this.pkgpath = o.pkgpath;
    this.profile = o.profile;
    this.buildcfg = { dwarf5: o.dwarf5 };
    this.useBASEntries = o.useBASEntries;
    this.flagLocationlists = o.flagLocationlists;
    this.flagOptimize = o.flagOptimize;
    this.provenance = o.provenance === true;
    this.arch = o.arch ?? ARCHES.amd64;
  }

  /** sym.go, Lookup. */
  Lookup(name: string): LSym {
    return this.LookupInit(name, undefined);
  }

  /** sym.go, LookupInit: `init` runs once, when the symbol is first made. */
  LookupInit(name: string, init: ((s: LSym) => void) | undefined): LSym {
    let s = this.hash.get(name);
    if (s === undefined) {
      s = new LSym(name);
      this.hash.set(name, s);
      init?.(s);
    }
    return s;
  }

  /**
   * sym.go, LookupABI / LookupABIInit: ABI0 symbols live in Ctxt.hash, ABIInternal functions in
   * Ctxt.funchash, so an ABI0 wrapper and the ABIInternal function it calls, which share a name
   * (ssagen.makeABIWrapper), are two symbols, as ir.Name.LinksymABI makes them.
   */
  LookupABI(name: string, abi: "ABIInternal" | "ABI0", init?: (s: LSym) => void): LSym {
    if (abi === "ABI0") return this.LookupInit(name, init);
    let s = this.funchash.get(name);
    if (s === undefined) {
      s = new LSym(name);
      s.abi = "ABIInternal";
      this.funchash.set(name, s);
      init?.(s);
    }
    return s;
  }

  /** Every named (non-static) ABI0 symbol made so far (Ctxt.hash), in the order it was made. */
  symbols(): IterableIterator<LSym> {
    return this.hash.values();
  }

  /** sym.go, LookupStatic. */
  LookupStatic(name: string): LSym {
    let s = this.statichash.get(name);
    if (s === undefined) {
      s = new LSym(name);
      s.set("Static", true);
      this.statichash.set(name, s);
    }
    return s;
  }

  /** sym.go, LookupDerived: a symbol derived from `s` is static when `s` is. */
  LookupDerived(s: LSym, name: string): LSym {
    return s.has("Static") ? this.LookupStatic(name) : this.Lookup(name);
  }

  /** link.go, Diag: Go prints and fails the build later; the model stops at once. */
  Diag(msg: string): never {
    throw new CompileError(msg);
  }
}
