/**
 * Writing the compiler model's object as a Go object file: cmd/internal/obj's WriteObjFile,
 * genFuncInfoSyms and the writer's Sym, Aux and contentHash (objfile.go), with gc's text header
 * (printObjHeader, dumpLinkerObj), Go 1.26. The bytes are read by goobj/objfile.ts and loaded by
 * linker/goload.ts exactly as a real object is.
 *
 * What the model's object has and a real one has too: every DWARF symbol with its relocations and
 * aux links, the text symbols (their size; the model has no machine code, so no data), the
 * variables with their Gotype, a FuncInfo per function (start line, the files its progs use, the
 * wrapper FuncID) and its Pcsp table, the file table and the text header with the experiments
 * (dwarf5 or not), and for data symbols compile() does not make yet (reflectdata's descriptors) the
 * weak relocation bit, the Typelink flag and content hashes over relocations as Go's writer
 * computes them. What it does not have: code, the other pc-value tables and funcdata, the
 * inlining tree in FuncInfo, type descriptors (the model's ObjFile.types stand for them, and
 * travel beside the object; see linker/modelload.ts), Autolib and package-indexed references.
 * Its string table is in block order, where Go's follows writer.StringTable's traversal: no
 * reader can tell (goobj/writer.test.ts writes a real object in Go's order, byte for byte).
 */
import { createHash } from "node:crypto";
import {
  encodeFuncInfo,
  type GoAux,
  type GoReloc,
  type GoSym,
  type SymRef,
  PkgIdxBuiltin,
  PkgIdxHashed,
  PkgIdxHashed64,
  PkgIdxNone,
  PkgIdxSelf,
  SymABIstatic,
  SymFlag,
  SymFlag2,
} from "../../goobj/objfile.js";
import { type GoDef, type GoHashedDef, objTextHeader, writeGoObj } from "../../goobj/writer.js";
import { PathToPrefix } from "../../goobj/prefix.js";
import { SortFunc } from "../../linker/sort.js";
import type { ObjFile } from "../gc/compile.js";
import { relocNumber, symKindNumber, type ToolchainProfile } from "../profile.js";
import { CompileError } from "./link.js";
import { LSym, type Reloc } from "./lsym.js";
import { abiOf, contentHashSection, dwarfAuxSyms, isTextSym, NumberSyms, ObjSyms } from "./sym.js";

/** objabi.R_WEAK: the bit of a relocation's type that makes it weak. */
const RWeak = 0x8000;

/** abi.FuncIDWrapper (internal/abi/symtab.go): objabi.GetFuncID of a wrapper. */
const FuncIDWrapper = 23;

/** objabi.GlobalDictPrefix. */
const GlobalDictPrefix = ".dict";

/** An object file and, by local index, the compiler symbol each definition came from. */
export interface WrittenObj {
  bytes: Uint8Array;
  /** Symdef, Hashed64def, Hasheddef then Nonpkgdef: the LSym written at each index. */
  defs: LSym[];
  /** How many of `defs` are package definitions (Symdef). */
  nsym: number;
  /** The builtins referred to (indices into goobj's builtin list), in index order. */
  builtins: number[];
}

/** objabi.HeaderString's experiments: buildcfg.Experiment.Enabled() for the object's DWARF version. */
function enabledExperiments(p: ToolchainProfile, dwarfVersion: 4 | 5): string[] {
  const e = p.experiments;
  if (e === undefined) throw new CompileError(`no experiment table for ${p.version}`);
  const on = new Set(e.baseline);
  if (dwarfVersion === 5) on.add("dwarf5");
  else on.delete("dwarf5");
  return e.fields.filter((f) => on.has(f));
}

