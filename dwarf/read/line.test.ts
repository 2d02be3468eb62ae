import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { goBuild } from "../../test/gobuild.js";
import { hasTool, missingOracle } from "../../test/oracles.js";
import { propertyParams } from "../../test/property.js";
import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS } from "../constants.js";
import { FormatError } from "../errors.js";
import {
  type LineProgram,
  type LineRow,
  lineFilePath,
  readAllLinePrograms,
  readLineFragment,
  readLineProgram,
} from "./line.js";
import type { DwarfSections } from "./sections.js";
import { Bytes as B } from "../../test/bytes.js";

const GO_STD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0];

interface HeaderSpec {
  version: 2 | 3 | 4 | 5;
  dwarf64?: boolean;
  minInst?: number;
  maxOps?: number;
  lineBase?: number;
  lineRange?: number;
  opcodeBase?: number;
  stdLengths?: number[];
  /** v2-4: directory strings and file entries; v5: the raw tables (formats included). */
  tables: number[];
}

/** A whole line-program unit around `program`. */
function unit(h: HeaderSpec, program: number[]): Uint8Array {
  const hdr = new B().u8(h.minInst ?? 1);
  if (h.version >= 4) hdr.u8(h.maxOps ?? 1);
  const opcodeBase = h.opcodeBase ?? 11;
  hdr.u8(1, (h.lineBase ?? -4) & 0xff, h.lineRange ?? 10, opcodeBase);
  hdr.bytes(h.stdLengths ?? GO_STD_LENGTHS.slice(0, opcodeBase - 1));
  hdr.bytes(h.tables);
  const off = h.dwarf64 ? 8 : 4;
  const afterLen = new B().u16(h.version);
  if (h.version >= 5) afterLen.u8(8, 0);
  if (h.dwarf64) afterLen.u64(BigInt(hdr.length));
  else afterLen.u32(hdr.length);
  afterLen.bytes(hdr.b).bytes(program);
  const out = new B();
  if (h.dwarf64) out.u32(0xffffffff).u64(BigInt(afterLen.length));
  else out.u32(afterLen.length);
  void off;
  return Uint8Array.from(out.bytes(afterLen.b).b);
}

/** Version 2-4 tables: directories then files (name, dir, mtime, length). */
function oldTables(dirs: string[], files: [string, number][]): number[] {
  const t = new B();
  for (const d of dirs) t.str(d);
  t.u8(0);
  for (const [n, d] of files) t.str(n).uleb(d).uleb(0).uleb(0);
  return t.u8(0).b;
}

/** Go's version 5 tables (writelines): dirs as strings, files (path string, dir udata). */
function goV5Tables(dirs: string[], files: [string, number][]): number[] {
  const t = new B().u8(1).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(dirs.length);
  for (const d of dirs) t.str(d);
  t.u8(2).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(DW_LNCT.directory_index).uleb(DW_FORM.udata);
  t.uleb(files.length);
  for (const [n, d] of files) t.str(n).uleb(d);
  return t.b;
}

function secs(line: Uint8Array, extra: Partial<DwarfSections["sections"]> = {}): DwarfSections {
  return { littleEndian: true, addressSize: 8, sections: { debug_line: line, ...extra } };
}

const setAddress = (a: bigint): number[] => new B().u8(0, 9, DW_LNE.set_address).u64(a).b;
const endSequence = [0, 1, DW_LNE.end_sequence];

/** Only the interesting columns of a row. */
function brief(r: LineRow): string {
  const f = `${r.isStmt ? "S" : ""}${r.basicBlock ? "B" : ""}${r.prologueEnd ? "P" : ""}${r.epilogueBegin ? "e" : ""}${r.endSequence ? "E" : ""}`;
  const extra = `${r.opIndex ? ` op${r.opIndex}` : ""}${r.isa ? ` isa${r.isa}` : ""}${r.discriminator ? ` d${r.discriminator}` : ""}`;
  return `0x${r.address.toString(16)} f${r.file} l${r.line} c${r.column} ${f}${extra}`;
}

function rowsOf(p: LineProgram): string[][] {
  return p.sequences.map((s) => s.map(brief));
}

