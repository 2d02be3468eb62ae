/**
 * The external debug layout (golang/go#51692, `-external-debuginfo`): in one pass, an executable
 * without `.debug_*` that names its debug file in `.gnu_debuglink`, and that debug file
 * (elf/debugfile.ts), both from the same description and the same link.
 *
 * The order, and why the debug file ends in four extra bytes: the debuglink holds the CRC-32 of
 * the whole debug file; the debug file holds the build-id notes; and the build ids that hash the
 * executable (the Go build ID's last part, made up as `go build` does, and the content `--build-id`
 * styles) hash it with that CRC in it. Computing the CRC after everything else would leave it out
 * of the ids, so two debug files (DWARF 4 and 5, compressed or not) could share one build id. So:
 * 1. both files are written with the ids as they are at link time (content ids still zero);
 * 2. the CRC-32 of the debug file as written then goes into the executable's debuglink: it covers
 *    every byte of DWARF and symbols;
 * 3. the executable's ids are computed over it as written, as for a combined build;
 * 4. the final notes are copied into the debug file, and four bytes appended after its last
 *    section bring its CRC-32 back to the value of step 2 (mold's crc32_solve, elf/crc32.ts).
 * The build id thus covers the executable as written (anyone can recompute it from that file
 * alone), and through the CRC every byte of the debug file; the same inputs give the same bytes.
 */
import { crc32, crc32Forge } from "../elf/crc32.js";
import { debugFileImage } from "./elf/debugfile.js";
import { debuglinkCrcOffset, debuglinkSection } from "./elf/debuglink.js";
import type { ElfImage, ElfLayout, ImageDebugSection, ImageSymbol } from "./elf/image.js";
import { writeElf } from "./elf/write.js";

/** Bytes after the last section of a debug file that set its CRC-32 (step 4 above). */
export const CRC_TRAILER = 4;

/** The separate debug file of a linked executable. */
export interface DebugFile {
  /** The name `.gnu_debuglink` gives (a base name). */
  name: string;
  /** The file: the ELF image, then {@link CRC_TRAILER} bytes. */
  bytes: Uint8Array;
  /** Where everything of the ELF image landed. */
  layout: ElfLayout;
  /** The description that was written (before the notes were finished). */
  image: ElfImage;
  /** The CRC-32 of `bytes`, as the executable's debuglink holds it. */
  crc: number;
}

/**
 * Steps 1 and 2: the executable (`exe` with a .gnu_debuglink added, its CRC set) and the debug
 * file so far.
 */
export function writeExternal(
  exe: ElfImage,
  debug: readonly ImageDebugSection[],
  symbols: readonly ImageSymbol[],
  name: string,
): { image: ElfImage; bytes: Uint8Array; layout: ElfLayout; debugFile: DebugFile } {
  const withLink: ElfImage = { ...exe, debug: [debuglinkSection(name, 0)] };
  const { bytes, layout } = writeElf(withLink);
  const image = debugFileImage(withLink, layout, debug, symbols);
  const dbg = writeElf(image);
  for (const n of dbg.layout.notes) {
    const there = layout.notes.find((m) => m.section === n.section);
    if (there?.offset !== n.offset || there.size !== n.size)
      throw new Error(`debug file: note ${n.section} is not where the executable has it`);
  }
  const crc = crc32(dbg.bytes);
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(debuglinkCrcOffset(layout)!, crc, true);
  const file = new Uint8Array(dbg.bytes.length + CRC_TRAILER);
  file.set(dbg.bytes);
  return { image: withLink, bytes, layout, debugFile: { name, bytes: file, layout: dbg.layout, image, crc } };
}

/**
 * Step 4, once the executable's build ids are final: its notes, byte for byte, into the debug file
 * (at the same offsets), then the trailer that makes the debug file's CRC-32 the debuglink's.
 * Patches `debugFile.bytes`.
 */
export function finishDebugFile(debugFile: DebugFile, exeBytes: Uint8Array, exeLayout: ElfLayout): void {
  const b = debugFile.bytes;
  for (const n of exeLayout.notes) b.set(exeBytes.subarray(n.offset, n.offset + n.size), n.offset);
  const body = b.subarray(0, b.length - CRC_TRAILER);
  b.set(crc32Forge(body, debugFile.crc), body.length);
}
