/**
 * The debug directory entry and CodeView record a PE image carries its build id in, as lld-link
 * writes them for `-build-id` without a PDB (llvm/llvm-project#71433; before it, lld's MinGW
 * writeBuildId): one IMAGE_DEBUG_DIRECTORY of type CODEVIEW pointing at an RSDS record
 * ("RSDS", a 16-byte GUID, age 1, the PDB path and a NUL). Debuggers and symbol servers match an
 * image with its symbols by GUID and age, as a GNU build id matches an ELF file with its debug file.
 *
 * The GUID from a build id: its first 16 bytes; a shorter id is followed by "LLD PDB." and then
 * zeros. For the 8-byte `fast` style (XXH3-64, lld's hash) that is exactly lld's GUID ("xxhash only
 * gives us 8 bytes", lld/COFF/Writer.cpp writeBuildId); Go's default 20-byte gobuildid keeps its
 * first 16 bytes.
 */
import { CV_SIGNATURE_RSDS, DEBUG_DIRECTORY_SIZE, IMAGE_DEBUG_TYPE_CODEVIEW } from "../../pe/constants.js";

/** What lld pads an 8-byte hash with to make a GUID. */
const LLD_GUID_FILL = new TextEncoder().encode("LLD PDB.");

export const GUID_SIZE = 16;
/** Offset of the GUID in the RSDS record. */
export const RSDS_GUID_OFFSET = 4;

/** The GUID a build id gives (see the module comment). */
export function guidFromBuildId(id: Uint8Array): Uint8Array {
  const out = new Uint8Array(GUID_SIZE);
  out.set(id.subarray(0, GUID_SIZE));
  if (id.length < GUID_SIZE) out.set(LLD_GUID_FILL.subarray(0, GUID_SIZE - id.length), id.length);
  return out;
}

/** The RSDS record: signature, GUID, age, the PDB path (UTF-8) and its NUL. */
export function rsdsRecord(guid: Uint8Array, age: number, pdbPath: string): Uint8Array {
  const path = new TextEncoder().encode(pdbPath);
  const out = new Uint8Array(24 + path.length + 1);
  const v = new DataView(out.buffer);
  v.setUint32(0, CV_SIGNATURE_RSDS, true);
  out.set(guid, RSDS_GUID_OFFSET);
  v.setUint32(20, age, true);
  out.set(path, 24);
  return out;
}

/**
 * One IMAGE_DEBUG_DIRECTORY entry of type CODEVIEW: no characteristics, a zero time stamp and
 * version (Go writes a zero TimeDateStamp for reproducible output), the record's size, its RVA
 * and its file offset.
 */
export function debugDirectoryEntry(size: number, rva: number, fileOffset: number): Uint8Array {
  const out = new Uint8Array(DEBUG_DIRECTORY_SIZE);
  const v = new DataView(out.buffer);
  v.setUint32(12, IMAGE_DEBUG_TYPE_CODEVIEW, true);
  v.setUint32(16, size, true);
  v.setUint32(20, rva, true);
  v.setUint32(24, fileOffset, true);
  return out;
}

/** "{00112233-4455-6677-8899-AABBCCDDEEFF}" as Windows prints a GUID (first three fields little-endian). */
export function guidString(g: Uint8Array): string {
  const h = (from: number, to: number, rev: boolean) => {
    const b = [...g.subarray(from, to)];
    if (rev) b.reverse();
    return b.map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`.toUpperCase();
}
