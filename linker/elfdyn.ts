/**
 * A dynamically linked executable's own sections, as an internal link on linux/amd64 makes them
 * (cmd/link/internal/ld/elf.go: doelf, elfadddynsym, elfdynhash, addelflib; go.go: addexport,
 * Adddynsym, adddynlib; lib.go: AddGotSym; data.go: dynrelocsym, dynreloc; amd64/asm.go:
 * elfsetupplt, adddynrel, addpltsym), Go 1.26.
 *
 * A cgo program imports C library functions (cgo_import_dynamic), so the link is dynamic: doelf
 * makes .dynsym, .dynstr, .rela, .got, .hash, .got.plt, .plt, .rela.plt, .gnu.version,
 * .gnu.version_r and .dynamic; the dynamic exports get .dynsym entries (addexport); then, before
 * the data layout, every relocation to an imported symbol (and every host-object relocation) is
 * looked at: a call goes through a new PLT slot (.plt, .got.plt, .rela.plt), a load of an
 * address through a new GOT slot (.got, .rela), each imported symbol getting a .dynsym entry;
 * last the hash table and the version tables are written. Their sizes move the read-only and
 * data segments, hence every global's address in the DWARF.
 *
 * Addresses inside these tables are relocations (R_ADDR, R_PCREL, R_SIZE), as in Go; the model
 * does not resolve them.
 */
import type { CgoAttrs } from "./cgo.js";
import { R_X86_64 } from "./elfreloc.js";
import { LinkError, type Loader } from "./load.js";
import type { LinkReloc, LinkSym } from "./sym.js";
import { isTextKind, type SymKind, symKindValue } from "./symkind.js";

/** debug/elf DynTag values the link writes. */
const DT = {
  NULL: 0,
  NEEDED: 1,
  PLTRELSZ: 2,
  PLTGOT: 3,
  HASH: 4,
  STRTAB: 5,
  SYMTAB: 6,
  RELA: 7,
  RELASZ: 8,
  RELAENT: 9,
  STRSZ: 10,
  SYMENT: 11,
  DEBUG: 21,
  PLTREL: 20,
  JMPREL: 23,
  FLAGS_1: 0x6ffffffb,
  VERSYM: 0x6ffffff0,
  VERNEED: 0x6ffffffe,
  VERNEEDNUM: 0x6fffffff,
} as const;

/** ELF64SYMSIZE, ELF64RELASIZE. */
const ELF64SYMSIZE = 24;
const ELF64RELASIZE = 24;

/** ld.Elfaux and ld.Elflib: the versions needed of one shared library. */
interface Elfaux {
  vers: string;
  num: number;
}
interface Elflib {
  file: string;
  /** Newest first, as addelflib prepends. */
  aux: Elfaux[];
}

/** The dynamic-linking tables of a link (ctxt.ArchSyms' DynSym, DynStr, ..., and Nelfsym, seenlib). */
export class ElfDyn {
  readonly dynsym: LinkSym;
  readonly dynstr: LinkSym;
  readonly rela: LinkSym;
  readonly got: LinkSym;
  readonly hash: LinkSym;
  readonly gotplt: LinkSym;
  readonly plt: LinkSym;
  readonly relaplt: LinkSym;
  readonly gnuVersion: LinkSym;
  readonly gnuVersionR: LinkSym;
  readonly dynamic: LinkSym;
  /** Nelfsym: the next .dynsym index (0 is the null symbol). */
  nelfsym = 1;
  /** loader SymDynid, SymPlt, SymGot. */
  readonly dynid = new Map<LinkSym, number>();
  readonly pltOff = new Map<LinkSym, number>();
  readonly gotOff = new Map<LinkSym, number>();
  /** seenlib: libraries with a DT_NEEDED entry. */
  readonly seenlib = new Set<string>();

