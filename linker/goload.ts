/**
 * Loading the real compiler's object files, as cmd/link does (Go 1.26): ld/lib.go's loadlib
 * (libraries in the order their imports are met, one compilation unit per object member,
 * postorder), and loader/loader.go's Preload, LoadSyms (preloadSyms with addSym's duplicate
 * rules, loadObjRefs), resolve and AssignTextSymbolOrder. The symbols become the same LinkSyms the
 * model's own objects load into (linker/load.ts), so every later phase runs on either.
 *
 * Symbol order mirrors the loader's global index: every object's package definitions first, then
 * per object its hashed64, hashed and non-package definitions, then the references; then what
 * cgo's directives and the host objects add (hostobj.ts), then loadfips's symbols.
 */
import { FormatError } from "../dwarf/errors.js";
import { type ArMember, isArchive, readArchive } from "../goobj/archive.js";
import { builtins126 } from "../goobj/builtin.js";
import {
  decodeFuncInfo,
  GoObjFile,
  isGoObject,
  PkgIdxBuiltin,
  PkgIdxHashed,
  PkgIdxHashed64,
  PkgIdxNone,
  PkgIdxSelf,
  SymABIstatic,
  SymFlag,
  SymFlag2,
  type SymRef,
} from "../goobj/objfile.js";
import type { ObjAuxName, ObjRelocName, ToolchainProfile } from "../compiler/profile.js";
import { profileForGoVersion } from "../compiler/profile.js";
import { PathToPrefix } from "../goobj/prefix.js";
import { cgoDirectivesOf } from "./cgo.js";
import { HostState, ldhostobj, loadableMember, loadhost } from "./hostobj.js";
import { LinkError, Loader, pcspRuns } from "./load.js";
import { isElfObject } from "./loadelf.js";
import { decodePcvalue } from "./pcvalue.js";
import { loadfips } from "./fips140.js";
import { LinkSym, type LinkSymKind, type SymLoader } from "./sym.js";
import { type CompilationUnit, type Library, newCompilationUnit } from "./unit.js";

/** One package archive of the link. */
export interface GoArchive {
  /** The import path ("main" for the main package). */
  pkg: string;
  /** Where it came from, for messages. */
  file: string;
  bytes: Uint8Array;
}

/** What loading skipped or noticed, for the user (never silent). */
export interface LoadNote {
  file: string;
  note: string;
}

/** A Library of real objects: ld's sym.Library with its imports (Autolib, resolved). */
export interface GoLibrary extends Library {
  file: string;
  imports: GoLibrary[];
  /** Autolib as read, in order. */
  autolib: string[];
}

/** One loaded object (loader.oReader). */
export interface OReader {
  r: GoObjFile;
  unit: CompilationUnit;
  lib: GoLibrary;
  where: string;
  /** Local index → global symbol (definitions, then non-package references). */
  syms: LinkSym[];
  /** PkgIdx → the object defining that package (filled by loadObjRefs). */
  pkg: (OReader | undefined)[];
  /** File-local symbols referenced by name (LookupOrCreateSym at the object's version). */
  statics?: Map<string, LinkSym>;
}

export interface GoLoaded {
  ld: Loader;
  /** The objects in load order (loader.objs). */
  objs: readonly OReader[];
  /** Each symbol's winning definition (loader.objSyms). */
  defs: ReadonlyMap<LinkSym, Def>;
  /** ctxt.Library after postorder (dependencies first). */
  libraries: GoLibrary[];
  notes: LoadNote[];
  /** The object header's settings of the main package (version, experiments...). */
  goVersion: string;
  experiments: string[];
  /**
   * ctxt.Textp before AssignTextSymbolOrder: the host objects' text (ldelf), then loadfips's
   * markers.
   */
  extText: LinkSym[];
  /** The cgo directives, the host objects and the link mode (hostobj.ts). */
  host: HostState;
  /** loader.resolve: a reference of object `o` to its global symbol (undefined for the nil one). */
  resolve(o: OReader, ref: SymRef): LinkSym | undefined;
}

