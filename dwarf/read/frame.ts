/**
 * The call frame information reader (DWARF 5 section 6.4): CIEs and FDEs of .debug_frame (and of
 * .eh_frame, whose CIE id is 0, CIE pointers are relative and pointers carry DW_EH_PE encodings),
 * the CFA instructions decoded, evaluated to rows, and disassembled for the dump.
 *
 * The writer it must understand is cmd/link/internal/ld/dwarf.go writeframes: a version 3 CIE with
 * an empty augmentation, code alignment 1, data alignment -4, and FDEs of DW_CFA_def_cfa_offset_sf
 * plus advance_loc* pairs (appendPCDeltaCFA), padded with DW_CFA_nop.
 */
import { cfaName, DW_CFA } from "../constants.js";
import { FormatError } from "../errors.js";
import { Cursor } from "./cursor.js";

export type FrameSectionName = ".debug_frame" | ".eh_frame";

export interface FrameOptions {
  littleEndian: boolean;
  /** Address size for CIE versions 1 and 3 (version 4 CIEs carry their own). */
  addressSize: number;
  section: FrameSectionName;
  /** .eh_frame only: the section's load address, the base of DW_EH_PE_pcrel pointers. */
  sectionAddress?: bigint;
  /** .eh_frame only: bases of DW_EH_PE_textrel and DW_EH_PE_datarel pointers (default 0). */
  textAddress?: bigint;
  dataAddress?: bigint;
}

/** Common Information Entry. */
export interface Cie {
  kind: "cie";
  section: FrameSectionName;
  littleEndian: boolean;
  /** Offset of the entry's length field within the section. */
  offset: number;
  /** The length field (not counting itself). */
  length: number;
  /** Offset one past the entry. */
  end: number;
  offsetSize: 4 | 8;
  version: number;
  augmentation: string;
  addressSize: number;
  segmentSelectorSize: number;
  codeAlignmentFactor: number;
  dataAlignmentFactor: number;
  returnAddressRegister: number;
  /** The 'z' augmentation data, raw. */
  augmentationData?: Uint8Array;
  /** 'R': the DW_EH_PE encoding of FDE addresses. */
  fdeEncoding?: number;
  /** 'L': the DW_EH_PE encoding of the FDE's LSDA pointer. */
  lsdaEncoding?: number;
  /** 'P': the personality routine. */
  personality?: { encoding: number; value: bigint };
  /** 'S': a signal frame. */
  signalFrame?: boolean;
  /** GCC's old "eh" augmentation: the pointer that follows it. */
  ehData?: bigint;
  initialInstructions: Uint8Array;
  /** Offset of `initialInstructions` within the section. */
  instructionsOffset: number;
}

/** Frame Description Entry. */
export interface Fde {
  kind: "fde";
  section: FrameSectionName;
  littleEndian: boolean;
  offset: number;
  length: number;
  end: number;
  offsetSize: 4 | 8;
  /** Section offset of the CIE it uses (resolved; .eh_frame stores it relative). */
  cieOffset: number;
  /** Version 4 CIEs with a segment selector. */
  segmentSelector?: bigint;
  initialLocation: bigint;
  addressRange: bigint;
  augmentationData?: Uint8Array;
  lsda?: bigint;
  instructions: Uint8Array;
  instructionsOffset: number;
}

export interface FrameSection {
  section: FrameSectionName;
  /** In section order. */
  cies: Cie[];
  /** In section order. */
  fdes: Fde[];
}

/** The CIE an FDE uses. */
export function fdeCie(frame: FrameSection, fde: Fde): Cie {
  for (const c of frame.cies) if (c.offset === fde.cieOffset) return c;
  throw new FormatError(frame.section, fde.offset, `CIE at 0x${fde.cieOffset.toString(16)} not found`);
}

/** DW_EH_PE_* pointer encodings (LSB, "Exception Frames"). */
export const DW_EH_PE = {
  absptr: 0x00,
  uleb128: 0x01,
  udata2: 0x02,
  udata4: 0x03,
  udata8: 0x04,
  sleb128: 0x09,
  sdata2: 0x0a,
  sdata4: 0x0b,
  sdata8: 0x0c,
  pcrel: 0x10,
  textrel: 0x20,
  datarel: 0x30,
  funcrel: 0x40,
  aligned: 0x50,
  indirect: 0x80,
  omit: 0xff,
} as const;

