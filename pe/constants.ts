/**
 * PE/COFF numbers the reader and the writer share, named as Go's debug/pe and cmd/link/internal/ld
 * pe.go name them (the Microsoft PE format specification is the source of both).
 */

/** The "MZ" DOS header and where it keeps the offset of the PE signature (e_lfanew). */
export const DOS_MAGIC = 0x5a4d;
export const DOS_LFANEW = 0x3c;
/** "PE\0\0". */
export const PE_SIGNATURE = 0x00004550;

/** Sizes of the fixed headers (debug/pe FileHeader, OptionalHeader64, SectionHeader32, ...). */
export const FILE_HEADER_SIZE = 20;
export const OPTIONAL_HEADER64_SIZE = 240;
export const OPTIONAL_HEADER32_SIZE = 224;
export const SECTION_HEADER_SIZE = 40;
export const COFF_SYMBOL_SIZE = 18;
export const DEBUG_DIRECTORY_SIZE = 28;

/** OptionalHeader.Magic. */
export const PE32_MAGIC = 0x10b;
export const PE32PLUS_MAGIC = 0x20b;

export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_FILE_MACHINE_I386 = 0x14c;
export const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;

/** FileHeader.Characteristics. */
export const IMAGE_FILE_RELOCS_STRIPPED = 0x0001;
export const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
export const IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x0020;

/** OptionalHeader.DllCharacteristics and Subsystem. */
export const IMAGE_DLLCHARACTERISTICS_NX_COMPAT = 0x0100;
export const IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE = 0x8000;
export const IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;

/** Data directory indexes. */
export const IMAGE_DIRECTORY_ENTRY_DEBUG = 6;
export const IMAGE_NUMBEROF_DIRECTORY_ENTRIES = 16;

/** Section characteristics (pe.go). */
export const IMAGE_SCN_CNT_CODE = 0x00000020;
export const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040;
export const IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x00000080;
export const IMAGE_SCN_ALIGN_1BYTES = 0x00100000;
export const IMAGE_SCN_MEM_DISCARDABLE = 0x02000000;
export const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
export const IMAGE_SCN_MEM_READ = 0x40000000;
export const IMAGE_SCN_MEM_WRITE = 0x80000000;

/** COFF symbols (pe.go writeSymbol). */
export const IMAGE_SYM_TYPE_NULL = 0;
export const IMAGE_SYM_DTYPE_FUNCTION = 2;
export const IMAGE_SYM_CLASS_EXTERNAL = 2;
export const IMAGE_SYM_CLASS_STATIC = 3;

/** IMAGE_DEBUG_DIRECTORY.Type: a CodeView record ("RSDS", GUID, age, PDB path). */
export const IMAGE_DEBUG_TYPE_CODEVIEW = 2;
/** "RSDS", the CodeView 7.0 signature (llvm/Object/CVDebugRecord.h OMF::Signature::PDB70). */
export const CV_SIGNATURE_RSDS = 0x53445352;