/** Where a symbol's definition comes from (loader.objSym). */
export interface Def {
  o: OReader;
  li: number;
}

/** A symbol's winning definition, which reads the symbol's contents when first asked (fillBody). */
class ObjDef implements Def, SymLoader {
  constructor(
    readonly st: LoadState,
    readonly o: OReader,
    readonly li: number,
  ) {}

  load(s: LinkSym): void {
    fillBody(this.st, s, this);
  }
}

/**
 * Load a program's archives: `main` first, then what the objects import, found by `archiveOf`
 * (an importcfg's packagefile map); with cgo, the directives and (linking internally) the host
 * objects. `linkmode` is the linker's -linkmode ("" or undefined: auto). Throws LinkError /
 * FormatError naming the file.
 */
export function loadGoObjects(
  main: GoArchive,
  archiveOf: (pkg: string) => GoArchive | undefined,
  opts: { linkmode?: string } = {},
): GoLoaded {
  return loadlib([{ ...main, pkg: "main" }], archiveOf, { fips: true, linkmode: opts.linkmode ?? "" });
}

/**
 * ld.loadlib: the `roots` (the packages named on the command line, in order), what their objects
 * import, then the runtime, loaded and resolved. With `fips`, the end of loadlib (loadfips) too.
 * loadGoObjects is the real link's call; linker/modelload.ts makes the model's.
 */