describe("headers", () => {
  it("reads Go's DWARF 4 mode header (version 2, NUL-terminated lists)", () => {
    const u = unit(
      {
        version: 2,
        tables: oldTables(
          ["/usr/local/go/src/runtime"],
          [
            ["proc.go", 1],
            ["x.go", 0],
          ],
        ),
      },
      [...setAddress(0x401000n), ...endSequence],
    );
    const p = readLineProgram(secs(u), 0, { compDir: "/work" });
    expect(p).toMatchObject({
      version: 2,
      offsetSize: 4,
      addressSize: 8,
      maxOpsPerInst: 1,
      minInstLength: 1,
      lineBase: -4,
      lineRange: 10,
      opcodeBase: 11,
      standardOpcodeLengths: GO_STD_LENGTHS,
      includeDirectories: ["/usr/local/go/src/runtime"],
      end: u.length,
      programOffset: u.length - 14,
    });
    expect(p.fileNames.map((f) => [f.name, f.dirIndex])).toEqual([
      ["proc.go", 1],
      ["x.go", 0],
    ]);
    expect(p.directoryEntryFormat).toBeUndefined();
    expect(lineFilePath(p, 1)).toBe("/usr/local/go/src/runtime/proc.go");
    expect(lineFilePath(p, 2)).toBe("/work/x.go");
    expect(lineFilePath(p, 3)).toBeUndefined();
  });

  it("reads version 3 and version 4 (maximum_operations_per_instruction) headers", () => {
    for (const version of [3, 4] as const) {
      const u = unit({ version, maxOps: 1, tables: oldTables([], [["a.c", 0]]) }, [
        ...setAddress(16n),
        ...endSequence,
      ]);
      const p = readLineProgram(secs(u), 0);
      expect(p.version).toBe(version);
      expect(p.fileNames[0]!.name).toBe("a.c");
      expect(rowsOf(p)).toEqual([["0x10 f1 l1 c0 SE"]]);
    }
  });

  it("reads Go's version 5 header, with file 0 '?'", () => {
    const u = unit(
      {
        version: 5,
        tables: goV5Tables(
          [".", "/usr/local/go/src/runtime"],
          [
            ["?", 0],
            ["memclr_amd64.s", 1],
          ],
        ),
      },
      [...setAddress(0x47f680n), ...endSequence],
    );
    const p = readLineProgram(secs(u), 0);
    expect(p.version).toBe(5);
    expect(p.directoryEntryFormat).toEqual([{ contentType: DW_LNCT.path, form: DW_FORM.string }]);
    expect(p.fileNameEntryFormat).toEqual([
      { contentType: DW_LNCT.path, form: DW_FORM.string },
      { contentType: DW_LNCT.directory_index, form: DW_FORM.udata },
    ]);
    expect(p.includeDirectories).toEqual([".", "/usr/local/go/src/runtime"]);
    expect(p.fileNames.map((f) => f.name)).toEqual(["?", "memclr_amd64.s"]);
    expect(lineFilePath(p, 1)).toBe("/usr/local/go/src/runtime/memclr_amd64.s");
    expect(lineFilePath(p, 0)).toBe("./?");
  });

  it("resolves line_strp, strp and strx forms, and keeps MD5, size and timestamp (DWARF 64)", () => {
    const lineStr = new B().str("/src").str("main.c").b;
    const str = new B().str("junk").str("/inc").str("stdio.h").b;
    // .debug_str_offsets v5 header (8 bytes for 32-bit; this unit is 64-bit so base is 16).
    const strOffsets = new B().u32(0xffffffff).u64(20n).u16(5).u16(0).u64(5n).u64(10n).b;
    const md5 = Array.from({ length: 16 }, (_, i) => i * 17);
    const t = new B().u8(1).uleb(DW_LNCT.path).uleb(DW_FORM.line_strp).uleb(2).u64(0n);
    t.u64(5n); // second dir: "main.c" offset, only to prove line_strp is read as 8 bytes
    t.u8(5)
      .uleb(DW_LNCT.path)
      .uleb(DW_FORM.strx1)
      .uleb(DW_LNCT.directory_index)
      .uleb(DW_FORM.data1)
      .uleb(DW_LNCT.MD5)
      .uleb(DW_FORM.data16)
      .uleb(DW_LNCT.size)
      .uleb(DW_FORM.data4)
      .uleb(DW_LNCT.timestamp)
      .uleb(DW_FORM.udata);
    t.uleb(2);
    t.u8(1, 0).bytes(md5).u32(1234).uleb(99);
    t.u8(0, 1).bytes(md5).u32(0).uleb(0);
    const u = unit({ version: 5, dwarf64: true, tables: t.b }, []);
    const p = readLineProgram(
      secs(u, {
        debug_line_str: Uint8Array.from(lineStr),
        debug_str: Uint8Array.from(str),
        debug_str_offsets: Uint8Array.from(strOffsets),
      }),
      0,
    );
    expect(p.offsetSize).toBe(8);
    expect(p.includeDirectories).toEqual(["/src", "main.c"]);
    expect(p.fileNames[0]).toMatchObject({ name: "stdio.h", dirIndex: 0, length: 1234n, mtime: 99n });
    expect(Array.from(p.fileNames[0]!.md5!)).toEqual(md5);
    expect(p.fileNames[1]!.name).toBe("/inc");
    expect(p.sequences).toEqual([]);
  });

  it("reads strp (32-bit) and skips vendor content types", () => {
    const str = new B().str("dir").str("f.c").b;
    const t = new B().u8(1).uleb(DW_LNCT.path).uleb(DW_FORM.strp).uleb(1).u32(0);
    t.u8(2).uleb(DW_LNCT.path).uleb(DW_FORM.strp).uleb(DW_LNCT.LLVM_source).uleb(DW_FORM.string);
    t.uleb(1).u32(4).str("int main(){}");
    const p = readLineProgram(
      secs(unit({ version: 5, tables: t.b }, []), { debug_str: Uint8Array.from(str) }),
      0,
    );
    expect(p.includeDirectories).toEqual(["dir"]);
    expect(p.fileNames.map((f) => f.name)).toEqual(["f.c"]);
  });

  it("gives back DW_LNCT_godwarf_url per file, and ignores the code in a form that is not a string", () => {
    const t = new B().u8(1).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(1).str(".");
    t.u8(3).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(DW_LNCT.directory_index).uleb(DW_FORM.udata);
    t.uleb(DW_LNCT.godwarf_url).uleb(DW_FORM.string);
    t.uleb(3)
      .str("?")
      .uleb(0)
      .str("")
      .str("a.go")
      .uleb(0)
      .str("https://h/r/a.go")
      .str("b.go")
      .uleb(0)
      .str("");
    const p = readLineProgram(secs(unit({ version: 5, tables: t.b }, [])), 0);
    expect(p.fileNames.map((f) => [f.name, f.url])).toEqual([
      ["?", ""],
      ["a.go", "https://h/r/a.go"],
      ["b.go", ""],
    ]);
    // Another producer's use of the number, as data4: skipped by its form, no URL.
    const o = new B().u8(1).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(1).str(".");
    o.u8(2).uleb(DW_LNCT.path).uleb(DW_FORM.string).uleb(DW_LNCT.godwarf_url).uleb(DW_FORM.data4);
    o.uleb(1).str("c.go").u32(7);
    const q = readLineProgram(secs(unit({ version: 5, tables: o.b }, [])), 0);
    expect(q.fileNames).toEqual([{ name: "c.go", dirIndex: 0, mtime: 0n, length: 0n }]);
  });

  it("walks every program of a section", () => {
    const a = unit({ version: 2, tables: oldTables([], [["a.go", 0]]) }, [
      ...setAddress(0x1000n),
      0x20,
      ...endSequence,
    ]);
    const b = unit(
      {
        version: 5,
        tables: goV5Tables(
          ["."],
          [
            ["?", 0],
            ["b.go", 0],
          ],
        ),
      },
      [...setAddress(0x2000n), ...endSequence],
    );
    const all = new Uint8Array(a.length + b.length);
    all.set(a);
    all.set(b, a.length);
    const progs = readAllLinePrograms(secs(all));
    expect(progs.map((p) => [p.offset, p.version])).toEqual([
      [0, 2],
      [a.length, 5],
    ]);
    expect(readAllLinePrograms({ littleEndian: true, addressSize: 8, sections: {} })).toEqual([]);
  });

  it("rejects malformed headers with a FormatError naming .debug_line and the offset", () => {
    const bad = (u: Uint8Array, at: number, re: RegExp) => {
      try {
        readLineProgram(secs(u), 0);
        expect.unreachable("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).section).toBe(".debug_line");
        expect((e as FormatError).offset).toBe(at);
        expect((e as FormatError).problem).toMatch(re);
      }
    };
    const good = unit({ version: 2, tables: oldTables([], []) }, []);
    const v = good.slice();
    v[4] = 6;
    bad(v, 4, /unknown line table version 6/);
    const v1 = good.slice();
    v1[4] = 1;
    bad(v1, 4, /version 1/);
    bad(unit({ version: 2, lineRange: 0, tables: oldTables([], []) }, []), 13, /line_range is 0/);
    bad(
      unit({ version: 4, maxOps: 0, tables: oldTables([], []) }, []),
      11,
      /maximum_operations_per_instruction is 0/,
    );
    const lens = GO_STD_LENGTHS.slice();
    lens[1] = 2; // advance_pc with two operands
    bad(
      unit({ version: 2, stdLengths: lens, tables: oldTables([], []) }, []),
      16,
      /DW_LNS_advance_pc has 2 operands/,
    );
    const hl = good.slice();
    hl[6] = 0xff; // header_length past the end
    bad(hl, 6, /header_length/);
    const ul = good.slice();
    ul[0] = 0xff; // unit_length past the end
    bad(ul, 0, /runs past the end/);
    bad(
      unit({ version: 2, tables: oldTables([], []) }, [0, 4, DW_LNE.set_address, 1, 2, 3]),
      27,
      /3-byte operand/,
    );
    bad(unit({ version: 5, tables: [0, 1] }, []), 29, /directories_count is 1 but the entry format is empty/);
    expect(() => readLineProgram(secs(good), good.length)).toThrow(FormatError);
    expect(() => readLineProgram({ littleEndian: true, addressSize: 8, sections: {} }, 0)).toThrow(
      FormatError,
    );
  });
});

describe("the state machine", () => {
  const tables = oldTables(
    [],
    [
      ["a.c", 0],
      ["b.c", 0],
    ],
  );

  it("runs every standard and extended opcode", () => {
    const prog = new B()
      .bytes(setAddress(0x1000n))
      .u8(DW_LNS.copy) // row 1
      .u8(DW_LNS.advance_pc)
      .uleb(0x10)
      .u8(DW_LNS.advance_line)
      .sleb(41)
      .u8(DW_LNS.set_file)
      .uleb(2)
      .u8(DW_LNS.set_column)
      .uleb(7)
      .u8(DW_LNS.negate_stmt)
      .u8(DW_LNS.set_basic_block)
      .u8(DW_LNS.set_prologue_end)
      .u8(DW_LNS.set_epilogue_begin)
      .u8(DW_LNS.set_isa)
      .uleb(3)
      .u8(0, 2, DW_LNE.set_discriminator, 5)
      .u8(DW_LNS.copy) // row 2: flags then cleared
      .u8(DW_LNS.const_add_pc) // (255-13)/14 = 17
      .u8(DW_LNS.fixed_advance_pc)
      .u16(0x100)
      .u8(DW_LNS.advance_line)
      .sleb(-40)
      .u8(13, 0x81, 0x01, 0x05) // unknown standard opcode 13 with two ULEB operands: skipped
      .u8(DW_LNS.copy) // row 3
      .u8(0, 8, DW_LNE.define_file)
      .str("c.c")
      .uleb(0)
      .uleb(0)
      .uleb(0)
      .u8(0, 3, 0x80, 0xaa, 0xbb) // unknown extended opcode: skipped by length
      .u8(14 + 5 + 14 * 2) // special: address += 2, line += 0 (line_base -5)
      .u8(0, 5, DW_LNE.set_address, 0, 0x20, 0, 0) // 4-byte set_address
      .u8(14) // special 0: address += 0, line -= 5
      .bytes(endSequence)
      .u8(DW_LNS.negate_stmt) // the reset restores is_stmt
      .u8(DW_LNS.advance_line)
      .sleb(9)
      .u8(14 + 5) // special: line += 0
      .bytes(endSequence).b;
    const u = unit(
      {
        version: 3,
        lineBase: -5,
        lineRange: 14,
        opcodeBase: 14,
        stdLengths: [...GO_STD_LENGTHS, 0, 1, 2],
        tables,
      },
      prog,
    );
    const p = readLineProgram(secs(u), 0, { ops: true, unitVersion: 4 });
    expect(p.unitVersion).toBe(4);
    expect(rowsOf(p)).toEqual([
      [
        "0x1000 f1 l1 c0 S",
        "0x1010 f2 l42 c7 BPe isa3 d5",
        "0x1121 f2 l2 c7  isa3",
        "0x1123 f2 l2 c7  isa3",
        "0x2000 f2 l-3 c7  isa3",
        "0x2000 f2 l-3 c7 E isa3",
      ],
      ["0x0 f1 l10 c0 ", "0x0 f1 l10 c0 E"],
    ]);
    expect(p.fileNames.map((f) => [f.name, f.defineFile ?? false])).toEqual([
      ["a.c", false],
      ["b.c", false],
      ["c.c", true],
    ]);
    const names = p.ops!.map((o) => o.name);
    for (const op of Object.keys(DW_LNS)) expect(names).toContain(`DW_LNS_${op}`);
    for (const op of Object.keys(DW_LNE)) expect(names).toContain(`DW_LNE_${op}`);
    expect(names).toContain("DW_LNS_0xd");
    expect(names).toContain("DW_LNE_0x80");
    expect(p.ops![0]).toEqual({ offset: p.programOffset, name: "DW_LNE_set_address", operands: [0x1000n] });
    expect(p.ops!.find((o) => o.name === "DW_LNS_0xd")!.operands).toEqual([129, 5]);
    expect(p.ops!.find((o) => o.name.startsWith("special"))).toEqual({
      offset: expect.any(Number),
      name: "special opcode 33",
      operands: [2, 0],
    });
  });

  it("scales by minimum_instruction_length and tracks op_index for VLIW (max_ops 3)", () => {
    const prog = new B()
      .bytes(setAddress(0x100n))
      .u8(11 + 4 + 10 * 2) // special: op advance 2 (line += 0)
      .u8(11 + 4 + 10 * 2) // op advance 2 more: op_index 4 -> address += 4*1, op_index 1
      .u8(DW_LNS.advance_pc)
      .uleb(5) // op_index 1+5 = 6 -> address += 4*2, op_index 0
      .u8(DW_LNS.copy)
      .u8(DW_LNS.fixed_advance_pc)
      .u16(3) // unscaled, op_index reset
      .u8(DW_LNS.copy)
      .bytes(endSequence).b;
    const p = readLineProgram(secs(unit({ version: 4, minInst: 4, maxOps: 3, tables }, prog)), 0);
    expect(rowsOf(p)).toEqual([
      [
        "0x100 f1 l1 c0 S op2",
        "0x104 f1 l1 c0 S op1",
        "0x10c f1 l1 c0 S",
        "0x10f f1 l1 c0 S",
        "0x10f f1 l1 c0 SE",
      ],
    ]);
  });

  it("keeps rows after the last end_sequence as an unterminated sequence, and wraps 32-bit addresses", () => {
    const prog = new B()
      .u8(0, 5, DW_LNE.set_address)
      .u32(0xfffffff0)
      .u8(DW_LNS.advance_pc)
      .uleb(0x20)
      .u8(DW_LNS.copy).b;
    const u = unit({ version: 4, tables }, prog);
    const p = readLineProgram(secs(u), 0, { addressSize: 4 });
    expect(rowsOf(p)).toEqual([["0x10 f1 l1 c0 S"]]);
  });

  it("treats an extended opcode of length 0 as nothing, and rejects one that overruns", () => {
    const p = readLineProgram(secs(unit({ version: 2, tables }, [0, 0, DW_LNS.copy])), 0);
    expect(rowsOf(p)).toEqual([["0x0 f1 l1 c0 S"]]);
    expect(() =>
      readLineProgram(secs(unit({ version: 2, tables }, [0, 2, DW_LNE.set_discriminator, 0x80, 1])), 0),
    ).toThrow(/truncated discriminator/);
  });
});

// ---------------------------------------------------------------------------------------------
// Go's writer side, as a test oracle: cmd/internal/obj/dwarf.go putpclcdelta with Go's constants.

const LINE_BASE = -4;
const LINE_RANGE = 10;
const OPCODE_BASE = 11;
const PC_RANGE = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);

