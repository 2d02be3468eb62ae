/**
 * Decoding where a byte offset falls in a DWARF section, one locator per section kind, and the hex
 * context of the bytes around it for when decoding cannot say (or the two sides no longer line up).
 */
import type { DwarfSections } from "../dwarf/read/sections.js";
import { hex } from "../cli/format/json.js";
import { locateAbbrev } from "./locate-abbrev.js";
import { locateFrame } from "./locate-frame.js";
import { locateInfo } from "./locate-info.js";
import { locateLine } from "./locate-line.js";
import { locateAddr, locateLoc, locateLocLists, locateRanges, locateRngLists } from "./locate-lists.js";
import type { DiffSide } from "./side.js";

export type Locator = (secs: DwarfSections, offset: number) => DiffSide;

/** The sections whose structure is decoded; any other section gets its byte and the hex context. */
export const LOCATORS: ReadonlyMap<string, Locator> = new Map<string, Locator>([
  [".debug_abbrev", locateAbbrev],
  [".debug_line", locateLine],
  [".debug_frame", locateFrame],
  [".debug_info", locateInfo],
  [".debug_loclists", locateLocLists],
  [".debug_loc", locateLoc],
  [".debug_rnglists", locateRngLists],
  [".debug_ranges", locateRanges],
  [".debug_addr", locateAddr],
]);

/**
 * What `bytes` (section `name` of `secs`) holds at `offset`, decoded from that side alone. Never
 * throws. A side that ends at or before the offset says so, with how far its decoding got.
 */
export function locate(name: string, secs: DwarfSections, bytes: Uint8Array, offset: number): DiffSide {
  const locator = LOCATORS.get(name);
  const side: DiffSide =
    locator !== undefined
      ? locator(secs, offset)
      : offset < bytes.length
        ? { path: [], value: hex(bytes[offset]!, 2) }
        : { path: [] };
  if (offset < bytes.length) return side;
  const ends = `the section ends at ${hex(bytes.length)}`;
  return { path: side.path, error: side.error === undefined ? ends : `${ends} (${side.error})` };
}

/** The bytes around a difference, from each side, the byte at the offset in brackets. */
export interface HexContext {
  /** Offset of the first byte shown. */
  start: number;
  ours: string;
  theirs: string;
}

/** Bytes either side of the offset shown in a {@link HexContext}. */
export const CONTEXT_RADIUS = 16;

export function hexContext(ours: Uint8Array, theirs: Uint8Array, offset: number): HexContext {
  const start = Math.max(0, offset - CONTEXT_RADIUS);
  return { start, ours: hexAround(ours, start, offset), theirs: hexAround(theirs, start, offset) };
}

/** "0a 0b [0c] 0d", with "<end>" where the bytes end inside the window. */
function hexAround(b: Uint8Array, start: number, offset: number): string {
  const parts: string[] = [];
  const stop = offset + CONTEXT_RADIUS;
  for (let i = start; i <= stop; i++) {
    if (i >= b.length) {
      parts.push(i === offset ? "[<end>]" : "<end>");
      break;
    }
    const x = b[i]!.toString(16).padStart(2, "0");
    parts.push(i === offset ? `[${x}]` : x);
  }
  return parts.join(" ");
}
