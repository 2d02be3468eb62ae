/**
 * `godwarf dump --ranges / --loc / --addr`. Range and location lists are decoded from the references
 * the DIEs make (DW_AT_ranges, DW_AT_location, ...), each with its unit's context, rather than by
 * walking the section from the start: a list section can hold bytes that are not lists (GCC's
 * location-view pairs sit before the lists that use them), and only the referring unit knows the
 * base address and the address table an entry needs. Each list shows its entries as written and the
 * address ranges they resolve to; location expressions are disassembled.
 */
import { DW_AT, DW_FORM } from "../../dwarf/constants.js";
import { formatExpr } from "../../dwarf/read/expr.js";
import { forEachUnit } from "../../dwarf/read/info.js";
import {
  type AddrHeader,
  type ListEntry,
  listContextOf,
  readAddrHeaders,
  readAddrTable,
  readLocList,
  readRngList,
} from "../../dwarf/read/lists.js";
import { type Attr, type Unit, walkDies } from "../../dwarf/read/model.js";
import { regNamer } from "../../dwarf/read/regs.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { Sink } from "../output.js";
import { hex } from "./json.js";

/** Attributes of the loclist class (DWARF 5, table 7.5.5) and of the rnglist class. */
export const LOC_ATTRS: ReadonlySet<number> = new Set([
  DW_AT.location,
  DW_AT.string_length,
  DW_AT.return_addr,
  DW_AT.data_member_location,
  DW_AT.frame_base,
  DW_AT.segment,
  DW_AT.static_link,
  DW_AT.use_location,
  DW_AT.vtable_elem_location,
]);
export const RANGE_ATTRS: ReadonlySet<number> = new Set([DW_AT.ranges, DW_AT.start_scope]);

export interface DumpedList {
  offset: number;
  end: number;
  entries: ListEntry[];
  /** Resolved [begin, end) ranges, with the location expression text for location lists. */
  resolved: { begin: bigint; end: bigint; expr?: string }[];
}

export interface ListsDump {
  section: string;
  lists: DumpedList[];
}

/** Does this attribute point into a list section? (DWARF 2/3 used data4/data8 for that.) */
function isListRef(a: Attr, unit: Unit): boolean {
  const v = a.value;
  if (v.kind === "secOffset" || v.kind === "listIndex") return true;
  return unit.version < 4 && v.kind === "constant" && (a.form === DW_FORM.data4 || a.form === DW_FORM.data8);
}

function collect(
  ds: DwarfSections,
  attrs: ReadonlySet<number>,
  read: (u: Unit, a: Attr) => DumpedList,
): DumpedList[] {
  const byOffset = new Map<number, DumpedList>();
  forEachUnit(ds, (unit) => {
    for (const die of walkDies(unit.root)) {
      for (const a of die.attrs) {
        if (!attrs.has(a.at) || !isListRef(a, unit)) continue;
        const list = read(unit, a);
        if (!byOffset.has(list.offset)) byOffset.set(list.offset, list);
      }
    }
  });
  return [...byOffset.values()].sort((x, y) => x.offset - y.offset);
}

export function decodeRanges(ds: DwarfSections): ListsDump | undefined {
  const section = ds.sections.debug_rnglists !== undefined ? ".debug_rnglists" : ".debug_ranges";
  if (ds.sections.debug_rnglists === undefined && ds.sections.debug_ranges === undefined) return undefined;
  const lists = collect(ds, RANGE_ATTRS, (unit, a) => {
    const l = readRngList(ds, listContextOf(unit), a.value);
    return { offset: l.offset, end: l.end, entries: l.entries, resolved: l.ranges };
  });
  return { section, lists };
}

export function decodeLocations(ds: DwarfSections): ListsDump | undefined {
  const section = ds.sections.debug_loclists !== undefined ? ".debug_loclists" : ".debug_loc";
  if (ds.sections.debug_loclists === undefined && ds.sections.debug_loc === undefined) return undefined;
  const regName = regNamer(ds.arch);
  const lists = collect(ds, LOC_ATTRS, (unit, a) => {
    const l = readLocList(ds, listContextOf(unit), a.value);
    const enc = { addressSize: unit.addressSize, offsetSize: unit.offsetSize, littleEndian: ds.littleEndian };
    const resolved = l.locations.map((loc) => ({
      begin: loc.begin,
      end: loc.end,
      expr: formatExpr(loc.expr, enc, { regName }),
    }));
    return { offset: l.offset, end: l.end, entries: l.entries, resolved };
  });
  return { section, lists };
}

export function printLists(d: ListsDump | undefined, out: Sink): void {
  if (d === undefined) {
    out.write("(no list section)\n");
    return;
  }
  out.write(`${d.section}: ${d.lists.length} lists referenced by DIEs\n`);
  for (const l of d.lists) {
    out.write(`  list at ${hex(l.offset)}\n`);
    for (const e of l.entries) {
      const ops = e.operands.map((o) => hex(o)).join(" ");
      out.write(`    ${hex(e.offset)} ${e.kind}${ops ? ` ${ops}` : ""}\n`);
    }
    for (const r of l.resolved) {
      out.write(
        `      [${hex(r.begin, 16)}, ${hex(r.end, 16)})${r.expr !== undefined ? ` ${r.expr}` : ""}\n`,
      );
    }
  }
}

export interface AddrDump {
  headers: AddrHeader[];
  tables: bigint[][];
}

export function decodeAddr(ds: DwarfSections): AddrDump | undefined {
  if (ds.sections.debug_addr === undefined) return undefined;
  const headers = readAddrHeaders(ds);
  return { headers, tables: headers.map((h) => readAddrTable(ds, h.base, h.addressSize)) };
}

export function printAddr(d: AddrDump | undefined, out: Sink): void {
  if (d === undefined) {
    out.write("(no .debug_addr)\n");
    return;
  }
  d.headers.forEach((h, i) => {
    out.write(
      `.debug_addr contribution at ${hex(h.offset)}: version ${h.version}, address size ${h.addressSize}\n`,
    );
    (d.tables[i] ?? []).forEach((a, k) => {
      out.write(`  [${String(k).padStart(4)}] ${hex(a, 16)}\n`);
    });
  });
}
