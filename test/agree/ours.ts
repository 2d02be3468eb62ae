/**
 * Our reader's side of the comparisons with llvm-dwarfdump (llvm-dwarfdump.ts gives theirs): DIEs
 * per tag, every subprogram's PC range, and the line rows, in the same renderings. For any
 * container (ELF, PE): they take DwarfSections.
 */
import { DW_AT, DW_TAG, tagName } from "../../dwarf/constants.js";
import { forEachUnit } from "../../dwarf/read/info.js";
import { readAllLinePrograms } from "../../dwarf/read/line.js";
import { findAttr, walkDies } from "../../dwarf/read/model.js";
import type { DwarfSections } from "../../dwarf/read/sections.js";
import type { InfoSummary } from "./llvm-dwarfdump.js";

/** Our view of what llvmInfoSummary extracts. */
export function ourInfoSummary(secs: DwarfSections): InfoSummary {
  const tags = new Map<string, number>();
  const subprograms = new Map<number, [string, string]>();
  forEachUnit(secs, (unit) => {
    for (const die of walkDies(unit.root)) {
      const t = tagName(die.tag);
      tags.set(t, (tags.get(t) ?? 0) + 1);
      if (die.tag !== DW_TAG.subprogram) continue;
      const low = findAttr(die, DW_AT.low_pc)?.value;
      const high = findAttr(die, DW_AT.high_pc)?.value;
      if (low?.kind !== "address" || high === undefined) continue;
      let end: bigint;
      if (high.kind === "address") end = high.value;
      else if (high.kind === "constant") end = low.value + high.value;
      else continue;
      subprograms.set(die.offset, [low.value.toString(16), end.toString(16)]);
    }
  });
  return { tags, subprograms };
}

/** Every line row, as llvmLineRows renders them. */
export function ourLineRows(secs: DwarfSections): string[] {
  const out: string[] = [];
  for (const prog of readAllLinePrograms(secs))
    for (const seq of prog.sequences)
      for (const r of seq) {
        const flags = [
          r.isStmt && "is_stmt",
          r.prologueEnd && "prologue_end",
          r.endSequence && "end_sequence",
        ];
        out.push(
          `${r.address.toString(16)} ${r.line} ${r.column} ${r.file} ${flags.filter(Boolean).join(",")}`,
        );
      }
  return out;
}

/** The entries of two maps that differ, at most `limit` of them. */
export function mapDiff<V>(
  ours: Map<number | string, V>,
  theirs: Map<number | string, V>,
  limit = 8,
): string[] {
  const out: string[] = [];
  const show = (k: number | string) => (typeof k === "number" ? `0x${k.toString(16)}` : k);
  for (const [k, v] of theirs) {
    if (out.length >= limit) break;
    const mine = ours.get(k);
    if (JSON.stringify(mine) !== JSON.stringify(v))
      out.push(`${show(k)}: ours ${JSON.stringify(mine)}, theirs ${JSON.stringify(v)}`);
  }
  for (const k of ours.keys()) {
    if (out.length >= limit) break;
    if (!theirs.has(k)) out.push(`${show(k)}: only ours ${JSON.stringify(ours.get(k))}`);
  }
  return out;
}
