import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ourReadelfRows, readelfRows } from "../../test/agree/readelf-frames.js";
import { goBuild } from "../../test/gobuild.js";
import { missingOracle } from "../../test/oracles.js";
import { propertyParams } from "../../test/property.js";
import { DW_CFA } from "../constants.js";
import { FormatError } from "../errors.js";
import {
  type CfaRow,
  type Cie,
  DW_EH_PE,
  evaluateCfa,
  type Fde,
  type FrameOptions,
  type FrameSection,
  fdeCie,
  formatCfaOps,
  formatRegisterRule,
  readFrameSection,
} from "./frame.js";
import { Bytes as B } from "../../test/bytes.js";

/** Wrap a body (everything after the length) as an entry, 32- or 64-bit. */
function entry(body: number[], dwarf64 = false): number[] {
  const b = new B();
  if (dwarf64) b.u32(0xffffffff).u64(BigInt(body.length));
  else b.u32(body.length);
  return b.bytes(body).b;
}

/** Go's CIE from writeframes on amd64: version 3, "", caf 1, daf -4, ra 16, def_cfa rsp+8, rip at cfa-8. */
function goCie(dwarf64 = false): number[] {
  const body = new B();
  if (dwarf64) body.u64(0xffff_ffff_ffff_ffffn);
  else body.u32(0xffffffff);
  body.u8(3).str("").uleb(1).sleb(-4).uleb(16);
  body.u8(DW_CFA.def_cfa).uleb(7).uleb(8);
  body.u8(DW_CFA.offset_extended).uleb(16).uleb(2);
  // Go reserves 16 bytes (+4 on DWARF64) after the length and pads with zeros (DW_CFA_nop).
  while (body.length < (dwarf64 ? 20 : 16)) body.u8(0);
  return entry(body.b, dwarf64);
}

/** appendPCDeltaCFA: def_cfa_offset_sf then the smallest advance. */
function appendPCDeltaCFA(b: B, deltapc: number, cfa: number): void {
  b.u8(DW_CFA.def_cfa_offset_sf).sleb(cfa / -4);
  if (deltapc < 0x40) b.u8(DW_CFA.advance_loc + deltapc);
  else if (deltapc < 0x100) b.u8(DW_CFA.advance_loc1, deltapc);
  else if (deltapc < 0x10000) b.u8(DW_CFA.advance_loc2).u16(deltapc);
  else b.u8(DW_CFA.advance_loc4).u32(deltapc);
}

/** A Go FDE: pcsp steps [pc, spdelta] run to `size`, the last stopping one byte early. */
function goFde(
  cieOffset: number,
  start: bigint,
  size: number,
  pcsp: [number, number][],
  dwarf64 = false,
): number[] {
  const prog = new B();
  for (let i = 0; i < pcsp.length; i++) {
    const [pc, sp] = pcsp[i]!;
    let next = i + 1 < pcsp.length ? pcsp[i + 1]![0] : size;
    if (next === size) next--;
    appendPCDeltaCFA(prog, next - pc, sp + 8);
  }
  while (prog.length % 8 !== 0) prog.u8(0);
  const body = new B();
  if (dwarf64) body.u64(BigInt(cieOffset));
  else body.u32(cieOffset);
  body.u64(start).u64(BigInt(size)).bytes(prog.b);
  return entry(body.b, dwarf64);
}

const DEBUG_FRAME: FrameOptions = { littleEndian: true, addressSize: 8, section: ".debug_frame" };

/** Rows as compact strings: "loc cfa r16=c-8 ...". */
function show(rows: CfaRow[]): string[] {
  return rows.map((r) => {
    const cfa =
      "expression" in r.cfa
        ? `exp(${Array.from(r.cfa.expression).join(",")})`
        : `r${r.cfa.register}${r.cfa.offset < 0 ? "" : "+"}${r.cfa.offset}`;
    const regs = [...r.registers.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => `r${k}=${formatRegisterRule(v)}`);
    return [
      `0x${r.location.toString(16)}`,
      cfa,
      ...regs,
      ...(r.argsSize !== undefined ? [`args=${r.argsSize}`] : []),
    ].join(" ");
  });
}

