import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { underCI } from "../test/oracles.js";
import {
  ateName,
  attrName,
  cfaName,
  childrenName,
  constantTables,
  DW_AT,
  DW_AT_internal_location,
  DW_ATE,
  DW_CFA,
  DW_CLS,
  DW_FORM,
  DW_FORM_PSEUDO,
  DW_INL,
  DW_LANG,
  DW_LLE,
  DW_LNCT,
  DW_LNE,
  DW_LNS,
  DW_OP,
  DW_RLE,
  DW_TAG,
  DW_UT,
  formName,
  inlName,
  langName,
  lleName,
  lnctName,
  lneName,
  lnsName,
  opName,
  rleName,
  tagName,
  utName,
} from "./constants.js";

/** Each real DWARF table with its name function (DW_CLS and the pseudo-forms have none). */
const named: [string, Readonly<Record<string, number>>, (v: number) => string][] = [
  ["DW_TAG_", DW_TAG, tagName],
  ["DW_AT_", DW_AT, attrName],
  ["DW_FORM_", DW_FORM, formName],
  ["DW_OP_", DW_OP, opName],
  ["DW_LNS_", DW_LNS, lnsName],
  ["DW_LNE_", DW_LNE, lneName],
  ["DW_LNCT_", DW_LNCT, lnctName],
  ["DW_LANG_", DW_LANG, langName],
  ["DW_UT_", DW_UT, utName],
  ["DW_RLE_", DW_RLE, rleName],
  ["DW_LLE_", DW_LLE, lleName],
  ["DW_CFA_", DW_CFA, cfaName],
  ["DW_INL_", DW_INL, inlName],
  ["DW_ATE_", DW_ATE, ateName],
  ["DW_CHILDREN_", constantTables.DW_CHILDREN, childrenName],
];

describe("constant tables", () => {
  it.each(Object.entries(constantTables))("%s has no two names for one value", (_, table) => {
    const seen = new Map<number, string>();
    const clashes: string[] = [];
    for (const [k, v] of Object.entries(table)) {
      expect(Number.isInteger(v) && v >= 0).toBe(true);
      const prev = seen.get(v);
      if (prev !== undefined) clashes.push(`${prev} and ${k} are both 0x${v.toString(16)}`);
      seen.set(v, k);
    }
    expect(clashes).toEqual([]);
  });

  it.each(named)("every %s constant has its own name", (prefix, table, nameOf) => {
    for (const [k, v] of Object.entries(table)) expect(nameOf(v)).toBe(prefix + k);
  });

  it("names unknown values in hex with the prefix", () => {
    expect(tagName(0x1234)).toBe("DW_TAG_0x1234");
    expect(attrName(0x3fff)).toBe("DW_AT_0x3fff");
    expect(formName(0x99)).toBe("DW_FORM_0x99"); // pseudo-forms are not real forms
    expect(opName(0xff)).toBe("DW_OP_0xff");
    expect(langName(0)).toBe("DW_LANG_0x0");
  });

  it("leaves lo_user/hi_user markers out", () => {
    for (const table of Object.values(constantTables)) {
      for (const k of Object.keys(table)) expect(k).not.toMatch(/^(lo|hi)_user$/);
    }
  });

  it("keeps Go's internal attribute out of DW_AT", () => {
    expect(DW_AT_internal_location).toBe(253);
    expect(Object.values(DW_AT)).not.toContain(253);
    expect(attrName(253)).toBe("DW_AT_0xfd");
  });

  it("names high-2-bit CFA opcodes by their high bits", () => {
    expect(cfaName(0x40 | 5)).toBe("DW_CFA_advance_loc");
    expect(cfaName(0x80 | 0x10)).toBe("DW_CFA_offset");
    expect(cfaName(0xc0 | 0x3f)).toBe("DW_CFA_restore");
    expect(cfaName(0x0e)).toBe("DW_CFA_def_cfa_offset");
    expect(cfaName(0x2e)).toBe("DW_CFA_GNU_args_size");
  });
});

