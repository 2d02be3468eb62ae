/**
 * One pass over a unit's DIE bytes for the split-DWARF writer: where each DIE and each value that
 * the split must rewrite (references, list offsets) sits, and the extent of each top-level subtree.
 * The writer copies DIE bytes as they are and patches only those values, so a split unit is the
 * combined unit byte for byte but for its header, its unit DIE and those patches.
 */
import { DW_FORM } from "../../dwarf/constants.js";
import type { AbbrevTable } from "../../dwarf/read/abbrev.js";
import { Cursor } from "../../dwarf/read/cursor.js";
import type { FormContext } from "../../dwarf/read/forms.js";
import { readAttrValue } from "../../dwarf/read/forms.js";
import type { Unit } from "../../dwarf/read/model.js";

/** A value the split rewrites: where it is in .debug_info, its form and what it says. */
export interface Patch {
  /** Offset of the value in .debug_info. */
  pos: number;
  at: number;
  form: number;
  /** A reference: the absolute .debug_info offset it names; a sec_offset: the offset. */
  value: number;
  /** The top-level subtree (index in UnitScan.top) that holds it. */
  top: number;
}

/** The unit DIE's attributes: each value's bytes, to copy or move. */
export interface RootAttr {
  at: number;
  form: number;
  start: number;
  end: number;
  value: ReturnType<typeof readAttrValue>["value"];
}

export interface UnitScan {
  /** The .debug_info the unit is in. */
  info: Uint8Array;
  unit: Unit;
  /** The unit DIE's abbrev code and attributes. */
  rootCode: number;
  rootAttrs: RootAttr[];
  /** The unit DIE's children: [childrenStart, childrenEnd), the null entry that closes them after. */
  childrenStart: number;
  childrenEnd: number;
  /** Each top-level (child of the unit DIE) subtree: its [start, end). */
  top: { start: number; end: number }[];
  /** For each DIE offset, the index in `top` of the subtree holding it (-1: the unit DIE). */
  topOf: Map<number, number>;
  /** References and list offsets below the unit DIE, in byte order. */
  patches: Patch[];
}

/** Forms the writer can patch in place (DWARF 32-bit: four bytes each). */
const REF_FORMS: ReadonlySet<number> = new Set([DW_FORM.ref_addr, DW_FORM.ref4]);

/** Scans `unit` (header read) in `info`; throws for what the split does not handle. */
export function scanUnit(info: Uint8Array, unit: Unit, abbrevs: AbbrevTable): UnitScan {
  if (unit.offsetSize !== 4)
    throw new Error(`unit at 0x${unit.offset.toString(16)}: 64-bit DWARF is not split`);
  const c = new Cursor(info, ".debug_info", true, unit.dieOffset, unit.end);
  const ctx: FormContext = {
    version: unit.version,
    offsetSize: unit.offsetSize,
    addressSize: unit.addressSize,
    unitOffset: unit.offset,
    unitEnd: unit.end,
    infoSize: info.length,
    addrx: () => 0n,
    strx: () => ({ value: "", offset: 0 }),
    strp: () => "",
    lineStrp: () => "",
  };
  const scan: UnitScan = {
    info,
    unit,
    rootCode: 0,
    rootAttrs: [],
    childrenStart: 0,
    childrenEnd: 0,
    top: [],
    topOf: new Map(),
    patches: [],
  };
  let depth = 0;
  let rootSeen = false;
  while (!c.atEnd()) {
    const offset = c.pos;
    const code = c.uleb("abbrev code");
    if (code === 0) {
      if (depth === 0) continue; // padding after the tree
      depth--;
      if (depth === 1) scan.top[scan.top.length - 1]!.end = c.pos;
      if (depth === 0) scan.childrenEnd = offset;
      continue;
    }
    const ab = abbrevs.get(code);
    if (ab === undefined) throw c.error(`unknown abbrev code ${code}`, offset);
    if (!rootSeen) {
      rootSeen = true;
      scan.rootCode = code;
      for (const spec of ab.specs) {
        const start = c.pos;
        const { form, value } = readAttrValue(c, spec, ctx);
        scan.rootAttrs.push({ at: spec.at, form, start, end: c.pos, value });
      }
      scan.topOf.set(offset, -1);
      scan.childrenStart = c.pos;
      scan.childrenEnd = c.pos;
      if (ab.hasChildren) depth = 1;
      continue;
    }
    if (depth === 1) scan.top.push({ start: offset, end: 0 });
    scan.topOf.set(offset, scan.top.length - 1);
    for (const spec of ab.specs) {
      const pos = c.pos;
      const { form, value } = readAttrValue(c, spec, ctx);
      if (value.kind === "reference") {
        if (!REF_FORMS.has(form))
          throw c.error(`split DWARF: reference form 0x${form.toString(16)} is not handled`, pos);
        scan.patches.push({ pos, at: spec.at, form, value: value.offset, top: scan.top.length - 1 });
      } else if (form === DW_FORM.sec_offset && value.kind === "secOffset") {
        scan.patches.push({ pos, at: spec.at, form, value: value.value, top: scan.top.length - 1 });
      }
    }
    if (ab.hasChildren) depth++;
    else if (depth === 1) scan.top[scan.top.length - 1]!.end = c.pos;
  }
  return scan;
}
