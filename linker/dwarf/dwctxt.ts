/**
 * The linker's dwctxt (cmd/link/internal/ld/dwarf.go), Go 1.26: the dwarf.Context over linker
 * symbols (PtrSize ... AddIndirectTextRef), and the DIE plumbing the linker builds its own DIEs
 * with (newattr, getattr, newdie, find, mustFind, newrefattr, putdie, reverselist, reversetree,
 * movetomodule), plus the type maps (tmap, rtmap, tdmap) and the root of the type DIEs (dwtypes)
 * that the type generator fills.
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_CLS } from "../../dwarf/constants.js";
import {
  type BuildCfg,
  type Context,
  type DWAttr,
  type DWDie,
  InfoPrefix,
  type Sym,
} from "../../dwarf/context.js";
import { HasChildren, PutAttrs, Uleb128put } from "../../dwarf/putattr.js";
import { LinkError, type Loader } from "../load.js";
import type { SourceLinkMap } from "../sourcelink.js";
import { LinkSym, type LinkSymKind } from "../sym.js";
import type { CompilationUnit } from "../unit.js";

function dwSym(s: Sym): LinkSym {
  if (!(s instanceof LinkSym)) throw new Error(`dwctxt: not a linker symbol: ${String(s)}`);
  return s;
}

/** A DIE with no attributes, children or symbol (Go's zero DWDie). */
export function emptyDie(abbrev = 0): DWDie {
  return { abbrev, link: undefined, child: undefined, attr: undefined, sym: undefined };
}

/** dwarf.go, newattr: prepend an attribute to the DIE's list. */
export function newattr(die: DWDie, attr: number, cls: number, value: number, data: unknown): void {
  die.attr = { link: die.attr, atr: attr, cls, value, data };
}

/** dwarf.go, getattr: find an attribute and move it to the front of the list. */
export function getattr(die: DWDie, attr: number): DWAttr | undefined {
  const head = die.attr;
  if (head === undefined) return undefined;
  if (head.atr === attr) return head;
  let a = head;
  let b = a.link;
  while (b !== undefined) {
    if (b.atr === attr) {
      a.link = b.link;
      b.link = die.attr;
      die.attr = b;
      return b;
    }
    a = b;
    b = b.link;
  }
  return undefined;
}

/** dwarf.go, reverselist. */
export function reverselist(list: { child: DWDie | undefined }): void {
  let curr = list.child;
  let prev: DWDie | undefined;
  while (curr !== undefined) {
    const next = curr.link;
    curr.link = prev;
    prev = curr;
    curr = next;
  }
  list.child = prev;
}

/** dwarf.go, reversetree: newdie prepends, so put every child list back in creation order. */
export function reversetree(list: { child: DWDie | undefined }): void {
  reverselist(list);
  for (let die = list.child; die !== undefined; die = die.link) {
    if (HasChildren(die)) reversetree(die);
  }
}

/** dwarf.go, movetomodule: append the children of `parent` to the runtime unit's DIE. */
export function movetomodule(runtimeCU: DWDie, parent: DWDie): void {
  let die = runtimeCU.child;
  if (die === undefined) {
    runtimeCU.child = parent.child;
    return;
  }
  while (die.link !== undefined) die = die.link;
  die.link = parent.child;
}

export interface DwctxtOptions {
  /** buildcfg.GOROOT: what "$GOROOT" in file names expands to ("" leaves it, as under -trimpath). */
  goroot?: string;
  /** Record which modelled Go function wrote each byte (the marks of each symbol). */
  provenance?: boolean;
  /** Give each file of a DWARF 5 line table its URL (lines.ts writeDirFileTables; beyond Go). */
  sourceLink?: SourceLinkMap;
}