  constructor(
    readonly ld: Loader,
    readonly cgo: CgoAttrs,
  ) {
    // CreateSymForUpdate, in doelf's order.
    const make = (name: string, kind: SymKind): LinkSym => {
      const s = ld.lookupOrCreate(name);
      s.type = kind;
      s.reachable = true;
      return s;
    };
    this.dynsym = make(".dynsym", "SELFROSECT");
    this.dynstr = make(".dynstr", "SELFROSECT");
    this.rela = make(".rela", "SELFROSECT");
    this.got = make(".got", "SELFGOT");
    this.hash = make(".hash", "SELFROSECT");
    this.gotplt = make(".got.plt", "SELFSECT");
    this.plt = make(".plt", "SELFRXSECT");
    this.relaplt = make(".rela.plt", "SELFROSECT");
    this.gnuVersion = make(".gnu.version", "SELFROSECT");
    this.gnuVersionR = make(".gnu.version_r", "SELFROSECT");
    this.dynamic = make(".dynamic", "SELFSECT");
  }

  /** SymbolBuilder.Addstring on .dynstr: the offset of `s` (no sharing, as in Go). */
  addstring(s: string): number {
    const off = this.dynstr.size;
    this.dynstr.addString(s);
    return off;
  }

  /** Elfwritedynent. */
  dynent(tag: number, val: number): void {
    this.dynamic.addUint(8, tag);
    this.dynamic.addUint(8, val);
  }

  /** elfWriteDynEntSym: the tag and the address of `t`. */
  dynentSym(tag: number, t: LinkSym): void {
    this.dynamic.addUint(8, tag);
    this.dynamic.addSymRef(t, 0, "R_ADDR", 8);
  }

  /** elfwritedynentsymsize: the tag and the size of `t`. */
  dynentSize(tag: number, t: LinkSym): void {
    this.dynamic.addUint(8, tag);
    this.dynamic.addSymRef(t, 0, "R_SIZE", 8);
  }

  /** loader.SymExtname: the name outside Go, by default the symbol's own. */
  extname(s: LinkSym): string {
    return this.cgo.extname.get(s) ?? s.name;
  }
}

/**
 * elf.go, doelf for an internal link (its .dynamic entries, and elfsetupplt's PLT header and the
 * three reserved .got.plt slots). Returns undefined when the link is static (-d: no directive
 * imports dynamically, linksetup).
 */
export function doelf(ld: Loader, cgo: CgoAttrs): ElfDyn | undefined {
  if (!cgo.havedynamic) return undefined;
  const e = new ElfDyn(ld, cgo);
  e.dynsym.size = ELF64SYMSIZE;
  e.addstring("");
  // elfsetupplt: pushq got+8(IP); jmpq *got+16(IP); nopl 0(AX).
  const { plt, gotplt } = e;
  plt.addUint8(0xff);
  plt.addUint8(0x35);
  plt.addSymRef(gotplt, 8, "R_PCREL", 4);
  plt.addUint8(0xff);
  plt.addUint8(0x25);
  plt.addSymRef(gotplt, 16, "R_PCREL", 4);
  plt.addUint(4, 0x00401f0f);
  gotplt.addSymRef(e.dynamic, 0, "R_ADDR", 8);
  gotplt.addUint(8, 0);
  gotplt.addUint(8, 0);
  e.dynentSym(DT.HASH, e.hash);
  e.dynentSym(DT.SYMTAB, e.dynsym);
  e.dynent(DT.SYMENT, ELF64SYMSIZE);
  e.dynentSym(DT.STRTAB, e.dynstr);
  e.dynentSize(DT.STRSZ, e.dynstr);
  e.dynentSym(DT.RELA, e.rela);
  e.dynentSize(DT.RELASZ, e.rela);
  e.dynent(DT.RELAENT, ELF64RELASIZE);
  e.dynentSym(DT.PLTGOT, gotplt);
  e.dynent(DT.DEBUG, 0);
  return e;
}

/** go.go, addexport for ELF: the dynamic exports into .dynsym, then the libraries cgo named. */
export function addexport(e: ElfDyn): void {
  for (const s of e.cgo.dynexp) {
    if (!s.reachable) throw new LinkError(`dynexp entry not reachable: ${s.name}`);
    Adddynsym(e, s);
  }
  for (const lib of e.cgo.dynlib) adddynlib(e, lib);
}

/** go.go, adddynlib: a DT_NEEDED entry, once per library. */
function adddynlib(e: ElfDyn, lib: string): void {
  if (e.seenlib.has(lib)) return;
  e.seenlib.add(lib);
  e.dynent(DT.NEEDED, e.addstring(lib));
}

