/**
 * cgo's directives to the linker (cmd/link/internal/ld/go.go: ldpkg, loadcgo, setCgoAttr; lib.go:
 * loadcgodirectives), Go 1.26, for an internal link. The compiler copies a package's
 * `//go:cgo_*` pragmas into its object's header as a JSON list after `$$  // cgo`; before the
 * host objects load, the linker reads them and:
 *
 * - cgo_import_dynamic LOCAL REMOTE#VERSION LIB: LOCAL becomes SDYNIMPORT from LIB (a symbol a
 *   host object defines keeps its kind until the host objects load); `_ _ LIB` only links LIB;
 * - cgo_import_static LOCAL: LOCAL comes from a host object (SHOSTOBJ, then back to no kind);
 * - cgo_export_static LOCAL REMOTE ABI: host objects' references to REMOTE resolve to LOCAL of
 *   that ABI (loader.AddCgoExport); cgo_export_dynamic also makes it a deadcode root (dynexp);
 * - cgo_dynamic_linker, cgo_ldflag: the interpreter and host linker flags.
 *
 * The loader's attributes these set (extname, dynimplib, dynimpvers, CgoExportStatic/Dynamic) are
 * side tables here, as they are maps in Go's loader.
 */
import type { Loader } from "./load.js";
import { LinkError } from "./load.js";
import { type LinkSym, SymVerABI0, SymVerABIInternal } from "./sym.js";

/** ld.cgodata: one object's directives. */
export interface CgoData {
  file: string;
  /** objabi.PathToPrefix of the package path. */
  pkg: string;
  directives: string[][];
}

/** What setCgoAttr records: the loader's cgo side tables and the link's cgo globals. */
export class CgoAttrs {
  /** loader.SymExtname: the name outside Go (the remote name of an import or export). */
  readonly extname = new Map<LinkSym, string>();
  /** loader.SymDynimplib: the shared library a dynamic import comes from. */
  readonly dynimplib = new Map<LinkSym, string>();
  /** loader.SymDynimpvers: the symbol version (after `#`) of a dynamic import. */
  readonly dynimpvers = new Map<LinkSym, string>();
  /** AttrCgoExportStatic, AttrCgoExportDynamic. */
  readonly cgoExportStatic = new Set<LinkSym>();
  readonly cgoExportDynamic = new Set<LinkSym>();
  /** loader.CgoExports: by name, the Go symbol (of the exported ABI) host objects refer to. */
  readonly cgoExports = new Map<string, LinkSym>();
  /** ctxt.dynexp: dynamic exports, roots of deadcode, in directive order. */
  readonly dynexp: LinkSym[] = [];
  /** dynlib: libraries named by `cgo_import_dynamic _ _ LIB`. */
  readonly dynlib: string[] = [];
  /** havedynamic: some directive imports dynamically. */
  havedynamic = false;
  /** interpreter: from cgo_dynamic_linker. */
  interpreter = "";
  /** ldflag: cgo_ldflag values. */
  readonly ldflag: string[] = [];
}

/**
 * go.go, ldpkg and loadcgo: the directives in an object's text header (everything before the
 * `\n!\n` that ends it), or undefined when it has no `$$  // cgo` section. `file` names it in errors.
 */
export function cgoDirectivesOf(header: Uint8Array, file: string): string[][] | undefined {
  const data = new TextDecoder().decode(header);
  let p0 = data.indexOf("\n$$  // cgo");
  if (p0 < 0) return undefined;
  const nl = data.indexOf("\n", p0 + 1);
  if (nl < 0) throw new LinkError(`${file}: found $$ // cgo but no newline`);
  p0 = nl + 1;
  let p1 = data.indexOf("\n$$", p0);
  if (p1 < 0) p1 = data.indexOf("\n!\n", p0);
  if (p1 < 0) p1 = data.length;
  let v: unknown;
  try {
    // json.Decoder.Decode reads the first value only.
    v = JSON.parse(firstJsonValue(data.slice(p0, p1)));
  } catch (e) {
    throw new LinkError(`${file}: failed decoding cgo directives: ${(e as Error).message}`);
  }
  if (!Array.isArray(v) || !v.every((d) => Array.isArray(d) && d.every((w) => typeof w === "string")))
    throw new LinkError(`${file}: failed decoding cgo directives: not a list of lists of strings`);
  return v as string[][];
}

/** The text of the first JSON array in `s` (the section may have trailing text). */
function firstJsonValue(s: string): string {
  const start = s.indexOf("[");
  if (start < 0) return s;
  let depth = 0;
  let inStr = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return s.slice(start, i + 1);
  }
  return s.slice(start);
}

/** What setCgoAttr needs of the loader. */
export interface CgoLoader {
  ld: Loader;
  /** loader.MakeSymbolUpdater: a symbol an object defines becomes the linker's own. */
  update(s: LinkSym): LinkSym;
}

/** obj.ParseABI. */
function parseABI(s: string): number | undefined {
  if (s === "ABI0") return SymVerABI0;
  if (s === "ABIInternal") return SymVerABIInternal;
  return undefined;
}

