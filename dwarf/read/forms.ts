/**
 * Attribute value decoding, one form at a time. Models the form switch of debug/dwarf/entry.go,
 * (*buf).entry, widened to every form GCC and Clang emit (DWARF 5 section 7.5.6, plus the GNU split
 * DWARF and LLVM forms). Indexed forms (addrx*, strx*, GNU_*_index) are resolved through the
 * callbacks of a {@link FormContext} so the caller decides where the bases come from.
 */
import { DW_FORM, formName } from "../constants.js";
import type { Cursor } from "./cursor.js";
import type { AttrValue } from "./model.js";
import type { AttrSpec } from "./abbrev.js";

export interface FormContext {
  version: number;
  offsetSize: 4 | 8;
  addressSize: number;
  /** Offset of the unit header (unit-relative references are added to it). */
  unitOffset: number;
  /** One past the unit's last byte. */
  unitEnd: number;
  /** Size of the section holding the units, to range-check DW_FORM_ref_addr. */
  infoSize: number;
  /** Resolves an address index (addrx, GNU_addr_index) to an address. */
  addrx(index: number, at: number): bigint;
  /** Resolves a string index (strx, GNU_str_index) to the string and its .debug_str offset. */
  strx(index: number, at: number): { value: string; offset: number };
  /** A string at an offset of .debug_str (strp). */
  strp(offset: number, at: number): string;
  /** A string at an offset of .debug_line_str (line_strp). */
  lineStrp(offset: number, at: number): string;
}

/**
 * Decode one attribute value of `spec` at the cursor. DW_FORM_indirect is followed (the returned
 * form is the one actually used). Throws FormatError for unknown forms, out-of-range references
 * and truncated data.
 */
export function readAttrValue(
  c: Cursor,
  spec: AttrSpec,
  ctx: FormContext,
): { form: number; value: AttrValue } {
  let form = spec.form;
  if (form === DW_FORM.indirect) {
    // Each turn reads at least one byte, so a chain of indirect forms cannot loop forever.
    do form = c.uleb("DW_FORM_indirect form");
    while (form === DW_FORM.indirect);
    if (form === DW_FORM.implicit_const) throw c.error("DW_FORM_indirect names DW_FORM_implicit_const");
  }
  if (form === DW_FORM.implicit_const) {
    return { form, value: { kind: "constant", value: spec.implicitConst ?? 0n, signed: true } };
  }
  return { form, value: readFormValue(c, form, ctx) };
}

/** Decode a value of a (non-indirect, non-implicit_const) form at the cursor. */
export function readFormValue(c: Cursor, form: number, ctx: FormContext): AttrValue {
  const at = c.pos;
  switch (form) {
    case DW_FORM.addr:
      return { kind: "address", value: c.address(ctx.addressSize) };
    case DW_FORM.addrx:
    case DW_FORM.GNU_addr_index:
      return addrx(c.uleb("address index"), at, ctx);
    case DW_FORM.addrx1:
      return addrx(c.u8("address index"), at, ctx);
    case DW_FORM.addrx2:
      return addrx(c.u16("address index"), at, ctx);
    case DW_FORM.addrx3:
      return addrx(c.u24("address index"), at, ctx);
    case DW_FORM.addrx4:
      return addrx(c.u32("address index"), at, ctx);
    case DW_FORM.LLVM_addrx_offset: {
      // LLVM writes a ULEB128 index then a 4-byte offset (DWARFFormValue::extractValue).
      const index = c.uleb("address index");
      const off = BigInt(c.u32("address offset"));
      const base = ctx.addrx(index, at);
      return { kind: "address", value: BigInt.asUintN(ctx.addressSize * 8, base + off), index };
    }

    case DW_FORM.block1:
      return { kind: "block", bytes: c.bytesN(c.u8("block length"), "block") };
    case DW_FORM.block2:
      return { kind: "block", bytes: c.bytesN(c.u16("block length"), "block") };
    case DW_FORM.block4:
      return { kind: "block", bytes: c.bytesN(c.u32("block length"), "block") };
    case DW_FORM.block:
    case DW_FORM.exprloc:
      return { kind: "block", bytes: c.bytesN(c.uleb("block length"), "block") };

    case DW_FORM.data1:
      return { kind: "constant", value: BigInt(c.u8("data1")), signed: false };
    case DW_FORM.data2:
      return { kind: "constant", value: BigInt(c.u16("data2")), signed: false };
    case DW_FORM.data4:
      return { kind: "constant", value: BigInt(c.u32("data4")), signed: false };
    case DW_FORM.data8:
      return { kind: "constant", value: c.u64("data8"), signed: false };
    case DW_FORM.data16:
      return { kind: "data16", bytes: c.bytesN(16, "data16") };
    case DW_FORM.udata:
      return { kind: "constant", value: c.ulebBig("udata"), signed: false };
    case DW_FORM.sdata:
      return { kind: "constant", value: c.slebBig("sdata"), signed: true };

    case DW_FORM.flag:
      return { kind: "flag", value: c.u8("flag") !== 0 };
    case DW_FORM.flag_present:
      return { kind: "flag", value: true };

    case DW_FORM.ref1:
      return localRef(c.u8("ref1"), at, c, ctx);
    case DW_FORM.ref2:
      return localRef(c.u16("ref2"), at, c, ctx);
    case DW_FORM.ref4:
      return localRef(c.u32("ref4"), at, c, ctx);
    case DW_FORM.ref8:
      return localRef(c.u64n("ref8"), at, c, ctx);
    case DW_FORM.ref_udata:
      return localRef(c.uleb("ref_udata"), at, c, ctx);
    case DW_FORM.ref_addr: {
      // DWARF 2 wrote ref_addr with the address size; later versions with the offset size.
      const off = ctx.version <= 2 ? toNumber(c.address(ctx.addressSize), c, at) : c.offset(ctx.offsetSize);
      if (off >= ctx.infoSize)
        throw c.error(`DW_FORM_ref_addr 0x${off.toString(16)} is outside the section`, at);
      return { kind: "reference", offset: off };
    }
    case DW_FORM.ref_sig8:
      return { kind: "signature", value: c.u64("ref_sig8") };

    case DW_FORM.string:
      return { kind: "string", value: c.cstring() };
    case DW_FORM.strp: {
      const offset = c.offset(ctx.offsetSize, "strp");
      return { kind: "string", value: ctx.strp(offset, at), offset };
    }
    case DW_FORM.line_strp: {
      const offset = c.offset(ctx.offsetSize, "line_strp");
      return { kind: "string", value: ctx.lineStrp(offset, at), offset };
    }
    case DW_FORM.strx:
    case DW_FORM.GNU_str_index:
      return strx(c.uleb("string index"), at, ctx);
    case DW_FORM.strx1:
      return strx(c.u8("string index"), at, ctx);
    case DW_FORM.strx2:
      return strx(c.u16("string index"), at, ctx);
    case DW_FORM.strx3:
      return strx(c.u24("string index"), at, ctx);
    case DW_FORM.strx4:
      return strx(c.u32("string index"), at, ctx);

    // Offsets into other sections or into a supplementary / alternate (dwz) file: kept as offsets.
    case DW_FORM.sec_offset:
    case DW_FORM.strp_sup:
    case DW_FORM.ref_sup4:
    case DW_FORM.ref_sup8:
    case DW_FORM.GNU_ref_alt:
    case DW_FORM.GNU_strp_alt: {
      const size = form === DW_FORM.ref_sup4 ? 4 : form === DW_FORM.ref_sup8 ? 8 : ctx.offsetSize;
      return { kind: "secOffset", value: c.offset(size, formName(form)) };
    }

    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
      return { kind: "listIndex", value: c.uleb("list index") };

    default:
      throw c.error(`unknown attribute form 0x${form.toString(16)}`, at);
  }
}

