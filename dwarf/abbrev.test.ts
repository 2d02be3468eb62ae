import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import {
  type AbbrevOptions,
  abbrevs,
  abbrevTable,
  DW_ABRV,
  type DwAbbrev,
  expandPseudoForm,
  getAbbrev,
  putAbstractVarAbbrev,
  putvarAbbrev,
  putvarAbbrevs,
} from "./abbrev.js";
import { DW_AT, DW_CHILDREN, DW_FORM, DW_FORM_PSEUDO, DW_TAG } from "./constants.js";
import { uleb128 } from "./leb128.js";

const v5: AbbrevOptions = { dwarf5: true };
const v4: AbbrevOptions = { dwarf5: false };
const pseudo = new Set<number>(Object.values(DW_FORM_PSEUDO));

/** Attribute list as [attr, form] pairs, easier to compare with the notes. */
const pairs = (a: DwAbbrev) => a.attr.map((af) => [af.attr, af.form]);

describe("DW_ABRV codes", () => {
  it("number the raw table and leave 14 putvar codes after PUTVAR_START", () => {
    expect(abbrevTable.length).toBe(DW_ABRV.PUTVAR_START);
    expect(putvarAbbrevs.length).toBe(14);
    expect(DW_ABRV.DW_NABRV).toBe(DW_ABRV.PUTVAR_START + 14);
    expect(DW_ABRV.DICT_INDEX).toBe(32);
    expect(DW_ABRV.PUTVAR_START).toBe(33);
    // Codes are consecutive from NULL = 0, as Go's iota makes them.
    const named = Object.entries(DW_ABRV).filter(([k]) => k !== "DW_NABRV" && k !== "PUTVAR_START");
    expect(named.map(([, v]) => v)).toEqual([...Array(DW_ABRV.PUTVAR_START).keys()]);
  });

  it("table has exactly 46 abbrevs plus NULL in both modes", () => {
    for (const opts of [v5, v4, { dwarf5: false, darwin: true }]) {
      const t = abbrevs(opts);
      expect(t.length).toBe(47);
      expect(t[0]).toEqual({ tag: 0, children: 0, attr: [] });
    }
  });
});