export function loadlib(
  roots: readonly GoArchive[],
  archiveOf: (pkg: string) => GoArchive | undefined,
  opts: { fips: boolean; linkmode?: string },
): GoLoaded {
  const notes: LoadNote[] = [];
  const host = new HostState();
  const linkmode = opts.linkmode ?? "";
  const libs: GoLibrary[] = [];
  const byPkg = new Map<string, GoLibrary>();
  const objs: OReader[] = [];
  const inputs = new Map<GoLibrary, GoArchive>();
  const addlib = (a: GoArchive): GoLibrary => {
    let l = byPkg.get(a.pkg);
    if (l === undefined) {
      l = { pkg: a.pkg, units: [], file: a.file, imports: [], autolib: [] };
      byPkg.set(a.pkg, l);
      libs.push(l);
      inputs.set(l, a);
    }
    return l;
  };
  const need = (pkg: string, from: GoLibrary): GoArchive => {
    const a = archiveOf(pkg);
    if (a === undefined)
      throw new LinkError(`${from.file}: cannot find package ${pkg} (imported by ${from.pkg})`);
    return a;
  };
  for (const r of roots) addlib(r);
  let profile: ToolchainProfile | undefined;
  let first: GoObjFile | undefined;
  // loadlib: ctxt.Library grows while it is walked; then the runtime if nobody imported it.
  for (let i = 0; i <= libs.length; i++) {
    if (i === libs.length) {
      if (byPkg.has("runtime")) break;
      addlib(need("runtime", libs[0]!));
    }
    const lib = libs[i]!;
    const a = inputs.get(lib)!;
    for (const m of members(a, host, linkmode !== "")) {
      if (!isGoObject(m.data)) {
        // ldobj: a unit for every member; a host object waits for hostobjs.
        lib.units.push(newCompilationUnit(lib, []));
        const elf = isElfObject(m.data);
        const pn = `${a.file}(${m.name})`;
        if (!elf)
          notes.push({ file: pn, note: "neither a Go object nor ELF: only an external link can use it" });
        ldhostobj(host, { pkg: lib.pkg, prefix: PathToPrefix(lib.pkg), pn, data: m.data, elf });
        continue;
      }
      let r: GoObjFile;
      try {
        r = new GoObjFile(m.data, `${m.name}`);
      } catch (e) {
        throw e instanceof FormatError ? e.inFile(a.file) : e;
      }
      const p = profileForGoVersion(r.text.goVersion);
      if (p?.objabi === undefined)
        throw new FormatError(
          m.name,
          0,
          `object of ${r.text.goVersion || "an unknown Go version"}; godwarf reads Go 1.26 objects`,
        ).inFile(a.file);
      if (profile === undefined) {
        profile = p;
        first = r;
      } else if (r.text.goVersion !== first!.text.goVersion || r.text.goarch !== first!.text.goarch)
        throw new FormatError(
          m.name,
          0,
          `object of ${r.text.goVersion} ${r.text.goos}/${r.text.goarch}, the main package's is ${first!.text.goVersion} ${first!.text.goos}/${first!.text.goarch}`,
        ).inFile(a.file);
      const unit = newCompilationUnit(lib, r.files());
      lib.units.push(unit);
      const o: OReader = { r, unit, lib, where: `${a.file}(${m.name})`, syms: [], pkg: [] };
      objs.push(o);
      // ldpkg: the cgo directives in the object's header.
      const directives = cgoDirectivesOf(m.data.subarray(0, r.start), o.where);
      if (directives !== undefined)
        host.cgodata.push({ file: o.where, pkg: PathToPrefix(lib.pkg), directives });
      for (const imp of r.autolib()) lib.autolib.push(imp.pkg);
    }
    // addImports: each imported package becomes a library (once), in Autolib order.
    for (const pkg of lib.autolib) {
      const dep = byPkg.get(pkg) ?? addlib(need(pkg, lib));
      lib.imports.push(dep);
    }
  }
  if (profile === undefined || first === undefined)
    throw new LinkError(`${roots[0]?.file ?? "link"}: no Go object to link`);
  const dwarfVersion = first.text.experiments.includes("dwarf5") ? 5 : 4;
  const ld = new Loader(profile, dwarfVersion);
  ld.libraries.push(...postorder(libs));

  const st: LoadState = {
    ld,
    p: profile,
    defs: new Map(),
    builtins: new Array(builtins126.length),
    sizeFixups: new Map(),
  };
  loadSyms(st, objs);
  // Each symbol's header now; its contents when a phase first asks for them (deadcode reaches
  // about half of them), as the loader reads objects lazily.
  for (const [s, d] of st.defs) {
    fillHeader(st, s, d);
    s.loadLater(d);
  }
  // loadcgodirectives, hostobjs: MakeSymbolUpdater makes an object's symbol the linker's own.
  loadhost(host, ld, linkmode, byPkg.has("runtime/cgo"), (s) => {
    if (st.defs.has(s)) s.external = true;
    return s;
  });
  // The end of loadlib: the FIPS markers, in Textp after the host objects' text.
  const extText = [...host.textp, ...(opts.fips ? loadfips(ld) : [])];
  return {
    ld,
    objs,
    defs: st.defs,
    libraries: ld.libraries as GoLibrary[],
    notes,
    goVersion: first.text.goVersion,
    experiments: first.text.experiments,
    extText,
    host,
    resolve: (o, ref) => resolve(o, ref, st.builtins),
  };
}

/**
 * The members loadobjfile loads, in archive order (a bare object is its own member): Go objects
 * and host objects alike.
 */
function members(a: GoArchive, host: HostState, linkModeSet: boolean): ArMember[] {
  if (!isArchive(a.bytes)) return [{ name: a.file, offset: 0, data: a.bytes }];
  let ms: ArMember[];
  try {
    ms = readArchive(a.bytes);
  } catch (e) {
    throw e instanceof FormatError ? e.inFile(a.file) : e;
  }
  const out = ms.filter((m) => loadableMember(host, a.pkg, m.name, linkModeSet));
  if (!out.some((m) => isGoObject(m.data))) throw new LinkError(`${a.file}: no Go object in the archive`);
  return out;
}

/** ld.postorder: dependencies before dependents, following Imports depth first. */
function postorder(libs: readonly GoLibrary[]): GoLibrary[] {
  const order: GoLibrary[] = [];
  const mark = new Map<GoLibrary, 1 | 2>();
  const dfs = (l: GoLibrary): void => {
    const m = mark.get(l);
    if (m === 2) return;
    if (m === 1) throw new LinkError(`found import cycle while visiting ${l.pkg}`);
    mark.set(l, 1);
    for (const i of l.imports) dfs(i);
    mark.set(l, 2);
    order.push(l);
  };
  for (const l of libs) dfs(l);
  return order;
}