/**
 * go.go, setCgoAttr for an internal link of an executable: apply one object's directives.
 * Symbols a cgo_import_static or a host-defined cgo_import_dynamic names go to `hostObjSyms`.
 */
export function setCgoAttr(l: CgoLoader, cgo: CgoAttrs, d: CgoData, hostObjSyms: Set<LinkSym>): void {
  const { ld } = l;
  for (const f of d.directives) {
    switch (f[0]) {
      case "cgo_import_dynamic": {
        if (f.length < 2 || f.length > 4) break;
        const local = f[1]!;
        let remote = f[2] ?? local;
        const lib = f[3] ?? "";
        if (local === "_" && remote === "_") {
          cgo.havedynamic = true;
          cgo.dynlib.push(lib);
          continue;
        }
        let q = "";
        const hash = remote.indexOf("#");
        if (hash >= 0) {
          q = remote.slice(hash + 1);
          remote = remote.slice(0, hash);
        }
        const s = ld.lookupOrCreate(local, "Sxxx", 0);
        const st = s.type;
        if (st === "Sxxx" || st === "SXREF" || st === "SBSS" || st === "SNOPTRBSS" || st === "SHOSTOBJ") {
          cgo.dynimplib.set(s, lib);
          cgo.extname.set(s, remote);
          cgo.dynimpvers.set(s, q);
          if (st !== "SHOSTOBJ") l.update(s).type = "SDYNIMPORT";
          else hostObjSyms.add(s);
          cgo.havedynamic = true;
        }
        continue;
      }
      case "cgo_import_static": {
        if (f.length !== 2) break;
        const s = l.update(ld.lookupOrCreate(f[1]!, "Sxxx", 0));
        s.type = "SHOSTOBJ";
        s.size = 0;
        hostObjSyms.add(s);
        continue;
      }
      case "cgo_export_static":
      case "cgo_export_dynamic": {
        if (f.length < 2 || f.length > 4) break;
        const local = f[1]!;
        const remote = f[2] ?? local;
        // The compiler adds a fourth argument, the definition ABI of a function.
        const abi = f.length > 3 ? parseABI(f[3]!) : SymVerABI0;
        if (abi === undefined)
          throw new LinkError(`${d.file}: bad ABI in cgo_export directive ${JSON.stringify(f)}`);
        const s = ld.lookupOrCreate(local, "Sxxx", abi);
        if (s.type === "SHOSTOBJ") hostObjSyms.add(s);
        // Export overrides import (issue 4878).
        if ((cgo.dynimplib.get(s) ?? "") !== "") {
          cgo.dynimplib.set(s, "");
          cgo.dynimpvers.set(s, "");
          cgo.extname.set(s, "");
          l.update(s).type = "Sxxx";
        }
        if (!(cgo.cgoExportStatic.has(s) || cgo.cgoExportDynamic.has(s))) cgo.extname.set(s, remote);
        else if ((cgo.extname.get(s) ?? "") !== remote)
          throw new LinkError(
            `conflicting cgo_export directives: ${s.name} as ${cgo.extname.get(s) ?? ""} and ${remote}`,
          );
        if (f[0] === "cgo_export_static") {
          // Internal linking resolves the host objects' references itself, to this version.
          cgo.cgoExports.set(s.name, s);
          cgo.cgoExportStatic.add(s);
        } else {
          if (!cgo.cgoExportDynamic.has(s)) cgo.dynexp.push(s);
          cgo.cgoExportDynamic.add(s);
        }
        continue;
      }
      case "cgo_dynamic_linker":
        if (f.length !== 2) break;
        if (cgo.interpreter !== "" && cgo.interpreter !== f[1])
          throw new LinkError(`conflict dynlinker: ${cgo.interpreter} and ${f[1]}`);
        cgo.interpreter = f[1]!;
        continue;
      case "cgo_ldflag":
        if (f.length !== 2) break;
        cgo.ldflag.push(f[1]!);
        continue;
      default:
        break;
    }
    throw new LinkError(`${d.file}: invalid cgo directive: ${JSON.stringify(f)}`);
  }
}

/**
 * lib.go, loadcgodirectives for an internal link: every object's directives in load order, then
 * the cgo_import_static symbols go back to no kind (or to SDYNIMPORT when also imported
 * dynamically and not exported), the host objects being about to define them.
 */
export function loadcgodirectives(l: CgoLoader, cgo: CgoAttrs, cgodata: readonly CgoData[]): void {
  const hostObjSyms = new Set<LinkSym>();
  for (const d of cgodata) setCgoAttr(l, cgo, d, hostObjSyms);
  for (const s of hostObjSyms) {
    if (s.type !== "SHOSTOBJ") continue;
    const u = l.update(s);
    const exported = cgo.cgoExportStatic.has(s) || cgo.cgoExportDynamic.has(s);
    if ((cgo.extname.get(s) ?? "") !== "" && (cgo.dynimplib.get(s) ?? "") !== "" && !exported)
      u.type = "SDYNIMPORT";
    else u.type = "Sxxx";
  }
}
