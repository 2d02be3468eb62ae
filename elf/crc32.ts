/**
 * CRC-32 as the GNU debuglink uses it (IEEE, reflected polynomial 0xEDB88320, zlib's `crc32` with
 * a starting value of 0: gdb's gnu_debuglink_crc32, bfd_calc_gnu_debuglink_crc32, delve's
 * crc32.ChecksumIEEE), and the four bytes that, appended to some data, give the whole any CRC
 * wanted: mold's crc32_solve (lib/crc32.cc), which lets a linker fix the debuglink's CRC before
 * the last bytes of the debug file are known.
 */
import { crc32 as zlibCrc32 } from "node:zlib";

/** The CRC-32 of `data` (zlib's crc32). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

/** The byte-at-a-time table of the reflected polynomial, and which entry has each top byte. */
const TABLE = new Uint32Array(256);
const BY_TOP = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[i] = c >>> 0;
  // The top bytes of the 256 entries are all different (a property of the polynomial).
  BY_TOP[c >>> 24] = i;
}

/**
 * The four bytes X such that crc32(data ‖ X) === target. CRC-32 over four more bytes is, on the
 * register, four steps of `r → (r >>> 8) ^ TABLE[r & 0xff]` applied to `r ^ X` (X read
 * little-endian); each step can be undone because the top byte of its result names the table
 * entry used. So X = steps⁻¹(~target) ^ ~crc32(data).
 */
export function crc32Forge(data: Uint8Array, target: number): Uint8Array {
  let r = ~target >>> 0;
  for (let i = 0; i < 4; i++) {
    const k = BY_TOP[r >>> 24]!;
    r = (((r ^ TABLE[k]!) << 8) | k) >>> 0;
  }
  const x = (r ^ ~crc32(data)) >>> 0;
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, x, true);
  return out;
}
