/**
 * DWARF expression disassembler (DWARF 5 section 2.5 and table 7.9, plus the GNU operations GCC
 * emits). It decodes, it does not evaluate. The text form follows llvm-dwarfdump's
 * (llvm/lib/DebugInfo/DWARF/DWARFExpression.cpp, Operation::print and DWARFExpression::print):
 * ops joined by ", ", unsigned operands in hex, signed ones as %+d, entry_value's nested expression
 * in parentheses.
 *
 * Go's compiler writes only a handful of these (cmd/compile/internal/ssagen, cmd/internal/dwarf:
 * DW_OP_addr, DW_OP_call_frame_cfa, DW_OP_fbreg, DW_OP_reg*, DW_OP_breg*, DW_OP_piece,
 * DW_OP_consts, DW_OP_plus, DW_OP_stack_value); GCC and Clang use the rest.
 */
import { DW_OP, opName } from "../constants.js";
import { FormatError } from "../errors.js";
import { Cursor } from "./cursor.js";

export interface ExprEncoding {
  addressSize: number;
  /** 4 for 32-bit DWARF, 8 for 64-bit (sizes DW_OP_call_ref and DW_OP_implicit_pointer). */
  offsetSize: 4 | 8;
  littleEndian: boolean;
}

export type ExprOperand =
  /** An unsigned constant, index, register number, size or length. */
  | { kind: "u"; value: bigint }
  /** A signed constant or offset. */
  | { kind: "s"; value: bigint }
  /** A target address (DW_OP_addr). */
  | { kind: "addr"; value: bigint }
  /** A DIE offset: unit-relative for type references (`rel`), section-relative for call_ref and implicit_pointer. */
  | { kind: "die"; value: number; rel: boolean }
  /** A branch displacement (skip, bra) and the offset it lands on (within the expression). */
  | { kind: "branch"; value: number; target: number }
  /** Raw bytes (implicit_value, const_type). */
  | { kind: "block"; bytes: Uint8Array }
  /** A nested expression (entry_value). */
  | { kind: "expr"; ops: ExprOp[] };

export interface ExprOp {
  /** Offset of the opcode: `base` plus its position in the expression. */
  offset: number;
  code: number;
  /** "DW_OP_fbreg". */
  name: string;
  operands: ExprOperand[];
  /** Offset one past the op's last byte. */
  end: number;
}

const U = (value: bigint): ExprOperand => ({ kind: "u", value });
const S = (value: bigint): ExprOperand => ({ kind: "s", value });

/**
 * Decode every operation of `bytes`. `section` and `base` locate the bytes for error messages
 * (e.g. ".debug_info" and the attribute's offset). Throws FormatError on an unknown opcode or a
 * truncated operand; a nested expression that overruns its length is an error too.
 */
export function disassembleExpr(
  bytes: Uint8Array,
  enc: ExprEncoding,
  section = "expression",
  base = 0,
): ExprOp[] {
  return decode(new Cursor(bytes, section, enc.littleEndian, 0, bytes.length, base), enc);
}

function decode(c: Cursor, enc: ExprEncoding): ExprOp[] {
  const ops: ExprOp[] = [];
  while (!c.atEnd()) ops.push(decodeOp(c, enc));
  return ops;
}