describe("spot checks against the DWARF 5 standard and Go's dwarf_defs.go", () => {
  it.each([
    // tags (table 7.3)
    [DW_TAG.array_type, 0x01],
    [DW_TAG.compile_unit, 0x11],
    [DW_TAG.subprogram, 0x2e],
    [DW_TAG.variable, 0x34],
    [DW_TAG.inlined_subroutine, 0x1d],
    [DW_TAG.unspecified_type, 0x3b],
    [DW_TAG.call_site, 0x48],
    [DW_TAG.skeleton_unit, 0x4a],
    [DW_TAG.immutable_type, 0x4b],
    [DW_TAG.GNU_call_site, 0x4109],
    [DW_TAG.GNU_call_site_parameter, 0x410a],
    // attributes (table 7.5)
    [DW_AT.sibling, 0x01],
    [DW_AT.stmt_list, 0x10],
    [DW_AT.abstract_origin, 0x31],
    [DW_AT.ranges, 0x55],
    [DW_AT.trampoline, 0x56],
    [DW_AT.linkage_name, 0x6e],
    [DW_AT.str_offsets_base, 0x72],
    [DW_AT.addr_base, 0x73],
    [DW_AT.rnglists_base, 0x74],
    [DW_AT.dwo_name, 0x76],
    [DW_AT.loclists_base, 0x8c],
    [DW_AT.GNU_macros, 0x2119],
    [DW_AT.GNU_all_call_sites, 0x2117],
    [DW_AT.GNU_dwo_name, 0x2130],
    [DW_AT.GNU_dwo_id, 0x2131],
    [DW_AT.GNU_ranges_base, 0x2132],
    [DW_AT.GNU_addr_base, 0x2133],
    [DW_AT.GNU_pubnames, 0x2134],
    // every Go extension (cmd/internal/dwarf/dwarf.go)
    [DW_AT.go_kind, 0x2900],
    [DW_AT.go_key, 0x2901],
    [DW_AT.go_elem, 0x2902],
    [DW_AT.go_embedded_field, 0x2903],
    [DW_AT.go_runtime_type, 0x2904],
    [DW_AT.go_package_name, 0x2905],
    [DW_AT.go_dict_index, 0x2906],
    [DW_AT.go_closure_offset, 0x2907],
    [DW_LANG.Go, 0x16],
    [DW_CLS.ADDRESS, 1],
    [DW_CLS.BLOCK, 2],
    [DW_CLS.CONSTANT, 3],
    [DW_CLS.FLAG, 4],
    [DW_CLS.PTR, 5],
    [DW_CLS.REFERENCE, 6],
    [DW_CLS.ADDRLOC, 7],
    [DW_CLS.STRING, 8],
    [DW_CLS.GO_TYPEREF, 9],
    [DW_FORM_PSEUDO.udata_pseudo, 0x99],
    [DW_FORM_PSEUDO.lo_pc_pseudo, 0x9a],
    [DW_FORM_PSEUDO.hi_pc_pseudo, 0x9b],
    // forms (table 7.6)
    [DW_FORM.addr, 0x01],
    [DW_FORM.strp, 0x0e],
    [DW_FORM.sec_offset, 0x17],
    [DW_FORM.flag_present, 0x19],
    [DW_FORM.addrx, 0x1b],
    [DW_FORM.line_strp, 0x1f],
    [DW_FORM.ref_sig8, 0x20],
    [DW_FORM.implicit_const, 0x21],
    [DW_FORM.addrx4, 0x2c],
    [DW_FORM.GNU_addr_index, 0x1f01],
    [DW_FORM.GNU_str_index, 0x1f02],
    [DW_FORM.GNU_ref_alt, 0x1f20],
    [DW_FORM.GNU_strp_alt, 0x1f21],
    // expression opcodes (table 7.9)
    [DW_OP.addr, 0x03],
    [DW_OP.lit0, 0x30],
    [DW_OP.lit31, 0x4f],
    [DW_OP.reg0, 0x50],
    [DW_OP.reg31, 0x6f],
    [DW_OP.breg0, 0x70],
    [DW_OP.breg31, 0x8f],
    [DW_OP.fbreg, 0x91],
    [DW_OP.piece, 0x93],
    [DW_OP.call_frame_cfa, 0x9c],
    [DW_OP.stack_value, 0x9f],
    [DW_OP.addrx, 0xa1],
    [DW_OP.reinterpret, 0xa9],
    [DW_OP.GNU_push_tls_address, 0xe0],
    [DW_OP.GNU_entry_value, 0xf3],
    [DW_OP.GNU_regval_type, 0xf5],
    [DW_OP.GNU_parameter_ref, 0xfa],
    [DW_OP.GNU_variable_value, 0xfd],
    // line programs, lists, frames, the rest
    [DW_LNS.copy, 0x01],
    [DW_LNS.set_isa, 0x0c],
    [DW_LNE.set_discriminator, 0x04],
    [DW_LNCT.MD5, 0x05],
    [DW_LNCT.LLVM_source, 0x2001],
    [DW_LNCT.godwarf_url, 0x3f00], // a vendor code (user range 0x2000-0x3fff): constants.ts says why
    [DW_UT.split_type, 0x06],
    [DW_RLE.start_length, 0x07],
    [DW_LLE.start_length, 0x08],
    [DW_LLE.GNU_view_pair, 0x09],
    [DW_CFA.advance_loc, 0x40],
    [DW_CFA.offset, 0x80],
    [DW_CFA.restore, 0xc0],
    [DW_CFA.val_expression, 0x16],
    [DW_CFA.GNU_args_size, 0x2e],
    [DW_CFA.GNU_negative_offset_extended, 0x2f],
    [DW_INL.declared_inlined, 0x03],
    [DW_ATE.UTF, 0x10],
    [DW_ATE.ASCII, 0x12],
  ])("value %i is %i", (got, want) => {
    expect(got).toBe(want);
  });

  it("formats names as readelf does", () => {
    expect(tagName(0x11)).toBe("DW_TAG_compile_unit");
    expect(attrName(0x2905)).toBe("DW_AT_go_package_name");
    expect(formName(0x1b)).toBe("DW_FORM_addrx");
    expect(opName(0x9c)).toBe("DW_OP_call_frame_cfa");
    expect(langName(0x16)).toBe("DW_LANG_Go");
  });
});