function rowsOf(frame: FrameSection, i = 0): string[] {
  const fde = frame.fdes[i]!;
  return show(evaluateCfa(fde, fdeCie(frame, fde)));
}

describe("Go's .debug_frame", () => {
  for (const dwarf64 of [false, true]) {
    it(`reads the CIE and evaluates an FDE built as writeframes does (${dwarf64 ? "DWARF 64" : "DWARF 32"})`, () => {
      const cie = goCie(dwarf64);
      const fde = goFde(
        0,
        0x401000n,
        0x1000,
        [
          [0, 0],
          [0x0b, 8],
          [0x12, 24],
          [0xb4, 8],
          [0x300, 0x10000], // advance_loc2, a big frame
          [0x400, 0],
        ],
        dwarf64,
      );
      const frame = readFrameSection(Uint8Array.from([...cie, ...fde]), DEBUG_FRAME);
      expect(frame.cies).toHaveLength(1);
      expect(frame.cies[0]).toMatchObject({
        offset: 0,
        offsetSize: dwarf64 ? 8 : 4,
        version: 3,
        augmentation: "",
        codeAlignmentFactor: 1,
        dataAlignmentFactor: -4,
        returnAddressRegister: 16,
        addressSize: 8,
      });
      expect(frame.fdes[0]).toMatchObject({
        cieOffset: 0,
        initialLocation: 0x401000n,
        addressRange: 0x1000n,
        offset: cie.length,
      });
      expect(rowsOf(frame)).toEqual([
        "0x401000 r7+8 r16=c-8",
        "0x40100b r7+16 r16=c-8",
        "0x401012 r7+32 r16=c-8",
        "0x4010b4 r7+16 r16=c-8",
        "0x401300 r7+65544 r16=c-8",
        "0x401400 r7+8 r16=c-8",
        "0x401fff r7+8 r16=c-8", // Go's last advance stops one byte before the end
      ]);
      expect(formatCfaOps(frame.cies[0]!, frame.cies[0]!)).toEqual([
        "DW_CFA_def_cfa: r7 ofs 8",
        "DW_CFA_offset_extended: r16 at cfa-8",
        "DW_CFA_nop",
      ]);
      const names = (r: number) => (r === 7 ? "rsp" : undefined);
      expect(formatCfaOps(frame.fdes[0]!, frame.cies[0]!, names).slice(0, 4)).toEqual([
        "DW_CFA_def_cfa_offset_sf: 8",
        "DW_CFA_advance_loc: 11 to 000000000040100b",
        "DW_CFA_def_cfa_offset_sf: 16",
        "DW_CFA_advance_loc: 7 to 0000000000401012",
      ]);
    });
  }

  it("keeps one row when a one-byte function advances by zero (nextpc-- in writeframes)", () => {
    const frame = readFrameSection(
      Uint8Array.from([...goCie(), ...goFde(0, 0x4010e0n, 1, [[0, 0]])]),
      DEBUG_FRAME,
    );
    expect(rowsOf(frame)).toEqual(["0x4010e0 r7+8 r16=c-8"]);
  });
});

