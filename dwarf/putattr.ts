/**
 * Attribute writers: LEB128 into a symbol, one attribute value in a given form, a whole DIE's
 * attributes in abbrev order, and the two one-DIE writers for globals and integer constants.
 * Models cmd/internal/dwarf/dwarf.go (Uleb128put, Sleb128put, putattr, PutAttrs, HasChildren,
 * PutIntConst, PutGlobal), Go 1.26.
 */
import { abbrevs, DW_ABRV } from "./abbrev.js";
import { attrName, DW_CLS, DW_FORM, DW_OP } from "./constants.js";
import type { Context, DWAttr, DWDie, Sym } from "./context.js";
import { appendSleb128, appendUleb128 } from "./leb128.js";

/** dwarf.go, sevenbits: one-byte encodings, shared so the common case allocates nothing. */
const sevenbits: readonly Uint8Array[] = Array.from({ length: 128 }, (_, i) => Uint8Array.of(i));
/** Reused by the slow paths; Context.addBytes copies, so sharing it is safe. */
const encbuf: number[] = [];

/** dwarf.go, Uleb128put: append v as unsigned LEB128 (a negative v as its 64-bit pattern, like Go). */
export function Uleb128put(ctxt: Context, s: Sym, v: number): void {
  if (v >= 0 && v < 128) {
    ctxt.addBytes(s, sevenbits[v]!);
    return;
  }
  encbuf.length = 0;
  appendUleb128(encbuf, v < 0 ? BigInt.asUintN(64, BigInt(v)) : v);
  ctxt.addBytes(s, encbuf);
}

/** dwarf.go, Sleb128put: append v as signed LEB128. */
export function Sleb128put(ctxt: Context, s: Sym, v: number): void {
  if (v >= -64 && v < 64) {
    ctxt.addBytes(s, sevenbits[v & 0x7f]!);
    return;
  }
  encbuf.length = 0;
  appendSleb128(encbuf, v);
  ctxt.addBytes(s, encbuf);
}

const utf8 = new TextEncoder();

/** `data.([]byte)[:value]`: Go panics when the block is shorter than its stated length. */
function blockBytes(data: unknown, value: number): ArrayLike<number> {
  const b = data as Uint8Array | readonly number[];
  if (b == null || typeof b.length !== "number" || value > b.length) {
    throw new RangeError(`dwarf: block of length ${value} but ${b == null ? "no" : b.length} bytes of data`);
  }
  return value === b.length ? b : b.slice(0, value);
}

/**
 * dwarf.go, putattr: write one attribute value in `form`; `cls` refines what some forms mean.
 * Returns an Error, writing nothing, for a nil reference or an unsupported form; Go's callers
 * ignore that error almost everywhere, and so do the callers here.
 */
export function putattr(
  ctxt: Context,
  s: Sym,
  abbrev: number,
  form: number,
  cls: number,
  value: number,
  data: unknown,
): Error | undefined {
  switch (form) {
    case DW_FORM.addr:
      // A nil address is allowed, for DW_AT_go_runtime_type.
      if (data == null && value === 0) {
        ctxt.addInt(s, ctxt.ptrSize(), 0);
        break;
      }
      if (cls === DW_CLS.GO_TYPEREF) {
        ctxt.addSectionOffset(s, ctxt.ptrSize(), data, value);
        break;
      }
      ctxt.addAddress(s, data, value);
      break;

    case DW_FORM.block1:
      if (cls === DW_CLS.ADDRESS) {
        // A location that is the address of `data`: DW_OP_addr <address>.
        ctxt.addInt(s, 1, 1 + ctxt.ptrSize());
        ctxt.addInt(s, 1, DW_OP.addr);
        ctxt.addAddress(s, data, 0);
        break;
      }
      value &= 0xff;
      ctxt.addInt(s, 1, value);
      ctxt.addBytes(s, blockBytes(data, value));
      break;

    case DW_FORM.block2:
      value &= 0xffff;
      ctxt.addInt(s, 2, value);
      ctxt.addBytes(s, blockBytes(data, value));
      break;

    case DW_FORM.block4:
      value = value >>> 0;
      ctxt.addInt(s, 4, value);
      ctxt.addBytes(s, blockBytes(data, value));
      break;

    case DW_FORM.block:
      Uleb128put(ctxt, s, value);
      ctxt.addBytes(s, blockBytes(data, value));
      break;

    case DW_FORM.data1:
      ctxt.addInt(s, 1, value);
      break;

    case DW_FORM.data2:
      ctxt.addInt(s, 2, value);
      break;

    case DW_FORM.data4:
      // DW_AT_stmt_list and DW_AT_ranges as DWARF 2 wrote them: a section offset.
      if (cls === DW_CLS.PTR) {
        ctxt.addDWARFAddrSectionOffset(s, data, value);
        break;
      }
      ctxt.addInt(s, 4, value);
      break;

    case DW_FORM.data8:
      ctxt.addInt(s, 8, value);
      break;

    case DW_FORM.sdata:
      Sleb128put(ctxt, s, value);
      break;

    case DW_FORM.udata:
      Uleb128put(ctxt, s, value);
      break;

    case DW_FORM.string: {
      const str = data as string;
      ctxt.addString(s, str);
      // Go pads to `value` bytes when the string is shorter; no caller asks for it.
      if (value > str.length) {
        for (let i = utf8.encode(str).length; i < value; i++) ctxt.addInt(s, 1, 0);
      }
      break;
    }

    case DW_FORM.flag:
      ctxt.addInt(s, 1, value !== 0 ? 1 : 0);
      break;

    // ref_addr is 4 bytes since DWARF 3 (8 in 64-bit DWARF), like a section offset.
    case DW_FORM.ref_addr:
    case DW_FORM.sec_offset:
      if (data == null) return new Error(`dwarf: null reference in ${abbrev}`);
      ctxt.addDWARFAddrSectionOffset(s, data, value);
      break;

    case DW_FORM.addrx:
      ctxt.addIndirectTextRef(s, data);
      break;

    default:
      // Including ref1..ref8, ref_udata, strp and indirect, which Go never emits.
      return new Error(`dwarf: unsupported attribute form ${form} / class ${cls}`);
  }
  return undefined;
}