const kindOf = (p: ToolchainProfile, t: number, where: string): LinkSymKind => {
  const n = p.objabi!.symKindNames[t];
  if (n === undefined) throw new LinkError(`${where}: unknown symbol kind ${t}`);
  return n as LinkSymKind;
};

/** objabi.SymKind.IsText / IsData as sym.AbiSymKindToSymKind maps them. */
const isText = (k: LinkSymKind): boolean => k === "STEXT" || k === "STEXTFIPS";
const isData = (k: LinkSymKind): boolean =>
  k === "SRODATA" ||
  k === "SRODATAFIPS" ||
  k === "SNOPTRDATA" ||
  k === "SNOPTRDATAFIPS" ||
  k === "SDATA" ||
  k === "SDATAFIPS" ||
  k === "SBSS" ||
  k === "SNOPTRBSS";

/** What loading keeps besides the loader (loadState, and the loader's objSyms and builtinSyms). */
interface LoadState {
  ld: Loader;
  p: ToolchainProfile;
  /** Each symbol's winning definition (loader.objSyms). */
  defs: Map<LinkSym, ObjDef>;
  /** loader.builtinSyms. */
  builtins: (LinkSym | undefined)[];
  /** loader.sizeFixups: BSS sizes a data definition must grow to. */
  sizeFixups: Map<LinkSym, number>;
}