/** WriteObjFile: the object file of `obj`, as the compiler's `_go_.o` archive member. */
export function WriteObjFile(obj: ObjFile): WrittenObj {
  const p = obj.profile;
  const tables = p.objabi;
  if (tables === undefined) throw new CompileError(`no object file numbering for ${p.version}`);
  if (obj.pkgpath === "") throw new CompileError("empty package path");

  const o = new ObjSyms(obj);
  NumberSyms(o);
  const funcInfo = genFuncInfoSyms(o);

  const ref = (s: LSym, what: string) => {
    const r = o.ref.get(s);
    if (r === undefined)
      throw new CompileError(`${what}: unindexed symbol reference ${s.name || "(anonymous)"}`);
    return r;
  };
  const auxNumber = (name: string): number => tables.auxNames.indexOf(name);

  const dictPrefix = `${obj.pkgpath}.${GlobalDictPrefix}`;
  const sym = (s: LSym): GoSym => {
    const kind = symKindNumber(p, s.type);
    if (kind === undefined)
      throw new CompileError(`${s.name}: symbol kind ${s.type} has no number in ${p.version}`);
    return {
      name: s.name,
      abi: s.has("Static") ? SymABIstatic : abiOf(s),
      type: kind,
      flag: symFlag(s),
      flag2: symFlag2(dictPrefix, s),
      siz: s.size,
      align: symAlign(o, s),
    };
  };
  const auxType = {
    Gotype: auxNumber("Gotype"),
    FuncInfo: auxNumber("FuncInfo"),
    DwarfInfo: auxNumber("DwarfInfo"),
    DwarfLoc: auxNumber("DwarfLoc"),
    DwarfRanges: auxNumber("DwarfRanges"),
    DwarfLines: auxNumber("DwarfLines"),
    Pcsp: auxNumber("Pcsp"),
  };
  const def = (s: LSym): GoDef => {
    const where = s.name;
    const goRelocs: GoReloc[] = new Array(s.R.length);
    for (let i = 0; i < s.R.length; i++) {
      const r = s.R[i]!;
      const type = relocNumber(p, r.type);
      if (type === undefined)
        throw new CompileError(`${where}: relocation ${r.type} has no number in ${p.version}`);
      // objabi.R_WEAK is a bit of the type number (R_WEAKADDROFF = R_WEAK | R_ADDROFF).
      const t = r.weak === true ? type | RWeak : type;
      goRelocs[i] = { off: r.off, siz: r.siz, type: t, add: r.add, sym: ref(r.sym, where) };
    }
    // writer: relocations in address order (slices.SortFunc, unstable, as Go sorts them; it leaves
    // a list already in order as it is).
    if (!inOrder(goRelocs)) SortFunc(goRelocs, (a, b) => a.off - b.off);
    const auxs: GoAux[] = [];
    const aux1 = (type: number, a: LSym | undefined): void => {
      if (a !== undefined && a.size !== 0) auxs.push({ type, sym: ref(a, where) });
    };
    if (s.Gotype !== undefined) auxs.push({ type: auxType.Gotype, sym: ref(s.Gotype, where) });
    const f = s.func;
    if (f !== undefined) {
      const fi = funcInfo.get(s);
      if (fi !== undefined) auxs.push({ type: auxType.FuncInfo, sym: ref(fi, where) });
      aux1(auxType.DwarfInfo, f.dwarfInfoSym);
      aux1(auxType.DwarfLoc, f.dwarfLocSym);
      aux1(auxType.DwarfRanges, f.dwarfRangesSym);
      aux1(auxType.DwarfLines, f.dwarfDebugLinesSym);
      aux1(auxType.Pcsp, o.pcsp.get(s));
    } else if (s.varInfo !== undefined) {
      aux1(auxType.DwarfInfo, s.varInfo.dwarfInfoSym);
    }
    // The model has no machine code: a text symbol's size is Siz, its data empty.
    return Object.assign(sym(s), { relocs: goRelocs, auxs, data: isTextSym(s) ? new Uint8Array(0) : s.P });
  };
  const hashes = new Map<LSym, Uint8Array>();
  const hashOf = (s: LSym): Uint8Array => {
    let h = hashes.get(s);
    if (h === undefined) {
      h = contentHash(
        o,
        s,
        PathToPrefix(obj.pkgpath),
        ref,
        (r) => {
          const type = relocNumber(p, r.type);
          if (type === undefined)
            throw new CompileError(`${s.name}: relocation ${r.type} has no number in ${p.version}`);
          return r.weak === true ? type | RWeak : type;
        },
        hashOf,
      );
      hashes.set(s, h);
    }
    return h;
  };
  const hashed = (s: LSym): GoHashedDef => Object.assign(def(s), { hash: hashOf(s) });

  const bytes = writeGoObj({
    textHeader: objTextHeader({
      goos: "linux",
      goarch: obj.goarch ?? "amd64",
      version: p.compilerVersion,
      // The default microarchitecture level Go records (buildcfg's GOAMD64 / GOARM64).
      settings: [obj.goarch === "arm64" ? "GOARM64=v8.0" : "GOAMD64=v1"],
      experiments: enabledExperiments(p, obj.dwarfVersion),
      main: obj.pkgname === "main",
    }),
    fingerprint: new Uint8Array(8),
    flags: 0,
    autolib: [],
    pkglist: [""],
    files: obj.files,
    symdefs: o.defs.map(def),
    hashed64defs: o.hashed64defs.map((s) => Object.assign(def(s), { hash: contentHash64(s) })),
    hasheddefs: o.hasheddefs.map(hashed),
    nonpkgdefs: o.nonpkgdefs.map(def),
    nonpkgrefs: o.nonpkgrefs.map(sym),
    refFlags: [],
    refNames: [],
  });
  const builtins = new Set<number>();
  for (const r of o.ref.values()) if (r.pkg === PkgIdxBuiltin) builtins.add(r.idx);
  return {
    bytes,
    defs: [...o.defs, ...o.hashed64defs, ...o.hasheddefs, ...o.nonpkgdefs],
    nsym: o.defs.length,
    builtins: [...builtins].sort((a, b) => a - b),
  };
}

