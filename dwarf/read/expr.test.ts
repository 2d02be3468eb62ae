import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../../test/property.js";
import { DW_OP, opName } from "../constants.js";
import { FormatError } from "../errors.js";
import { appendSleb128, appendUleb128 } from "../leb128.js";
import type { ExprEncoding } from "./expr.js";
import { amd64RegName, disassembleExpr, formatExpr, formatOps } from "./expr.js";

const enc: ExprEncoding = { addressSize: 8, offsetSize: 4, littleEndian: true };
const u = (v: number | bigint) => appendUleb128([], v);
const s = (v: number | bigint) => appendSleb128([], v);
const le = (v: bigint, n: number) =>
  Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

/** [bytes, llvm-dwarfdump text without register names]. */
const cases: [number[], string][] = [
  [[DW_OP.addr, ...le(0x4b0c00n, 8)], "DW_OP_addr 0x4b0c00"],
  [[DW_OP.fbreg, ...s(-24)], "DW_OP_fbreg -24"],
  [[DW_OP.call_frame_cfa], "DW_OP_call_frame_cfa"],
  [[DW_OP.const1u, 0xff], "DW_OP_const1u 0xff"],
  [[DW_OP.const1s, 0xff], "DW_OP_const1s -1"],
  [[DW_OP.const2u, 0x34, 0x12], "DW_OP_const2u 0x1234"],
  [[DW_OP.const2s, 0xfe, 0xff], "DW_OP_const2s -2"],
  [[DW_OP.const4u, ...le(0xdeadbeefn, 4)], "DW_OP_const4u 0xdeadbeef"],
  [[DW_OP.const4s, ...le(0xfffffffdn, 4)], "DW_OP_const4s -3"],
  [[DW_OP.const8u, ...le(0xffffffffffffffffn, 8)], "DW_OP_const8u 0xffffffffffffffff"],
  [[DW_OP.const8s, ...le(0xfffffffffffffffcn, 8)], "DW_OP_const8s -4"],
  [[DW_OP.constu, ...u(300)], "DW_OP_constu 0x12c"],
  [[DW_OP.consts, ...s(5)], "DW_OP_consts +5"],
  [[DW_OP.pick, 2], "DW_OP_pick 0x2"],
  [[DW_OP.plus_uconst, ...u(16)], "DW_OP_plus_uconst 0x10"],
  [[DW_OP.skip, 3, 0], "DW_OP_skip +3"],
  [[DW_OP.bra, 0xfd, 0xff], "DW_OP_bra -3"],
  [[DW_OP.lit0 + 7], "DW_OP_lit7"],
  [[DW_OP.reg0 + 3], "DW_OP_reg3"],
  [[DW_OP.breg0 + 7, ...s(8)], "DW_OP_breg7 +8"],
  [[DW_OP.regx, ...u(33)], "DW_OP_regx 0x21"],
  [[DW_OP.bregx, ...u(17), ...s(-8)], "DW_OP_bregx 0x11 -8"],
  [[DW_OP.piece, ...u(8)], "DW_OP_piece 0x8"],
  [[DW_OP.deref_size, 4], "DW_OP_deref_size 0x4"],
  [[DW_OP.xderef_size, 2], "DW_OP_xderef_size 0x2"],
  [[DW_OP.call2, 0x10, 0], "DW_OP_call2 0x10"],
  [[DW_OP.call4, ...le(0x20n, 4)], "DW_OP_call4 0x20"],
  [[DW_OP.call_ref, ...le(0x30n, 4)], "DW_OP_call_ref 0x30"],
  [[DW_OP.bit_piece, ...u(3), ...u(5)], "DW_OP_bit_piece 0x3 0x5"],
  [[DW_OP.implicit_value, ...u(2), 0xab, 0xcd], "DW_OP_implicit_value 0x2 0xab 0xcd"],
  [[DW_OP.implicit_pointer, ...le(0x40n, 4), ...s(-1)], "DW_OP_implicit_pointer 0x40 -1"],
  [[DW_OP.addrx, ...u(4)], "DW_OP_addrx 0x4"],
  [[DW_OP.constx, ...u(5)], "DW_OP_constx 0x5"],
  [[DW_OP.entry_value, 1, DW_OP.reg0 + 5], "DW_OP_entry_value(DW_OP_reg5)"],
  [[DW_OP.GNU_entry_value, 2, DW_OP.breg0 + 7, 0], "DW_OP_GNU_entry_value(DW_OP_breg7 +0)"],
  [[DW_OP.const_type, ...u(0x2a), 2, 1, 2], "DW_OP_const_type 0x2a 0x2 0x01 0x02"],
  [[DW_OP.regval_type, ...u(17), ...u(0x2a)], "DW_OP_regval_type 0x11 0x2a"],
  [[DW_OP.deref_type, 8, ...u(0x2a)], "DW_OP_deref_type 0x8 0x2a"],
  [[DW_OP.xderef_type, 8, ...u(0x2a)], "DW_OP_xderef_type 0x8 0x2a"],
  [[DW_OP.convert, ...u(0x2a)], "DW_OP_convert 0x2a"],
  [[DW_OP.reinterpret, ...u(0x2a)], "DW_OP_reinterpret 0x2a"],
  [[DW_OP.GNU_push_tls_address], "DW_OP_GNU_push_tls_address"],
  [[DW_OP.form_tls_address], "DW_OP_form_tls_address"],
  [[DW_OP.GNU_implicit_pointer, ...le(0x40n, 4), ...s(8)], "DW_OP_GNU_implicit_pointer 0x40 +8"],
  [[DW_OP.GNU_regval_type, ...u(0), ...u(0x2a)], "DW_OP_GNU_regval_type 0x0 0x2a"],
  [[DW_OP.GNU_deref_type, 4, ...u(0x2a)], "DW_OP_GNU_deref_type 0x4 0x2a"],
  [[DW_OP.GNU_const_type, ...u(0x2a), 1, 9], "DW_OP_GNU_const_type 0x2a 0x1 0x09"],
  [[DW_OP.GNU_convert, ...u(0)], "DW_OP_GNU_convert 0x0"],
  [[DW_OP.GNU_reinterpret, ...u(1)], "DW_OP_GNU_reinterpret 0x1"],
  [[DW_OP.GNU_parameter_ref, ...le(0x50n, 4)], "DW_OP_GNU_parameter_ref 0x50"],
  [[DW_OP.GNU_addr_index, ...u(6)], "DW_OP_GNU_addr_index 0x6"],
  [[DW_OP.GNU_const_index, ...u(7)], "DW_OP_GNU_const_index 0x7"],
  [[DW_OP.GNU_variable_value, ...le(0x60n, 4)], "DW_OP_GNU_variable_value 0x60"],
  [[DW_OP.GNU_encoded_addr, 0x03, ...le(0x1234n, 4)], "DW_OP_GNU_encoded_addr 0x3 0x1234"],
  [[DW_OP.stack_value], "DW_OP_stack_value"],
];