function decodeOp(c: Cursor, enc: ExprEncoding): ExprOp {
  const start = c.pos;
  const code = c.u8("opcode");
  const operands: ExprOperand[] = [];
  const typeRef = () => operands.push({ kind: "die", value: c.uleb("type DIE offset"), rel: true });
  if (code >= DW_OP.lit0 && code <= DW_OP.lit31) {
    // no operands
  } else if (code >= DW_OP.reg0 && code <= DW_OP.reg31) {
    // no operands
  } else if (code >= DW_OP.breg0 && code <= DW_OP.breg31) {
    operands.push(S(c.slebBig("offset")));
  } else {
    switch (code) {
      case DW_OP.addr:
        operands.push({ kind: "addr", value: c.address(enc.addressSize) });
        break;
      case DW_OP.const1u:
      case DW_OP.pick:
      case DW_OP.deref_size:
      case DW_OP.xderef_size:
        operands.push(U(BigInt(c.u8("operand"))));
        break;
      case DW_OP.const1s:
        operands.push(S(BigInt(c.i8("operand"))));
        break;
      case DW_OP.const2u:
      case DW_OP.call2:
        operands.push(U(BigInt(c.u16("operand"))));
        break;
      case DW_OP.const2s:
        operands.push(S(BigInt(c.i16("operand"))));
        break;
      case DW_OP.const4u:
      case DW_OP.call4:
      case DW_OP.GNU_parameter_ref:
        operands.push(U(BigInt(c.u32("operand"))));
        break;
      case DW_OP.const4s:
        operands.push(S(BigInt(c.i32("operand"))));
        break;
      case DW_OP.const8u:
        operands.push(U(c.u64("operand")));
        break;
      case DW_OP.const8s:
        operands.push(S(c.i64("operand")));
        break;
      case DW_OP.constu:
      case DW_OP.plus_uconst:
      case DW_OP.regx:
      case DW_OP.piece:
      case DW_OP.addrx:
      case DW_OP.constx:
      case DW_OP.GNU_addr_index:
      case DW_OP.GNU_const_index:
        operands.push(U(c.ulebBig("operand")));
        break;
      case DW_OP.consts:
      case DW_OP.fbreg:
        operands.push(S(c.slebBig("operand")));
        break;
      case DW_OP.skip:
      case DW_OP.bra: {
        const d = c.i16("branch offset");
        operands.push({ kind: "branch", value: d, target: c.pos + d });
        break;
      }
      case DW_OP.bregx:
        operands.push(U(c.ulebBig("register")), S(c.slebBig("offset")));
        break;
      case DW_OP.bit_piece:
        operands.push(U(c.ulebBig("size")), U(c.ulebBig("offset")));
        break;
      case DW_OP.call_ref:
      case DW_OP.GNU_variable_value:
        operands.push({ kind: "die", value: c.offset(enc.offsetSize, "DIE offset"), rel: false });
        break;
      case DW_OP.implicit_value: {
        const n = c.uleb("length");
        operands.push(U(BigInt(n)), { kind: "block", bytes: c.bytesN(n, "implicit value") });
        break;
      }
      case DW_OP.implicit_pointer:
      case DW_OP.GNU_implicit_pointer:
        operands.push(
          { kind: "die", value: c.offset(enc.offsetSize, "DIE offset"), rel: false },
          S(c.slebBig("offset")),
        );
        break;
      case DW_OP.entry_value:
      case DW_OP.GNU_entry_value: {
        const n = c.uleb("length");
        // The nested expression is decoded within its own bounds, so it cannot overrun.
        const sub = c.sub(n, "entry value expression");
        operands.push(U(BigInt(n)), { kind: "expr", ops: decode(sub, enc) });
        break;
      }
      case DW_OP.const_type:
      case DW_OP.GNU_const_type: {
        typeRef();
        const n = c.u8("constant size");
        operands.push(U(BigInt(n)), { kind: "block", bytes: c.bytesN(n, "typed constant") });
        break;
      }
      case DW_OP.regval_type:
      case DW_OP.GNU_regval_type:
        operands.push(U(c.ulebBig("register")));
        typeRef();
        break;
      case DW_OP.deref_type:
      case DW_OP.GNU_deref_type:
      case DW_OP.xderef_type:
        operands.push(U(BigInt(c.u8("size"))));
        typeRef();
        break;
      case DW_OP.convert:
      case DW_OP.GNU_convert:
      case DW_OP.reinterpret:
      case DW_OP.GNU_reinterpret:
        typeRef();
        break;
      case DW_OP.GNU_encoded_addr:
        encodedAddr(c, enc, operands);
        break;
      case DW_OP.deref:
      case DW_OP.dup:
      case DW_OP.drop:
      case DW_OP.over:
      case DW_OP.swap:
      case DW_OP.rot:
      case DW_OP.xderef:
      case DW_OP.abs:
      case DW_OP.and:
      case DW_OP.div:
      case DW_OP.minus:
      case DW_OP.mod:
      case DW_OP.mul:
      case DW_OP.neg:
      case DW_OP.not:
      case DW_OP.or:
      case DW_OP.plus:
      case DW_OP.shl:
      case DW_OP.shr:
      case DW_OP.shra:
      case DW_OP.xor:
      case DW_OP.eq:
      case DW_OP.ge:
      case DW_OP.gt:
      case DW_OP.le:
      case DW_OP.lt:
      case DW_OP.ne:
      case DW_OP.nop:
      case DW_OP.push_object_address:
      case DW_OP.form_tls_address:
      case DW_OP.call_frame_cfa:
      case DW_OP.stack_value:
      case DW_OP.GNU_push_tls_address:
      case DW_OP.GNU_uninit:
        break;
      default:
        throw c.error(`unknown expression opcode 0x${code.toString(16)}`, start);
    }
  }
  return { offset: c.base + start, code, name: opName(code), operands, end: c.base + c.pos };
}