function addrx(index: number, at: number, ctx: FormContext): AttrValue {
  return { kind: "address", value: ctx.addrx(index, at), index };
}

function strx(index: number, at: number, ctx: FormContext): AttrValue {
  const s = ctx.strx(index, at);
  return { kind: "string", value: s.value, offset: s.offset, index };
}

function localRef(v: number, at: number, c: Cursor, ctx: FormContext): AttrValue {
  if (v >= ctx.unitEnd - ctx.unitOffset) {
    throw c.error(
      `reference 0x${v.toString(16)} is outside its unit (size 0x${(ctx.unitEnd - ctx.unitOffset).toString(16)})`,
      at,
    );
  }
  return { kind: "reference", offset: ctx.unitOffset + v };
}

function toNumber(v: bigint, c: Cursor, at: number): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw c.error(`offset 0x${v.toString(16)} is too large`, at);
  return Number(v);
}

/**
 * The fixed size in bytes of a form's value, or undefined when it is variable (LEB128, blocks,
 * strings) or needs the abbrev (implicit_const is 0). Useful to skip attributes quickly.
 */
export function fixedFormSize(
  form: number,
  ctx: Pick<FormContext, "version" | "offsetSize" | "addressSize">,
): number | undefined {
  switch (form) {
    case DW_FORM.flag_present:
    case DW_FORM.implicit_const:
      return 0;
    case DW_FORM.data1:
    case DW_FORM.ref1:
    case DW_FORM.flag:
    case DW_FORM.strx1:
    case DW_FORM.addrx1:
      return 1;
    case DW_FORM.data2:
    case DW_FORM.ref2:
    case DW_FORM.strx2:
    case DW_FORM.addrx2:
      return 2;
    case DW_FORM.strx3:
    case DW_FORM.addrx3:
      return 3;
    case DW_FORM.data4:
    case DW_FORM.ref4:
    case DW_FORM.strx4:
    case DW_FORM.addrx4:
    case DW_FORM.ref_sup4:
      return 4;
    case DW_FORM.data8:
    case DW_FORM.ref8:
    case DW_FORM.ref_sig8:
    case DW_FORM.ref_sup8:
      return 8;
    case DW_FORM.data16:
      return 16;
    case DW_FORM.addr:
      return ctx.addressSize;
    case DW_FORM.ref_addr:
      return ctx.version <= 2 ? ctx.addressSize : ctx.offsetSize;
    case DW_FORM.strp:
    case DW_FORM.line_strp:
    case DW_FORM.sec_offset:
    case DW_FORM.strp_sup:
    case DW_FORM.GNU_ref_alt:
    case DW_FORM.GNU_strp_alt:
      return ctx.offsetSize;
    default:
      return undefined;
  }
}
