/**
 * The compile unit's producer flags and package name: cmd/compile/internal/dwarfgen/dwarf.go
 * (RecordFlags, RecordPackageName) with the flag table of cmd/compile/internal/base/flag.go
 * (defaults as ParseFlags registers them) and the call in gc/main.go, Go 1.26.
 *
 * gc.Main calls RecordFlags right after ParseFlags and before it rewrites -l (so the user's -l
 * count is what gets recorded) and before -dwarf=false turns location lists off (so
 * -dwarflocationlists is recorded as given). ParseFlags has already folded -dynlink into -shared
 * (Ctxt.Flag_shared = Flag_dynlink || Flag_shared) and, when compiling the runtime (-+), reset -N
 * to 0; IrFlags carries no -+, so a producer wanting the runtime's "-l regabi" gives N = 0.
 */
import { CUInfoPrefix } from "../../dwarf/context.js";
import type { IrFlags } from "../ir.js";
import type { Link } from "../obj/link.js";
import type { LSym } from "../obj/lsym.js";

/** The flags gc.Main records, in its order. */
export const GcMainRecordedFlags: readonly string[] = [
  "B",
  "N",
  "l",
  "msan",
  "race",
  "asan",
  "shared",
  "dynlink",
  "dwarf",
  "dwarflocationlists",
  "dwarfbasentries",
  "smallframes",
  "spectre",
];

type flagValue = boolean | number | string;

/** A registered flag: its kind (bool, count or string), DefValue and current value. */
interface flagDef {
  kind: "bool" | "count" | "string";
  /** flag.Flag.DefValue: the value's String() when registerFlags ran. */
  def: string;
  get(f: IrFlags): flagValue;
}

/**
 * Ctxt.UseBASEntries when the flags were registered: Headtype != Hdarwin. The IR's GOOS is linux,
 * so -dwarfbasentries defaults to true.
 */
const defaultUseBASEntries = true;

/** base/flag.go, CmdFlags and ParseFlags: the recordable flags of the compiler. */
const flagTable: Readonly<Record<string, flagDef>> = {
  B: { kind: "bool", def: "false", get: (f) => f.B ?? false },
  N: { kind: "count", def: "0", get: (f) => f.N ?? 0 },
  l: { kind: "count", def: "0", get: (f) => f.l ?? 0 },
  msan: { kind: "bool", def: "false", get: (f) => f.msan ?? false },
  race: { kind: "bool", def: "false", get: (f) => f.race ?? false },
  asan: { kind: "bool", def: "false", get: (f) => f.asan ?? false },
  // &Ctxt.Flag_shared, which ParseFlags sets to Flag_dynlink || Flag_shared.
  shared: { kind: "bool", def: "false", get: (f) => (f.shared ?? false) || (f.dynlink ?? false) },
  dynlink: { kind: "bool", def: "false", get: (f) => f.dynlink ?? false },
  // GOARCH != "wasm".
  dwarf: { kind: "bool", def: "true", get: (f) => f.dwarf ?? true },
  dwarflocationlists: { kind: "bool", def: "true", get: (f) => f.dwarflocationlists ?? true },
  dwarfbasentries: {
    kind: "bool",
    def: String(defaultUseBASEntries),
    get: (f) => f.dwarfbasentries ?? defaultUseBASEntries,
  },
  smallframes: { kind: "bool", def: "false", get: (f) => f.smallframes ?? false },
  spectre: { kind: "string", def: "", get: (f) => f.spectre ?? "" },
};

/** Options of RecordFlags that Go reads from globals. */
export interface RecordFlagsOptions {
  /** The flag names (gc.Main passes GcMainRecordedFlags). Unknown names are skipped, as Go does. */
  names?: readonly string[];
  /** buildcfg.Experiment.RegabiArgs: on by default for amd64 (and arm64, loong64, ppc64, riscv64). */
  regabiArgs?: boolean;
}

/**
 * dwarf.go, RecordFlags: the flags that differ from their defaults, as " -X" (a true bool, or a
 * count of 1) or " -X=value", then " regabi"; without the leading space, into the DUPOK
 * SDWARFCUINFO symbol go:cuinfo.producer.<pkgpath>, unless there is nothing to record. Returns the
 * recorded string ("" when none).
 *
 * Go sets the symbol's P and leaves its Size at 0 (notes §13, item 8); the model's LSym keeps its
 * bytes in P up to Size, so Size is the length here.
 */
export function RecordFlags(ctxt: Link, flags: IrFlags, opts: RecordFlagsOptions = {}): string {
  if (ctxt.pkgpath === "") ctxt.Diag("missing pkgpath");
  let cmd = "";
  for (const name of opts.names ?? GcMainRecordedFlags) {
    const f = flagTable[name];
    if (f === undefined) continue;
    const val = f.get(flags);
    // The flag has its default value: omitted.
    if (String(val) === f.def) continue;
    if (f.kind === "bool" && val === true) {
      cmd += ` -${name}`;
      continue;
    }
    if (f.kind === "count" && val === 1) {
      cmd += ` -${name}`;
      continue;
    }
    cmd += ` -${name}=${String(val)}`;
  }
  if (opts.regabiArgs ?? true) cmd += " regabi";
  if (cmd.length === 0) return "";

  const s = ctxt.Lookup(`${CUInfoPrefix}producer.${ctxt.pkgpath}`);
  s.type = "SDWARFCUINFO";
  // Two package main archives can be linked together (tests): duplicates are allowed.
  s.set("DuplicateOK", true);
  ctxt.data.push(s);
  const out = cmd.slice(1);
  setP(ctxt, s, out, "RecordFlags");
  return out;
}

/**
 * dwarf.go, RecordPackageName: the package's name (types.LocalPkg.Name) into the DUPOK
 * SDWARFCUINFO symbol go:cuinfo.packagename.<pkgpath>, for the CU's DW_AT_go_package_name.
 */
export function RecordPackageName(ctxt: Link, name: string): void {
  const s = ctxt.Lookup(`${CUInfoPrefix}packagename.${ctxt.pkgpath}`);
  s.type = "SDWARFCUINFO";
  s.set("DuplicateOK", true);
  ctxt.data.push(s);
  setP(ctxt, s, name, "RecordPackageName");
}

/** s.P = []byte(v): replaces whatever the symbol held; `who` is the provenance mark. */
function setP(ctxt: Link, s: LSym, v: string, who: string): void {
  s.size = 0;
  s.marks.length = 0;
  if (ctxt.provenance) s.marks.push({ off: 0, who });
  s.writeBytes(0, new TextEncoder().encode(v));
}
