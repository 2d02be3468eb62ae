/**
 * A compact index from .debug_info offsets to what a reference to that DIE should show: its
 * DW_AT_name, else its abstract origin (or specification), else its tag. Three typed arrays and a
 * string table instead of the DIE trees, so a printer can resolve references between units while
 * holding one unit's DIEs at a time (cmd/go has about a million DIEs).
 */
import { DW_AT, tagName } from "../constants.js";
import type { Die, Unit } from "./model.js";

export class DieNameIndex {
  private offsets = new Float64Array(1024);
  /** >= 0: index into `strings`; < 0: -(tag + 1). */
  private names = new Int32Array(1024);
  /** The origin's offset, or -1. */
  private origins = new Float64Array(1024);
  private count = 0;
  /** Names already quoted: label() is asked for the same few names again and again. */
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private last = -1;

  /** Adds the DIEs of `unit` (units in section order; others, such as .debug_types', are ignored). */
  add(unit: Unit): void {
    if (unit.root === undefined || unit.offset <= this.last) return;
    const stack: Die[] = [unit.root];
    while (stack.length > 0) {
      const d = stack.pop()!;
      this.push(d);
      for (let i = d.children.length - 1; i >= 0; i--) stack.push(d.children[i]!);
    }
    this.last = unit.offset;
  }

  /** The unit addDie is adding, and whether its DIEs are skipped (out of section order). */
  private adding: { unit: Unit; skip: boolean } | undefined;

  /**
   * Adds one DIE of `unit`, for a reader that streams DIEs (ReadInfoOptions.onDie) instead of
   * building trees; the same units are kept as add() keeps.
   */
  addDie(unit: Unit, d: Die): void {
    if (this.adding?.unit !== unit) {
      const skip = unit.offset <= this.last;
      this.adding = { unit, skip };
      if (!skip) this.last = unit.offset;
    }
    if (!this.adding.skip) this.push(d);
  }

  private push(d: Die): void {
    if (this.count === this.offsets.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.offsets = grow(this.offsets, (n) => new Float64Array(n));
      this.names = grow(this.names, (n) => new Int32Array(n));
      this.origins = grow(this.origins, (n) => new Float64Array(n));
    }
    let name: number = -(d.tag + 1);
    let origin = -1;
    for (const a of d.attrs) {
      if (a.at === DW_AT.name && a.value.kind === "string") name = this.intern(a.value.value);
      else if (
        (a.at === DW_AT.abstract_origin || a.at === DW_AT.specification) &&
        a.value.kind === "reference"
      )
        origin = a.value.offset;
    }
    this.offsets[this.count] = d.offset;
    this.names[this.count] = name;
    this.origins[this.count] = origin;
    this.count++;
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(JSON.stringify(s));
      this.stringIds.set(s, id);
    }
    return id;
  }

  private find(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.offsets[mid]!;
      if (o === offset) return mid;
      if (o < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Is there a DIE at `offset`? */
  has(offset: number): boolean {
    return this.find(offset) >= 0;
  }

  /**
   * What a reference to `offset` shows: the quoted name (its own or its origin's, a few hops at
   * most), else the tag; undefined when no DIE starts there.
   */
  label(offset: number): string | undefined {
    let i = this.find(offset);
    if (i < 0) return undefined;
    for (let hops = 0; ; hops++) {
      const n = this.names[i]!;
      if (n >= 0) return this.strings[n]!;
      const origin = this.origins[i]!;
      const j = origin < 0 || hops >= 8 ? -1 : this.find(origin);
      if (j < 0) return tagName(-n - 1);
      i = j;
    }
  }
}
