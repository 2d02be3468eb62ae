/**
 * `godwarf goobj`: a real Go object file or package archive, member by member: the object header
 * (Go version, GOOS/GOARCH, experiments, build id), its packages and files, and every symbol with
 * kind, size, flags, relocations and aux links, its DWARF bytes decoded by objdump's decoder.
 */
import { isArchive, readArchive } from "../../goobj/archive.js";
import { GoObjFile, isGoObject, SymFlag, SymFlag2 } from "../../goobj/objfile.js";
import { profileForGoVersion } from "../profile.js";
import { objdumpJsonTable, objdumpTable, selected } from "./dump.js";
import { FormatError } from "../../dwarf/errors.js";
import { goObjView } from "./goobj.js";
import type { JsonValue } from "./jsontext.js";

export interface GoobjDumpOptions {
  /** Only the symbols of this name, with their aux symbols. */
  sym?: string;
  explain?: boolean;
}

interface Member {
  name: string;
  size: number;
  kind: "pkgdef" | "goobj" | "other";
  obj?: GoObjFile;
}

function membersOf(bytes: Uint8Array, file: string): Member[] {
  try {
    if (!isArchive(bytes))
      return [{ name: file, size: bytes.length, kind: "goobj", obj: new GoObjFile(bytes, "object") }];
    return readArchive(bytes).map((m): Member => {
      if (m.name === "__.PKGDEF") return { name: m.name, size: m.data.length, kind: "pkgdef" };
      if (!isGoObject(m.data)) return { name: m.name, size: m.data.length, kind: "other" };
      return { name: m.name, size: m.data.length, kind: "goobj", obj: new GoObjFile(m.data, m.name) };
    });
  } catch (e) {
    throw e instanceof FormatError ? e.inFile(file) : e;
  }
}

/** Names of the set bits of Sym.Flag and Flag2. */
export function symFlagNames(flag: number, flag2: number): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(SymFlag)) if ((flag & v) !== 0) out.push(k);
  for (const [k, v] of Object.entries(SymFlag2)) if ((flag2 & v) !== 0) out.push(k);
  return out;
}

function viewOf(m: Member, file: string, sym: string | undefined) {
  const r = m.obj!;
  const profile = profileForGoVersion(r.text.goVersion);
  if (profile?.objabi === undefined)
    throw new FormatError(
      m.name,
      0,
      `object of ${r.text.goVersion || "an unknown Go version"}; godwarf reads Go 1.26 objects`,
    ).inFile(file);
  const view = goObjView(r, "", profile);
  const show = selected(view.table.entries, sym);
  return { r, view, show };
}

/** The archive or object as text. */
export function goobjDump(bytes: Uint8Array, file: string, opts: GoobjDumpOptions = {}): string {
  const members = membersOf(bytes, file);
  const out: string[] = [];
  if (isArchive(bytes))
    out.push(
      `archive ${file}: ${members.map((m) => `${m.name} (${m.size} bytes${m.kind === "other" ? ", not a Go object: skipped" : ""})`).join(", ")}\n`,
    );
  let found = 0;
  for (const m of members) {
    if (m.kind !== "goobj") continue;
    const { r, view, show } = viewOf(m, file, opts.sym);
    found += show.length;
    const t = r.text;
    const head = [
      `\nobject ${m.name}: ${t.goVersion} ${t.goos}/${t.goarch}${t.settings.length > 0 ? ` ${t.settings.join(" ")}` : ""}, DWARF ${view.obj.dwarfVersion}`,
      `  experiments: ${t.experiments.join(",") || "(none)"}${t.buildID !== undefined ? `\n  build id: ${t.buildID}` : ""}`,
      `  flags: ${
        Object.entries({ Shared: 1, FromAssembly: 4, Unlinkable: 8, Std: 16 })
          .filter(([, v]) => (r.flags & v) !== 0)
          .map(([k]) => k)
          .join(" ") || "(none)"
      }`,
      `  imports: ${
        r
          .autolib()
          .map((a) => a.pkg)
          .join(" ") || "(none)"
      }`,
      `  files: ${r.files().length}; symbols: ${r.nsym} package, ${r.nhashed64def} hashed64, ${r.nhasheddef} hashed, ${r.nnonpkgdef} non-package definitions, ${r.nnonpkgref} non-package references`,
      "",
    ].join("\n");
    out.push(objdumpTable(view.obj, view.table, show, `${head}\n`, { explain: opts.explain === true }));
  }
  if (opts.sym !== undefined && found === 0)
    throw new FormatError("symbols", 0, `no symbol named ${opts.sym}`).inFile(file);
  return out.join("");
}

/** The archive or object as data. */
export function goobjDumpJson(bytes: Uint8Array, file: string, opts: GoobjDumpOptions = {}): JsonValue {
  const members = membersOf(bytes, file);
  return {
    file,
    archive: isArchive(bytes),
    members: members.map((m): JsonValue => {
      const base = { name: m.name, size: m.size, kind: m.kind };
      if (m.kind !== "goobj") return base;
      const { r, view, show } = viewOf(m, file, opts.sym);
      const t = r.text;
      return {
        ...base,
        header: {
          goVersion: t.goVersion,
          goos: t.goos,
          goarch: t.goarch,
          settings: t.settings,
          experiments: t.experiments,
          buildID: t.buildID ?? null,
        },
        flags: r.flags,
        imports: r.autolib().map((a) => a.pkg),
        packages: r.pkglist().slice(1),
        files: r.files(),
        symbols: objdumpJsonTable(view.obj, view.table, show, (i) => {
          // Symbols of other packages follow the object's own in the table.
          if (i >= r.ndef + r.nnonpkgref) return { block: "foreign" };
          const o = r.sym(i);
          return { block: view.block[i]!, flags: symFlagNames(o.flag, o.flag2), align: o.align };
        }) as unknown as JsonValue,
      };
    }),
  };
}
