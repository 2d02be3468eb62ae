/**
 * The runtime's function table, .gopclntab, as cmd/link lays it out (cmd/link/internal/ld/pcln.go:
 * pclntab, makePclntab, generatePCHeader, generateFuncnametab, generateFilenameTabs,
 * generatePctab, makeInlSyms, generateFunctab, generateFuncdata, findfunctab), Go 1.26, for
 * linux/amd64.
 *
 * Only the layout is modelled: which symbols make up the section, their sizes and alignments,
 * and where each funcdata symbol lands in go:func.*. The contents (Go writes them with generator
 * functions at output time) are not: DWARF does not refer to them, but everything the data
 * segment holds comes after this section, so its size decides the address of every global.
 *
 * A function's FuncInfo, pcdata and funcdata are read from its object as the loader reads them
 * (auxs with a nil symbol count too), which the LinkSym's resolved aux list cannot tell.
 */
import type { FuncInfo, GoAux } from "../goobj/objfile.js";
import { expandFile } from "./dwarf/lines.js";
import type { GoLoaded } from "./goload.js";
import { LinkError } from "./load.js";
import { type LinkSym, Rnd } from "./sym.js";
import { symalign } from "./symalign.js";
import type { CompilationUnit } from "./unit.js";

/** linux/amd64 sys.Arch.PtrSize. */
const ptrSize = 8;
/** funcSize: runtime._func without its pcdata and funcdata offsets. */
const funcSize = 11 * 4;
/** internal/abi: MINFUNC, FuncTabBucketSize; pcln.go SUBBUCKETS, SUBBUCKETSIZE. */
const MINFUNC = 16;
const FuncTabBucketSize = 256 * MINFUNC;
const SUBBUCKETS = 16;
const SUBBUCKETSIZE = FuncTabBucketSize / SUBBUCKETS;
/** internal/abi PCDATA_InlTreeIndex, FUNCDATA_ArgsPointerMaps, FUNCDATA_InlTree, FUNCDATA_ArgInfo. */
const PCDATA_InlTreeIndex = 2;
const FUNCDATA_ArgsPointerMaps = 0;
const FUNCDATA_InlTree = 3;
const FUNCDATA_ArgInfo = 5;

/** goobj aux types (cmd/internal/goobj/objfile.go), Go 1.26. */
const Aux = { FuncInfo: 1, Funcdata: 2, Pcsp: 7, Pcfile: 8, Pcline: 9, Pcinline: 10, Pcdata: 11 } as const;

/** What pclntab leaves for symtab, dodata and the DWARF writer. */
export interface PclntabState {
  /** runtime.pclntab, the carrier (SPCLNTAB), and the generated parts in creation order. */
  carrier: LinkSym;
  pcheader: LinkSym;
  funcnametab: LinkSym;
  cutab: LinkSym;
  filetab: LinkSym;
  pctab: LinkSym;
  /** runtime.functab (Go's state.pclntab). */
  functab: LinkSym;
  /** go:func.*: the funcdata, each funcdata symbol's value its offset within. */
  funcdata: LinkSym;
  /** The inline tree symbols made for functions with inlined calls (anonymous, SPCLNTAB). */
  inlSyms: Map<LinkSym, LinkSym>;
  /** The funcdata symbols laid out in go:func.* (AttrSpecial, not in the symbol table). */
  fdSyms: LinkSym[];
  /** The functions with a table entry, in text order. */
  funcs: LinkSym[];
  nfunc: number;
  nfiles: number;
  firstFunc: LinkSym | undefined;
  lastFunc: LinkSym | undefined;
}

