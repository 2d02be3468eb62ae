/**
 * The compile-unit DIEs and what goes into each unit (cmd/link/internal/ld/dwarf.go:
 * dwarfGenerateDebugInfo, dwarfVisitFunction, importInfoSymbol, getCompilationDir, writeUnitInfo),
 * Go 1.26.
 *
 * Reachability comes from the loader: deadcode for real objects; the model's own objects are all
 * live. Not modelled: the -strictdups flag variants and the AIX section sizes.
 */
import { DW_ABRV } from "../../dwarf/abbrev.js";
import { DW_AT, DW_CLS, DW_LANG, DW_UT } from "../../dwarf/constants.js";
import { ConstInfoPrefix, CUInfoPrefix, InfoPrefix } from "../../dwarf/context.js";
import { PutAttrs, Uleb128put } from "../../dwarf/putattr.js";
import { SymFlag2 } from "../../goobj/objfile.js";
import { isDataKind, LinkError } from "../load.js";
import type { LinkSym } from "../sym.js";
import type { CompilationUnit } from "../unit.js";
import { type dwctxt, emptyDie, getattr, newattr } from "./dwctxt.js";
import type { DwarfTypeGen } from "./typeseam.js";

const utf8 = new TextDecoder();

/** dwarf.go, getCompilationDir: always ".", the link happens in a temporary directory. */
export function getCompilationDir(): string {
  return ".";
}

/** The kinds whose symbols can be globals with DIEs (RODATA, DATA, NOPTRDATA, STYPE, BSS, NOPTRBSS, TLSBSS). */
function isGlobalKind(k: string): boolean {
  return (
    isDataKind(k as never) ||
    k === "SRODATAFIPS" ||
    k === "SNOPTRDATAFIPS" ||
    k === "SDATAFIPS" ||
    k === "STLSBSS"
  );
}

/** defgotype through the type generator, noting the type among the unit's references. */
function defgotype(
  d: dwctxt,
  types: DwarfTypeGen,
  unit: CompilationUnit | undefined,
  gotype: LinkSym | undefined,
): void {
  if (unit !== undefined && gotype !== undefined) {
    const n = gotype.name.startsWith("type:") ? gotype.name.slice(5) : gotype.name;
    if (!unit.typeRefs.includes(n)) unit.typeRefs.push(n);
  }
  types.defgotype(d, gotype);
}

/**
 * dwarf.go, importInfoSymbol: a constants or abstract-function symbol comes into the unit; define
 * the types its DIEs refer to.
 */
export function importInfoSymbol(d: dwctxt, types: DwarfTypeGen, unit: CompilationUnit, dsym: LinkSym): void {
  if (dsym.type !== "SDWARFCONST" && dsym.type !== "SDWARFABSFCN")
    throw new LinkError(`error: DWARF info sym ${dsym.name} with incorrect type ${dsym.type}`);
  for (const r of dsym.R) {
    if (r.type !== "R_DWARFSECREF") continue;
    const rsym = r.sym;
    if (d.rtmap.has(rsym)) continue;
    const tn = rsym.name.slice(InfoPrefix.length);
    defgotype(d, types, unit, d.ldr.lookup(`type:${tn}`));
  }
}

/**
 * dwarf.go, dwarfVisitFunction: list the function's DIE and range symbols in its unit, and follow
 * the DIE's relocations to the abstract functions (listed in the first unit that meets them) and
 * the types it needs.
 */
export function dwarfVisitFunction(
  d: dwctxt,
  types: DwarfTypeGen,
  fnSym: LinkSym,
  unit: CompilationUnit,
): void {
  const infosym = fnSym.func?.info;
  if (infosym === undefined) return;
  unit.funcDIEs.push(infosym);
  const rangesym = fnSym.func?.ranges;
  if (rangesym !== undefined) unit.rangeSyms.push(rangesym);

  for (const r of infosym.R) {
    if (r.type === "R_USETYPE") {
      defgotype(d, types, unit, r.sym);
      continue;
    }
    if (r.type !== "R_DWARFSECREF") continue;
    const rsym = r.sym;
    const rst = rsym.type;
    if (rst === "SDWARFABSFCN") {
      if (!rsym.onList) {
        rsym.onList = true;
        unit.absFnDIEs.push(rsym);
        importInfoSymbol(d, types, unit, rsym);
      }
      continue;
    }
    if (rst !== "SDWARFTYPE" && rst !== "Sxxx") continue;
    if (d.rtmap.has(rsym)) continue;
    const tn = rsym.name.slice(InfoPrefix.length);
    defgotype(d, types, unit, d.ldr.lookup(`type:${tn}`));
  }
}

export interface DebugInfoOptions {
  types: DwarfTypeGen;
  /** buildcfg.Version: what follows "Go cmd/compile " in DW_AT_producer. */
  version: string;
}

/**
 * dwarf.go, dwarfGenerateDebugInfo: the compile-unit DIEs (one per unit, library by library), the
 * functions, abstract functions, constants and globals each unit holds, and every type DIE they
 * need.
 */