/** ld.dwctxt: the Context, and the tables dwarfGenerateDebugInfo builds. */
export class dwctxt implements Context {
  readonly buildcfg: BuildCfg;
  readonly mark: ((s: Sym, who: string) => void) | undefined;
  /** Type name ("uintptr") to the symbol of its DIE ("go:info.uintptr"). */
  readonly tmap = new Map<string, LinkSym>();
  /** DIE symbol of a type to its type symbol ("type:uintptr"). */
  readonly rtmap = new Map<LinkSym, LinkSym>();
  /** Type symbol to the symbol of its typedef DIE (or its DIE). */
  readonly tdmap = new Map<LinkSym, LinkSym>();
  /** Root of the type DIEs (the global dwtypes); its children go under the runtime unit. */
  readonly dwtypes: DWDie = emptyDie();
  /** ctxt.compUnits. */
  compUnits: CompilationUnit[] = [];
  /** ctxt.runtimeCU: the (last) unit of package runtime, where the type DIEs go. */
  runtimeCU: CompilationUnit | undefined;
  /** The global gdbscript: the runtime-gdb.py path found next to the runtime's proc.go. */
  gdbscript = "";
  /** buildcfg.GOROOT. */
  readonly goroot: string;
  /** Logf output. */
  readonly logs: string[] = [];
  /** The SourceLink map the line tables' URLs come from (undefined: Go's tables, no URL column). */
  readonly sourceLink: SourceLinkMap | undefined;
  /** Every path given a URL column, in the order first written, and its URL ("" for none). */
  readonly sourceUrls = new Map<string, string>();

  constructor(
    readonly ldr: Loader,
    opts: DwctxtOptions = {},
  ) {
    this.buildcfg = { dwarf5: ldr.dwarfVersion === 5 };
    this.goroot = opts.goroot ?? "";
    this.sourceLink = opts.sourceLink;
    this.mark =
      opts.provenance === true
        ? (s, who) => {
            const m = dwSym(s);
            const last = m.marks[m.marks.length - 1];
            if (last !== undefined && last.off === m.size) last.who = who;
            else m.marks.push({ off: m.size, who });
          }
        : undefined;
  }

  ptrSize(): number {
    return 8;
  }

  size(s: Sym): number {
    return dwSym(s).size;
  }

  addInt(s: Sym, size: number, i: number): void {
    dwSym(s).addUint(size, i);
  }

  addBytes(s: Sym, b: ArrayLike<number>): void {
    dwSym(s).addBytes(b);
  }

  addString(s: Sym, v: string): void {
    dwSym(s).addString(v);
  }

  /** AddAddress: an R_ADDR; a nonzero addend is taken relative to the symbol's own value. */
  addAddress(s: Sym, data: unknown, value: number): void {
    const ds = dwSym(s);
    if (value !== 0) value -= ds.value;
    ds.addSymRef(dwSym(data), value, "R_ADDR", this.ptrSize());
  }

  addCURelativeAddress(s: Sym, data: unknown, value: number): void {
    const ds = dwSym(s);
    if (value !== 0) value -= ds.value;
    ds.addSymRef(dwSym(data), value, "R_ADDRCUOFF", this.ptrSize());
  }

  addSectionOffset(s: Sym, size: number, t: unknown, ofs: number): void {
    if (size !== this.ptrSize() && size !== 4) throw new LinkError(`invalid size ${size} in adddwarfref`);
    dwSym(s).addSymRef(dwSym(t), ofs, "R_ADDROFF", size);
  }

  /** 4 bytes: isDwarf64 holds only on AIX. */
  addDWARFAddrSectionOffset(s: Sym, t: unknown, ofs: number): void {
    dwSym(s).addSymRef(dwSym(t), ofs, "R_DWARFSECREF", 4);
  }

  /** The linker always uses the 4-byte flavour (it does not know the function count up front). */
  addIndirectTextRef(s: Sym, t: unknown): void {
    dwSym(s).addSymRef(dwSym(t), 0, "R_DWTXTADDR_U4", 4);
  }