describe("disassembleExpr / formatExpr", () => {
  for (const [bytes, text] of cases) {
    it(text, () => {
      expect(formatExpr(Uint8Array.from(bytes), enc)).toBe(text);
      const ops = disassembleExpr(Uint8Array.from(bytes), enc);
      expect(ops).toHaveLength(1);
      expect(ops[0]!.end).toBe(bytes.length);
      expect(formatOps(ops)).toBe(text);
    });
  }

  it("decodes every opcode the constants table names", () => {
    // Zero operands, then padding that is not itself an op: only the first op must decode.
    for (const code of Object.values(DW_OP)) {
      const text = formatExpr(Uint8Array.from([code, ...new Array(24).fill(0)]), enc);
      expect(text.split(/[ ,(]/)[0], opName(code)).toBe(opName(code));
    }
  });

  it("joins ops with commas and keeps offsets, operands and branch targets", () => {
    const bytes = Uint8Array.from([
      DW_OP.call_frame_cfa,
      DW_OP.consts,
      ...s(-8),
      DW_OP.plus,
      DW_OP.skip,
      0xfc,
      0xff,
    ]);
    expect(formatExpr(bytes, enc)).toBe("DW_OP_call_frame_cfa, DW_OP_consts -8, DW_OP_plus, DW_OP_skip -4");
    const ops = disassembleExpr(bytes, enc, ".debug_info", 0x100);
    expect(ops.map((o) => [o.offset, o.end])).toEqual([
      [0x100, 0x101],
      [0x101, 0x103],
      [0x103, 0x104],
      [0x104, 0x107],
    ]);
    expect(ops[1]!.operands).toEqual([{ kind: "s", value: -8n }]);
    expect(ops[3]!.operands).toEqual([{ kind: "branch", value: -4, target: 3 }]);
  });

  it("prints x86-64 register names as llvm-dwarfdump does", () => {
    const f = (b: number[]) => formatExpr(Uint8Array.from(b), enc, { regName: amd64RegName });
    expect(f([DW_OP.breg0 + 7, ...s(8)])).toBe("DW_OP_breg7 RSP+8");
    expect(f([DW_OP.breg0 + 3, 0])).toBe("DW_OP_breg3 RBX+0");
    expect(f([DW_OP.reg0])).toBe("DW_OP_reg0 RAX");
    expect(f([DW_OP.regx, ...u(17)])).toBe("DW_OP_regx XMM0");
    expect(f([DW_OP.bregx, ...u(6), ...s(-16)])).toBe("DW_OP_bregx RBP-16");
    expect(f([DW_OP.entry_value, 1, DW_OP.reg0 + 5, DW_OP.stack_value])).toBe(
      "DW_OP_entry_value(DW_OP_reg5 RDI), DW_OP_stack_value",
    );
    expect(f([DW_OP.regx, ...u(200)])).toBe("DW_OP_regx 0xc8");
    expect(formatExpr(Uint8Array.from([DW_OP.convert, 0x2a]), enc, { unitOffset: 0x100 })).toBe(
      "DW_OP_convert (0x0000012a)",
    );
  });

  it("reads 4-byte addresses, 64-bit offsets and big-endian operands", () => {
    expect(formatExpr(Uint8Array.from([DW_OP.addr, 1, 2, 3, 4]), { ...enc, addressSize: 4 })).toBe(
      "DW_OP_addr 0x4030201",
    );
    expect(formatExpr(Uint8Array.from([DW_OP.call_ref, ...le(0x1122n, 8)]), { ...enc, offsetSize: 8 })).toBe(
      "DW_OP_call_ref 0x1122",
    );
    expect(formatExpr(Uint8Array.from([DW_OP.const2u, 0x12, 0x34]), { ...enc, littleEndian: false })).toBe(
      "DW_OP_const2u 0x1234",
    );
  });

  it("reports bad bytes: FormatError from the disassembler, llvm-style text from the formatter", () => {
    expect(() => disassembleExpr(Uint8Array.from([DW_OP.addr, 1]), enc, ".debug_info", 0x100)).toThrow(
      /^\.debug_info\+0x101: truncated address/,
    );
    expect(() => disassembleExpr(Uint8Array.from([0x01]), enc, ".debug_loclists", 8)).toThrow(
      /^\.debug_loclists\+0x8: unknown expression opcode 0x1/,
    );
    // A nested expression cannot run past its declared length.
    expect(() => disassembleExpr(Uint8Array.from([DW_OP.entry_value, 1, DW_OP.const1u, 5]), enc)).toThrow(
      FormatError,
    );
    expect(formatExpr(Uint8Array.from([DW_OP.lit1, 0x01, 0xaa]), enc)).toBe(
      "DW_OP_lit1, <decoding error> aa",
    );
    expect(formatExpr(new Uint8Array(0), enc)).toBe("<empty>");
  });

  const withOperands = cases.filter(([b]) => b.length > 1);
  test.prop([fc.constantFrom(...withOperands), fc.nat()], propertyParams())(
    "an op cut inside its operands gives a FormatError",
    ([bytes], n) => {
      const cut = 1 + (n % (bytes.length - 1));
      expect(() => disassembleExpr(Uint8Array.from(bytes.slice(0, cut)), enc)).toThrow(FormatError);
    },
  );

  test.prop([fc.uint8Array({ maxLength: 48 })], propertyParams())(
    "random bytes decode into contiguous ops or a FormatError; formatting never throws",
    (bytes) => {
      expect(typeof formatExpr(bytes, enc, { regName: amd64RegName })).toBe("string");
      let ops: ReturnType<typeof disassembleExpr>;
      try {
        ops = disassembleExpr(bytes, enc);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        return;
      }
      let at = 0;
      for (const op of ops) {
        expect(op.offset).toBe(at);
        expect(op.end).toBeGreaterThan(at);
        at = op.end;
      }
      expect(at).toBe(bytes.length);
    },
  );
});
