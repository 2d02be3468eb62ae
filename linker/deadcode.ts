/**
 * cmd/link's dead code elimination (cmd/link/internal/ld/deadcode.go, Go 1.26), for an executable
 * linked internally, not against shared libraries and not dynamically linking Go: which symbols
 * the link keeps.
 *
 * A flood fill from the roots (the entry symbol, runtime.unreachableMethod, cgo's dynamic exports,
 * the package init schedule `go:main.inittasks`) along relocations and aux symbols (never the
 * Gotype aux); a host object's symbol also reaches its section and the section's other symbols
 * (their outer and sub links). Methods
 * are the exception: a type's methods hang off its descriptor by triples of R_METHODOFF
 * relocations, which the flood does not follow. A method is kept when it is called directly, when
 * a reached interface call site (R_USEIFACEMETHOD) or a constant MethodByName (R_USENAMEDMETHOD)
 * asks for its signature or name, or, once a function flagged ReflectMethod is reached, when it is
 * exported; and only for types converted to interfaces (UsedInIface, spread by R_USEIFACE and from
 * such a type to the types it refers to). The fill and the method matching alternate until no new
 * work appears. Last, weak calls from package init functions to map initializers nobody reached
 * are pointed at runtime.mapinitnoop (-pruneweakmap, on by default).
 *
 * The work queue is Go's min-heap by loader index (ld.syms order): the set reached does not depend
 * on the order, but the order is Go's. The result is `reachable` on every LinkSym kept.
 */
import { SymFlag, SymFlag2 } from "../goobj/objfile.js";
import {
  decodeGenericIfaceMethod,
  decodeIfaceMethod,
  decodeItabType,
  decodetypeMethods,
  type methodsig,
} from "./dwarf/decodesym.js";
import { LinkError, type Loader } from "./load.js";
import type { SubSyms } from "./subsym.js";
import { type LinkReloc, type LinkSym, SymVerABIInternal } from "./sym.js";

/** sys.Arch.PtrSize of linux/amd64 (and arm64). */
const ptrSize = 8;

export interface DeadcodeOptions {
  /** *flagEntrySymbol; libinit's default for buildmode exe on linux/amd64. */
  entry?: string;
  /** ctxt.mainInittasks, as inittasks (inittask.ts) returned it. */
  mainInittasks?: LinkSym | undefined;
  /** -pruneweakmap (default true). */
  pruneWeakMap?: boolean;
  /** ctxt.dynexp: the dynamic exports (cgo_export_dynamic), roots too (cgo.ts). */
  dynexp?: readonly LinkSym[];
  /** The host objects' sections and their interior symbols (subsym.ts). */
  subs?: SubSyms;
}

/** What the pass kept. */
export interface DeadcodeSummary {
  /** Symbols marked reachable (all of them, linker-made included). */
  reachable: number;
  /** Of those, the text symbols (STEXT, STEXTFIPS). */
  text: number;
}

/** methodref: the R_METHODOFF triple at index `r` of `src`'s relocations (mtyp, ifn, tfn), and its signature. */
interface methodref {
  m: methodsig;
  src: LinkSym;
  r: number;
}

/** objabi.RelocType.IsDirectCall. */
const directCalls: ReadonlySet<LinkReloc["type"]> = new Set<LinkReloc["type"]>([
  "R_CALL",
  "R_CALLARM",
  "R_CALLARM64",
  "R_CALLLOONG64",
  "R_CALLMIPS",
  "R_CALLPOWER",
  "R_RISCV_CALL",
  "R_RISCV_JAL",
  "R_RISCV_JAL_TRAMP",
]);

/** objabi.RelocType.IsDirectCall. */
export function isDirectCall(t: LinkReloc["type"]): boolean {
  return directCalls.has(t);
}

/** sym.SymKind.IsText. */
function isText(s: LinkSym): boolean {
  return s.type === "STEXT" || s.type === "STEXTFIPS";
}

/** methodref.isExported: the name starts with an upper-case letter (unicode.IsUpper). */
function isExported(m: methodref): boolean {
  const c = m.m.name.codePointAt(0);
  if (c === undefined) throw new LinkError("methodref has no signature");
  return /\p{Lu}/u.test(String.fromCodePoint(c));
}

/** deadcode.go, heap: a min-heap of symbols by loader index. */
class SymHeap {
  private readonly h: LinkSym[] = [];

  constructor(private readonly idx: (s: LinkSym) => number) {}

  push(s: LinkSym): void {
    const { h, idx } = this;
    h.push(s);
    let n = h.length - 1;
    const k = idx(s);
    while (n > 0) {
      const p = (n - 1) >> 1;
      if (idx(h[p]!) <= k) break;
      h[n] = h[p]!;
      n = p;
    }
    h[n] = s;
  }

