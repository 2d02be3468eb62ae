/**
 * The conformance diff, on Go's own builds of testdata/go/sample (DWARF 5 and 4): a binary against
 * itself, and against copies with one byte changed at a place found independently of the locators
 * (readDieSequence's attribute offsets, readLineProgram's opcodes, readFrameSection's FDEs, a
 * test-side .debug_abbrev walk), truncated, or missing a section. Each check names what the byte
 * is, so a locator that found the wrong DIE, opcode or FDE fails. These check the diff and its
 * locators on real Go output; they say nothing about the model's faithfulness.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DW_AT, DW_FORM, DW_TAG } from "../dwarf/constants.js";
import { readAbbrevTable } from "../dwarf/read/abbrev.js";
import { Cursor } from "../dwarf/read/cursor.js";
import { decodeCfaOps, fdeCie, formatCfaOps, readFrameSection } from "../dwarf/read/frame.js";
import type { FormContext } from "../dwarf/read/forms.js";
import { readDieSequence, readInfo } from "../dwarf/read/info.js";
import { readLineProgram } from "../dwarf/read/line.js";
import { readLocList } from "../dwarf/read/lists.js";
import { attrNumber, attrString, type Die, findAttr, type Unit } from "../dwarf/read/model.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { amd64RegName } from "../dwarf/read/expr.js";
import { readElf } from "../elf/reader.js";
import { goBuild } from "../test/gobuild.js";
import { missingOracle } from "../test/oracles.js";
import { compareBytes } from "./compare.js";
import { diffSections, firstDiff, type SectionReport } from "./diff.js";
import { LOCATORS } from "./locate.js";
import { formatReport, pathText, reportJson } from "./report.js";
import { elfSectionSet, type SectionSet, sectionOrder, toDwarfSections } from "./sections.js";

const hex = (v: number | bigint): string => `0x${v.toString(16)}`;

/** `set` with section `name` replaced by `bytes` (or removed), and no stored bytes. */
function withSection(set: SectionSet, name: string, bytes: Uint8Array | undefined): SectionSet {
  const sections = new Map(set.sections);
  if (bytes === undefined) sections.delete(name);
  else sections.set(name, bytes);
  return { sections, littleEndian: true, addressSize: 8 };
}

/** `set` with one byte of section `name` changed by `xor`. */
function flipped(set: SectionSet, name: string, offset: number, xor = 1): SectionSet {
  const copy = set.sections.get(name)!.slice();
  copy[offset]! ^= xor;
  return withSection(set, name, copy);
}