/**
 * Read every CIE and FDE of a .debug_frame or .eh_frame section. A zero length ends .eh_frame (its
 * terminator) and is skipped as padding in .debug_frame.
 */
export function readFrameSection(bytes: Uint8Array, opts: FrameOptions): FrameSection {
  const eh = opts.section === ".eh_frame";
  const c = new Cursor(bytes, opts.section, opts.littleEndian);
  const out: FrameSection = { section: opts.section, cies: [], fdes: [] };
  const cies = new Map<number, Cie>();
  const cieAt = (off: number, from: number): Cie => {
    let cie = cies.get(off);
    if (cie === undefined) {
      if (off < 0 || off >= bytes.length) {
        throw c.error(`CIE pointer 0x${off.toString(16)} is outside the section`, from);
      }
      cie = readEntry(bytes, off, opts, from) as Cie;
      cies.set(off, cie);
    }
    return cie;
  };
  while (!c.atEnd()) {
    const at = c.pos;
    const l32 = c.u32("entry length");
    if (l32 === 0) {
      if (eh) break;
      continue;
    }
    c.seek(at);
    const e = readEntry(bytes, at, opts, cieAt);
    if (e.kind === "cie") {
      cies.set(at, e);
      out.cies.push(e);
    } else {
      out.fdes.push(e);
    }
    c.seek(e.end);
  }
  return out;
}

/**
 * One CIE or FDE at `at`. `cieAt` resolves an FDE's CIE; when a CIE is wanted instead, it is the
 * offset of the pointer that led here, for the error.
 */
function readEntry(
  bytes: Uint8Array,
  at: number,
  opts: FrameOptions,
  cieAt: ((off: number, from: number) => Cie) | number,
): Cie | Fde {
  const eh = opts.section === ".eh_frame";
  const top = new Cursor(bytes, opts.section, opts.littleEndian, at);
  const { length, offsetSize } = top.initialLength("entry length");
  const end = top.pos + length;
  const c = top.slice(top.pos, end);
  const idAt = c.pos;
  // .eh_frame keeps a 4-byte CIE id / pointer even in its 64-bit form.
  let id: number;
  let isCie: boolean;
  if (eh || offsetSize === 4) {
    id = c.u32("CIE id");
    isCie = eh ? id === 0 : id === 0xffffffff;
  } else {
    const v = c.u64("CIE id");
    isCie = v === 0xffff_ffff_ffff_ffffn;
    if (!isCie && v > BigInt(Number.MAX_SAFE_INTEGER))
      throw c.error(`CIE pointer 0x${v.toString(16)} is too large`, idAt);
    id = Number(v);
  }
  if (isCie) return readCie(c, at, length, end, offsetSize, opts);
  if (typeof cieAt === "number") throw c.error(`CIE pointer 0x${at.toString(16)} points to an FDE`, cieAt);
  const cieOffset = eh ? idAt - id : id;
  const cie = cieAt(cieOffset, idAt);
  return readFde(c, at, length, end, offsetSize, cieOffset, cie, opts);
}

function readCie(
  c: Cursor,
  at: number,
  length: number,
  end: number,
  offsetSize: 4 | 8,
  opts: FrameOptions,
): Cie {
  const version = c.u8("CIE version");
  if (version !== 1 && version !== 3 && version !== 4)
    throw c.error(`unsupported CIE version ${version}`, c.pos - 1);
  const augmentation = c.cstring("CIE augmentation");
  const cie: Cie = {
    kind: "cie",
    section: opts.section,
    littleEndian: opts.littleEndian,
    offset: at,
    length,
    end,
    offsetSize,
    version,
    augmentation,
    addressSize: opts.addressSize,
    segmentSelectorSize: 0,
    codeAlignmentFactor: 0,
    dataAlignmentFactor: 0,
    returnAddressRegister: 0,
    initialInstructions: new Uint8Array(0),
    instructionsOffset: end,
  };
  if (augmentation === "eh") cie.ehData = c.address(opts.addressSize, "eh_data");
  if (version >= 4) {
    cie.addressSize = c.u8("CIE address_size");
    cie.segmentSelectorSize = c.u8("CIE segment_selector_size");
  }
  cie.codeAlignmentFactor = c.uleb("code_alignment_factor");
  cie.dataAlignmentFactor = c.sleb("data_alignment_factor");
  cie.returnAddressRegister =
    version === 1 ? c.u8("return_address_register") : c.uleb("return_address_register");
  if (augmentation.startsWith("z")) {
    const n = c.uleb("augmentation length");
    const dataAt = c.pos;
    const d = c.sub(n, "augmentation data");
    cie.augmentationData = c.bytes.subarray(dataAt, dataAt + n);
    for (let i = 1; i < augmentation.length; i++) {
      const ch = augmentation[i];
      if (ch === "L") cie.lsdaEncoding = d.u8("LSDA encoding");
      else if (ch === "R") cie.fdeEncoding = d.u8("FDE encoding");
      else if (ch === "P") {
        const enc = d.u8("personality encoding");
        cie.personality = { encoding: enc, value: readEncoded(d, enc, cie.addressSize, opts, "personality") };
      } else if (ch === "S") cie.signalFrame = true;
      else if (ch === "B" || ch === "G") {
        // AArch64 BTI / MTE markers: no data.
      } else break; // an unknown letter: the rest of the data cannot be interpreted, but 'z' sized it
    }
  }
  cie.instructionsOffset = c.pos;
  cie.initialInstructions = c.bytes.subarray(c.pos, end);
  return cie;
}

