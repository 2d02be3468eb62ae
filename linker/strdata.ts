/**
 * String variables the linker sets, and the build information it records (cmd/link/internal/ld
 * data.go: addstrdata1, addstrdata, dostrdata, buildinfo; main.go), Go 1.26.
 *
 * `-X importpath.name=value`, the importcfg's `modinfo` line (runtime.modinfo), and what the
 * linker adds itself after the flags (runtime.defaultGOROOT unless -trimpath, runtime.buildVersion)
 * become initialized string variables: the variable moves from .bss to .data and points to a new
 * read-only symbol `<name>.str` holding the bytes. go:buildinfo (.go.buildinfo) carries the
 * version and modinfo strings for `go version -m`.
 */
import { PathToPrefix } from "../goobj/prefix.js";
import { LinkError, type Loader } from "./load.js";
import type { LinkSym } from "./sym.js";

/** linux/amd64 sys.Arch.PtrSize. */
const ptrSize = 8;

/**
 * main.go's strdata, in strnames order: each -X and the importcfg's modinfo as met on the command
 * line, then runtime.defaultGOROOT (when GOROOT is known), then runtime.buildVersion. A name set
 * twice keeps its first place and its last value (addstrdata1). A value is a Go string: bytes
 * (modinfo is framed by bytes that are not UTF-8), or a JS string standing for its UTF-8.
 */
export type StrData = readonly (readonly [name: string, value: string | Uint8Array])[];

/** data.go, addstrdata1 applied in order: the names in first-set order, each with its last value as bytes. */
export function strdataMap(strdata: StrData): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const [name, value] of strdata) m.set(name, typeof value === "string" ? utf8.encode(value) : value);
  return m;
}

/** data.go, dostrdata: addstrdata for every name. Run after deadcode and linksetup. */
export function dostrdata(ld: Loader, strdata: StrData): void {
  for (const [name, value] of strdataMap(strdata)) addstrdata(ld, name, value);
}

/** data.go, addstrdata: set the string variable `name` (if it is kept) to `value`. */
export function addstrdata(ld: Loader, name: string, value: Uint8Array): void {
  const s = ld.lookup(name, 0);
  if (s === undefined || s.goType === undefined) return;
  if (s.goType !== "string")
    throw new LinkError(`${name}: cannot set with -X: not a var of type string (type:${s.goType})`);
  if (!s.reachable) return;
  if (s.type === "SBSS") s.type = "SDATA";
  const str = createSymForUpdate(ld, `${name}.str`);
  str.addBytes(value);
  str.addUint8(0);
  str.type = "SRODATA";
  // The variable keeps its size; its contents become {&str, len(value)}.
  const size = s.size;
  s.setData(new Uint8Array(2 * ptrSize));
  s.R.length = 0;
  s.R.push({ off: 0, siz: ptrSize, type: "R_ADDR", sym: str, add: 0 });
  s.setUint(ptrSize, ptrSize, value.length);
  if (size > s.size) s.grow(size - s.size);
}

/** loader.CreateSymForUpdate: look up or create a version-0 symbol and mark it reachable. */
export function createSymForUpdate(ld: Loader, name: string): LinkSym {
  const s = ld.lookupOrCreate(name);
  s.reachable = true;
  return s;
}

const utf8 = new TextEncoder();

/** binary.PutUvarint. */
function uvarint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/**
 * data.go, buildinfo: go:buildinfo (SBUILDINFO, 16-aligned: a 32-byte header, then the version
 * and modinfo as varint-prefixed strings, padded to 16) and go:buildinfo.ref, the read-only
 * pointer that keeps it alive. Run after textaddress.
 */
export function buildinfo(ld: Loader, strdata: StrData): LinkSym {
  const m = strdataMap(strdata);
  const s = createSymForUpdate(ld, "go:buildinfo");
  s.type = "SBUILDINFO";
  s.align = 16;
  const prefix = "\xff Go buildinf:";
  const data: number[] = new Array<number>(32).fill(0);
  for (let i = 0; i < prefix.length; i++) data[i] = prefix.charCodeAt(i);
  data[prefix.length] = ptrSize;
  data[prefix.length + 1] = 2; // little endian, pointer-free format
  for (const b of [m.get("runtime.buildVersion"), m.get("runtime.modinfo")]) {
    const v = b ?? new Uint8Array(0);
    data.push(...uvarint(v.length), ...v);
  }
  while (data.length % 16 !== 0) data.push(0);
  s.setData(data);
  const ref = createSymForUpdate(ld, "go:buildinfo.ref");
  ref.type = "SRODATA";
  ref.align = ptrSize;
  ref.setData([]);
  ref.R.length = 0;
  ref.addSymRef(s, 0, "R_ADDR", ptrSize);
  return s;
}

/** What decides the linker's string data besides its objects. */
export interface StrDataInputs {
  /** The link command's arguments (tool excluded), for -X and -importcfg in their order. */
  args: readonly string[];
  /** The importcfg's modinfo, as bytes (readImportCfg sets runtime.modinfo while -importcfg is parsed). */
  modinfo?: Uint8Array | undefined;
  /** buildcfg.GOROOT of the linker ("" under -trimpath: no runtime.defaultGOROOT). */
  goroot: string;
  /** buildcfg.Version, with "-X:" and the non-default experiments when there are any. */
  buildVersion: string;
}

/** main.go: strdata in strnames order from the link command line, then defaultGOROOT and buildVersion. */
export function linkerStrdata(inp: StrDataInputs): StrData {
  const out: [string, string | Uint8Array][] = [];
  const a = inp.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const flag = w.replace(/^--?/, "-");
    let def: string | undefined;
    if (flag === "-X") def = a[++i];
    else if (flag.startsWith("-X=")) def = flag.slice(3);
    else if ((flag === "-importcfg" || flag.startsWith("-importcfg=")) && inp.modinfo !== undefined)
      out.push(["runtime.modinfo", inp.modinfo]);
    if (def === undefined) continue;
    const eq = def.indexOf("=");
    const dot = def.lastIndexOf(".", eq);
    if (eq < 0 || dot < 0)
      throw new LinkError(`-X flag requires argument of the form importpath.name=value: ${def}`);
    out.push([`${PathToPrefix(def.slice(0, dot))}${def.slice(dot, eq)}`, def.slice(eq + 1)]);
  }
  if (inp.goroot !== "") out.push(["runtime.defaultGOROOT", inp.goroot]);
  out.push(["runtime.buildVersion", inp.buildVersion]);
  return out;
}