describe("abbrev entries (checked against notes/go-dwarf-internals.md section 1)", () => {
  it("COMPUNIT gains addr_base in DWARF 5 only", () => {
    const base = [
      [DW_AT.name, DW_FORM.string],
      [DW_AT.language, DW_FORM.data1],
      [DW_AT.stmt_list, DW_FORM.sec_offset],
      [DW_AT.low_pc, DW_FORM.addr],
      [DW_AT.ranges, DW_FORM.sec_offset],
      [DW_AT.comp_dir, DW_FORM.string],
      [DW_AT.producer, DW_FORM.string],
      [DW_AT.go_package_name, DW_FORM.string],
    ];
    expect(pairs(abbrevs(v4)[DW_ABRV.COMPUNIT]!)).toEqual(base);
    expect(pairs(abbrevs(v5)[DW_ABRV.COMPUNIT]!)).toEqual([...base, [DW_AT.addr_base, DW_FORM.sec_offset]]);
    // COMPUNIT_TEXTLESS has no low_pc, so no addr_base either.
    expect(abbrevs(v5)[DW_ABRV.COMPUNIT_TEXTLESS]!.attr).toHaveLength(5);
  });

  it("FUNCTION's pc forms are addrx/udata in DWARF 5 and addr/addr in DWARF 4", () => {
    const f5 = abbrevs(v5)[DW_ABRV.FUNCTION]!;
    expect(f5.tag).toBe(DW_TAG.subprogram);
    expect(f5.children).toBe(DW_CHILDREN.yes);
    expect(pairs(f5)).toEqual([
      [DW_AT.name, DW_FORM.string],
      [DW_AT.low_pc, DW_FORM.addrx],
      [DW_AT.high_pc, DW_FORM.udata],
      [DW_AT.frame_base, DW_FORM.block1],
      [DW_AT.decl_file, DW_FORM.data4],
      [DW_AT.decl_line, DW_FORM.udata],
      [DW_AT.external, DW_FORM.flag],
    ]);
    const f4 = abbrevs(v4)[DW_ABRV.FUNCTION]!;
    expect(f4.attr[1]).toEqual({ attr: DW_AT.low_pc, form: DW_FORM.addr });
    expect(f4.attr[2]).toEqual({ attr: DW_AT.high_pc, form: DW_FORM.addr });
  });

  it("INLINED_SUBROUTINE_RANGES call_line is udata, or data4 on darwin", () => {
    const last = (o: AbbrevOptions) => abbrevs(o)[DW_ABRV.INLINED_SUBROUTINE_RANGES]!.attr.at(-1);
    expect(last(v5)).toEqual({ attr: DW_AT.call_line, form: DW_FORM.udata });
    expect(last({ dwarf5: false, darwin: true })).toEqual({ attr: DW_AT.call_line, form: DW_FORM.data4 });
    expect(last({ dwarf5: true, darwin: true })).toEqual({ attr: DW_AT.call_line, form: DW_FORM.data4 });
  });

  it("LEXICAL_BLOCK_SIMPLE keeps real addr forms in DWARF 5", () => {
    expect(pairs(abbrevs(v5)[DW_ABRV.LEXICAL_BLOCK_SIMPLE]!)).toEqual([
      [DW_AT.low_pc, DW_FORM.addr],
      [DW_AT.high_pc, DW_FORM.addr],
    ]);
  });

  it("type abbrevs carry Go's attributes", () => {
    const t = abbrevs(v5);
    expect(t[DW_ABRV.BASETYPE]!.tag).toBe(DW_TAG.base_type);
    expect(pairs(t[DW_ABRV.MAPTYPE]!).slice(-2)).toEqual([
      [DW_AT.go_key, DW_FORM.ref_addr],
      [DW_AT.go_elem, DW_FORM.ref_addr],
    ]);
    expect(pairs(t[DW_ABRV.BARE_PTRTYPE]!)).toEqual([
      [DW_AT.name, DW_FORM.string],
      [DW_AT.go_runtime_type, DW_FORM.addr],
    ]);
    expect(t[DW_ABRV.DOTDOTDOT]).toEqual({ tag: DW_TAG.unspecified_parameters, children: 0, attr: [] });
    expect(pairs(t[DW_ABRV.DICT_INDEX]!).at(-1)).toEqual([DW_AT.go_dict_index, DW_FORM.udata]);
    expect(pairs(t[DW_ABRV.STRUCTFIELD]!).at(-1)).toEqual([DW_AT.go_embedded_field, DW_FORM.flag]);
  });

  it("putvar abbrevs 37 and 44 are the closure ones", () => {
    const t = abbrevs(v5);
    expect(t[37]!.tag).toBe(DW_TAG.variable);
    expect(pairs(t[37]!).slice(-2)).toEqual([
      [DW_AT.go_closure_offset, DW_FORM.udata],
      [DW_AT.location, DW_FORM.sec_offset],
    ]);
    expect(t[44]!.tag).toBe(DW_TAG.formal_parameter);
    expect(pairs(t[44]!).slice(-2)).toEqual([
      [DW_AT.go_closure_offset, DW_FORM.udata],
      [DW_AT.location, DW_FORM.block1],
    ]);
  });

  it("only the raw table has pseudo-forms", () => {
    const raw = [...abbrevTable, ...putvarAbbrevs].flatMap((a) => a.attr.map((af) => af.form));
    // lo/hi pairs in FUNCTION, WRAPPER, both CONCRETEs and INLINED_SUBROUTINE, call_line in both inlined.
    expect(raw.filter((f) => pseudo.has(f)).length).toBe(12);
    for (const opts of [v5, v4, { dwarf5: true, darwin: true }]) {
      for (const a of abbrevs(opts)) for (const af of a.attr) expect(pseudo.has(af.form)).toBe(false);
    }
  });

  it("expandPseudoForm leaves real forms alone", () => {
    for (const f of Object.values(DW_FORM)) expect(expandPseudoForm(f, v5)).toBe(f);
  });

  it("returns cached, frozen data and fresh byte copies", () => {
    expect(abbrevs(v5)).toBe(abbrevs({ dwarf5: true }));
    expect(Object.isFrozen(abbrevs(v5))).toBe(true);
    expect(Object.isFrozen(abbrevs(v5)[1]!.attr)).toBe(true);
    expect(Object.isFrozen(abbrevs(v5)[1]!.attr[0])).toBe(true);
    const b = getAbbrev(v5);
    b[0] = 0xff;
    expect(getAbbrev(v5)[0]).toBe(1);
  });
});