function readFde(
  c: Cursor,
  at: number,
  length: number,
  end: number,
  offsetSize: 4 | 8,
  cieOffset: number,
  cie: Cie,
  opts: FrameOptions,
): Fde {
  const eh = opts.section === ".eh_frame";
  const fde: Fde = {
    kind: "fde",
    section: opts.section,
    littleEndian: opts.littleEndian,
    offset: at,
    length,
    end,
    offsetSize,
    cieOffset,
    initialLocation: 0n,
    addressRange: 0n,
    instructions: new Uint8Array(0),
    instructionsOffset: end,
  };
  if (cie.segmentSelectorSize > 0) fde.segmentSelector = c.uN(cie.segmentSelectorSize, "segment selector");
  if (eh) {
    const enc = cie.fdeEncoding ?? DW_EH_PE.absptr;
    fde.initialLocation = readEncoded(c, enc, cie.addressSize, opts, "initial_location");
    // The range is a plain quantity of the same size: no pc-relative adjustment.
    fde.addressRange = readEncoded(c, enc & 0x0f, cie.addressSize, opts, "address_range");
  } else {
    fde.initialLocation = c.address(cie.addressSize, "initial_location");
    fde.addressRange = c.address(cie.addressSize, "address_range");
  }
  if (cie.augmentation.startsWith("z")) {
    const n = c.uleb("augmentation length");
    const dataAt = c.pos;
    const d = c.sub(n, "augmentation data");
    fde.augmentationData = c.bytes.subarray(dataAt, dataAt + n);
    if (cie.lsdaEncoding !== undefined && cie.lsdaEncoding !== DW_EH_PE.omit && n > 0) {
      fde.lsda = readEncoded(d, cie.lsdaEncoding, cie.addressSize, opts, "LSDA pointer");
    }
  }
  fde.instructionsOffset = c.pos;
  fde.instructions = c.bytes.subarray(c.pos, end);
  return fde;
}

/** A DW_EH_PE-encoded pointer. Indirect pointers are returned as the address of the slot. */
export function readEncoded(
  c: Cursor,
  enc: number,
  addressSize: number,
  opts: FrameOptions,
  what: string,
): bigint {
  if (enc === DW_EH_PE.omit) return 0n;
  const at = c.pos;
  let v: bigint;
  switch (enc & 0x0f) {
    case DW_EH_PE.absptr:
      v = c.address(addressSize, what);
      break;
    case DW_EH_PE.uleb128:
      v = c.ulebBig(what);
      break;
    case DW_EH_PE.udata2:
      v = BigInt(c.u16(what));
      break;
    case DW_EH_PE.udata4:
      v = BigInt(c.u32(what));
      break;
    case DW_EH_PE.udata8:
      v = c.u64(what);
      break;
    case DW_EH_PE.sleb128:
      v = c.slebBig(what);
      break;
    case DW_EH_PE.sdata2:
      v = BigInt(c.i16(what));
      break;
    case DW_EH_PE.sdata4:
      v = BigInt(c.i32(what));
      break;
    case DW_EH_PE.sdata8:
      v = c.i64(what);
      break;
    default:
      throw c.error(`unsupported pointer encoding 0x${enc.toString(16)} for ${what}`, at);
  }
  switch (enc & 0x70) {
    case 0:
      break;
    case DW_EH_PE.pcrel:
      v += (opts.sectionAddress ?? 0n) + BigInt(c.base + at);
      break;
    case DW_EH_PE.textrel:
      v += opts.textAddress ?? 0n;
      break;
    case DW_EH_PE.datarel:
      v += opts.dataAddress ?? 0n;
      break;
    default:
      // funcrel and aligned need context this reader does not have: keep the raw value.
      break;
  }
  return BigInt.asUintN(addressSize * 8 || 64, v);
}