/** loader.LoadSyms: preloadSyms for every kind of definition, then loadObjRefs. */
function loadSyms(st: LoadState, objs: OReader[]): void {
  const { ld, defs, builtins, p } = st;
  const byName = [new Map<string, LinkSym>(), new Map<string, LinkSym>()];
  const hashed64 = new Map<string, LinkSym>();
  const hashed = new Map<string, LinkSym>();
  const builtinIdx = new Map(builtins126.map(([n, abi], i) => [`${abi}:${n}`, i]));

  // The lookups below are keyed by name (or content hash) only: ld.byVersion is the name table.
  ld.byVersion = byName;
  const newSym = (name: string, o: OReader, li: number, abi: number, isStatic: boolean): LinkSym => {
    const s = new LinkSym(name, kindOf(p, o.r.symType(li), o.where));
    s.ver = isStatic ? -1 : abi;
    s.static = isStatic;
    ld.define(s);
    defs.set(s, new ObjDef(st, o, li));
    return s;
  };
  const sizeOf = (d: Def): number => d.o.r.symSiz(d.li);

  // preloadSyms; the Sym fields are read one by one, each symbol's name once.
  const preload = (o: OReader, start: number, end: number, kind: "pkg" | "h64" | "h" | "nonpkg"): void => {
    const r = o.r;
    const isRuntime = o.lib.pkg === "runtime";
    for (let li = start; li < end; li++) {
      const name = r.symName(li);
      const abi = r.symABI(li);
      let s: LinkSym;
      const isStatic = abi === SymABIstatic;
      if (kind === "h64" || kind === "h") {
        const h = kind === "h64" ? r.hash64Key(li - r.nsym) : r.hashKey(li - r.nsym - r.nhashed64def);
        const m = kind === "h64" ? hashed64 : hashed;
        const old = m.get(h);
        if (old !== undefined) {
          // Same hash, same content, but trailing zeros may differ: the larger wins.
          if (r.symSiz(li) > sizeOf(defs.get(old)!)) defs.set(old, new ObjDef(st, o, li));
          s = old;
        } else {
          // Content-addressed: not in the name table, but file-local when its ABI says so.
          s = newSym(name, o, li, abi, isStatic);
          m.set(h, s);
        }
      } else if (name === "" || isStatic) {
        s = newSym(name, o, li, abi, isStatic);
      } else {
        if (abi > 1) throw new LinkError(`${o.where}: invalid symbol ABI ${abi} of ${name}`);
        const names = byName[abi]!;
        const old = names.get(name);
        if (old === undefined || kind === "pkg") {
          s = newSym(name, o, li, abi, false);
          names.set(name, s);
        } else {
          s = old;
          addDup(st, old, new ObjDef(st, o, li));
        }
      }
      o.syms[li] = s;
      if ((r.symFlag(li) & SymFlag.Local) !== 0) s.flag |= SymFlag.Local;
      if ((r.symFlag2(li) & SymFlag2.UsedInIface) !== 0) s.usedInIface = true;
      if (name.startsWith("runtime.") || (isRuntime && name.startsWith("type:"))) {
        const bi = builtinIdx.get(`${abi}:${name}`);
        if (bi !== undefined) builtins[bi] = s;
      }
      const align = r.symAlign(li);
      if (align > s.align) s.align = align;
    }
  };
  for (const o of objs) preload(o, 0, o.r.nsym, "pkg");
  for (const o of objs) {
    const r = o.r;
    const a = r.nsym;
    const b = a + r.nhashed64def;
    const c = b + r.nhasheddef;
    preload(o, a, b, "h64");
    preload(o, b, c, "h");
    preload(o, c, c + r.nnonpkgdef, "nonpkg");
  }
  // loadObjRefs: non-package references by name, then the package index.
  // Objects name the packages they refer to as escaped symbol prefixes (loader.addObj).
  const objByPkg = new Map<string, OReader>();
  for (const o of objs) {
    const key = PathToPrefix(o.lib.pkg);
    if (!objByPkg.has(key)) objByPkg.set(key, o);
  }
  for (const o of objs) {
    const r = o.r;
    const ndef = r.ndef;
    for (let i = 0; i < r.nnonpkgref; i++) {
      const li = ndef + i;
      const name = r.symName(li);
      const abi = r.symABI(li);
      const isStatic = abi === SymABIstatic;
      if (abi > 1 && !isStatic) throw new LinkError(`${o.where}: invalid symbol ABI ${abi} of ${name}`);
      // A file-local reference: the object's own version, which no definition is listed under.
      if (isStatic && o.statics === undefined) o.statics = new Map();
      const names = isStatic ? o.statics! : byName[abi]!;
      let s = names.get(name);
      if (s === undefined) {
        s = new LinkSym(name, "Sxxx");
        s.ver = isStatic ? -1 : abi;
        s.static = isStatic;
        names.set(name, s);
        ld.define(s);
      }
      o.syms[li] = s;
      if ((r.symFlag(li) & SymFlag.Local) !== 0) s.flag |= SymFlag.Local;
      if ((r.symFlag2(li) & SymFlag2.UsedInIface) !== 0) s.usedInIface = true;
    }
    const pkgs = r.pkglist();
    o.pkg = pkgs.map((pkg, i) => {
      if (i === 0) return undefined;
      const t = objByPkg.get(pkg);
      if (t === undefined) throw new LinkError(`${o.where}: reference to nonexistent package ${pkg}`);
      return t;
    });
  }
  for (const o of objs) {
    for (const rf of o.r.refFlags()) {
      if ((rf.flag2 & SymFlag2.UsedInIface) !== 0) {
        const s = resolve(o, rf.sym, builtins);
        if (s !== undefined) s.usedInIface = true;
      }
    }
  }
}

