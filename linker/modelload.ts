/**
 * Loading the compiler model's objects through the one loader real objects go through. Each
 * ObjFile is written as the Go object file cmd/compile would write (compiler/obj/objfile.ts), the
 * objects of a package become its archive, and goload.ts's loadlib loads and resolves them as
 * cmd/link does. Every DWARF phase then runs on the model compiler's SDWARF symbols and
 * relocations, read back from object bytes.
 *
 * What a real link gets from the runtime's objects and from the compiler's type descriptors, and
 * the model's objects lack, is made here, and only here (the model's runtime stand-in):
 *  - The runtime package. Unless a model object is the runtime, the runtime is an archive of one
 *    object without code or files: its textless unit is where the type DIEs hang. It defines the
 *    builtins the objects refer to by index (goobj's builtin list, e.g. type:string), which in a
 *    real link the runtime's own objects define; a type descriptor there has no contents.
 *  - Type descriptors. The model's compiler does not emit the `type:<T>` symbols (reflectdata):
 *    every type symbol referred to (R_USETYPE, Gotype) and one for every `go:info.<T>` a DWARF
 *    symbol refers to is a contentless STYPE symbol, and the objects' IrType records (ObjFile.types,
 *    the first object's record of a name winning as the first DUPOK descriptor would) are what the
 *    type DIE generator decodes (linker/dwarf/typesource-ir.ts). When the compiler writes real
 *    descriptors, this stand-in goes and typesource.ts's descriptor source takes over.
 *  - Reachability. The model has no machine code, so none of the relocations Go's deadcode follows
 *    from the entry point (calls, address loads) exist, and a flood from every function would not
 *    reach a single variable. The model's programs use all they define: every symbol a model
 *    object defines (aux symbols too, as deadcode marks them) is reachable; the stand-ins are not.
 *    Text goes into Textp by loader.AssignTextSymbolOrder, as in a real link.
 *  - Provenance marks (which modelled Go function wrote each byte) are copied from the compiler's
 *    symbols to the definitions that won.
 * The link has no FIPS sections (the model's layout is not Go's), so loadfips does not run.
 */
import { CompileError } from "../compiler/obj/link.js";
import { LSym } from "../compiler/obj/lsym.js";
import { WriteObjFile, type WrittenObj } from "../compiler/obj/objfile.js";
import { abiOf } from "../compiler/obj/sym.js";
import { InfoPrefix } from "../dwarf/context.js";
import { writeArchive } from "../goobj/archive.js";
import { builtins126 } from "../goobj/builtin.js";
import { assignTextSymbolOrder, type GoArchive, type GoLoaded, loadlib, type OReader } from "./goload.js";
import { LinkError, type LinkObject, type Loader } from "./load.js";

/** One package of the link: its objects, written. */
interface ModelPackage {
  pkg: string;
  objs: WrittenObj[];
  /** The runtime stand-in's object, when it joins a model runtime package. */
  standIn?: WrittenObj;
}

/** Load the model's objects (in link order), with the stand-ins above. */
export function load(objs: readonly LinkObject[]): Loader {
  return loadModel(objs).ld;
}