// ---------------------------------------------------------------------------------------------
// CFA instructions

/** One decoded CFA instruction. Offsets are already multiplied by the alignment factors. */
export interface CfaOp {
  /** Offset of the opcode within the section. */
  offset: number;
  /** The opcode with any packed low-6-bit operand stripped (DW_CFA_advance_loc, not 0x41). */
  op: number;
  name: string;
  register?: number;
  register2?: number;
  /** A factored offset times data_alignment_factor, or def_cfa_offset's plain offset. */
  value?: number;
  /** Advances: the byte delta (factor applied); set_loc: the new address. */
  address?: bigint;
  expression?: Uint8Array;
  /** The operands as encoded, before the factors. */
  raw: (number | bigint)[];
}

export type CfaRule = { register: number; offset: number } | { expression: Uint8Array };

export type RegisterRule =
  | { kind: "undefined" }
  | { kind: "sameValue" }
  /** Saved at CFA + offset. */
  | { kind: "offset"; offset: number }
  /** The value is CFA + offset. */
  | { kind: "valOffset"; offset: number }
  | { kind: "register"; register: number }
  | { kind: "expression"; expression: Uint8Array }
  | { kind: "valExpression"; expression: Uint8Array };

/** One row of the CFA table: from `location` to the next row's (or the FDE's end). */
export interface CfaRow {
  location: bigint;
  cfa: CfaRule;
  /** Registers with a rule other than the default (absent means the CIE's default, unspecified). */
  registers: Map<number, RegisterRule>;
  /** DW_CFA_GNU_args_size, when set. */
  argsSize?: number;
}