/** DW_OP_GNU_encoded_addr: a DW_EH_PE encoding byte, then a pointer in that encoding. */
function encodedAddr(c: Cursor, enc: ExprEncoding, operands: ExprOperand[]): void {
  const at = c.pos;
  const e = c.u8("pointer encoding");
  operands.push(U(BigInt(e)));
  switch (e & 0x0f) {
    case 0x00:
      operands.push({ kind: "addr", value: c.address(enc.addressSize) });
      return;
    case 0x01:
      operands.push(U(c.ulebBig("pointer")));
      return;
    case 0x02:
      operands.push(U(BigInt(c.u16("pointer"))));
      return;
    case 0x03:
      operands.push(U(BigInt(c.u32("pointer"))));
      return;
    case 0x04:
      operands.push(U(c.u64("pointer")));
      return;
    case 0x09:
      operands.push(S(c.slebBig("pointer")));
      return;
    case 0x0a:
      operands.push(S(BigInt(c.i16("pointer"))));
      return;
    case 0x0b:
      operands.push(S(BigInt(c.i32("pointer"))));
      return;
    case 0x0c:
      operands.push(S(c.i64("pointer")));
      return;
    default:
      throw c.error(`unknown pointer encoding 0x${e.toString(16)}`, at);
  }
}

export interface FormatExprOptions {
  /** Register names by DWARF number (e.g. {@link amd64RegName}); numbers print raw without it. */
  regName?: (reg: number) => string | undefined;
  /** Offset of the unit, to print unit-relative type references as absolute DIE offsets. */
  unitOffset?: number;
}

/**
 * llvm-dwarfdump-like text for an expression: "DW_OP_fbreg -24", "DW_OP_call_frame_cfa",
 * "DW_OP_addr 0x4b0c00", "DW_OP_entry_value(DW_OP_reg5 RDI), DW_OP_stack_value". Bytes that do not
 * decode end the text with "<decoding error>" and the remaining bytes, as llvm-dwarfdump does.
 */
export function formatExpr(
  expr: Uint8Array | ExprOp[],
  enc: ExprEncoding,
  opts: FormatExprOptions = {},
): string {
  if (!(expr instanceof Uint8Array)) return formatOps(expr, opts);
  if (expr.length === 0) return "<empty>";
  const c = new Cursor(expr, "expression", enc.littleEndian);
  const parts: string[] = [];
  while (!c.atEnd()) {
    const start = c.pos;
    try {
      parts.push(formatOp(decodeOp(c, enc), opts));
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      const rest = Array.from(expr.subarray(start + 1), (b) => ` ${hex2(b)}`).join("");
      parts.push(`<decoding error>${rest}`);
      break;
    }
  }
  return parts.join(", ");
}

