/**
 * The line-program fragment decodes back to the rows it was given: random progs through
 * generateDebugLinesSymbol, and random (pc, line) deltas through putpclcdelta, wrapped in a
 * DWARF 5 header with Go's parameters and read by dwarf/read/line.ts.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { readLineProgram } from "../../dwarf/read/line.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import { Bytes } from "../../test/bytes.js";
import { expectedRows } from "../../test/linerows.js";
import { propertyParams } from "../../test/property.js";
import { profileFor } from "../profile.js";
import { dwCtxt } from "./dwctxt.js";
import { generateDebugLinesSymbol, LINE_BASE, LINE_RANGE, OPCODE_BASE, putpclcdelta } from "./lines.js";
import { Link } from "./link.js";
import { LSym, type Prog } from "./lsym.js";

function newLink(): Link {
  return new Link({
    pkgpath: "main",
    profile: profileFor("go1.26"),
    dwarf5: true,
    useBASEntries: true,
    flagLocationlists: true,
    flagOptimize: true,
  });
}

/** A version 5 line header as Go's linker writes it (one directory, `files` files), then `body`. */
function lineSection(body: Uint8Array, files: number): Uint8Array {
  const hdr = new Bytes()
    .u8(1, 1, 1) // min_inst_length, max_ops_per_inst, default_is_stmt
    .u8(LINE_BASE & 0xff, LINE_RANGE, OPCODE_BASE)
    .u8(0, 1, 1, 1, 1, 0, 0, 0, 1, 0)
    .u8(1)
    .uleb(1)
    .uleb(0x08) // DW_LNCT_path, DW_FORM_string
    .uleb(1)
    .str(".")
    .u8(2)
    .uleb(1)
    .uleb(0x08)
    .uleb(2)
    .uleb(0x0f) // DW_LNCT_directory_index, DW_FORM_udata
    .uleb(files + 1);
  hdr.str("?").uleb(0);
  for (let i = 0; i < files; i++) hdr.str(`f${i}.go`).uleb(0);
  const afterLength = new Bytes().u16(5).u8(8, 0).u32(hdr.length).bytes(hdr.b).bytes(body);
  return Uint8Array.from(new Bytes().u32(afterLength.length).bytes(afterLength.b).b);
}

function decode(body: Uint8Array, files: number) {
  const secs = { sections: { debug_line: lineSection(body, files) }, littleEndian: true, addressSize: 8 };
  return readLineProgram(secs as unknown as DwarfSections, 0);
}

/** Apply the single R_ADDR of a lines symbol: the function's address. */
function relocated(lines: LSym, addr: bigint): Uint8Array {
  const out = Uint8Array.from(lines.P);
  expect(lines.R).toHaveLength(1);
  const r = lines.R[0]!;
  expect(r.type).toBe("R_ADDR");
  const v = new DataView(out.buffer);
  v.setBigUint64(r.off, addr + BigInt(r.add), true);
  return out;
}

/** PC steps around every encoding boundary putpclcdelta cares about, and ordinary ones. */
const arbPcStep = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom(
    23,
    24,
    25,
    48,
    127 + 24,
    128 + 24,
    2 ** 14 - 1,
    2 ** 14,
    2 ** 16 - 1 + 24,
    2 ** 16 + 24,
    2 ** 21 + 23,
  ),
);
const arbLineStep = fc.oneof(fc.integer({ min: -6, max: 12 }), fc.integer({ min: -5000, max: 5000 }));