/** Decode the instructions of a CIE (its initial instructions) or of an FDE. */
export function decodeCfaOps(entry: Cie | Fde, cie: Cie): CfaOp[] {
  const bytes = entry.kind === "cie" ? entry.initialInstructions : entry.instructions;
  const c = new Cursor(bytes, entry.section, entry.littleEndian, 0, bytes.length, entry.instructionsOffset);
  const out: CfaOp[] = [];
  const caf = BigInt(cie.codeAlignmentFactor);
  const daf = cie.dataAlignmentFactor;
  const opts: FrameOptions = {
    littleEndian: entry.littleEndian,
    addressSize: cie.addressSize,
    section: entry.section,
  };
  while (!c.atEnd()) {
    const at = c.pos;
    const b = c.u8("CFA opcode");
    const hi = b & 0xc0;
    const offset = c.base + at;
    if (hi !== 0) {
      const low = b & 0x3f;
      if (hi === DW_CFA.advance_loc) {
        out.push({ offset, op: hi, name: "DW_CFA_advance_loc", address: BigInt(low) * caf, raw: [low] });
      } else if (hi === DW_CFA.offset) {
        const n = c.uleb("DW_CFA_offset operand");
        out.push({ offset, op: hi, name: "DW_CFA_offset", register: low, value: n * daf, raw: [low, n] });
      } else {
        out.push({ offset, op: hi, name: "DW_CFA_restore", register: low, raw: [low] });
      }
      continue;
    }
    const name = cfaName(b);
    switch (b) {
      case DW_CFA.nop:
      case DW_CFA.remember_state:
      case DW_CFA.restore_state:
      case DW_CFA.GNU_window_save:
        out.push({ offset, op: b, name, raw: [] });
        break;
      case DW_CFA.set_loc: {
        const a =
          entry.section === ".eh_frame" && cie.fdeEncoding !== undefined
            ? readEncoded(c, cie.fdeEncoding, cie.addressSize, opts, "set_loc address")
            : c.address(cie.addressSize, "set_loc address");
        out.push({ offset, op: b, name, address: a, raw: [a] });
        break;
      }
      case DW_CFA.advance_loc1: {
        const d = c.u8(name);
        out.push({ offset, op: b, name, address: BigInt(d) * caf, raw: [d] });
        break;
      }
      case DW_CFA.advance_loc2: {
        const d = c.u16(name);
        out.push({ offset, op: b, name, address: BigInt(d) * caf, raw: [d] });
        break;
      }
      case DW_CFA.advance_loc4: {
        const d = c.u32(name);
        out.push({ offset, op: b, name, address: BigInt(d) * caf, raw: [d] });
        break;
      }
      case DW_CFA.offset_extended:
      case DW_CFA.val_offset: {
        const r = c.uleb(`${name} register`);
        const n = c.uleb(`${name} offset`);
        out.push({ offset, op: b, name, register: r, value: n * daf, raw: [r, n] });
        break;
      }
      case DW_CFA.offset_extended_sf:
      case DW_CFA.val_offset_sf:
      case DW_CFA.def_cfa_sf: {
        const r = c.uleb(`${name} register`);
        const n = c.sleb(`${name} offset`);
        out.push({ offset, op: b, name, register: r, value: n * daf, raw: [r, n] });
        break;
      }
      case DW_CFA.GNU_negative_offset_extended: {
        const r = c.uleb(`${name} register`);
        const n = c.uleb(`${name} offset`);
        out.push({ offset, op: b, name, register: r, value: -n * daf, raw: [r, n] });
        break;
      }
      case DW_CFA.def_cfa: {
        const r = c.uleb(`${name} register`);
        const n = c.uleb(`${name} offset`);
        out.push({ offset, op: b, name, register: r, value: n, raw: [r, n] });
        break;
      }
      case DW_CFA.restore_extended:
      case DW_CFA.undefined:
      case DW_CFA.same_value:
      case DW_CFA.def_cfa_register: {
        const r = c.uleb(`${name} register`);
        out.push({ offset, op: b, name, register: r, raw: [r] });
        break;
      }
      case DW_CFA.register: {
        const r = c.uleb(`${name} register`);
        const r2 = c.uleb(`${name} register`);
        out.push({ offset, op: b, name, register: r, register2: r2, raw: [r, r2] });
        break;
      }
      case DW_CFA.def_cfa_offset:
      case DW_CFA.GNU_args_size: {
        const n = c.uleb(`${name} operand`);
        out.push({ offset, op: b, name, value: n, raw: [n] });
        break;
      }
      case DW_CFA.def_cfa_offset_sf: {
        const n = c.sleb(`${name} operand`);
        out.push({ offset, op: b, name, value: n * daf, raw: [n] });
        break;
      }
      case DW_CFA.def_cfa_expression: {
        const n = c.uleb(`${name} length`);
        out.push({ offset, op: b, name, expression: c.bytesN(n, `${name} block`), raw: [n] });
        break;
      }
      case DW_CFA.expression:
      case DW_CFA.val_expression: {
        const r = c.uleb(`${name} register`);
        const n = c.uleb(`${name} length`);
        out.push({ offset, op: b, name, register: r, expression: c.bytesN(n, `${name} block`), raw: [r, n] });
        break;
      }
      default:
        // Operand layout unknown, so nothing after it can be decoded.
        throw c.error(`unknown CFA opcode 0x${b.toString(16)}`, at);
    }
  }
  return out;
}

/** A CIE's initial instructions are shared by all its FDEs: decode them once. */
const cieOpsCache = new WeakMap<Cie, CfaOp[]>();

interface CfaState {
  cfa: CfaRule;
  registers: Map<number, RegisterRule>;
}

/** The state a CIE's initial instructions leave, computed once for all its FDEs. */
interface CieState {
  cfa: CfaRule;
  registers: Map<number, RegisterRule>;
  stack: CfaState[];
  argsSize: number | undefined;
}
const cieStateCache = new WeakMap<Cie, CieState | { error: unknown }>();

/** The most DW_CFA_remember_state entries open at once. */
export const CFA_MAX_STATE_DEPTH = 256;
/** The most registers with a rule at once (real targets number well under 300 DWARF registers). */
export const CFA_MAX_REGISTERS = 1024;
/**
 * The CFA table of one FDE may hold at most this many register rules per byte of the FDE's
 * instructions, plus {@link CFA_TABLE_SLACK} (the CIE's initial instructions, run once for all its
 * FDEs, have a budget of their own): rows and remembered states together, so the tables of a
 * section are built in time and memory linear in the section. Rows that change no rule share
 * their register map and cost one.
 */