/**
 * A second, independent source: LLVM's Dwarf.def, when an LLVM development tree is installed. Every
 * name both tables know must have the same value (Go's own attributes are spelled DW_AT_GO_* there).
 */
const dwarfDef = [
  "/usr/lib/llvm-14",
  "/usr/lib/llvm-15",
  "/usr/lib/llvm-16",
  "/usr/lib/llvm-17",
  "/usr/lib/llvm-18",
]
  .map((d) => `${d}/include/llvm/BinaryFormat/Dwarf.def`)
  .find((p) => existsSync(p));

/** Skips locally with a reason; under CI the LLVM headers (package llvm-dev) must be there. */
function dwarfDefMissing(): string | false {
  if (dwarfDef !== undefined) return false;
  const reason = "oracle missing: LLVM's Dwarf.def (install llvm-dev)";
  if (underCI) throw new Error(`${reason}; under CI every oracle must be installed`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

describe.skipIf(dwarfDefMissing())("agreement with LLVM's Dwarf.def", () => {
  const kinds: [string, Readonly<Record<string, number>>][] = [
    ["TAG", DW_TAG],
    ["AT", DW_AT],
    ["FORM", DW_FORM],
    ["OP", DW_OP],
    ["LANG", DW_LANG],
    ["UT", DW_UT],
    ["RLE", DW_RLE],
    ["LLE", DW_LLE],
    ["LNS", DW_LNS],
    ["LNE", DW_LNE],
    ["LNCT", DW_LNCT],
    ["CFA", DW_CFA],
    ["ATE", DW_ATE],
  ];
  it.each(kinds)("DW_%s", (kind, table) => {
    const text = readFileSync(dwarfDef!, "utf8");
    const re = new RegExp(`^HANDLE_DW_${kind}(?:_PRED)?\\((0x[0-9a-fA-F]+), (\\w+)`, "gm");
    const theirs = new Map<string, number>();
    for (const m of text.matchAll(re)) theirs.set(m[2]!.replace(/^GO_/, "go_"), Number(m[1]));
    let compared = 0;
    for (const [k, v] of Object.entries(table)) {
      const t = theirs.get(k);
      if (t === undefined) continue;
      compared++;
      expect({ name: k, value: v }).toEqual({ name: k, value: t });
    }
    expect(compared).toBeGreaterThan(Math.min(3, Object.keys(table).length - 1));
  });
});
