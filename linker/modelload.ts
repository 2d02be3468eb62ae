/**
 * Loading the compiler model's objects through the one loader real objects go through. Each
 * ObjFile is written as the Go object file cmd/compile would write (compiler/obj/objfile.ts), the
 * objects of a package become its archive, and goload.ts's loadlib loads and resolves them as
 * cmd/link does. Every DWARF phase then runs on the model compiler's SDWARF symbols, relocations
 * and type descriptors, read back from object bytes.
 *
 * What a real link gets from the runtime's objects, and the model's objects lack, is made here,
 * and only here:
 *  - The runtime package. Unless a model object is the runtime, the runtime is the compiler
 *    model's stand-in (compiler/runtime/standin.ts): an object without code or files, whose
 *    textless unit is where the type DIEs hang, defining the runtime's type descriptors and every
 *    builtin the objects refer to by index.
 *  - Reachability. The model has no machine code, so none of the relocations Go's deadcode follows
 *    from the entry point (calls, address loads) exist, and a flood from every function would not
 *    reach a single variable. The model's programs use all they define: every symbol a model
 *    object defines (aux symbols too, as deadcode marks them) is reachable; of the stand-in's,
 *    what the runtime's code would keep. The order in which the runtime's units would have made
 *    the linker define the runtime's types goes to the type DIE generator (Loader.standInTypes).
 *    Text goes into Textp by loader.AssignTextSymbolOrder, as in a real link.
 *  - Provenance marks (which modelled Go function wrote each byte) are copied from the compiler's
 *    symbols to the definitions that won.
 * The link has no FIPS sections (the model's layout is not Go's), so loadfips does not run.
 */
import { CompileError } from "../compiler/obj/link.js";
import { WriteObjFile, type WrittenObj } from "../compiler/obj/objfile.js";
import { abiOf } from "../compiler/obj/sym.js";
import { runtimeStandIn } from "../compiler/runtime/standin.js";
import { writeArchive } from "../goobj/archive.js";
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

/**
 * load, keeping what goload knows of every object, and each object as written (a Go object file,
 * in the order given: what the made-up Go build ID hashes, linker/output.ts).
 */
export function loadModel(objs: readonly LinkObject[]): GoLoaded & { objectFiles: Uint8Array[] } {
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
    if (o.goarch !== undefined)
      throw new LinkError(
        `${o.pkgpath}: compiled for linux/${o.goarch}; the linker model lays out linux/amd64 only`,
      );
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
  // The runtime stand-in: the runtime's types and the builtins the objects refer to.
  const rtModel = runtimeStandIn(
    first.profile,
    first.dwarfVersion,
    [...written.values()].flatMap((w) => w.builtins),
  );
  const standIn = WriteObjFile(rtModel.obj);
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
  for (const [s, d] of g.defs) {
    // symtab.go's symtab groups the type descriptors as STYPE; the model's link does not run it.
    if (s.type === "SRODATA" && s.name.startsWith("type:")) s.type = "STYPE";
    const w = byMember.get(d.o);
    if (w === undefined) continue;
    if (w === standIn) {
      s.reachable = s.name.startsWith("type:") && !rtModel.unreachable.has(s.name);
      continue;
    }
    s.reachable = true;
    const from = w.defs[d.li];
    if (from !== undefined) for (const m of from.marks) s.marks.push({ off: m.off, who: m.who });
  }
  if (rt.standIn !== undefined) ld.standInTypes = rtModel.defined;
  assignTextSymbolOrder(g);
  return { ...g, objectFiles: objs.map((o) => written.get(o)!.bytes) };
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
