/**
 * Host objects and the link mode (cmd/link/internal/ld/lib.go: loadobjfile's member rules, ldobj,
 * ldhostobj, hostobjs; config.go: determineLinkMode, mustLinkExternal), Go 1.26, linux/amd64.
 *
 * A package archive built with cgo holds, besides its Go objects, the objects gcc compiled
 * (`_x001.o`, ...). Each member gets a compilation unit (a host object's stays empty: it has no Go
 * DWARF, but it is a unit of the library all the same, which the DWARF units' sort sees). Host
 * objects are queued while the archives load and read (loadelf.ts) once the cgo directives are in,
 * when the link is internal. Whether it is: an explicit -linkmode wins; otherwise a cgo program
 * with a host object from a package outside internalpkg links externally.
 */
import { CgoAttrs, type CgoData, loadcgodirectives } from "./cgo.js";
import { LinkError, type Loader } from "./load.js";
import { type HostLoader, loadelf } from "./loadelf.js";
import { SubSyms } from "./subsym.js";
import type { LinkSym } from "./sym.js";

/** ld.Hostobj: a queued host object. */
export interface Hostobj {
  /** Its library's import path. */
  pkg: string;
  /** objabi.PathToPrefix of it: what names the host sections' symbols. */
  prefix: string;
  /** `archive(member)`, for messages. */
  pn: string;
  data: Uint8Array;
  /** ELF (ldelf); otherwise a format the linker does not read (unknownObjFormat). */
  elf: boolean;
}

/** What the cgo side of loadlib keeps for the later phases. */
export class HostState {
  /** The cgo directives' attributes (cgo.ts). */
  readonly cgo = new CgoAttrs();
  /** Host sections' interior symbols (subsym.ts). */
  readonly subs = new SubSyms();
  /** ld.hostobj, in load order. */
  readonly hostobj: Hostobj[] = [];
  /** ctxt.cgodata, in load order. */
  readonly cgodata: CgoData[] = [];
  /** The host objects' text symbols ldelf appended to ctxt.Textp (containers and interior ones). */
  readonly textp: LinkSym[] = [];
  /** AttrExternal of host-defined text symbols. */
  readonly hostText = new Set<LinkSym>();
  /** externalobj: a host object of a package that cannot link internally. */
  externalobj = false;
  /** unknownObjFormat: a member that is neither Go, nor ELF. */
  unknownObjFormat = false;
  /** Packages with a `dynimportfail` or `preferlinkext` member. */
  readonly dynimportfail: string[] = [];
  readonly preferlinkext: string[] = [];
  /** ctxt.LinkMode once decided. */
  linkMode: "internal" | "external" | undefined;
}

/** lib.go, internalpkg: the packages whose host objects the internal linker takes. */
const internalpkg: ReadonlySet<string> = new Set([
  "crypto/internal/boring",
  "crypto/internal/boring/syso",
  "crypto/x509",
  "net",
  "os/user",
  "runtime/cgo",
  "runtime/race",
  "runtime/race/internal/amd64v1",
  "runtime/race/internal/amd64v3",
  "runtime/msan",
  "runtime/asan",
]);

/** lib.go, ldhostobj: queue a host object; one outside internalpkg forces external linking. */
export function ldhostobj(h: HostState, o: Hostobj): void {
  if (!internalpkg.has(o.prefix)) h.externalobj = true;
  h.hostobj.push(o);
}

/**
 * lib.go, loadobjfile's rule for the members of an archive it loads: __.PKGDEF never, and of the
 * members with short names only *.o and *.syso (others are build tools' notes: dynimportfail,
 * preferlinkext). Returns whether to load `name`, recording the notes.
 */
export function loadableMember(h: HostState, pkg: string, name: string, linkModeSet: boolean): boolean {
  if (name === "__.PKGDEF") return false;
  if (name === "dynimportfail") h.dynimportfail.push(pkg);
  // Ignored when -linkmode is given.
  if (name === "preferlinkext" && !linkModeSet) h.preferlinkext.push(pkg);
  if (name.length < 16) {
    const dot = name.lastIndexOf(".");
    const ext = dot < 0 ? "" : name.slice(dot);
    if (ext !== ".o" && ext !== ".syso") return false;
  }
  return true;
}

