/**
 * Reading an object document (json.ts describes the format) back into an ObjFile: every LSym
 * rebuilt with its contents, relocations, aux links, FuncInfo and provenance marks. Validation is
 * strict: every field is checked (type, range, unknown keys, the kind and relocation numbers
 * against the toolchain profile, each relocation target's name and label against the symbol it
 * names), and anything wrong is an ObjJsonError naming the file and the JSON pointer of the bad
 * value ("/symbols/3/relocs/0/type/name", as IrError does for program IR), never a stack trace.
 */
import { parseJsonWith } from "../json-syntax.js";
import type { ObjFile } from "../gc/compile.js";
import { ptr } from "../ir-error.js";
import { Attr, type AttrName, type FuncInfo, LSym, type Prog } from "../obj/lsym.js";
import { PROFILES, type RelocTypeName, type SymKindName, type ToolchainProfile } from "../profile.js";
import { ObjJsonError } from "./errors.js";
import { OBJ_FORMAT_VERSION } from "./json.js";
import { SYM_ROLES, type SymRole } from "./symtab.js";

type Obj = Record<string, unknown>;

/** Checks one document, failing with the file and JSON path of the first bad value. */
class Checker {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new ObjJsonError(this.file, path, problem);
  }

  obj(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Obj {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      this.fail(path, `expected an object, found ${what(v)}`);
    const o = v as Obj;
    for (const k of required) if (!Object.hasOwn(o, k)) this.fail(path, `missing field "${k}"`);
    for (const k of Object.keys(o))
      if (!required.includes(k) && !optional.includes(k)) this.fail(ptr(path, k), `unknown field "${k}"`);
    return o;
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, found ${what(v)}`);
    return v;
  }

  str(v: unknown, path: string): string {
    if (typeof v !== "string") this.fail(path, `expected a string, found ${what(v)}`);
    return v;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== "boolean") this.fail(path, `expected true or false, found ${what(v)}`);
    return v;
  }

  int(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v))
      this.fail(path, `expected an integer, found ${what(v)}`);
    if (v < min || v > max) this.fail(path, `${v} is out of range (${min} to ${max})`);
    return v;
  }

  oneOf<T extends string | number>(v: unknown, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(v as T))
      this.fail(
        path,
        `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, found ${what(v)}`,
      );
    return v as T;
  }
}

function what(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

/** Parses the text of an object file; JSON syntax errors name the line and column. */
export function objFromJsonText(text: string, file: string): ObjFile {
  return objFromJson(parseJsonText(text, file), file);
}

/** JSON.parse with an ObjJsonError for malformed text, naming the line and column (as parseIr does). */
export function parseJsonText(text: string, file: string): unknown {
  return parseJsonWith(text, (problem) => new ObjJsonError(file, "", problem));
}

/** The largest symbol: the model's linker holds each output section in one buffer of at most 1 GiB. */
export const MAX_SYMBOL_SIZE = 2 ** 30;

const ATTR_NAMES = Object.keys(Attr) as AttrName[];
const AUX_KEYS = ["gotype", "dwarfInfo", "dwarfLoc", "dwarfRanges", "dwarfLines", "dwarfAbsFn"] as const;
const SYMBOL_REQUIRED = [
  "index",
  "name",
  "label",
  "role",
  "defined",
  "kind",
  "attrs",
  "size",
  "data",
  "relocs",
] as const;
const SYMBOL_OPTIONAL = ["abi", "aux", "func", "marks"] as const;

/** Reads a parsed object document (from `file`, for messages) into an ObjFile. */
export function objFromJson(doc: unknown, file: string): ObjFile {
  const c: Checker = new Checker(file);
  const top = c.obj(doc, "", ["godwarfObject", "toolchain", "package", "dwarfVersion", "files", "symbols"]);
  if (top.godwarfObject !== OBJ_FORMAT_VERSION)
    c.fail(
      "/godwarfObject",
      `unsupported object format ${what(top.godwarfObject)} (this godwarf reads ${OBJ_FORMAT_VERSION})`,
    );
  const toolchain = c.str(top.toolchain, "/toolchain");
  const profile = PROFILES[toolchain];
  if (profile === undefined)
    c.fail(
      "/toolchain",
      `no toolchain profile for ${what(toolchain)} (known: ${Object.keys(PROFILES).join(", ")})`,
    );
  const pkg = c.obj(top.package, "/package", ["path", "name"]);
  const pkgpath = c.str(pkg.path, "/package/path");
  const pkgname = c.str(pkg.name, "/package/name");
  const dwarfVersion = c.oneOf(top.dwarfVersion, "/dwarfVersion", [4, 5] as const);
  const files = c.arr(top.files, "/files").map((f, i) => c.str(f, `/files/${i}`));
  const raw = c.arr(top.symbols, "/symbols");

  // First pass: the symbols themselves, so that references may point forward.
  const syms: LSym[] = [];
  const heads: { o: Obj; path: string; label: string; role: SymRole }[] = [];
  const labels = new Map<string, number>();
  raw.forEach((v, i) => {
    const path = `/symbols/${i}`;
    const o = c.obj(v, path, SYMBOL_REQUIRED, SYMBOL_OPTIONAL);
    if (o.index !== i) c.fail(`${path}/index`, `expected ${i} (its position), found ${what(o.index)}`);
    const name = c.str(o.name, `${path}/name`);
    const label = c.str(o.label, `${path}/label`);
    const other = labels.get(label);
    if (other !== undefined) c.fail(`${path}/label`, `label ${what(label)} is also symbol ${other}'s`);
    labels.set(label, i);
    const role = c.oneOf(o.role, `${path}/role`, SYM_ROLES);
    if (c.bool(o.defined, `${path}/defined`) !== (role !== "undefined"))
      c.fail(`${path}/defined`, `must be ${role !== "undefined"} for role "${role}"`);
    syms.push(new LSym(name, readKind(c, o.kind, `${path}/kind`, profile)));
    heads.push({ o, path, label, role });
  });

  const symAt = (v: unknown, path: string): LSym => syms[c.int(v, path, 0, syms.length - 1)]!;
  const text: LSym[] = [];
  const data: LSym[] = [];
  heads.forEach(({ o, path, role }, i) => {
    const s = syms[i]!;
    if (role === "text" && o.func === undefined) c.fail(path, `a symbol with role "text" needs "func"`);
    if (o.abi !== undefined) s.abi = c.oneOf(o.abi, `${path}/abi`, ["ABIInternal", "ABI0"] as const);
    const attrs = c.arr(o.attrs, `${path}/attrs`);
    attrs.forEach((a, k) => {
      const n = c.oneOf(a, `${path}/attrs/${k}`, ATTR_NAMES);
      if (s.has(n)) c.fail(`${path}/attrs/${k}`, `attribute ${n} is listed twice`);
      s.set(n, true);
    });
    const size = c.int(o.size, `${path}/size`, 0, MAX_SYMBOL_SIZE);
    const bytes = readHex(c, o.data, `${path}/data`);
    if (bytes.length > 0) {
      if (bytes.length !== size)
        c.fail(
          `${path}/data`,
          `${bytes.length} bytes of data but size is ${size} (data must be empty or size bytes)`,
        );
      s.writeBytes(0, bytes);
    }
    s.size = size;

    c.arr(o.relocs, `${path}/relocs`).forEach((rv, k) => {
      const rp = `${path}/relocs/${k}`;
      const r = c.obj(rv, rp, ["off", "siz", "type", "target", "add"]);
      const off = c.int(r.off, `${rp}/off`);
      const siz = c.int(r.siz, `${rp}/siz`, 0, 8);
      if (off + siz > bytes.length)
        c.fail(
          rp,
          `relocation of ${siz} bytes at ${off} runs past the symbol's ${bytes.length} bytes of data`,
        );
      const type = readRelocType(c, r.type, `${rp}/type`, profile);
      const t = c.obj(r.target, `${rp}/target`, ["index", "name", "label"]);
      const ti = c.int(t.index, `${rp}/target/index`, 0, syms.length - 1);
      if (t.name !== syms[ti]!.name)
        c.fail(
          `${rp}/target/name`,
          `expected ${what(syms[ti]!.name)} (symbol ${ti}'s name), found ${what(t.name)}`,
        );
      if (t.label !== heads[ti]!.label)
        c.fail(
          `${rp}/target/label`,
          `expected ${what(heads[ti]!.label)} (symbol ${ti}'s label), found ${what(t.label)}`,
        );
      const add = c.int(r.add, `${rp}/add`, Number.MIN_SAFE_INTEGER);
      s.addRel({ off, siz, type, sym: syms[ti]!, add });
    });

    if (o.func !== undefined) s.func = readFunc(c, o.func, `${path}/func`, symAt);
    if (o.aux !== undefined) {
      const ap = `${path}/aux`;
      const aux = c.obj(o.aux, ap, [], AUX_KEYS);
      const f = s.func;
      if (aux.gotype !== undefined) s.Gotype = symAt(aux.gotype, `${ap}/gotype`);
      if (f === undefined) {
        for (const k of AUX_KEYS)
          if (k !== "dwarfInfo" && k !== "gotype" && aux[k] !== undefined)
            c.fail(ptr(ap, k), `only a text symbol (one with "func") has ${k}`);
        if (aux.dwarfInfo !== undefined)
          s.varInfo = { dwarfInfoSym: symAt(aux.dwarfInfo, `${ap}/dwarfInfo`) };
      } else {
        if (aux.dwarfInfo !== undefined) f.dwarfInfoSym = symAt(aux.dwarfInfo, `${ap}/dwarfInfo`);
        if (aux.dwarfLoc !== undefined) f.dwarfLocSym = symAt(aux.dwarfLoc, `${ap}/dwarfLoc`);
        if (aux.dwarfRanges !== undefined) f.dwarfRangesSym = symAt(aux.dwarfRanges, `${ap}/dwarfRanges`);
        if (aux.dwarfLines !== undefined) f.dwarfDebugLinesSym = symAt(aux.dwarfLines, `${ap}/dwarfLines`);
        if (aux.dwarfAbsFn !== undefined) f.dwarfAbsFnSym = symAt(aux.dwarfAbsFn, `${ap}/dwarfAbsFn`);
      }
    }

    if (o.marks !== undefined) {
      let last = -1;
      c.arr(o.marks, `${path}/marks`).forEach((mv, k) => {
        const mp = `${path}/marks/${k}`;
        const m = c.obj(mv, mp, ["off", "who"]);
        const off = c.int(m.off, `${mp}/off`, 0, size);
        if (off <= last)
          c.fail(`${mp}/off`, `marks must be in increasing offset order (${off} after ${last})`);
        last = off;
        s.marks.push({ off, who: c.str(m.who, `${mp}/who`) });
      });
    }

    if (role === "text") text.push(s);
    else if (role === "data") {
      data.push(s);
    }
  });

  return { pkgpath, pkgname, profile, dwarfVersion, text, data, files };
}