/**
 * dwarf.go, PutAttrs: write a DIE's attributes in the order its abbrev lists them. Attributes the
 * abbrev does not list are skipped; listed ones missing from the DIE are written as 0 / nil.
 */
export function PutAttrs(ctxt: Context, s: Sym, abbrev: number, attr: DWAttr | undefined): void {
  const table = abbrevs(ctxt.buildcfg);
  outer: for (const f of table[abbrev]!.attr) {
    for (let ap = attr; ap !== undefined; ap = ap.link) {
      if (ap.atr === f.attr) {
        ctxt.mark?.(s, `PutAttrs ${attrName(f.attr)}`);
        putattr(ctxt, s, abbrev, f.form, ap.cls, ap.value, ap.data);
        continue outer;
      }
    }
    ctxt.mark?.(s, `PutAttrs ${attrName(f.attr)} (absent)`);
    putattr(ctxt, s, abbrev, f.form, 0, 0, undefined);
  }
}

/** dwarf.go, HasChildren: whether the DIE's abbrev has children (the same in every mode). */
export function HasChildren(die: DWDie): boolean {
  return abbrevs({ dwarf5: false })[die.abbrev]!.children !== 0;
}

/**
 * dwarf.go, PutIntConst: a DW_TAG_constant DIE for an integer constant. Go's value is an int64;
 * pass a bigint for one beyond 2^53.
 */
export function PutIntConst(ctxt: Context, info: Sym, typ: Sym, name: string, val: number | bigint): void {
  const abbrev = DW_ABRV.INT_CONSTANT;
  ctxt.mark?.(info, "PutIntConst abbrev");
  Uleb128put(ctxt, info, abbrev);
  ctxt.mark?.(info, "PutIntConst DW_AT_name");
  putattr(ctxt, info, abbrev, DW_FORM.string, DW_CLS.STRING, name.length, name);
  ctxt.mark?.(info, "PutIntConst DW_AT_type");
  putattr(ctxt, info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, typ);
  ctxt.mark?.(info, "PutIntConst DW_AT_const_value");
  if (typeof val === "bigint") ctxt.addBytes(info, appendSleb128([], BigInt.asIntN(64, val)));
  else putattr(ctxt, info, abbrev, DW_FORM.sdata, DW_CLS.CONSTANT, val, undefined);
}

/** dwarf.go, PutGlobal: a DW_TAG_variable DIE for a global, located at DW_OP_addr gvar. */
export function PutGlobal(ctxt: Context, info: Sym, typ: Sym, gvar: Sym, name: string): void {
  const abbrev = DW_ABRV.VARIABLE;
  ctxt.mark?.(info, "PutGlobal abbrev");
  Uleb128put(ctxt, info, abbrev);
  ctxt.mark?.(info, "PutGlobal DW_AT_name");
  putattr(ctxt, info, abbrev, DW_FORM.string, DW_CLS.STRING, name.length, name);
  ctxt.mark?.(info, "PutGlobal DW_AT_location");
  putattr(ctxt, info, abbrev, DW_FORM.block1, DW_CLS.ADDRESS, 0, gvar);
  ctxt.mark?.(info, "PutGlobal DW_AT_type");
  putattr(ctxt, info, abbrev, DW_FORM.ref_addr, DW_CLS.REFERENCE, 0, typ);
  ctxt.mark?.(info, "PutGlobal DW_AT_external");
  putattr(ctxt, info, abbrev, DW_FORM.flag, DW_CLS.FLAG, 1, undefined);
}