export const CFA_RULES_PER_BYTE = 16;
export const CFA_TABLE_SLACK = 4096;

/**
 * Run the CIE's initial instructions, then the FDE's, to the rows of the CFA table (DWARF 5
 * section 6.4.3). A row is closed each time the location advances; an advance by zero replaces
 * the row at that location, and rows at or past the FDE's end are dropped (keeping at least one).
 * remember_state saves the CFA rule with the register rules, as GCC's and LLVM's unwinders do.
 *
 * Work is bounded by the program (see {@link CFA_RULES_PER_BYTE}): at most one row per advance
 * op, {@link CFA_MAX_STATE_DEPTH} remembered states, {@link CFA_MAX_REGISTERS} registers with
 * rules; beyond, a FormatError. A CIE's initial instructions may not move the location.
 */
export function evaluateCfa(fde: Fde, cie: Cie): CfaRow[] {
  const start = fde.initialLocation;
  const end = start + fde.addressRange;
  const rows: CfaRow[] = [];
  let loc = start;
  let cfa: CfaRule = { register: 0, offset: 0 };
  let regs = new Map<number, RegisterRule>();
  let argsSize: number | undefined;
  let initial = new Map<number, RegisterRule>();
  let stack: CfaState[] = [];
  // The CIE's run and the FDE's each have their own budget, from their own bytes.
  let budget = CFA_RULES_PER_BYTE * cie.initialInstructions.length + CFA_TABLE_SLACK;
  let budgetBytes = cie.initialInstructions.length;
  let work = 0;
  /** The register map of the last row, while no rule has changed since (rows then share it). */
  let snapshot: Map<number, RegisterRule> | undefined;

  const charge = (n: number, entry: Cie | Fde, at: number): void => {
    work += n;
    if (work > budget)
      throw new FormatError(
        entry.section,
        at,
        `the CFA table would hold more than ${budget} register rules (${CFA_RULES_PER_BYTE} per byte of ${budgetBytes} bytes of instructions, plus ${CFA_TABLE_SLACK}): not built`,
      );
  };
  const setReg = (r: number, rule: RegisterRule, entry: Cie | Fde, at: number): void => {
    if (!regs.has(r) && regs.size >= CFA_MAX_REGISTERS)
      throw new FormatError(
        entry.section,
        at,
        `more than ${CFA_MAX_REGISTERS} registers with rules at once (register ${r})`,
      );
    regs.set(r, rule);
    snapshot = undefined;
  };

  const closeRow = (entry: Cie | Fde, at: number): void => {
    if (snapshot === undefined) {
      charge(regs.size + 1, entry, at);
      snapshot = new Map(regs);
    } else charge(1, entry, at);
    const row: CfaRow = { location: loc, cfa, registers: snapshot };
    if (argsSize !== undefined) row.argsSize = argsSize;
    const last = rows[rows.length - 1];
    if (last !== undefined && last.location === loc) rows[rows.length - 1] = row;
    else rows.push(row);
  };

  const run = (ops: CfaOp[], entry: Cie | Fde): void => {
    for (const o of ops) {
      switch (o.op) {
        case DW_CFA.advance_loc:
        case DW_CFA.advance_loc1:
        case DW_CFA.advance_loc2:
        case DW_CFA.advance_loc4:
          if (entry.kind === "cie")
            throw new FormatError(entry.section, o.offset, `${o.name} in a CIE's initial instructions`);
          closeRow(entry, o.offset);
          loc += o.address!;
          break;
        case DW_CFA.set_loc:
          if (entry.kind === "cie")
            throw new FormatError(entry.section, o.offset, `${o.name} in a CIE's initial instructions`);
          closeRow(entry, o.offset);
          if (o.address! < loc) {
            throw new FormatError(
              entry.section,
              o.offset,
              `DW_CFA_set_loc moves the location backwards to 0x${o.address!.toString(16)}`,
            );
          }
          loc = o.address!;
          break;
        case DW_CFA.def_cfa:
        case DW_CFA.def_cfa_sf:
          cfa = { register: o.register!, offset: o.value! };
          break;
        case DW_CFA.def_cfa_register:
          if (!("register" in cfa)) {
            throw new FormatError(
              entry.section,
              o.offset,
              "DW_CFA_def_cfa_register while the CFA is an expression",
            );
          }
          cfa = { register: o.register!, offset: cfa.offset };
          break;
        case DW_CFA.def_cfa_offset:
        case DW_CFA.def_cfa_offset_sf:
          if (!("register" in cfa)) {
            throw new FormatError(entry.section, o.offset, `${o.name} while the CFA is an expression`);
          }
          cfa = { register: cfa.register, offset: o.value! };
          break;
        case DW_CFA.def_cfa_expression:
          cfa = { expression: o.expression! };
          break;
        case DW_CFA.undefined:
          setReg(o.register!, { kind: "undefined" }, entry, o.offset);
          break;
        case DW_CFA.same_value:
          setReg(o.register!, { kind: "sameValue" }, entry, o.offset);
          break;
        case DW_CFA.offset:
        case DW_CFA.offset_extended:
        case DW_CFA.offset_extended_sf:
        case DW_CFA.GNU_negative_offset_extended:
          setReg(o.register!, { kind: "offset", offset: o.value! }, entry, o.offset);
          break;
        case DW_CFA.val_offset:
        case DW_CFA.val_offset_sf:
          setReg(o.register!, { kind: "valOffset", offset: o.value! }, entry, o.offset);
          break;
        case DW_CFA.register:
          setReg(o.register!, { kind: "register", register: o.register2! }, entry, o.offset);
          break;
        case DW_CFA.expression:
          setReg(o.register!, { kind: "expression", expression: o.expression! }, entry, o.offset);
          break;
        case DW_CFA.val_expression:
          setReg(o.register!, { kind: "valExpression", expression: o.expression! }, entry, o.offset);
          break;
        case DW_CFA.restore:
        case DW_CFA.restore_extended: {
          if (entry.kind === "cie") {
            throw new FormatError(entry.section, o.offset, `${o.name} in a CIE's initial instructions`);
          }
          const r = initial.get(o.register!);
          if (r === undefined) {
            if (regs.delete(o.register!)) snapshot = undefined;
          } else setReg(o.register!, r, entry, o.offset);
          break;
        }
        case DW_CFA.remember_state:
          if (stack.length >= CFA_MAX_STATE_DEPTH)
            throw new FormatError(
              entry.section,
              o.offset,
              `DW_CFA_remember_state nested more than ${CFA_MAX_STATE_DEPTH} deep`,
            );
          charge(regs.size + 1, entry, o.offset);
          stack.push({ cfa, registers: new Map(regs) });
          break;
        case DW_CFA.restore_state: {
          const s = stack.pop();
          if (s === undefined)
            throw new FormatError(entry.section, o.offset, "DW_CFA_restore_state with no remembered state");
          cfa = s.cfa;
          regs = s.registers;
          snapshot = undefined;
          break;
        }
        case DW_CFA.GNU_args_size:
          argsSize = o.value!;
          break;
        default:
          // nop, and GNU_window_save (SPARC register windows / AArch64 negate_ra_state), which
          // change no rule this table models.
          break;
      }
    }
  };

  let cs = cieStateCache.get(cie);
  if (cs === undefined) {
    try {
      let cieOps = cieOpsCache.get(cie);
      if (cieOps === undefined) {
        cieOps = decodeCfaOps(cie, cie);
        cieOpsCache.set(cie, cieOps);
      }
      run(cieOps, cie);
    } catch (e) {
      // Every FDE of a bad CIE fails the same way, without running it again.
      cieStateCache.set(cie, { error: e });
      throw e;
    }
    cs = {
      cfa,
      registers: new Map(regs),
      stack: stack.map((x) => ({ cfa: x.cfa, registers: new Map(x.registers) })),
      argsSize,
    };
    cieStateCache.set(cie, cs);
  } else if ("error" in cs) {
    throw cs.error;
  } else {
    cfa = cs.cfa;
    regs = new Map(cs.registers);
    stack = cs.stack.map((x) => ({ cfa: x.cfa, registers: new Map(x.registers) }));
    argsSize = cs.argsSize;
  }
  budget = CFA_RULES_PER_BYTE * fde.instructions.length + CFA_TABLE_SLACK;
  budgetBytes = fde.instructions.length;
  work = 0;
  charge(regs.size, fde, fde.instructionsOffset);
  snapshot = undefined;
  initial = new Map(regs);
  run(decodeCfaOps(fde, cie), fde);
  closeRow(fde, fde.instructionsOffset + fde.instructions.length);
  while (rows.length > 1 && rows[rows.length - 1]!.location >= end) rows.pop();
  return rows;
}