/** Test-only transcription of putpclcdelta's choices (numbers: deltas here stay below 2^40). */
function putpclcdelta(out: B, deltaPC: number, deltaLC: number): void {
  let opcode: number;
  if (deltaLC < LINE_BASE) {
    opcode = deltaPC >= PC_RANGE ? OPCODE_BASE + LINE_RANGE * PC_RANGE : OPCODE_BASE + LINE_RANGE * deltaPC;
  } else if (deltaLC < LINE_BASE + LINE_RANGE) {
    if (deltaPC >= PC_RANGE) {
      opcode = OPCODE_BASE + (deltaLC - LINE_BASE) + LINE_RANGE * PC_RANGE;
      if (opcode > 255) opcode -= LINE_RANGE;
    } else {
      opcode = OPCODE_BASE + (deltaLC - LINE_BASE) + LINE_RANGE * deltaPC;
    }
  } else if (deltaPC <= PC_RANGE) {
    opcode = Math.min(255, OPCODE_BASE + (LINE_RANGE - 1) + LINE_RANGE * deltaPC);
  } else {
    const x = deltaPC - PC_RANGE;
    const widthEdges = [PC_RANGE, 2 ** 7 - 1, 2 ** 16 - 1, 2 ** 21 - 1, 2 ** 28 - 1, 2 ** 35 - 1];
    opcode = widthEdges.includes(x) ? 255 : OPCODE_BASE + LINE_RANGE * PC_RANGE - 1;
  }
  deltaPC -= Math.floor((opcode - OPCODE_BASE) / LINE_RANGE);
  deltaLC -= ((opcode - OPCODE_BASE) % LINE_RANGE) + LINE_BASE;
  if (deltaPC !== 0) {
    if (deltaPC <= PC_RANGE) {
      opcode -= LINE_RANGE * (PC_RANGE - deltaPC);
      out.u8(DW_LNS.const_add_pc);
    } else if (deltaPC >= 2 ** 14 && deltaPC < 2 ** 16) {
      out.u8(DW_LNS.fixed_advance_pc).u16(deltaPC);
    } else {
      out.u8(DW_LNS.advance_pc).uleb(deltaPC);
    }
  }
  if (deltaLC !== 0) out.u8(DW_LNS.advance_line).sleb(deltaLC);
  out.u8(opcode);
}

