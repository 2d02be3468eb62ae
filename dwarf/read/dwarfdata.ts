/**
 * The questions a library user asks first, over the readers of this folder: the DIE at an offset,
 * a DIE's pc ranges, the line of a pc, a type's name. Modelled on Go's debug/dwarf (dwarf.Data:
 * (*Reader).Seek + Next, (*Data).Ranges, (*LineReader).SeekPC, (*Data).Type(off).String()) and
 * gimli (Unit::entry, Dwarf::die_ranges). Units are read on demand, one at a time, and the last
 * few kept, so a query on a large binary holds a few units, not the whole .debug_info.
 */
import { DW_AT, DW_TAG } from "../constants.js";
import type { AbbrevTable } from "./abbrev.js";
import { readUnitAt, readUnitHeaders, units as unitsOf } from "./info.js";
import { type LineProgram, lineFilePath, readLineProgram } from "./line.js";
import { type AddressRange, listContextOf, readRngList } from "./lists.js";
import { type Attr, attrNumber, attrString, type Die, findAttr, type Unit, walkDies } from "./model.js";
import type { DwarfSections } from "./sections.js";

/** A row of the line table that covers a pc (debug/dwarf's LineEntry, with the path resolved). */
export interface PcLine {
  /** The row's address (at or before the pc). */
  address: bigint;
  /** The source file's path, joined to its directory. */
  file: string;
  line: number;
  column: number;
}

/** A unit read in full, with its DIEs by offset. */
interface ReadUnit {
  unit: Unit;
  byOffset: Map<number, Die>;
}

/** How many read units to keep. */
const UNIT_CACHE = 4;

export class DwarfData {
  private readonly headers: Unit[];
  private readonly cache: ReadUnit[] = [];
  private readonly lines = new Map<number, LineProgram>();
  private readonly abbrevs = new Map<number, AbbrevTable>();

  constructor(readonly sections: DwarfSections) {
    this.headers = readUnitHeaders(sections, { types: false });
  }

  /** Every unit of .debug_info, each with its DIE tree, read as the iteration reaches it. */
  units(): Generator<Unit> {
    return unitsOf(this.sections, { types: false });
  }

  /** The unit whose bytes hold .debug_info offset `offset`, read in full. */
  unitAt(offset: number): Unit | undefined {
    return this.readUnitAt(offset)?.unit;
  }

  /** The DIE that starts at .debug_info offset `offset` (debug/dwarf: Seek then Next). */
  dieAt(offset: number): Die | undefined {
    return this.readUnitAt(offset)?.byOffset.get(offset);
  }

  /**
   * The pc ranges a DIE covers, half-open [begin, end): DW_AT_low_pc with DW_AT_high_pc (an
   * address, or from DWARF 4 on a length), or DW_AT_ranges resolved with its unit's base address
   * (debug/dwarf: (*Data).Ranges).
   */
  ranges(die: Die): AddressRange[] {
    const low = findAttr(die, DW_AT.low_pc)?.value;
    const high = findAttr(die, DW_AT.high_pc)?.value;
    if (low?.kind === "address" && high !== undefined) {
      if (high.kind === "address") return [{ begin: low.value, end: high.value }];
      if (high.kind === "constant") return [{ begin: low.value, end: low.value + high.value }];
    }
    const ranges = findAttr(die, DW_AT.ranges);
    if (ranges === undefined) return [];
    const unit = this.readUnitAt(die.offset)?.unit;
    if (unit === undefined) return [];
    return readRngList(this.sections, listContextOf(unit), ranges.value).ranges;
  }

