/**
 * Loading: the compiler's objects become linker symbols, grouped into libraries and compilation
 * units, with every relocation target resolved. Models what cmd/link does between loadlib and
 * dwarfGenerateDebugInfo as far as DWARF needs it (loader/loader.go: Preload, LoadSyms,
 * preloadSyms' dupok rule, LookupOrCreateSym, CreateExtSym; ld/lib.go's library list; the
 * assignment of Textp to units), Go 1.26.
 *
 * One object is one compilation unit, as Go has one per object file of a package. Objects of the
 * same package form one library (constants go to its first unit); libraries are in the order their
 * first object was given. A textless "runtime" unit is added first when no object is the runtime:
 * the type DIEs go under it. (Go's postorder puts the runtime library first too; having no text,
 * the unit sorts after every unit with text in dwarfGenerateDebugSyms.)
 *
 * What the model adds, because its objects carry less than Go's:
 *  - Every `go:info.<T>` a DWARF symbol refers to gets a `type:<T>` symbol (kind STYPE), standing
 *    for the runtime type descriptor the compiler would have emitted with it. Its contents are not
 *    modelled; the type seam and the layout give it a size.
 *  - Global variables are found through their DIE symbols (the SDWARFVAR symbols in obj.data): the
 *    R_ADDR of DW_AT_location names the variable, whose varInfo names the DIE back. A global's Go
 *    type (SymGoType) is the type its DIE refers to.
 */
import { InfoPrefix } from "../dwarf/context.js";
import type { ObjFile } from "../compiler/gc/compile.js";
import type { IrType } from "../compiler/ir.js";
import type { LSym } from "../compiler/obj/lsym.js";
import type { ToolchainProfile } from "../compiler/profile.js";
import { LinkSym, type LinkSymKind, type PcspRun } from "./sym.js";
import { type CompilationUnit, type Library, newCompilationUnit } from "./unit.js";

/**
 * One object to link: the compiler's ObjFile, whose `types` stand for the type:<name> descriptors
 * of a Go object and whose `files` is its file table.
 */
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
   * The Go types of all objects by name (ObjFile.types merged, the first object's record winning
   * as the first DUPOK `type:<name>` symbol does): what the type DIE generator decodes.
   */
  readonly types = new Map<string, IrType>();
  private readonly named = new Map<string, LinkSym>();
  /**
   * Real objects (goload.ts): global symbols by version (the ABI: 0 for data and ABI0 text, 1 for
   * ABIInternal text), as loader.symsByName. Unset for the model's objects, whose names are unique.
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
      this.syms.push(s);
    }
    return s;
  }

  /** loader.CreateExtSym("", 0) with a kind: an anonymous linker-made symbol. */
  createExtSym(kind: LinkSymKind): LinkSym {
    const s = new LinkSym("", kind);
    this.syms.push(s);
    return s;
  }

  /** Register a symbol defined by an object. */
  define(s: LinkSym): void {
    if (s.name !== "" && !s.static) this.named.set(s.name, s);
    this.syms.push(s);
  }

  /** ctxt.compUnits before sorting: every unit, library by library. */
  units(): CompilationUnit[] {
    return this.libraries.flatMap((l) => l.units);
  }
}

/** Per object: its compiler symbols and the linker symbols they became. */
interface ObjState {
  obj: LinkObject;
  unit: CompilationUnit;
  /** Anonymous and static symbols: object-local. */
  local: Map<LSym, LinkSym>;
  /** Symbols this object defines and whose relocations are to be copied (the winner of a dup). */
  fill: [LSym, LinkSym][];
}