function report(reports: SectionReport[], name: string): SectionReport {
  const r = reports.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no report for ${name}`);
  return r;
}

/** Every other section must compare equal when only `name` was changed. */
function expectOnlyDiffers(reports: SectionReport[], name: string): void {
  expect(reports.filter((r) => !r.equal).map((r) => r.name)).toEqual([name]);
}

describe("compareBytes", () => {
  it("counts equal bytes at the same offset and finds the first difference", () => {
    expect(compareBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toEqual({
      identical: 3,
      total: 3,
      equal: true,
      firstDiff: undefined,
    });
    expect(compareBytes(Uint8Array.of(1, 9, 3, 9), Uint8Array.of(1, 2, 3, 4))).toEqual({
      identical: 2,
      total: 4,
      equal: false,
      firstDiff: 1,
    });
    // A prefix differs at the end of the shorter side.
    expect(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toMatchObject({
      identical: 2,
      total: 3,
      firstDiff: 2,
    });
  });
});

describe("sections without a locator, and sections on one side only", () => {
  const ours: SectionSet = {
    sections: new Map([
      [".debug_gdb_scripts", new TextEncoder().encode("\x01/usr/local/go/src/runtime/runtime-gdb.py\0")],
      [".debug_str", Uint8Array.of(0x61, 0)],
    ]),
  };
  const theirs: SectionSet = {
    sections: new Map([
      [".debug_addr", new Uint8Array(12)],
      [".debug_gdb_scripts", new TextEncoder().encode("\x01/usr/local/go/src/runtime/runtime-gdb.pz\0")],
    ]),
  };

  it("reports the byte and its hex context, and which side lacks a section", () => {
    const reports = diffSections(ours, theirs);
    expect(reports.map((r) => r.name)).toEqual([".debug_gdb_scripts", ".debug_addr", ".debug_str"]);
    const g = report(reports, ".debug_gdb_scripts");
    expect(g).toMatchObject({ ours: 42, theirs: 42, identical: 41, total: 42, equal: false });
    expect(g.firstDiff).toMatchObject({
      offset: 40,
      linedUp: true,
      ours: { path: [], value: "0x79" },
      theirs: { path: [], value: "0x7a" },
    });
    expect(g.firstDiff!.context.ours).toContain("[79] 00 <end>");
    expect(report(reports, ".debug_addr")).toMatchObject({
      ours: undefined,
      theirs: 12,
      identical: 0,
      equal: false,
    });
    expect(report(reports, ".debug_addr").firstDiff).toBeUndefined();
    expect(report(reports, ".debug_str")).toMatchObject({ ours: 2, theirs: undefined, equal: false });

    const text = formatReport(reports);
    expect(text).toContain(
      ".debug_gdb_scripts  41/42 identical, first difference at 0x28: ours 0x79, go 0x7a\n",
    );
    expect(text).toContain(".debug_addr         missing in ours; go has 12 bytes\n");
    expect(text).toContain(".debug_str          missing in go; ours has 2 bytes\n");
    expect(text).toMatch(/\n +ours 6d 65 .* 2e 70 \[79\] 00 <end>\n/);

    const json = reportJson(reports);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json[1]).toMatchObject({ name: ".debug_addr", ours: null, theirs: 12, firstDiff: null });
  });

  it("never throws on garbage in a decoded section", () => {
    const junk = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const name of LOCATORS.keys()) {
      const a: SectionSet = { sections: new Map([[name, junk]]) };
      const b: SectionSet = { sections: new Map([[name, junk.map((x, i) => (i === 20 ? x ^ 0xff : x))]]) };
      const [r] = diffSections(a, b);
      expect(r!.firstDiff!.offset).toBe(20);
      expect(r!.firstDiff!.linedUp).toBe(false);
      expect(r!.firstDiff!.ours.error).toBeTypeOf("string");
      expect(formatReport([r!])).toContain("cannot decode");
    }
  });
});

/** The DIE chain from `root` to the first DIE satisfying `want`, depth first. */
function findPath(root: Die, want: (d: Die, path: Die[]) => boolean): Die[] | undefined {
  const walk = (d: Die, path: Die[]): Die[] | undefined => {
    const here = [...path, d];
    if (want(d, here)) return here;
    for (const c of d.children) {
      const p = walk(c, here);
      if (p !== undefined) return p;
    }
    return undefined;
  };
  return walk(root, []);
}

/** Where each attribute of the DIE at `dieOffset` starts, from readDieSequence (not the locator). */
function attrOffsets(secs: DwarfSections, unit: Unit, dieOffset: number): number[] {
  const ctx: FormContext = {
    version: unit.version,
    offsetSize: unit.offsetSize,
    addressSize: unit.addressSize,
    unitOffset: unit.offset,
    unitEnd: unit.end,
    infoSize: secs.sections.debug_info!.length,
    addrx: () => 0n,
    strx: () => ({ value: "", offset: 0 }),
    strp: () => "",
    lineStrp: () => "",
  };
  const c = new Cursor(secs.sections.debug_info!, ".debug_info", true, unit.dieOffset, unit.end);
  const { entries } = readDieSequence(
    c,
    readAbbrevTable(secs.sections.debug_abbrev!, unit.abbrevOffset),
    ctx,
  );
  const e = entries.find((x) => x.offset === dieOffset);
  if (e === undefined) throw new Error(`no DIE at ${hex(dieOffset)}`);
  return e.attrOffsets;
}

/** A test-side walk of .debug_abbrev: where each declaration and attribute spec starts. */
function abbrevSpecs(
  bytes: Uint8Array,
): Map<number, { tag: number; start: number; specs: { at: number; form: number; start: number }[] }> {
  const out = new Map<
    number,
    { tag: number; start: number; specs: { at: number; form: number; start: number }[] }
  >();
  const c = new Cursor(bytes, ".debug_abbrev");
  for (;;) {
    const start = c.pos;
    const code = c.uleb();
    if (code === 0) break;
    const tag = c.uleb();
    c.u8();
    const specs: { at: number; form: number; start: number }[] = [];
    for (;;) {
      const s = c.pos;
      const at = c.uleb();
      const form = c.uleb();
      if (at === 0 && form === 0) break;
      if (form === DW_FORM.implicit_const) c.sleb();
      specs.push({ at, form, start: s });
    }
    out.set(code, { tag, start, specs });
  }
  return out;
}

const named = (name: string) => (d: Die) => attrString(d, DW_AT.name) === name;

describe.skipIf(missingOracle("go"))("against Go's build of testdata/go/sample", () => {
  for (const dwarf4 of [false, true]) {
    describe(dwarf4 ? "DWARF 4" : "DWARF 5", () => {
      let file: string;
      let theirs: SectionSet;
      let secs: DwarfSections;
      let units: Unit[];
      let mainUnit: Unit;
      /** main.scopes > lexical_block > lexical_block > variable "j" */
      let jPath: Die[];

      beforeAll(() => {
        file = goBuild("testdata/go/sample", { dwarf4 });
        theirs = elfSectionSet(readElf(readFileSync(file), file));
        secs = toDwarfSections(theirs);
        units = readInfo(secs);
        mainUnit = units.find((u) => u.root !== undefined && attrString(u.root, DW_AT.name) === "main")!;
        expect(mainUnit).toBeDefined();
        jPath = findPath(
          mainUnit.root!,
          (d, p) => named("j")(d) && d.tag === DW_TAG.variable && p.some(named("main.scopes")),
        )!;
        expect(jPath.map((d) => d.tag)).toEqual([
          DW_TAG.compile_unit,
          DW_TAG.subprogram,
          DW_TAG.lexical_block,
          DW_TAG.lexical_block,
          DW_TAG.variable,
        ]);
      });

      it("finds every section of a binary equal to itself, in the file's order", () => {
        const again = elfSectionSet(readElf(readFileSync(file), file));
        const reports = diffSections(again, theirs);
        const inFile = readElf(readFileSync(file))
          .sections.map((s) => s.name)
          .filter((n) => n.startsWith(".debug_"));
        expect(reports.map((r) => r.name)).toEqual(inFile);
        expect(sectionOrder(again, theirs)).toEqual(inFile);
        for (const r of reports) {
          expect(r, r.name).toMatchObject({ equal: true, identical: r.ours, total: r.theirs });
          expect(r.firstDiff).toBeUndefined();
          if (r.name !== ".debug_gdb_scripts") expect(r.compressed?.equal, r.name).toBe(true);
        }
        for (const line of formatReport(reports).trimEnd().split("\n")) {
          expect(line).toMatch(/^\.debug_\w+ +(\d+)\/\1 identical(, stored bytes identical)?$/);
        }
      });

      it("names the unit, DIE path, attribute and both values of a changed .debug_info byte", () => {
        const j = jPath[jPath.length - 1]!;
        const line = attrNumber(j, DW_AT.decl_line)!;
        const idx = j.attrs.findIndex((a) => a.at === DW_AT.decl_line);
        expect(j.attrs[idx]!.form).toBe(DW_FORM.udata);
        const at = attrOffsets(secs, mainUnit, j.offset)[idx]!;
        expect(secs.sections.debug_info![at]).toBe(line); // one byte of ULEB128
        const reports = diffSections(flipped(theirs, ".debug_info", at), theirs);
        expectOnlyDiffers(reports, ".debug_info");
        const r = report(reports, ".debug_info");
        expect(r).toMatchObject({ identical: r.total - 1, equal: false });
        const d = r.firstDiff!;
        expect(d.offset).toBe(at);
        expect(d.linedUp).toBe(true);
        expect(d.theirs.path.map((s) => [s.kind, s.offset, s.text])).toEqual([
          ["unit", mainUnit.offset, `unit "main" (${hex(mainUnit.offset)})`],
          ["die", jPath[0]!.offset, 'DW_TAG_compile_unit "main"'],
          ["die", jPath[1]!.offset, 'DW_TAG_subprogram "main.scopes"'],
          ["die", jPath[2]!.offset, "DW_TAG_lexical_block"],
          ["die", jPath[3]!.offset, "DW_TAG_lexical_block"],
          ["die", j.offset, 'DW_TAG_variable "j"'],
          ["attribute", at, "DW_AT_decl_line (DW_FORM_udata)"],
        ]);
        expect(d.ours.path).toEqual(d.theirs.path);
        expect(d.theirs.value).toBe(`${line} (${hex(line)})`);

        // A corrupt byte later in the unit (its closing null entry made an unknown abbrev code)
        // does not stop ours from decoding up to the changed byte.
        const broken = flipped(theirs, ".debug_info", at);
        (broken.sections.get(".debug_info") as Uint8Array)[mainUnit.end - 1] = 0x7f;
        const b2 = report(diffSections(broken, theirs), ".debug_info").firstDiff!;
        expect(b2.linedUp).toBe(true);
        expect(b2.ours.path).toEqual(d.theirs.path);
        expect(b2.ours.value).toBe(d.ours.value);
        expect(d.ours.value).toBe(`${line ^ 1} (${hex(line ^ 1)})`);
        expect(formatReport(reports)).toContain(
          `first difference at ${hex(at)}: unit "main" (${hex(mainUnit.offset)}) > DW_TAG_subprogram "main.scopes" > DW_TAG_lexical_block > DW_TAG_lexical_block > DW_TAG_variable "j" > DW_AT_decl_line (DW_FORM_udata): ours ${line ^ 1} (${hex(line ^ 1)}), go ${line} (${hex(line)})\n`,
        );
      });

      it("names the abbrev code of a DIE whose code changed, and the unit header field", () => {
        const scopes = jPath[1]!;
        const r = report(diffSections(flipped(theirs, ".debug_info", scopes.offset), theirs), ".debug_info");
        const last = r.firstDiff!.theirs.path.at(-1)!;
        expect(last).toEqual({ kind: "field", offset: scopes.offset, text: "abbrev code" });
        expect(r.firstDiff!.theirs.value).toBe(`${scopes.code} (DW_TAG_subprogram)`);
        expect(r.firstDiff!.theirs.path.at(-2)!.text).toBe('DW_TAG_subprogram "main.scopes"');

        // The version field: after the 4-byte unit_length.
        const h = report(
          diffSections(flipped(theirs, ".debug_info", mainUnit.offset + 4, 0xff), theirs),
          ".debug_info",
        );
        expect(h.firstDiff!.theirs.path.map((s) => s.text)).toEqual([
          `unit "main" (${hex(mainUnit.offset)})`,
          "unit header: version",
        ]);
        expect(h.firstDiff!.theirs.value).toBe(dwarf4 ? "4" : "5");
        // Ours has version 0xfa / 0xfb: it cannot be read, so the two no longer line up.
        expect(h.firstDiff!.linedUp).toBe(false);
        expect(h.firstDiff!.ours.error).toMatch(/unsupported DWARF version/);
      });

      it("names the line program, opcode index, name and operands of a changed .debug_line byte", () => {
        const stmt = attrNumber(mainUnit.root!, DW_AT.stmt_list)!;
        const prog = readLineProgram(secs, stmt, { ops: true });
        const ops = prog.ops!;
        const bytes = secs.sections.debug_line!;
        // An advance_line in the second half whose operand is a one-byte SLEB128.
        const i = ops.findIndex(
          (o, k) =>
            k > ops.length / 2 && o.name === "DW_LNS_advance_line" && (bytes[o.offset + 1]! & 0x80) === 0,
        );
        expect(i).toBeGreaterThan(0);
        const op = ops[i]!;
        const b = bytes[op.offset + 1]! ^ 1;
        const changed = b & 0x40 ? b - 0x80 : b;
        const reports = diffSections(flipped(theirs, ".debug_line", op.offset + 1), theirs);
        expectOnlyDiffers(reports, ".debug_line");
        const d = report(reports, ".debug_line").firstDiff!;
        expect(d.offset).toBe(op.offset + 1);
        expect(d.linedUp).toBe(true);
        expect(d.theirs.path).toEqual([
          { kind: "program", offset: stmt, text: `line program ${hex(stmt)} (unit "main")` },
          { kind: "opcode", offset: op.offset, text: `opcode ${i}` },
        ]);
        expect(d.theirs.value).toBe(`DW_LNS_advance_line ${op.operands[0]}`);
        expect(d.ours.value).toBe(`DW_LNS_advance_line ${changed}`);

        // The same change with the program's last end_sequence made to run past the end: the
        // program no longer decodes as a whole, but still does up to the changed byte.
        const last = ops.at(-1)!;
        expect(last.name).toBe("DW_LNE_end_sequence");
        const broken = flipped(theirs, ".debug_line", op.offset + 1);
        (broken.sections.get(".debug_line") as Uint8Array)[last.offset + 1] = 0x7f;
        const b2 = report(diffSections(broken, theirs), ".debug_line").firstDiff!;
        expect(b2.linedUp).toBe(true);
        expect(b2.ours.path).toEqual(d.theirs.path);
        expect(b2.ours.value).toBe(`DW_LNS_advance_line ${changed}`);

        // A header field.
        // unit_length, version, (address and segment selector sizes), header_length,
        // minimum_instruction_length, (maximum_operations_per_instruction), default_is_stmt.
        const v = prog.version;
        const lineBaseAt = prog.offset + 4 + 2 + (v >= 5 ? 2 : 0) + 4 + 1 + (v >= 4 ? 1 : 0) + 1;
        const h = report(diffSections(flipped(theirs, ".debug_line", lineBaseAt), theirs), ".debug_line")
          .firstDiff!;
        expect(h.theirs.path.at(-1)).toEqual({
          kind: "field",
          offset: lineBaseAt,
          text: "header: line_base",
        });
        expect(h.theirs.value).toBe(`${prog.lineBase}`);
        expect(h.ours.value).toBe(`${prog.lineBase ^ 1}`);
      });

      it("names the FDE, its function and the CFA instruction of a changed .debug_frame byte", () => {
        const main = findPath(mainUnit.root!, named("main.main"))!.at(-1)!;
        const low = findAttr(main, DW_AT.low_pc)!.value;
        expect(low.kind).toBe("address");
        const pc = (low as { value: bigint }).value;
        const frame = readFrameSection(secs.sections.debug_frame!, {
          littleEndian: true,
          addressSize: 8,
          section: ".debug_frame",
        });
        const k = frame.fdes.findIndex((f) => f.initialLocation === pc);
        expect(k).toBeGreaterThan(0);
        const fde = frame.fdes[k]!;
        const cie = fdeCie(frame, fde);
        const ops = decodeCfaOps(fde, cie);
        const texts = formatCfaOps(fde, cie, (r) => amd64RegName(r) ?? `r${r}`);
        // The instruction setting the largest frame: main.main's stack frame.
        let j = -1;
        ops.forEach((o, x) => {
          if (o.name === "DW_CFA_def_cfa_offset_sf" && (j < 0 || o.value! > ops[j]!.value!)) j = x;
        });
        expect(j).toBeGreaterThan(1);
        const at = ops[j]!.offset + 1;
        expect(secs.sections.debug_frame![at]! & 0x80).toBe(0);
        const reports = diffSections(flipped(theirs, ".debug_frame", at), theirs);
        expectOnlyDiffers(reports, ".debug_frame");
        const d = report(reports, ".debug_frame").firstDiff!;
        expect(d.offset).toBe(at);
        expect(d.linedUp).toBe(true);
        expect(d.theirs.path).toEqual([
          { kind: "fde", offset: fde.offset, text: `FDE ${k} (pc ${hex(pc)} "main.main")` },
          { kind: "instruction", offset: ops[j]!.offset, text: `instruction ${j}` },
        ]);
        expect(d.theirs.value).toBe(texts[j]);
        expect(d.ours.value).toMatch(/^DW_CFA_def_cfa_offset_sf: \d+$/);
        expect(d.ours.value).not.toBe(texts[j]);

        // The FDE's address_range field.
        const rangeAt = fde.offset + 4 + 4 + 8;
        const h = report(diffSections(flipped(theirs, ".debug_frame", rangeAt), theirs), ".debug_frame")
          .firstDiff!;
        expect(h.theirs.path.at(-1)).toEqual({
          kind: "field",
          offset: rangeAt,
          text: "FDE header: address_range",
        });
        expect(h.theirs.value).toBe(hex(fde.addressRange));
        expect(h.ours.value).toBe(hex(fde.addressRange ^ 1n));
      });

      it("names the list and entry of a changed location list byte", () => {
        const j = jPath.at(-1)!;
        const loc = findAttr(j, DW_AT.location)!;
        const list = readLocList(secs, mainUnit, loc.value);
        const e = list.entries.findIndex((x) => x.kind === (dwarf4 ? "range" : "DW_LLE_offset_pair"));
        expect(e).toBeGreaterThanOrEqual(0);
        const entry = list.entries[e]!;
        const name = dwarf4 ? ".debug_loc" : ".debug_loclists";
        // DWARF 4: the low byte of the 8-byte begin; DWARF 5: the one-byte ULEB128 start offset.
        const at = dwarf4 ? entry.offset : entry.offset + 1;
        const reports = diffSections(flipped(theirs, name, at), theirs);
        expectOnlyDiffers(reports, name);
        const d = report(reports, name).firstDiff!;
        expect(d.offset).toBe(at);
        expect(d.linedUp).toBe(true);
        expect(d.theirs.path.slice(-2)).toEqual([
          { kind: "list", offset: list.offset, text: `list ${hex(list.offset)}` },
          { kind: "entry", offset: entry.offset, text: `entry ${e}` },
        ]);
        const operands = entry.operands.map(hex).join(" ");
        expect(d.theirs.value).toMatch(new RegExp(`^${entry.kind} ${operands}: DW_OP_`));
        const changed = [entry.operands[0]! ^ 1n, ...entry.operands.slice(1)].map(hex).join(" ");
        expect(d.ours.value).toMatch(new RegExp(`^${entry.kind} ${changed}: DW_OP_`));
      });

      it("names the abbrev declaration and attribute spec of a changed .debug_abbrev byte", () => {
        // The declaration of main.scopes' parameter n.
        const n = jPath[1]!.children.find(named("n"))!;
        expect(n.tag).toBe(DW_TAG.formal_parameter);
        const code = n.code;
        const decl = abbrevSpecs(secs.sections.debug_abbrev!).get(code)!;
        const k = decl.specs.findIndex((s) => s.at === DW_AT.type);
        const spec = decl.specs[k]!;
        expect(spec.form).toBe(DW_FORM.ref_addr);
        const at = spec.start + 1; // the form, one byte
        const reports = diffSections(flipped(theirs, ".debug_abbrev", at), theirs);
        expectOnlyDiffers(reports, ".debug_abbrev");
        const d = report(reports, ".debug_abbrev").firstDiff!;
        expect(d.linedUp).toBe(true);
        expect(d.theirs.path).toEqual([
          { kind: "table", offset: 0, text: "abbrev table 0x0" },
          { kind: "abbrev", offset: decl.start, text: `abbrev ${code} (DW_TAG_formal_parameter)` },
          { kind: "field", offset: spec.start, text: `attribute ${k}` },
        ]);
        expect(d.theirs.value).toBe("DW_AT_type DW_FORM_ref_addr");
        expect(d.ours.value).toBe("DW_AT_type DW_FORM_ref1");
      });

      it("reports a truncated section: sizes, the common prefix, and what the short side lacks", () => {
        const j = jPath.at(-1)!;
        const idx = j.attrs.findIndex((a) => a.at === DW_AT.decl_line);
        const cut = attrOffsets(secs, mainUnit, j.offset)[idx]!;
        const full = secs.sections.debug_info!;
        const reports = diffSections(withSection(theirs, ".debug_info", full.subarray(0, cut)), theirs);
        expectOnlyDiffers(reports, ".debug_info");
        const r = report(reports, ".debug_info");
        expect(r).toMatchObject({ ours: cut, theirs: full.length, identical: cut, total: full.length });
        const d = r.firstDiff!;
        expect(d.offset).toBe(cut);
        expect(d.linedUp).toBe(false);
        expect(pathText(d.theirs.path)).toBe(
          `unit "main" (${hex(mainUnit.offset)}) > DW_TAG_subprogram "main.scopes" > DW_TAG_lexical_block > DW_TAG_lexical_block > DW_TAG_variable "j" > DW_AT_decl_line (DW_FORM_udata)`,
        );
        expect(d.ours.error).toMatch(new RegExp(`^the section ends at ${hex(cut)}`));
        expect(d.ours.path[0]).toMatchObject({ kind: "unit", offset: mainUnit.offset });
        expect(d.context.ours).toMatch(/\[<end>\]$/);
        const text = formatReport(reports);
        expect(text).toContain(`.debug_info`);
        expect(text).toContain(`${cut}/${full.length} identical (ours ${cut} bytes, go ${full.length})`);
        expect(text).toContain("where the two no longer line up:");
        expect(text).toMatch(/\n +ours: unit \(0x[0-9a-f]+\): cannot decode: the section ends at/);
      });

      it("reports a section present on one side only", () => {
        const gone = dwarf4 ? ".debug_ranges" : ".debug_addr";
        const reports = diffSections(withSection(theirs, gone, undefined), theirs);
        expectOnlyDiffers(reports, gone);
        const size = theirs.sections.get(gone)!.length;
        expect(report(reports, gone)).toMatchObject({
          ours: undefined,
          theirs: size,
          identical: 0,
          total: size,
        });
        expect(report(reports, gone).firstDiff).toBeUndefined();
        expect(formatReport(reports)).toMatch(
          new RegExp(`\\n\\${gone} +missing in ours; go has ${size} bytes\\n`),
        );

        const extra = diffSections(theirs, withSection(theirs, ".debug_line", undefined));
        expect(report(extra, ".debug_line")).toMatchObject({
          ours: secs.sections.debug_line!.length,
          theirs: undefined,
        });
        expect(formatReport(extra)).toContain(".debug_line         missing in go;");
      });

      it("compares the stored (compressed) bytes apart from the contents", () => {
        const compressed = new Map(theirs.compressed);
        const raw = compressed.get(".debug_line")!.slice();
        raw[raw.length - 1]! ^= 1; // the zlib checksum: the contents are unchanged
        const reports = diffSections({ ...theirs, compressed }, { ...theirs });
        compressed.set(".debug_line", raw);
        const changed = diffSections({ ...theirs, compressed }, theirs);
        expect(reports.every((r) => r.equal && (r.compressed?.equal ?? true))).toBe(true);
        const r = report(changed, ".debug_line");
        expect(r).toMatchObject({
          equal: true,
          compressed: { equal: false, identical: raw.length - 1, total: raw.length },
        });
        expect(r.firstDiff).toBeUndefined();
        expect(formatReport(changed)).toMatch(/\.debug_line +\d+\/\d+ identical, stored \d+\/\d+ identical/);
      });

      it("never throws, whatever the change: random bytes, truncations, overwritten runs", () => {
        let seed = dwarf4 ? 7 : 3;
        const rand = (n: number): number => {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          return seed % n;
        };
        for (const name of LOCATORS.keys()) {
          const bytes = theirs.sections.get(name);
          if (bytes === undefined) continue;
          for (let t = 0; t < 6; t++) {
            const at = rand(bytes.length);
            const copy = t % 3 === 2 ? bytes.slice(0, at) : bytes.slice();
            if (t % 3 === 0) copy[at] = copy[at]! ^ (1 + rand(255));
            if (t % 3 === 1) copy.fill(0xff, at, Math.min(copy.length, at + 8));
            const ours = toDwarfSections(withSection(theirs, name, copy));
            const d = firstDiff(name, copy, bytes, ours, secs, at);
            expect(d.offset).toBe(at);
            // Go's side is intact: it always decodes to the byte.
            expect(d.theirs.error, `${name} at ${hex(at)}`).toBeUndefined();
            expect(d.theirs.path.length, `${name} at ${hex(at)}`).toBeGreaterThan(0);
          }
        }
      });
    });
  }
});
