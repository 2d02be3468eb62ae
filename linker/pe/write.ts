/**
 * Writes a laid-out PE32+ image (image.ts) in file order: Go's DOS stub, "PE\0\0", the COFF file
 * header, the optional header with its 16 data directories, the section headers, then each
 * section's bytes at its offset (the rest of its raw size zero), .symtab last. Same layout in,
 * same bytes out.
 *
 * Models cmd/link/internal/ld pe.go pewrite, writeFileHeader, writeOptionalHeader and
 * peSection.write for an internal link of an exe (not PIE: IMAGE_FILE_RELOCS_STRIPPED, no .reloc,
 * so no DYNAMIC_BASE; Go's windows default is PIE, whose base relocations the model, having no code
 * or data contents, has nothing to fill with).
 */
import {
  DEBUG_DIRECTORY_SIZE,
  IMAGE_DIRECTORY_ENTRY_DEBUG,
  IMAGE_DLLCHARACTERISTICS_NX_COMPAT,
  IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE,
  IMAGE_FILE_EXECUTABLE_IMAGE,
  IMAGE_FILE_LARGE_ADDRESS_AWARE,
  IMAGE_FILE_RELOCS_STRIPPED,
  IMAGE_NUMBEROF_DIRECTORY_ENTRIES,
  IMAGE_SCN_CNT_CODE,
  IMAGE_SUBSYSTEM_WINDOWS_CUI,
  OPTIONAL_HEADER64_SIZE,
  PE32PLUS_MAGIC,
  PE_SIGNATURE,
} from "../../pe/constants.js";
import { DOS_STUB_SIZE, layoutPe, PEFILEALIGN, type PeImage, type PeLayout, PESECTALIGN } from "./image.js";

/** pe.go dosstub: the MZ header (e_lfanew 0x80) and the "cannot be run in DOS mode" program. */
const DOSSTUB = Buffer.from(
  "4d5a90000300000004000000ffff00008b000000000000004000000000000000000000000000000000000000000000000000000000000000000000008000000" +
    "00e1fba0e00b409cd21b8014ccd21546869732070726f6772616d2063616e6e6f742062652072756e20696e20444f53206d6f64652e0d0d0a2400000000000000",
  "hex",
);

/** pe.go PeMinimumTargetMajorVersion / MinorVersion: Windows 7. */
const MIN_OS_MAJOR = 6;
const MIN_OS_MINOR = 1;

/** Lays out and writes `image`. */
export function writePe(image: PeImage): { bytes: Uint8Array; layout: PeLayout } {
  const layout = layoutPe(image);
  return { bytes: emitPe(layout), layout };
}

/** Writes a laid-out image. */
export function emitPe(layout: PeLayout): Uint8Array {
  if (DOSSTUB.length !== DOS_STUB_SIZE) throw new Error("DOS stub size");
  const out = new Uint8Array(layout.fileSize);
  const v = new DataView(out.buffer);
  out.set(DOSSTUB, 0);
  let at = DOS_STUB_SIZE;
  const u8 = (x: number) => {
    out[at++] = x;
  };
  const u16 = (x: number) => {
    v.setUint16(at, x, true);
    at += 2;
  };
  const u32 = (x: number) => {
    v.setUint32(at, x >>> 0, true);
    at += 4;
  };
  const u64 = (x: number) => {
    v.setBigUint64(at, BigInt(x), true);
    at += 8;
  };
  u32(PE_SIGNATURE);

  // writeFileHeader
  u16(layout.image.machine);
  u16(layout.sections.length);
  u32(0); // TimeDateStamp: 0, for identical output from identical input
  u32(layout.symtabOffset);
  u32(layout.symbolCount);
  u16(OPTIONAL_HEADER64_SIZE);
  u16(IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_LARGE_ADDRESS_AWARE);

  // writeOptionalHeader (PE32+)
  const text = layout.sections.find((s) => s.characteristics & IMAGE_SCN_CNT_CODE);
  const data = layout.sections.find((s) => s.name === ".data");
  u16(PE32PLUS_MAGIC);
  u8(3); // MajorLinkerVersion
  u8(0);
  u32(text?.sizeOfRawData ?? 0); // SizeOfCode
  u32(data?.sizeOfRawData ?? 0); // SizeOfInitializedData: Go counts .data's
  u32(0); // SizeOfUninitializedData
  u32(layout.image.entry);
  u32(text?.rva ?? 0); // BaseOfCode
  u64(layout.image.imageBase);
  u32(PESECTALIGN);
  u32(PEFILEALIGN);
  u16(MIN_OS_MAJOR);
  u16(MIN_OS_MINOR);
  u16(1); // MajorImageVersion
  u16(0);
  u16(MIN_OS_MAJOR); // MajorSubsystemVersion
  u16(MIN_OS_MINOR);
  u32(0); // Win32VersionValue
  u32(layout.sizeOfImage);
  u32(layout.headerSize);
  u32(0); // CheckSum
  u16(IMAGE_SUBSYSTEM_WINDOWS_CUI);
  u16(IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT);
  u64(0x00200000); // SizeOfStackReserve
  u64(0x00001000); // SizeOfStackCommit (no cgo)
  u64(0x00100000); // SizeOfHeapReserve
  u64(0x00001000); // SizeOfHeapCommit
  u32(0); // LoaderFlags
  u32(IMAGE_NUMBEROF_DIRECTORY_ENTRIES);
  for (let i = 0; i < IMAGE_NUMBEROF_DIRECTORY_ENTRIES; i++) {
    const d = i === IMAGE_DIRECTORY_ENTRY_DEBUG ? layout.debugDirectory : undefined;
    u32(d?.rva ?? 0);
    u32(d === undefined ? 0 : DEBUG_DIRECTORY_SIZE);
  }

  // peSection.write
  for (const s of layout.sections) {
    const name = new TextEncoder().encode(s.shortName);
    if (name.length > 8) throw new Error(`PE section name ${s.shortName} is longer than 8 bytes`);
    out.set(name, at);
    at += 8;
    u32(s.virtualSize);
    u32(s.rva);
    u32(s.sizeOfRawData);
    u32(s.pointerToRawData);
    u32(0); // PointerToRelocations
    u32(0); // PointerToLinenumbers
    u16(0);
    u16(0);
    u32(s.characteristics);
  }
  if (at > layout.headerSize) throw new Error(`PE headers end at 0x${at.toString(16)}, past their room`);
  for (const s of layout.sections) if (s.data.length > 0) out.set(s.data, s.pointerToRawData);
  return out;
}