/** Load the objects in order (Preload + LoadSyms + LoadFull), then make the DWARF-implied ones. */
export function load(objs: readonly LinkObject[]): Loader {
  const first = objs[0];
  const profile = first?.profile;
  if (first === undefined || profile === undefined) throw new LinkError("nothing to link");
  for (const o of objs) {
    if (o.dwarfVersion !== first.dwarfVersion)
      throw new LinkError(
        `${o.pkgpath}: compiled for DWARF ${o.dwarfVersion}, ${first.pkgpath} for DWARF ${first.dwarfVersion}`,
      );
    if (o.profile.version !== profile.version)
      throw new LinkError(
        `${o.pkgpath}: compiled by ${o.profile.version}, ${first.pkgpath} by ${profile.version}`,
      );
  }
  const ld = new Loader(profile, first.dwarfVersion);

  // Libraries in order of first appearance; the runtime first when it has no object.
  const libs = new Map<string, Library>();
  if (!objs.some((o) => o.pkgpath === "runtime")) {
    const rt: Library = { pkg: "runtime", units: [] };
    rt.units.push(newCompilationUnit(rt, []));
    libs.set("runtime", rt);
  }
  const states: ObjState[] = [];
  for (const obj of objs) {
    if (obj.pkgpath === "") throw new LinkError("object with an empty package path");
    let lib = libs.get(obj.pkgpath);
    if (lib === undefined) {
      lib = { pkg: obj.pkgpath, units: [] };
      libs.set(obj.pkgpath, lib);
    }
    const unit = newCompilationUnit(lib, obj.files);
    lib.units.push(unit);
    states.push({ obj, unit, local: new Map(), fill: [] });
  }
  ld.libraries.push(...libs.values());

  for (const st of states) defineObject(ld, st);
  for (const o of objs) {
    for (const [name, t] of Object.entries(o.types ?? {})) if (!ld.types.has(name)) ld.types.set(name, t);
  }
  for (const st of states) resolveObject(ld, st);

  // Every go:info.<T> referenced stands for a type whose descriptor type:<T> the compiler emitted.
  for (const s of [...ld.syms]) {
    for (const r of s.R) {
      const n = r.sym.name;
      if (r.sym.type === "Sxxx" && n.startsWith(InfoPrefix))
        ld.lookupOrCreate(`type:${n.slice(InfoPrefix.length)}`, "STYPE");
    }
  }

  ld.textp = ld.units().flatMap((u) => u.textp);
  return ld;
}

/** Pass 1 over one object: define its symbols (dupok: the first definition wins). */
function defineObject(ld: Loader, st: ObjState): void {
  const { obj, unit } = st;
  const define = (s: LSym, kind: LinkSymKind = s.type): LinkSym | undefined => {
    const known = st.local.get(s);
    if (known !== undefined) return known;
    const isStatic = s.has("Static");
    if (s.name !== "" && !isStatic) {
      const prev = ld.lookup(s.name);
      if (prev !== undefined) {
        if (!prev.dupok && !s.has("DuplicateOK"))
          throw new LinkError(
            `duplicated definition of symbol ${s.name}, in ${obj.pkgpath} and ${prev.unit?.lib.pkg}`,
          );
        return undefined;
      }
    }
    const ls = new LinkSym(s.name, kind);
    ls.reachable = true; // the model has no dead code: every symbol it defines is live
    ls.static = isStatic;
    ls.dupok = s.has("DuplicateOK");
    ls.unit = unit;
    if (kind === "STEXT") ls.size = s.size;
    else ls.setData(s.P);
    for (const m of s.marks) ls.marks.push({ off: m.off, who: m.who });
    st.local.set(s, ls);
    st.fill.push([s, ls]);
    ld.define(ls);
    return ls;
  };

  for (const t of obj.text) {
    if (t.type !== "STEXT" || t.func === undefined)
      throw new LinkError(`${obj.pkgpath}: text symbol ${t.name} has no FuncInfo`);
    const ls = define(t);
    if (ls === undefined) continue;
    unit.textp.push(ls);
    const f = t.func;
    for (const aux of [f.dwarfInfoSym, f.dwarfLocSym, f.dwarfRangesSym, f.dwarfDebugLinesSym]) {
      if (aux !== undefined) define(aux);
    }
  }
  for (const d of obj.data) define(d);

  // Globals: the variables the SDWARFVAR symbols describe.
  for (const d of obj.data) {
    if (d.type !== "SDWARFVAR") continue;
    const die = st.local.get(d);
    for (const r of d.R) {
      const v = r.sym;
      if (r.type !== "R_ADDR" || v.varInfo?.dwarfInfoSym !== d) continue;
      const ls = define(v, dataKinds.has(v.type) ? v.type : "SDATA");
      if (ls === undefined) continue;
      ls.varDwarfInfo = die;
      const tref = d.R.find((x) => x.type === "R_DWARFSECREF" && x.sym.name.startsWith(InfoPrefix));
      if (tref !== undefined) ls.goType = tref.sym.name.slice(InfoPrefix.length);
    }
  }
}

