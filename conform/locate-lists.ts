/**
 * What is at a byte of the sections units point into: .debug_addr, .debug_rnglists and
 * .debug_loclists (DWARF 5: a header per contribution, then addresses or lists), .debug_ranges and
 * .debug_loc (DWARF 4: lists one after another). The header field, or the list (its offset) and
 * the entry (its index, kind and operands) holding the byte.
 *
 * Headers and lists are read by dwarf/read/lists.ts, walking the raw lists as `godwarf dump` does
 * not need to (it follows DIE references), because a byte is found by position, not by reference.
 */
import { amd64RegName, formatExpr } from "../dwarf/read/expr.js";
import {
  type ListEntry,
  type ListsHeader,
  type RawList,
  readAddr,
  readAddrHeaders,
  readLocListsHeaders,
  readRawLoc,
  readRawLocLists,
  readRawRanges,
  readRawRngLists,
  readRngListsHeaders,
} from "../dwarf/read/lists.js";
import type { DwarfSections } from "../dwarf/read/sections.js";
import { hex } from "../cli/format/json.js";
import { functionNamesByAddress } from "./names.js";
import {
  type DiffSide,
  type Field,
  findField,
  initialLengthSize,
  lastAtOrBefore,
  locateSafely,
  type SideBuilder,
} from "./side.js";

/** The common fields of a DWARF 5 contribution header (sections 7.27 to 7.29). */
function contributionFields(h: { offsetSize: 4 | 8; end: number; offset: number; version: number }): Field[] {
  const lengthSize = initialLengthSize(h.offsetSize);
  return [
    { name: "unit_length", size: lengthSize, value: hex(h.end - h.offset - lengthSize) },
    { name: "version", size: 2, value: `${h.version}` },
  ];
}

export function locateAddr(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const headers = readAddrHeaders(secs);
    const h = headers.find((x) => offset >= x.offset && offset < x.end);
    if (h === undefined) return b.fail(`offset ${hex(offset)} is past the last contribution`);
    b.step("contribution", h.offset, `contribution ${hex(h.offset)}`);
    if (offset < h.base) {
      const fields = [
        ...contributionFields(h),
        { name: "address_size", size: 1, value: `${h.addressSize}` },
        { name: "segment_selector_size", size: 1, value: `${h.segmentSelectorSize}` },
      ];
      return headerField(b, fields, h.offset, offset);
    }
    const index = Math.floor((offset - h.base) / h.addressSize);
    const at = h.base + index * h.addressSize;
    b.step("entry", at, `address [${index}]`);
    const address = readAddr(secs, h.base, index, h.addressSize);
    const name = functionNamesByAddress(secs).get(address);
    return b.done(`${hex(address)}${name === undefined ? "" : ` (${JSON.stringify(name)})`}`);
  });
}

export function locateRngLists(secs: DwarfSections, offset: number): DiffSide {
  return locateListsV5(secs, offset, readRngListsHeaders, readRawRngLists);
}

export function locateLocLists(secs: DwarfSections, offset: number): DiffSide {
  return locateListsV5(secs, offset, readLocListsHeaders, readRawLocLists);
}

function locateListsV5(
  secs: DwarfSections,
  offset: number,
  headers: (secs: DwarfSections) => ListsHeader[],
  lists: (secs: DwarfSections, h: ListsHeader) => RawList[],
): DiffSide {
  return locateSafely((b) => {
    const h = headers(secs).find((x) => offset >= x.offset && offset < x.end);
    if (h === undefined) return b.fail(`offset ${hex(offset)} is past the last contribution`);
    b.step("contribution", h.offset, `contribution ${hex(h.offset)}`);
    if (offset < h.dataOffset) {
      const fields: Field[] = [
        ...contributionFields(h),
        { name: "address_size", size: 1, value: `${h.addressSize}` },
        { name: "segment_selector_size", size: 1, value: `${h.segmentSelectorSize}` },
        { name: "offset_entry_count", size: 4, value: `${h.offsetEntryCount}` },
        ...h.offsets.map((o, i) => ({ name: `offsets[${i}]`, size: h.offsetSize, value: hex(o) })),
      ];
      return headerField(b, fields, h.offset, offset);
    }
    const enc = { addressSize: h.addressSize, offsetSize: h.offsetSize, littleEndian: secs.littleEndian };
    return inLists(b, lists(secs, h), offset, enc);
  });
}

export function locateRanges(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const enc = { addressSize: secs.addressSize, offsetSize: 4 as const, littleEndian: secs.littleEndian };
    return inLists(b, readRawRanges(secs), offset, enc);
  });
}

export function locateLoc(secs: DwarfSections, offset: number): DiffSide {
  return locateSafely((b) => {
    const enc = { addressSize: secs.addressSize, offsetSize: 4 as const, littleEndian: secs.littleEndian };
    return inLists(b, readRawLoc(secs), offset, enc);
  });
}

function headerField(b: SideBuilder, fields: Field[], start: number, offset: number): DiffSide {
  const f = findField(fields, start, offset);
  if (f === undefined) return b.fail("inside the header, past its known fields");
  b.step("field", f.offset, `header: ${f.field.name}`);
  return b.done(f.field.value);
}

function inLists(
  b: SideBuilder,
  lists: RawList[],
  offset: number,
  enc: { addressSize: number; offsetSize: 4 | 8; littleEndian: boolean },
): DiffSide {
  const li = lastAtOrBefore(lists, (l) => l.offset, offset);
  const list = lists[li];
  if (list === undefined || offset >= list.end) return b.fail(`no list holds offset ${hex(offset)}`);
  b.step("list", list.offset, `list ${hex(list.offset)}`);
  const ei = lastAtOrBefore(list.entries, (e) => e.offset, offset);
  const e = list.entries[ei];
  if (e === undefined) return b.fail("no entry holds the byte");
  b.step("entry", e.offset, `entry ${ei}`);
  return b.done(entryText(e, enc));
}

/** "DW_LLE_offset_pair 0x0 0x14: DW_OP_reg0 RAX", "range 0x10 0x20", "end_of_list". */
export function entryText(
  e: ListEntry,
  enc: { addressSize: number; offsetSize: 4 | 8; littleEndian: boolean },
): string {
  const ops = e.operands.map((o) => ` ${hex(o)}`).join("");
  const expr = e.expr === undefined ? "" : `: ${formatExpr(e.expr, enc, { regName: amd64RegName })}`;
  return `${e.kind}${ops}${expr}`;
}
