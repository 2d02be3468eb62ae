/**
 * Go's fixed abbreviation table: every DIE the Go toolchain writes uses one of these 46 abbrevs, and
 * the linker emits the table once as the whole of .debug_abbrev.
 *
 * Models cmd/internal/dwarf/dwarf.go (the DW_ABRV_* codes, `abbrevs`, expandPseudoForm, Abbrevs,
 * GetAbbrev) and cmd/internal/dwarf/putvarabbrevgen.go (putvarAbbrevs, putAbstractVarAbbrev,
 * putvarAbbrev), Go 1.26.
 */
import { DW_AT, DW_CHILDREN, DW_FORM, DW_FORM_PSEUDO, DW_TAG } from "./constants.js";
import { appendUleb128 } from "./leb128.js";

/**
 * Abbrev codes, Go's DW_ABRV_* names without the prefix (dwarf.go). The 14 putvar abbrevs follow
 * PUTVAR_START unnamed, as in Go. DW_NABRV (the table size) is no constant in Go 1.26, whose
 * Abbrevs() appends the generated putvar abbrevs at run time, so it is derived here.
 */
export const DW_ABRV = {
  NULL: 0,
  COMPUNIT: 1,
  COMPUNIT_TEXTLESS: 2,
  FUNCTION: 3,
  WRAPPER: 4,
  FUNCTION_ABSTRACT: 5,
  FUNCTION_CONCRETE: 6,
  WRAPPER_CONCRETE: 7,
  INLINED_SUBROUTINE: 8,
  INLINED_SUBROUTINE_RANGES: 9,
  VARIABLE: 10,
  INT_CONSTANT: 11,
  LEXICAL_BLOCK_RANGES: 12,
  LEXICAL_BLOCK_SIMPLE: 13,
  STRUCTFIELD: 14,
  FUNCTYPEPARAM: 15,
  FUNCTYPEOUTPARAM: 16,
  DOTDOTDOT: 17,
  ARRAYRANGE: 18,
  NULLTYPE: 19,
  BASETYPE: 20,
  ARRAYTYPE: 21,
  CHANTYPE: 22,
  FUNCTYPE: 23,
  IFACETYPE: 24,
  MAPTYPE: 25,
  PTRTYPE: 26,
  /** Only for unsafe.Pointer: no DW_AT_type, which old gdb wanted. */
  BARE_PTRTYPE: 27,
  SLICETYPE: 28,
  STRINGTYPE: 29,
  STRUCTTYPE: 30,
  TYPEDECL: 31,
  DICT_INDEX: 32,
  /** First of the 14 generated putvar abbrevs (putvarabbrevgen.go). */
  PUTVAR_START: 33,
  /** Number of codes including NULL: PUTVAR_START + 14. */
  DW_NABRV: 47,
} as const;

/** One (attribute, form) pair of an abbrev (Go's dwAttrForm). */
export interface DwAttrForm {
  attr: number;
  form: number;
}

/** One abbrev (Go's dwAbbrev); its code is its index in the table. */
export interface DwAbbrev {
  tag: number;
  children: number;
  attr: readonly DwAttrForm[];
}

/** What Abbrevs() reads from buildcfg: the DWARF 5 experiment and GOOS darwin/ios. */
export interface AbbrevOptions {
  dwarf5: boolean;
  /** GOOS is darwin or ios: DW_FORM_udata_pseudo becomes data4 (Go issue #31459). */
  darwin?: boolean;
}

const { yes, no } = DW_CHILDREN;
const { udata_pseudo, lo_pc_pseudo, hi_pc_pseudo } = DW_FORM_PSEUDO;

function ab(tag: number, children: number, attr: [number, number][]): DwAbbrev {
  return Object.freeze({
    tag,
    children,
    attr: Object.freeze(attr.map(([a, f]) => Object.freeze({ attr: a, form: f }))),
  });
}

// Attribute-list pieces shared by many entries, to keep the table legible.
const name: [number, number] = [DW_AT.name, DW_FORM.string];
const type: [number, number] = [DW_AT.type, DW_FORM.ref_addr];
const goKind: [number, number] = [DW_AT.go_kind, DW_FORM.data1];
const goRuntimeType: [number, number] = [DW_AT.go_runtime_type, DW_FORM.addr];
const lowPC: [number, number] = [DW_AT.low_pc, lo_pc_pseudo];
const highPC: [number, number] = [DW_AT.high_pc, hi_pc_pseudo];
const frameBase: [number, number] = [DW_AT.frame_base, DW_FORM.block1];
const abstractOrigin: [number, number] = [DW_AT.abstract_origin, DW_FORM.ref_addr];
const declLine: [number, number] = [DW_AT.decl_line, DW_FORM.udata];
const varParam: [number, number] = [DW_AT.variable_parameter, DW_FORM.flag];
const closureOffset: [number, number] = [DW_AT.go_closure_offset, DW_FORM.udata];
const locList: [number, number] = [DW_AT.location, DW_FORM.sec_offset];
const locBlock: [number, number] = [DW_AT.location, DW_FORM.block1];

