/**
 * Byte extents in .debug_info that the tree reader does not keep: where a DIE's subtree ends (its
 * closing null entry included) and where each attribute's bytes sit. The lifter compares a
 * re-emitted symbol with exactly these bytes, and measures the width of padded addrx values here.
 */
import type { AbbrevTable } from "../../dwarf/read/abbrev.js";
import { Cursor } from "../../dwarf/read/cursor.js";
import type { FormContext } from "../../dwarf/read/forms.js";
import { readAttrValue } from "../../dwarf/read/forms.js";
import type { Unit } from "../../dwarf/read/model.js";

/** One attribute's bytes: [start, end) in .debug_info. */
export interface AttrSpan {
  at: number;
  form: number;
  start: number;
  end: number;
}

/** A FormContext that skips values (indexed forms are not resolved: only extents matter here). */
function skipContext(unit: Unit, infoSize: number): FormContext {
  return {
    version: unit.version,
    offsetSize: unit.offsetSize,
    addressSize: unit.addressSize,
    unitOffset: unit.offset,
    unitEnd: unit.end,
    infoSize,
    addrx: () => 0n,
    strx: () => ({ value: "", offset: 0 }),
    strp: () => "",
    lineStrp: () => "",
  };
}

/** The raw layout of the DIEs of one unit. */
export class RawInfo {
  private readonly ctx: FormContext;

  constructor(
    readonly info: Uint8Array,
    readonly unit: Unit,
    readonly abbrevs: AbbrevTable,
  ) {
    this.ctx = skipContext(unit, info.length);
  }

  /** Reads the DIE (or null entry) at `off`: its attributes' spans and where the next entry starts. */
  entry(off: number): { code: number; hasChildren: boolean; attrs: AttrSpan[]; next: number } {
    const c = new Cursor(this.info, ".debug_info", true, off, this.unit.end);
    const code = c.uleb("abbrev code");
    if (code === 0) return { code, hasChildren: false, attrs: [], next: c.pos };
    const abbrev = this.abbrevs.get(code);
    if (abbrev === undefined) throw c.error(`unknown abbrev code ${code}`, off);
    const attrs: AttrSpan[] = [];
    for (const spec of abbrev.specs) {
      const start = c.pos;
      const { form } = readAttrValue(c, spec, this.ctx);
      attrs.push({ at: spec.at, form, start, end: c.pos });
    }
    return { code, hasChildren: abbrev.hasChildren, attrs, next: c.pos };
  }

  /** One past the last byte of the subtree rooted at `off` (its children's closing null included). */
  subtreeEnd(off: number): number {
    let depth = 0;
    let pos = off;
    do {
      const e = this.entry(pos);
      pos = e.next;
      if (e.code === 0) depth--;
      else if (e.hasChildren) depth++;
    } while (depth > 0);
    return pos;
  }

  /** The span of attribute `at` of the DIE at `off`. */
  attrSpan(off: number, at: number): AttrSpan | undefined {
    return this.entry(off).attrs.find((a) => a.at === at);
  }
}
