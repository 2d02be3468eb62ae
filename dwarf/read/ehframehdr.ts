/**
 * The .eh_frame_hdr section (LSB 5.0, "Exception Frame Header"; written by GNU ld
 * --eh-frame-hdr): a version byte, three DW_EH_PE encodings, the pointer to .eh_frame, the count
 * of FDEs and a table of (initial location, FDE address) sorted by location, for binary search.
 * Table entries are relative to the header's start (DW_EH_PE_datarel) in what linkers write.
 */
import { FormatError } from "../errors.js";
import { Cursor } from "./cursor.js";
import { DW_EH_PE, readEncoded } from "./frame.js";

export interface EhFrameHdr {
  version: number;
  ehFramePtrEnc: number;
  fdeCountEnc: number;
  tableEnc: number;
  /** Where .eh_frame starts, as the header says. */
  ehFramePtr: bigint;
  /** The search table, absent when its encoding is DW_EH_PE_omit. */
  table: { location: bigint; fde: bigint }[];
}

const SECTION = ".eh_frame_hdr";

/** Reads the header at load address `address` (the base of its pcrel and datarel pointers). */
export function readEhFrameHdr(
  bytes: Uint8Array,
  address: bigint,
  littleEndian: boolean,
  addressSize: number,
): EhFrameHdr {
  const c = new Cursor(bytes, SECTION, littleEndian);
  const version = c.u8("version");
  if (version !== 1) throw new FormatError(SECTION, 0, `version ${version}, expected 1`);
  const ehFramePtrEnc = c.u8("eh_frame_ptr_enc");
  const fdeCountEnc = c.u8("fde_count_enc");
  const tableEnc = c.u8("table_enc");
  const opts = {
    littleEndian,
    addressSize,
    section: ".eh_frame" as const,
    sectionAddress: address,
    dataAddress: address,
  };
  const ehFramePtr = readEncoded(c, ehFramePtrEnc, addressSize, opts, "eh_frame_ptr");
  const hdr: EhFrameHdr = { version, ehFramePtrEnc, fdeCountEnc, tableEnc, ehFramePtr, table: [] };
  if (fdeCountEnc === DW_EH_PE.omit || tableEnc === DW_EH_PE.omit) return hdr;
  const countAt = c.pos;
  const count = readEncoded(c, fdeCountEnc, addressSize, opts, "fde_count");
  // Each entry takes at least 2 bytes: a count beyond that cannot be right.
  if (count > BigInt(bytes.length - c.pos))
    throw c.error(`fde_count ${count} does not fit in the section`, countAt);
  for (let i = 0n; i < count; i++) {
    const location = readEncoded(c, tableEnc, addressSize, opts, "table initial_loc");
    const fde = readEncoded(c, tableEnc, addressSize, opts, "table fde address");
    hdr.table.push({ location, fde });
  }
  return hdr;
}

/** "udata4|datarel"-style text of a DW_EH_PE encoding byte. */
export function ehPeName(enc: number): string {
  if (enc === DW_EH_PE.omit) return "omit";
  const names = Object.entries(DW_EH_PE) as [string, number][];
  const format = names.find(([, v]) => v === (enc & 0x0f))?.[0] ?? `0x${(enc & 0x0f).toString(16)}`;
  const app =
    enc & 0x70 ? (names.find(([, v]) => v === (enc & 0x70))?.[0] ?? `0x${(enc & 0x70).toString(16)}`) : "";
  return [format, app, enc & 0x80 ? "indirect" : ""].filter((s) => s !== "").join("|");
}