/**
 * The 14 abbrevs generated from putvar/putAbstractVar (putvarabbrevgen.go, putvarAbbrevs), in
 * order PUTVAR_START+0 .. +13.
 */
export const putvarAbbrevs: readonly DwAbbrev[] = Object.freeze([
  ab(DW_TAG.variable, no, [name, declLine, type]),
  ab(DW_TAG.formal_parameter, no, [name, varParam, type]),
  ab(DW_TAG.variable, no, [abstractOrigin, locList]),
  ab(DW_TAG.variable, no, [abstractOrigin, locBlock]),
  ab(DW_TAG.variable, no, [name, declLine, type, closureOffset, locList]),
  ab(DW_TAG.variable, no, [name, declLine, type, closureOffset, locBlock]),
  ab(DW_TAG.variable, no, [name, declLine, type, locList]),
  ab(DW_TAG.variable, no, [name, declLine, type, locBlock]),
  ab(DW_TAG.formal_parameter, no, [abstractOrigin, locList]),
  ab(DW_TAG.formal_parameter, no, [abstractOrigin, locBlock]),
  ab(DW_TAG.formal_parameter, no, [name, varParam, declLine, type, closureOffset, locList]),
  ab(DW_TAG.formal_parameter, no, [name, varParam, declLine, type, closureOffset, locBlock]),
  ab(DW_TAG.formal_parameter, no, [name, varParam, declLine, type, locList]),
  ab(DW_TAG.formal_parameter, no, [name, varParam, declLine, type, locBlock]),
]);

/**
 * The raw table (dwarf.go, `abbrevs` before Abbrevs() runs), indexed by DW_ABRV code, NULL first,
 * through DICT_INDEX: forms are still Go's pseudo-forms and COMPUNIT has no addr_base yet. The
 * writers read it to know what a pseudo-form slot means; files contain {@link abbrevs} instead.
 */
