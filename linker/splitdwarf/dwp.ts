/**
 * The DWARF package (.dwp) of split units, by our own packer (DWARF 5 section 7.3.5): each .dwo
 * section kind concatenated in unit order, and a version 5 .debug_cu_index naming, per dwo_id, where
 * each unit's contribution to each section starts and how long it is.
 *
 * The index: a header (version 5, padding, column count, unit count, slot count); a hash table of
 * slot-count 8-byte ids and slot-count 4-byte row numbers (1-based; 0 for an empty slot), where the
 * slot count is the least power of two above 3/2 of the units (as llvm-dwp sizes it) and a collision
 * probes by ((id >> 32) & mask) | 1; then the row of DW_SECT_* column ids, the offset rows and the
 * size rows.
 */
import type { DwoUnit } from "./split.js";

/** DW_SECT_* (DWARF 5 table 7.32) of the sections a .dwo of ours may hold. */
export const DW_SECT: Readonly<Record<string, number>> = {
  ".debug_info.dwo": 1,
  ".debug_abbrev.dwo": 3,
  ".debug_line.dwo": 4,
  ".debug_loclists.dwo": 5,
  ".debug_str_offsets.dwo": 6,
  ".debug_macro.dwo": 7,
  ".debug_rnglists.dwo": 8,
};

/** The package's sections: the contributions, then .debug_cu_index. */
export function packDwp(units: readonly DwoUnit[]): Map<string, Uint8Array> {
  const seen = new Set<bigint>();
  for (const u of units) {
    if (seen.has(u.dwoId)) throw new Error(`dwp: two units have dwo_id 0x${u.dwoId.toString(16)}`);
    seen.add(u.dwoId);
  }
  const kinds = Object.keys(DW_SECT).filter((k) => units.some((u) => u.sections.has(k)));
  const out = new Map<string, Uint8Array>();
  const offsets = units.map(() => kinds.map(() => 0));
  const sizes = units.map(() => kinds.map(() => 0));
  kinds.forEach((k, col) => {
    let at = 0;
    units.forEach((u, row) => {
      sizes[row]![col] = u.sections.get(k)?.length ?? 0;
      // A unit with no contribution: offset 0, as llvm-dwp writes it.
      offsets[row]![col] = sizes[row]![col] === 0 ? 0 : at;
      at += sizes[row]![col]!;
    });
    const sec = new Uint8Array(at);
    units.forEach((u, row) => {
      const d = u.sections.get(k);
      if (d !== undefined) sec.set(d, offsets[row]![col]!);
    });
    out.set(k, sec);
  });
  out.set(
    ".debug_cu_index",
    cuIndex(
      units.map((u) => u.dwoId),
      kinds.map((k) => DW_SECT[k]!),
      offsets,
      sizes,
    ),
  );
  return out;
}

/** The .debug_cu_index section (version 5). */
export function cuIndex(
  ids: readonly bigint[],
  columns: readonly number[],
  offsets: readonly (readonly number[])[],
  sizes: readonly (readonly number[])[],
): Uint8Array {
  const n = ids.length;
  let slots = 1;
  while (slots <= (3 * n) / 2) slots *= 2;
  const mask = BigInt(slots - 1);
  const table = new Array<bigint>(slots).fill(0n);
  const rows = new Array<number>(slots).fill(0);
  ids.forEach((id, i) => {
    let h = id & mask;
    const step = ((id >> 32n) & mask) | 1n;
    while (rows[Number(h)] !== 0) h = (h + step) & mask;
    table[Number(h)] = id;
    rows[Number(h)] = i + 1;
  });
  const ncol = columns.length;
  const size = 16 + slots * 12 + 4 * ncol + 2 * 4 * ncol * n;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint16(0, 5, true);
  v.setUint32(4, ncol, true);
  v.setUint32(8, n, true);
  v.setUint32(12, slots, true);
  let at = 16;
  for (const id of table) {
    v.setBigUint64(at, id, true);
    at += 8;
  }
  for (const r of rows) {
    v.setUint32(at, r, true);
    at += 4;
  }
  for (const c of columns) {
    v.setUint32(at, c, true);
    at += 4;
  }
  for (const m of [offsets, sizes])
    for (const row of m)
      for (const x of row) {
        v.setUint32(at, x, true);
        at += 4;
      }
  return out;
}
