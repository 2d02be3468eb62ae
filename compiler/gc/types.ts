/**
 * The type descriptors of a compiled package (gc/main.go's loop over WriteRuntimeTypes, Go 1.26):
 * cmd/compile asks for a type's descriptor wherever it names one (reflectdata.TypeLinksym, which
 * calls NeedRuntimeType: a global's Gotype, each auto's R_USETYPE, a constant's type) and for every
 * type the package declares (the OTYPE externs), then writes them all (WriteRuntimeTypes). The
 * linker's defgotype decodes the type DIEs from those descriptors.
 *
 * The model compiles one package and no other: it also writes, as DUPOK copies, the descriptors of
 * the other packages' types it refers to (ReflectOptions.standIns), which a real link gets from
 * those packages' own objects.
 */
import { AbstractFuncSuffix, InfoPrefix } from "../../dwarf/context.js";
import type { IrProgram } from "../ir.js";
import type { Link } from "../obj/link.js";
import { NeedRuntimeType, WriteRuntimeTypes } from "../reflectdata/reflect.js";
import { ReflectState } from "../reflectdata/state.js";
import { Universe } from "../types/universe.js";

const TypePrefix = "type:";

/**
 * Write the descriptor of every type the package declares or its symbols refer to: `type:<T>`
 * symbols made so far (Gotype, R_USETYPE) and the types behind `go:info.<T>` references (the
 * linker looks up `type:<T>` for each, importInfoSymbol and dwarfGenerateDebugInfo).
 */
export function dumpTypes(ctxt: Link, program: IrProgram): void {
  const r = new ReflectState(ctxt, new Universe(program.types ?? {}, { localPkg: ctxt.pkgpath }), {
    standIns: true,
  });
  for (const name of r.u.declaredNames()) NeedRuntimeType(r, name);
  for (const s of [...ctxt.symbols()]) {
    if (s.name.startsWith(TypePrefix)) NeedRuntimeType(r, s.name.slice(TypePrefix.length));
    else if (s.type === "Sxxx" && s.name.startsWith(InfoPrefix) && !s.name.endsWith(AbstractFuncSuffix))
      NeedRuntimeType(r, s.name.slice(InfoPrefix.length));
  }
  WriteRuntimeTypes(r);
}