/** A function's object-side facts, read as the loader reads them. */
interface FuncAuxs {
  fi: FuncInfo | undefined;
  pcsp: LinkSym | undefined;
  pcfile: LinkSym | undefined;
  pcline: LinkSym | undefined;
  pcinline: LinkSym | undefined;
  /** AuxPcdata entries, nil ones as undefined. */
  pcdata: (LinkSym | undefined)[];
  /** AuxFuncdata entries, nil ones as undefined. */
  funcdata: (LinkSym | undefined)[];
  /** The inline tree's callee symbols, in tree order. */
  inlFuncs: LinkSym[];
  fromAssembly: boolean;
}

/** loader.FuncInfo, PcdataAuxs, Funcdata and InlTree(i).Func of a text symbol. */
function funcAuxs(g: GoLoaded, s: LinkSym): FuncAuxs {
  const out: FuncAuxs = {
    fi: s.func?.goFuncInfo,
    pcsp: undefined,
    pcfile: undefined,
    pcline: undefined,
    pcinline: undefined,
    pcdata: [],
    funcdata: [],
    inlFuncs: [],
    fromAssembly: false,
  };
  const d = g.defs.get(s);
  if (d === undefined) return out;
  out.fromAssembly = d.o.r.fromAssembly;
  const res = (a: GoAux): LinkSym | undefined => g.resolve(d.o, a.sym);
  for (const a of d.o.r.auxs(d.li)) {
    switch (a.type) {
      case Aux.Pcsp:
        out.pcsp = res(a);
        break;
      case Aux.Pcfile:
        out.pcfile = res(a);
        break;
      case Aux.Pcline:
        out.pcline = res(a);
        break;
      case Aux.Pcinline:
        out.pcinline = res(a);
        break;
      case Aux.Pcdata:
        out.pcdata.push(res(a));
        break;
      case Aux.Funcdata:
        out.funcdata.push(res(a));
        break;
      default:
        break;
    }
  }
  for (const n of out.fi?.inlTree ?? []) {
    const f = g.resolve(d.o, n.func);
    if (f === undefined) throw new LinkError(`${s.name}: inlined call of a nil function`);
    out.inlFuncs.push(f);
  }
  return out;
}

/** pcln.go, numPCData. */
function numPCData(a: FuncAuxs): number {
  if (a.fi === undefined) return 0;
  let n = a.pcdata.length;
  if (a.fi.inlTree.length > 0 && n < PCDATA_InlTreeIndex + 1) n = PCDATA_InlTreeIndex + 1;
  return n;
}

/** pcln.go, funcData: the funcdata list with the inline tree put in its slot. */
function funcData(a: FuncAuxs, inlSym: LinkSym | undefined): (LinkSym | undefined)[] {
  if (a.fi === undefined) return [];
  const fd = [...a.funcdata];
  if (a.fi.inlTree.length > 0) {
    while (fd.length < FUNCDATA_InlTree + 1) fd.push(undefined);
    fd[FUNCDATA_InlTree] = inlSym;
  }
  return fd;
}

/** pcln.go, ignoreFuncData. */
function ignoreFuncData(a: FuncAuxs, j: number, fd: LinkSym | undefined): boolean {
  if (fd === undefined) return true;
  return (j === FUNCDATA_ArgsPointerMaps || j === FUNCDATA_ArgInfo) && a.fromAssembly && fd.P.length === 0;
}

/**
 * pcln.go, pclntab (after textaddress): create runtime.pclntab's parts with their sizes, and place
 * the funcdata symbols in go:func.*. `textp` is ctxt.Textp; `goroot` is buildcfg.GOROOT, for the
 * file names. Every part is reachable, SPCLNTAB, not in the symbol table; funcdata symbols are
 * added to `special`.
 */