const arbProgs = fc
  .array(
    fc.record({
      pcStep: arbPcStep,
      lineStep: arbLineStep,
      file: fc.integer({ min: 0, max: 3 }),
      isStmt: fc.boolean(),
      prologueEnd: fc.boolean(),
      lineZero: fc.integer({ min: 0, max: 9 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((steps) => {
    let pc = 0;
    let line = 10;
    const progs: Prog[] = steps.map((st, i) => {
      if (i > 0) pc += st.pcStep;
      line = Math.max(1, line + st.lineStep);
      return {
        pc,
        fileIndex: st.file,
        line: i > 0 && st.lineZero === 0 ? 0 : line,
        isStmt: st.isStmt,
        prologueEnd: st.prologueEnd,
      };
    });
    return progs;
  });

describe("generateDebugLinesSymbol", () => {
  test.prop(
    [arbProgs, fc.integer({ min: 1, max: 4096 }), fc.bigInt({ min: 0x401000n, max: 0x7fffffffn })],
    propertyParams(),
  )("decodes to the rows Go's walk over the progs produces", (progs, tail, base) => {
    const s = new LSym("main.f", "STEXT");
    s.size = progs[progs.length - 1]!.pc + tail;
    s.func = { startLine: progs[0]!.line, text: progs, autot: new Set() };
    const lines = new LSym("", "SDWARFLINES");
    generateDebugLinesSymbol(new dwCtxt(newLink()), s, lines);
    const prog = decode(relocated(lines, base), 4);
    expect(prog.sequences).toHaveLength(1);
    const got = prog.sequences[0]!.map((r) => ({
      address: r.address,
      file: r.file,
      line: r.line,
      isStmt: r.isStmt,
      prologueEnd: r.prologueEnd,
    }));
    expect(got).toEqual(expectedRows(progs, s.size, base));
    expect(prog.sequences[0]!.at(-1)!.endSequence).toBe(true);
  });
});

describe("putpclcdelta", () => {
  test.prop(
    [
      fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 30 }), arbPcStep),
      fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 })),
    ],
    propertyParams(),
  )("emits exactly one row, advanced by the given deltas", (dpc, dlc) => {
    const ctxt = new dwCtxt(newLink());
    const s = new LSym("", "SDWARFLINES");
    // A sequence: set_address 0x1000, the delta under test, then end it where it stands.
    ctxt.addBytes(s, [0, 9, 2, 0, 0x10, 0, 0, 0, 0, 0, 0]);
    putpclcdelta(ctxt, s, dpc, dlc);
    ctxt.addBytes(s, [0, 1, 1]);
    const rows = decode(s.P, 1).sequences[0]!;
    expect(rows).toHaveLength(2);
    expect(rows[0]!.address).toBe(0x1000n + BigInt(dpc));
    expect(rows[0]!.line).toBe(1 + dlc);
  });

  it("matches Go's encodings at the opcode boundaries", () => {
    const enc = (dpc: number, dlc: number) => {
      const s = new LSym("", "SDWARFLINES");
      putpclcdelta(new dwCtxt(newLink()), s, dpc, dlc);
      return Array.from(s.P);
    };
    // A plain special opcode: pc+1, line+1 is 11 + (1 - -4) + 10*1 = 26.
    expect(enc(1, 1)).toEqual([26]);
    // pc+24, line+0: the largest special opcode with line delta 0 that fits is pc 24 (opcode 255 - 1).
    expect(enc(24, 0)).toEqual([11 + 4 + 240]);
    // Line beyond the special range: advance_line then the opcode.
    expect(enc(0, 20)).toEqual([3, 20 - 5, 11 + 9]);
    // pc 48 with line 0: const_add_pc (pc 24) then a special opcode for the other 24.
    expect(enc(48, 0)).toEqual([8, 255]);
    // 2^14 pc: fixed_advance_pc with a u16 (Go prefers it from 2^14 up to 2^16).
    expect(enc(2 ** 14 + 24, 0)).toEqual([9, 0x00, 0x40, 255]);
    // Large line delta with large pc: opcode 250 (pc 23, line 5; Go's comment calls it 249)
    // unless the remainder sits at an encoding limit, then 255 (pc 24, line 0).
    expect(enc(24 + 100, 50)).toEqual([2, 101, 3, 45, 250]);
    expect(enc(24 + 127, 50)).toEqual([2, 127, 3, 50, 255]);
  });
});