  /**
   * The line-table row covering `pc`: the last row at or before it in a sequence that contains it,
   * found through the compile unit whose ranges hold the pc (debug/dwarf: (*LineReader).SeekPC).
   */
  lineForPc(pc: bigint): PcLine | undefined {
    for (const h of this.headers) {
      const root = this.unitRoot(h);
      if (root === undefined || !this.ranges(root).some((r) => r.begin <= pc && pc < r.end)) continue;
      const stmt = attrNumber(root, DW_AT.stmt_list);
      if (stmt === undefined) continue;
      const prog = this.lineProgram(stmt, h, root);
      for (const seq of prog.sequences) {
        const last = seq[seq.length - 1];
        if (seq.length === 0 || pc < seq[0]!.address || last === undefined || pc >= last.address) continue;
        let lo = 0;
        let hi = seq.length - 1;
        // The last row with address <= pc.
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (seq[mid]!.address <= pc) lo = mid;
          else hi = mid - 1;
        }
        const row = seq[lo]!;
        return {
          address: row.address,
          file: lineFilePath(prog, row.file) ?? `file ${row.file}`,
          line: row.line,
          column: row.column,
        };
      }
    }
    return undefined;
  }

  /**
   * A type's name as Go's debug/dwarf prints it ((*Data).Type(off).String(), type.go): its
   * DW_AT_name when it has one (Go names every type), else built from its tag: "*T", "[N]T",
   * "const T", "func(A, B) R", "struct {...}"; "void" for no type.
   */
  typeName(die: Die | number | undefined, depth = 0): string {
    const d = typeof die === "number" ? this.dieAt(die) : die;
    if (d === undefined) return "void";
    const name = attrString(d, DW_AT.name);
    if (name !== undefined) return name;
    if (depth > 64) return "...";
    const elem = (): string => this.typeName(refOf(findAttr(d, DW_AT.type)), depth + 1);
    switch (d.tag) {
      case DW_TAG.pointer_type:
      case DW_TAG.reference_type:
        return `*${elem()}`;
      case DW_TAG.const_type:
        return `const ${elem()}`;
      case DW_TAG.volatile_type:
        return `volatile ${elem()}`;
      case DW_TAG.restrict_type:
        return `restrict ${elem()}`;
      case DW_TAG.typedef:
        return elem();
      case DW_TAG.array_type: {
        let dims = "";
        for (const c of d.children) {
          if (c.tag !== DW_TAG.subrange_type) continue;
          const count = attrNumber(c, DW_AT.count);
          const upper = attrNumber(c, DW_AT.upper_bound);
          dims += `[${count ?? (upper !== undefined ? upper + 1 : -1)}]`;
        }
        return `${dims || "[-1]"}${elem()}`;
      }
      case DW_TAG.subroutine_type: {
        const params = d.children
          .filter((c) => c.tag === DW_TAG.formal_parameter)
          .map((c) => this.typeName(refOf(findAttr(c, DW_AT.type)), depth + 1));
        const ret = findAttr(d, DW_AT.type) === undefined ? "" : ` ${elem()}`;
        return `func(${params.join(", ")})${ret}`;
      }
      case DW_TAG.structure_type:
        return "struct {...}";
      case DW_TAG.union_type:
        return "union {...}";
      case DW_TAG.enumeration_type:
        return "enum {...}";
      default:
        return "void";
    }
  }

  private readUnitAt(offset: number): ReadUnit | undefined {
    for (const r of this.cache) if (r.unit.offset <= offset && offset < r.unit.end) return r;
    // The last header starting at or before the offset.
    let lo = 0;
    let hi = this.headers.length - 1;
    if (hi < 0 || offset < this.headers[0]!.offset) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.headers[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const h = this.headers[lo]!;
    if (offset >= h.end) return undefined;
    const unit = this.readOneUnit(h);
    const byOffset = new Map<number, Die>();
    for (const d of walkDies(unit.root)) byOffset.set(d.offset, d);
    const r = { unit, byOffset };
    this.cache.unshift(r);
    if (this.cache.length > UNIT_CACHE) this.cache.pop();
    return r;
  }

  private readOneUnit(h: Unit): Unit {
    const u = readUnitAt(this.sections, h.offset, { abbrevCache: this.abbrevs });
    if (u === undefined) throw new Error(`no unit at .debug_info+0x${h.offset.toString(16)}`);
    return u;
  }

  /** The unit DIE alone (its attributes, no children), for finding a pc's unit cheaply. */
  private unitRoot(h: Unit): Die | undefined {
    const cached = this.cache.find((r) => r.unit.offset === h.offset);
    if (cached !== undefined) return cached.unit.root;
    return readUnitAt(this.sections, h.offset, { abbrevCache: this.abbrevs, unitDieOnly: true })?.root;
  }

  private lineProgram(offset: number, h: Unit, root: Die): LineProgram {
    let p = this.lines.get(offset);
    if (p === undefined) {
      const compDir = attrString(root, DW_AT.comp_dir);
      p = readLineProgram(this.sections, offset, {
        addressSize: h.addressSize,
        unitVersion: h.version,
        ...(compDir !== undefined && { compDir }),
      });
      this.lines.clear();
      this.lines.set(offset, p);
    }
    return p;
  }
}

function refOf(a: Attr | undefined): number | undefined {
  return a?.value.kind === "reference" ? a.value.offset : undefined;
}