interface Step {
  pc: number;
  line: number;
  file: number;
  stmt: boolean;
}

/** A function's fragment the way generateDebugLinesSymbol lays it out (file 1, line 1, stmt). */
function goFragment(start: bigint, steps: Step[], size: number): number[] {
  const out = new B().bytes(setAddress(start));
  let pc = 0;
  let line = 1;
  let file = 1;
  let stmt = true;
  for (const s of steps) {
    let wrote = false;
    if (s.file !== file) {
      out.u8(DW_LNS.set_file).uleb(s.file);
      file = s.file;
      wrote = true;
    }
    if (s.stmt !== stmt) {
      out.u8(DW_LNS.negate_stmt);
      stmt = s.stmt;
      wrote = true;
    }
    if (s.line !== line || wrote) {
      putpclcdelta(out, s.pc - pc, s.line - line);
      pc = s.pc;
      line = s.line;
    }
  }
  out.u8(DW_LNS.advance_pc).uleb(size - pc);
  return out.bytes(endSequence).b;
}

/** The rows the fragment must decode to. */
function expectedRows(start: bigint, steps: Step[], size: number): string[] {
  const rows: string[] = [];
  let pc = 0;
  let line = 1;
  let file = 1;
  let stmt = true;
  for (const s of steps) {
    const changed = s.file !== file || s.stmt !== stmt;
    file = s.file;
    stmt = s.stmt;
    if (s.line !== line || changed) {
      pc = s.pc;
      line = s.line;
      rows.push(`0x${(start + BigInt(pc)).toString(16)} f${file} l${line} c0 ${stmt ? "S" : ""}`);
    }
  }
  rows.push(`0x${(start + BigInt(size)).toString(16)} f${file} l${line} c0 ${stmt ? "S" : ""}E`);
  return rows;
}