  pop(): LinkSym {
    const { h, idx } = this;
    const r = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return r;
    const k = idx(last);
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && idx(h[c + 1]!) < idx(h[c]!)) c++;
      if (k <= idx(h[c]!)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return r;
  }

  empty(): boolean {
    return this.h.length === 0;
  }
}

/** deadcode.go, deadcodePass. */
class DeadcodePass {
  readonly wq: SymHeap;
  /** ifaceMethod: signatures called from reached interface call sites, by name then type. */
  readonly ifaceMethod = new Map<string, Set<LinkSym | undefined>>();
  /** genericIfaceMethod: names called from reached generic interface call sites. */
  readonly genericIfaceMethod = new Set<string>();
  markableMethods: methodref[] = [];
  reflectSeen = false;
  readonly dynlink = false;
  readonly pkginits: LinkSym[] = [];
  mapinitnoop: LinkSym | undefined;
  subs: SubSyms | undefined;

  constructor(readonly ld: Loader) {
    // A symbol not in the loader (made by hand) sorts after every loader symbol, in the order
    // first met, as a new loader index would.
    const extra = new Map<LinkSym, number>();
    this.wq = new SymHeap((s) => {
      if (s.index >= 0) return s.index;
      let i = extra.get(s);
      if (i === undefined) {
        i = ld.syms.length + 2 ** 30 + extra.size;
        extra.set(s, i);
      }
      return i;
    });
  }

  /** deadcodePass.init for buildmode exe, not linkshared. */
  init(opts: DeadcodeOptions): void {
    const { ld } = this;
    const names = [opts.entry ?? "_rt0_amd64_linux", "runtime.unreachableMethod"];
    for (const name of names) {
      this.mark(ld.lookup(name, 0));
      this.mark(ld.lookup(name, SymVerABIInternal));
    }
    // All dynamic exports are roots (no wasm exports on linux).
    for (const s of opts.dynexp ?? []) this.mark(s);
    this.subs = opts.subs;
    this.mapinitnoop = ld.lookup("runtime.mapinitnoop", SymVerABIInternal);
    if (this.mapinitnoop === undefined) throw new LinkError("could not look up runtime.mapinitnoop");
    if (opts.mainInittasks !== undefined) this.mark(opts.mainInittasks);
  }

  /** deadcodePass.mark (parents are for -dumpdep and fieldtrack, not modelled). */
  mark(s: LinkSym | undefined): void {
    if (s !== undefined && !s.reachable) {
      this.wq.push(s);
      s.reachable = true;
    }
  }

  /** Unset Reachable and mark again: the symbol is visited a second time, now UsedInIface. */
  private remarkUsedInIface(rs: LinkSym): void {
    if (!rs.usedInIface) {
      rs.usedInIface = true;
      if (rs.reachable) {
        rs.reachable = false;
        this.mark(rs);
      }
    }
  }

  /** deadcodePass.flood. */
  flood(): void {
    while (!this.wq.empty()) {
      const s = this.wq.pop();
      this.reflectSeen ||= (s.flag & SymFlag.ReflectMethod) !== 0;
      const isgotype = (s.flag & SymFlag.GoType) !== 0;
      const relocs = s.R;
      let usedInIface = false;
      if (isgotype) {
        if (this.dynlink) s.usedInIface = true;
        usedInIface = s.usedInIface;
      }
      const methods: methodref[] = [];
      for (let i = 0; i < relocs.length; i++) {
        const r = relocs[i]!;
        // Weak: only linkshared itabs and plugin-capable direct calls turn strong; neither here.
        if (r.weak) continue;
        switch (r.type) {
          case "R_METHODOFF":
            if (i + 2 >= relocs.length) throw new LinkError("expect three consecutive R_METHODOFF relocs");
            if (usedInIface) {
              methods.push({ m: { name: "", typ: undefined }, src: s, r: i });
              // The method's type descriptor reaches further types (reflect's Method(i).Type).
              this.remarkUsedInIface(r.sym);
            }
            i += 2;
            continue;
          case "R_USETYPE":
            // For DWARF only; type symbols are loaded anyway.
            continue;
          case "R_USEIFACE": {
            let rs: LinkSym | undefined = r.sym;
            // At an itab it means the itab's Type field.
            if ((rs.flag2 & SymFlag2.Itab) !== 0) rs = decodeItabType(ptrSize, rs);
            if (rs === undefined || (rs.flag & SymFlag.GoType) === 0)
              throw new LinkError(
                `R_USEIFACE in ${s.name} references ${rs?.name ?? "nothing"} which is not a type or itab`,
              );
            this.remarkUsedInIface(rs);
            continue;
          }
          case "R_USEIFACEMETHOD": {
            const m = decodeIfaceMethod(ptrSize, r.sym, r.add);
            const typs = this.ifaceMethod.get(m.name);
            if (typs === undefined) this.ifaceMethod.set(m.name, new Set([m.typ]));
            else typs.add(m.typ);
            continue;
          }
          case "R_USENAMEDMETHOD":
            // The named symbol itself is not needed in the binary.
            this.genericIfaceMethod.add(decodeGenericIfaceMethod(r.sym));
            continue;
          case "R_INITORDER":
            // inittasks has run: the order lives in the schedules now.
            continue;
          default:
            break;
        }
        const rs = r.sym;
        if (isgotype && usedInIface && (rs.flag & SymFlag.GoType) !== 0 && !rs.usedInIface) {
          // A child type of a type in an interface can be reached by reflection: visit it
          // (again) as UsedInIface. A type is visited at most twice.
          rs.usedInIface = true;
          rs.reachable = false;
        }
        this.mark(rs);
      }
      for (const a of s.aux) {
        // A reachable symbol does not need its type descriptor.
        if (a.type === "Gotype") continue;
        this.mark(a.sym);
      }
      if (s.aux.length !== 0 && (s.flag2 & SymFlag2.PkgInit) !== 0) this.pkginits.push(s);
      // A host object's symbol pulls in its section and the section's other symbols.
      if (this.subs !== undefined) {
        this.mark(this.subs.OuterSym(s));
        this.mark(this.subs.SubSym(s));
      }
      if (methods.length !== 0) {
        if (!isgotype) throw new LinkError("method found on non-type symbol");
        const methodsigs = decodetypeMethods(ptrSize, s);
        if (methods.length !== methodsigs.length)
          throw new LinkError(
            `${JSON.stringify(s.name)} has ${methods.length} method relocations for ${methodsigs.length} methods`,
          );
        methodsigs.forEach((m, i) => {
          methods[i]!.m = m;
        });
        this.markableMethods.push(...methods);
      }
    }
  }

