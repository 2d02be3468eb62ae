import { test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../dwarf/errors.js";
import { propertyParams } from "../../test/property.js";
import type { ObjFile } from "../gc/compile.js";
import { type DumpItem, DecodeEnv, decodeSym } from "./decode.js";
import { objdump, objdumpJson } from "./dump.js";
import { arbObj, tinyObj } from "./fixtures.test-util.js";
import { symbolTable } from "./symtab.js";

const DWARF_KINDS = new Set([
  "SDWARFFCN",
  "SDWARFABSFCN",
  "SDWARFVAR",
  "SDWARFCONST",
  "SDWARFLINES",
  "SDWARFLOC",
  "SDWARFRANGE",
  "SDWARFCUINFO",
]);

/** Every DWARF symbol's decoded items, by label. */
function decodedAll(obj: ObjFile): Map<string, { size: number; items: DumpItem[]; type: string }> {
  const table = symbolTable(obj);
  const env = new DecodeEnv(obj, table);
  return new Map(
    table.entries.map((e) => [
      e.label,
      { size: e.sym.size, type: e.sym.type, items: decodeSym(env, e.sym).items },
    ]),
  );
}

describe("objdump", () => {
  it.each([
    ["DWARF 5", 5 as const, true],
    ["DWARF 4", 4 as const, true],
    ["DWARF 4, CU-relative lists", 4 as const, false],
  ])(
    "%s: the decoded items cover every byte once, and provenance names a writer for each",
    (_, dwarf, bas) => {
      for (const [label, d] of decodedAll(tinyObj({ dwarf, bas, provenance: true }))) {
        if (!DWARF_KINDS.has(d.type) || d.size === 0) continue;
        // dwarfgen's RecordFlags and RecordPackageName set P directly, as Go does: no writer to name.
        const marked = d.type !== "SDWARFCUINFO";
        let at = 0;
        for (const it of d.items) {
          if (it.end === it.offset) continue;
          expect(it.offset, `${label} item "${it.text}"`).toBe(at);
          if (marked)
            expect(it.who.length, `${label}+0x${it.offset.toString(16)} has a writer`).toBeGreaterThan(0);
          at = it.end;
        }
        expect(at, label).toBe(d.size);
      }
    },
  );

  it("--explain shows offsets, bytes, meanings and the modelled Go function that wrote them", () => {
    const text = objdump(tinyObj({ provenance: true }), { explain: true });
    // A DIE attribute written by PutDefaultFunc, with its relocation target in place of the placeholder.
    expect(text).toMatch(
      /\n {6}0x0b {2}00 {25}DW_AT_low_pc \[DW_FORM_addrx\] main\.main \(R_DWTXTADDR_U1\) +# PutDefaultFunc DW_AT_low_pc\n/,
    );
    // A line-program special opcode written by putpclcdelta.
    expect(text).toMatch(/ 3b {23}special opcode 48: pc \+4, line \+4 +# putpclcdelta\n/);
    expect(text).toMatch(/DW_LNE_set_address main\.main +# generateDebugLinesSymbol DW_LNE_set_address/);
    // A concrete function's reference to its abstract parameter, resolved to the child DIE.
    expect(text).toMatch(
      /DW_AT_abstract_origin \[DW_FORM_ref_addr\] go:info\.main\.add\$abstract\+0xd <DW_TAG_formal_parameter a> \(R_DWARFSECREF\) +# putvar DW_AT_abstract_origin/,
    );
    // Location lists: entry kinds, the base named by relocation, the expression disassembled.
    expect(text).toMatch(/DW_LLE_base_addressx main\.main +# PutLocationListDwarf5 DW_LLE_base_addressx/);
    expect(text).toMatch(/DW_LLE_offset_pair 0xc, 0x1e: DW_OP_fbreg -16/);
    expect(text).toMatch(/list 0 at 0x0, used by main\.main\.info\+0x1d/);
    expect(text).toMatch(
      /DW_AT_location \[DW_FORM_block1\] DW_OP_addr main\.greeting +# PutGlobal DW_AT_location/,
    );
    expect(text).toMatch(/\[\d+\] go:info\.int {2}Sxxx\(0\) {2}undefined, referenced by main\.add\.info/);
    expect(text).toMatch(/"main" +# RecordPackageName\n/);
  });

  it("without --explain prints the same meanings, indented by nesting, without bytes", () => {
    const text = objdump(tinyObj({ provenance: true }));
    expect(text).toContain(
      '\n      DW_TAG_subprogram [abbrev 3] {children}\n        DW_AT_name [DW_FORM_string] "main.main"\n',
    );
    expect(text).toContain("\n        DW_TAG_inlined_subroutine [abbrev 9] {children}\n");
    expect(text).not.toContain("# PutDefaultFunc");
    expect(objdump(tinyObj(), { explain: true })).toContain("No provenance was recorded");
  });

  it("DWARF 4: addresses and base address selection entries are named by their relocations", () => {
    const text = objdump(tinyObj({ dwarf: 4, provenance: true }), { explain: true });
    expect(text).toMatch(/DW_AT_low_pc \[DW_FORM_addr\] main\.main \(R_ADDR\)/);
    expect(text).toMatch(/DW_AT_high_pc \[DW_FORM_addr\] main\.main\+0x20 \(R_ADDR\)/);
    expect(text).toMatch(/base_address main\.main +# PutLocationListDwarf4 base address selection/);
    expect(text).toMatch(/range 0xc, 0x1e: DW_OP_fbreg -16 +# PutLocationListDwarf4 entry/);
    expect(text).toMatch(/location lists \(DWARF 4 \.debug_loc pairs\)/);
    const cu = objdump(tinyObj({ dwarf: 4, bas: false }));
    expect(cu).toMatch(
      /range 0xc, 0x1e: DW_OP_fbreg -16 \[\+0x0: R_ADDRCUOFF main\.main\+0xc\] \[\+0x8: R_ADDRCUOFF main\.main\+0x1e\]/,
    );
  });

  it("--json gives each symbol its decoded items with bytes, relocations and writers", () => {
    const doc = objdumpJson(tinyObj({ provenance: true }));
    const info = doc.symbols.find((s) => s.label === "main.main.info")!;
    expect(info).not.toHaveProperty("data");
    const d = info.decoded as { format: string; items: Record<string, unknown>[] };
    expect(d.format).toBe("dies");
    expect(d.items[0]).toEqual({
      offset: 0,
      end: 1,
      bytes: "03",
      depth: 0,
      kind: "die",
      text: "DW_TAG_subprogram [abbrev 3] {children}",
      code: 3,
      tag: "DW_TAG_subprogram",
      children: true,
      who: ["PutDefaultFunc abbrev"],
    });
    const low = d.items.find((i) => i.name === "DW_AT_low_pc")!;
    expect(low).toMatchObject({
      form: "DW_FORM_addrx",
      target: "main.main",
      relocs: [{ type: "R_DWTXTADDR_U1" }],
    });
    const lines = doc.symbols.find((s) => s.label === "main.main.lines")!.decoded as { rows: unknown[] };
    expect(lines.rows[0]).toEqual({
      pc: 0,
      file: 1,
      line: 9,
      isStmt: true,
      prologueEnd: false,
      endSequence: false,
    });
  });

  it("malformed bytes are a FormatError that names the symbol and the offset", () => {
    const obj = tinyObj();
    const info = obj.text[1]!.func!.dwarfInfoSym!;
    info.writeBytes(0, [0x7e]);
    expect(() => objdump(obj)).toThrow(FormatError);
    expect(() => objdump(obj)).toThrow(/^main\.main\.info\+0x0: unknown abbrev code 126/);
  });

  test.prop([arbObj], propertyParams())("any object dumps, or fails with a FormatError", (obj) => {
    for (const explain of [false, true]) {
      try {
        objdump(obj, { explain });
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }
    expect(() => objdumpJson(obj)).not.toThrow(TypeError);
  });
});