/**
 * config.go, determineLinkMode for linux/amd64, buildmode exe, GO_EXTLINK_ENABLED unset:
 * `flag` is -linkmode ("", "auto", "internal" or "external"), `iscgo` whether runtime/cgo is
 * linked. Throws what Go reports for an impossible internal link.
 */
export function determineLinkMode(h: HostState, flag: string, iscgo: boolean): "internal" | "external" {
  let extReason = "";
  if (h.unknownObjFormat) extReason = "some input objects have an unrecognized file format";
  else if (h.dynimportfail.length > 0)
    extReason = `some packages could not be built to support internal linking (${h.dynimportfail.join(" ")})`;
  let mode: "internal" | "external";
  if (flag === "" || flag === "auto")
    mode =
      extReason !== "" || (iscgo && (h.externalobj || h.preferlinkext.length > 0)) ? "external" : "internal";
  else if (flag === "internal" || flag === "external") mode = flag;
  else throw new LinkError(`unknown link mode -linkmode=${flag}`);
  if (mode === "internal" && extReason !== "")
    throw new LinkError(`internal linking requested but external linking required: ${extReason}`);
  h.linkMode = mode;
  return mode;
}

/** lib.go, hostobjs: read every queued host object (internal linking only); their text goes to h.textp. */
export function hostobjs(h: HostState, l: Omit<HostLoader, "subs" | "cgo" | "hostText">): void {
  if (h.linkMode !== "internal") return;
  const hl: HostLoader = { ...l, subs: h.subs, cgo: h.cgo, hostText: h.hostText };
  for (const o of h.hostobj) {
    if (!o.elf) throw new LinkError(`${o.pn}: unrecognized object file format`);
    h.textp.push(...loadelf(hl, o.data, o.prefix, o.pn));
  }
}

/**
 * loader.UndefinedRelocTargets: the symbols relocations refer to that nothing defines (SXREF, but
 * not .got). With host objects, Go then tries libgcc and libc_nonshared.a, which the model does not
 * read: their names are returned for the caller to refuse the link.
 */
export function undefinedRelocTargets(ld: Loader): string[] {
  const out = new Set<string>();
  for (const s of ld.syms)
    for (const r of s.R) if (r.sym.type === "SXREF" && r.sym.name !== ".got") out.add(r.sym.name);
  return [...out];
}

/**
 * The cgo part of loadlib, after LoadSyms: determineLinkMode (`linkmode` is -linkmode, `iscgo`
 * whether runtime/cgo is linked), loadcgodirectives, hostobjs; then, as Go would go looking in
 * libgcc for what the host objects still miss, a refusal when something is missing. `update` is
 * loader.MakeSymbolUpdater.
 */
export function loadhost(
  h: HostState,
  ld: Loader,
  linkmode: string,
  iscgo: boolean,
  update: (s: LinkSym) => LinkSym,
): void {
  determineLinkMode(h, linkmode, iscgo);
  loadcgodirectives({ ld, update }, h.cgo, h.cgodata);
  hostobjs(h, { ld, update });
  if (h.linkMode !== "internal" || h.hostobj.length === 0) return;
  const undef = undefinedRelocTargets(ld);
  if (undef.length > 0)
    throw new LinkError(
      `host objects refer to ${undef.slice(0, 5).join(", ")}${undef.length > 5 ? ", ..." : ""}, which nothing defines: Go would look in libgcc and libc_nonshared.a, which the model does not read`,
    );
}

/** -linkmode in a link command's arguments, as the flag package reads it (the last one wins); "" if none. */
export function linkmodeFlag(args: readonly string[]): string {
  let mode = "";
  for (let i = 0; i < args.length; i++) {
    const m = /^--?linkmode(?:=(.*))?$/.exec(args[i]!);
    if (m === null) continue;
    mode = m[1] ?? args[++i] ?? "";
  }
  return mode;
}