export function pclntab(
  g: GoLoaded,
  textp: readonly LinkSym[],
  goroot: string,
  special: Set<LinkSym>,
  notInSymtab: Set<LinkSym>,
): PclntabState {
  const ld = g.ld;
  // makePclntab: every text symbol but the containers of host objects' functions
  // (findContainerSyms, emitPcln), and the units in first-seen order.
  const containers = new Set<LinkSym>();
  for (const s of textp) {
    const outer = g.host.subs.OuterSym(s);
    if (outer !== undefined) containers.add(outer);
  }
  const funcs = textp.filter((s) => !containers.has(s));
  const auxs = new Map<LinkSym, FuncAuxs>(funcs.map((s) => [s, funcAuxs(g, s)]));
  const compUnits: CompilationUnit[] = [];
  const pclnIndex = new Map<CompilationUnit, number>();
  for (const s of funcs) {
    const cu = s.unit;
    if (cu !== undefined && !pclnIndex.has(cu)) {
      pclnIndex.set(cu, compUnits.length);
      compUnits.push(cu);
    }
  }
  const carrier = ld.lookupOrCreate("runtime.pclntab");
  carrier.type = "SPCLNTAB";
  carrier.reachable = true;
  carrier.align = ptrSize;
  const gen = (name: string, size: number, align: number): LinkSym => {
    const s = ld.lookupOrCreate(name);
    s.type = "SPCLNTAB";
    s.setDataView(new Uint8Array(Rnd(size, ptrSize)));
    s.align = align;
    s.reachable = true;
    notInSymtab.add(s);
    if (align > carrier.align) carrier.align = align;
    return s;
  };

  // generatePCHeader.
  const pcheader = gen("runtime.pcheader", 8 + 8 * ptrSize, ptrSize);

  // generateFuncnametab: every function and inlined callee once, NUL-terminated.
  const walkFuncs = (f: (s: LinkSym) => void): void => {
    const seen = new Set<LinkSym>();
    for (const s of funcs) {
      if (!seen.has(s)) {
        f(s);
        seen.add(s);
      }
      for (const c of auxs.get(s)!.inlFuncs) {
        if (!seen.has(c)) {
          f(c);
          seen.add(c);
        }
      }
    }
  };
  let nameSize = 0;
  walkFuncs((s) => {
    nameSize += utf8.encode(s.name).length + 1;
  });
  const funcnametab = gen("runtime.funcnametab", nameSize, 1);

  // generateFilenameTabs: each file once (expanded), and per unit its highest file index.
  const cuEntries = new Array<number>(compUnits.length).fill(0);
  const fileOffsets = new Map<string, number>();
  let fileSize = 0;
  for (const s of funcs) {
    const a = auxs.get(s)!;
    if (a.fi === undefined) continue;
    const cu = s.unit!;
    const idx = pclnIndex.get(cu)!;
    const files = [...a.fi.file, ...a.fi.inlTree.map((n) => n.file)];
    for (const i of files) {
      const name = cu.fileTable[i];
      if (name === undefined)
        throw new LinkError(`${s.name}: file index ${i} out of the unit's ${cu.fileTable.length}`);
      if (!fileOffsets.has(name)) {
        fileOffsets.set(name, fileSize);
        fileSize += utf8.encode(expandFile(name, goroot)).length + 1;
      }
      if (cuEntries[idx]! < i + 1) cuEntries[idx] = i + 1;
    }
  }
  const totalEntries = cuEntries.reduce((x, y) => x + y, 0);
  const cutab = gen("runtime.cutab", totalEntries * 4, 4);
  const filetab = gen("runtime.filetab", fileSize, 1);

  // generatePctab: the pcdata symbols once each, after one padding byte.
  let pcSize = 1;
  const seenPc = new Set<LinkSym | undefined>();
  const saveOffset = (p: LinkSym | undefined): void => {
    if (seenPc.has(p)) return;
    seenPc.add(p);
    pcSize += p?.size ?? 0;
  };
  for (const s of funcs) {
    const a = auxs.get(s)!;
    if (a.fi === undefined) continue;
    for (const p of [a.pcsp, a.pcfile, a.pcline, ...a.pcdata]) saveOffset(p);
    if (a.fi.inlTree.length > 0) saveOffset(a.pcinline);
  }
  const pctab = gen("runtime.pctab", pcSize, 1);

  // makeInlSyms: one anonymous 4-aligned symbol of 16 bytes per inlined call.
  const inlSyms = new Map<LinkSym, LinkSym>();
  for (const s of funcs) {
    const a = auxs.get(s)!;
    if (a.fi === undefined || a.fi.inlTree.length === 0) continue;
    const its = ld.createExtSym("SPCLNTAB");
    its.reachable = true;
    its.align = 4;
    its.setDataView(new Uint8Array(16 * a.fi.inlTree.length));
    inlSyms.set(s, its);
  }

  // generateFunctab (calculateFunctabSize).
  let ftSize = funcs.length * 2 * 4 + 4;
  for (const s of funcs) {
    ftSize = Rnd(ftSize, ptrSize) + funcSize;
    const a = auxs.get(s)!;
    if (a.fi !== undefined) {
      let nfd = a.funcdata.length;
      if (a.fi.inlTree.length > 0 && nfd < FUNCDATA_InlTree + 1) nfd = FUNCDATA_InlTree + 1;
      ftSize += numPCData(a) * 4 + nfd * 4;
    }
  }
  const functab = gen("runtime.functab", ftSize, 4);

  // generateFuncdata: each funcdata symbol once, by decreasing alignment (stable).
  const seenFd = new Set<LinkSym>();
  const fdSyms: LinkSym[] = [];
  for (const s of funcs) {
    const a = auxs.get(s)!;
    if (a.fi === undefined) continue;
    funcData(a, inlSyms.get(s)).forEach((fd, j) => {
      if (ignoreFuncData(a, j, fd) || seenFd.has(fd!)) return;
      seenFd.add(fd!);
      fdSyms.push(fd!);
    });
  }
  // The comparator is where Go records the largest alignment: a lone symbol is never compared.
  fdSyms.sort((x, y) => symalign(y) - symalign(x));
  const maxAlign = fdSyms.length < 2 ? 0 : fdSyms.reduce((m, fd) => Math.max(m, symalign(fd)), 0);
  let fdSize = 0;
  for (const fd of fdSyms) {
    if (fd.size === 0) throw new LinkError(`${fd.name || "funcdata"}: zero size funcdata`);
    fdSize = Rnd(fdSize, symalign(fd));
    fd.value = fdSize;
    fdSize += fd.size;
    notInSymtab.add(fd);
    special.add(fd);
  }
  const funcdata = gen("go:func.*", fdSize, maxAlign);
  notInSymtab.delete(funcdata);

  return {
    carrier,
    pcheader,
    funcnametab,
    cutab,
    filetab,
    pctab,
    functab,
    funcdata,
    inlSyms,
    fdSyms,
    funcs,
    nfunc: funcs.length,
    nfiles: fileOffsets.size,
    firstFunc: funcs[0],
    lastFunc: funcs.at(-1),
  };
}

/**
 * pcln.go, findfunctab (after pclntab): runtime.findfunctab, one 4-byte base and SUBBUCKETS
 * one-byte deltas per 4096 bytes of text (SPCLNTAB, 4-aligned, its size not rounded).
 */
export function findfunctab(g: GoLoaded, textp: readonly LinkSym[]): LinkSym {
  const first = textp[0];
  const last = textp.at(-1);
  const min = first?.value ?? 0;
  const max = last === undefined ? 0 : last.value + last.size;
  const n = Math.floor((max - min + SUBBUCKETSIZE - 1) / SUBBUCKETSIZE);
  const nbuckets = Math.floor((max - min + FuncTabBucketSize - 1) / FuncTabBucketSize);
  const s = g.ld.lookupOrCreate("runtime.findfunctab");
  s.type = "SPCLNTAB";
  s.setData(new Uint8Array(4 * nbuckets + n));
  s.align = 4;
  s.reachable = true;
  return s;
}

const utf8 = new TextEncoder();
