/**
 * DWARF section compression as cmd/link does it when it links internally (the default
 * `-compressdwarf=true`).
 *
 * Models cmd/link/internal/ld/data.go compressSyms and dwarf.go dwarfcompress:
 * - the section's bytes (relocations applied) are zlib-compressed at compress/zlib.BestSpeed;
 * - ELF: prefixed with an Elf64_Chdr {ch_type ELFCOMPRESS_ZLIB, ch_reserved 0, ch_size = the
 *   uncompressed size, ch_addralign = Arch.Alignment (1 on amd64 and arm64)} (Elf32_Chdr for 4-byte
 *   pointers); the section keeps its .debug_* name, gets SHF_COMPRESSED and sh_addralign =
 *   Arch.Alignment;
 * - Mach-O and PE: prefixed with "ZLIB" and the size as a big-endian u64, and renamed .zdebug_*;
 * - when the result (prefix included) is not smaller than the input, the section is left as it
 *   was: that is why .debug_gdb_scripts is never compressed.
 *
 * The deflate stream: Go's BestSpeed is its own encoder (compress/flate deflatefast.go, a Snappy-like
 * matcher with per-block Huffman choice), not zlib's level 1. flate.ts ports it, so the default here
 * gives the bytes Go writes. Node's `deflateSync(level 1)` ({@link nodeZlibBestSpeed}) decompresses to
 * the same content but its bytes differ: measured on the sample program's go1.26 build, every
 * compressed .debug_* section differs, Node's being 0.4% to 5.5% smaller (for example .debug_line
 * 159,249 bytes against Go's 162,741). Both start with the zlib header 78 01.
 */
import { deflateSync } from "node:zlib";
import { ELF_SIZES, ELFCOMPRESS, SHF, ZDEBUG_MAGIC } from "../elf/constants.js";
import type { ImageDebugSection } from "./elf/image.js";
import { zlibBestSpeed } from "./flate.js";

/** Compresses a whole buffer into a zlib stream (header, deflate data, Adler-32). */
export type Deflater = (data: Uint8Array) => Uint8Array;

/** Go's compress/zlib at BestSpeed, byte for byte (the default). */
export const goZlibBestSpeed: Deflater = zlibBestSpeed;

/** Node's zlib at level 1: same content when inflated, different bytes from Go's. */
export const nodeZlibBestSpeed: Deflater = (data) => {
  const b = deflateSync(data, { level: 1 });
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

export type CompressFormat = "elf" | "zdebug";

export interface CompressOptions {
  /** "elf" (Chdr, the default) or "zdebug" ("ZLIB" + big-endian size, for Mach-O and PE). */
  format?: CompressFormat;
  /** Pointer size: 8 (Elf64_Chdr, the default) or 4 (Elf32_Chdr). */
  ptrSize?: 4 | 8;
  /** ch_addralign and the compressed section's sh_addralign: Arch.Alignment, 1 by default. */
  alignment?: number;
  /** The zlib encoder; default Go's BestSpeed ({@link goZlibBestSpeed}). */
  deflate?: Deflater;
}

/** An Elf64_Chdr (or Elf32_Chdr) for `size` uncompressed bytes, little-endian. */
export function elfChdr(size: number, alignment = 1, ptrSize: 4 | 8 = 8): Uint8Array {
  const cls = ptrSize === 8 ? 2 : 1;
  const out = new Uint8Array(ELF_SIZES[cls].chdr);
  const v = new DataView(out.buffer);
  v.setUint32(0, ELFCOMPRESS.ZLIB, true);
  if (cls === 2) {
    v.setUint32(4, 0, true); // ch_reserved
    v.setBigUint64(8, BigInt(size), true);
    v.setBigUint64(16, BigInt(alignment), true);
  } else {
    v.setUint32(4, size, true);
    v.setUint32(8, alignment, true);
  }
  return out;
}

/** The legacy prefix: "ZLIB" and `size` as a big-endian u64. */
export function zdebugHeader(size: number): Uint8Array {
  const out = new Uint8Array(12);
  for (let i = 0; i < 4; i++) out[i] = ZDEBUG_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setBigUint64(4, BigInt(size), false);
  return out;
}

/**
 * data.go compressSyms: the compressed form of a section's contents (given whole or as the
 * symbols that make it up), or undefined when compressing does not make it smaller.
 */
export function compressSyms(
  contents: Uint8Array | readonly Uint8Array[],
  opts: CompressOptions = {},
): Uint8Array | undefined {
  const data = contents instanceof Uint8Array ? contents : concat(contents);
  const total = data.length;
  const header =
    (opts.format ?? "elf") === "elf"
      ? elfChdr(total, opts.alignment ?? 1, opts.ptrSize ?? 8)
      : zdebugHeader(total);
  const z = (opts.deflate ?? goZlibBestSpeed)(data);
  if (header.length + z.length >= total) return undefined;
  const out = new Uint8Array(header.length + z.length);
  out.set(header);
  out.set(z, header.length);
  return out;
}

/** One DWARF section before compression. */
export interface DwarfSection {
  name: string;
  data: Uint8Array;
}

/**
 * dwarf.go dwarfcompress: every section compressed where that helps, in the same order, ready for
 * the ELF image's `debug` list. Compressed ELF sections keep their name and get SHF_COMPRESSED;
 * "zdebug" renames .debug_X to .zdebug_X. Sections left alone keep sh_addralign 1.
 */
export function dwarfcompress(
  sections: readonly DwarfSection[],
  opts: CompressOptions = {},
): ImageDebugSection[] {
  const format = opts.format ?? "elf";
  return sections.map((s) => {
    const z = compressSyms(s.data, opts);
    if (z === undefined) return { name: s.name, data: s.data, align: 1 };
    const alignment = opts.alignment ?? 1;
    if (format === "elf") return { name: s.name, data: z, flags: SHF.COMPRESSED, align: alignment };
    const name = s.name.startsWith(".debug_") ? `.zdebug_${s.name.slice(".debug_".length)}` : s.name;
    return { name, data: z, align: alignment };
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