function readKind(c: Checker, v: unknown, path: string, profile: ToolchainProfile): SymKindName {
  const k = c.obj(v, path, ["name", "number"]);
  const name = c.str(k.name, `${path}/name`);
  if (!Object.hasOwn(profile.symKind, name))
    c.fail(`${path}/name`, `unknown symbol kind ${what(name)} in ${profile.version}`);
  const want = profile.symKind[name as SymKindName];
  if (k.number !== want)
    c.fail(`${path}/number`, `${name} is ${want} in ${profile.version}, found ${what(k.number)}`);
  return name as SymKindName;
}

function readRelocType(c: Checker, v: unknown, path: string, profile: ToolchainProfile): RelocTypeName {
  const t = c.obj(v, path, ["name", "number"]);
  const name = c.str(t.name, `${path}/name`);
  if (!Object.hasOwn(profile.relocType, name))
    c.fail(`${path}/name`, `unknown relocation type ${what(name)} in ${profile.version}`);
  const want = profile.relocType[name as RelocTypeName];
  if (t.number !== want)
    c.fail(`${path}/number`, `${name} is ${want} in ${profile.version}, found ${what(t.number)}`);
  return name as RelocTypeName;
}

function readFunc(c: Checker, v: unknown, path: string, symAt: (v: unknown, path: string) => LSym): FuncInfo {
  const f = c.obj(v, path, ["startLine", "autot", "progs"], ["pcsp"]);
  const startLine = c.int(f.startLine, `${path}/startLine`);
  const autot = new Set<LSym>();
  c.arr(f.autot, `${path}/autot`).forEach((a, k) => {
    const s = symAt(a, `${path}/autot/${k}`);
    if (autot.has(s)) c.fail(`${path}/autot/${k}`, `symbol ${String(a)} is listed twice`);
    autot.add(s);
  });
  const text: Prog[] = c.arr(f.progs, `${path}/progs`).map((pv, k) => {
    const pp = `${path}/progs/${k}`;
    const p = c.obj(pv, pp, ["pc", "fileIndex", "line", "isStmt", "prologueEnd"]);
    return {
      pc: c.int(p.pc, `${pp}/pc`),
      fileIndex: c.int(p.fileIndex, `${pp}/fileIndex`),
      line: c.int(p.line, `${pp}/line`),
      isStmt: c.bool(p.isStmt, `${pp}/isStmt`),
      prologueEnd: c.bool(p.prologueEnd, `${pp}/prologueEnd`),
    };
  });
  const fi: FuncInfo = { startLine, text, autot };
  if (f.pcsp !== undefined) {
    fi.pcsp = c.arr(f.pcsp, `${path}/pcsp`).map((ev, k) => {
      const ep = `${path}/pcsp/${k}`;
      const e = c.obj(ev, ep, ["pc", "spdelta"]);
      return {
        pc: c.int(e.pc, `${ep}/pc`),
        spdelta: c.int(e.spdelta, `${ep}/spdelta`, Number.MIN_SAFE_INTEGER),
      };
    });
  }
  return fi;
}

function readHex(c: Checker, v: unknown, path: string): Uint8Array {
  const s = c.str(v, path);
  const bad = /[^0-9a-f]/.exec(s);
  if (bad !== null) c.fail(path, `not lowercase hex: ${JSON.stringify(bad[0])} at character ${bad.index}`);
  if (s.length % 2 !== 0) c.fail(path, `odd number of hex digits (${s.length})`);
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}