export const abbrevTable: readonly DwAbbrev[] = Object.freeze([
  ab(0, 0, []), // NULL
  // COMPUNIT (DWARF 5 appends addr_base)
  ab(DW_TAG.compile_unit, yes, [
    name,
    [DW_AT.language, DW_FORM.data1],
    [DW_AT.stmt_list, DW_FORM.sec_offset],
    [DW_AT.low_pc, DW_FORM.addr],
    [DW_AT.ranges, DW_FORM.sec_offset],
    [DW_AT.comp_dir, DW_FORM.string],
    [DW_AT.producer, DW_FORM.string],
    [DW_AT.go_package_name, DW_FORM.string],
  ]),
  // COMPUNIT_TEXTLESS
  ab(DW_TAG.compile_unit, yes, [
    name,
    [DW_AT.language, DW_FORM.data1],
    [DW_AT.comp_dir, DW_FORM.string],
    [DW_AT.producer, DW_FORM.string],
    [DW_AT.go_package_name, DW_FORM.string],
  ]),
  // FUNCTION
  ab(DW_TAG.subprogram, yes, [
    name,
    lowPC,
    highPC,
    frameBase,
    [DW_AT.decl_file, DW_FORM.data4],
    declLine,
    [DW_AT.external, DW_FORM.flag],
  ]),
  // WRAPPER
  ab(DW_TAG.subprogram, yes, [name, lowPC, highPC, frameBase, [DW_AT.trampoline, DW_FORM.flag]]),
  // FUNCTION_ABSTRACT
  ab(DW_TAG.subprogram, yes, [name, [DW_AT.inline, DW_FORM.data1], declLine, [DW_AT.external, DW_FORM.flag]]),
  // FUNCTION_CONCRETE
  ab(DW_TAG.subprogram, yes, [abstractOrigin, lowPC, highPC, frameBase]),
  // WRAPPER_CONCRETE
  ab(DW_TAG.subprogram, yes, [abstractOrigin, lowPC, highPC, frameBase, [DW_AT.trampoline, DW_FORM.flag]]),
  // INLINED_SUBROUTINE (never chosen in DWARF 5 mode, but still in the table)
  ab(DW_TAG.inlined_subroutine, yes, [
    abstractOrigin,
    lowPC,
    highPC,
    [DW_AT.call_file, DW_FORM.data4],
    [DW_AT.call_line, udata_pseudo],
  ]),
  // INLINED_SUBROUTINE_RANGES
  ab(DW_TAG.inlined_subroutine, yes, [
    abstractOrigin,
    [DW_AT.ranges, DW_FORM.sec_offset],
    [DW_AT.call_file, DW_FORM.data4],
    [DW_AT.call_line, udata_pseudo],
  ]),
  // VARIABLE
  ab(DW_TAG.variable, no, [name, [DW_AT.location, DW_FORM.block1], type, [DW_AT.external, DW_FORM.flag]]),
  // INT_CONSTANT
  ab(DW_TAG.constant, no, [name, type, [DW_AT.const_value, DW_FORM.sdata]]),
  // LEXICAL_BLOCK_RANGES
  ab(DW_TAG.lexical_block, yes, [[DW_AT.ranges, DW_FORM.sec_offset]]),
  // LEXICAL_BLOCK_SIMPLE (never chosen in DWARF 5 mode; real addr forms, not pseudo-forms)
  ab(DW_TAG.lexical_block, yes, [
    [DW_AT.low_pc, DW_FORM.addr],
    [DW_AT.high_pc, DW_FORM.addr],
  ]),
  // STRUCTFIELD
  ab(DW_TAG.member, no, [
    name,
    [DW_AT.data_member_location, DW_FORM.udata],
    type,
    [DW_AT.go_embedded_field, DW_FORM.flag],
  ]),
  // FUNCTYPEPARAM
  ab(DW_TAG.formal_parameter, no, [type]),
  // FUNCTYPEOUTPARAM
  ab(DW_TAG.formal_parameter, no, [varParam, type]),
  // DOTDOTDOT
  ab(DW_TAG.unspecified_parameters, no, []),
  // ARRAYRANGE
  ab(DW_TAG.subrange_type, no, [type, [DW_AT.count, DW_FORM.udata]]),
  // NULLTYPE
  ab(DW_TAG.unspecified_type, no, [name]),
  // BASETYPE
  ab(DW_TAG.base_type, no, [
    name,
    [DW_AT.encoding, DW_FORM.data1],
    [DW_AT.byte_size, DW_FORM.data1],
    goKind,
    goRuntimeType,
  ]),
  // ARRAYTYPE
  ab(DW_TAG.array_type, yes, [name, type, [DW_AT.byte_size, DW_FORM.udata], goKind, goRuntimeType]),
  // CHANTYPE
  ab(DW_TAG.typedef, no, [name, type, goKind, goRuntimeType, [DW_AT.go_elem, DW_FORM.ref_addr]]),
  // FUNCTYPE
  ab(DW_TAG.subroutine_type, yes, [name, [DW_AT.byte_size, DW_FORM.udata], goKind, goRuntimeType]),
  // IFACETYPE
  ab(DW_TAG.typedef, yes, [name, type, goKind, goRuntimeType]),
  // MAPTYPE
  ab(DW_TAG.typedef, no, [
    name,
    type,
    goKind,
    goRuntimeType,
    [DW_AT.go_key, DW_FORM.ref_addr],
    [DW_AT.go_elem, DW_FORM.ref_addr],
  ]),
  // PTRTYPE
  ab(DW_TAG.pointer_type, no, [name, type, goKind, goRuntimeType]),
  // BARE_PTRTYPE
  ab(DW_TAG.pointer_type, no, [name, goRuntimeType]),
  // SLICETYPE
  ab(DW_TAG.structure_type, yes, [
    name,
    [DW_AT.byte_size, DW_FORM.udata],
    goKind,
    goRuntimeType,
    [DW_AT.go_elem, DW_FORM.ref_addr],
  ]),
  // STRINGTYPE
  ab(DW_TAG.structure_type, yes, [name, [DW_AT.byte_size, DW_FORM.udata], goKind, goRuntimeType]),
  // STRUCTTYPE
  ab(DW_TAG.structure_type, yes, [name, [DW_AT.byte_size, DW_FORM.udata], goKind, goRuntimeType]),
  // TYPEDECL
  ab(DW_TAG.typedef, no, [name, type]),
  // DICT_INDEX
  ab(DW_TAG.typedef, no, [name, type, [DW_AT.go_dict_index, DW_FORM.udata]]),
]);

