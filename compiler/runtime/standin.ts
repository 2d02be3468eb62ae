/**
 * The model's runtime package. The model compiles the packages of a program, not the runtime, yet a
 * link needs what the runtime's objects give it: the descriptors of the runtime's types, which
 * dwarfGenerateDebugInfo looks up (runtime.eface, runtime.hchan, the internal/abi types for gdb),
 * the ones reflectdata.WriteBasicTypes writes into the runtime's object, and a definition of each
 * builtin the objects refer to by index (goobj's builtin list). The stand-in is that object: a
 * runtime package without code or files, its descriptors written by the compiler's reflectdata from
 * runtime-types.ts (the runtime's types, lifted from a real build), as cmd/compile writes them
 * when it compiles package runtime.
 */
import { builtins126 } from "../../goobj/builtin.js";
import type { ObjFile } from "../gc/compile.js";
import { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";
import type { ToolchainProfile } from "../profile.js";
import { NeedRuntimeType, WriteBasicTypes, WriteRuntimeTypes } from "../reflectdata/reflect.js";
import { ReflectState } from "../reflectdata/state.js";
import { Universe } from "../types/universe.js";
import { runtimeTypes, runtimeTypesDefined, runtimeTypesUnreachable } from "./runtime-types.js";

export interface RuntimeStandIn {
  /** The runtime's object. */
  obj: ObjFile;
  /**
   * The symbols it defines that the runtime's code would not keep reachable (the reference build's
   * unreachable types): their DIEs get no DW_AT_go_runtime_type. Every other descriptor it defines
   * is reachable, as the runtime's code keeps it so.
   */
  unreachable: ReadonlySet<string>;
  /**
   * The type names the runtime's units make cmd/link define, in that order (the reference build's
   * runtime unit): a link without the runtime's code defines them where its units would.
   */
  defined: readonly string[];
}

/** The stand-in for a link whose objects refer to `builtins` (indices into goobj's list). */
export function runtimeStandIn(
  profile: ToolchainProfile,
  dwarfVersion: 4 | 5,
  builtins: Iterable<number>,
): RuntimeStandIn {
  const ctxt = new Link({
    pkgpath: "runtime",
    profile,
    dwarf5: dwarfVersion === 5,
    useBASEntries: true,
    flagLocationlists: true,
    flagOptimize: true,
  });
  const r = new ReflectState(ctxt, new Universe(runtimeTypes, { localPkg: "runtime" }), {
    needEmit: () => true,
  });
  WriteBasicTypes(r);
  for (const name of Object.keys(runtimeTypes)) NeedRuntimeType(r, name);
  WriteRuntimeTypes(r);

  // Every builtin referred to, by the objects or by the descriptors, gets a definition: a type
  // descriptor (contentless if the runtime's types lack it), anything else without a kind.
  const defined = new Set(ctxt.data.map((s) => s.name));
  const used = new Set(builtins);
  const index = new Map(builtins126.map(([name], i) => [name, i]));
  for (const s of ctxt.data) {
    for (const rel of s.R) {
      const i = index.get(rel.sym.name);
      if (i !== undefined) used.add(i);
    }
  }
  const stubs: LSym[] = [];
  for (const i of [...used].sort((a, b) => a - b)) {
    const [name, abi] = builtins126[i]!;
    if (defined.has(name)) continue;
    const s = ctxt.Lookup(name);
    s.type = name.startsWith("type:") ? "SRODATA" : "Sxxx";
    s.abi = abi === 0 ? "ABI0" : "ABIInternal";
    s.set("DuplicateOK", true);
    stubs.push(s);
  }
  return {
    obj: {
      pkgpath: "runtime",
      pkgname: "runtime",
      profile,
      dwarfVersion,
      text: [],
      data: [...ctxt.data, ...stubs],
      files: [],
    },
    unreachable: new Set([...runtimeTypesUnreachable].map((n) => `type:${n}`)),
    defined: runtimeTypesDefined,
  };
}