  logf(format: string, ...args: unknown[]): void {
    this.logs.push([format, ...args.map(String)].join(" "));
  }

  currentOffset(_s: Sym): number {
    throw new Error("should be used only in the compiler");
  }

  recordDclReference(): void {
    throw new Error("should be used only in the compiler");
  }

  recordChildDieOffsets(): void {
    throw new Error("should be used only in the compiler");
  }

  /**
   * dwarf.go, newdie: a DIE prepended to `parent`'s children, with DW_AT_name, and (except for
   * the symbol-less member, parameter and subrange DIEs) the symbol go:info.<name>, made or found.
   */
  newdie(parent: DWDie, abbrev: number, name: string): DWDie {
    const die = emptyDie(abbrev);
    die.link = parent.child;
    parent.child = die;
    newattr(die, DW_AT.name, DW_CLS.STRING, name.length, name);
    if (name === "") throw new LinkError("nameless DWARF DIE");
    let st: LinkSymKind;
    let symName = name;
    switch (abbrev) {
      case DW_ABRV.FUNCTYPEPARAM:
      case DW_ABRV.FUNCTYPEOUTPARAM:
      case DW_ABRV.DOTDOTDOT:
      case DW_ABRV.STRUCTFIELD:
      case DW_ABRV.ARRAYRANGE:
        return die;
      case DW_ABRV.COMPUNIT:
      case DW_ABRV.COMPUNIT_TEXTLESS:
        symName = `.pkg.${name}.${this.compUnits.length}`;
        st = "SDWARFCUINFO";
        break;
      case DW_ABRV.VARIABLE:
        st = "SDWARFVAR";
        break;
      default:
        st = "SDWARFTYPE";
    }
    const ds = this.ldr.lookupOrCreate(InfoPrefix + symName);
    ds.type = st;
    die.sym = ds;
    if (abbrev >= DW_ABRV.NULLTYPE && abbrev <= DW_ABRV.TYPEDECL) this.tmap.set(symName, ds);
    return die;
  }

  /** dwarf.go, find: the DIE symbol of a type by name. */
  find(name: string): LinkSym | undefined {
    return this.tmap.get(name);
  }

  /** dwarf.go, mustFind. */
  mustFind(name: string): LinkSym {
    const r = this.find(name);
    if (r === undefined) throw new LinkError(`dwarf find: cannot find ${name}`);
    return r;
  }

  /** dwarf.go, lookupOrDiag: a type symbol that must exist. */
  lookupOrDiag(n: string): LinkSym {
    const s = this.ldr.lookup(n);
    if (s === undefined) throw new LinkError(`dwarf: missing type: ${n}`);
    return s;
  }

  /** dwarf.go, newrefattr: a reference attribute, unless `ref` is nil. */
  newrefattr(die: DWDie, attr: number, ref: LinkSym | undefined): void {
    if (ref === undefined) return;
    newattr(die, attr, DW_CLS.REFERENCE, 0, ref);
  }

  /** dwarf.go, dtolsym. */
  dtolsym(s: Sym): LinkSym | undefined {
    return s == null ? undefined : dwSym(s);
  }

  /**
   * dwarf.go, putdie: write a DIE (abbrev code and attributes) into its own symbol, or into the
   * last symbol of `syms` when it has none, then its children and their terminating 0.
   */
  putdie(syms: LinkSym[], die: DWDie): LinkSym[] {
    let s = this.dtolsym(die.sym);
    if (s === undefined) s = syms[syms.length - 1]!;
    else syms.push(s);
    this.mark?.(s, "putdie");
    Uleb128put(this, s, die.abbrev);
    PutAttrs(this, s, die.abbrev, die.attr);
    if (HasChildren(die)) {
      for (let c = die.child; c !== undefined; c = c.link) syms = this.putdie(syms, c);
      const last = syms[syms.length - 1]!;
      this.mark?.(last, "putdie end of children");
      last.addUint8(0);
    }
    return syms;
  }
}