/** load, keeping what goload knows of every object. */
export function loadModel(objs: readonly LinkObject[]): GoLoaded {
  const first = objs[0];
  if (first === undefined) throw new LinkError("nothing to link");
  for (const o of objs) {
    if (o.dwarfVersion !== first.dwarfVersion)
      throw new LinkError(
        `${o.pkgpath}: compiled for DWARF ${o.dwarfVersion}, ${first.pkgpath} for DWARF ${first.dwarfVersion}`,
      );
    if (o.profile.version !== first.profile.version)
      throw new LinkError(
        `${o.pkgpath}: compiled by ${o.profile.version}, ${first.pkgpath} by ${first.profile.version}`,
      );
    if (o.pkgpath === "") throw new LinkError("object with an empty package path");
  }

  // The packages in the order their first object was given, each object written.
  const pkgs = new Map<string, ModelPackage>();
  const written = new Map<LinkObject, WrittenObj>();
  for (const o of objs) {
    let w: WrittenObj;
    try {
      w = WriteObjFile(o);
    } catch (e) {
      throw e instanceof CompileError ? new LinkError(`${o.pkgpath}: ${e.message}`) : e;
    }
    written.set(o, w);
    let p = pkgs.get(o.pkgpath);
    if (p === undefined) {
      p = { pkg: o.pkgpath, objs: [] };
      pkgs.set(o.pkgpath, p);
    }
    p.objs.push(w);
  }

  checkPackageDefs(objs.map((o) => ({ pkg: o.pkgpath, w: written.get(o)! })));
  // The runtime stand-in: the builtins the objects refer to.
  const standIn = runtimeStandIn(first, [...written.values()]);
  let rt = pkgs.get("runtime");
  if (rt === undefined) rt = { pkg: "runtime", objs: [] };
  if (rt.objs.length === 0 || standIn.defs.length !== 0) rt.standIn = standIn;
  const members = (p: ModelPackage): WrittenObj[] =>
    p.standIn === undefined ? p.objs : [...p.objs, p.standIn];
  const archiveOf = (p: ModelPackage): GoArchive => ({
    pkg: p.pkg,
    file: p.pkg,
    bytes: writeArchive(members(p).map((w) => ({ name: "_go_.o", data: w.bytes }))),
  });
  const roots = [...pkgs.values()].map(archiveOf);
  const rtArchive = pkgs.has("runtime") ? undefined : archiveOf(rt);
  const g = loadlib(roots, (pkg) => (pkg === "runtime" ? rtArchive : undefined), { fips: false });

  // Each loaded object and the written object it came from (the members of a package in order).
  const byMember = new Map<OReader, WrittenObj>();
  for (const o of g.objs) {
    const w = members(pkgs.get(o.lib.pkg) ?? rt)[o.lib.units.indexOf(o.unit)];
    if (w !== undefined) byMember.set(o, w);
  }

  const { ld } = g;
  for (const o of objs) {
    for (const [name, t] of Object.entries(o.types ?? {})) if (!ld.types.has(name)) ld.types.set(name, t);
  }
  for (const [s, d] of g.defs) {
    const w = byMember.get(d.o);
    if (w === undefined || w === standIn) continue;
    s.reachable = true;
    const from = w.defs[d.li];
    if (from !== undefined) for (const m of from.marks) s.marks.push({ off: m.off, who: m.who });
  }
  typeStandIns(g, new Set(g.objs.filter((o) => byMember.get(o) === standIn)));
  assignTextSymbolOrder(g);
  return g;
}

/**
 * Two objects defining one package symbol. Go compiles a package into one object, so its loader
 * takes package definitions (Symdef) without looking for duplicates (addSym's pkgDef case); the
 * model may split a package over several objects, and reports what the linker reports for
 * duplicated non-package symbols.
 */
function checkPackageDefs(objs: readonly { pkg: string; w: WrittenObj }[]): void {
  const seen = new Map<string, string>();
  for (const { pkg, w } of objs) {
    for (let i = 0; i < w.nsym; i++) {
      const s = w.defs[i]!;
      if (s.name === "" || s.has("Static")) continue;
      const key = `${abiOf(s)}:${s.name}`;
      const had = seen.get(key);
      if (had !== undefined)
        throw new LinkError(`duplicated definition of symbol ${s.name}, from ${pkg} and ${had}`);
      seen.set(key, pkg);
    }
  }
}

/**
 * The runtime stand-in's object: package runtime, no code, no files, defining every builtin the
 * objects refer to (a type descriptor as contentless DUPOK SRODATA, anything else without a kind).
 */
function runtimeStandIn(first: LinkObject, objs: readonly WrittenObj[]): WrittenObj {
  const used = new Set(objs.flatMap((w) => w.builtins));
  const data = [...used]
    .sort((a, b) => a - b)
    .map((i) => {
      const [name, abi] = builtins126[i]!;
      const s = new LSym(name, name.startsWith("type:") ? "SRODATA" : "Sxxx");
      s.abi = abi === 0 ? "ABI0" : "ABIInternal";
      s.set("DuplicateOK", true);
      return s;
    });
  return WriteObjFile({
    pkgpath: "runtime",
    pkgname: "runtime",
    profile: first.profile,
    dwarfVersion: first.dwarfVersion,
    text: [],
    data,
    types: {},
    files: [],
  });
}

/**
 * The type descriptors the model's objects do not carry: a type symbol for every go:info.<T>
 * referred to, and every type symbol no model object defines (referred to only, or the runtime
 * stand-in's) an STYPE symbol without contents.
 */
function typeStandIns(g: GoLoaded, standIn: ReadonlySet<OReader>): void {
  const { ld } = g;
  for (const s of [...ld.syms]) {
    for (const r of s.R) {
      const n = r.sym.name;
      if (r.sym.type === "Sxxx" && n.startsWith(InfoPrefix))
        ld.lookupOrCreate(`type:${n.slice(InfoPrefix.length)}`, "STYPE");
    }
  }
  for (const s of ld.syms) {
    if (!s.name.startsWith("type:")) continue;
    const d = g.defs.get(s);
    if (d === undefined || standIn.has(d.o)) s.type = "STYPE";
  }
}
