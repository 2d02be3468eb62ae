/**
 * The .debug_cu_index / .debug_tu_index of a DWARF package (DWARF 5 section 7.3.5; version 2, the
 * GNU pre-standard one, reads the same but for its column ids): which rows exist, each row's id
 * and its contribution (offset, size) to each section kind. Models llvm's DWARFUnitIndex::parse.
 */
import { Cursor } from "./cursor.js";

/** DW_SECT_* of version 5, by the reader's section names. */
export const DW_SECT_V5: Readonly<Record<number, string>> = {
  1: "debug_info",
  3: "debug_abbrev",
  4: "debug_line",
  5: "debug_loclists",
  6: "debug_str_offsets",
  7: "debug_macro",
  8: "debug_rnglists",
};

/** DW_SECT_* of the GNU version 2 index. */
const DW_SECT_V2: Readonly<Record<number, string>> = {
  1: "debug_info",
  2: "debug_types",
  3: "debug_abbrev",
  4: "debug_line",
  5: "debug_loc",
  6: "debug_str_offsets",
  7: "debug_macinfo",
  8: "debug_macro",
};

export interface IndexRow {
  /** The dwo_id (or type signature). */
  id: bigint;
  /** Reader section name to the row's contribution. */
  contributions: Map<string, { offset: number; size: number }>;
}

export interface UnitIndex {
  version: number;
  rows: IndexRow[];
}

/** Reads an index section; a malformed one is a FormatError naming `section` and the offset. */
export function readUnitIndex(bytes: Uint8Array, section = ".debug_cu_index"): UnitIndex {
  const c = new Cursor(bytes, section);
  const version = c.u16("index version");
  if (version !== 2 && version !== 5) throw c.error(`unsupported index version ${version}`, 0);
  c.u16("padding");
  const ncols = c.u32("column count");
  const nunits = c.u32("unit count");
  const nslots = c.u32("slot count");
  if (nunits > nslots) throw c.error(`${nunits} units in ${nslots} slots`, 8);
  c.need(nslots * 12 + ncols * 4 * (1 + 2 * nunits), "index tables");
  const ids: bigint[] = [];
  for (let i = 0; i < nslots; i++) ids.push(c.u64("signature"));
  const rowOf: number[] = [];
  for (let i = 0; i < nslots; i++) rowOf.push(c.u32("row index"));
  const names = version === 5 ? DW_SECT_V5 : DW_SECT_V2;
  const cols: string[] = [];
  for (let i = 0; i < ncols; i++) {
    const at = c.pos;
    const id = c.u32("section id");
    const n = names[id];
    if (n === undefined) throw c.error(`unknown section id ${id}`, at);
    cols.push(n);
  }
  const offsets: number[][] = [];
  for (let r = 0; r < nunits; r++) offsets.push(cols.map(() => c.u32("offset")));
  const sizes: number[][] = [];
  for (let r = 0; r < nunits; r++) sizes.push(cols.map(() => c.u32("size")));
  const rows: IndexRow[] = [];
  for (let s = 0; s < nslots; s++) {
    const r = rowOf[s]!;
    if (r === 0) continue;
    if (r > nunits) throw c.error(`slot ${s} names row ${r} of ${nunits}`, 16 + nslots * 8 + s * 4);
    const contributions = new Map<string, { offset: number; size: number }>();
    for (const [i, n] of cols.entries())
      contributions.set(n, { offset: offsets[r - 1]![i]!, size: sizes[r - 1]![i]! });
    rows.push({ id: ids[s]!, contributions });
  }
  rows.sort(
    (a, b) =>
      (a.contributions.get("debug_info")?.offset ?? 0) - (b.contributions.get("debug_info")?.offset ?? 0),
  );
  return { version, rows };
}