/** addSym's rules for a second definition of a named non-package symbol. */
function addDup(st: LoadState, old: LinkSym, nd: ObjDef): void {
  const { defs, p, sizeFixups } = st;
  const od = defs.get(old);
  if (od === undefined) {
    // Only referenced so far (cannot happen before refs are loaded), or linker-made.
    defs.set(old, nd);
    return;
  }
  const or = od.o.r;
  const nr = nd.o.r;
  const oldsz = or.symSiz(od.li);
  const sz = nr.symSiz(nd.li);
  if ((nr.symFlag(nd.li) & SymFlag.Dupok) !== 0) {
    if (oldsz < sz) defs.set(old, nd);
    return;
  }
  if ((or.symFlag(od.li) & SymFlag.Dupok) !== 0) return;
  const oldtyp = kindOf(p, or.symType(od.li), od.o.where);
  const newtyp = kindOf(p, nr.symType(nd.li), nd.o.where);
  const oldHasContent = or.dataLen(od.li) !== 0;
  const newHasContent = nr.dataLen(nd.li) !== 0;
  const oldIsBSS = isData(oldtyp) && !oldHasContent;
  const newIsBSS = isData(newtyp) && !newHasContent;
  if ((isText(newtyp) && oldIsBSS) || (newHasContent && oldIsBSS) || (newIsBSS && oldIsBSS && sz > oldsz)) {
    defs.set(old, nd);
    if (oldsz > sz) sizeFixups.set(old, oldsz);
  } else if (newIsBSS) {
    if (sz > oldsz) sizeFixups.set(old, sz);
  } else {
    throw new LinkError(
      `duplicated definition of symbol ${old.name}, from ${nd.o.lib.pkg} and ${od.o.lib.pkg}`,
    );
  }
}

/** loader.resolve: a SymRef of object `o` to the global symbol. */
function resolve(o: OReader, ref: SymRef, builtins: readonly (LinkSym | undefined)[]): LinkSym | undefined {
  return resolveRef(o, ref.pkg, ref.idx, builtins);
}

