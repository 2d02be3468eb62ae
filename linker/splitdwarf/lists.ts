/**
 * DWARF 5 range and location lists for the split layout: the bytes of one list (entries up to its
 * end-of-list), and a list section (one header, an offset table, the lists) as a .dwo holds it, where
 * units name lists by index (DW_FORM_rnglistx, DW_FORM_loclistx; DWARF 5 sections 7.28-7.29).
 * Entries are copied unchanged: Go's lists use DW_LLE/DW_RLE_base_addressx and offset pairs, whose
 * address indexes resolve through the skeleton's DW_AT_addr_base, as the combined unit's did.
 */
import { appendUleb128 } from "../../dwarf/leb128.js";
import { Cursor } from "../../dwarf/read/cursor.js";

export type ListKind = "rnglists" | "loclists";

/** The bytes of the list at `offset` of `sec` (up to and with its end-of-list entry). */
export function listBytes(sec: Uint8Array, kind: ListKind, offset: number, addressSize: number): Uint8Array {
  const c = new Cursor(sec, `.debug_${kind}`, true, offset);
  for (;;) {
    const at = c.pos;
    const op = c.u8("list entry kind");
    if (op === 0) return sec.subarray(offset, c.pos);
    const loc = kind === "loclists";
    // DW_LLE_* and DW_RLE_* agree up to 4 (base_addressx, startx_endx, startx_length, offset_pair).
    switch (op) {
      case 1:
        c.uleb();
        continue;
      case 2:
      case 3:
      case 4:
        c.uleb();
        c.uleb();
        break;
      default:
        if (loc && op === 5) break; // default_location
        if ((loc && op === 6) || (!loc && op === 5)) {
          c.skip(addressSize); // base_address
          continue;
        }
        if ((loc && op === 7) || (!loc && op === 6)) c.skip(2 * addressSize);
        else if ((loc && op === 8) || (!loc && op === 7)) {
          c.skip(addressSize);
          c.uleb();
        } else throw c.error(`unknown list entry kind 0x${op.toString(16)}`, at);
    }
    if (loc) c.skip(c.uleb("location description length"), "location description");
  }
}

/**
 * The location list at `offset` of .debug_loclists with every DW_LLE_offset_pair written as
 * DW_LLE_start_length (0x08) from its base address (DW_LLE_base_addressx through `addrx`, or
 * DW_LLE_base_address), and the base entries dropped; every other entry is copied. Why: gdb (13
 * and later, dwarf2/loc.c dwarf2_find_location_expression) adds no base address to an offset pair
 * read from a .dwo, although its own comment and DWARF 5 section 2.6.2 say it must, so Go's lists
 * would put every variable at addresses near 0. start_length is read as an address by every reader.
 */
export function dwoLocList(sec: Uint8Array, offset: number, addrx: (index: number) => bigint): Uint8Array {
  const c = new Cursor(sec, ".debug_loclists", true, offset);
  const out: number[] = [];
  let base = 0n;
  const expr = () => {
    const at = c.pos;
    const n = c.uleb("location description length");
    c.skip(n, "location description");
    out.push(...sec.subarray(at, c.pos));
  };
  for (;;) {
    const at = c.pos;
    const op = c.u8("list entry kind");
    switch (op) {
      case 0:
        out.push(0);
        return new Uint8Array(out);
      case 1:
        base = addrx(c.uleb("address index"));
        continue;
      case 6:
        base = c.address(8);
        continue;
      case 4: {
        const lo = c.ulebBig();
        const hi = c.ulebBig();
        const start = new Uint8Array(8);
        new DataView(start.buffer).setBigUint64(0, BigInt.asUintN(64, base + lo), true);
        out.push(8, ...start);
        appendUleb128(out, hi - lo);
        expr();
        continue;
      }
      default:
        if (op === 2 || op === 3) {
          c.uleb();
          c.uleb();
        } else if (op === 7) c.skip(16);
        else if (op === 8) {
          c.skip(8);
          c.uleb();
        } else if (op !== 5) throw c.error(`unknown list entry kind 0x${op.toString(16)}`, at);
        c.skip(c.uleb("location description length"), "location description");
        out.push(...sec.subarray(at, c.pos));
    }
  }
}

/** A list section of one header: the offset table (`lists.length` entries) then the lists. */
export function listSection(
  lists: readonly Uint8Array[],
  addressSize: number,
  offsetTable: boolean,
): Uint8Array {
  const table = offsetTable ? 4 * lists.length : 0;
  const body = lists.reduce((n, l) => n + l.length, 0);
  const out = new Uint8Array(12 + table + body);
  const v = new DataView(out.buffer);
  v.setUint32(0, 8 + table + body, true);
  v.setUint16(4, 5, true);
  out[6] = addressSize;
  out[7] = 0;
  v.setUint32(8, offsetTable ? lists.length : 0, true);
  let at = 12 + table;
  lists.forEach((l, i) => {
    if (offsetTable) v.setUint32(12 + 4 * i, at - 12, true);
    out.set(l, at);
    at += l.length;
  });
  return out;
}