export function dwarfGenerateDebugInfo(d: dwctxt, opts: DebugInfoOptions): void {
  const { types } = opts;
  types.prelude(d);
  const dwroot = emptyDie();

  for (const lib of d.ldr.libraries) {
    let consts = d.ldr.lookup(ConstInfoPrefix + lib.pkg);
    for (const unit of lib.units) {
      // Constants go into the library's first unit.
      if (consts !== undefined) {
        unit.consts = consts;
        importInfoSymbol(d, types, unit, consts);
        consts = undefined;
      }
      d.compUnits.push(unit);
      if (unit.lib.pkg === "runtime") d.runtimeCU = unit;

      const cuabrv = unit.textp.length === 0 ? DW_ABRV.COMPUNIT_TEXTLESS : DW_ABRV.COMPUNIT;
      const cu = d.newdie(dwroot, cuabrv, unit.lib.pkg);
      unit.dwInfo = cu;
      newattr(cu, DW_AT.language, DW_CLS.CONSTANT, DW_LANG.Go, undefined);
      const compDir = getCompilationDir();
      newattr(cu, DW_AT.comp_dir, DW_CLS.STRING, compDir.length, compDir);

      const peData = d.ldr.lookup(`${CUInfoPrefix}producer.${unit.lib.pkg}`)?.P;
      let producer = `Go cmd/compile ${opts.version}`;
      if (peData !== undefined && peData.length > 0) producer += `; ${utf8.decode(peData)}`;
      newattr(cu, DW_AT.producer, DW_CLS.STRING, producer.length, producer);

      const pn = d.ldr.lookup(`${CUInfoPrefix}packagename.${unit.lib.pkg}`)?.P;
      const pkgname = pn === undefined ? "" : utf8.decode(pn);
      newattr(cu, DW_AT.go_package_name, DW_CLS.STRING, pkgname.length, pkgname);

      // Its data (the unit's .debug_addr fragment) is set in writeUnitInfo.
      if (d.buildcfg.dwarf5 && cuabrv === DW_ABRV.COMPUNIT)
        newattr(cu, DW_AT.addr_base, DW_CLS.REFERENCE, 0, undefined);

      for (const s of unit.textp) dwarfVisitFunction(d, types, s, unit);
    }
  }

  // Globals, in symbol index order: each one's DIE goes to its unit.
  for (const s of d.ldr.syms) {
    if (!s.reachable || s.static || !isGlobalKind(s.type)) continue;
    const gt = s.goType;
    if (gt === undefined) {
      // A dictionary has no Go type: the types it converts to interfaces get DIEs.
      if (s.type === "SRODATA" && (s.flag2 & SymFlag2.Dict) !== 0) {
        for (const r of s.R) if (r.type === "R_USEIFACE") defgotype(d, types, s.unit, r.sym);
      }
      continue;
    }
    const varDIE = s.varDwarfInfo;
    const unit = s.unit;
    if (s.name !== "" && varDIE !== undefined && unit !== undefined) {
      defgotype(d, types, unit, d.ldr.lookup(`type:${gt}`));
      unit.varDIEs.push(varDIE);
    }
  }

  types.synthesize(d);
}

/**
 * dwarf.go, writeUnitInfo: the unit's part of .debug_info: the header (v5: version, DW_UT_compile,
 * address size, abbrev offset; v4: version, abbrev offset, address size) and the unit DIE in the
 * unit DIE's symbol, then the abstract functions, the functions, the constants, the globals, the
 * linker's child DIEs (the types, under the runtime unit), and the closing 0 in `infoEpilog`.
 * unit_length is patched at the end. A textless unit with nothing in it is left out.
 */
export function writeUnitInfo(
  d: dwctxt,
  u: CompilationUnit,
  abbrevsym: LinkSym,
  addrsym: LinkSym | undefined,
  infoEpilog: LinkSym,
): LinkSym[] {
  const compunit = u.dwInfo!;
  if (u.textp.length === 0 && compunit.child === undefined && u.varDIEs.length === 0) return [];
  const s = d.dtolsym(compunit.sym)!;
  const dwarf5 = d.buildcfg.dwarf5;

  d.mark?.(s, "writeUnitInfo header");
  s.addUint(4, 0); // unit_length, patched below
  s.addUint(2, dwarf5 ? 5 : 4);
  if (dwarf5) {
    s.addUint8(DW_UT.compile);
    s.addUint8(d.ptrSize());
    s.addSymRef(abbrevsym, 0, "R_DWARFSECREF", 4);
  } else {
    s.addSymRef(abbrevsym, 0, "R_DWARFSECREF", 4);
    s.addUint8(d.ptrSize());
  }

  d.mark?.(s, "writeUnitInfo unit DIE");
  Uleb128put(d, s, compunit.abbrev);
  if (dwarf5) {
    const abattr = getattr(compunit, DW_AT.addr_base);
    if (abattr !== undefined) abattr.data = addrsym;
  }
  PutAttrs(d, s, compunit.abbrev, compunit.attr);

  let cu: LinkSym[] = [s, ...u.absFnDIEs, ...u.funcDIEs];
  if (u.consts !== undefined) cu.push(u.consts);
  cu.push(...u.varDIEs);
  for (let die = compunit.child; die !== undefined; die = die.link) cu = d.putdie(cu, die);

  d.mark?.(infoEpilog, "writeUnitInfo end of unit DIE children");
  infoEpilog.addUint8(0);
  cu.push(infoEpilog);

  let cusize = 0;
  for (const c of cu) cusize += c.size;
  s.setUint(0, 4, cusize - 4);
  return cu;
}