/**
 * genFuncInfoSyms: per text symbol, its FuncInfo symbol (anonymous SDATA) and its non-empty DWARF
 * aux symbols become package definitions, appended to Symdef in that order.
 */
function genFuncInfoSyms(o: ObjSyms): Map<LSym, LSym> {
  const out = new Map<LSym, LSym>();
  const add = (s: LSym): void => {
    o.ref.set(s, { pkg: PkgIdxSelf, idx: o.defs.length });
    o.defs.push(s);
  };
  for (const s of o.obj.text) {
    const f = s.func;
    if (f === undefined) continue;
    const isym = new LSym("", "SDATA");
    isym.writeBytes(
      0,
      encodeFuncInfo({
        args: 0,
        locals: 0,
        funcID: s.has("Wrapper") ? FuncIDWrapper : 0,
        funcFlag: 0,
        startLine: f.startLine,
        file: o.usedFiles(s),
        inlTree: [],
      }),
    );
    add(isym);
    out.set(s, isym);
    for (const a of dwarfAuxSyms(s)) add(a);
  }
  return out;
}

/** Whether the relocations are in offset order already. */
function inOrder(rs: readonly GoReloc[]): boolean {
  for (let i = 1; i < rs.length; i++) if (rs[i]!.off < rs[i - 1]!.off) return false;
  return true;
}

/** writer.Sym's flag. */
function symFlag(s: LSym): number {
  let flag = 0;
  if (s.has("DuplicateOK")) flag |= SymFlag.Dupok;
  if (s.has("Local")) flag |= SymFlag.Local;
  if (s.has("MakeTypelink")) flag |= SymFlag.Typelink;
  if (s.name.startsWith("type:") && s.name[5] !== "." && s.type === "SRODATA") flag |= SymFlag.GoType;
  return flag;
}

/** writer.Sym's flag2. */
function symFlag2(dictPrefix: string, s: LSym): number {
  let flag2 = 0;
  if (s.name.startsWith("go:itab.") && s.type === "SRODATA") flag2 |= SymFlag2.Itab;
  if (s.name.startsWith(dictPrefix)) flag2 |= SymFlag2.Dict;
  // The runtime linknames main.main.
  if (s.name === "main.main") flag2 |= SymFlag2.Linkname;
  return flag2;
}