/** dwarf.go, expandPseudoForm: a pseudo-form to the real form for this mode; real forms pass. */
export function expandPseudoForm(form: number, opts: AbbrevOptions): number {
  switch (form) {
    case udata_pseudo:
      return opts.darwin === true ? DW_FORM.data4 : DW_FORM.udata;
    case lo_pc_pseudo:
      return opts.dwarf5 ? DW_FORM.addrx : DW_FORM.addr;
    case hi_pc_pseudo:
      return opts.dwarf5 ? DW_FORM.udata : DW_FORM.addr;
    default:
      return form;
  }
}

const abbrevCache = new Map<string, readonly DwAbbrev[]>();
const abbrevBytesCache = new Map<string, Uint8Array>();

function cacheKey(opts: AbbrevOptions): string {
  return `${opts.dwarf5 ? 5 : 4}${opts.darwin === true ? "d" : ""}`;
}

/**
 * dwarf.go, Abbrevs: the table as written, index = code, NULL at 0. Appends the putvar abbrevs,
 * expands pseudo-forms, and in DWARF 5 gives every compile_unit abbrev with low_pc an addr_base
 * (only COMPUNIT). Go mutates one global once; here each option set is built once and cached, frozen.
 */
export function abbrevs(opts: AbbrevOptions): readonly DwAbbrev[] {
  const key = cacheKey(opts);
  const cached = abbrevCache.get(key);
  if (cached !== undefined) return cached;
  const table: readonly DwAbbrev[] = Object.freeze(
    [...abbrevTable, ...putvarAbbrevs].map((a, code): DwAbbrev => {
      if (code === DW_ABRV.NULL) return a;
      const attr: DwAttrForm[] = a.attr.map(({ attr, form }) => ({
        attr,
        form: expandPseudoForm(form, opts),
      }));
      if (opts.dwarf5 && a.tag === DW_TAG.compile_unit && attr.some((af) => af.attr === DW_AT.low_pc)) {
        attr.push({ attr: DW_AT.addr_base, form: DW_FORM.sec_offset });
      }
      for (const af of attr) Object.freeze(af);
      return Object.freeze({ tag: a.tag, children: a.children, attr: Object.freeze(attr) });
    }),
  );
  abbrevCache.set(key, table);
  return table;
}

/**
 * dwarf.go, GetAbbrev: the .debug_abbrev section contents. Each abbrev is its code, tag (ULEB),
 * children byte, (attr, form) ULEB pairs and a 0,0 terminator; a final 0 ends the table. Returns a
 * fresh copy of the cached bytes so callers may write into it.
 */
export function getAbbrev(opts: AbbrevOptions): Uint8Array {
  const key = cacheKey(opts);
  let bytes = abbrevBytesCache.get(key);
  if (bytes === undefined) {
    const table = abbrevs(opts);
    const out: number[] = [];
    for (let code = 1; code < table.length; code++) {
      const a = table[code]!;
      appendUleb128(out, code);
      appendUleb128(out, a.tag);
      out.push(a.children);
      for (const { attr, form } of a.attr) {
        appendUleb128(out, attr);
        appendUleb128(out, form);
      }
      out.push(0, 0);
    }
    out.push(0);
    bytes = Uint8Array.from(out);
    abbrevBytesCache.set(key, bytes);
  }
  return bytes.slice();
}

/** What the putvar selectors look at in a Go dwarf.Var. */
export interface PutvarAbbrevKey {
  /** DW_TAG_variable or DW_TAG_formal_parameter. */
  tag: number;
  /** Offset of a captured variable in its closure struct; > 0 selects the closure abbrevs. */
  closureOffset: number;
}

/** putvarabbrevgen.go, putAbstractVarAbbrev: the abbrev of a variable's abstract DIE. */
export function putAbstractVarAbbrev(v: PutvarAbbrevKey): number {
  return DW_ABRV.PUTVAR_START + (v.tag === DW_TAG.variable ? 0 : 1);
}

/**
 * putvarabbrevgen.go, putvarAbbrev: the abbrev of a variable's DIE. Branches on tag, then concrete,
 * then a closure offset, then whether the location is a list (sec_offset) or a block.
 */
export function putvarAbbrev(v: PutvarAbbrevKey, concrete: boolean, withLoclist: boolean): number {
  const base = v.tag === DW_TAG.variable ? 2 : 8;
  const variant = concrete ? 0 : v.closureOffset > 0 ? 2 : 4;
  return DW_ABRV.PUTVAR_START + base + variant + (withLoclist ? 0 : 1);
}