/** Pass 2 over one object: copy relocations with resolved targets, and the FuncInfos. */
function resolveObject(ld: Loader, st: ObjState): void {
  const resolve = (s: LSym): LinkSym => {
    const l = st.local.get(s);
    if (l !== undefined) return l;
    if (s.name === "" || s.has("Static")) {
      throw new LinkError(
        `${st.obj.pkgpath}: reference to ${s.name || "an anonymous symbol"} that the object does not define`,
      );
    }
    return ld.lookup(s.name) ?? ld.lookupOrCreate(s.name, s.name.startsWith("type:") ? "STYPE" : "Sxxx");
  };
  for (const [s, ls] of st.fill) {
    for (const r of s.R) ls.R.push({ off: r.off, siz: r.siz, type: r.type, sym: resolve(r.sym), add: r.add });
    const f = s.func;
    if (ls.type === "STEXT" && f !== undefined) {
      const aux = (x: LSym | undefined): LinkSym | undefined => (x === undefined ? undefined : resolve(x));
      ls.func = {
        info: aux(f.dwarfInfoSym),
        loc: aux(f.dwarfLocSym),
        ranges: aux(f.dwarfRangesSym),
        lines: aux(f.dwarfDebugLinesSym),
        pcsp: pcspRuns(s.name, f.pcsp, ls.size),
      };
    }
  }
}

/**
 * The pcsp table as obj.PCIter walks it: runs covering [0, size), each with the SP delta in force.
 * Like the encoded table (funcpctab) it starts at value 0, changes only where the value does, and
 * has no empty runs; a later entry at the same PC replaces an earlier one.
 */
export function pcspRuns(
  name: string,
  pcsp: readonly { pc: number; spdelta: number }[] | undefined,
  size: number,
): PcspRun[] {
  if (size <= 0) return [];
  const pts: { pc: number; v: number }[] = [{ pc: 0, v: 0 }];
  for (const e of pcsp ?? []) {
    if (!Number.isInteger(e.pc) || e.pc < 0) throw new LinkError(`${name}: bad pcsp pc ${e.pc}`);
    if (!Number.isInteger(e.spdelta)) throw new LinkError(`${name}: bad pcsp spdelta ${e.spdelta}`);
    const last = pts[pts.length - 1]!;
    if (e.pc < last.pc) throw new LinkError(`${name}: pcsp entries out of PC order at ${e.pc}`);
    if (e.pc >= size)
      throw new LinkError(`${name}: pcsp entry at ${e.pc} is past the function's size ${size}`);
    if (e.pc === last.pc) last.v = e.spdelta;
    else pts.push({ pc: e.pc, v: e.spdelta });
  }
  const runs: PcspRun[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const prev = runs[runs.length - 1];
    const nextpc = pts[i + 1]?.pc ?? size;
    if (prev !== undefined && prev.value === p.v) prev.nextpc = nextpc;
    else runs.push({ pc: p.pc, nextpc, value: p.v });
  }
  return runs;
}