/** writer.Sym's alignment: a function's (0 in the model), or a content-addressable symbol's by its size. */
function symAlign(o: ObjSyms, s: LSym): number {
  if (!o.contentAddressable.has(s) || s.size === 0) return 0;
  if (s.size % 8 === 0) return 8;
  if (s.size % 4 === 0) return 4;
  if (s.size % 2 === 0) return 2;
  return 1;
}

/** contentHash64: the (at most 8) bytes themselves. */
function contentHash64(s: LSym): Uint8Array {
  const b = new Uint8Array(8);
  b.set(s.P.subarray(0, 8));
  return b;
}

/**
 * writer.contentHash of a symbol without relocations (the model's content-addressable symbols, the
 * pc-value tables, have none): hash.New32 (SHA-256 after a 1 byte) of the size, the section
 * mnemonic (contentHashSection) and the contents without trailing zeros, truncated to 16 bytes.
 */
export function contentHashOf(size: number, section: number, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(9);
  new DataView(head.buffer).setBigUint64(0, BigInt(size), true);
  head[8] = section;
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  // Functions share their pc-value tables more often than not: hash each content once.
  const key = `${size}:${section}:${latin1.decode(data.subarray(0, end))}`;
  let sum = hashCache.get(key);
  if (sum === undefined) {
    const h = createHash("sha256").update(Uint8Array.of(1)).update(head).update(data.subarray(0, end));
    sum = new Uint8Array(h.digest()).slice(0, 16);
    if (hashCache.size >= 1 << 14) hashCache.clear();
    hashCache.set(key, sum);
  }
  return sum;
}

/**
 * writer.contentHash: contentHashOf's bytes, then per relocation its offset, size, type (its low
 * byte, as Go truncates it) and addend, and its target: a short-hashed one by its bytes, a hashed
 * one by its hash, a non-package one by name, a builtin or a package definition by index (the
 * latter after the escaped package path). Package-indexed references are not modelled.
 */
function contentHash(
  o: ObjSyms,
  s: LSym,
  pkgpath: string,
  ref: (s: LSym, what: string) => SymRef,
  relocType: (r: Reloc) => number,
  hashOf: (s: LSym) => Uint8Array,
): Uint8Array {
  if (s.R.length === 0) return contentHashOf(s.size, contentHashSection(o, s), s.P);
  const head = new Uint8Array(9);
  new DataView(head.buffer).setBigUint64(0, BigInt(s.size), true);
  head[8] = contentHashSection(o, s);
  let end = s.P.length;
  while (end > 0 && s.P[end - 1] === 0) end--;
  const h = createHash("sha256").update(Uint8Array.of(1)).update(head).update(s.P.subarray(0, end));
  const tmp = new Uint8Array(14);
  const dv = new DataView(tmp.buffer);
  const u32 = (v: number): Uint8Array => {
    dv.setUint32(0, v >>> 0, true);
    return tmp.slice(0, 4);
  };
  for (const r of s.R) {
    dv.setUint32(0, r.off >>> 0, true);
    tmp[4] = r.siz & 0xff;
    tmp[5] = relocType(r) & 0xff;
    dv.setBigInt64(6, BigInt(r.add), true);
    h.update(tmp);
    const rs = ref(r.sym, s.name);
    switch (rs.pkg) {
      case PkgIdxHashed64:
        h.update(Uint8Array.of(0)).update(contentHash64(r.sym));
        break;
      case PkgIdxHashed:
        h.update(Uint8Array.of(1)).update(hashOf(r.sym));
        break;
      case PkgIdxNone:
        h.update(Uint8Array.of(2)).update(r.sym.name);
        break;
      case PkgIdxBuiltin:
        h.update(Uint8Array.of(3)).update(u32(rs.idx));
        break;
      case PkgIdxSelf:
        h.update(pkgpath).update(u32(rs.idx));
        break;
      default:
        throw new CompileError(`${s.name}: content hash of a package-indexed reference is not modelled`);
    }
  }
  return new Uint8Array(h.digest()).slice(0, 16);
}

const latin1 = new TextDecoder("latin1");

/** Content hashes by content (contentHashOf's memo; small tables, bounded). */
const hashCache = new Map<string, Uint8Array>();