/** resolve, the reference given as its two fields. */
function resolveRef(
  o: OReader,
  pkg: number,
  idx: number,
  builtins: readonly (LinkSym | undefined)[],
): LinkSym | undefined {
  const r = o.r;
  switch (pkg) {
    case 0:
      if (idx !== 0) throw new LinkError(`${o.where}: bad symbol reference {0, ${idx}}`);
      return undefined;
    case PkgIdxHashed64:
      return at(o, idx + r.nsym, pkg, idx);
    case PkgIdxHashed:
      return at(o, idx + r.nsym + r.nhashed64def, pkg, idx);
    case PkgIdxNone:
      return at(o, idx + r.nsym + r.nhashed64def + r.nhasheddef, pkg, idx);
    case PkgIdxBuiltin: {
      const s = builtins[idx];
      if (s === undefined) {
        const b = builtins126[idx];
        throw new LinkError(`${o.where}: relocation target ${b?.[0] ?? `builtin #${idx}`} not defined`);
      }
      return s;
    }
    case PkgIdxSelf:
      return at(o, idx, pkg, idx);
    default: {
      const t = o.pkg[pkg];
      if (t === undefined)
        throw new LinkError(`${o.where}: reference to package index ${pkg} of ${o.pkg.length}`);
      if (idx >= t.r.nsym)
        throw new LinkError(`${o.where}: reference to symbol ${idx} of ${t.lib.pkg}, which has ${t.r.nsym}`);
      return t.syms[idx];
    }
  }
}

function at(o: OReader, i: number, pkg: number, idx: number): LinkSym {
  const s = o.syms[i];
  if (s === undefined) throw new LinkError(`${o.where}: bad symbol reference {${pkg}, ${idx}}`);
  return s;
}

/**
 * A global symbol's header from its winning definition: kind, name, flags, unit and size (what
 * the loader answers from the object's Sym entry alone).
 */
function fillHeader(st: LoadState, s: LinkSym, d: Def): void {
  const { o, li } = d;
  const r = o.r;
  const flag = r.symFlag(li);
  const kind = kindOf(st.p, r.symType(li), o.where);
  s.type = kind;
  // A content-addressed symbol is named by the definition that won (a larger one may replace it).
  if (li >= r.nsym && li < r.nsym + r.nhashed64def + r.nhasheddef) s.name = r.symName(li);
  s.flag = flag | (s.flag & SymFlag.Local);
  s.flag2 = r.symFlag2(li);
  s.dupok = (flag & SymFlag.Dupok) !== 0;
  s.unit = o.unit;
  s.size = defSize(st, s, d, kind);
}

/**
 * The size of `s` as defined by `d`: a text symbol's is Siz; BSS and data with trailing zeros are
 * Siz long and hold the data given; either grows to a larger BSS definition's size (sizeFixups).
 */
function defSize(st: LoadState, s: LinkSym, d: Def, kind: LinkSymKind): number {
  const siz = d.o.r.symSiz(d.li);
  const size = isText(kind) ? siz : Math.max(siz, d.o.r.dataLen(d.li));
  const fix = st.sizeFixups.get(s);
  return fix !== undefined && fix > size ? fix : size;
}

/**
 * A global symbol's contents from its winning definition (what the loader reads lazily: data,
 * relocations, aux symbols and FuncInfo), at its first use (LinkSym.loadLater).
 */
function fillBody(st: LoadState, s: LinkSym, d: Def): void {
  const { p, builtins } = st;
  const { o, li } = d;
  const r = o.r;
  const kind = kindOf(p, r.symType(li), o.where);
  const siz = r.symSiz(li);
  const data = r.data(li);
  // The object's bytes themselves (copied if written to), or a padded copy.
  if (isText(kind)) {
    // The model's text has no bytes: its size is Siz, its view stays empty.
    s.setDataView(data);
    s.size = siz;
  } else {
    // BSS and data with trailing zeros: the symbol's size is Siz, its contents the data given.
    const size = Math.max(siz, data.length);
    // padTo makes a fresh array: the symbol may hold it as it is.
    if (size > data.length) s.setDataView(padTo(data, size));
    else s.setDataView(data);
  }
  const fix = st.sizeFixups.get(s);
  if (fix !== undefined && fix > s.size) s.setDataView(padTo(s.P, fix));
  const size = s.size;
  const names = p.objabi!;
  const R = s.R;
  R.length = 0;
  for (let j = r.relocStart(li), end = r.relocEnd(li); j < end; j++) {
    const t = resolveRef(o, r.relocSymPkg(j), r.relocSymIdx(j), builtins);
    const rawType = r.relocType(j);
    const typ = rawType & 0x7fff;
    const name = names.relocNames[typ] as ObjRelocName | undefined;
    if (name === undefined || name === ("" as string))
      throw new LinkError(`${o.where}: ${s.name || "anonymous symbol"}: unknown relocation type ${typ}`);
    if (t === undefined) continue;
    const off = r.relocOff(j);
    const siz = r.relocSiz(j);
    const add = r.relocAdd(j);
    R.push(
      (rawType & 0x8000) !== 0
        ? { off, siz, type: name, weak: true, sym: t, add }
        : { off, siz, type: name, sym: t, add },
    );
  }
  s.aux.length = 0;
  let fi: ReturnType<typeof decodeFuncInfo> | undefined;
  let info: LinkSym | undefined;
  let loc: LinkSym | undefined;
  let ranges: LinkSym | undefined;
  let lines: LinkSym | undefined;
  let pcsp: LinkSym | undefined;
  for (let j = r.auxStart(li), end = r.auxEnd(li); j < end; j++) {
    const type = r.auxType(j);
    const name = names.auxNames[type] as ObjAuxName | undefined;
    if (name === undefined) throw new LinkError(`${o.where}: ${s.name}: unknown aux type ${type}`);
    const t = resolveRef(o, r.auxSymPkg(j), r.auxSymIdx(j), builtins);
    if (t === undefined) continue;
    s.aux.push({ type: name, sym: t });
    switch (name) {
      case "FuncInfo":
        fi = decodeFuncInfo(auxData(st, t), `${o.where}: ${s.name} FuncInfo`);
        break;
      case "DwarfInfo":
        info = t;
        break;
      case "DwarfLoc":
        loc = t;
        break;
      case "DwarfRanges":
        ranges = t;
        break;
      case "DwarfLines":
        lines = t;
        break;
      case "Pcsp":
        pcsp = t;
        break;
      case "Gotype":
        s.goType = t.name.startsWith("type:") ? t.name.slice(5) : t.name;
        break;
      default:
        break;
    }
  }
  if (isText(kind) && fi !== undefined) {
    const sp = pcsp === undefined ? [] : decodePcvalue(auxData(st, pcsp), 1, `${o.where}: ${s.name} pcsp`);
    s.func = {
      info,
      loc,
      ranges,
      lines,
      pcsp: pcspRuns(
        s.name,
        sp.filter((e) => e.pc < size).map((e) => ({ pc: e.pc, spdelta: e.value })),
        size,
      ),
      goFuncInfo: fi,
    };
  } else if (info !== undefined) {
    s.varDwarfInfo = info;
  }
}

/** The data of an aux symbol: its winning definition's, read without loading the symbol. */
function auxData(st: LoadState, t: LinkSym): Uint8Array {
  const ad = st.defs.get(t);
  return ad === undefined ? new Uint8Array(0) : ad.o.r.data(ad.li);
}

function padTo(b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(b.subarray(0, Math.min(b.length, n)));
  return out;
}

/** objabi.LookupPkgSpecial(pkg).Runtime (cmd/internal/objabi/pkgspecial.go runtimePkgs), Go 1.26. */
const runtimePkgs: ReadonlySet<string> = new Set([
  "runtime",
  "internal/runtime/atomic",
  "internal/runtime/cgroup",
  "internal/runtime/exithook",
  "internal/runtime/gc",
  "internal/runtime/gc/scan",
  "internal/runtime/maps",
  "internal/runtime/math",
  "internal/runtime/sys",
  "internal/runtime/syscall/linux",
  "internal/runtime/syscall/windows",
  "internal/abi",
  "internal/bytealg",
  "internal/byteorder",
  "internal/chacha8rand",
  "internal/coverage/rtcov",
  "internal/cpu",
  "internal/goarch",
  "internal/godebugs",
  "internal/goexperiment",
  "internal/goos",
  "internal/profilerecord",
  "internal/strconv",
  "internal/stringslite",
]);

/** ld/data.go isRuntimeDepPkg. */
export function isRuntimeDepPkg(pkg: string): boolean {
  return runtimePkgs.has(pkg);
}

/**
 * loader.AssignTextSymbolOrder (called from linksetup, after deadcode): each library's reachable
 * text symbols, its own first and then the dupok ones it also defines, the runtime's packages
 * before the others; each symbol goes to the unit of its winning definition, once. Sets every
 * unit's textp and ld.textp.
 */
export function assignTextSymbolOrder(g: GoLoaded): void {
  const textp: LinkSym[] = g.extText.filter((s) => s.reachable);
  const own = new Map<GoLibrary, LinkSym[]>();
  const dups = new Map<GoLibrary, LinkSym[]>();
  for (const l of g.libraries) {
    own.set(l, []);
    dups.set(l, []);
  }
  for (const o of g.objs) {
    const lib = o.lib;
    for (let li = 0; li < o.r.ndef; li++) {
      const s = o.syms[li]!;
      // The kind and flags the object gives (a host object may define the symbol since: cgo).
      if (!s.reachable || !isText(kindOf(g.ld.profile, o.r.symType(li), o.where))) continue;
      const d = g.defs.get(s);
      // Resolved elsewhere (another object's dupok copy, or made external since): a dup here.
      if (
        d === undefined ||
        d.o !== o ||
        d.li !== li ||
        s.external ||
        (o.r.symFlag(li) & SymFlag.Dupok) !== 0
      )
        dups.get(lib)!.push(s);
      else own.get(lib)!.push(s);
    }
  }
  const assigned = new Set<LinkSym>();
  for (const u of g.ld.units()) u.textp = [];
  for (const doInternal of [true, false]) {
    for (const lib of g.libraries) {
      if (isRuntimeDepPkg(lib.pkg) !== doInternal) continue;
      for (const list of [own.get(lib)!, dups.get(lib)!]) {
        for (const s of list) {
          if (assigned.has(s)) continue;
          textp.push(s);
          if (s.unit !== undefined) {
            s.unit.textp.push(s);
            assigned.add(s);
          }
        }
      }
    }
  }
  g.ld.textp = textp;
}