/** go.go, Adddynsym: give `s` a .dynsym entry (elfadddynsym), once. */
export function Adddynsym(e: ElfDyn, s: LinkSym): void {
  if (e.dynid.has(s)) return;
  e.dynid.set(s, e.nelfsym++);
  const d = e.dynsym;
  const st = s.type;
  const cgoeDynamic = e.cgo.cgoExportDynamic.has(s);
  const cgoexp = e.cgo.cgoExportStatic.has(s) || cgoeDynamic;
  d.addUint(4, e.addstring(e.extname(s)));
  // STB_GLOBAL with STT_FUNC or STT_OBJECT.
  d.addUint8(cgoexp && isTextKind(st as SymKind) ? 0x12 : 0x11);
  d.addUint8(0);
  d.addUint(2, st === "SDYNIMPORT" ? 0 : 1);
  if (st === "SDYNIMPORT") d.addUint(8, 0);
  else d.addSymRef(s, 0, "R_ADDR", 8);
  d.addUint(8, s.size);
  const dil = e.cgo.dynimplib.get(s) ?? "";
  if (!cgoeDynamic && dil !== "" && !e.seenlib.has(dil)) {
    e.dynent(DT.NEEDED, e.addstring(dil));
    e.seenlib.add(dil);
  }
}

/** amd64/asm.go, addpltsym: a PLT slot for an imported function. */
function addpltsym(e: ElfDyn, s: LinkSym): void {
  if (e.pltOff.has(s)) return;
  Adddynsym(e, s);
  const { plt, gotplt: got, relaplt: rela } = e;
  // jmpq *got+size(IP)
  plt.addUint8(0xff);
  plt.addUint8(0x25);
  plt.addSymRef(got, got.size, "R_PCREL", 4);
  // The GOT slot first points back into the PLT.
  got.addSymRef(plt, plt.size, "R_ADDR", 8);
  // pushq $x; jmpq .plt
  plt.addUint8(0x68);
  plt.addUint(4, (got.size - 24 - 8) / 8);
  plt.addUint8(0xe9);
  plt.addUint(4, -(plt.size + 4) >>> 0);
  rela.addSymRef(got, got.size - 8, "R_ADDR", 8);
  rela.addUint(8, e.dynid.get(s)! * 2 ** 32 + R_X86_64.R_X86_64_JMP_SLOT);
  rela.addUint(8, 0);
  e.pltOff.set(s, plt.size - 16);
}

/** lib.go, AddGotSym: a GOT slot holding the address of `s`. */
function AddGotSym(e: ElfDyn, s: LinkSym, elfRelocTyp: number): void {
  if (e.gotOff.has(s)) return;
  Adddynsym(e, s);
  const got = e.got;
  e.gotOff.set(s, got.size);
  got.addUint(8, 0);
  e.rela.addSymRef(got, e.gotOff.get(s)!, "R_ADDR", 8);
  e.rela.addUint(8, e.dynid.get(s)! * 2 ** 32 + elfRelocTyp);
  e.rela.addUint(8, 0);
}

const isDATA = (k: SymKind): boolean =>
  symKindValue(k) >= symKindValue("SDATA") && symKindValue(k) <= symKindValue("SDATAEND");
const isRODATA = (k: SymKind): boolean =>
  symKindValue(k) >= symKindValue("SRODATA") && symKindValue(k) <= symKindValue("SRODATAEND");

/**
 * amd64/asm.go, adddynrel for an ELF executable linked internally (not PIE): the relocation
 * `r` of `s` to an imported symbol, or from a host object, rewritten to what the internal linker
 * resolves (R_PCREL, R_ADDR; through a PLT or GOT slot for an imported target). False when
 * Go would report it as unsupported.
 */
