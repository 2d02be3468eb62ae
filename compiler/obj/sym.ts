/**
 * Numbering an object's symbols for the object file: cmd/internal/obj's NumberSyms, traverseSyms
 * and traverseFuncAux (sym.go), Go 1.26, over the compiler model's ObjFile.
 *
 * Every definition gets an index in one of four blocks: content-addressable symbols (here only the
 * pc-value tables) in Hashed64def or Hasheddef, DUPOK ones (producer and package-name records,
 * abstract functions) in Nonpkgdef, the rest in Symdef. Every other symbol referred to is a
 * builtin (goobj/builtin.ts) or a non-package reference by name: the model does not know the
 * indices of other packages' symbols (export data), which Go uses for indexed references.
 *
 * As in Go, NumberSyms runs before genFuncInfoSyms has numbered the DWARF aux symbols, so each
 * non-empty one is first met as a reference and is listed in Nonpkgref too (an anonymous record
 * nothing resolves to), and the file names a function's pc-file table uses are referenced by name.
 */
import {
  PkgIdxBuiltin,
  PkgIdxHashed,
  PkgIdxHashed64,
  PkgIdxNone,
  PkgIdxSelf,
  type SymRef,
} from "../../goobj/objfile.js";
import { builtins126 } from "../../goobj/builtin.js";
import type { ObjFile } from "../gc/compile.js";
import { LSym } from "./lsym.js";
import { funcpctabPcsp } from "./pcln.js";

/** traverseFlag. */
export const traverseDefs = 1;
export const traverseRefs = 2;
export const traverseAux = 4;
export const traversePcdata = 8;
export const traverseAll = traverseDefs | traverseRefs | traverseAux | traversePcdata;

const builtinIdx = new Map(builtins126.map(([n, abi], i) => [`${abi}:${n}`, i]));

/** LSym.Type.IsText. */
export function isTextSym(s: LSym): boolean {
  return s.type === "STEXT" || s.type === "STEXTFIPS";
}

/**
 * LSym.ABI(): a function's ABI; ABI0 for every other symbol. (The model's LSym says ABIInternal
 * by default, which Go's zero value would make ABI0.)
 */
export function abiOf(s: LSym): number {
  return (s.func !== undefined || isTextSym(s)) && s.abi === "ABIInternal" ? 1 : 0;
}

/** The Link fields NumberSyms fills for one object (pkgIdx, defs, ..., and each LSym's PkgIdx/SymIdx). */
export class ObjSyms {
  /** Each indexed symbol's reference (PkgIdx, SymIdx). */
  readonly ref = new Map<LSym, SymRef>();
  readonly defs: LSym[] = [];
  readonly hashed64defs: LSym[] = [];
  readonly hasheddefs: LSym[] = [];
  readonly nonpkgdefs: LSym[] = [];
  readonly nonpkgrefs: LSym[] = [];
  /** AttrContentAddressable (data symbols with the bit) and AttrPcdata (the model's LSym has no such bit). */
  readonly contentAddressable = new Set<LSym>();
  readonly pcdata = new Set<LSym>();
  /** FuncInfo.Pcln.Pcsp of each text symbol (linkpcln). */
  readonly pcsp = new Map<LSym, LSym>();
  /** ctxt.Lookup(file name): the symbols traverseFuncAux names files by. */
  private readonly fileSyms = new Map<string, LSym>();
  private readonly used = new Map<LSym, number[]>();

  constructor(readonly obj: ObjFile) {
    for (const s of obj.data) if (s.has("ContentAddressable")) this.contentAddressable.add(s);
    for (const s of obj.text) {
      if (!isTextSym(s) || s.func === undefined) continue;
      const t = funcpctabPcsp(s);
      this.contentAddressable.add(t);
      this.pcdata.add(t);
      this.pcsp.set(s, t);
    }
  }

  /** ctxt.Lookup(files[f]). */
  fileSym(name: string): LSym {
    let s = this.fileSyms.get(name);
    if (s === undefined) {
      s = new LSym(name);
      this.fileSyms.set(name, s);
    }
    return s;
  }

  /** The CUFileIndex of every file the function's pc-file table names (Pcln.UsedFiles), sorted. */
  usedFiles(s: LSym): number[] {
    let files = this.used.get(s);
    if (files === undefined) {
      const used = new Set<number>();
      for (const p of s.func?.text ?? []) if (p.line !== 0) used.add(p.fileIndex);
      files = [...used].sort((a, b) => a - b);
      this.used.set(s, files);
    }
    return files;
  }
}

