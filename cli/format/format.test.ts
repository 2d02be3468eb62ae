import { describe, expect, it } from "vitest";
import { DW_AT, DW_FORM, DW_TAG, DW_UT } from "../../dwarf/constants.js";
import type { Die, Unit } from "../../dwarf/read/model.js";
import { printUnits } from "./info.js";
import { RecordWriter, writeUnits } from "./json-stream.js";
import { bigJson, toJson } from "./json.js";
import { printLinePrograms } from "./line.js";

const sink = () => {
  const parts: string[] = [];
  return { write: (s: string) => void parts.push(s), text: () => parts.join("") };
};

const die = (offset: number, tag: number, attrs: Die["attrs"], children: Die[] = []): Die => ({
  offset,
  code: 1,
  tag,
  hasChildren: children.length > 0,
  attrs,
  children,
});

const unit: Unit = {
  offset: 0,
  end: 0x40,
  offsetSize: 4,
  version: 5,
  unitType: DW_UT.compile,
  addressSize: 8,
  abbrevOffset: 0,
  dieOffset: 12,
  root: die(
    12,
    DW_TAG.compile_unit,
    [
      { at: DW_AT.name, form: DW_FORM.strp, value: { kind: "string", value: "main", offset: 4 } },
      { at: DW_AT.low_pc, form: DW_FORM.addr, value: { kind: "address", value: 0xffff_ffff_ffff_f000n } },
      { at: DW_AT.language, form: DW_FORM.data1, value: { kind: "constant", value: 0x16n, signed: false } },
      { at: DW_AT.location, form: DW_FORM.exprloc, value: { kind: "block", bytes: new Uint8Array([0x9c]) } },
      { at: DW_AT.external, form: DW_FORM.flag_present, value: { kind: "flag", value: true } },
    ],
    [
      die(30, DW_TAG.subprogram, [
        { at: DW_AT.type, form: DW_FORM.ref4, value: { kind: "reference", offset: 0x33 } },
      ]),
    ],
  ),
};

describe("JSON conventions", () => {
  it("bigints are numbers when safe, hex strings otherwise; blocks are hex", () => {
    expect(bigJson(42n)).toBe(42);
    expect(bigJson(-5n)).toBe(-5);
    expect(bigJson(2n ** 53n)).toBe("0x20000000000000");
    expect(bigJson(-(2n ** 60n))).toBe("-0x1000000000000000");
    expect(toJson({ a: 1n, b: new Uint8Array([0, 255]), c: [undefined], m: new Map([[1, 2n]]) })).toEqual({
      a: 1,
      b: "00ff",
      c: [null],
      m: [[1, 2]],
    });
  });

  it("a unit record has its header fields, and each DIE its abbrev code; 64-bit values are always 0x strings", () => {
    const s = sink();
    writeUnits([unit], new RecordWriter(s, true), true);
    expect(s.text().endsWith("}\n")).toBe(true);
    expect(JSON.parse(s.text())).toEqual({
      kind: "unit",
      section: ".debug_info",
      offset: 0,
      length: 0x40,
      format: "dwarf32",
      version: 5,
      unitType: "DW_UT_compile",
      addressSize: 8,
      abbrevOffset: 0,
      dieOffset: 12,
      root: {
        offset: 12,
        abbrevCode: 1,
        tag: "DW_TAG_compile_unit",
        hasChildren: true,
        attrs: [
          { name: "DW_AT_name", form: "DW_FORM_strp", class: "string", value: "main", strOffset: 4 },
          { name: "DW_AT_low_pc", form: "DW_FORM_addr", class: "address", value: "0xfffffffffffff000" },
          { name: "DW_AT_language", form: "DW_FORM_data1", class: "constant", value: "0x16", signed: false },
          {
            name: "DW_AT_location",
            form: "DW_FORM_exprloc",
            class: "block",
            value: "9c",
            expr: "DW_OP_call_frame_cfa",
          },
          { name: "DW_AT_external", form: "DW_FORM_flag_present", class: "flag", value: true },
        ],
        children: [
          {
            offset: 30,
            abbrevCode: 1,
            tag: "DW_TAG_subprogram",
            hasChildren: false,
            attrs: [{ name: "DW_AT_type", form: "DW_FORM_ref4", class: "reference", value: 0x33 }],
            children: [],
          },
        ],
      },
    });
  });

  it("very deep DIE trees print without exhausting the stack", () => {
    let d = die(0, DW_TAG.lexical_block, []);
    for (let i = 1; i < 200_000; i++) d = die(i, DW_TAG.lexical_block, [], [d]);
    const s = sink();
    writeUnits([{ ...unit, root: d }], new RecordWriter(s, false), true);
    expect(s.text().length).toBeGreaterThan(200_000 * 50);
    const t = sink();
    printUnits([{ ...unit, root: d }], t);
    expect(t.text()).toContain("<199999><0x0> DW_TAG_lexical_block");
  });
});

describe("text output", () => {
  it("indents the DIE tree and shows names, forms and values", () => {
    const s = sink();
    printUnits([unit], s);
    expect(s.text()).toBe(
      [
        "Unit at 0x0: DW_UT_compile, version 5, 32-bit, address size 8, abbrev offset 0x0, length 0x40",
        "  <0><0xc> DW_TAG_compile_unit [abbrev 1]",
        '      DW_AT_name [DW_FORM_strp] "main" (offset 0x4)',
        "      DW_AT_low_pc [DW_FORM_addr] 0xfffffffffffff000",
        "      DW_AT_language [DW_FORM_data1] 22 (0x16)",
        "      DW_AT_location [DW_FORM_exprloc] DW_OP_call_frame_cfa",
        "      DW_AT_external [DW_FORM_flag_present] true",
        "    <1><0x1e> DW_TAG_subprogram [abbrev 1]",
        "        DW_AT_type [DW_FORM_ref4] <0x33>",
        "",
      ].join("\n"),
    );
  });

  it("prints line rows as a table", () => {
    const s = sink();
    printLinePrograms(
      [
        {
          offset: 0,
          version: 5,
          fileNames: [
            { name: "main.go", dirIndex: 0 },
            { name: "util.go", dirIndex: 0, url: "https://h/r/util.go" },
            { name: "x.go", dirIndex: 0, url: "" },
          ],
          sequences: [
            [
              { address: 0x401000n, file: 1, line: 10, column: 0, isStmt: true },
              { address: 0x401010n, file: 1, line: 11, column: 0, endSequence: true },
            ],
          ],
        },
      ],
      s,
    );
    expect(s.text()).toContain('file[0] "main.go" dir 0\n');
    expect(s.text()).toContain('file[1] "util.go" dir 0 url "https://h/r/util.go"\n');
    expect(s.text()).toContain('file[2] "x.go" dir 0\n');
    expect(s.text()).toContain("0x0000000000401000      10     0     1  S----");
    expect(s.text()).toContain("0x0000000000401010      11     0     1  ----E");
  });
});