function adddynrel(e: ElfDyn, s: LinkSym, r: LinkReloc): boolean {
  const targ = r.sym;
  const targType = targ.type;
  const fail = (msg: string): never => {
    throw new LinkError(`${s.name}: ${msg}`);
  };
  switch (r.type) {
    case "R_X86_64_PC32":
      if (targType === "SDYNIMPORT")
        fail(`unexpected R_X86_64_PC32 relocation for dynamic symbol ${targ.name}`);
      if (targType === "Sxxx" || targType === "SXREF") fail(`unknown symbol ${targ.name} in pcrel`);
      r.type = "R_PCREL";
      r.add += 4;
      return true;
    case "R_X86_64_PC64":
      if (targType === "SDYNIMPORT")
        fail(`unexpected R_X86_64_PC64 relocation for dynamic symbol ${targ.name}`);
      if (targType === "Sxxx" || targType === "SXREF") fail(`unknown symbol ${targ.name} in pcrel`);
      r.type = "R_PCREL";
      r.add += 8;
      return true;
    case "R_X86_64_PLT32":
      r.type = "R_PCREL";
      r.add += 4;
      if (targType === "SDYNIMPORT") {
        addpltsym(e, targ);
        r.sym = e.plt;
        r.add += e.pltOff.get(targ)!;
      }
      return true;
    case "R_X86_64_GOTPCREL":
    case "R_X86_64_GOTPCRELX":
    case "R_X86_64_REX_GOTPCRELX":
      if (targType !== "SDYNIMPORT" && r.off >= 2 && s.P[r.off - 2] === 0x8b) {
        // MOVQ of the GOT entry becomes LEAQ of the symbol itself.
        const p = s.P.slice();
        p[r.off - 2] = 0x8d;
        s.setData(p);
        r.type = "R_PCREL";
        r.add += 4;
        return true;
      }
      AddGotSym(e, targ, R_X86_64.R_X86_64_GLOB_DAT);
      r.type = "R_PCREL";
      r.sym = e.got;
      r.add += 4 + e.gotOff.get(targ)!;
      return true;
    case "R_X86_64_64":
      if (targType === "SDYNIMPORT")
        fail(`unexpected R_X86_64_64 relocation for dynamic symbol ${targ.name}`);
      r.type = "R_ADDR";
      return true;
    case "R_CALL":
      if (targType !== "SDYNIMPORT") return true;
      addpltsym(e, targ);
      r.sym = e.plt;
      r.add = e.pltOff.get(targ)!;
      return true;
    case "R_ADDR": {
      const st = s.type as SymKind;
      if (isTextKind(st)) {
        // The address of an imported function: from its GOT slot.
        AddGotSym(e, targ, R_X86_64.R_X86_64_GLOB_DAT);
        r.sym = e.got;
        r.add += e.gotOff.get(targ)!;
        return true;
      }
      if (!isDATA(st) && !isRODATA(st)) return false;
      // R_X86_64_RELATIVE, for the dynamic linker; applied statically too.
      e.rela.addSymRef(s, r.off, "R_ADDR", 8);
      if (r.siz !== 8) fail(`unexpected relocation for dynamic symbol ${targ.name}`);
      e.rela.addUint(8, R_X86_64.R_X86_64_RELATIVE);
      e.rela.addSymRef(targ, r.add, "R_ADDR", 8);
      return true;
    }
    default:
      if (r.type.startsWith("R_X86_64_")) fail(`unexpected relocation type ${r.type}`);
      return false;
  }
}

/** data.go, dynrelocsym: the relocations of `s` that need the dynamic linker's help. */
function dynrelocsym(e: ElfDyn, s: LinkSym): void {
  for (const r of s.R) {
    // Marker relocations.
    if (r.siz === 0) continue;
    const rs = r.sym;
    if (r.weak === true && !rs.reachable) continue;
    if (rs.type === "SDYNIMPORT" || r.type.startsWith("R_X86_64_")) {
      if (!rs.reachable)
        throw new LinkError(`${s.name}: dynamic relocation to unreachable symbol ${rs.name}`);
      if (!adddynrel(e, s, r))
        throw new LinkError(
          `${s.name}: unsupported dynamic relocation for symbol ${rs.name} (type ${r.type}, stype ${rs.type})`,
        );
    }
  }
}

/**
 * data.go, dynreloc: the dynamic relocations of Textp, then of every data symbol kind by kind
 * (`data`: dodata's lists, before sorting), then elfdynhash.
 */