describe("putvar selectors (putvarabbrevgen.go)", () => {
  it("pick the abbrev whose attributes match the choice", () => {
    const t = abbrevs(v5);
    for (const tag of [DW_TAG.variable, DW_TAG.formal_parameter]) {
      expect(t[putAbstractVarAbbrev({ tag, closureOffset: 0 })]!.tag).toBe(tag);
      for (const closureOffset of [0, 8]) {
        for (const concrete of [false, true]) {
          for (const withLoclist of [false, true]) {
            const a = t[putvarAbbrev({ tag, closureOffset }, concrete, withLoclist)]!;
            const attrs = a.attr.map((af) => af.attr);
            expect(a.tag).toBe(tag);
            expect(attrs.includes(DW_AT.abstract_origin)).toBe(concrete);
            expect(attrs.includes(DW_AT.go_closure_offset)).toBe(!concrete && closureOffset > 0);
            expect(a.attr.at(-1)).toEqual({
              attr: DW_AT.location,
              form: withLoclist ? DW_FORM.sec_offset : DW_FORM.block1,
            });
          }
        }
      }
    }
  });
});

describe("getAbbrev encoding", () => {
  it("starts with COMPUNIT and ends with the table terminator", () => {
    const b = getAbbrev(v5);
    expect([...b.subarray(0, 5)]).toEqual([1, DW_TAG.compile_unit, 1, DW_AT.name, DW_FORM.string]);
    expect([...b.subarray(-3)]).toEqual([0, 0, 0]);
    // go_package_name (0x2905) is a two-byte ULEB attribute.
    expect(Buffer.from(b).includes(Buffer.from(uleb128(DW_AT.go_package_name)))).toBe(true);
    // DWARF 5 adds one (addr_base, sec_offset) pair: two bytes.
    expect(b.length - getAbbrev(v4).length).toBe(2);
  });
});

/** .debug_abbrev of a real Go binary, decompressed with objcopy. */
function realAbbrev(binary: string, dir: string, tag: string): Uint8Array {
  const plain = join(dir, `${tag}.elf`);
  const out = join(dir, `${tag}.abbrev`);
  execFileSync("objcopy", ["--decompress-debug-sections", binary, plain]);
  execFileSync("objcopy", ["--dump-section", `.debug_abbrev=${out}`, plain, "/dev/null"]);
  return new Uint8Array(readFileSync(out));
}

describe.skipIf(missingOracle("go", "objcopy"))("byte-for-byte against the Go toolchain", () => {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-abbrev-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("DWARF 5 (Go's default on linux)", { timeout: 120_000 }, () => {
    const real = realAbbrev(goBuild("testdata/go/abbrev"), dir, "v5");
    expect(Buffer.from(getAbbrev(v5)).toString("hex")).toBe(Buffer.from(real).toString("hex"));
  });

  it("DWARF 4 (GOEXPERIMENT=nodwarf5)", { timeout: 120_000 }, () => {
    const real = realAbbrev(goBuild("testdata/go/abbrev", { dwarf4: true }), dir, "v4");
    expect(Buffer.from(getAbbrev(v4)).toString("hex")).toBe(Buffer.from(real).toString("hex"));
  });
});
