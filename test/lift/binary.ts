/**
 * A real Go binary opened for lifting: its decompressed DWARF sections, every unit's DIE tree, an
 * index of DIEs by .debug_info offset, and the raw layout of each unit (test/lift/raw.ts).
 */
import { readFileSync } from "node:fs";
import { DW_AT } from "../../dwarf/constants.js";
import type { AbbrevTable } from "../../dwarf/read/abbrev.js";
import { readAbbrevTable } from "../../dwarf/read/abbrev.js";
import { readInfo } from "../../dwarf/read/info.js";
import type { Die, Unit } from "../../dwarf/read/model.js";
import { attrString, walkDies } from "../../dwarf/read/model.js";
import type { DwarfSectionName, DwarfSections } from "../../dwarf/read/sections.js";
import { dwarfSections, readElf } from "../../elf/index.js";
import { RawInfo } from "./raw.js";

export class LiftError extends Error {
  override readonly name = "LiftError";
}

/** Where a DIE sits: its unit and its parent (undefined for a unit DIE). */
export interface DiePlace {
  die: Die;
  unit: Unit;
  parent: Die | undefined;
}

export class GoBinary {
  readonly secs: DwarfSections;
  readonly units: Unit[];
  readonly dwarf5: boolean;
  private readonly byOffset = new Map<number, DiePlace>();
  private readonly raws = new Map<Unit, RawInfo>();
  private readonly abbrevCache = new Map<number, AbbrevTable>();

  constructor(readonly file: string) {
    const bytes = new Uint8Array(readFileSync(file));
    this.secs = dwarfSections(readElf(bytes, file));
    this.units = readInfo(this.secs, { abbrevCache: this.abbrevCache });
    const first = this.units[0];
    if (first === undefined) throw new LiftError(`${file}: no compile units`);
    this.dwarf5 = first.version >= 5;
    for (const unit of this.units) {
      const index = (die: Die, parent: Die | undefined): void => {
        this.byOffset.set(die.offset, { die, unit, parent });
        for (const c of die.children) index(c, die);
      };
      if (unit.root !== undefined) index(unit.root, undefined);
    }
  }

  /** The decompressed bytes of a section (empty when absent). */
  section(name: DwarfSectionName): Uint8Array {
    return this.secs.sections[name] ?? new Uint8Array(0);
  }

  has(name: DwarfSectionName): boolean {
    return this.secs.sections[name] !== undefined;
  }

  /** The DIE at a .debug_info offset, with its unit and parent. */
  at(offset: number): DiePlace {
    const p = this.byOffset.get(offset);
    if (p === undefined) throw new LiftError(`no DIE at .debug_info+0x${offset.toString(16)}`);
    return p;
  }

  raw(unit: Unit): RawInfo {
    let r = this.raws.get(unit);
    if (r === undefined) {
      let abbrevs = this.abbrevCache.get(unit.abbrevOffset);
      if (abbrevs === undefined) {
        abbrevs = readAbbrevTable(this.section("debug_abbrev"), unit.abbrevOffset);
        this.abbrevCache.set(unit.abbrevOffset, abbrevs);
      }
      r = new RawInfo(this.section("debug_info"), unit, abbrevs);
      this.raws.set(unit, r);
    }
    return r;
  }

  /** The bytes of the subtree rooted at the DIE at `offset` (what one DWARF symbol became). */
  subtreeBytes(offset: number): Uint8Array {
    const { unit } = this.at(offset);
    return this.section("debug_info").subarray(offset, this.raw(unit).subtreeEnd(offset));
  }

  /** Compile units by DW_AT_name. */
  compileUnit(name: string): Unit | undefined {
    return this.units.find((u) => u.root !== undefined && attrString(u.root, DW_AT.name) === name);
  }

  /** Every DIE of a unit, pre-order. */
  *dies(unit: Unit): Generator<Die> {
    yield* walkDies(unit.root);
  }
}