/** Steps with strictly increasing PCs (Go skips a Prog whose successor has the same PC). */
const stepsArb = fc
  .array(
    fc.record({
      dpc: fc.oneof(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(
          PC_RANGE,
          PC_RANGE + 1,
          PC_RANGE * 2,
          PC_RANGE + 127,
          PC_RANGE + 128,
          2 ** 14,
          PC_RANGE + 2 ** 16 - 1,
        ),
        fc.integer({ min: 1, max: 2 ** 22 }),
      ),
      dl: fc.oneof(fc.integer({ min: -6, max: 12 }), fc.integer({ min: -100000, max: 100000 })),
      file: fc.integer({ min: 1, max: 4 }),
      stmt: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .map((raw) => {
    let pc = 0;
    let line = 1;
    return raw.map((r): Step => {
      pc += r.dpc;
      line = Math.max(1, line + r.dl);
      return { pc, line, file: r.file, stmt: r.stmt };
    });
  });

describe("Go fragments (putpclcdelta)", () => {
  const goHeader = (program: number[]) =>
    unit(
      {
        version: 5,
        tables: goV5Tables(
          ["."],
          [
            ["?", 0],
            ["a.go", 0],
            ["b.go", 0],
            ["c.go", 0],
            ["d.go", 0],
          ],
        ),
      },
      program,
    );

  it("decodes the opcodes chosen at the edges of the special-opcode range", () => {
    const steps: Step[] = [
      { pc: 0, line: 5, file: 1, stmt: true }, // line only: one special opcode
      { pc: 24, line: 6, file: 1, stmt: true }, // opcode 255 region
      { pc: 24 + 24 + 127, line: 100, file: 2, stmt: false }, // 255 vs 249 choice
      { pc: 24 + 24 + 127 + 2 ** 15, line: 90, file: 2, stmt: false }, // fixed_advance_pc
    ];
    const frag = goFragment(0x401000n, steps, 0x9000);
    const p = readLineProgram(secs(goHeader(frag)), 0, { ops: true });
    expect(rowsOf(p)).toEqual([expectedRows(0x401000n, steps, 0x9000)]);
    const names = new Set(p.ops!.map((o) => o.name));
    expect(names).toContain("DW_LNS_fixed_advance_pc");
    expect(names).toContain("DW_LNS_const_add_pc");
    expect(names).toContain("special opcode 244"); // 255 - opcode_base
  });

  test.prop(
    [stepsArb, fc.integer({ min: 0, max: 1000 }), fc.bigInt({ min: 0n, max: 2n ** 48n })],
    propertyParams(),
  )("the rows of a fragment are the PCs and lines it was written from", (steps, tail, start) => {
    const size = (steps[steps.length - 1]?.pc ?? 0) + tail;
    const p = readLineProgram(secs(goHeader(goFragment(start, steps, size))), 0);
    expect(rowsOf(p)).toEqual([expectedRows(start, steps, size)]);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed input: only FormatError, never another error and never a hang.

/** A random but valid program: random opcodes from the full set. */
const programArb = fc
  .array(
    fc.oneof(
      fc.integer({ min: 13, max: 255 }).map((op) => [op]),
      fc.constantFrom(
        [DW_LNS.copy],
        [DW_LNS.negate_stmt],
        [DW_LNS.const_add_pc],
        [DW_LNS.set_basic_block],
        [DW_LNS.set_prologue_end],
        [DW_LNS.set_epilogue_begin],
        endSequence,
      ),
      fc.integer({ min: 0, max: 1 << 20 }).map((v) => new B().u8(DW_LNS.advance_pc).uleb(v).b),
      fc.integer({ min: -1000, max: 1000 }).map((v) => new B().u8(DW_LNS.advance_line).sleb(v).b),
      fc.integer({ min: 0, max: 300 }).map((v) => new B().u8(DW_LNS.set_file).uleb(v).b),
      fc.integer({ min: 0, max: 0xffff }).map((v) => new B().u8(DW_LNS.fixed_advance_pc).u16(v).b),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((a) => setAddress(a)),
      fc
        .integer({ min: 0, max: 200 })
        .map((v) => new B().u8(0, v < 128 ? 2 : 3, DW_LNE.set_discriminator).uleb(v).b),
    ),
    { maxLength: 40 },
  )
  .map((ops) => ops.flat());

const unitArb = fc
  .tuple(fc.constantFrom(2, 3, 4, 5) as fc.Arbitrary<2 | 3 | 4 | 5>, fc.boolean(), programArb)
  .map(([version, dwarf64, program]) =>
    unit(
      {
        version,
        dwarf64,
        opcodeBase: 13,
        lineBase: -5,
        lineRange: 14,
        stdLengths: [...GO_STD_LENGTHS, 0, 1],
        tables:
          version === 5
            ? goV5Tables(
                [".", "/d"],
                [
                  ["?", 0],
                  ["a", 1],
                ],
              )
            : oldTables(["/d"], [["a", 1]]),
      },
      program,
    ),
  );

function onlyFormatErrors(f: () => unknown): FormatError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
}

describe("malformed input", () => {
  test.prop([unitArb], propertyParams())("a unit truncated at any byte gives a FormatError", (u) => {
    expect(onlyFormatErrors(() => readAllLinePrograms(secs(u)))).toBeUndefined();
    for (let n = 1; n < u.length; n++) {
      const e = onlyFormatErrors(() => readAllLinePrograms(secs(u.subarray(0, n))));
      expect(e, `cut at ${n}`).toBeInstanceOf(FormatError);
      expect(e!.section).toBe(".debug_line");
    }
  });

  test.prop(
    [unitArb, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 })],
    propertyParams(),
  )("a unit with corrupted bytes decodes or gives a FormatError", (u, edits) => {
    const b = u.slice();
    for (const [i, v] of edits) b[i % b.length] = v;
    onlyFormatErrors(() => readAllLinePrograms(secs(b)));
  });
});

// ---------------------------------------------------------------------------------------------
// Sanity against the real toolchains (the full agreement suite is elsewhere).

function dumpSection(bin: string, name: string): Uint8Array | undefined {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-line-"));
  const out = join(dir, "s.bin");
  const copy = join(dir, "copy");
  try {
    execFileSync("objcopy", ["--decompress-debug-sections", bin, copy], { stdio: "ignore" });
    execFileSync("objcopy", [`--dump-section`, `${name}=${out}`, copy, join(dir, "junk")], {
      stdio: "ignore",
    });
    return new Uint8Array(readFileSync(out));
  } catch {
    return undefined;
  }
}

function sectionsOf(bin: string): DwarfSections {
  const s: DwarfSections = { littleEndian: true, addressSize: 8, sections: {} };
  for (const n of ["debug_line", "debug_line_str", "debug_str"] as const) {
    const b = dumpSection(bin, `.${n}`);
    if (b !== undefined) s.sections[n] = b;
  }
  return s;
}

/** readelf --debug-dump=decodedline rows: address, line ("-" for end_sequence), stmt. */
function readelfRows(bin: string): string[] {
  const text = execFileSync("readelf", ["--debug-dump=decodedline", "-W", bin], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const rows: string[] = [];
  for (const l of text.split("\n")) {
    const m = /\s(\d+|-)\s+(0x[0-9a-f]+)(?:\s+\d+)?(\s+x)?\s*$/.exec(l);
    if (m) rows.push(`${BigInt(m[2]!).toString(16)} ${m[1]} ${m[3] ? "x" : ""}`);
  }
  return rows;
}

function ourRows(progs: LineProgram[]): string[] {
  const rows: string[] = [];
  for (const p of progs)
    for (const s of p.sequences)
      for (const r of s)
        rows.push(
          `${r.address.toString(16)} ${r.endSequence ? "-" : r.line} ${!r.endSequence && r.isStmt ? "x" : ""}`,
        );
  return rows;
}

/** llvm-dwarfdump --debug-line rows, every column. */
function llvmRows(bin: string): string[] {
  const text = execFileSync("llvm-dwarfdump", ["--debug-line", bin], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return text
    .split("\n")
    .filter((l) => /^0x[0-9a-f]{16}\s/.test(l))
    .map((l) => l.trim().split(/\s+/).join(" "));
}

function ourLlvmRows(progs: LineProgram[]): string[] {
  const rows: string[] = [];
  for (const p of progs)
    for (const s of p.sequences)
      for (const r of s) {
        const flags = [
          r.isStmt && "is_stmt",
          r.basicBlock && "basic_block",
          r.prologueEnd && "prologue_end",
          r.epilogueBegin && "epilogue_begin",
          r.endSequence && "end_sequence",
        ].filter(Boolean);
        rows.push(
          [
            `0x${r.address.toString(16).padStart(16, "0")}`,
            r.line,
            r.column,
            r.file,
            r.isa,
            r.discriminator,
            ...flags,
          ].join(" "),
        );
      }
  return rows;
}

function gccBinary(dwarfVersion: 4 | 5): string {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-gcc-"));
  const src = join(dir, "hello.c");
  writeFileSync(
    src,
    '#include <stdio.h>\nstatic int sq(int x) { return x * x; }\nint main(int argc, char **argv) {\n  int s = 0;\n  for (int i = 0; i < argc; i++) s += sq(i);\n  printf("%d\\n", s);\n  return 0;\n}\n',
  );
  const bin = join(dir, "hello");
  execFileSync("gcc", ["-g", `-gdwarf-${dwarfVersion}`, "-O1", "-o", bin, src]);
  return bin;
}

describe.skipIf(missingOracle("readelf", "objcopy", "go", "gcc"))("against readelf", () => {
  const cases: [string, () => string][] = [
    ["Go, DWARF 5", () => goBuild("testdata/go/abbrev")],
    ["Go, DWARF 4 (line version 2)", () => goBuild("testdata/go/abbrev", { dwarf4: true })],
    ["gcc -gdwarf-5", () => gccBinary(5)],
    ["gcc -gdwarf-4", () => gccBinary(4)],
  ];
  for (const [name, build] of cases) {
    it(`${name}: every row agrees with --debug-dump=decodedline`, { timeout: 120_000 }, () => {
      const bin = build();
      const progs = readAllLinePrograms(sectionsOf(bin));
      expect(progs.length).toBeGreaterThan(0);
      const ours = ourRows(progs);
      expect(ours.length).toBeGreaterThan(10);
      expect(ours).toEqual(readelfRows(bin));
      if (hasTool("llvm-dwarfdump")) expect(ourLlvmRows(progs)).toEqual(llvmRows(bin));
    });
  }
});

describe("readLineFragment: opcodes with no header", () => {
  const GO = {
    addressSize: 8,
    minInstLength: 1,
    defaultIsStmt: true,
    lineBase: -4,
    lineRange: 10,
    opcodeBase: 11,
  };

  it("runs a Go-shaped fragment to its ops and rows", () => {
    const frag = new B()
      .u8(0, 9, DW_LNE.set_address)
      .u64(0n)
      .u8(DW_LNS.set_file, 2)
      // special opcode: pc +1, line +4 -> line 5
      .u8(11 + (4 - -4) + 10 * 1)
      .u8(DW_LNS.advance_pc, 7)
      .u8(0, 1, DW_LNE.end_sequence).b;
    const { ops, sequences } = readLineFragment(Uint8Array.from(frag), GO);
    expect(ops.map((o) => [o.offset, o.name, o.operands])).toEqual([
      [0, "DW_LNE_set_address", [0n]],
      [11, "DW_LNS_set_file", [2]],
      [13, "special opcode 18", [1, 4]],
      [14, "DW_LNS_advance_pc", [7]],
      [16, "DW_LNE_end_sequence", []],
    ]);
    expect(sequences).toHaveLength(1);
    expect(sequences[0]!.map((r) => [r.address, r.file, r.line, r.isStmt, r.endSequence])).toEqual([
      [1n, 2, 5, true, false],
      [8n, 2, 5, true, true],
    ]);
  });

  it("names its bytes in errors and refuses impossible parameters", () => {
    expect(() => readLineFragment(Uint8Array.from([DW_LNS.advance_pc]), GO, "main.f.lines")).toThrow(
      /^main\.f\.lines\+0x1: truncated advance_pc operand/,
    );
    expect(() => readLineFragment(new Uint8Array(0), { ...GO, lineRange: 0 })).toThrow(FormatError);
  });
});