/** Text of already-decoded operations (see {@link formatExpr}). */
export function formatOps(ops: ExprOp[], opts: FormatExprOptions = {}): string {
  return ops.map((op) => formatOp(op, opts)).join(", ");
}

function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, "0");
}

function signed(v: bigint | number): string {
  return v < 0 ? `${v}` : `+${v}`;
}

function formatOp(op: ExprOp, opts: FormatExprOptions): string {
  const code = op.code;
  const ops = op.operands;
  let reg: number | undefined;
  if (code >= DW_OP.reg0 && code <= DW_OP.reg31) reg = code - DW_OP.reg0;
  else if (code >= DW_OP.breg0 && code <= DW_OP.breg31) reg = code - DW_OP.breg0;
  else if (
    code === DW_OP.regx ||
    code === DW_OP.bregx ||
    code === DW_OP.regval_type ||
    code === DW_OP.GNU_regval_type
  ) {
    reg = Number((ops[0] as { value: bigint }).value);
  }
  const rn = reg === undefined ? undefined : opts.regName?.(reg);
  if (rn !== undefined) {
    const isBreg = (code >= DW_OP.breg0 && code <= DW_OP.breg31) || code === DW_OP.bregx;
    const rest =
      code === DW_OP.bregx ||
      code === DW_OP.regx ||
      code === DW_OP.regval_type ||
      code === DW_OP.GNU_regval_type
        ? ops.slice(1)
        : ops;
    if (isBreg) return `${op.name} ${rn}${signed((rest[0] as { value: bigint }).value)}`;
    return `${op.name} ${rn}${rest.map((o) => formatOperand(o, opts)).join("")}`;
  }
  if (code === DW_OP.entry_value || code === DW_OP.GNU_entry_value) {
    // The length is implied by the parentheses.
    const nested = ops[1] as { kind: "expr"; ops: ExprOp[] };
    return `${op.name}(${formatOps(nested.ops, opts)})`;
  }
  return op.name + ops.map((o) => formatOperand(o, opts)).join("");
}

function formatOperand(o: ExprOperand, opts: FormatExprOptions): string {
  switch (o.kind) {
    case "u":
    case "addr":
      return ` ${hex(o.value)}`;
    case "s":
      return ` ${signed(o.value)}`;
    case "branch":
      return ` ${signed(o.value)}`;
    case "die":
      if (o.rel && opts.unitOffset !== undefined)
        return ` (0x${(opts.unitOffset + o.value).toString(16).padStart(8, "0")})`;
      return ` ${hex(o.value)}`;
    case "block":
      return Array.from(o.bytes, (b) => ` 0x${hex2(b)}`).join("");
    case "expr":
      return `(${formatOps(o.ops, opts)})`;
  }
}

const AMD64_REGS = [
  "RAX",
  "RDX",
  "RCX",
  "RBX",
  "RSI",
  "RDI",
  "RBP",
  "RSP",
  "R8",
  "R9",
  "R10",
  "R11",
  "R12",
  "R13",
  "R14",
  "R15",
  "RIP",
  "XMM0",
  "XMM1",
  "XMM2",
  "XMM3",
  "XMM4",
  "XMM5",
  "XMM6",
  "XMM7",
  "XMM8",
  "XMM9",
  "XMM10",
  "XMM11",
  "XMM12",
  "XMM13",
  "XMM14",
  "XMM15",
  "ST0",
  "ST1",
  "ST2",
  "ST3",
  "ST4",
  "ST5",
  "ST6",
  "ST7",
  "MM0",
  "MM1",
  "MM2",
  "MM3",
  "MM4",
  "MM5",
  "MM6",
  "MM7",
];

/** x86-64 DWARF register names (System V psABI table 3.36) as llvm-dwarfdump prints them. */
export function amd64RegName(reg: number): string | undefined {
  return AMD64_REGS[reg];
}
