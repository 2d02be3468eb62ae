/**
 * The `.gnu_debuglink` section: how an executable names its separate debug file, for gdb's lookup
 * next to the executable, in its `.debug/` directory and under the global debug directory.
 *
 * Layout (gdb manual "Separate Debug Files"; bfd_create_gnu_debuglink_section, mold
 * GnuDebuglinkSection::copy_buf): the file name without directories, a NUL, zeros up to a multiple
 * of 4, then the CRC-32 of the whole debug file in the file's byte order (little-endian here).
 * SHT_PROGBITS, not allocated, sh_addralign 4, as binutils, elfutils and mold write it.
 */
import { SHT } from "../../elf/constants.js";
import type { ElfLayout, ImageDebugSection } from "./image.js";
import { rnd } from "./image.js";

export const DEBUGLINK_SECTION = ".gnu_debuglink";

/** The section holding `name` (a base name) and `crc`. */
export function debuglinkSection(name: string, crc: number): ImageDebugSection {
  const enc = new TextEncoder().encode(name);
  if (name === "" || name.includes("/") || enc.includes(0))
    throw new Error(`debuglink: ${JSON.stringify(name)} is not a file name`);
  const at = rnd(enc.length + 1, 4);
  const data = new Uint8Array(at + 4);
  data.set(enc, 0);
  new DataView(data.buffer).setUint32(at, crc >>> 0, true);
  return { name: DEBUGLINK_SECTION, data, align: 4, type: SHT.PROGBITS };
}

/** The file offset of the CRC in a laid-out executable with a debuglink (undefined: none). */
export function debuglinkCrcOffset(layout: ElfLayout): number | undefined {
  const s = layout.sections.find((x) => x.name === DEBUGLINK_SECTION);
  if (s === undefined) return undefined;
  return s.offset + s.size - 4;
}

/** Reads a debuglink section's contents: the name and the CRC; undefined when malformed. */
export function parseDebuglink(data: Uint8Array): { name: string; crc: number } | undefined {
  const nul = data.indexOf(0);
  if (nul <= 0) return undefined;
  const at = rnd(nul + 1, 4);
  if (data.length !== at + 4) return undefined;
  const name = new TextDecoder().decode(data.subarray(0, nul));
  return { name, crc: new DataView(data.buffer, data.byteOffset).getUint32(at, true) };
}