/** traverseSyms: call `fn` for the symbols `flag` selects, Text then Data, as Go's order is. */
export function traverseSyms(o: ObjSyms, flag: number, fn: (s: LSym) => void): void {
  for (const list of [o.obj.text, o.obj.data]) {
    for (const s of list) {
      if ((flag & traverseDefs) !== 0) fn(s);
      if ((flag & traverseRefs) !== 0) for (const r of s.R) fn(r.sym);
      if ((flag & traverseAux) !== 0) {
        if (s.Gotype !== undefined) fn(s.Gotype);
        if (isTextSym(s)) traverseFuncAux(o, flag, s, fn);
        else if (s.varInfo !== undefined) fn(s.varInfo.dwarfInfoSym);
      }
      if ((flag & traversePcdata) !== 0 && isTextSym(s)) {
        const t = o.pcsp.get(s);
        if (t !== undefined) fn(t);
      }
    }
  }
}

/**
 * traverseFuncAux: the files the function uses, its inlining tree's functions (the model's FuncInfo
 * has no inlining tree), and its non-empty DWARF aux symbols, each followed by its references.
 */
function traverseFuncAux(o: ObjSyms, flag: number, s: LSym, fn: (s: LSym) => void): void {
  const f = s.func;
  if (f === undefined) return;
  for (const k of o.usedFiles(s)) {
    const name = o.obj.files[k];
    if (name !== undefined) fn(o.fileSym(name));
  }
  for (const a of dwarfAuxSyms(s)) {
    fn(a);
    if ((flag & traverseRefs) !== 0) for (const r of a.R) fn(r.sym);
  }
}

/** The DWARF aux symbols genFuncInfoSyms and traverseFuncAux list: ranges, loc, lines, info, when not empty. */
export function dwarfAuxSyms(s: LSym): LSym[] {
  const f = s.func;
  const out: LSym[] = [];
  if (f === undefined) return out;
  const add = (a: LSym | undefined): void => {
    if (a !== undefined && a.size !== 0) out.push(a);
  };
  add(f.dwarfRangesSym);
  add(f.dwarfLocSym);
  add(f.dwarfDebugLinesSym);
  add(f.dwarfInfoSym);
  return out;
}

/** contentHashSection: 'P' for pc-value tables, 'T' for type symbols, 0 otherwise (the 'F' names are not made). */
export function contentHashSection(o: ObjSyms, s: LSym): number {
  if (o.pcdata.has(s)) return 0x50;
  if (s.name.startsWith("type:")) return 0x54;
  return 0;
}

/** NumberSyms: index every definition, then every symbol referred to. */
export function NumberSyms(o: ObjSyms): void {
  const { ref } = o;
  traverseSyms(o, traverseDefs | traversePcdata, (s) => {
    if (ref.has(s)) return;
    if (o.contentAddressable.has(s)) {
      if (s.size <= 8 && s.R.length === 0 && contentHashSection(o, s) === 0) {
        ref.set(s, { pkg: PkgIdxHashed64, idx: o.hashed64defs.length });
        o.hashed64defs.push(s);
      } else {
        ref.set(s, { pkg: PkgIdxHashed, idx: o.hasheddefs.length });
        o.hasheddefs.push(s);
      }
    } else if (s.has("DuplicateOK")) {
      // isNonPkgSym: a DUPOK symbol is deduplicated by name.
      ref.set(s, { pkg: PkgIdxNone, idx: o.nonpkgdefs.length });
      o.nonpkgdefs.push(s);
    } else {
      ref.set(s, { pkg: PkgIdxSelf, idx: o.defs.length });
      o.defs.push(s);
    }
  });
  const nonpkgdef = o.nonpkgdefs.length;
  traverseSyms(o, traverseRefs | traverseAux, (rs) => {
    if (ref.has(rs)) return;
    const bi = builtinIdx.get(`${abiOf(rs)}:${rs.name}`);
    if (bi !== undefined) {
      ref.set(rs, { pkg: PkgIdxBuiltin, idx: bi });
      return;
    }
    ref.set(rs, { pkg: PkgIdxNone, idx: nonpkgdef + o.nonpkgrefs.length });
    o.nonpkgrefs.push(rs);
  });
}