  /** deadcodePass.markMethod: the method's type, its interface-call and its direct-call code. */
  markMethod(m: methodref): void {
    const R = m.src.R;
    this.mark(R[m.r]!.sym);
    this.mark(R[m.r + 1]!.sym);
    this.mark(R[m.r + 2]!.sym);
  }

  /** Whether a reached interface call site asks for this signature. */
  ifaceWants(m: methodsig): boolean {
    return this.ifaceMethod.get(m.name)?.has(m.typ) ?? false;
  }

  /** deadcodePass.mapinitcleanup: weak calls to unreached map.init functions go to runtime.mapinitnoop. */
  mapinitcleanup(): void {
    const noop = this.mapinitnoop!;
    for (const s of this.pkginits) {
      for (const r of s.R) {
        if (!r.weak || !isDirectCall(r.type) || r.sym.reachable) continue;
        if (!r.sym.name.includes("map.init"))
          throw new LinkError(
            `internal error: expected map.init sym for weak call reloc, got ${s.name} -> ${r.sym.name}`,
          );
        noop.reachable = true;
        // MakeSymbolUpdater: the symbol becomes an external (linker-owned) copy.
        s.external = true;
        r.sym = noop;
      }
    }
  }
}

/**
 * deadcode.go, deadcode: mark every symbol the executable keeps (`reachable`), and UsedInIface
 * where the pass finds a type converted to an interface. Run inittasks (inittask.ts) first and
 * pass its result as `mainInittasks`. Text symbols reached are what AssignTextSymbolOrder (linksetup)
 * puts in ctxt.Textp.
 */
export function deadcode(ld: Loader, opts: DeadcodeOptions = {}): DeadcodeSummary {
  const libs = new Set(ld.libraries.map((l) => l.pkg));
  // ctxt.canUsePlugins makes the link dynamically linking Go (DynlinkingGo): not modelled.
  if (libs.has("plugin") && libs.has("runtime/cgo"))
    throw new LinkError("a program that can load plugins links dynamically: not modelled");
  const d = new DeadcodePass(ld);
  d.init(opts);
  d.flood();
  for (;;) {
    // Methods that may satisfy a reached interface: old ones are checked again, since new
    // interfaces may have been reached in the last flood.
    const rem: methodref[] = [];
    for (const m of d.markableMethods) {
      if (
        (d.reflectSeen && (isExported(m) || d.dynlink)) ||
        d.ifaceWants(m.m) ||
        d.genericIfaceMethod.has(m.m.name)
      )
        d.markMethod(m);
      else rem.push(m);
    }
    d.markableMethods = rem;
    if (d.wq.empty()) break;
    d.flood();
  }
  if (opts.pruneWeakMap ?? true) d.mapinitcleanup();

  let reachable = 0;
  let text = 0;
  for (const s of ld.syms) {
    if (!s.reachable) continue;
    reachable++;
    if (isText(s)) text++;
  }
  return { reachable, text };
}
