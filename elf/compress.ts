/**
 * Compressed ELF sections: SHF_COMPRESSED (an Elf32_Chdr / Elf64_Chdr, then the stream) and the
 * legacy `.zdebug_*` form ("ZLIB" and an 8-byte big-endian size, then a zlib stream).
 *
 * Models debug/elf/file.go, Section.Open and the Chdr reading in NewFile. The declared size is
 * checked against a hard limit before anything is inflated, and inflation is capped at the
 * declared size, so a forged header can neither allocate gigabytes nor inflate a zip bomb.
 */
import { inflateSync } from "node:zlib";
import { FormatError } from "../dwarf/errors.js";
import { Cursor } from "../dwarf/read/cursor.js";
import { ELF_SIZES, ELFCOMPRESS, type ElfClass } from "./constants.js";

/** The absolute ceiling on everything one file decompresses, whatever the input size. */
export const MAX_DECOMPRESSED_HARD = 1 << 30;
/** All of a file's decompressed sections together may be at most this many times its size. */
export const MAX_DECOMPRESSION_RATIO = 64;

/**
 * The default decompression budget of a file of `inputSize` bytes, for all its sections together:
 * 64 times the file or 1 GiB, whichever is smaller. (Real files stay far below: Go's compressed
 * DWARF inflates about 2.5 times, and the DWARF is a part of the file.)
 */
export function defaultDecompressionLimit(inputSize: number): number {
  return Math.min(MAX_DECOMPRESSED_HARD, MAX_DECOMPRESSION_RATIO * inputSize);
}

/** An Elf32_Chdr / Elf64_Chdr (elf.go, Chdr32 and Chdr64). */
export interface CompressionHeader {
  /** ELFCOMPRESS_*. */
  type: number;
  /** Decompressed size (ch_size). */
  size: number;
  /** Alignment of the decompressed data (ch_addralign). */
  addralign: number;
  /** Size of the header: where the compressed stream starts. */
  headerSize: number;
}

/** Reads the compression header at the start of a SHF_COMPRESSED section's bytes. */
export function readChdr(
  raw: Uint8Array,
  section: string,
  cls: ElfClass,
  littleEndian: boolean,
): CompressionHeader {
  const c = new Cursor(raw, section, littleEndian);
  if (cls === 1) {
    const type = c.u32("ch_type");
    const size = c.u32("ch_size");
    const addralign = c.u32("ch_addralign");
    return { type, size, addralign, headerSize: ELF_SIZES[1].chdr };
  }
  const type = c.u32("ch_type");
  c.u32("ch_reserved");
  const size = c.u64n("ch_size");
  const addralign = c.u64n("ch_addralign");
  return { type, size, addralign, headerSize: ELF_SIZES[2].chdr };
}

/** Decompresses a SHF_COMPRESSED section; `limit` caps the declared size (checked first). */
export function decompressChdr(
  raw: Uint8Array,
  section: string,
  cls: ElfClass,
  littleEndian: boolean,
  limit: number,
): Uint8Array {
  const ch = readChdr(raw, section, cls, littleEndian);
  switch (ch.type) {
    case ELFCOMPRESS.ZLIB:
      return inflateBounded(raw.subarray(ch.headerSize), ch.size, section, ch.headerSize, limit);
    case ELFCOMPRESS.ZSTD:
      throw new FormatError(section, 0, "zstd not supported (ELFCOMPRESS_ZSTD section)");
    default:
      throw new FormatError(section, 0, `unknown compression type ch_type=${ch.type}`);
  }
}

/** The "ZLIB" + big-endian size prefix of a legacy .zdebug_* section; undefined if absent. */
export function readZdebugHeader(raw: Uint8Array, section: string): { size: number } | undefined {
  if (raw.length < 12 || raw[0] !== 0x5a || raw[1] !== 0x4c || raw[2] !== 0x49 || raw[3] !== 0x42) {
    return undefined;
  }
  const c = new Cursor(raw, section, false, 4);
  return { size: c.u64n("zdebug size") };
}

/**
 * Decompresses a legacy .zdebug_* section. Like Go, a section without the "ZLIB" prefix is
 * taken as stored uncompressed.
 */
export function decompressZdebug(raw: Uint8Array, section: string, limit: number): Uint8Array {
  const h = readZdebugHeader(raw, section);
  if (h === undefined) return raw;
  return inflateBounded(raw.subarray(12), h.size, section, 12, limit);
}

/**
 * Inflates a zlib stream that must come out at exactly `declared` bytes. `at` is where the stream
 * starts in the section, for error offsets.
 */
export function inflateBounded(
  stream: Uint8Array,
  declared: number,
  section: string,
  at: number,
  limit: number,
): Uint8Array {
  if (declared > limit) {
    throw new FormatError(
      section,
      0,
      `declared uncompressed size 0x${declared.toString(16)} exceeds the limit 0x${limit.toString(16)}`,
    );
  }
  let out: Buffer;
  try {
    // maxOutputLength must be at least 1; an empty section is checked by length below.
    out = inflateSync(stream, { maxOutputLength: Math.max(1, declared) });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const problem =
      code === "ERR_BUFFER_TOO_LARGE"
        ? `zlib data inflates past the declared size 0x${declared.toString(16)}`
        : `bad zlib data: ${(e as Error).message}`;
    throw new FormatError(section, at, problem);
  }
  if (out.length !== declared) {
    throw new FormatError(
      section,
      at,
      `zlib data inflates to 0x${out.length.toString(16)} bytes, header says 0x${declared.toString(16)}`,
    );
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