describe("every DW_CFA instruction", () => {
  /** A version 4 CIE (address_size 8) with caf 4, daf -8, ra 30, and the given initial program. */
  function cie4(initial: number[]): number[] {
    const b = new B().u32(0xffffffff).u8(4).str("").u8(8, 0).uleb(4).sleb(-8).uleb(30).bytes(initial);
    return entry(b.b);
  }
  function fde(prog: number[], start = 0x1000n, range = 0x1000n): number[] {
    return entry(new B().u32(0).u64(start).u64(range).bytes(prog).b);
  }

  it("evaluates each opcode to the rule the standard gives it", () => {
    const initial = new B()
      .u8(DW_CFA.def_cfa)
      .uleb(31)
      .uleb(0)
      .u8(DW_CFA.offset + 29)
      .uleb(2) // r29 at cfa-16
      .u8(DW_CFA.same_value)
      .uleb(19).b;
    const prog = new B()
      .u8(DW_CFA.advance_loc + 1) // 4 bytes (caf 4)
      .u8(DW_CFA.def_cfa_offset)
      .uleb(32)
      .u8(DW_CFA.offset_extended_sf)
      .uleb(30)
      .sleb(1) // r30 at cfa-8
      .u8(DW_CFA.advance_loc1, 2) // 8 bytes
      .u8(DW_CFA.def_cfa_register)
      .uleb(29)
      .u8(DW_CFA.val_offset)
      .uleb(31)
      .uleb(0)
      .u8(DW_CFA.val_offset_sf)
      .uleb(1)
      .sleb(-2) // +16
      .u8(DW_CFA.register)
      .uleb(2)
      .uleb(3)
      .u8(DW_CFA.undefined)
      .uleb(4)
      .u8(DW_CFA.GNU_negative_offset_extended)
      .uleb(5)
      .uleb(3) // -(3 * -8) = +24
      .u8(DW_CFA.GNU_args_size)
      .uleb(16)
      .u8(DW_CFA.advance_loc2)
      .u16(4) // 16 bytes
      .u8(DW_CFA.remember_state)
      .u8(DW_CFA.def_cfa_expression, 2, 0x91, 0x10)
      .u8(DW_CFA.expression, 6, 1, 0x50)
      .u8(DW_CFA.val_expression, 7, 1, 0x51)
      .u8(DW_CFA.restore + 29) // back to the CIE's r29 rule
      .u8(DW_CFA.restore_extended)
      .uleb(30) // r30 had no initial rule: removed
      .u8(DW_CFA.restore_extended)
      .uleb(19)
      .u8(DW_CFA.advance_loc4)
      .u32(1) // 4 bytes
      .u8(DW_CFA.restore_state)
      .u8(DW_CFA.set_loc)
      .u64(0x1100n)
      .u8(DW_CFA.def_cfa_sf)
      .uleb(31)
      .sleb(-4) // +32
      .u8(DW_CFA.def_cfa_offset_sf)
      .sleb(-4) // +32 again
      .u8(DW_CFA.GNU_window_save)
      .u8(DW_CFA.nop)
      .u8(DW_CFA.offset + 29)
      .uleb(0x100) // still decodes ULEB after the packed register
      .u8(DW_CFA.nop).b;
    const frame = readFrameSection(Uint8Array.from([...cie4(initial), ...fde(prog)]), DEBUG_FRAME);
    expect(frame.cies[0]).toMatchObject({
      version: 4,
      addressSize: 8,
      segmentSelectorSize: 0,
      returnAddressRegister: 30,
    });
    expect(rowsOf(frame)).toEqual([
      "0x1000 r31+0 r19=s r29=c-16",
      "0x1004 r31+32 r19=s r29=c-16 r30=c-8",
      "0x100c r29+32 r1=v+16 r2=r3 r4=u r5=c+24 r19=s r29=c-16 r30=c-8 r31=v+0 args=16",
      "0x101c exp(145,16) r1=v+16 r2=r3 r4=u r5=c+24 r6=exp r7=vexp r19=s r29=c-16 r31=v+0 args=16",
      "0x1020 r29+32 r1=v+16 r2=r3 r4=u r5=c+24 r19=s r29=c-16 r30=c-8 r31=v+0 args=16",
      "0x1100 r31+32 r1=v+16 r2=r3 r4=u r5=c+24 r19=s r29=c-2048 r30=c-8 r31=v+0 args=16",
    ]);
    const text = [
      ...formatCfaOps(frame.cies[0]!, frame.cies[0]!),
      ...formatCfaOps(frame.fdes[0]!, frame.cies[0]!),
    ];
    for (const name of Object.keys(DW_CFA))
      expect(
        text.some((l) => l.startsWith(`DW_CFA_${name}`)),
        name,
      ).toBe(true);
    expect(text).toContain("DW_CFA_expression: r6 (50)");
    expect(text).toContain("DW_CFA_val_offset_sf: r1 is cfa+16");
    expect(text).toContain("DW_CFA_register: r2 in r3");
    expect(text).toContain("DW_CFA_set_loc: 0000000000001100");
  });

  it("drops rows at or past the FDE's end, but keeps the first", () => {
    const frame = readFrameSection(
      Uint8Array.from([
        ...cie4([DW_CFA.def_cfa, 31, 0]),
        ...fde([DW_CFA.advance_loc + 4, DW_CFA.def_cfa_offset, 16], 0x10n, 0x10n),
      ]),
      DEBUG_FRAME,
    );
    expect(rowsOf(frame)).toEqual(["0x10 r31+0"]);
  });

  const bad = (prog: number[], at: (fdeAt: number) => number, re: RegExp) => {
    const cie = cie4([DW_CFA.def_cfa, 31, 0]);
    const frame = readFrameSection(Uint8Array.from([...cie, ...fde(prog)]), DEBUG_FRAME);
    try {
      rowsOf(frame);
      expect.unreachable("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).section).toBe(".debug_frame");
      expect((e as FormatError).offset).toBe(at(cie.length + 24));
      expect((e as FormatError).problem).toMatch(re);
    }
  };

  it("rejects programs it cannot evaluate, naming the instruction's offset", () => {
    bad([DW_CFA.nop, DW_CFA.restore_state], (p) => p + 1, /restore_state with no remembered state/);
    bad([0x1c], (p) => p, /unknown CFA opcode 0x1c/);
    bad(
      [DW_CFA.def_cfa_expression, 1, 0x9c, DW_CFA.def_cfa_offset, 8],
      (p) => p + 3,
      /while the CFA is an expression/,
    );
    bad(
      [DW_CFA.def_cfa_expression, 1, 0x9c, DW_CFA.def_cfa_register, 8],
      (p) => p + 3,
      /while the CFA is an expression/,
    );
    bad([DW_CFA.set_loc, ...new B().u64(0x10n).b], (p) => p, /backwards/);
    bad([DW_CFA.advance_loc2, 1], (p) => p + 1, /truncated/);
    bad([DW_CFA.expression, 1, 5, 0], (p) => p + 3, /truncated/);
  });
});

describe("CIE and FDE forms", () => {
  it("reads a version 1 CIE (one-byte return register), an FDE before its CIE, and skips zero padding", () => {
    const fde = entry(
      new B()
        .u32(0x20)
        .u64(0x5000n)
        .u64(0x40n)
        .u8(DW_CFA.advance_loc + 8, DW_CFA.def_cfa_offset, 16, DW_CFA.nop).b,
    );
    const pad = new Array<number>(0x20 - fde.length).fill(0); // a zero-length entry
    expect(pad.length).toBe(4);
    const cie = entry(
      new B()
        .u32(0xffffffff)
        .u8(1)
        .str("")
        .uleb(1)
        .sleb(-8)
        .u8(16)
        .u8(DW_CFA.def_cfa, 7, 8)
        .u8(DW_CFA.offset + 16, 1).b,
    );
    const bytes = Uint8Array.from([...fde, ...pad, ...cie]);
    const frame = readFrameSection(bytes, DEBUG_FRAME);
    expect(frame.cies.map((c) => [c.offset, c.version, c.returnAddressRegister])).toEqual([[0x20, 1, 16]]);
    expect(frame.fdes.map((f) => f.offset)).toEqual([0]);
    expect(rowsOf(frame)).toEqual(["0x5000 r7+8 r16=c-8", "0x5008 r7+16 r16=c-8"]);
  });

  it("reads big-endian sections", () => {
    const cie = [0, 0, 0, 12, 0xff, 0xff, 0xff, 0xff, 3, 0, 1, 0x7c, 16, DW_CFA.def_cfa, 1, 0];
    const fde = [
      0,
      0,
      0,
      16,
      0,
      0,
      0,
      0,
      0,
      0,
      0x10,
      0,
      0,
      0,
      0,
      0x20,
      DW_CFA.advance_loc2,
      0,
      2,
      DW_CFA.def_cfa_offset,
    ];
    fde.push(32);
    fde[3] = fde.length - 4;
    const frame = readFrameSection(Uint8Array.from([...cie, ...fde]), {
      littleEndian: false,
      addressSize: 4,
      section: ".debug_frame",
    });
    expect(frame.fdes[0]).toMatchObject({ initialLocation: 0x1000n, addressRange: 0x20n });
    expect(rowsOf(frame)).toEqual(["0x1000 r1+0", "0x1002 r1+32"]);
  });

  it("reads .eh_frame: CIE id 0, relative CIE pointers, zR pcrel sdata4, zPLR with personality and LSDA", () => {
    const sectionAddress = 0x2000n;
    const b = new B();
    // CIE "zR", FDE encoding pcrel|sdata4
    b.bytes(
      entry(
        new B().u32(0).u8(1).str("zR").uleb(1).sleb(-8).u8(16).uleb(1).u8(0x1b).u8(DW_CFA.def_cfa, 7, 8).b,
      ),
    );
    const fdeAt = b.length;
    // FDE: CIE pointer = distance from this field back to the CIE (at 0).
    const fdeBody = new B().u32(fdeAt + 4);
    const locField = fdeAt + 8;
    fdeBody
      .u32((0x1000 - (0x2000 + locField)) >>> 0)
      .u32(0x30)
      .uleb(0)
      .u8(DW_CFA.advance_loc + 4, DW_CFA.def_cfa_offset, 16);
    b.bytes(entry(fdeBody.b));
    // CIE "zPLR": personality udata8 absolute, LSDA udata4, FDE udata8.
    const cie2At = b.length;
    b.bytes(
      entry(
        new B()
          .u32(0)
          .u8(1)
          .str("zPLR")
          .uleb(1)
          .sleb(-8)
          .u8(16)
          .uleb(11)
          .u8(DW_EH_PE.udata8)
          .u64(0x7777n)
          .u8(DW_EH_PE.udata4)
          .u8(DW_EH_PE.udata8)
          .u8(DW_CFA.def_cfa, 7, 8).b,
      ),
    );
    const fde2At = b.length;
    b.bytes(
      entry(
        new B()
          .u32(fde2At + 4 - cie2At)
          .u64(0x3000n)
          .u64(0x10n)
          .uleb(4)
          .u32(0xabcd).b,
      ),
    );
    b.u32(0); // terminator
    b.u8(0xde, 0xad); // ignored after the terminator
    const frame = readFrameSection(Uint8Array.from(b.b), {
      littleEndian: true,
      addressSize: 8,
      section: ".eh_frame",
      sectionAddress,
    });
    expect(frame.cies.map((c) => c.augmentation)).toEqual(["zR", "zPLR"]);
    expect(frame.cies[0]!.fdeEncoding).toBe(0x1b);
    expect(frame.cies[1]).toMatchObject({
      personality: { encoding: DW_EH_PE.udata8, value: 0x7777n },
      lsdaEncoding: DW_EH_PE.udata4,
    });
    expect(frame.fdes[0]).toMatchObject({ cieOffset: 0, initialLocation: 0x1000n, addressRange: 0x30n });
    expect(frame.fdes[1]).toMatchObject({ cieOffset: cie2At, initialLocation: 0x3000n, lsda: 0xabcdn });
    expect(rowsOf(frame, 0)).toEqual(["0x1000 r7+8", "0x1004 r7+16"]);
    expect(rowsOf(frame, 1)).toEqual(["0x3000 r7+8"]);
  });

  it("rejects bad entries with the section and offset", () => {
    const err = (bytes: number[], at: number, re: RegExp, opts = DEBUG_FRAME) => {
      try {
        readFrameSection(Uint8Array.from(bytes), opts);
        expect.unreachable("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).section).toBe(opts.section);
        expect((e as FormatError).offset).toBe(at);
        expect((e as FormatError).problem).toMatch(re);
      }
    };
    const cie = goCie();
    const badVersion = cie.slice();
    badVersion[8] = 2;
    err(badVersion, 8, /unsupported CIE version 2/);
    err([...cie, ...goFde(0x40, 0n, 1, [[0, 0]])], 24, /CIE pointer 0x40 is outside/);
    const fde = goFde(0, 0n, 1, [[0, 0]]);
    err([...cie, ...fde, ...goFde(20, 0n, 1, [[0, 0]])], 20 + fde.length + 4, /points to an FDE/);
    err([...cie, 1, 2], 20, /truncated entry length/);
    err([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0], 4, /runs past the end/);
    err(
      entry(new B().u32(0).u8(1).str("zR").uleb(1).sleb(-8).u8(16).uleb(1).u8(0x1b).b).concat(
        entry(new B().u32(4).u32(0).u32(0).uleb(0).b),
      ),
      21,
      /CIE pointer 0x11 points to an FDE/,
      { littleEndian: true, addressSize: 8, section: ".eh_frame" },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed input: only FormatError, never another error and never a hang.

const opArb = fc.oneof(
  fc.integer({ min: 0, max: 0x3f }).map((d) => [DW_CFA.advance_loc + d]),
  fc.integer({ min: 0, max: 0x3f }).map((r) => new B().u8(DW_CFA.offset + r).uleb(r * 3).b),
  fc.integer({ min: 0, max: 0x3f }).map((r) => [DW_CFA.restore + r]),
  fc.constantFrom(
    [DW_CFA.nop],
    [DW_CFA.remember_state],
    [DW_CFA.advance_loc1, 9],
    [DW_CFA.advance_loc2, 1, 1],
  ),
  fc.integer({ min: -300, max: 300 }).map((v) => new B().u8(DW_CFA.def_cfa_offset_sf).sleb(v).b),
  fc.tuple(fc.nat(40), fc.nat(1000)).map(([r, o]) => new B().u8(DW_CFA.def_cfa).uleb(r).uleb(o).b),
  fc.tuple(fc.nat(40), fc.nat(1000)).map(([r, o]) => new B().u8(DW_CFA.offset_extended).uleb(r).uleb(o).b),
  fc
    .tuple(fc.nat(40), fc.integer({ min: -99, max: 99 }))
    .map(([r, o]) => new B().u8(DW_CFA.val_offset_sf).uleb(r).sleb(o).b),
  fc.nat(40).map((r) => new B().u8(DW_CFA.same_value).uleb(r).b),
  fc
    .tuple(fc.nat(40), fc.uint8Array({ maxLength: 5 }))
    .map(([r, e]) => new B().u8(DW_CFA.expression).uleb(r).uleb(e.length).bytes(e).b),
  fc.nat(1 << 20).map((n) => new B().u8(DW_CFA.GNU_args_size).uleb(n).b),
);

const sectionArb = fc
  .tuple(fc.boolean(), fc.array(fc.array(opArb, { maxLength: 12 }), { minLength: 1, maxLength: 3 }))
  .map(([dwarf64, fdes]) => {
    const out = [...goCie(dwarf64)];
    const bounds = [out.length];
    for (const ops of fdes) {
      const body = new B();
      if (dwarf64) body.u64(0n);
      else body.u32(0);
      body.u64(0x401000n).u64(0x1000n).bytes(ops.flat());
      out.push(...entry(body.b, dwarf64));
      bounds.push(out.length);
    }
    return { bytes: Uint8Array.from(out), bounds };
  });

function decodeAll(bytes: Uint8Array): void {
  const frame = readFrameSection(bytes, DEBUG_FRAME);
  for (const f of frame.fdes) {
    const cie = fdeCie(frame, f);
    evaluateCfa(f, cie);
    formatCfaOps(f, cie);
  }
}

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
  test.prop([sectionArb], propertyParams())(
    "a section cut inside an entry gives a FormatError; cut between entries it still reads",
    ({ bytes, bounds }) => {
      // restore_state without remember_state is a legal FormatError of the whole program; only
      // the cuts are under test, so the uncut section may fail the same way at every cut.
      const whole = onlyFormatErrors(() => decodeAll(bytes));
      for (let n = 1; n < bytes.length; n++) {
        const e = onlyFormatErrors(() => decodeAll(bytes.subarray(0, n)));
        if (bounds.includes(n)) {
          if (whole === undefined) expect(e, `cut at ${n}`).toBeUndefined();
        } else {
          expect(e, `cut at ${n}`).toBeInstanceOf(FormatError);
          expect(e!.section).toBe(".debug_frame");
        }
      }
    },
  );

  test.prop(
    [sectionArb, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 })],
    propertyParams(),
  )("corrupted bytes decode or give a FormatError", ({ bytes }, edits) => {
    const b = bytes.slice();
    for (const [i, v] of edits) b[i % b.length] = v;
    onlyFormatErrors(() => decodeAll(b));
    onlyFormatErrors(() => {
      const frame = readFrameSection(b, { littleEndian: true, addressSize: 8, section: ".eh_frame" });
      for (const f of frame.fdes) evaluateCfa(f, fdeCie(frame, f));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Sanity against readelf --debug-dump=frames-interp (the full agreement suite is elsewhere).

function dumpSection(bin: string, name: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-frame-"));
  const out = join(dir, "s.bin");
  const copy = join(dir, "copy");
  execFileSync("objcopy", ["--decompress-debug-sections", bin, copy], { stdio: "ignore" });
  execFileSync("objcopy", ["--dump-section", `${name}=${out}`, copy, join(dir, "junk")], { stdio: "ignore" });
  return new Uint8Array(readFileSync(out));
}

function sectionAddress(bin: string, name: string): bigint {
  const text = execFileSync("readelf", ["-S", "-W", bin], { encoding: "utf8" });
  const m = new RegExp(`\\s${name.replace(".", "\\.")}\\s+\\S+\\s+([0-9a-f]+)`).exec(text);
  if (!m) throw new Error(`no ${name} in ${bin}`);
  return BigInt(`0x${m[1]}`);
}

function compare(frame: FrameSection, expected: Map<number, string[]>): number {
  let checked = 0;
  for (const fde of frame.fdes) {
    const theirs = expected.get(fde.offset);
    if (theirs === undefined) continue; // readelf prints no rows for an all-nop FDE
    const cols = theirs[0]!.split(" ").map((c) => c.slice(0, c.indexOf("=")));
    expect(
      ourReadelfRows(evaluateCfa(fde, fdeCie(frame, fde)), cols),
      `FDE at 0x${fde.offset.toString(16)}`,
    ).toEqual(theirs);
    checked++;
  }
  return checked;
}

function gccBinary(flags: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "godwarf-gcc-"));
  const src = join(dir, "hello.c");
  writeFileSync(
    src,
    '#include <stdio.h>\n#include <string.h>\nstatic int sq(int x) { return x * x; }\nint big(int n) { char buf[5000]; memset(buf, n, sizeof buf); return buf[n % 100] + sq(n); }\nint main(int argc, char **argv) {\n  int s = 0;\n  for (int i = 0; i < argc; i++) s += big(i);\n  printf("%d\\n", s);\n  return 0;\n}\n',
  );
  const bin = join(dir, "hello");
  execFileSync("gcc", ["-g", ...flags, "-o", bin, src]);
  return bin;
}

describe.skipIf(missingOracle("readelf", "objcopy", "go", "gcc"))("against readelf", () => {
  it("Go's .debug_frame: every FDE's rows agree with frames-interp", { timeout: 120_000 }, () => {
    for (const dwarf4 of [false, true]) {
      const bin = goBuild("testdata/go/abbrev", { dwarf4 });
      const frame = readFrameSection(dumpSection(bin, ".debug_frame"), DEBUG_FRAME);
      expect(frame.cies.map((c) => [c.version, c.augmentation, c.dataAlignmentFactor])).toEqual([
        [3, "", -4],
      ]);
      expect(compare(frame, readelfRows(bin, ".debug_frame"))).toBe(frame.fdes.length);
      expect(frame.fdes.length).toBeGreaterThan(100);
    }
  });

  it("gcc's .debug_frame and .eh_frame agree with frames-interp", { timeout: 60_000 }, () => {
    const df = gccBinary(["-O2", "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer"]);
    const frame = readFrameSection(dumpSection(df, ".debug_frame"), DEBUG_FRAME);
    expect(compare(frame, readelfRows(df, ".debug_frame"))).toBeGreaterThan(0);

    const eh = gccBinary(["-O0"]);
    const ehFrame = readFrameSection(dumpSection(eh, ".eh_frame"), {
      littleEndian: true,
      addressSize: 8,
      section: ".eh_frame",
      sectionAddress: sectionAddress(eh, ".eh_frame"),
    });
    expect(ehFrame.cies.every((c: Cie) => c.augmentation.startsWith("z"))).toBe(true);
    expect(compare(ehFrame, readelfRows(eh, ".eh_frame"))).toBeGreaterThan(1);
    const f: Fde = ehFrame.fdes[0]!;
    expect(f.initialLocation).toBeGreaterThan(0n);
  });
});