export function dynreloc(e: ElfDyn, textp: readonly LinkSym[], data: ReadonlyMap<SymKind, LinkSym[]>): void {
  for (const s of textp) dynrelocsym(e, s);
  const kinds = [...data.keys()].sort((a, b) => symKindValue(a) - symKindValue(b));
  for (const k of kinds) for (const s of data.get(k)!) dynrelocsym(e, s);
  elfdynhash(e);
}

/** elf.go, elfhash: the SysV hash of a name. */
export function elfhash(name: string): number {
  let h = 0;
  for (const c of new TextEncoder().encode(name)) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h = (h ^ (g >>> 24)) >>> 0;
    h &= 0x0fffffff;
  }
  return h;
}

/** elf.go, addelflib: the version entry of `vers` of library `file`, made on first use. */
function addelflib(list: Elflib[], file: string, vers: string): Elfaux {
  let lib = list.find((l) => l.file === file);
  if (lib === undefined) {
    lib = { file, aux: [] };
    list.unshift(lib);
  }
  let aux = lib.aux.find((x) => x.vers === vers);
  if (aux === undefined) {
    aux = { vers, num: 0 };
    lib.aux.unshift(aux);
  }
  return aux;
}

/** elf.go, elfdynhash: .hash, .gnu.version_r, .gnu.version and the last .dynamic entries. */
function elfdynhash(e: ElfDyn): void {
  const nsym = e.nelfsym;
  let nbucket = 1;
  for (let i = nsym; i > 0; i >>= 1) nbucket++;
  const needlib: Elflib[] = [];
  const need: (Elfaux | undefined)[] = new Array(nsym);
  const chain = new Array<number>(nsym).fill(0);
  const buckets = new Array<number>(nbucket).fill(0);
  // DynidSyms: by loader index.
  const index = new Map(e.ld.syms.map((s, i) => [s, i]));
  const dynidSyms = [...e.dynid.keys()].sort((a, b) => index.get(a)! - index.get(b)!);
  for (const sy of dynidSyms) {
    const dynid = e.dynid.get(sy)!;
    const vers = e.cgo.dynimpvers.get(sy) ?? "";
    if (vers !== "") need[dynid] = addelflib(needlib, e.cgo.dynimplib.get(sy) ?? "", vers);
    const b = elfhash(e.extname(sy)) % nbucket;
    chain[dynid] = buckets[b]!;
    buckets[b] = dynid;
  }
  const h = e.hash;
  h.addUint(4, nbucket);
  h.addUint(4, nsym);
  for (const b of buckets) h.addUint(4, b);
  for (const c of chain) h.addUint(4, c);

  const vr = e.gnuVersionR;
  let num = 2;
  needlib.forEach((l, li) => {
    vr.addUint(2, 1);
    vr.addUint(2, l.aux.length);
    vr.addUint(4, e.addstring(l.file));
    vr.addUint(4, 16);
    vr.addUint(4, li + 1 < needlib.length ? 16 + l.aux.length * 16 : 0);
    l.aux.forEach((x, xi) => {
      x.num = num++;
      vr.addUint(4, elfhash(x.vers));
      vr.addUint(2, 0);
      vr.addUint(2, x.num);
      vr.addUint(4, e.addstring(x.vers));
      vr.addUint(4, xi + 1 < l.aux.length ? 16 : 0);
    });
  });
  for (let i = 0; i < nsym; i++) e.gnuVersion.addUint(2, i === 0 ? 0 : (need[i]?.num ?? 1));

  // No -bindnow, not PIE: DT_FLAGS_1 0.
  e.dynent(DT.FLAGS_1, 0);
  if (needlib.length !== 0) {
    e.dynentSym(DT.VERNEED, e.gnuVersionR);
    e.dynent(DT.VERNEEDNUM, needlib.length);
    e.dynentSym(DT.VERSYM, e.gnuVersion);
  }
  if (e.relaplt.size > 0) {
    e.dynent(DT.PLTREL, DT.RELA);
    e.dynentSize(DT.PLTRELSZ, e.relaplt);
    e.dynentSym(DT.JMPREL, e.relaplt);
  }
  e.dynent(DT.NULL, 0);
}
