/**
 * PC range lists: merging ranges and writing them as DWARF 4 .debug_ranges pairs or DWARF 5
 * .debug_rnglists entries. Models cmd/internal/dwarf/dwarf.go (MergeRanges, Scope.UnifyRanges,
 * Scope.AppendRange, PutBasedRanges, PutRngListRanges, FnState.PutRanges), Go 1.26.
 */
import { DW_RLE } from "./constants.js";
import type { Context, FnState, Range, Sym } from "./context.js";
import { Uleb128put } from "./putattr.js";

/**
 * dwarf.go, MergeRanges: a new list with the ranges of both inputs in start order, overlapping or
 * touching ranges coalesced. On equal starts the one from `in1` goes first, as in Go.
 */
export function MergeRanges(in1: readonly Range[], in2: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    let cur: Range;
    if (i < in2.length && j < in1.length) {
      if (in2[i]!.start < in1[j]!.start) cur = in2[i++]!;
      else cur = in1[j++]!;
    } else if (i < in2.length) {
      cur = in2[i++]!;
    } else if (j < in1.length) {
      cur = in1[j++]!;
    } else {
      break;
    }
    const last = out[out.length - 1];
    // Go copies Range values, so extending `last` must not touch the inputs.
    if (last !== undefined && cur.start <= last.end) last.end = cur.end;
    else out.push({ start: cur.start, end: cur.end });
  }
  return out;
}

/** dwarf.go, (*Scope).AppendRange: drop empty ranges, extend the last one when adjacent. */
export function appendRange(s: { ranges: Range[] }, r: Range): void {
  if (r.end <= r.start) return;
  const last = s.ranges[s.ranges.length - 1];
  if (last !== undefined && last.end === r.start) {
    last.end = r.end;
    return;
  }
  s.ranges.push({ start: r.start, end: r.end });
}

/**
 * dwarf.go, PutBasedRanges: DWARF 4 pairs of pointer-size offsets from a base the caller arranged
 * (a low_pc or a base address selection entry), then the 0,0 end-of-list entry.
 */
export function PutBasedRanges(ctxt: Context, sym: Sym, ranges: readonly Range[]): void {
  const ps = ctxt.ptrSize();
  ctxt.mark?.(sym, "PutBasedRanges");
  for (const r of ranges) {
    ctxt.addInt(sym, ps, r.start);
    ctxt.addInt(sym, ps, r.end);
  }
  ctxt.mark?.(sym, "PutBasedRanges end of list");
  ctxt.addInt(sym, ps, 0);
  ctxt.addInt(sym, ps, 0);
}

/**
 * dwarf.go, PutRngListRanges: a DWARF 5 range list, DW_RLE_base_addressx naming `base` through
 * .debug_addr, one DW_RLE_offset_pair per range, then DW_RLE_end_of_list.
 */
export function PutRngListRanges(ctxt: Context, sym: Sym, base: Sym, ranges: readonly Range[]): void {
  ctxt.mark?.(sym, "PutRngListRanges DW_RLE_base_addressx");
  ctxt.addInt(sym, 1, DW_RLE.base_addressx);
  ctxt.addIndirectTextRef(sym, base);
  ctxt.mark?.(sym, "PutRngListRanges DW_RLE_offset_pair");
  for (const r of ranges) {
    ctxt.addInt(sym, 1, DW_RLE.offset_pair);
    Uleb128put(ctxt, sym, r.start);
    Uleb128put(ctxt, sym, r.end);
  }
  ctxt.mark?.(sym, "PutRngListRanges DW_RLE_end_of_list");
  ctxt.addInt(sym, 1, DW_RLE.end_of_list);
}

/**
 * dwarf.go, (*FnState).PutRanges: append the list for `ranges` (relative to s.startPC) to
 * s.ranges. DWARF 5: a rnglist. DWARF 4 with base address entries: -1, addr(startPC), then based
 * pairs. Otherwise (darwin): each bound relocated CU-relative (R_ADDRCUOFF), then 0,0.
 */
export function putRanges(s: FnState, ctxt: Context, ranges: readonly Range[]): void {
  const ps = ctxt.ptrSize();
  const sym = s.ranges;
  const base = s.startPC;

  if (ctxt.buildcfg.dwarf5) {
    PutRngListRanges(ctxt, sym, base, ranges);
    return;
  }

  if (s.useBASEntries) {
    ctxt.mark?.(sym, "FnState.PutRanges base address selection");
    ctxt.addInt(sym, ps, -1);
    ctxt.addAddress(sym, base, 0);
    PutBasedRanges(ctxt, sym, ranges);
    return;
  }

  ctxt.mark?.(sym, "FnState.PutRanges CU-relative");
  for (const r of ranges) {
    ctxt.addCURelativeAddress(sym, base, r.start);
    ctxt.addCURelativeAddress(sym, base, r.end);
  }
  ctxt.mark?.(sym, "FnState.PutRanges end of list");
  ctxt.addInt(sym, ps, 0);
  ctxt.addInt(sym, ps, 0);
}