/** Register name for the dump: `r16`, or the caller's names (e.g. amd64's "rip"). */
function reg(r: number, names?: (r: number) => string | undefined): string {
  const n = names?.(r);
  return n === undefined ? `r${r}` : `r${r} (${n})`;
}

function hexBytes(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += `${x.toString(16).padStart(2, "0")} `;
  return s.trimEnd();
}

/**
 * Disassemble a CIE's or FDE's instructions, one line per instruction in readelf --debug-dump=
 * frames style ("DW_CFA_def_cfa: r7 ofs 8", "DW_CFA_offset: r16 at cfa-8"). Locations of advances
 * are absolute when an FDE is given.
 */
export function formatCfaOps(
  entry: Cie | Fde,
  cie: Cie,
  regName?: (r: number) => string | undefined,
): string[] {
  const out: string[] = [];
  let loc = entry.kind === "fde" ? entry.initialLocation : 0n;
  const signed = (v: number): string => (v < 0 ? `${v}` : `+${v}`);
  for (const o of decodeCfaOps(entry, cie)) {
    let text: string;
    switch (o.op) {
      case DW_CFA.advance_loc:
      case DW_CFA.advance_loc1:
      case DW_CFA.advance_loc2:
      case DW_CFA.advance_loc4:
        loc += o.address!;
        text = `${o.name}: ${o.address} to ${loc.toString(16).padStart(16, "0")}`;
        break;
      case DW_CFA.set_loc:
        loc = o.address!;
        text = `${o.name}: ${loc.toString(16).padStart(16, "0")}`;
        break;
      case DW_CFA.def_cfa:
      case DW_CFA.def_cfa_sf:
        text = `${o.name}: ${reg(o.register!, regName)} ofs ${o.value}`;
        break;
      case DW_CFA.def_cfa_register:
        text = `${o.name}: ${reg(o.register!, regName)}`;
        break;
      case DW_CFA.def_cfa_offset:
      case DW_CFA.def_cfa_offset_sf:
        text = `${o.name}: ${o.value}`;
        break;
      case DW_CFA.offset:
      case DW_CFA.offset_extended:
      case DW_CFA.offset_extended_sf:
      case DW_CFA.GNU_negative_offset_extended:
        text = `${o.name}: ${reg(o.register!, regName)} at cfa${signed(o.value!)}`;
        break;
      case DW_CFA.val_offset:
      case DW_CFA.val_offset_sf:
        text = `${o.name}: ${reg(o.register!, regName)} is cfa${signed(o.value!)}`;
        break;
      case DW_CFA.register:
        text = `${o.name}: ${reg(o.register!, regName)} in ${reg(o.register2!, regName)}`;
        break;
      case DW_CFA.restore:
      case DW_CFA.restore_extended:
      case DW_CFA.undefined:
      case DW_CFA.same_value:
        text = `${o.name}: ${reg(o.register!, regName)}`;
        break;
      case DW_CFA.def_cfa_expression:
        text = `${o.name} (${hexBytes(o.expression!)})`;
        break;
      case DW_CFA.expression:
      case DW_CFA.val_expression:
        text = `${o.name}: ${reg(o.register!, regName)} (${hexBytes(o.expression!)})`;
        break;
      case DW_CFA.GNU_args_size:
        text = `${o.name}: ${o.value}`;
        break;
      default:
        text = o.name;
        break;
    }
    out.push(text);
  }
  return out;
}

/** A rule as text, readelf --debug-dump=frames-interp style ("c-8", "u", "s", "r6", "exp"). */
export function formatRegisterRule(r: RegisterRule): string {
  switch (r.kind) {
    case "undefined":
      return "u";
    case "sameValue":
      return "s";
    case "offset":
      return `c${r.offset < 0 ? r.offset : `+${r.offset}`}`;
    case "valOffset":
      return `v${r.offset < 0 ? r.offset : `+${r.offset}`}`;
    case "register":
      return `r${r.register}`;
    case "expression":
      return "exp";
    case "valExpression":
      return "vexp";
  }
}
